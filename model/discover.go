package model

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	gitignore "github.com/sabhiram/go-gitignore"
)

// skippedDirs are folders that hold other people's code or build output.
// They are skipped by name at any depth.
var skippedDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, ".tox": true, ".nox": true,
	".venv": true, "venv": true, "env": true, ".env": true, "virtualenv": true,
	"node_modules": true, "site-packages": true, "__pycache__": true,
	".mypy_cache": true, ".pytest_cache": true, ".ruff_cache": true,
	"build": true, "dist": true, "vendor": true, "third_party": true,
	".eggs": true, "htmlcov": true, "bower_components": true,
}

// Discovered is the outcome of walking a project.
type Discovered struct {
	Files   []string // slash-separated paths relative to the root, sorted
	Skipped []Skip   // what was left out that a user might expect
}

// Skip is a path left out of the analysis and why.
type Skip struct {
	Path   string
	Reason string
}

// Discover lists the files of the project under root that the model reads:
// Python sources and the deployment, configuration and template files
// named in DESIGN.md. It honours the root's .gitignore files, skips
// virtualenvs, dependency and build folders, and never follows a symbolic
// link to a folder, so link loops cannot trap it.
func Discover(root string) (*Discovered, error) {
	out := &Discovered{}
	ignores := map[string]*gitignore.GitIgnore{}
	err := filepath.WalkDir(root, func(abs string, d fs.DirEntry, err error) error {
		rel := relSlash(root, abs)
		if err != nil {
			out.Skipped = append(out.Skipped, Skip{rel, err.Error()})
			return skipIfDir(d)
		}
		if !d.IsDir() && !isProjectFile(rel) {
			return nil // checked first: far cheaper than the .gitignore patterns
		}
		if rel != "." && isIgnored(ignores, rel, d.IsDir()) {
			return skipIfDir(d)
		}
		if d.IsDir() {
			return enterDir(abs, rel, d, ignores)
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if info, statErr := os.Stat(abs); statErr != nil || !info.Mode().IsRegular() {
				out.Skipped = append(out.Skipped, Skip{rel, "symbolic link to a non-file"})
				return nil
			}
		}
		out.Files = append(out.Files, rel)
		return nil
	})
	slices.Sort(out.Files)
	return out, err
}

// enterDir decides whether to descend into a folder and loads its
// .gitignore when it does.
func enterDir(abs, rel string, d fs.DirEntry, ignores map[string]*gitignore.GitIgnore) error {
	if rel != "." && (skippedDirs[d.Name()] || isVirtualenv(abs)) {
		return fs.SkipDir
	}
	if gi, err := gitignore.CompileIgnoreFile(filepath.Join(abs, ".gitignore")); err == nil {
		ignores[rel] = gi
	}
	return nil
}

// skipIfDir returns SkipDir for folders so that a walk error in one folder
// does not end the walk.
func skipIfDir(d fs.DirEntry) error {
	if d != nil && d.IsDir() {
		return fs.SkipDir
	}
	return nil
}

// isIgnored applies every .gitignore from the root down to rel's folder.
func isIgnored(ignores map[string]*gitignore.GitIgnore, rel string, isDir bool) bool {
	candidate := rel
	if isDir {
		candidate += "/"
	}
	for dir := path.Dir(rel); ; dir = path.Dir(dir) {
		if gi := ignores[dir]; gi != nil {
			sub := candidate
			if dir != "." {
				sub = strings.TrimPrefix(candidate, dir+"/")
			}
			if ok, how := gi.MatchesPathHow(sub); ok && (!isDir || !onlyContents(how, sub)) {
				return true
			}
		}
		if dir == "." || dir == "/" {
			return false
		}
	}
}

// onlyContents reports whether the pattern that matched a folder ignores
// only what is inside it. go-gitignore lets `themes/*` match the folder
// `themes/` itself, which git does not; the folder must still be entered so
// that re-included children (`!themes/admin/`, as CTFd writes) are seen.
func onlyContents(how *gitignore.IgnorePattern, dir string) bool {
	if how == nil {
		return false
	}
	line := strings.TrimPrefix(how.Line, "/")
	if !strings.HasSuffix(line, "/*") && !strings.HasSuffix(line, "/**") {
		return false
	}
	folder := strings.TrimRight(line, "*")
	return dir == folder || strings.HasSuffix(dir, "/"+folder)
}

// isVirtualenv recognises a virtualenv by its marker file, whatever the
// folder is called.
func isVirtualenv(abs string) bool {
	_, err := os.Stat(filepath.Join(abs, "pyvenv.cfg"))
	return err == nil
}

// relSlash is abs relative to root with forward slashes.
func relSlash(root, abs string) string {
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// projectFileNames are the non-Python files the model reads, by exact
// base name.
var projectFileNames = map[string]bool{
	"Procfile": true, ".flaskenv": true, "requirements.txt": true,
	"pyproject.toml": true, "setup.cfg": true, "Pipfile": true, "alembic.ini": true,
	"app.json": true, "heroku.yml": true, "runtime.txt": true, ".dockerignore": true,
	"fly.toml": true, "app.yaml": true, "uwsgi.ini": true, "nginx.conf": true,
}

// isProjectFile reports whether the model reads a file with this path.
func isProjectFile(rel string) bool {
	base := path.Base(rel)
	ext := path.Ext(base)
	switch {
	case ext == ".py" || projectFileNames[base]:
		return true
	case strings.HasPrefix(base, "Dockerfile") || strings.HasSuffix(base, ".dockerfile"):
		return true
	case base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env"):
		return true
	case strings.HasPrefix(base, "requirements") && ext == ".txt":
		return true
	case ext == ".yml" || ext == ".yaml":
		return true // compose files, Kubernetes manifests, CI
	case ext == ".conf" && (strings.Contains(rel, "nginx") || strings.Contains(base, "site")):
		return true
	case ext == ".html" || ext == ".jinja" || ext == ".jinja2" || ext == ".j2":
		return true
	case ext == ".ini" && strings.Contains(base, "uwsgi"):
		return true
	}
	return false
}
