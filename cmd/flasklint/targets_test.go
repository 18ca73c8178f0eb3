package main

import (
	"path/filepath"
	"testing"
)

func TestProjectRoot(t *testing.T) {
	top := t.TempDir()
	writeTree(t, top, map[string]string{
		"shop/requirements.txt":     "flask\n",
		"shop/app/blog/views.py":    "",
		"shop/app/blog/__init__.py": "",
		"loose/one.py":              "",
	})
	shop := filepath.Join(top, "shop")
	blog := filepath.Join(shop, "app", "blog")

	tests := []struct {
		name string
		cwd  string
		dir  string
		want string
	}{
		{"marker above, below the working directory", top, blog, shop},
		{"marker in the working directory", shop, blog, shop},
		{"marker above the working directory is not used", filepath.Join(shop, "app"), blog,
			blog},
		{"no marker at all", top, filepath.Join(top, "loose"), filepath.Join(top, "loose")},
		{"file outside the working directory", filepath.Join(top, "loose"), blog, blog},
	}
	for _, tc := range tests {
		c := &cli{dir: tc.cwd}
		if got := c.projectRoot(tc.dir); got != tc.want {
			t.Errorf("%s: root %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestSetDisplayBase(t *testing.T) {
	top := t.TempDir()
	cwd := filepath.Join(top, "work")
	tests := []struct {
		name     string
		roots    []string
		base     string
		prefixes []string
	}{
		{"the working directory itself", []string{cwd}, cwd, []string{""}},
		{"roots inside", []string{filepath.Join(cwd, "a"), filepath.Join(cwd, "b", "c")}, cwd,
			[]string{"a", "b/c"}},
		{"one root outside", []string{filepath.Join(top, "elsewhere")},
			filepath.Join(top, "elsewhere"), []string{""}},
		{"roots outside share a parent",
			[]string{filepath.Join(top, "x", "one"), filepath.Join(top, "x", "two")},
			filepath.Join(top, "x"), []string{"one", "two"}},
		{"one inside, one outside", []string{filepath.Join(cwd, "a"), filepath.Join(top, "b")},
			top, []string{"work/a", "b"}},
	}
	for _, tc := range tests {
		c := &cli{dir: cwd}
		var targets []*target
		for _, r := range tc.roots {
			targets = append(targets, &target{root: r})
		}
		base := c.setDisplayBase(targets)
		if base != tc.base {
			t.Errorf("%s: base %s, want %s", tc.name, base, tc.base)
		}
		for i, tg := range targets {
			if tg.prefix != tc.prefixes[i] {
				t.Errorf("%s: prefix of %s is %q, want %q", tc.name, tg.root, tg.prefix,
					tc.prefixes[i])
			}
		}
	}
}

func TestTargetsGroupFilesOfOneProject(t *testing.T) {
	c := &cli{dir: t.TempDir()}
	writeTree(t, c.dir, map[string]string{
		"Procfile":     "web: gunicorn app:app\n",
		"app.py":       "",
		"pkg/views.py": "",
	})

	targets, err := c.targets([]string{"app.py", "pkg/views.py"})
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) != 1 || targets[0].root != c.dir || targets[0].all {
		t.Fatalf("targets %+v, want one for %s reporting named files only", targets, c.dir)
	}
	if !targets[0].only["app.py"] || !targets[0].only["pkg/views.py"] {
		t.Errorf("named files %v", targets[0].only)
	}

	targets, err = c.targets([]string{"pkg/views.py", "."})
	if err != nil || len(targets) != 1 || !targets[0].all {
		t.Errorf("a folder and a file in it: targets %+v (%v), want one reporting all",
			targets, err)
	}
}
