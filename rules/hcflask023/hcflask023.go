// Package hcflask023 flags credential endpoints (password login, token
// issue, sign-up, password reset) that accept POST with no rate limit
// covering them: no Flask-Limiter, a Limiter never bound to the app, no
// default limits and no decorator, or limits counted in the memory of
// each of several worker processes.
package hcflask023

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/token"
	"strings"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-023",
	Slug:             "credential-endpoint-not-rate-limited",
	Title:            "login, token, sign-up or password reset endpoint without a rate limit",
	Severity:         lint.SeverityWarning,
	Confidence:       lint.ConfidenceMedium,
	CWE:              []int{307, 770},
	SecuritySeverity: 5.3,
	Tags:             []string{"security"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-023.
var Rule = rule.New(&meta, check)

// check reports each credential view that no limit covers.
func check(pass *rule.Pass) {
	p := pass.Project
	views := credentialViews(p, configuredEndpoints(pass.Analyzer))
	if len(views) == 0 {
		return // nothing to guess passwords against
	}

	lim := readLimits(p)
	d := p.Deployment()
	for _, cv := range views {
		if cv.rule != "" && limitReqFor(d, requestPath(cv.rule)) != nil {
			continue // nginx limits the location
		}
		if throttledByHand(cv) {
			continue
		}
		if msg, related := gap(p, lim, cv); msg != "" {
			f := cv.route.Module.File
			pass.ReportNode(f, cv.route.Site, msg, related...)
		}
	}
}

// throttleWords mark a view that restricts attempts itself: a lockout
// after failed logins, or a project's own throttle.
var throttleWords = []string{"attempt", "lockout", "locked_until", "throttle", "rate_limit",
	"ratelimit"}

// throttledByHand reports whether the view counts failed attempts or
// calls a throttle of its own.
func throttledByHand(cv *credentialView) bool {
	f := cv.route.Module.File
	found := false
	f.Walk(f.Field(cv.route.View, "body"), func(n parser.NodeID) bool {
		if f.Is(n, "identifier") {
			text := strings.ToLower(f.Text(n))
			for _, w := range throttleWords {
				found = found || strings.Contains(text, w)
			}
		}
		return !found
	})
	return found
}

// gap returns the message and related locations for a credential view
// that no Flask-Limiter limit covers, or "" when one does.
func gap(p *model.Project, l *limits, cv *credentialView) (string, []rule.Related) {
	v := l.ofView(cv.route)
	if v.custom {
		return "", nil
	}
	what := describe(cv)
	related := []rule.Related{rule.At(cv.evidence.File(), cv.evidence.Node,
		"the view %s here", cv.does)}
	if len(l.limiters) == 0 {
		return what + " and no rate limit covers it: the project has no Flask-Limiter; add " +
			"it and decorate the view with @limiter.limit(\"5 per minute\"), or limit the " +
			"location with limit_req in nginx", related
	}

	first := l.limiters[0].ext
	related = append(related, rule.At(first.File(), first.Node, "Limiter created here"))
	bound := l.bound()
	if len(bound) == 0 {
		return fmt.Sprintf("%s but the Limiter in %s is never bound to the app, so no limit "+
			"applies; call %s.init_app(app) in the app factory, or pass app=app",
			what, first.File().Path, varOr(first.Var, "limiter")), related
	}
	if off := l.disabledBy(bound); off != "" {
		return fmt.Sprintf("%s but %s turns Flask-Limiter off in production, so no limit "+
			"applies; leave it on outside tests", what, off), related
	}
	return coverageGap(p, l, v, bound, what, related)
}

// coverageGap checks that a bound limiter's limits reach the view and are
// counted in one place.
func coverageGap(p *model.Project, l *limits, v viewLimits,
	bound []*limiter, what string, related []rule.Related) (string, []rule.Related) {
	switch {
	case v.exempt && !v.limited:
		return what + " but @limiter.exempt takes it out of every limit; give it its own " +
			"@limiter.limit(\"5 per minute\") instead", related
	case !v.limited && !l.hasDefaults(bound):
		return what + " but no rate limit covers it: the Limiter has no default_limits and " +
				"the view has no @limiter.limit; decorate it with @limiter.limit(\"5 per minute\")",
			related
	}
	if !l.inMemory(bound) {
		return "", nil
	}
	w, ok := p.Deployment().MultipleWorkers()
	if !ok {
		return "", nil
	}
	related = append(related, workerRelated(w))
	return fmt.Sprintf("%s and its rate limit is counted in process memory (Flask-Limiter's "+
		"memory:// storage), but %s runs %s that each keep their own count, so the "+
		"limit is %s than written; set storage_uri or RATELIMIT_STORAGE_URI to a shared "+
		"store such as redis://",
		what, w.Desc, w, times(w)), related
}

// times says how much higher a per-worker limit is.
func times(w *model.WorkerCount) string {
	if w.N == 0 {
		return "as many times higher as there are workers"
	}
	return fmt.Sprintf("%d times higher", w.N)
}

// workerRelated points at the worker count setting, in a deployment
// file or a gunicorn configuration module.
func workerRelated(w *model.WorkerCount) rule.Related {
	msg := "worker processes set here: " + w.Setting
	if w.File != nil {
		return rule.AtLine(w.File, w.Line, "%s", msg)
	}
	f := w.Python
	return rule.Related{Pos: token.Pos(f.Base + lineOffset(f.Src, w.Line)), Message: msg}
}

// lineOffset is the byte offset of the start of a 1-based line.
func lineOffset(src []byte, line int) int {
	off := 0
	for i := 1; i < line; i++ {
		next := bytes.IndexByte(src[off:], '\n')
		if next < 0 {
			break
		}
		off += next + 1
	}
	return off
}

// describe names the view and what it does: "POST /auth/login (login)
// checks a password".
func describe(cv *credentialView) string {
	if cv.rule == "" {
		return fmt.Sprintf("POST view %s %s", cv.name, cv.does)
	}
	return fmt.Sprintf("POST %s (%s) %s", cv.rule, cv.name, cv.does)
}

// varOr returns name, or def when it is empty.
func varOr(name, def string) string {
	if name == "" {
		return def
	}
	return name
}
