// Package hcflask008 flags cookies that leave the Secure, HttpOnly or
// SameSite protection off: set_cookie calls that do not pass the flags,
// and a production configuration that turns the session or remember-me
// cookie flags off, or never turns SESSION_COOKIE_SECURE on while the app
// keeps users in a session.
package hcflask008

import (
	_ "embed"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-008",
	Slug:             "insecure-cookie-flags",
	Title:            "cookie sent without the Secure, HttpOnly or SameSite flag",
	Severity:         lint.SeverityWarning,
	Confidence:       lint.ConfidenceHigh,
	CWE:              []int{614, 1004},
	SecuritySeverity: 5.0,
	Tags:             []string{"security", "configuration"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-008.
var Rule = rule.New(&meta, check)

// check runs the call check over every module, then the configuration
// checks over the project's configuration model.
func check(pass *rule.Pass) {
	for _, m := range pass.Project.Modules {
		if m.IsTestFile() {
			continue // test code never sends cookies to a browser
		}
		checkSetCookies(pass, m)
	}

	cfg := pass.Project.Config()
	checkFalseFlags(pass, cfg)
	checkSameSiteNone(pass, cfg)
	talisman := checkTalisman(pass)
	checkUnsetSecure(pass, cfg, talisman)
}
