// Package hcflask015 flags a Flask app that runs behind a reverse proxy and
// reads the client's scheme or address without a ProxyFix (or an
// equivalent) applying the proxy's forwarded headers, and two ways of
// misusing ProxyFix: rebinding the app to the wrapper, and the num_proxies
// argument that Werkzeug 1.0 removed.
package hcflask015

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-015",
	Slug:             "reverse-proxy-headers-ignored",
	Title:            "reverse proxy headers ignored or ProxyFix misapplied",
	Severity:         lint.SeverityWarning,
	Confidence:       lint.ConfidenceMedium,
	CWE:              []int{348, 807},
	SecuritySeverity: 4.3,
	Tags:             []string{"deployment", "security"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-015.
var Rule = rule.New(&meta, check)

// proxyFixName is ProxyFix's qualified name; the model maps the old
// werkzeug.contrib.fixers path to it.
const proxyFixName = "werkzeug.middleware.proxy_fix.ProxyFix"

// check runs the three checks of the rule.
func check(pass *rule.Pass) {
	reportRebinding(pass)
	reportNumProxies(pass)
	reportIgnoredHeaders(pass)
}

// reportRebinding flags `app = ProxyFix(app)`: the name that held the Flask
// object now holds a bare WSGI callable without route, config or cli.
func reportRebinding(pass *rule.Pass) {
	for _, w := range pass.Project.Wrappers {
		if w.WSGIApp || w.Callee != proxyFixName {
			continue
		}
		f := w.File()
		callee := f.Text(f.Field(w.Call, "function"))
		pass.ReportNode(f, w.Node, fmt.Sprintf(
			"%[1]s = %[2]s(%[1]s) replaces the Flask app with a plain WSGI callable, so "+
				"%[1]s.route, %[1]s.config and the flask command stop working; "+
				"wrap the WSGI app instead: %[1]s.wsgi_app = %[2]s(%[1]s.wsgi_app, ...)",
			w.Target, callee))
	}
}

// reportNumProxies flags ProxyFix(..., num_proxies=N), an argument
// Werkzeug 1.0 removed: the call raises TypeError at startup.
func reportNumProxies(pass *rule.Pass) {
	for _, call := range pass.Project.Calls(proxyFixName) {
		f := call.File()
		value := model.KeywordArg(f, call.Node, "num_proxies")
		if value == parser.NoNode {
			continue
		}
		n := f.Text(value)
		msg := fmt.Sprintf("ProxyFix(num_proxies=%s) was removed in Werkzeug 1.0 and raises "+
			"TypeError; give the hops per header instead: x_for=%s, x_proto=%s", n, n, n)
		if fromContrib(call) {
			msg += ", and import ProxyFix from werkzeug.middleware.proxy_fix " +
				"(werkzeug.contrib.fixers is gone as well)"
		}
		pass.ReportNode(f, f.Parent(value), msg)
	}
}

// fromContrib reports whether the call names ProxyFix through the old
// werkzeug.contrib.fixers module, as imported in the calling module.
func fromContrib(call model.Ref) bool {
	f := call.File()
	fn := f.Field(call.Node, "function")
	root := fn
	for f.Is(root, "attribute") {
		root = f.Field(root, "object")
	}
	rootName := f.Text(root)
	written := call.Module.Imports[rootName] + strings.TrimPrefix(f.Text(fn), rootName)
	return strings.HasPrefix(written, "werkzeug.contrib.")
}

// reportIgnoredHeaders flags the main app of a project that is deployed
// behind a proxy and reads the scheme or client address, when nothing
// applies the proxy's headers for what it reads.
func reportIgnoredHeaders(pass *rule.Pass) {
	p := pass.Project
	d := p.Deployment()
	ev, ok := d.BehindProxy()
	if !ok {
		return // no deployment evidence: the app may well face clients directly
	}

	covered := coverage(p, d)
	var deps []dependency
	for _, dep := range dependencies(p) {
		if dep.need&^covered != 0 {
			deps = append(deps, dep)
		}
	}
	if len(deps) == 0 {
		return
	}

	app := mainApp(p, d)
	if app == nil {
		return // no Flask(...) call to point at
	}
	pass.ReportNode(app.File(), app.Node, message(app, ev, deps), related(d, ev, deps)...)
}
