// Package hcflask005 flags a Flask secret key that is committed to the
// repository and reaches production (a literal, a literal fallback after
// an environment lookup, or a value in a production deployment file), and
// an app that signs sessions, flashed messages, logins, CSRF tokens or
// itsdangerous tokens while production sets no secret key at all.
package hcflask005

import (
	_ "embed"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-005",
	Slug:             "secret-key-committed-or-missing",
	Title:            "secret key committed to the repository, or missing in production",
	Severity:         lint.SeverityError,
	Confidence:       lint.ConfidenceMedium,
	CWE:              []int{798, 321, 547},
	SecuritySeverity: 8.1,
	Tags:             []string{"security", "configuration", "secrets"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-005.
var Rule = rule.New(&meta, check)

// key is the configuration key this rule is about.
const key = "SECRET_KEY"

// reporter reports each location once.
type reporter struct {
	pass *rule.Pass
	cm   *model.ConfigModel
	seen map[string]bool
	// reads maps the variables production's SECRET_KEY is read from to
	// what reads them ("" for the names Flask keys are passed under).
	reads map[string]string
}

// check judges production's secret key for every app outside tests, then
// the secret keys committed in production files that no code links to.
func check(pass *rule.Pass) {
	r := &reporter{pass: pass, cm: pass.Project.Config(), seen: map[string]bool{},
		reads: map[string]string{key: "", "FLASK_" + key: ""}}
	for _, app := range apps(pass.Project) {
		effs := r.cm.Effective(app, model.EnvProduction, key)
		r.literals(effs)
		if app != nil {
			r.missing(app, effs)
		}
	}
	r.committedVariables()
}

// apps returns the apps outside test files, or a nil app when there is
// none, so that project-wide configuration is still judged.
func apps(p *model.Project) []*model.App {
	var out []*model.App
	for _, app := range p.Apps {
		if !app.Module.IsTestFile() {
			out = append(out, app)
		}
	}
	if len(out) == 0 {
		out = append(out, nil)
	}
	return out
}

// report reports a finding at an origin, once per location.
func (r *reporter) report(at model.Origin, msg string, related ...rule.Related) {
	if r.seen[at.String()] {
		return
	}
	r.seen[at.String()] = true
	if at.IsPython() {
		r.pass.ReportNode(at.Module.File, at.Node, msg, related...)
	} else if at.File != nil {
		r.pass.ReportLine(at.File, at.Line, msg, related...)
	}
}
