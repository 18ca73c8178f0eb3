package hcflask007

import (
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// stateChanging are the methods CSRF protection covers.
var stateChanging = []string{"POST", "PUT", "PATCH", "DELETE"}

// loginDecorators keep the logged-in user in the session cookie.
var loginDecorators = map[string]bool{
	"flask_login.login_required": true, "flask_login.fresh_login_required": true,
	"flask_login.utils.login_required": true, "flask_login.utils.fresh_login_required": true,
	"flask_user.login_required": true, "flask_user.roles_required": true,
	"flask_security.login_required": true, "flask_security.decorators.login_required": true,
}

// sessionNames are the names whose use in a view means it relies on the
// user identified by the session cookie.
var sessionNames = []string{
	"flask.session", "flask_login.current_user", "flask_login.utils.current_user",
	"flask.g.user",
}

// loginCalls set up a cookie login for the whole app.
var loginCalls = []string{
	"flask_login.login_user", "flask_login.utils.login_user",
	"flask_security.Security", "flask_security.core.Security",
}

// cookieAuth returns a place that shows the app keeps users in the
// session cookie: a use of flask.session or a Flask-Login or
// Flask-Security login, outside tests; a zero Ref when there is none.
func (c *checker) cookieAuth() model.Ref {
	logins := refsOf(c.p.Extensions(model.ExtLogin))
	for _, group := range [][]model.Ref{
		c.p.Names("flask.session"), c.p.Calls(loginCalls...), logins,
	} {
		for _, r := range group {
			if !r.Module.IsTestFile() {
				return r
			}
		}
	}
	return model.Ref{}
}

// refsOf returns the constructor calls of extensions.
func refsOf(exts []*model.Extension) []model.Ref {
	var out []model.Ref
	for _, e := range exts {
		out = append(out, e.Ref)
	}
	return out
}

// checkUnprotectedViews reports views that change state from request.form
// for a user identified by the session cookie, in an app with no CSRF
// protection anywhere.
func (c *checker) checkUnprotectedViews() {
	if c.cookieAuth().Module == nil || c.sameSiteMitigates() {
		return
	}
	forms := c.p.Names("flask.request.form")
	for _, r := range c.p.Routes {
		methods := changingMethods(r)
		if len(methods) == 0 || r.Module.IsTestFile() ||
			!model.BranchEnvironment(r.Module, r.View).ReachesProduction() {
			continue
		}
		read := within(forms, r.Module, r.View)
		if read.Module == nil || c.viewProtected(r) {
			continue
		}
		auth, how := c.viewAuth(r)
		if auth.Module == nil {
			continue
		}
		f := r.Module.File
		name := f.Text(f.Field(r.View, "name"))
		c.pass.ReportNode(f, f.Field(r.View, "name"), fmt.Sprintf(
			"%s view %s reads request.form and relies on the session cookie (%s), but the "+
				"app has no CSRF protection, so any website can make a logged-in browser "+
				"submit it; add CSRFProtect(app) from Flask-WTF and {{ csrf_token() }} to the "+
				"form", strings.Join(methods, "/"), name, how))
	}
}

// changingMethods returns the state-changing methods a route accepts.
func changingMethods(r *model.Route) []string {
	var out []string
	for _, m := range stateChanging {
		if r.HasMethod(m) {
			out = append(out, m)
		}
	}
	return out
}

// within returns the first reference inside a node of a module.
func within(refs []model.Ref, m *model.Module, n parser.NodeID) model.Ref {
	for _, r := range refs {
		if r.Module == m && m.File.Contains(n, r.Node) {
			return r
		}
	}
	return model.Ref{}
}

// definition returns a view's decorated_definition, or the view itself.
func definition(f *parser.File, view parser.NodeID) parser.NodeID {
	if p := f.Parent(view); f.Is(p, "decorated_definition") {
		return p
	}
	return view
}

// viewProtected reports whether a view checks a token itself: its code or
// decorators mention CSRF, or it validates a Flask-WTF form (which checks
// the form's token).
func (c *checker) viewProtected(r *model.Route) bool {
	f := r.Module.File
	def := definition(f, r.View)
	if mentionsCSRF(f, def) {
		return true
	}
	validates := false
	f.Walk(def, func(n parser.NodeID) bool {
		if f.Is(n, "call") {
			method := f.Text(f.Field(f.Field(n, "function"), "attribute"))
			validates = validates || method == "validate_on_submit" || method == "validate"
		}
		return !validates
	})
	return validates
}

// viewAuth returns where a view relies on the session cookie and how: a
// login decorator (Flask-Login's, or a project decorator that reads the
// session), or a use of session, current_user or g.user in its body.
func (c *checker) viewAuth(r *model.Route) (model.Ref, string) {
	f := r.Module.File
	def := definition(f, r.View)
	for _, dec := range f.NamedChildren(def) {
		if !f.Is(dec, "decorator") {
			continue
		}
		expr := firstChild(f, dec)
		if f.Is(expr, "call") {
			expr = f.Field(expr, "function")
		}
		if c.isLoginDecorator(r.Module, expr) {
			return model.Ref{Module: r.Module, Node: dec}, "@" + f.Text(expr)
		}
	}
	if use := c.sessionRead(r.Module, r.View); use.Module != nil {
		return use, use.Text()
	}
	return model.Ref{}, ""
}

// sessionRead returns the first use of session, current_user or g.user
// inside a function that reads it. Writes (`session["k"] = v`,
// `session.clear()`) do not count: a login view sets the session, it is
// not authenticated by it.
func (c *checker) sessionRead(m *model.Module, def parser.NodeID) model.Ref {
	f := m.File
	for _, r := range c.p.Names(sessionNames...) {
		if r.Module != m || !f.Contains(def, r.Node) || sessionWrite(f, r.Node) {
			continue
		}
		return r
	}
	return model.Ref{}
}

// sessionWrite reports whether a use of session only writes it: the
// target of an item assignment or deletion, or a clear() call.
func sessionWrite(f *parser.File, n parser.NodeID) bool {
	parent := f.Parent(n)
	switch f.Kind(parent) {
	case "subscript":
		grand := f.Parent(parent)
		return (f.Is(grand, "assignment", "augmented_assignment") &&
			f.Field(grand, "left") == parent) || f.Is(grand, "delete_statement")
	case "attribute":
		method := f.Text(f.Field(parent, "attribute"))
		return method == "clear" && f.Is(f.Parent(parent), "call")
	}
	return false
}

// isLoginDecorator reports whether a decorator expression is a cookie
// login check: a known library decorator, or a project function whose
// code reads session, current_user or g.user (Flask's tutorial pattern).
func (c *checker) isLoginDecorator(m *model.Module, expr parser.NodeID) bool {
	q := c.p.QualifiedName(m, expr)
	if loginDecorators[q] {
		return true
	}
	mod, def := c.p.Definition(q, "function_definition")
	if mod == nil {
		return false
	}
	return c.sessionRead(mod, def).Module != nil
}

// sameSiteMitigates reports whether production sends the session cookie
// (and Flask-Login's remember-me cookie, when it is used) with SameSite
// Lax or Strict, so browsers leave it off cross-site POSTs.
func (c *checker) sameSiteMitigates() bool {
	if !c.sameSite("SESSION_COOKIE_SAMESITE") {
		return false
	}
	return !c.usesRememberCookie() || c.sameSite("REMEMBER_COOKIE_SAMESITE")
}

// sameSite reports whether every production value of key is "Lax" or
// "Strict".
func (c *checker) sameSite(key string) bool {
	settings := c.cm.ProductionSettings(key)
	for _, s := range settings {
		v := strings.ToLower(s.Value.Str)
		if s.Value.Kind != model.ValueString || (v != "lax" && v != "strict") {
			return false
		}
	}
	return len(settings) > 0
}

// usesRememberCookie reports whether any login_user call may set
// Flask-Login's remember-me cookie.
func (c *checker) usesRememberCookie() bool {
	for _, call := range c.p.Calls("flask_login.login_user", "flask_login.utils.login_user") {
		f := call.File()
		arg := model.KeywordArg(f, call.Node, "remember")
		if args := model.PositionalArgs(f, call.Node); arg == parser.NoNode && len(args) > 1 {
			arg = args[1]
		}
		if arg == parser.NoNode {
			continue
		}
		if truthy, known := c.p.ValueOf(call.Module, arg).Truth(); truthy || !known {
			return true
		}
	}
	return false
}
