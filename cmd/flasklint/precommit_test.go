package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/flasklint/flasklint/model"
)

// hookManifest is the repository's pre-commit manifest.
const hookManifest = "../../.pre-commit-hooks.yaml"

// hook is the part of a manifest entry the test checks.
type hook struct {
	ID            string `yaml:"id"`
	Entry         string `yaml:"entry"`
	Language      string `yaml:"language"`
	Files         string `yaml:"files"`
	PassFilenames *bool  `yaml:"pass_filenames"`
	RequireSerial bool   `yaml:"require_serial"`
}

// readHook loads the flasklint hook from the manifest.
func readHook(t *testing.T) hook {
	t.Helper()
	data, err := os.ReadFile(hookManifest)
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hook
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "flasklint" {
		t.Fatalf("manifest holds %+v, want one hook with id flasklint", hooks)
	}
	return hooks[0]
}

func TestPreCommitHookShape(t *testing.T) {
	h := readHook(t)
	if h.Entry != "flasklint" || h.Language != "golang" || !h.RequireSerial {
		t.Errorf("hook %+v: want entry flasklint, language golang, require_serial", h)
	}
	if h.PassFilenames != nil && !*h.PassFilenames {
		t.Error("the hook must receive the staged files")
	}
}

// TestPreCommitHookFilesCoverDiscovery checks that the hook's files
// pattern lets through every kind of file discovery reads, so that a
// commit touching only a Procfile or a .env file still runs flasklint,
// and that it leaves out files flasklint never reads. pre-commit matches
// with Python's re.search; the pattern uses only syntax Go's regexp reads
// the same way.
func TestPreCommitHookFilesCoverDiscovery(t *testing.T) {
	files := regexp.MustCompile(readHook(t).Files)
	dir := t.TempDir()
	project := []string{
		"app/__init__.py", "app/views.py", "Procfile", ".flaskenv", ".env", ".env.production",
		"prod.env", "requirements.txt", "requirements-dev.txt",
		"pyproject.toml", "setup.cfg", "Pipfile", "alembic.ini", "app.json", "heroku.yml",
		"runtime.txt", ".dockerignore", "fly.toml", "app.yaml", "uwsgi.ini", "nginx.conf",
		"deploy/nginx/site.conf", "Dockerfile", "Dockerfile.prod", "web.dockerfile",
		"docker-compose.yml", "k8s/deploy.yaml", "app/templates/base.html",
		"app/templates/mail.jinja2", "app/templates/x.j2", "app/templates/y.jinja",
	}
	others := []string{"README.md", "LICENSE", "docs/notes.txt", "static/app.js", "logo.png",
		"requirements/base.txt"}
	writeTree(t, dir, emptyFiles(append(project, others...)))

	disc, err := model.Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(disc.Files) != len(project) {
		t.Errorf("discovery read %d files %v, the test lists %d: update the lists",
			len(disc.Files), disc.Files, len(project))
	}
	for _, f := range disc.Files {
		if !files.MatchString(f) {
			t.Errorf("the hook's files pattern leaves out %s, which flasklint reads", f)
		}
	}
	for _, f := range others {
		if files.MatchString(f) {
			t.Errorf("the hook's files pattern lets through %s, which flasklint never reads", f)
		}
	}
}

// emptyFiles maps each path to empty content.
func emptyFiles(paths []string) map[string]string {
	out := make(map[string]string, len(paths))
	for _, p := range paths {
		out[filepath.ToSlash(p)] = ""
	}
	return out
}
