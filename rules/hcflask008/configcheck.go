package hcflask008

import (
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// flagKey is a configuration key whose false value weakens a cookie.
type flagKey struct {
	key    string
	cookie string // which cookie it protects
	effect string // what a false value lets happen
}

// flagKeys are the keys checked for a false value. Flask defaults
// SESSION_COOKIE_HTTPONLY to True and Flask-Login REMEMBER_COOKIE_HTTPONLY
// to True, so only an explicit false value is a problem for those.
var flagKeys = []flagKey{
	{"SESSION_COOKIE_SECURE", "session cookie", "is also sent over plain HTTP"},
	{"SESSION_COOKIE_HTTPONLY", "session cookie", "can be read by scripts on the page"},
	{"REMEMBER_COOKIE_SECURE", "remember-me cookie", "is also sent over plain HTTP"},
	{"REMEMBER_COOKIE_HTTPONLY", "remember-me cookie", "can be read by scripts on the page"},
}

// sameSiteKeys pairs each SameSite key with the Secure key it needs.
var sameSiteKeys = []struct{ sameSite, secure, cookie string }{
	{"SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_SECURE", "session cookie"},
	{"REMEMBER_COOKIE_SAMESITE", "REMEMBER_COOKIE_SECURE", "remember-me cookie"},
}

// settingGroup is one assignment and every production configuration that
// runs with it (a base class value inherited by several).
type settingGroup struct {
	model.Setting
	configs []*model.ConfigClass
}

// groupByNode merges query results that share an assignment.
func groupByNode(settings []model.Setting) []*settingGroup {
	var out []*settingGroup
	index := make(map[model.Ref]*settingGroup)
	for _, s := range settings {
		ref := model.Ref{Module: s.Module, Node: s.Node}
		g := index[ref]
		if g == nil {
			g = &settingGroup{Setting: s}
			index[ref] = g
			out = append(out, g)
		}
		if s.Config != nil {
			g.configs = append(g.configs, s.Config)
		}
	}
	return out
}

// describe says who sets the value and how it reaches production:
// "ProductionConfig sets K = v", "Config sets K = v and ProductionConfig
// inherits it", or "app.config gets K = v outside any debug or testing
// branch".
func (g *settingGroup) describe() string {
	value := g.Module.File.Text(g.Value.Node)
	if g.Value.Node == parser.NoNode {
		value = "None"
	}
	set := fmt.Sprintf("%s = %s", g.Key, value)
	if g.Class == nil {
		return "app.config gets " + set + " outside any debug or testing branch"
	}
	var heirs []string
	for _, c := range g.configs {
		if c != g.Class {
			heirs = append(heirs, c.Name)
		}
	}
	switch {
	case len(heirs) == 1:
		return fmt.Sprintf("%s sets %s and %s inherits it", g.Class.Name, set, heirs[0])
	case len(heirs) > 1:
		return fmt.Sprintf("%s sets %s and %s inherit it", g.Class.Name, set, joinAnd(heirs))
	case g.Class.Env != model.EnvProduction:
		return fmt.Sprintf("%s sets %s and no production config overrides it",
			g.Class.Name, set)
	}
	return fmt.Sprintf("%s sets %s", g.Class.Name, set)
}

// checkFalseFlags reports production values that turn a flag off.
func checkFalseFlags(pass *rule.Pass, cfg *model.ConfigModel) {
	for _, fk := range flagKeys {
		settings := cfg.ProductionSettings(fk.key)
		for _, g := range groupByNode(settings) {
			if truthy, known := g.Value.Truth(); !known || truthy {
				continue // True, or decided at run time (an environment variable)
			}
			if g.Via == "setdefault" && anyMayBeTrue(settings) {
				continue // a default that another production assignment replaces
			}
			pass.ReportNode(g.Module.File, g.Node, fmt.Sprintf(
				"%s, so the %s %s in production; set %s = True",
				g.describe(), fk.cookie, fk.effect, fk.key))
		}
	}
}

// checkSameSiteNone reports SameSite "None" in production without Secure:
// browsers reject such a cookie.
func checkSameSiteNone(pass *rule.Pass, cfg *model.ConfigModel) {
	for _, k := range sameSiteKeys {
		for _, g := range groupByNode(cfg.ProductionSettings(k.sameSite)) {
			if !isNoneString(g.Value) || secureMayBeOn(cfg, g, k.secure) {
				continue
			}
			pass.ReportNode(g.Module.File, g.Node, fmt.Sprintf(
				`%s, but %s is not True there, so browsers reject the %s; `+
					`set %s = True or use "Lax"`,
				g.describe(), k.secure, k.cookie, k.secure))
		}
	}
}

// isNoneString reports whether a value is the string "None" (any case).
// Python None is different: Flask then leaves the attribute off.
func isNoneString(v model.Value) bool {
	return v.Kind == model.ValueString && strings.EqualFold(v.Str, "none")
}

// secureMayBeOn reports whether the configurations that run with a
// SameSite value may also turn Secure on: a true or run-time value set on
// the app or in one of those configurations, or, when none is seen,
// configuration the model cannot read.
func secureMayBeOn(cfg *model.ConfigModel, g *settingGroup, secureKey string) bool {
	relevant := false
	for _, s := range cfg.ProductionSettings(secureKey) {
		if s.Config != nil && g.Config != nil && !containsClass(g.configs, s.Config) {
			continue // another configuration's value
		}
		relevant = true
		if truthy, known := s.Value.Truth(); truthy || !known {
			return true
		}
	}
	return !relevant && len(cfg.Opaque) > 0
}

// anyMayBeTrue reports whether any of the values is true or decided at run
// time.
func anyMayBeTrue(settings []model.Setting) bool {
	for _, s := range settings {
		if truthy, known := s.Value.Truth(); truthy || !known {
			return true
		}
	}
	return false
}

// containsClass reports whether list holds c.
func containsClass(list []*model.ConfigClass, c *model.ConfigClass) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// talismanNames are Flask-Talisman's extension class; it sets
// SESSION_COOKIE_SECURE (and HttpOnly) on the app unless told not to.
var talismanNames = []string{"flask_talisman.Talisman", "flask_talisman.talisman.Talisman"}

// checkTalisman reports Talisman(..., session_cookie_secure=False) in
// production code and returns whether a Talisman call outside tests keeps
// the session cookie Secure.
func checkTalisman(pass *rule.Pass) (securesSession bool) {
	for _, call := range pass.Project.Calls(talismanNames...) {
		if !model.BranchEnvironment(call.Module, call.Node).ReachesProduction() {
			continue
		}
		f := call.File()
		arg := model.KeywordArg(f, call.Node, "session_cookie_secure")
		if arg == parser.NoNode {
			securesSession = true
			continue
		}
		v := pass.Project.ValueOf(call.Module, arg)
		if truthy, known := v.Truth(); truthy || !known {
			securesSession = true
			continue
		}
		pass.ReportNode(f, f.Parent(arg), fmt.Sprintf(
			"Talisman(session_cookie_secure=%s) turns the Secure flag of the session cookie "+
				"off, so it is also sent over plain HTTP; drop the argument", f.Text(arg)))
	}
	return securesSession
}
