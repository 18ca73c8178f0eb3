// Package rules is the registry of flasklint's rules. Each rule lives in
// its own package, rules/hcflask0NN, with its code, metadata and doc.md.
package rules

//go:generate go run ./internal/gendocs

import (
	"strings"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/rules/hcflask004"
	"github.com/flasklint/flasklint/rules/hcflask005"
	"github.com/flasklint/flasklint/rules/hcflask006"
	"github.com/flasklint/flasklint/rules/hcflask007"
	"github.com/flasklint/flasklint/rules/hcflask008"
	"github.com/flasklint/flasklint/rules/hcflask015"
	"github.com/flasklint/flasklint/rules/hcflask016"
	"github.com/flasklint/flasklint/rules/hcflask017"
	"github.com/flasklint/flasklint/rules/hcflask019"
	"github.com/flasklint/flasklint/rules/hcflask022"
	"github.com/flasklint/flasklint/rules/hcflask023"
	"github.com/flasklint/flasklint/rules/hcflask024"
	"github.com/flasklint/flasklint/rules/rule"
)

// All lists every rule, in ID order. IDs are never reused: a retired rule
// keeps its ID out of circulation.
var All = []*rule.Rule{
	hcflask004.Rule,
	hcflask005.Rule,
	hcflask006.Rule,
	hcflask007.Rule,
	hcflask008.Rule,
	hcflask015.Rule,
	hcflask016.Rule,
	hcflask017.Rule,
	hcflask019.Rule,
	hcflask022.Rule,
	hcflask023.Rule,
	hcflask024.Rule,
}

// ByID returns the rule with the given ID, ignoring case, or nil.
func ByID(id string) *rule.Rule {
	for _, r := range All {
		if strings.EqualFold(r.ID, id) {
			return r
		}
	}
	return nil
}

// Metas returns the metadata of every rule, in ID order.
func Metas() []*lint.Meta {
	out := make([]*lint.Meta, len(All))
	for i, r := range All {
		out[i] = r.Meta
	}
	return out
}
