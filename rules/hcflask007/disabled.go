package hcflask007

import (
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// checkDisabled reports production configuration that turns CSRF
// protection off, in an app that keeps users logged in with a cookie. It
// returns whether it reported anything, so that forms are not judged
// against a check that does not run.
func (c *checker) checkDisabled() bool {
	if c.cookieAuth().Module == nil {
		return false // no cookie session to forge requests with
	}
	reported := false
	if c.usesFlaskWTF() {
		reported = c.reportFalse("WTF_CSRF_ENABLED",
			"so Flask-WTF accepts forms and requests without a CSRF token in production; "+
				"remove it and turn CSRF off only in the testing config")
		if len(c.prot.manual) == 0 && len(c.prot.exts) > 0 {
			reported = c.reportFalse("WTF_CSRF_CHECK_DEFAULT",
				"so CSRFProtect checks only views that call csrf.protect(), and nothing "+
					"calls it; remove it, or call csrf.protect() in a before_request hook") ||
				reported
		}
	}
	if c.usesSeaSurf() {
		reported = c.reportTrue("CSRF_DISABLE",
			"so SeaSurf checks no request in production; remove it outside the testing "+
				"config") || reported
	}
	return reported
}

// usesFlaskWTF reports whether code outside tests imports Flask-WTF.
func (c *checker) usesFlaskWTF() bool {
	return c.imports("flask_wtf")
}

// usesSeaSurf reports whether the project creates a SeaSurf object.
func (c *checker) usesSeaSurf() bool {
	for _, e := range c.prot.exts {
		if e.Kind == model.ExtSeaSurf {
			return true
		}
	}
	return false
}

// imports reports whether a module outside tests imports a package.
func (c *checker) imports(pkg string) bool {
	for _, m := range c.p.Modules {
		if m.IsTestFile() {
			continue
		}
		for _, q := range m.Imports {
			if q == pkg || strings.HasPrefix(q, pkg+".") {
				return true
			}
		}
	}
	return false
}

// reportFalse reports each production assignment of key to a known false
// value.
func (c *checker) reportFalse(key, effect string) bool {
	return c.reportSettings(key, effect, false)
}

// reportTrue reports each production assignment of key to a known true
// value.
func (c *checker) reportTrue(key, effect string) bool {
	return c.reportSettings(key, effect, true)
}

// reportSettings reports the production assignments of key whose value
// is known and equal to want, once per assignment.
func (c *checker) reportSettings(key, effect string, want bool) bool {
	reported := false
	for _, g := range groupByNode(c.cm.ProductionSettings(key)) {
		truthy, known := g.Value.Truth()
		if !known || truthy != want {
			continue // decided at run time, or the safe value
		}
		c.pass.ReportNode(g.Module.File, g.Node, g.describe()+", "+effect)
		reported = true
	}
	return reported
}

// settingGroup is one assignment and the production configurations that
// run with it.
type settingGroup struct {
	model.Setting
	configs []*model.ConfigClass
}

// groupByNode merges query results that share an assignment.
func groupByNode(settings []model.Setting) []*settingGroup {
	var out []*settingGroup
	index := map[model.Ref]*settingGroup{}
	for _, s := range settings {
		ref := model.Ref{Module: s.Module, Node: s.Node}
		g := index[ref]
		if g == nil {
			g = &settingGroup{Setting: s}
			index[ref] = g
			out = append(out, g)
		}
		if s.Config != nil && s.Config != s.Class {
			g.configs = append(g.configs, s.Config)
		}
	}
	return out
}

// describe says who sets the value and how it reaches production.
func (g *settingGroup) describe() string {
	value := "None"
	if g.Value.Node != parser.NoNode {
		value = g.Module.File.Text(g.Value.Node)
	}
	set := fmt.Sprintf("%s = %s", g.Key, value)
	if g.Class == nil {
		return "app.config gets " + set + " outside any testing or debug branch"
	}
	var heirs []string
	for _, k := range g.configs {
		heirs = append(heirs, k.Name)
	}
	switch {
	case len(heirs) > 0:
		return fmt.Sprintf("%s sets %s and %s inherit%s it", g.Class.Name, set,
			strings.Join(heirs, ", "), map[bool]string{true: "s", false: ""}[len(heirs) == 1])
	case g.Class.Env != model.EnvProduction:
		return fmt.Sprintf("%s sets %s and no production config overrides it", g.Class.Name, set)
	}
	return fmt.Sprintf("%s sets %s", g.Class.Name, set)
}
