package hcflask004

import (
	"fmt"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/rules/rule"
)

// checkFlaskEnvReads reports configuration decided by Flask's ENV setting,
// unless Flask is pinned below 2.3, where it still exists. A read of the
// ENV key is left alone when the project sets that key itself.
func checkFlaskEnvReads(pass *rule.Pass, cm *model.ConfigModel) {
	if pinned, _ := pass.Project.FlaskPinnedBelow(2, 3); pinned {
		return
	}
	ownKey := setsENV(cm)
	for _, r := range cm.FlaskEnvReads() {
		f := r.File()
		attr := f.Is(r.Node, "attribute")
		if ownKey && !attr {
			continue
		}
		effect := "raises KeyError"
		switch {
		case attr:
			effect = "raises AttributeError"
		case f.Is(r.Node, "call"):
			effect = "returns None"
		}
		// A startup crash, not an exposure: a warning where debug in
		// production is an error.
		pass.WithSeverity(lint.SeverityWarning).ReportNode(f, r.Node, fmt.Sprintf(
			"%s decides the configuration, but Flask 2.3 "+
				"removed the ENV setting and no longer reads FLASK_ENV, so this %s; choose the "+
				"configuration with a variable of your own, such as "+
				"os.environ.get(\"APP_ENV\", \"production\")", f.Text(r.Node), effect))
	}
}

// setsENV reports whether the project sets the ENV key itself: in a
// config class, on app.config, or through from_prefixed_env.
func setsENV(cm *model.ConfigModel) bool {
	for _, c := range cm.Classes {
		if c.Lookup("ENV") != nil {
			return true
		}
	}
	for _, s := range cm.AppSettings {
		if s.Key == "ENV" {
			return true
		}
	}
	for _, l := range cm.Loads {
		if l.Method == "from_prefixed_env" {
			return true
		}
	}
	return false
}
