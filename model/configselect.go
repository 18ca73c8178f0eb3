package model

// Which configuration each environment selects and why, and the effective
// value of a key per environment with the file and line it comes from.

import (
	"bytes"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/parser/deployfile"
)

// Selection is what one configuration load gives one environment.
type Selection struct {
	Load    *ConfigLoad
	Env     Environment
	Choices []Choice // in the order found; at most one per class
}

// Choice is one configuration a load may give an environment.
type Choice struct {
	Class *ConfigClass // nil when the model cannot tell what is loaded
	// Default is true when a default decided it: a factory parameter's
	// default, an environment lookup's default because no file of the
	// environment sets the variable, or an `or` fallback.
	Default bool
	// Reasons say how the choice was made, from the load outward: the
	// call that passes the name, the file that sets the variable, the dict
	// entry that maps it to the class.
	Reasons []Reason
	Var     *EnvVar // the variable setting that decided it, if one did
	// Unset is the environment variable no file of the environment sets,
	// when its absence let a default decide.
	Unset string
}

// Classes returns the classes the selection may load.
func (s *Selection) Classes() []*ConfigClass {
	var out []*ConfigClass
	for _, c := range s.Choices {
		if c.Class != nil {
			out = append(out, c.Class)
		}
	}
	return out
}

// Known reports whether every choice names a configuration.
func (s *Selection) Known() bool {
	for _, c := range s.Choices {
		if c.Class == nil {
			return false
		}
	}
	return len(s.Choices) > 0
}

// selectEnvs are the environments selections are computed for.
var selectEnvs = []Environment{EnvDevelopment, EnvTesting, EnvProduction}

// buildEnvironments adds the environments to the configuration model:
// the variables of the deployment files, one evaluator per environment,
// the selections, and the classes classified by how they are selected.
func (b *configBuilder) buildEnvironments() {
	cm := b.cm
	ef := newEnvFiles(b.p)
	cm.b, cm.envs = b, ef
	cm.EnvVars = ef.collectEnvVars()
	b.confineDevScripts()
	cm.evals = make(map[Environment]*evaluator)
	for _, env := range selectEnvs {
		e := newEvaluator(b, ef, cm.EnvVars, env)
		cm.evals[env] = e
		for _, l := range cm.Loads {
			if settingRuns(ef.codeEnvironment(l.Module, l.Node), env) {
				cm.Selections = append(cm.Selections, e.selection(l))
			}
		}
	}
	b.classifyBySelection()
}

// confineDevScripts marks the loads and app settings of development
// scripts (run.py calling app.run, which nothing in production runs) as
// development.
func (b *configBuilder) confineDevScripts() {
	ef := b.cm.envs
	for _, l := range b.cm.Loads {
		if l.Env == EnvBase && ef.isDevScript(l.Module) {
			l.Env = EnvDevelopment
		}
	}
	for _, s := range b.cm.AppSettings {
		if s.Env == EnvBase && ef.isDevScript(s.site) {
			s.Env = EnvDevelopment
		}
	}
}

// selection resolves one load in the evaluator's environment.
func (e *evaluator) selection(l *ConfigLoad) *Selection {
	s := &Selection{Load: l, Env: e.env}
	at := pyOrigin(l.Module, l.Node)
	switch {
	case l.Method == "from_object":
		for _, v := range e.eval(l.Module, loadArgument(l), 0) {
			s.add(e.choiceOf(v))
		}
	case len(l.Classes) == 1 && !l.Opaque:
		s.add(Choice{Class: l.Classes[0], Reasons: []Reason{{Origin: at,
			Text: fmt.Sprintf("%s loads %s", l.Method, l.Classes[0].Module.File.Path)}}})
	default:
		s.add(Choice{Reasons: []Reason{{Origin: at, Text: e.opaqueText(l)}}})
	}
	if len(s.Choices) == 0 {
		s.add(Choice{Reasons: []Reason{{Origin: at, Text: "no configuration is seen"}}})
	}
	return s
}

