package hcflask004

import (
	"fmt"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/rules/rule"
)

// checkDebug reports every place that turns debug mode on in production.
func checkDebug(pass *rule.Pass, cm *model.ConfigModel) {
	for _, d := range cm.DebugInProduction() {
		report(pass, d.At, debugMessage(d), relatedOf(d.Reasons, d.At)...)
	}
}

// debugMessage phrases a debug site.
func debugMessage(d model.DebugSite) string {
	switch d.Kind {
	case "config":
		return configMessage(d)
	case "run":
		return fmt.Sprintf("%s with debug on, which serves the interactive debugger that runs "+
			"any Python sent to it; drop debug=True and serve production with gunicorn or "+
			"another WSGI server", d.What)
	case "process":
		return fmt.Sprintf("%s in production: the development server with the interactive "+
			"debugger; run gunicorn or another WSGI server there instead", d.What)
	}
	return variableMessage(d)
}

// configMessage phrases a true DEBUG in production's configuration.
func configMessage(d model.DebugSite) string {
	eff := d.Effective
	why := ""
	switch {
	case eff.Var != nil && eff.Value.Kind == model.ValueString:
		why = fmt.Sprintf(" (%s gives the string %q, and any non-empty string is true)",
			eff.Var.Source, eff.Value.Str)
	case eff.Default && len(eff.Reasons) > 0:
		why = " (" + eff.Reasons[len(eff.Reasons)-1].Text + ", so the default applies)"
	}
	return fmt.Sprintf("%s, so production runs in debug mode%s; set DEBUG to False for "+
		"production, and convert values read from the environment to a bool", d.What, why)
}

// variableMessage phrases FLASK_DEBUG or FLASK_ENV=development in a
// production file.
func variableMessage(d model.DebugSite) string {
	where := d.What
	if d.Var != nil {
		where = fmt.Sprintf("%s, a production file (%s)", d.What, d.Var.EnvReason)
	}
	if d.Var != nil && d.Var.Key == "FLASK_ENV" {
		return fmt.Sprintf("%s: before Flask 2.3 this turns the debugger on, and from 2.3 "+
			"Flask ignores it; remove it and leave FLASK_DEBUG unset", where)
	}
	return fmt.Sprintf("%s: flask run and app.run then start the interactive debugger; "+
		"remove it or set FLASK_DEBUG=0", where)
}
