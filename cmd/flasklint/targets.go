package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/flasklint/flasklint/lint"
)

// target is one project root to analyse and which of its files to report.
type target struct {
	root   string          // absolute and clean
	all    bool            // a folder was named: report every file
	only   map[string]bool // root-relative slash paths of the files named
	prefix string          // root relative to the display base, "" when equal

	proj     *project        // the settings it is analysed with
	files    int             // files given to the analyzers
	analysed map[string]bool // root-relative slash paths of those files
	findings []lint.Finding  // with root-relative paths, for every file
}

// projectMarkers are files that sit at the top of a Python project. A file
// argument is analysed together with the nearest folder above it that holds
// one, so that pre-commit, which passes single files, still sees the
// factory, the config classes and the Procfile. .git is not a marker: a
// home directory kept in git would otherwise become the project.
var projectMarkers = []string{
	"pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Pipfile",
	"Procfile", "Dockerfile", ".flaskenv",
}

// targets turns the path arguments into project roots. Several files of
// one project share a target, so the project is analysed once.
func (c *cli) targets(args []string) ([]*target, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	var out []*target
	byRoot := make(map[string]*target)
	for _, arg := range args {
		abs := c.abs(arg)
		info, err := os.Stat(abs)
		if err != nil {
			return nil, pathError(arg, err)
		}
		if !info.IsDir() && !info.Mode().IsRegular() {
			return nil, fmt.Errorf("cannot analyse %s: not a file or folder", arg)
		}

		root, named := abs, ""
		if !info.IsDir() {
			root = c.projectRoot(filepath.Dir(abs))
			named = relSlash(root, abs)
		}

		t := byRoot[root]
		if t == nil {
			t = &target{root: root, only: make(map[string]bool)}
			byRoot[root] = t
			out = append(out, t)
		}
		if named == "" {
			t.all = true
		} else {
			t.only[named] = true
		}
	}
	return out, nil
}

// pathError words a failed stat of a path argument without Go's "stat"
// prefix.
func pathError(arg string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("cannot analyse %s: %w", arg, err)
}

// projectRoot returns the folder a file argument is analysed in: the
// nearest of dir and its parents that holds a project marker, looking no
// higher than the working directory, or dir itself when none does. A file
// outside the working directory is analysed in its own folder.
func (c *cli) projectRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if hasMarker(d) {
			return d
		}
		if d == c.dir || !within(c.dir, d) || filepath.Dir(d) == d {
			return dir
		}
	}
}

// hasMarker reports whether dir holds one of the projectMarkers.
func hasMarker(dir string) bool {
	for _, name := range projectMarkers {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}

// setDisplayBase chooses the folder finding paths are shown relative to
// and records each target's place in it. It is the working directory when
// every root is inside it, which is what CI annotations and SARIF uploads
// expect; otherwise the deepest folder holding every root, which for a
// single root is the root itself.
func (c *cli) setDisplayBase(targets []*target) string {
	base := c.dir
	for _, t := range targets {
		if !within(c.dir, t.root) {
			base = commonAncestor(targets)
			break
		}
	}
	for _, t := range targets {
		t.prefix = relSlash(base, t.root)
		if t.prefix == "." {
			t.prefix = ""
		}
	}
	return base
}

// commonAncestor is the deepest folder that holds every target's root.
func commonAncestor(targets []*target) string {
	base := targets[0].root
	for _, t := range targets[1:] {
		for !within(base, t.root) && filepath.Dir(base) != base {
			base = filepath.Dir(base)
		}
	}
	return base
}

// display returns a root-relative slash path as it is shown to the user.
func (t *target) display(rel string) string {
	if t.prefix == "" {
		return rel
	}
	return path.Join(t.prefix, rel)
}

// withNamedFiles adds the files named on the command line to the
// discovered ones. A file the user names is analysed even if discovery
// would have left it out, say because .gitignore lists it.
func (t *target) withNamedFiles(discovered []string) []string {
	files := slices.Clone(discovered)
	for name := range t.only {
		if !slices.Contains(files, name) {
			files = append(files, name)
		}
	}
	slices.Sort(files)
	return files
}

// abs resolves a path argument against the working directory.
func (c *cli) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(c.dir, p)
}

// show returns an absolute path as the user should read it: relative when
// it is inside the working directory.
func (c *cli) show(abs string) string {
	if within(c.dir, abs) {
		return filepath.FromSlash(relSlash(c.dir, abs))
	}
	return abs
}

// within reports whether p is dir or inside it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) &&
		!filepath.IsAbs(rel)
}

// relSlash is p relative to dir with forward slashes, or p itself when
// there is no relative path.
func relSlash(dir, p string) string {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(rel)
}
