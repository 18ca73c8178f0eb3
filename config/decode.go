package config

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/flasklint/flasklint/lint"
)

// keyNames are the keys a configuration may hold, in the order
// `flasklint config` prints them.
var keyNames = []string{
	"select", "ignore", "fail-on", "exclude", "extend-exclude", "per-file-ignores", "rules",
}

// decoder checks one file's table and fills in Settings.
type decoder struct {
	doc    *document
	schema *Schema
	s      *Settings
	errs   Errors
}

// decode checks the flasklint table of doc against the schema.
func decode(root, path string, doc *document, schema *Schema) (*Settings, error) {
	s := Defaults(root, schema)
	s.File, s.Dir = path, filepath.Dir(path)
	d := &decoder{doc: doc, schema: schema, s: s}
	for _, key := range d.sortedKeys(nil, doc.table) {
		d.key(key, doc.table[key])
	}
	if len(d.errs) > 0 {
		slices.SortStableFunc(d.errs, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
		return nil, d.errs
	}
	return s, nil
}

// key decodes one top-level key.
func (d *decoder) key(key string, v any) {
	at := []string{key}
	switch key {
	case "select":
		d.s.Select = d.ruleList(at, v)
	case "ignore":
		d.s.Ignore = d.ruleList(at, v)
	case "exclude":
		d.s.Exclude = d.globList(at, v)
	case "extend-exclude":
		d.s.ExtendExclude = d.globList(at, v)
	case "fail-on":
		d.failOn(at, v)
	case "per-file-ignores":
		d.perFileIgnores(at, v)
	case "rules":
		d.rules(at, v)
	default:
		d.errorf(at, "unknown key %q%s", key, d.suggest(key))
	}
}

// suggest proposes the known key a misspelt one was probably meant as.
func (d *decoder) suggest(key string) string {
	if key == "tool" && len(d.doc.prefix) == 0 {
		return fmt.Sprintf(" (in %s the keys are at the top level, without [tool.flasklint])",
			FileName)
	}
	norm := strings.ReplaceAll(strings.ToLower(key), "_", "-")
	for _, k := range keyNames {
		if k == norm || editDistance(k, norm) <= 2 {
			return fmt.Sprintf(" (did you mean %q?)", k)
		}
	}
	return " (known keys: " + strings.Join(keyNames, ", ") + ")"
}

// origin is where a key of the table was written.
func (d *decoder) origin(at []string) Origin {
	return Origin{File: d.doc.path, Line: d.line(at)}
}

// line is the line of a key of the table.
func (d *decoder) line(at []string) int {
	return d.doc.pos.keyLine(d.full(at))
}

// full is a table-relative key path as a document path.
func (d *decoder) full(at []string) []string {
	return append(slices.Clone(d.doc.prefix), at...)
}

// errorf records a problem at a key's line.
func (d *decoder) errorf(at []string, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.doc.path, Line: d.line(at),
		Msg: fmt.Sprintf(format, args...)})
}

// itemErrorf records a problem at the line of an array item.
func (d *decoder) itemErrorf(at []string, i int, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.doc.path, Line: d.doc.pos.itemLine(d.full(at), i),
		Msg: fmt.Sprintf(format, args...)})
}

// strings reads an array of strings.
func (d *decoder) strings(at []string, v any) ([]string, bool) {
	items, ok := v.([]any)
	if !ok {
		d.errorf(at, "%s must be an array of strings, such as [%q]", dotted(at), example(at))
		return nil, false
	}
	out := make([]string, 0, len(items))
	for i, item := range items {
		s, ok := item.(string)
		if !ok {
			d.itemErrorf(at, i, "%s must hold strings only, found %v", dotted(at), item)
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// example is a sample value for the message about a key's type.
func example(at []string) string {
	switch at[0] {
	case "exclude", "extend-exclude":
		return "migrations/**"
	case "rules":
		return "myapp.security.safe_next"
	}
	return "HC-FLASK-022"
}

// ruleList reads an array of rule IDs or prefixes, each of which must name
// a rule or a tool diagnostic.
func (d *decoder) ruleList(at []string, v any) Setting[[]string] {
	items, ok := d.strings(at, v)
	if !ok {
		return Setting[[]string]{}
	}
	known := append(slices.Clone(d.schema.Rules), d.schema.Tools...)
	ids := []string{}
	for i, item := range items {
		id := strings.ToUpper(strings.TrimSpace(item))
		switch {
		case id == "":
			continue
		case !matchesAny(id, known):
			d.itemErrorf(at, i, "unknown rule %q in %s (see flasklint rules)", item, dotted(at))
			continue
		}
		ids = append(ids, id)
	}
	return Setting[[]string]{Value: ids, From: []Origin{d.origin(at)}}
}

// globList reads an array of globs.
func (d *decoder) globList(at []string, v any) Setting[[]string] {
	items, ok := d.strings(at, v)
	if !ok {
		return Setting[[]string]{}
	}
	for i, g := range items {
		if err := checkGlob(g); err != nil {
			d.itemErrorf(at, i, "%s: %v", dotted(at), err)
		}
	}
	return Setting[[]string]{Value: items, From: []Origin{d.origin(at)}}
}

// failOn reads the level that makes the run fail.
func (d *decoder) failOn(at []string, v any) {
	s, ok := v.(string)
	if !ok {
		d.errorf(at, "fail-on must be a string: \"error\", \"warning\" or \"note\"")
		return
	}
	if _, err := lint.ParseSeverity(s); err != nil {
		d.errorf(at, "fail-on: %v", err)
		return
	}
	d.s.FailOn = Setting[string]{Value: strings.ToLower(s), From: []Origin{d.origin(at)}}
}

// perFileIgnores reads the table of glob = [rule IDs].
func (d *decoder) perFileIgnores(at []string, v any) {
	table, ok := v.(map[string]any)
	if !ok {
		d.errorf(at, "per-file-ignores must be a table of glob = [rule IDs], such as "+
			"\"tests/**\" = [\"HC-FLASK-008\"]")
		return
	}
	for _, glob := range d.sortedKeys(at, table) {
		gat := append(slices.Clone(at), glob)
		if err := checkGlob(glob); err != nil {
			d.errorf(gat, "per-file-ignores: %v", err)
			continue
		}
		ids := d.ruleList(gat, table[glob])
		d.s.PerFileIgnores = append(d.s.PerFileIgnores,
			PerFileIgnore{Glob: glob, Rules: ids.Value, From: d.origin(gat)})
	}
}

// sortedKeys returns a table's keys in the order they are written.
func (d *decoder) sortedKeys(at []string, table map[string]any) []string {
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		la := d.line(append(slices.Clone(at), a))
		lb := d.line(append(slices.Clone(at), b))
		return cmp.Or(cmp.Compare(la, lb), cmp.Compare(a, b))
	})
	return keys
}

// dotted writes a key path as TOML does.
func dotted(at []string) string {
	parts := make([]string, len(at))
	for i, p := range at {
		parts[i] = p
		if strings.ContainsAny(p, " ./*\"'") || p == "" {
			parts[i] = strconv.Quote(p)
		}
	}
	return strings.Join(parts, ".")
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
