package model

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestDiscover(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"app/__init__.py":                  "",
		"app/views.py":                     "",
		"app/templates/index.html":         "",
		"app/static/logo.png":              "",
		"Dockerfile":                       "",
		"Procfile":                         "",
		"deploy/nginx/site.conf":           "",
		"docker-compose.yml":               "",
		".env.production":                  "",
		"requirements-dev.txt":             "",
		"README.md":                        "",
		"venv/lib/flask/app.py":            "",
		"custom-env/pyvenv.cfg":            "",
		"custom-env/lib/x.py":              "",
		"node_modules/pkg/index.py":        "",
		"build/lib/app.py":                 "",
		"generated/out.py":                 "",
		"app/ignored_local.py":             "",
		".gitignore":                       "generated/\nthemes/*\n!themes/core/\n",
		"themes/core/page.html":            "",
		"themes/custom/page.html":          "",
		"app/.gitignore":                   "ignored_*.py\n",
		"app/__pycache__/views.cpython.py": "",
	}
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A link back to the root would loop forever if followed.
	if err := os.Symlink(root, filepath.Join(root, "app", "loop")); err != nil {
		t.Fatal(err)
	}

	got, err := Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		".env.production", "Dockerfile", "Procfile", "app/__init__.py",
		"app/templates/index.html", "app/views.py", "deploy/nginx/site.conf",
		"docker-compose.yml", "requirements-dev.txt", "themes/core/page.html",
	}
	if !slices.Equal(got.Files, want) {
		t.Errorf("Discover files:\n got %q\nwant %q", got.Files, want)
	}
}