// opaqueText says where a load the model cannot read takes its values.
func (e *evaluator) opaqueText(l *ConfigLoad) string {
	switch l.Method {
	case "from_envvar":
		for _, v := range e.vars[l.Var] {
			return fmt.Sprintf("from_envvar loads the file %s names (%s)", l.Var, v.Describe())
		}
		return fmt.Sprintf("from_envvar loads the file the variable %s names", l.Var)
	case "from_prefixed_env":
		return fmt.Sprintf("from_prefixed_env reads the %s_* variables", l.Prefix)
	case "from_pyfile":
		return "from_pyfile reads a file outside the repository"
	}
	return l.Method + " loads values the model cannot see"
}

// loadArgument is the object passed to from_object.
func loadArgument(l *ConfigLoad) parser.NodeID {
	f := l.Module.File
	if args := positionalArgs(f, l.Node); len(args) > 0 {
		return args[0]
	}
	return KeywordArg(f, l.Node, "obj")
}

// add appends a choice unless one for the same class (or a second unknown
// one) is there already.
func (s *Selection) add(c Choice) {
	for _, old := range s.Choices {
		if old.Class == c.Class {
			return
		}
	}
	s.Choices = append(s.Choices, c)
}

// choiceOf turns an evaluated from_object argument into a choice: a class,
// or a dotted name of one.
func (e *evaluator) choiceOf(v aval) Choice {
	c := Choice{Default: v.dflt, Reasons: v.reasons, Var: v.envVar, Unset: v.unset}
	switch v.kind {
	case valClass:
		c.Class = v.class
	case valString:
		c.Class = e.b.classByDotted(v.str)
		if mod := e.p.ModuleByName(v.str); c.Class == nil && mod != nil {
			c.Class = e.b.modules[mod]
		}
		if c.Class == nil {
			c.Class = e.instanceByDotted(v.str)
		}
		if c.Class == nil {
			c.Reasons = append(slices.Clone(c.Reasons), Reason{Origin: v.at,
				Text: fmt.Sprintf("%q names nothing the model can see", v.str)})
		}
	}
	return c
}

// instanceByDotted resolves a dotted name to a module-level variable
// holding a config class or an instance of one (`Config = ServerConfig()`).
func (e *evaluator) instanceByDotted(s string) *ConfigClass {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return nil
	}
	mod := e.p.ModuleByName(s[:i])
	if mod == nil {
		return nil
	}
	def, ok := mod.Defs[s[i+1:]]
	if !ok || !mod.File.Is(def, "assignment") {
		return nil
	}
	for _, v := range e.eval(mod, finalRight(mod.File, def), 1) {
		if v.kind == valClass {
			return v.class
		}
	}
	return nil
}

// classifyBySelection classifies the classes that show no sign of an
// environment by the one environment that selects them, if only one does.
func (b *configBuilder) classifyBySelection() {
	used := make(map[*ConfigClass]map[Environment]bool)
	for _, s := range b.cm.Selections {
		for _, c := range s.Classes() {
			if used[c] == nil {
				used[c] = make(map[Environment]bool)
			}
			used[c][s.Env] = true
		}
	}
	for _, c := range b.cm.Classes {
		if c.EnvReason != noEnvSign || len(used[c]) != 1 {
			continue
		}
		for env := range used[c] {
			c.Env, c.EnvReason = env, "selected only by "+env.String()+" code"
		}
	}
}

// Selected returns how an environment selects an app's configuration:
// one selection per load that runs there, in path and source order. A nil
// app matches every load.
func (cm *ConfigModel) Selected(app *App, env Environment) []*Selection {
	var out []*Selection
	for _, s := range cm.Selections {
		if s.Env == env && appMatches(s.Load.App, app) {
			out = append(out, s)
		}
	}
	return out
}

// appMatches reports whether something bound to app a concerns app.
func appMatches(a, app *App) bool {
	return a == nil || app == nil || a == app
}

// Vars returns the settings of an environment variable in an
// environment's files, or where none, in its Python code.
func (cm *ConfigModel) Vars(env Environment, key string) []*EnvVar {
	if e := cm.evals[env]; e != nil {
		return e.vars[key]
	}
	return nil
}

// ProcessEnvironment returns the environment of the file a process is
// found in (see the package comment of configenv.go).
func (cm *ConfigModel) ProcessEnvironment(pr *Process) Environment {
	return cm.envs.procs[pr].env
}

// Runners returns the processes of an environment that serve the app.
func (cm *ConfigModel) Runners(env Environment) []*Process {
	return cm.envs.runners(env)
}

