package model

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// explainEnvs is the order environments are explained in.
var explainEnvs = []Environment{EnvDevelopment, EnvTesting, EnvProduction}

// explainDefaults are the keys whose Flask default is shown when a
// configuration leaves them unset.
var explainDefaults = []string{"DEBUG", "TESTING", "SECRET_KEY"}

// ExplainConfig prints, for each Flask app outside test files, the
// configuration each environment (development, testing, production) runs
// with: how each load is resolved and why, every key's value with the
// file and line it comes from, and the environment variables the
// environment's files give the variables the code reads. The output
// depends only on the project, so that it can be compared in tests.
func (p *Project) ExplainConfig(w io.Writer) error {
	cm := p.Config()
	x := &explainer{p: p, cm: cm, read: p.readVarNames()}
	apps := cm.productionApps()
	if apps[0] == nil {
		x.line(0, "no Flask(...) app found; project-wide configuration:")
	}
	for _, app := range apps {
		x.app(app)
	}
	_, err := io.WriteString(w, x.b.String())
	return err
}

// explainer accumulates the explanation.
type explainer struct {
	p    *Project
	cm   *ConfigModel
	read map[string]bool // environment variables the code reads
	b    strings.Builder
}

// line writes one indented line.
func (x *explainer) line(indent int, format string, args ...any) {
	x.b.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(&x.b, format, args...)
	x.b.WriteByte('\n')
}

// app explains one app.
func (x *explainer) app(app *App) {
	if app != nil {
		where := ""
		if app.Factory != nil {
			where = ", in " + app.Factory.Name
		}
		x.line(0, "app %s at %s%s", clip(app.Text()), pyOrigin(app.Module, app.Node), where)
	}
	for _, env := range explainEnvs {
		x.line(1, "%s", env)
		x.loads(app, env)
		x.values(app, env)
		x.variables(env)
	}
}

// loads explains how env resolves each load.
func (x *explainer) loads(app *App, env Environment) {
	sels := x.cm.Selected(app, env)
	if len(sels) == 0 {
		return
	}
	x.line(2, "loads:")
	for _, s := range sels {
		l := s.Load
		x.line(3, "%s %s", pyOrigin(l.Module, l.Node), clip(l.Text()))
		for _, c := range s.Choices {
			x.choice(c)
		}
	}
}

// choice explains one choice of a load.
func (x *explainer) choice(c Choice) {
	name := "unknown"
	if c.Class != nil {
		name = c.Class.Name + " (" + c.Class.Env.String() + ", " + c.Class.EnvReason + ")"
	}
	if c.Default {
		name += ", by default"
	}
	x.line(4, "-> %s", name)
	for _, r := range c.Reasons {
		x.line(5, "%s %s", r.Origin, r.Text)
	}
}

// values lists every key env sets for app, then Flask's defaults for the
// main keys it leaves unset.
func (x *explainer) values(app *App, env Environment) {
	keys := x.cm.Keys(app, env)
	x.line(2, "values:")
	for _, key := range keys {
		for _, eff := range x.cm.Effective(app, env, key) {
			x.value(eff)
		}
	}
	for _, key := range explainDefaults {
		if !slices.Contains(keys, key) {
			v, _ := FlaskDefault(key)
			x.line(3, "%s = %s (Flask's default)", key, renderValue(v, ""))
		}
	}
}

// value explains one effective value.
func (x *explainer) value(eff Effective) {
	text := ""
	if eff.At.IsPython() {
		text = eff.At.Text()
	}
	x.line(3, "%s = %s  %s, %s", eff.Key, renderValue(eff.Value, text), eff.At, setBy(eff))
	if eff.Var != nil || eff.Default {
		if n := len(eff.Reasons); n > 0 {
			x.line(4, "because %s", eff.Reasons[n-1].Text)
		}
	}
}

// setBy says which configuration sets an effective value and where.
func setBy(eff Effective) string {
	s := eff.Setting
	if s == nil {
		return "read by from_prefixed_env"
	}
	at := ""
	if o := pyOrigin(s.Module, s.Node); o.LineNumber() != eff.At.LineNumber() ||
		o.Path() != eff.At.Path() {
		at = " at " + o.String()
	}
	who := "app.config"
	if s.Class != nil {
		who = s.Class.Name
		if eff.Config != nil && eff.Config != s.Class {
			who += " for " + eff.Config.Name
		}
	}
	if eff.Assumed {
		who += " (assumed: the selection is unknown)"
	}
	return "set by " + who + at
}

// renderValue shows a value as Python would write it; an unknown one by
// its source text.
func renderValue(v Value, text string) string {
	switch v.Kind {
	case ValueBool:
		return map[bool]string{true: "True", false: "False"}[v.Bool]
	case ValueString:
		return strconv.Quote(v.Str)
	case ValueInt:
		return strconv.FormatInt(v.Int, 10)
	case ValueNone:
		return "None"
	}
	if text == "" {
		return "<decided at run time>"
	}
	return "<decided at run time: " + clip(text) + ">"
}

// variables lists the variables env's files set that the code reads or
// Flask reads (FLASK_*).
func (x *explainer) variables(env Environment) {
	var lines []string
	for _, v := range x.cm.EnvVars {
		pythonDefault := v.Python && v.Env == EnvBase && env != EnvTesting
		if v.Example || (v.Env != env && !pythonDefault) {
			continue
		}
		if x.read[v.Key] || strings.HasPrefix(v.Key, "FLASK_") {
			lines = append(lines, fmt.Sprintf("%s %s=%s", v.Origin, v.Key, v.Value))
		}
	}
	if len(lines) == 0 {
		return
	}
	x.line(2, "variables:")
	for _, l := range lines {
		x.line(3, "%s", l)
	}
}

// readVarNames returns the environment variables the project's code reads
// by name.
func (p *Project) readVarNames() map[string]bool {
	out := map[string]bool{}
	for _, r := range p.Calls("os.getenv", "os.environ.get", "os.environ.setdefault") {
		if v, ok := p.envLookup(r.Module, r.Node); ok {
			out[v.EnvVar] = true
		}
	}
	for _, r := range p.Names("os.environ") {
		parent := r.File().Parent(r.Node)
		if v, ok := p.envLookup(r.Module, parent); ok {
			out[v.EnvVar] = true
		}
	}
	for _, l := range p.Config().Loads {
		if l.Var != "" {
			out[l.Var] = true
		}
	}
	return out
}
