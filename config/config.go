// Package config finds and reads a project's flasklint configuration:
// the [tool.flasklint] table of pyproject.toml, or a .flasklint.toml file
// whose keys are at the top level. It checks every key, rule ID, glob and
// option against a Schema, reports problems with the file and line, and
// records where each resolved setting came from (the default, a line of
// the file, or a command line flag) so that `flasklint config` can say.
//
// The file is found by walking up from the project root to the
// filesystem root. In each folder .flasklint.toml wins over pyproject.toml;
// a pyproject.toml without a [tool.flasklint] table does not count, so an
// unrelated project further up is never picked.
package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// The names of the files searched, in order of preference.
const (
	FileName      = ".flasklint.toml"
	PyprojectName = "pyproject.toml"
)

// Schema is what a configuration may name: the rule IDs, the IDs of tool
// diagnostics (which may be ignored but are not rules), and each rule's
// options.
type Schema struct {
	Rules   []string
	Tools   []string
	Options map[string][]Option // by rule ID
}

// Option is one per-rule option.
type Option struct {
	Name    string
	Usage   string
	Default string // as a command line flag would take it
	List    bool   // a comma-separated list; the file writes it as an array
}

// Origin says where a setting's value came from. The zero Origin is the
// default.
type Origin struct {
	File string // absolute path of the configuration file
	Line int
	Flag string // the command line flag, without dashes
}

// String words the origin with the file as given.
func (o Origin) String() string {
	return o.Show(func(p string) string { return p })
}

// Show words the origin, passing the file's path through show.
func (o Origin) Show(show func(string) string) string {
	switch {
	case o.Flag != "":
		return "flag --" + o.Flag
	case o.File != "" && o.Line > 0:
		return fmt.Sprintf("%s:%d", show(o.File), o.Line)
	case o.File != "":
		return show(o.File)
	}
	return "default"
}

// Setting is a resolved value and where its parts came from.
type Setting[T any] struct {
	Value T
	From  []Origin // empty for the default
}

// Origins words where the value came from.
func (s Setting[T]) Origins(show func(string) string) string {
	if len(s.From) == 0 {
		return "default"
	}
	parts := make([]string, len(s.From))
	for i, o := range s.From {
		parts[i] = o.Show(show)
	}
	return strings.Join(parts, " + ")
}

// PerFileIgnore turns rules off in the files a glob matches.
type PerFileIgnore struct {
	Glob  string
	Rules []string // upper-case rule IDs or prefixes
	From  Origin
}

// RuleOption is the value of one rule's option.
type RuleOption struct {
	Rule, Name string
	Value      string // as the analyzer's flag takes it: a list is comma-separated
	TOML       string // as the file wrote it, for display
	From       Origin
}

// Settings is a project's resolved configuration.
type Settings struct {
	File string // the configuration file read, absolute; "" when none
	// Dir is the folder the file's globs are relative to: the file's own
	// folder, or the project root when there is no file.
	Dir string

	Select, Ignore         Setting[[]string]
	Exclude, ExtendExclude Setting[[]string]
	FailOn                 Setting[string]
	PerFileIgnores         []PerFileIgnore
	Options                []RuleOption

	schema     *Schema
	root       string
	flagExtend []string // the globs --extend-exclude added, anchored at the root
}

// Defaults returns the settings of a project root without a file.
func Defaults(root string, schema *Schema) *Settings {
	return &Settings{
		Dir: root, root: root, schema: schema,
		FailOn: Setting[string]{Value: "warning"},
	}
}

// Resolve finds the configuration file for a project root and reads it,
// or returns the defaults when there is none.
func Resolve(root string, schema *Schema) (*Settings, error) {
	path, doc, err := find(root)
	if err != nil || path == "" {
		return Defaults(root, schema), err
	}
	return decode(root, path, doc, schema)
}

// Load reads the named file, a .flasklint.toml or a pyproject.toml, for
// the project at root.
func Load(root, path string, schema *Schema) (*Settings, error) {
	doc, err := parseFile(path)
	switch {
	case err != nil:
		return nil, err
	case doc == nil:
		return nil, &Error{File: path, Msg: "cannot read: no such file"}
	case doc.table == nil && len(doc.prefix) > 0:
		return nil, &Error{File: path, Msg: "has no [tool.flasklint] table"}
	}
	return decode(root, path, doc, schema)
}

// find walks up from dir and returns the first configuration file and
// its parsed document, or "" when there is none.
func find(dir string) (string, *document, error) {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		for _, name := range []string{FileName, PyprojectName} {
			path := filepath.Join(d, name)
			doc, err := parseFile(path)
			if err != nil {
				return "", nil, err
			}
			if doc != nil && doc.table != nil {
				return path, doc, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", nil, nil
		}
	}
}

// RuleOptions returns the configured options of one rule.
func (s *Settings) RuleOptions(id string) []RuleOption {
	var out []RuleOption
	for _, o := range s.Options {
		if o.Rule == id {
			out = append(out, o)
		}
	}
	return out
}

// matchesAny reports whether the upper-case pattern prefixes any ID.
func matchesAny(pattern string, ids []string) bool {
	return slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, pattern) })
}
