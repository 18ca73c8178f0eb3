// Package hcflask004 flags production running with a configuration meant
// for another environment: a development or testing configuration
// selected for production (often through a default), debug mode or the
// debugger reachable in production, FLASK_DEBUG or FLASK_ENV=development
// in production files, and configuration chosen by Flask's ENV setting,
// which Flask 2.3 removed.
package hcflask004

import (
	_ "embed"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-004",
	Slug:             "wrong-environment-config",
	Title:            "production runs with a configuration meant for another environment",
	Severity:         lint.SeverityError,
	Confidence:       lint.ConfidenceMedium,
	CWE:              []int{489, 16},
	SecuritySeverity: 7.5,
	Tags:             []string{"security", "configuration", "deployment"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-004.
var Rule = rule.New(&meta, check)

// check reports wrong selections first, then debug sites, then reads of
// the removed ENV setting.
func check(pass *rule.Pass) {
	cm := pass.Project.Config()
	checkSelections(pass, cm)
	checkDebug(pass, cm)
	checkFlaskEnvReads(pass, cm)
}

// report reports a finding at an origin, Python or not.
func report(pass *rule.Pass, at model.Origin, msg string, related ...rule.Related) {
	if at.IsPython() {
		pass.ReportNode(at.Module.File, at.Node, msg, related...)
		return
	}
	if at.File != nil {
		pass.ReportLine(at.File, at.Line, msg, related...)
	}
}

// relatedOf turns reasons into related locations, skipping the one the
// finding is reported at.
func relatedOf(reasons []model.Reason, skip model.Origin) []rule.Related {
	var out []rule.Related
	for _, r := range reasons {
		switch {
		case r.String() == skip.String():
		case r.IsPython():
			out = append(out, rule.At(r.Module.File, r.Node, "%s", r.Text))
		case r.File != nil:
			out = append(out, rule.AtLine(r.File, r.Line, "%s", r.Text))
		}
	}
	return out
}
