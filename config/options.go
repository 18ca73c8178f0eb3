package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// rules reads [rules.HC-FLASK-0NN] tables of per-rule options.
func (d *decoder) rules(at []string, v any) {
	table, ok := v.(map[string]any)
	if !ok {
		d.errorf(at, "rules must hold one table per rule, such as [%srules.HC-FLASK-022]",
			d.tableName())
		return
	}
	for _, key := range d.sortedKeys(at, table) {
		rat := append(slices.Clone(at), key)
		id := strings.ToUpper(key)
		if !slices.Contains(d.schema.Rules, id) {
			d.errorf(rat, "unknown rule %q in rules (see flasklint rules)", key)
			continue
		}
		opts, ok := table[key].(map[string]any)
		if !ok {
			d.errorf(rat, "rules.%s must be a table of options", id)
			continue
		}
		for _, name := range d.sortedKeys(rat, opts) {
			d.option(append(slices.Clone(rat), name), id, opts[name])
		}
	}
}

// tableName is how the file names flasklint's table, as a prefix of a
// header.
func (d *decoder) tableName() string {
	if len(d.doc.prefix) > 0 {
		return "tool.flasklint."
	}
	return ""
}

// option reads one rule option.
func (d *decoder) option(at []string, id string, v any) {
	name := at[len(at)-1]
	known := d.schema.Options[id]
	i := slices.IndexFunc(known, func(o Option) bool { return o.Name == name })
	if i < 0 {
		d.errorf(at, "unknown option %q for %s (%s)", name, id, optionNames(known))
		return
	}

	value, shown, err := optionValue(v)
	if err != nil {
		d.errorf(at, "rules.%s.%s: %v", id, name, err)
		return
	}
	d.s.Options = append(d.s.Options, RuleOption{Rule: id, Name: name, Value: value,
		TOML: shown, From: d.origin(at)})
}

// optionNames lists a rule's options for an error message.
func optionNames(opts []Option) string {
	if len(opts) == 0 {
		return "it has no options"
	}
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = o.Name
	}
	return "it has: " + strings.Join(names, ", ")
}

// optionValue turns a TOML value into a flag value and a display form:
// an array of strings becomes a comma-separated list.
func optionValue(v any) (value, shown string, err error) {
	switch x := v.(type) {
	case string:
		return x, strconv.Quote(x), nil
	case bool, int64, float64:
		return fmt.Sprint(x), fmt.Sprint(x), nil
	case []any:
		items := make([]string, len(x))
		for i, item := range x {
			s, ok := item.(string)
			if !ok || strings.Contains(s, ",") {
				return "", "", fmt.Errorf("items must be strings without commas, found %v", item)
			}
			items[i] = s
		}
		return strings.Join(items, ","), quoteList(items), nil
	}
	return "", "", fmt.Errorf("expected a string, a number, a boolean or an array of strings")
}

// quoteList writes strings as a TOML array.
func quoteList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
