package hcflask008

import (
	"fmt"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// loginUser and loginManager are the Flask-Login calls that show an app
// logs users in.
var (
	loginUser    = []string{"flask_login.login_user", "flask_login.utils.login_user"}
	loginManager = []string{"flask_login.LoginManager", "flask_login.login_manager.LoginManager"}
)

// sessionUse returns a related location outside tests that shows the app
// keeps users in a cookie session: a use of flask.session, else a
// login_user call, else a LoginManager.
func sessionUse(p *model.Project) (rule.Related, bool) {
	for _, r := range p.Names("flask.session") {
		f := r.File()
		inImport := f.Enclosing(r.Node, "import_statement", "import_from_statement")
		if !r.Module.IsTestFile() && inImport == parser.NoNode {
			return rule.At(f, r.Node, "the app keeps data in the session here"), true
		}
	}
	if r, ok := firstOutsideTests(p.Calls(loginUser...)); ok {
		return rule.At(r.File(), r.Node, "the app logs users in with Flask-Login here"), true
	}
	if r, ok := firstOutsideTests(p.Calls(loginManager...)); ok {
		return rule.At(r.File(), r.Node, "the app sets up Flask-Login here"), true
	}
	return rule.Related{}, false
}

// firstOutsideTests returns the first reference that is not in test code.
func firstOutsideTests(refs []model.Ref) (model.Ref, bool) {
	for _, r := range refs {
		if !r.Module.IsTestFile() {
			return r, true
		}
	}
	return model.Ref{}, false
}

// usesLogin reports whether the app calls Flask-Login outside tests.
func usesLogin(p *model.Project) bool {
	_, ok := firstOutsideTests(p.Calls(append(loginUser, loginManager...)...))
	return ok
}

// checkUnsetSecure reports a production configuration that never sets
// SESSION_COOKIE_SECURE (Flask's default is False) in an app that uses
// sessions or logins: at each production config class that lacks it, or
// at the Flask app when the project has no production class. Nothing is
// reported when the value may come from configuration the model cannot
// read, or when Flask-Talisman sets it.
func checkUnsetSecure(pass *rule.Pass, cfg *model.ConfigModel, talisman bool) {
	p := pass.Project
	related, ok := sessionUse(p)
	if !ok || talisman || len(cfg.Opaque) > 0 || customSessionInterface(p) {
		return
	}
	setFor, everywhere := secureSetFor(cfg)
	if everywhere {
		return
	}
	advice := rememberAdvice(p, cfg)

	prod := productionClasses(cfg)
	if len(prod) == 0 {
		if !anyUnseenBase(cfg.ProductionClasses()) {
			reportApps(pass, related, advice)
		}
		return
	}
	for _, c := range prod {
		if setFor[c] || hasUnseenBase(c) || ancestorLacks(c, prod, setFor) {
			continue
		}
		pass.ReportNode(c.Module.File, c.NameNode(), fmt.Sprintf(
			"%s never sets SESSION_COOKIE_SECURE, and Flask's default is False, so the "+
				"session cookie is also sent over plain HTTP; set SESSION_COOKIE_SECURE = True%s",
			c.Name, advice), related)
	}
}

// secureSetFor returns the production classes that set
// SESSION_COOKIE_SECURE, and whether it is set for every configuration
// (on the app, or in a base class production falls back to).
func secureSetFor(cfg *model.ConfigModel) (map[*model.ConfigClass]bool, bool) {
	setFor := make(map[*model.ConfigClass]bool)
	for _, s := range cfg.ProductionSettings("SESSION_COOKIE_SECURE") {
		if s.Config == nil || s.Config.Env != model.EnvProduction {
			return nil, true
		}
		setFor[s.Config] = true
	}
	return setFor, false
}

// productionClasses returns the classes classified production.
func productionClasses(cfg *model.ConfigModel) []*model.ConfigClass {
	var out []*model.ConfigClass
	for _, c := range cfg.Classes {
		if c.Env == model.EnvProduction {
			out = append(out, c)
		}
	}
	return out
}

// hasUnseenBase reports whether a class inherits from a class the model
// cannot see, which may set the key.
func hasUnseenBase(c *model.ConfigClass) bool {
	for _, k := range c.MRO() {
		if len(k.UnresolvedBases) > 0 {
			return true
		}
	}
	return false
}

// anyUnseenBase reports whether any of the classes inherits from a class
// the model cannot see.
func anyUnseenBase(classes []*model.ConfigClass) bool {
	for _, c := range classes {
		if hasUnseenBase(c) {
			return true
		}
	}
	return false
}

// ancestorLacks reports whether another production class that c inherits
// from lacks the setting too: the finding belongs there, once.
func ancestorLacks(c *model.ConfigClass, prod []*model.ConfigClass,
	setFor map[*model.ConfigClass]bool) bool {
	for _, other := range prod {
		if other != c && c.Inherits(other) && !setFor[other] {
			return true
		}
	}
	return false
}

// rememberAdvice adds REMEMBER_COOKIE_SECURE to the fix when the app uses
// Flask-Login and production never sets it either.
func rememberAdvice(p *model.Project, cfg *model.ConfigModel) string {
	if !usesLogin(p) || len(cfg.ProductionSettings("REMEMBER_COOKIE_SECURE")) > 0 {
		return ""
	}
	return ", and REMEMBER_COOKIE_SECURE = True for Flask-Login's remember-me cookie"
}

// reportApps reports the unset key at every Flask app outside tests.
func reportApps(pass *rule.Pass, related rule.Related, advice string) {
	for _, app := range pass.Project.Apps {
		if app.Module.IsTestFile() {
			continue
		}
		pass.ReportNode(app.File(), app.Node, "no production configuration of this app sets "+
			"SESSION_COOKIE_SECURE, and Flask's default is False, so the session cookie is "+
			"also sent over plain HTTP; set app.config[\"SESSION_COOKIE_SECURE\"] = True "+
			"outside debug mode"+advice, related)
	}
}

// sessionInterfaces are Flask's session interface classes. A project that
// subclasses one writes the session cookie itself, with flags of its own
// choosing (indico sets secure from the request), so SESSION_COOKIE_SECURE
// is not what decides.
var sessionInterfaces = map[string]bool{
	"flask.sessions.SessionInterface":             true,
	"flask.sessions.SecureCookieSessionInterface": true,
}

// customSessionInterface reports whether the project defines its own
// session interface class.
func customSessionInterface(p *model.Project) bool {
	for _, m := range p.Modules {
		f := m.File
		for _, def := range m.Defs {
			if !f.Is(def, "class_definition") {
				continue
			}
			for _, base := range f.NamedChildren(f.Field(def, "superclasses")) {
				if sessionInterfaces[p.QualifiedName(m, base)] {
					return true
				}
			}
		}
	}
	return false
}
