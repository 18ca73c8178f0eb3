package hcflask004

import (
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/rules/rule"
)

// checkSelections reports each load that gives production a development
// or testing configuration, once per load and class, at the load.
func checkSelections(pass *rule.Pass, cm *model.ConfigModel) {
	for _, s := range cm.Selections {
		if s.Env != model.EnvProduction {
			continue
		}
		for _, c := range s.Choices {
			if c.Class == nil || c.Class.Env.ReachesProduction() {
				continue
			}
			l := s.Load
			at := model.Origin{Module: l.Module, Node: l.Node}
			report(pass, at, selectionMessage(c), relatedOf(c.Reasons, at)...)
		}
	}
}

// selectionMessage explains how production ends up with the class and
// what to change.
func selectionMessage(c model.Choice) string {
	var why []string
	for _, r := range c.Reasons {
		why = append(why, r.Text)
	}
	return fmt.Sprintf("production loads %s, a %s configuration%s: %s; %s",
		c.Class.Name, c.Class.Env, debugNote(c.Class), strings.Join(why, "; "), selectionFix(c))
}

// debugNote mentions that the class turns debug mode on.
func debugNote(c *model.ConfigClass) string {
	s := c.Lookup("DEBUG")
	if s == nil {
		return ""
	}
	if t, known := s.Value.Truth(); known && t {
		return " that turns DEBUG on"
	}
	return ""
}

// selectionFix says what to change: the variable a production file sets,
// the variable production leaves unset, or the default itself.
func selectionFix(c model.Choice) string {
	switch {
	case c.Var != nil:
		return fmt.Sprintf("set %s to a production configuration in %s", c.Var.Key, c.Var.Source)
	case c.Unset != "":
		return fmt.Sprintf("set %s for production in the deployment, or make the default a "+
			"production configuration", c.Unset)
	case c.Default:
		return "make the default a production configuration"
	}
	return "select a production configuration there"
}