// Effective is one value a configuration key may have in an environment.
type Effective struct {
	Key string
	Env Environment
	App *App
	// Setting is the assignment; nil for a value from_prefixed_env reads
	// straight from an environment variable.
	Setting *Setting
	// Config is the configuration that runs with the value: the selected
	// class or one it inherits it from is Setting.Class. Nil for an
	// assignment on app.config.
	Config *ConfigClass
	// Assumed is true when the environment's selection could not be
	// resolved and Config is one of the classes named for the environment.
	Assumed bool
	// Value is what the environment gets; ValueUnknown when it is decided
	// at run time. Its Node is NoNode when the value is written in a
	// non-Python file: see At.
	Value   Value
	At      Origin  // where that value is written: a literal, a default, a file line
	Var     *EnvVar // the variable setting that supplies it
	Default bool    // a default decided it, as no file of the environment sets the variable
	// Unset is the environment variable no file of the environment sets,
	// when its absence let a default decide.
	Unset   string
	Reasons []Reason
}

// configUse is a configuration an environment runs an app with.
type configUse struct {
	class   *ConfigClass
	reasons []Reason
	assumed bool
}

// Effective returns the values key may have when env runs app: the value
// each selected configuration runs with (its own or inherited), the
// assignments on the app's config that run there, and values
// from_prefixed_env reads from the environment's files. Environment
// lookups are resolved against the environment's files, falling back on
// their defaults. The order is configurations, then app assignments in
// source order: later ones usually win, but the order of loads is not
// modelled. A nil app matches everything.
func (cm *ConfigModel) Effective(app *App, env Environment, key string) []Effective {
	var out []Effective
	for _, u := range cm.configsFor(app, env) {
		for _, s := range cm.inForce(u.class, key, env) {
			out = append(out, cm.resolve(app, s, u, env)...)
		}
	}
	for _, s := range cm.AppSettings {
		if s.Key == key && appMatches(s.App, app) && settingRuns(s.Env, env) {
			out = append(out, cm.resolve(app, s, configUse{}, env)...)
		}
	}
	return append(out, cm.prefixedValues(app, env, key)...)
}

// inForce returns the assignments of key that may be in force for a
// configuration in env, following its method resolution order: in the
// first class that sets the key, the last assignment that surely runs and
// the conditional ones after it whose branch may run; when none surely
// runs, the next class's too.
func (cm *ConfigModel) inForce(c *ConfigClass, key string, env Environment) []*Setting {
	e := cm.evals[env]
	var out []*Setting
	for _, k := range c.MRO() {
		var kept []*Setting
		settled := false
		for _, s := range k.Settings {
			if s.Key != key {
				continue
			}
			taken, known := true, true
			if s.Conditional && e != nil {
				taken, known = e.branchTaken(s)
			}
			switch {
			case known && taken:
				kept, settled = []*Setting{s}, true
			case !known:
				kept = append(kept, s)
			}
		}
		out = append(out, kept...)
		if settled {
			return out
		}
	}
	return out
}

// branchTaken reports whether the if, elif or else branches around a
// conditional class or module value run in the evaluator's environment.
func (e *evaluator) branchTaken(s *Setting) (taken, known bool) {
	stop := s.Module.File.Root()
	if s.Class != nil {
		stop = s.Class.Node
	}
	return e.pathTaken(s.Module, s.Node, stop)
}

// pathTaken reports whether the branches between n and the enclosing
// stop node (a class, function or module) run.
func (e *evaluator) pathTaken(m *Module, n, stop parser.NodeID) (taken, known bool) {
	f := m.File
	taken, known = true, true
	for c, a := n, f.Parent(n); a != parser.NoNode && a != stop; c, a = a, f.Parent(a) {
		t, k := e.clauseTaken(m, a, c)
		if k && !t {
			return false, true
		}
		taken, known = taken && t, known && k
	}
	return taken, known
}

