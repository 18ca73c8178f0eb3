package hcflask005

import (
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// missing reports an app that signs things while production sets no
// secret key, unless the key may come from configuration the model cannot
// read.
func (r *reporter) missing(app *model.App, effs []model.Effective) {
	cm := r.cm
	if len(effs) > 0 || len(cm.ProductionSettings(key)) > 0 || len(cm.Opaque) > 0 {
		return
	}
	configs := productionConfigs(cm, app)
	for _, c := range configs {
		if hasUnseenBase(c) {
			return // pydantic settings and the like may set it
		}
	}
	use, what, ok := signingUse(r.pass.Project, cm)
	if !ok {
		return
	}
	r.report(model.Origin{Module: app.Module, Node: app.Node}, fmt.Sprintf(
		"%s, but the app signs %s with it: Flask then fails with \"the session is "+
			"unavailable because no secret key was set\"; set SECRET_KEY for production from "+
			"the environment, such as SECRET_KEY = os.environ[\"SECRET_KEY\"]%s",
		noKeyText(configs), what, othersNote(cm)), use)
}

// noKeyText names what lacks the key: the production configurations, or
// the app's config when it has none.
func noKeyText(configs []*model.ConfigClass) string {
	if len(configs) == 0 {
		return "no configuration of this app sets SECRET_KEY"
	}
	var names []string
	for _, c := range configs {
		names = append(names, c.Name)
	}
	return fmt.Sprintf("production's configuration (%s) never sets SECRET_KEY",
		strings.Join(names, ", "))
}

// othersNote names the development or testing classes that set the key.
func othersNote(cm *model.ConfigModel) string {
	var names []string
	for _, c := range cm.Classes {
		if s := c.Own(key); s != nil && !c.Env.ReachesProduction() {
			names = append(names, c.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	if len(names) == 1 {
		return " (only " + names[0] + " sets it, and production does not use it)"
	}
	return " (only " + strings.Join(names, ", ") + " set it, and production uses none of them)"
}

// productionConfigs returns the configurations production runs the app
// with: those it selects, else the classes named for production.
func productionConfigs(cm *model.ConfigModel, app *model.App) []*model.ConfigClass {
	var out []*model.ConfigClass
	for _, s := range cm.Selected(app, model.EnvProduction) {
		out = append(out, s.Classes()...)
	}
	if len(out) == 0 && len(cm.Selected(app, model.EnvProduction)) > 0 {
		out = cm.ProductionClasses()
	}
	return out
}

// hasUnseenBase reports whether a class inherits from a class outside the
// project.
func hasUnseenBase(c *model.ConfigClass) bool {
	for _, k := range c.MRO() {
		if len(k.UnresolvedBases) > 0 {
			return true
		}
	}
	return false
}

// Qualified names of what signs data with the app's secret key.
var (
	loginNames = []string{"flask_login.login_user", "flask_login.utils.login_user"}
	formNames  = []string{"flask_wtf.FlaskForm", "flask_wtf.Form", "flask_wtf.form.FlaskForm"}
	signers    = []string{
		"itsdangerous.URLSafeTimedSerializer", "itsdangerous.URLSafeSerializer",
		"itsdangerous.TimedSerializer", "itsdangerous.Serializer",
		"itsdangerous.TimestampSigner", "itsdangerous.Signer",
		"itsdangerous.url_safe.URLSafeTimedSerializer", "itsdangerous.url_safe.URLSafeSerializer",
	}
)

// signingUse finds, outside tests, something that signs data with the
// app's secret key, and says what it signs.
func signingUse(p *model.Project, cm *model.ConfigModel) (rule.Related, string, bool) {
	serverSide := len(p.Extensions(model.ExtSession)) > 0 // Flask-Session keeps data on the server
	if r, ok := firstUse(p.Names("flask.session")); ok && !serverSide {
		return at(r, "the session is used here"), "session cookies", true
	}
	if r, ok := firstUse(p.Calls("flask.flash")); ok && !serverSide {
		return at(r, "flash stores messages in the session here"), "flashed messages", true
	}
	if r, ok := firstUse(append(extensionRefs(p, model.ExtLogin), p.Calls(loginNames...)...)); ok {
		return at(r, "Flask-Login is used here"), "Flask-Login's session and remember cookies", true
	}
	csrf := append(extensionRefs(p, model.ExtCSRF), p.Names(formNames...)...)
	if r, ok := firstUse(csrf); ok && len(cm.ProductionSettings("WTF_CSRF_SECRET_KEY")) == 0 {
		return at(r, "Flask-WTF is used here"), "Flask-WTF's CSRF tokens", true
	}
	if r, ok := firstUse(appKeySigners(p)); ok {
		return at(r, "this serializer signs with the app's secret key"), "itsdangerous tokens", true
	}
	return rule.Related{}, "", false
}

// extensionRefs returns the constructor calls of an extension kind.
func extensionRefs(p *model.Project, kind model.ExtensionKind) []model.Ref {
	var out []model.Ref
	for _, e := range p.Extensions(kind) {
		out = append(out, e.Ref)
	}
	return out
}

// appKeySigners returns the itsdangerous signers given the app's secret
// key (app.secret_key, app.config["SECRET_KEY"]).
func appKeySigners(p *model.Project) []model.Ref {
	var out []model.Ref
	for _, c := range p.Calls(signers...) {
		if args := c.File().Field(c.Node, "arguments"); strings.Contains(
			strings.ToUpper(c.File().Text(args)), "SECRET_KEY") {
			out = append(out, c)
		}
	}
	return out
}

// firstUse returns the first reference outside tests and imports.
func firstUse(refs []model.Ref) (model.Ref, bool) {
	for _, r := range refs {
		f := r.File()
		if r.Module.IsTestFile() ||
			f.Enclosing(r.Node, "import_statement", "import_from_statement") != parser.NoNode {
			continue
		}
		return r, true
	}
	return model.Ref{}, false
}

// at is a related location at a reference.
func at(r model.Ref, msg string) rule.Related {
	return relatedAt(r.Module, r.Node, msg)
}
