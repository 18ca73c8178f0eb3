package main

import (
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/rules/rule"
)

// toolMetas are the diagnostics flasklint reports about its own input
// rather than about the code: files it could not parse and suppression
// comments that are malformed or unused. They are not rules: they always
// run, --select never drops them, and only --ignore with their ID does.
var toolMetas = []*lint.Meta{
	lint.ParseMeta, lint.MalformedSuppressionMeta, lint.UnusedSuppressionMeta,
}

// selection is what one run reports: the rules to run, and which tool
// diagnostics to leave out.
type selection struct {
	rules  []*rule.Rule
	hidden map[string]bool // IDs of ignored tool diagnostics
}

// selectRules applies --select and --ignore to the registry. Both take
// rule IDs or prefixes of them, case-insensitively. Every pattern must
// match at least one rule or tool diagnostic, so that a typo cannot
// silently turn a check off. A file that could not be read is a blind spot
// the user should hear about, so tool diagnostics survive --select.
func selectRules(all []*rule.Rule, selects, ignores []string) (selection, error) {
	ids := make([]string, 0, len(all)+len(toolMetas))
	for _, r := range all {
		ids = append(ids, r.ID)
	}
	for _, m := range toolMetas {
		ids = append(ids, m.ID)
	}

	sel, err := compilePatterns("--select", selects, ids)
	if err != nil {
		return selection{}, err
	}
	ign, err := compilePatterns("--ignore", ignores, ids)
	if err != nil {
		return selection{}, err
	}

	out := selection{hidden: make(map[string]bool)}
	for _, m := range toolMetas {
		if ign.matches(m.ID) {
			out.hidden[m.ID] = true
		}
	}
	for _, r := range all {
		if (len(sel) == 0 || sel.matches(r.ID)) && !ign.matches(r.ID) {
			out.rules = append(out.rules, r)
		}
	}
	return out, nil
}

// patterns are upper-cased rule ID prefixes.
type patterns []string

// compilePatterns normalises the values of one flag and checks that each
// names a known rule. Empty items, as in "HC-FLASK-008,", are skipped.
func compilePatterns(flag string, values, ids []string) (patterns, error) {
	var out patterns
	for _, v := range values {
		p := strings.ToUpper(strings.TrimSpace(v))
		if p == "" {
			continue
		}
		if !(patterns{p}).matchesAny(ids) {
			return nil, fmt.Errorf("unknown rule %q in %s", v, flag)
		}
		out = append(out, p)
	}
	return out, nil
}

// matches reports whether id starts with one of the patterns.
func (ps patterns) matches(id string) bool {
	for _, p := range ps {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// matchesAny reports whether any of ids matches.
func (ps patterns) matchesAny(ids []string) bool {
	for _, id := range ids {
		if ps.matches(id) {
			return true
		}
	}
	return false
}