// clauseTaken reports whether child c of a runs: the consequence of an if
// or elif, the body of an else; an except clause may or may not.
func (e *evaluator) clauseTaken(m *Module, a, c parser.NodeID) (taken, known bool) {
	f := m.File
	switch f.Kind(a) {
	case "if_statement", "elif_clause":
		if f.Field(a, "consequence") != c {
			return true, true
		}
		t, k := e.truthOf(m, f.Field(a, "condition"))
		if f.Is(a, "elif_clause") {
			before, kb := e.earlierFalse(m, f.Parent(a), a)
			return t && before, (k && kb) || (k && !t) || (kb && !before)
		}
		return t, k
	case "else_clause":
		if f.Field(a, "body") == c {
			return e.earlierFalse(m, f.Parent(a), a)
		}
	case "except_clause":
		return false, false
	}
	return true, true
}

// earlierFalse reports whether the condition of an if statement and of its
// elif clauses before clause are all false.
func (e *evaluator) earlierFalse(m *Module, ifStmt, clause parser.NodeID) (allFalse, known bool) {
	f := m.File
	conds := []parser.NodeID{f.Field(ifStmt, "condition")}
	for _, alt := range f.FieldAll(ifStmt, "alternative") {
		if alt == clause {
			break
		}
		if f.Is(alt, "elif_clause") {
			conds = append(conds, f.Field(alt, "condition"))
		}
	}
	allFalse, known = true, true
	for _, cond := range conds {
		t, k := e.truthOf(m, cond)
		if k && t {
			return false, true
		}
		known = known && k
	}
	return allFalse, known
}

// truthOf evaluates a condition: known when every value it may have has
// the same truth.
func (e *evaluator) truthOf(m *Module, cond parser.NodeID) (truthy, known bool) {
	vals := e.eval(m, cond, 0)
	for i, v := range vals {
		t, k := v.truth()
		if !k || (i > 0 && t != truthy) {
			return false, false
		}
		truthy = t
	}
	return truthy, len(vals) > 0
}

// settingRuns reports whether configuration code confined to branch
// runs in env. Unconfined code, such as a factory's body, runs in every
// environment, tests included.
func settingRuns(branch, env Environment) bool {
	return branch == env || branch == EnvBase
}

// configsFor returns the configurations env runs app with. A load whose
// choice cannot be resolved, or a project with config classes but no load
// the model can see, brings the classes named for the environment (for
// production, ProductionClasses), marked assumed.
func (cm *ConfigModel) configsFor(app *App, env Environment) []configUse {
	var out []configUse
	seen := map[*ConfigClass]bool{}
	add := func(c *ConfigClass, rs []Reason, assumed bool) {
		if !seen[c] {
			seen[c] = true
			out = append(out, configUse{class: c, reasons: rs, assumed: assumed})
		}
	}
	fallback := len(cm.Loads) == 0 // classes, but no load the model can see
	for _, s := range cm.Selected(app, env) {
		for _, c := range s.Choices {
			if c.Class != nil {
				add(c.Class, c.Reasons, false)
			}
		}
		fallback = fallback || len(s.Classes()) == 0
	}
	if fallback {
		for _, c := range cm.namedFor(env) {
			add(c, nil, true)
		}
	}
	return out
}

// namedFor returns the classes classified for env; for production, the
// base classes when there is no production class.
func (cm *ConfigModel) namedFor(env Environment) []*ConfigClass {
	if env == EnvProduction {
		return cm.ProductionClasses()
	}
	return cm.classesIn(env)
}

// resolve evaluates one setting in env.
func (cm *ConfigModel) resolve(app *App, s *Setting, u configUse, env Environment) []Effective {
	base := Effective{Key: s.Key, Env: env, App: app, Setting: s, Config: u.class,
		Assumed: u.assumed, Value: s.Value, At: pyOrigin(s.Module, s.Node)}
	if base.Config == nil {
		base.Config = s.Class
	}
	switch s.Value.Kind {
	case ValueBool, ValueString, ValueInt, ValueNone:
		if s.Value.Node != parser.NoNode {
			base.At = pyOrigin(s.Module, s.Value.Node)
		}
		return []Effective{base}
	}
	e := cm.evals[env]
	if e == nil || s.Value.Node == parser.NoNode {
		return []Effective{base}
	}
	var out []Effective
	seen := map[string]bool{}
	for _, v := range e.eval(s.Module, s.Value.Node, 0) {
		key := fmt.Sprint(v.kind, v.str, v.num, v.flag, v.at.String())
		if seen[key] {
			continue // the same value reached two ways
		}
		seen[key] = true
		eff := base
		eff.Value, eff.Var, eff.Default, eff.Reasons = v.toValue(), v.envVar, v.dflt, v.reasons
		eff.Unset = v.unset
		if !v.at.IsZero() {
			eff.At = v.at
		}
		out = append(out, eff)
	}
	return out
}

