// Package suppress reads suppression comments and applies them to
// findings.
//
// Two spellings are understood on the reported line:
//
//	# noqa: HC-FLASK-008[, HC-FLASK-022]        the habit Ruff users have
//	# flasklint: ignore[HC-FLASK-008] -- reason  flasklint's own, with a reason
//
// A bare `# noqa` names no rule and silences nothing: it was written for
// another linter. A flasklint comment without a rule or without a reason is
// reported as malformed, and a suppression that silenced nothing is
// reported as unused, once its rule has run, so stale ones get cleaned up.
//
// A finding is suppressed by a comment on the first line of its span, on
// the last line of its span, or on the first or last line of the simple
// statement that contains it, so a call spread over several lines can be
// silenced at either end.
package suppress

import (
	"regexp"
	"strings"
)

// Comment is one suppression comment.
type Comment struct {
	Path   string
	Line   int
	Offset int      // byte offset of the '#'
	Rules  []string // upper-case rule IDs or ID prefixes
	Reason string
	Noqa   bool   // written as `# noqa: ...`
	Error  string // why the comment is malformed, "" when it is not
	used   map[string]bool
}

var (
	noqaRE      = regexp.MustCompile(`(?i)#\s*noqa\s*:\s*([A-Za-z0-9_,\s-]+)`)
	flasklintRE = regexp.MustCompile(`#\s*flasklint\s*:\s*(\S.*)$`)
	ignoreRE    = regexp.MustCompile(`^ignore\s*\[([^\]]*)\]\s*(?:--\s*(.*))?$`)
	ruleIDRE    = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`)
)

// ParseComment reads the suppression in the text of one comment (starting
// at '#'), or returns nil when the comment is not a suppression for
// flasklint.
func ParseComment(text string) *Comment {
	if m := flasklintRE.FindStringSubmatch(text); m != nil {
		return parseFlasklint(strings.TrimSpace(m[1]))
	}
	if m := noqaRE.FindStringSubmatch(text); m != nil {
		ids := flasklintIDs(splitIDs(m[1]))
		if len(ids) == 0 {
			return nil // a noqa for another tool's codes
		}
		return &Comment{Rules: ids, Noqa: true}
	}
	return nil
}

// parseFlasklint reads the part after `flasklint:`.
func parseFlasklint(body string) *Comment {
	m := ignoreRE.FindStringSubmatch(body)
	if m == nil {
		return &Comment{Error: "expected `# flasklint: ignore[RULE-ID] -- reason`"}
	}
	c := &Comment{Rules: splitIDs(m[1]), Reason: strings.TrimSpace(m[2])}
	switch {
	case len(c.Rules) == 0:
		c.Error = "suppression names no rule: write ignore[HC-FLASK-0NN]"
	case !allValid(c.Rules):
		c.Error = "suppression names a malformed rule ID"
	case c.Reason == "":
		c.Error = "suppression gives no reason: add `-- why this is acceptable`"
	}
	return c
}

// splitIDs splits a comma- or space-separated list of rule IDs.
func splitIDs(list string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' }) {
		out = append(out, strings.ToUpper(strings.TrimSpace(f)))
	}
	return out
}

// flasklintIDs keeps the IDs that belong to flasklint; `# noqa: E501,
// HC-FLASK-008` silences our rule and leaves the rest to other tools.
func flasklintIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, "HC-FLASK-") || strings.HasPrefix(id, "FLASKLINT-") {
			out = append(out, id)
		}
	}
	return out
}

// allValid reports whether every ID has the shape of a rule ID.
func allValid(ids []string) bool {
	for _, id := range ids {
		if !ruleIDRE.MatchString(id) {
			return false
		}
	}
	return true
}

// Matches reports whether the comment names the rule, by full ID or by a
// prefix such as HC-FLASK-02.
func (c *Comment) Matches(ruleID string) bool {
	for _, id := range c.Rules {
		if id == ruleID || (strings.HasPrefix(ruleID, id) && len(id) >= len("HC-FLASK-0")) {
			return true
		}
	}
	return false
}
