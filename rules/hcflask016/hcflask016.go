// Package hcflask016 flags request body size limits that are missing or
// that disagree: an app that accepts file uploads while its production
// configuration leaves MAX_CONTENT_LENGTH unset, and an nginx
// client_max_body_size in the repository that is smaller than the app's
// own limit, so that uploads the app accepts are refused with 413 by the
// proxy.
package hcflask016

import (
	_ "embed"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-016",
	Slug:             "upload-size-limit-gap",
	Title:            "request body size limit missing, or smaller at the proxy than in the app",
	Severity:         lint.SeverityWarning,
	Confidence:       lint.ConfidenceMedium,
	CWE:              []int{400, 770},
	SecuritySeverity: 5.3,
	Tags:             []string{"security", "configuration", "deployment"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-016.
var Rule = rule.New(&meta, check)

// check does nothing for a project that accepts no uploads; otherwise it
// checks the app's limit, then the proxy's limit against it.
func check(pass *rule.Pass) {
	uploads := uploadRefs(pass.Project)
	if len(uploads) == 0 {
		return
	}

	checkUnset(pass, uploads)
	checkProxyLimit(pass, uploads)
}
