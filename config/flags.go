package config

import (
	"slices"
	"strings"
)

// Flags are the command line's say on the settings; nil means the flag
// was not given.
type Flags struct {
	Select, Ignore         *[]string
	Exclude, ExtendExclude *[]string
	FailOn                 *string
}

// Override applies the command line on top of the file, the way Ruff
// layers them: a flag replaces the file's value of the same key, except
// that --ignore and --extend-exclude add to it. A --select starts the rule
// selection afresh, so the file's ignores of rules no longer apply (its
// ignores of tool diagnostics do, since --select never concerns them).
// Flag values are checked by the caller, which names the flag.
func (s *Settings) Override(f Flags) {
	flag := func(name string) []Origin { return []Origin{{Flag: name}} }
	if f.Select != nil {
		s.Select = Setting[[]string]{Value: normIDs(*f.Select), From: flag("select")}
		s.Ignore = s.toolIgnores()
	}
	if f.Ignore != nil {
		s.Ignore.Value = append(slices.Clone(s.Ignore.Value), normIDs(*f.Ignore)...)
		s.Ignore.From = append(slices.Clone(s.Ignore.From), Origin{Flag: "ignore"})
	}
	if f.Exclude != nil {
		s.Exclude = Setting[[]string]{Value: slices.Clone(*f.Exclude), From: flag("exclude")}
	}
	if f.ExtendExclude != nil {
		s.ExtendExclude.Value = append(slices.Clone(s.ExtendExclude.Value), *f.ExtendExclude...)
		s.ExtendExclude.From = append(slices.Clone(s.ExtendExclude.From),
			Origin{Flag: "extend-exclude"})
		s.flagExtend = append(s.flagExtend, *f.ExtendExclude...)
	}
	if f.FailOn != nil {
		s.FailOn = Setting[string]{Value: strings.ToLower(*f.FailOn), From: flag("fail-on")}
	}
}

// toolIgnores is the part of the ignore setting that names no rule.
func (s *Settings) toolIgnores() Setting[[]string] {
	out := Setting[[]string]{Value: []string{}}
	for _, id := range s.Ignore.Value {
		if !matchesAny(id, s.schema.Rules) {
			out.Value = append(out.Value, id)
		}
	}
	if len(out.Value) > 0 {
		out.From = s.Ignore.From
	}
	return out
}

// normIDs trims and upper-cases rule IDs and drops empty ones.
func normIDs(ids []string) []string {
	out := []string{}
	for _, id := range ids {
		if id = strings.ToUpper(strings.TrimSpace(id)); id != "" {
			out = append(out, id)
		}
	}
	return out
}
