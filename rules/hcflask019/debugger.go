package hcflask019

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// checkConfig reports production configuration that shows exception
// details: PROPAGATE_EXCEPTIONS on, and Flask-DebugToolbar enabled.
func checkConfig(pass *rule.Pass, handlers []*model.ErrorHandler) {
	p := pass.Project
	cfg := p.Config()
	if !catchesAll(handlers) {
		for _, s := range trueSettings(cfg, "PROPAGATE_EXCEPTIONS") {
			pass.ReportNode(s.Module.File, s.Node, fmt.Sprintf(
				"%s sets PROPAGATE_EXCEPTIONS = True for production, so an exception no "+
					"error handler catches is re-raised to the WSGI server or a middleware "+
					"instead of becoming Flask's generic 500 page, and they decide what the "+
					"client sees; leave it unset (Flask turns it on in debug and testing mode)",
				owner(s)))
		}
	}

	if len(p.Calls("flask_debugtoolbar.DebugToolbarExtension")) == 0 ||
		len(cfg.ProductionSettings("DEBUG_TB_HOSTS")) > 0 {
		return // no toolbar, or one restricted to a few client addresses
	}
	for _, s := range trueSettings(cfg, "DEBUG_TB_ENABLED") {
		pass.ReportNode(s.Module.File, s.Node, fmt.Sprintf(
			"%s sets DEBUG_TB_ENABLED = True for production, so Flask-DebugToolbar shows "+
				"configuration, SQL queries and request data on every page; enable it only "+
				"in development", owner(s)))
	}
}

// catchesAll reports whether an app-wide error handler outside test code
// handles every exception: then propagation only concerns exceptions the
// handler itself raises, which is how some projects hand errors to a
// monitoring middleware on purpose.
func catchesAll(handlers []*model.ErrorHandler) bool {
	for _, h := range handlers {
		if h.AppWide() && !h.Site.Module.IsTestFile() &&
			(h.Exception == "Exception" || h.Exception == "BaseException") {
			return true
		}
	}
	return false
}

// trueSettings returns the production settings of key whose value is
// known to be true, once per assignment.
func trueSettings(cfg *model.ConfigModel, key string) []model.Setting {
	var out []model.Setting
	seen := map[model.Ref]bool{}
	for _, s := range cfg.ProductionSettings(key) {
		ref := model.Ref{Module: s.Module, Node: s.Node}
		if truthy, known := s.Value.Truth(); !known || !truthy || seen[ref] {
			continue
		}
		seen[ref] = true
		out = append(out, s)
	}
	return out
}

// owner names where a setting is made, for messages.
func owner(s model.Setting) string {
	switch {
	case s.Class != nil:
		return s.Class.Name
	case s.Config != nil:
		return s.Config.Name
	}
	return "app.config"
}

// debuggerApps are the Werkzeug debugger middleware under its names.
var debuggerApps = []string{"werkzeug.debug.DebuggedApplication", "werkzeug.DebuggedApplication"}

// checkDebugger reports the Werkzeug debugger switched on without debug
// mode where production runs: DebuggedApplication wrapping the app, and
// use_debugger=True given to app.run or run_simple. DEBUG and
// app.run(debug=True) are HC-FLASK-004's findings, not repeated here.
func checkDebugger(pass *rule.Pass) {
	p := pass.Project
	for _, call := range p.Calls(debuggerApps...) {
		if !reachesProduction(p, call.Module, call.Node) {
			continue
		}
		console := ""
		if truthyKeyword(call.File(), call.Node, "evalex") {
			console = ", and its console (evalex=True) runs Python code sent by the client"
		}
		pass.ReportNode(call.File(), call.Node, fmt.Sprintf(
			"DebuggedApplication wraps the app where production runs, so the Werkzeug "+
				"debugger shows tracebacks and source code to any client%s; remove it, or "+
				"apply it only when app.debug is set", console))
	}

	for _, m := range p.Modules {
		if bytes.Contains(m.File.Src, []byte("use_debugger")) {
			checkRunCalls(pass, m)
		}
	}
}

// checkRunCalls reports app.run(...) and run_simple(...) calls that pass
// use_debugger=True without debug=True.
func checkRunCalls(pass *rule.Pass, m *model.Module) {
	f := m.File
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if !f.Is(n, "call") || !truthyKeyword(f, n, "use_debugger") {
			return true
		}
		if model.KeywordArg(f, n, "debug") != parser.NoNode ||
			!reachesProduction(pass.Project, m, n) {
			return true // debug=... is HC-FLASK-004's to judge
		}
		kw := model.KeywordArg(f, n, "use_debugger")
		pass.ReportNode(f, f.Parent(kw), fmt.Sprintf(
			"%s passes use_debugger=True where production runs, so the Werkzeug debugger "+
				"shows tracebacks and source code to any client even with debug mode off; "+
				"remove it", short(f.Text(f.Field(n, "function")))+"(...)"))
		return true
	})
}

// truthyKeyword reports whether a call passes a keyword argument whose
// value is a true literal.
func truthyKeyword(f *parser.File, call parser.NodeID, name string) bool {
	v := model.KeywordArg(f, call, name)
	switch f.Kind(v) {
	case "true":
		return true
	case "integer":
		return f.Text(v) != "0"
	}
	return false
}

// reachesProduction reports whether code at n may run in production: not
// in a test file, not in a module named for development, not inside a
// debug or testing branch; code under `if __name__ == "__main__":` counts
// when a production process runs the module as a script.
func reachesProduction(p *model.Project, m *model.Module, n parser.NodeID) bool {
	if m.IsTestFile() || devModule(m.File.Path) {
		return false
	}
	if model.BranchEnvironment(m, n).ReachesProduction() {
		return true
	}
	return underMainGuard(m.File, n) && runAsScript(p, m)
}

// devWords mark a module as a development entry point by its file name.
var devWords = map[string]bool{
	"dev": true, "develop": true, "development": true, "local": true, "debug": true,
}

// devModule reports whether a file is named for development, as
// run_dev.py, dev_server.py or debug.py are.
func devModule(rel string) bool {
	base := strings.TrimSuffix(path.Base(rel), ".py")
	for _, w := range strings.FieldsFunc(base, func(r rune) bool { return r == '_' || r == '-' }) {
		if devWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// runAsScript reports whether a production deployment file runs the
// module as a script (`python app.py`).
func runAsScript(p *model.Project, m *model.Module) bool {
	for _, pr := range p.Deployment().Processes {
		script := strings.TrimPrefix(pr.Info.Script, "./")
		if pr.Dev || script == "" {
			continue
		}
		if script == m.File.Path || path.Base(script) == path.Base(m.File.Path) {
			return true
		}
	}
	return false
}