// prefixedValues returns the values from_prefixed_env loads for key from
// the environment's variables (FLASK_SECRET_KEY for SECRET_KEY).
func (cm *ConfigModel) prefixedValues(app *App, env Environment, key string) []Effective {
	var out []Effective
	for _, l := range cm.Loads {
		if l.Method != "from_prefixed_env" || !appMatches(l.App, app) || !settingRuns(l.Env, env) {
			continue
		}
		for _, v := range cm.Vars(env, l.Prefix+"_"+key) {
			r := Reason{Origin: pyOrigin(l.Module, l.Node),
				Text: "from_prefixed_env reads " + v.Describe()}
			out = append(out, Effective{Key: key, Env: env, App: app, Value: prefixedValue(v),
				At: v.Origin, Var: v, Reasons: []Reason{r}})
		}
	}
	return out
}

// prefixedValue converts a variable as from_prefixed_env does: JSON when
// it parses as a JSON scalar, else the string.
func prefixedValue(v *EnvVar) Value {
	out := Value{Kind: ValueUnknown, Node: parser.NoNode}
	if !v.Literal {
		return out
	}
	switch s := strings.TrimSpace(v.Value); s {
	case "true", "false":
		out.Kind, out.Bool = ValueBool, s == "true"
	case "null":
		out.Kind = ValueNone
	default:
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			out.Kind, out.Int = ValueInt, i
		} else {
			out.Kind, out.Str = ValueString, strings.Trim(v.Value, `"`)
		}
	}
	return out
}

// Keys returns every key env may set for app, sorted.
func (cm *ConfigModel) Keys(app *App, env Environment) []string {
	keys := map[string]bool{}
	for _, u := range cm.configsFor(app, env) {
		for _, k := range u.class.MRO() {
			for _, s := range k.Settings {
				keys[s.Key] = true
			}
		}
	}
	for _, s := range cm.AppSettings {
		if appMatches(s.App, app) && settingRuns(s.Env, env) {
			keys[s.Key] = true
		}
	}
	for _, l := range cm.Loads {
		if l.Method == "from_prefixed_env" && appMatches(l.App, app) && settingRuns(l.Env, env) {
			cm.prefixedKeys(env, l.Prefix+"_", keys)
		}
	}
	return slices.Sorted(maps.Keys(keys))
}

// prefixedKeys adds the keys the variables of env with prefix give.
func (cm *ConfigModel) prefixedKeys(env Environment, prefix string, keys map[string]bool) {
	e := cm.evals[env]
	if e == nil {
		return
	}
	for name := range e.vars {
		if key, ok := strings.CutPrefix(name, prefix); ok && key != "" {
			keys[key] = true
		}
	}
}

// DebugSite is a place that turns Flask's debug mode or debugger on in
// production. HC-FLASK-004 reports exactly these; a rule about the same
// symptom (the debugger reachable in production) can skip them.
type DebugSite struct {
	At Origin
	// Kind is "config" (DEBUG true in production's configuration), "run"
	// (app.run(debug=...) reached in production), "process" (a production
	// process runs `flask run --debug`) or "variable" (FLASK_DEBUG or
	// FLASK_ENV=development in a production file).
	Kind string
	// What describes the site for messages: `ProductionConfig sets DEBUG
	// = True`, `FLASK_DEBUG=1 in Dockerfile`.
	What      string
	Reasons   []Reason
	Effective *Effective // for "config" sites
	Var       *EnvVar    // for "variable" sites
}

// DebugInProduction returns the places that turn debug mode on in
// production, one per location, in this order: configuration values,
// app.run calls, processes, variables. Values of development and testing
// classes are left out: when production selects such a class, the
// selection is the defect (see Selected).
func (cm *ConfigModel) DebugInProduction() []DebugSite {
	var out []DebugSite
	seen := map[string]bool{}
	all := slices.Concat(cm.debugConfig(), cm.debugRuns(), cm.debugProcesses(), cm.debugVariables())
	for _, d := range all {
		if key := d.At.String(); !seen[key] {
			seen[key] = true
			out = append(out, d)
		}
	}
	return out
}

