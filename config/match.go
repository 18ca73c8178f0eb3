package config

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Globs in exclude, extend-exclude and per-file-ignores follow the
// doublestar syntax (`*`, `?`, `[a-z]`, `{a,b}`, and `**` for any number
// of folders). As in .gitignore and Ruff, a glob without a slash matches
// a file or folder name at any depth ("migrations", "*_pb2.py"); a glob
// with a slash is anchored at the folder of the file that wrote it
// ("app/legacy/**"), or at the project root for a command line flag. A
// glob that matches a folder covers everything inside it.

// normGlob removes the parts of a glob that do not change what it
// matches: surrounding space, a leading "./" or "/", a trailing "/".
func normGlob(g string) string {
	g = strings.TrimSpace(g)
	g = strings.TrimPrefix(g, "./")
	g = strings.TrimPrefix(g, "/")
	return strings.TrimSuffix(g, "/")
}

// checkGlob rejects an empty or malformed glob.
func checkGlob(g string) error {
	n := normGlob(g)
	switch {
	case n == "":
		return errors.New("empty glob")
	case !doublestar.ValidatePattern(n):
		return fmt.Errorf("invalid glob %q", g)
	}
	return nil
}

// pattern is a glob and the folder it is anchored at.
type pattern struct {
	glob string // normalised
	base string // absolute folder
	from Origin
}

// matches reports whether the pattern covers a root-relative path.
func (p pattern) matches(root, rel string) bool {
	abs := filepath.Join(root, filepath.FromSlash(rel))
	r, err := filepath.Rel(p.base, abs)
	r = filepath.ToSlash(r)
	outside := err != nil || r == ".." || strings.HasPrefix(r, "../")

	if !strings.Contains(p.glob, "/") {
		if outside {
			r = rel
		}
		for _, part := range strings.Split(r, "/") {
			if ok, _ := doublestar.Match(p.glob, part); ok {
				return true
			}
		}
		return false
	}
	if outside {
		return false
	}
	for dir := r; dir != "." && dir != "/"; dir = path.Dir(dir) {
		if ok, _ := doublestar.Match(p.glob, dir); ok {
			return true
		}
	}
	return false
}

// fileIgnore is one per-file-ignores entry, compiled.
type fileIgnore struct {
	pattern
	rules []string
}

// Matcher answers, for the files of one project, which are excluded and
// which rules per-file-ignores turns off.
type Matcher struct {
	root    string
	exclude []pattern
	ignores []fileIgnore
}

// Matcher compiles the exclusion and per-file-ignores globs.
func (s *Settings) Matcher() *Matcher {
	m := &Matcher{root: s.root}
	excludeBase := s.Dir
	if len(s.Exclude.From) > 0 && s.Exclude.From[0].Flag != "" {
		excludeBase = s.root
	}
	m.addExcludes(s.Exclude.Value, excludeBase, s.first(s.Exclude))
	fromFile := len(s.ExtendExclude.Value) - len(s.flagExtend)
	m.addExcludes(s.ExtendExclude.Value[:fromFile], s.Dir, s.first(s.ExtendExclude))
	m.addExcludes(s.flagExtend, s.root, Origin{Flag: "extend-exclude"})
	for _, pf := range s.PerFileIgnores {
		m.ignores = append(m.ignores, fileIgnore{pattern{normGlob(pf.Glob), s.Dir, pf.From},
			pf.Rules})
	}
	return m
}

// addExcludes compiles exclusion globs anchored at base.
func (m *Matcher) addExcludes(globs []string, base string, from Origin) {
	for _, g := range globs {
		m.exclude = append(m.exclude, pattern{normGlob(g), base, from})
	}
}

// first is the origin of a setting, for messages.
func (s *Settings) first(set Setting[[]string]) Origin {
	if len(set.From) == 0 {
		return Origin{}
	}
	return set.From[0]
}

// Excluded reports whether a root-relative slash path is excluded, and
// by which setting.
func (m *Matcher) Excluded(rel string) (Origin, bool) {
	for _, p := range m.exclude {
		if p.matches(m.root, rel) {
			return p.from, true
		}
	}
	return Origin{}, false
}

// Ignored reports whether per-file-ignores turns the rule off in a
// root-relative slash path.
func (m *Matcher) Ignored(rel, ruleID string) bool {
	for _, fi := range m.ignores {
		for _, id := range fi.rules {
			if strings.HasPrefix(ruleID, id) && fi.matches(m.root, rel) {
				return true
			}
		}
	}
	return false
}
