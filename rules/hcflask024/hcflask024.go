// Package hcflask024 flags Flask apps that serve HTML without the
// security headers that make a browser enforce HTTPS, stop MIME sniffing,
// refuse framing and restrict scripts (HSTS, X-Content-Type-Options,
// X-Frame-Options or frame-ancestors, Content-Security-Policy), looking at
// Flask-Talisman, after_request hooks and the repository's nginx; and
// Talisman objects that are never applied or that turn HTTPS forcing off.
package hcflask024

import (
	_ "embed"
	"fmt"
	"go/token"
	"strings"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-024",
	Slug:             "security-headers-missing",
	Title:            "pages served without HSTS, nosniff, frame protection or CSP headers",
	Severity:         lint.SeverityNote,
	Confidence:       lint.ConfidenceMedium,
	CWE:              []int{693, 1021},
	SecuritySeverity: 3.7,
	Tags:             []string{"security"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-024.
var Rule = rule.New(&meta, check)

// check reports unapplied Talisman objects, Talisman's HTTPS forcing
// switched off, and each HTML-serving app that lacks a protection.
func check(pass *rule.Pass) {
	p := pass.Project
	cov := readCoverage(p)
	apps, pages := appsServingHTML(p, htmlPages(p))
	missing := cov.missing()

	reportForceHTTPS(pass, p, cov)
	if len(cov.unbound) > 0 {
		reportUnbound(pass, cov, apps, missing)
		return // that finding names the gaps; one finding is enough
	}
	if len(missing) == 0 {
		return
	}
	done := map[token.Pos]bool{}
	for _, app := range apps {
		reportApp(pass, cov, app, pages[app], missing, done)
	}
}

// reportForceHTTPS flags `force_https=False` on a Talisman that nothing
// else backs with a redirect to HTTPS.
func reportForceHTTPS(pass *rule.Pass, p *model.Project, cov *coverage) {
	var offs []talismanOff
	for _, off := range cov.offs {
		if off.h == numHeaders {
			offs = append(offs, off)
		}
	}
	if len(offs) == 0 || httpsForcedElsewhere(p) {
		return
	}
	for _, off := range offs {
		f := off.call.File()
		pass.ReportNode(f, off.kw, fmt.Sprintf("Talisman's %s lets plain HTTP requests "+
			"through instead of redirecting them to HTTPS, so a first visit and its cookies "+
			"travel in clear; drop the argument (Talisman does not redirect in debug mode) or "+
			"redirect to https:// in the proxy", f.Text(off.kw)))
	}
}

// reportUnbound flags each Talisman object that no code applies to an app.
func reportUnbound(pass *rule.Pass, cov *coverage, apps []*model.App, missing []header) {
	for _, e := range cov.unbound {
		f := e.File()
		name := varOr(e.Var, "talisman")
		effect := "it sets no headers and redirects nothing to HTTPS"
		if len(apps) > 0 && len(missing) > 0 {
			effect = fmt.Sprintf("%s's HTML pages go without %s and nothing redirects to HTTPS",
				appName(apps[0]), joinHeaders(missing))
		}
		call := f.Text(f.Field(e.Node, "function")) + "()"
		if len(f.NamedChildren(f.Field(e.Node, "arguments"))) > 0 {
			call = strings.TrimSuffix(call, "()") + "(...)"
		}
		pass.ReportNode(f, e.Node, fmt.Sprintf("%s in %s is never applied to an app (no "+
			"Talisman(app) and no %s.init_app(app)), so %s; call %s.init_app(app) where the "+
			"app is created", call, f.Path, name, effect, name))
	}
}

// reportApp flags one app that serves HTML without some protections, at
// the Talisman argument that switches them off when that is the only
// reason, else at the Flask(...) call.
func reportApp(pass *rule.Pass, cov *coverage, app *model.App, page model.Ref,
	missing []header, done map[token.Pos]bool) {
	related := []rule.Related{rule.At(page.File(), page.Node, "HTML served here")}
	if off, ok := explainedByTalisman(cov, missing); ok {
		f := off.call.File()
		if !done[f.Pos(off.kw)] {
			done[f.Pos(off.kw)] = true
			pass.ReportNode(f, off.kw, talismanMessage(f.Text(off.kw), app, missing), related...)
		}
		return
	}

	for _, s := range cov.sources {
		related = append(related, s.related)
	}
	for _, off := range cov.offs {
		if off.h < numHeaders {
			f := off.call.File()
			related = append(related, rule.At(f, off.kw, "%s switches %s off", f.Text(off.kw),
				headerNames[off.h]))
		}
	}
	related = append(related, cov.shadowed...)
	pass.ReportNode(app.File(), app.Node, appMessage(cov, app, missing), related...)
}

// explainedByTalisman returns the first Talisman argument when Talisman
// arguments switch off every missing protection.
func explainedByTalisman(cov *coverage, missing []header) (talismanOff, bool) {
	var first talismanOff
	for i, h := range missing {
		found := false
		for _, off := range cov.offs {
			if off.h == h {
				if i == 0 {
					first = off
				}
				found = true
				break
			}
		}
		if !found {
			return talismanOff{}, false
		}
	}
	return first, len(missing) > 0
}

// talismanMessage explains missing protections that Talisman's arguments
// switch off.
func talismanMessage(kw string, app *model.App, missing []header) string {
	return fmt.Sprintf("Talisman's %s leaves %s's HTML pages without %s; %s", kw, appName(app),
		joinHeaders(missing), talismanAdvice(missing))
}

// appMessage explains what an app's pages go without and what sets the
// other headers.
func appMessage(cov *coverage, app *model.App, missing []header) string {
	why := "no Flask-Talisman, after_request hook or nginx add_header sets them"
	if len(cov.shadowed) > 0 {
		why = "nginx sets them in an outer block, but the block that proxies to the app " +
			"has add_header lines of its own and so inherits none"
	}
	if len(cov.sources) > 0 {
		var descs []string
		for _, s := range cov.sources {
			descs = append(descs, s.desc)
		}
		verb := " sets"
		if len(descs) > 1 {
			verb = " set"
		}
		why = "only " + joinWords(descs) + verb + " security headers, and not these"
	}
	return fmt.Sprintf("%s serves HTML pages without %s: %s; %s", appName(app),
		joinHeaders(missing), why, appAdvice(cov))
}

// appAdvice says where to add the missing headers: in the project's own
// hook when it has one, else with Flask-Talisman.
func appAdvice(cov *coverage) string {
	for _, s := range cov.sources {
		if s.hook != "" {
			return "set them in " + s.hook + " too, or apply Flask-Talisman"
		}
	}
	if len(cov.otherHooks) > 0 {
		return "set them in " + cov.otherHooks[0] + " too, or apply Flask-Talisman"
	}
	return "apply Flask-Talisman (Talisman(app)) or set them in an after_request hook"
}

// talismanAdvice says which Talisman arguments to change.
func talismanAdvice(missing []header) string {
	var steps []string
	for _, h := range missing {
		switch h {
		case hsts:
			steps = append(steps, "leave strict_transport_security on")
		case noSniff:
			steps = append(steps, "leave x_content_type_options on")
		case framing:
			steps = append(steps, `set frame_options to "DENY" or "SAMEORIGIN"`)
		case csp:
			steps = append(steps, `give content_security_policy a policy such as `+
				`{"default-src": "'self'"}, with nonces for inline scripts`)
		}
	}
	return strings.Join(steps, "; ")
}

// appName names an app in messages by its variable.
func appName(app *model.App) string {
	return varOr(app.Var, "the app")
}

// joinHeaders lists protections as "A, B and C".
func joinHeaders(hs []header) string {
	var names []string
	for _, h := range hs {
		names = append(names, headerNames[h])
	}
	return joinWords(names)
}

// joinWords joins words as "a", "a and b", "a, b and c".
func joinWords(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// varOr returns name, or def when it is empty.
func varOr(name, def string) string {
	if name == "" {
		return def
	}
	return name
}