// productionApps returns the apps outside test files, or one nil app when
// there is none, so that project-level configuration is still judged.
func (cm *ConfigModel) productionApps() []*App {
	var out []*App
	for _, app := range cm.b.p.Apps {
		if !app.Module.IsTestFile() {
			out = append(out, app)
		}
	}
	if len(out) == 0 {
		out = append(out, nil)
	}
	return out
}

// debugConfig finds a true DEBUG among production's effective values.
func (cm *ConfigModel) debugConfig() []DebugSite {
	var out []DebugSite
	for _, app := range cm.productionApps() {
		for _, eff := range cm.Effective(app, EnvProduction, "DEBUG") {
			t, known := eff.Value.Truth()
			if !known || !t || (eff.Config != nil && !eff.Config.Env.ReachesProduction()) {
				continue
			}
			d := DebugSite{At: eff.At, Kind: "config", What: eff.Describe(),
				Reasons: eff.Reasons, Effective: &eff}
			if eff.Var == nil || eff.Value.Kind != ValueString || falseLooking(eff.Value.Str) {
				d.At = pyOrigin(eff.Setting.Module, eff.Setting.Node)
			}
			out = append(out, d)
		}
	}
	return out
}

// falseLooking reports whether a string reads as false to a person,
// although Python takes any non-empty string as true.
func falseLooking(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "0", "false", "no", "off", "n", "f":
		return true
	}
	return false
}

// Describe says who sets an effective value, for messages:
// `ProductionConfig sets DEBUG = True`, `Config sets DEBUG = ... and
// ProductionConfig inherits it`, `app.config gets DEBUG = True`.
func (eff *Effective) Describe() string {
	if eff.Setting == nil {
		return fmt.Sprintf("%s gives %s", eff.Reasons[0].Text, eff.Key)
	}
	s := eff.Setting
	set := fmt.Sprintf("%s = %s", s.Key, clip(s.Module.File.Text(s.Value.Node)))
	if s.Value.Node == parser.NoNode {
		set = s.Key + " = None"
	}
	switch {
	case s.Class == nil:
		return "app.config gets " + set
	case eff.Config != nil && eff.Config != s.Class:
		return fmt.Sprintf("%s sets %s and %s inherits it", s.Class.Name, set, eff.Config.Name)
	}
	return fmt.Sprintf("%s sets %s", s.Class.Name, set)
}

// debugRuns finds app.run calls with a true debug argument that run in
// production: outside any development branch, or under
// `if __name__ == "__main__":` in a script a production process runs.
func (cm *ConfigModel) debugRuns() []DebugSite {
	var out []DebugSite
	e := cm.evals[EnvProduction]
	for _, run := range cm.b.p.appRunCalls() {
		m, f := run.Module, run.File()
		arg := KeywordArg(f, run.Node, "debug")
		if args := positionalArgs(f, run.Node); arg == parser.NoNode && len(args) > 2 {
			arg = args[2]
		}
		why, ok := cm.runReachesProduction(m, run.Node)
		if arg == parser.NoNode || !ok {
			continue
		}
		for _, v := range e.eval(m, arg, 0) {
			if t, known := v.truth(); !known || !t {
				continue
			}
			d := DebugSite{At: pyOrigin(m, f.Parent(arg)), Kind: "run",
				What:    fmt.Sprintf("%s runs in production (%s)", clip(f.Text(run.Node)), why),
				Reasons: v.reasons}
			if v.envVar != nil && v.kind == valString && !falseLooking(v.str) {
				d.At = v.envVar.Origin
			}
			out = append(out, d)
			break
		}
	}
	return out
}

// runReachesProduction says whether an app.run call runs in production,
// and why.
func (cm *ConfigModel) runReachesProduction(m *Module, n parser.NodeID) (string, bool) {
	ef := cm.envs
	if env := ef.codeEnvironment(m, n); env.ReachesProduction() {
		return "it is not confined to development code", true
	}
	if !mainGuardOnly(m, n) {
		return "", false
	}
	for _, pr := range ef.runners(EnvProduction) {
		if ef.scriptModule(pr) == m {
			return fmt.Sprintf("%s in %s runs %s as a script", pr.program(), pr.File.Path,
				m.File.Path), true
		}
	}
	return "", false
}

