package model

import (
	"slices"

	"github.com/flasklint/flasklint/parser"
)

// ExtensionKind names a Flask extension flasklint knows.
type ExtensionKind string

// Known extensions. Rules compare against these instead of spelling the
// import paths again.
const (
	ExtCORS         ExtensionKind = "cors"
	ExtCSRF         ExtensionKind = "csrf"
	ExtLimiter      ExtensionKind = "limiter"
	ExtTalisman     ExtensionKind = "talisman"
	ExtLogin        ExtensionKind = "login"
	ExtSQLAlchemy   ExtensionKind = "sqlalchemy"
	ExtMigrate      ExtensionKind = "migrate"
	ExtCache        ExtensionKind = "cache"
	ExtSeaSurf      ExtensionKind = "seasurf"
	ExtSession      ExtensionKind = "session"
	ExtDebugToolbar ExtensionKind = "debugtoolbar"
)

// extensionClasses maps each qualified class name to its kind. Packages
// export their classes from submodules too; both spellings are listed.
var extensionClasses = map[string]ExtensionKind{
	"flask_cors.CORS":                          ExtCORS,
	"flask_cors.extension.CORS":                ExtCORS,
	"flask_wtf.CSRFProtect":                    ExtCSRF,
	"flask_wtf.csrf.CSRFProtect":               ExtCSRF,
	"flask_wtf.CsrfProtect":                    ExtCSRF,
	"flask_wtf.csrf.CsrfProtect":               ExtCSRF,
	"flask_limiter.Limiter":                    ExtLimiter,
	"flask_limiter.extension.Limiter":          ExtLimiter,
	"flask_talisman.Talisman":                  ExtTalisman,
	"flask_talisman.talisman.Talisman":         ExtTalisman,
	"flask_login.LoginManager":                 ExtLogin,
	"flask_login.login_manager.LoginManager":   ExtLogin,
	"flask_sqlalchemy.SQLAlchemy":              ExtSQLAlchemy,
	"flask_migrate.Migrate":                    ExtMigrate,
	"flask_caching.Cache":                      ExtCache,
	"flask_seasurf.SeaSurf":                    ExtSeaSurf,
	"flask_session.Session":                    ExtSession,
	"flask_debugtoolbar.DebugToolbarExtension": ExtDebugToolbar,
}

// Extension is one extension object: its constructor call and the places
// that bind it to an app.
type Extension struct {
	Kind ExtensionKind
	Ref         // the constructor call
	Var  string // the variable it is assigned to, "" if none
	// Binds are the calls that attach it to an app: the constructor itself
	// when it is given the app (`CORS(app)`), and every `x.init_app(app)`
	// on its variable.
	Binds []Ref
}

// Bound reports whether anything attaches the extension to an app.
func (e *Extension) Bound() bool { return len(e.Binds) > 0 }

// Extensions returns the extension objects of the given kinds, in path and
// source order. With no kinds it returns all of them.
func (p *Project) Extensions(kinds ...ExtensionKind) []*Extension {
	p.extOnce.Do(p.findExtensions)
	if len(kinds) == 0 {
		return p.extensions
	}
	var out []*Extension
	for _, e := range p.extensions {
		if slices.Contains(kinds, e.Kind) {
			out = append(out, e)
		}
	}
	return out
}

// findExtensions records every constructor call of a known extension and
// the init_app calls on the variables they are bound to.
func (p *Project) findExtensions() {
	names := make([]string, 0, len(extensionClasses))
	for name := range extensionClasses {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, call := range p.Calls(names...) {
		f := call.File()
		e := &Extension{
			Kind: extensionClasses[p.CalleeName(call.Module, call.Node)],
			Ref:  call,
			Var:  assignedName(f, call.Node),
		}
		if p.constructorBindsApp(e) {
			e.Binds = append(e.Binds, call)
		}
		e.Binds = append(e.Binds, p.initAppCalls(e)...)
		p.extensions = append(p.extensions, e)
	}
}

// constructorBindsApp reports whether the constructor call is given the
// app: as `app=`, or as its first positional argument, except for
// Flask-Limiter, whose first positional argument is the key function since
// version 3 (`Limiter(get_remote_address)` binds nothing), so there only
// an argument that holds an app counts.
func (p *Project) constructorBindsApp(e *Extension) bool {
	f := e.File()
	if KeywordArg(f, e.Node, "app") != parser.NoNode {
		return true
	}
	args := positionalArgs(f, e.Node)
	if len(args) == 0 {
		return false
	}
	if e.Kind != ExtLimiter {
		return true
	}
	first := args[0]
	if f.Is(first, "call") {
		return p.CalleeName(e.Module, first) == "flask.Flask"
	}
	return f.Is(first, "identifier") && p.holdsApp(e.Module, e.Node, f.Text(first))
}

// initAppCalls finds `v.init_app(...)` where v names the extension's
// variable: imported from its module anywhere, or the same local name in
// the module that creates it.
func (p *Project) initAppCalls(e *Extension) []Ref {
	if e.Var == "" {
		return nil
	}
	out := slices.Clone(p.Calls(joinName(e.Module.Name, e.Var) + ".init_app"))
	for _, call := range p.Calls(e.Var + ".init_app") {
		if call.Module == e.Module {
			out = append(out, call)
		}
	}
	sortRefs(out)
	return out
}