// mainGuardOnly reports whether code at n is confined to development only
// by `if __name__ == "__main__":`, which a script run by production
// passes.
func mainGuardOnly(m *Module, n parser.NodeID) bool {
	if m.IsTestFile() {
		return false
	}
	f := m.File
	guarded := false
	for c, a := n, f.Parent(n); a != parser.NoNode; c, a = a, f.Parent(a) {
		if f.Is(a, "if_statement") && f.Field(a, "consequence") == c && isMainGuard(f, a) {
			guarded = true
			continue
		}
		if env := clauseEnvironment(f, a, c); env == EnvDevelopment || env == EnvTesting {
			return false
		}
	}
	return guarded
}

// isMainGuard reports whether an if statement tests
// `__name__ == "__main__"`.
func isMainGuard(f *parser.File, ifStmt parser.NodeID) bool {
	cond := f.Field(ifStmt, "condition")
	operands := f.NamedChildren(cond)
	return f.Is(cond, "comparison_operator") && len(operands) == 2 &&
		f.Text(operands[0]) == "__name__" && isStringLiteral(f, operands[1], "__main__")
}

// debugProcesses finds production processes that run `flask run --debug`.
func (cm *ConfigModel) debugProcesses() []DebugSite {
	var out []DebugSite
	for _, pr := range cm.Runners(EnvProduction) {
		if pr.Info.Server != deployfile.ServerFlask || pr.Info.Subcommand != "run" ||
			!pr.Info.HasFlag("--debug", "--debugger") {
			continue
		}
		at := fileOrigin(pr.File, pr.Line)
		fe := cm.envs.procs[pr]
		out = append(out, DebugSite{At: at, Kind: "process",
			What:    fmt.Sprintf("%s runs flask run with --debug", pr.File.Path),
			Reasons: []Reason{{Origin: at, Text: pr.File.Path + " is production: " + fe.reason}}})
	}
	return out
}

// debugVariables finds FLASK_DEBUG set true and FLASK_ENV=development in
// the files of production.
func (cm *ConfigModel) debugVariables() []DebugSite {
	var out []DebugSite
	for _, v := range cm.EnvVars {
		if v.Env != EnvProduction || v.Example || v.Python || !v.Literal || !debugVariable(v) {
			continue
		}
		out = append(out, DebugSite{At: v.Origin, Kind: "variable", What: v.Describe(), Var: v,
			Reasons: []Reason{{Origin: v.Origin,
				Text: v.Source + " is production: " + v.EnvReason}}})
	}
	return out
}

// debugVariable reports whether a variable turns debug mode on as Flask
// reads it: FLASK_DEBUG not empty and not 0, false or no;
// FLASK_ENV=development before Flask 2.3.
func debugVariable(v *EnvVar) bool {
	switch v.Key {
	case "FLASK_DEBUG":
		val := strings.ToLower(strings.TrimSpace(v.Value))
		return val != "" && val != "0" && val != "false" && val != "no"
	case "FLASK_ENV":
		return strings.TrimSpace(v.Value) == "development"
	}
	return false
}

// FlaskEnvReads returns the reads of Flask's environment name, which Flask
// 2.3 removed (app.config["ENV"], app.config.get("ENV"), app.env), that
// decide something: a condition, a comparison, a dict key, or the argument
// of a configuration load. Test files are left out.
func (cm *ConfigModel) FlaskEnvReads() []Ref {
	p := cm.b.p
	var out []Ref
	for _, m := range p.Modules {
		if m.IsTestFile() || !bytes.Contains(m.File.Src, []byte("ENV")) &&
			!bytes.Contains(m.File.Src, []byte(".env")) {
			continue
		}
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if f.Is(n, "subscript", "call", "attribute") && p.isFlaskEnvRead(m, n) {
				if decides(f, n) {
					out = append(out, Ref{m, n})
				}
				return false
			}
			return true
		})
	}
	return out
}

// decides reports whether the value of n decides something: it is tested,
// compared, used as a key, or passed to a configuration load. A read
// assigned to a variable that is tested later is not followed.
func decides(f *parser.File, n parser.NodeID) bool {
	for c, a := n, f.Parent(n); a != parser.NoNode; c, a = a, f.Parent(a) {
		switch f.Kind(a) {
		case "comparison_operator", "boolean_operator", "not_operator", "conditional_expression":
			return true
		case "if_statement", "elif_clause", "while_statement":
			return f.Field(a, "condition") == c
		case "subscript":
			return f.Field(a, "subscript") == c
		case "call":
			fn := f.Field(a, "function")
			method := f.Text(f.Field(fn, "attribute"))
			return f.Is(fn, "attribute") && strings.HasPrefix(method, "from_")
		case "argument_list", "parenthesized_expression", "keyword_argument":
			continue
		}
		return false
	}
	return false
}

// FlaskPinnedBelow reports whether every requirements file that names
// Flask pins it below major.minor (flask==2.2.5, flask<2.3, flask~=2.2.0),
// and returns the first pin. It is false when no requirements file names
// Flask or one leaves the version open.
func (p *Project) FlaskPinnedBelow(major, minor int) (bool, Origin) {
	var first Origin
	found := false
	for _, o := range p.Source.Other {
		base := path.Base(o.Path)
		if !strings.HasPrefix(base, "requirements") || path.Ext(base) != ".txt" || o.Err != nil {
			continue
		}
		reqs, _ := deployfile.ParseRequirements(o.Path, o.Src)
		r := reqs.Lookup("flask")
		if r == nil {
			continue
		}
		if !specBelow(r.Spec, [2]int{major, minor}) {
			return false, Origin{}
		}
		if !found {
			first, found = fileOrigin(o, r.Line), true
		}
	}
	return found, first
}

// specBelow reports whether a version specifier allows only versions
// below limit (major, minor).
func specBelow(spec string, limit [2]int) bool {
	for _, clause := range strings.Split(spec, ",") {
		op := strings.TrimRight(clause[:len(clause)-len(strings.TrimLeft(clause, "<>=!~"))], " ")
		v := versionParts(strings.TrimLeft(clause, "<>=!~ "))
		if len(v) == 0 {
			continue
		}
		switch op {
		case "==", "===", "<=":
			if compareVersion(v, limit) < 0 {
				return true
			}
		case "<":
			if compareVersion(v, limit) <= 0 {
				return true
			}
		case "~=":
			if len(v) > 2 && compareVersion(v[:2], limit) < 0 {
				return true
			}
		}
	}
	return false
}

// versionParts reads the leading numbers of a version: "2.2.*" gives
// [2 2].
func versionParts(s string) []int {
	var out []int
	for _, part := range strings.Split(s, ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			break
		}
		out = append(out, n)
	}
	return out
}

// compareVersion compares a version with (major, minor), missing parts
// counting as zero.
func compareVersion(v []int, limit [2]int) int {
	for i := range 2 {
		x := 0
		if i < len(v) {
			x = v[i]
		}
		if x != limit[i] {
			return x - limit[i]
		}
	}
	return 0
}

// flaskDefaults are Flask's defaults for the keys the rules reason about.
var flaskDefaults = map[string]Value{
	"DEBUG":                   {Kind: ValueBool, Node: parser.NoNode},
	"TESTING":                 {Kind: ValueBool, Node: parser.NoNode},
	"SECRET_KEY":              {Kind: ValueNone, Node: parser.NoNode},
	"SESSION_COOKIE_SECURE":   {Kind: ValueBool, Node: parser.NoNode},
	"SESSION_COOKIE_HTTPONLY": {Kind: ValueBool, Bool: true, Node: parser.NoNode},
	"SESSION_COOKIE_SAMESITE": {Kind: ValueNone, Node: parser.NoNode},
	"PROPAGATE_EXCEPTIONS":    {Kind: ValueNone, Node: parser.NoNode},
	"MAX_CONTENT_LENGTH":      {Kind: ValueNone, Node: parser.NoNode},
	"PREFERRED_URL_SCHEME":    {Kind: ValueString, Str: "http", Node: parser.NoNode},
}

// FlaskDefault returns Flask's default for a key among those the rules
// reason about.
func FlaskDefault(key string) (Value, bool) {
	v, ok := flaskDefaults[key]
	return v, ok
}
