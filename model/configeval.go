package model

// Evaluation of configuration expressions as one environment runs them:
// names, parameters and the calls that bind them, environment lookups,
// dictionaries, comparisons, conversions and string building, each value
// carrying the reasons that decided it.

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/flasklint/flasklint/parser"
)

// maxChoices bounds how many values one expression may evaluate to.
const maxChoices = 16

// maxEvalDepth bounds how many names, parameters, calls and returns one
// evaluation follows.
const maxEvalDepth = 12

// valKind says what an evaluated value is.
type valKind int

// Kinds of evaluated values.
const (
	valUnknown valKind = iota
	valString
	valBool
	valInt
	valNone
	valClass
	valDict
)

// aval is one value an expression may have in an environment, with how it
// was arrived at.
type aval struct {
	kind     valKind
	str      string
	num      int64
	flag     bool
	class    *ConfigClass
	dict     []ConfigDictEntry
	dictMod  *Module
	dictName string
	at       Origin // where the value is written
	reasons  []Reason
	set      bool    // an unknown value the deployment supplies: taken as non-empty
	dflt     bool    // a default decided it: a parameter's, a lookup's, an `or` fallback
	envVar   *EnvVar // the variable setting that supplied it
	unset    string  // the variable no file of the environment sets, when that decided it
}

// truth returns the value's Python truthiness and whether it is known.
func (a aval) truth() (truthy, known bool) {
	switch a.kind {
	case valString:
		return a.str != "", true
	case valBool:
		return a.flag, true
	case valInt:
		return a.num != 0, true
	case valNone:
		return false, true
	case valClass:
		return true, true
	case valDict:
		return len(a.dict) > 0, true
	}
	return a.set, a.set
}

// toValue converts an evaluated value to the model's Value.
func (a aval) toValue() Value {
	v := Value{Node: parser.NoNode}
	if a.at.IsPython() {
		v.Node = a.at.Node
	}
	switch a.kind {
	case valString:
		v.Kind, v.Str = ValueString, a.str
	case valBool:
		v.Kind, v.Bool = ValueBool, a.flag
	case valInt:
		v.Kind, v.Int = ValueInt, a.num
	case valNone:
		v.Kind = ValueNone
	}
	return v
}

// after returns vals with rs placed before their own reasons.
func after(vals []aval, rs ...Reason) []aval {
	out := make([]aval, len(vals))
	for i, v := range vals {
		v.reasons = slices.Concat(rs, v.reasons)
		out[i] = v
	}
	return out
}

// decidedBy marks vals as decided by the value from: a default, and the
// variable whose absence led to it.
func decidedBy(vals []aval, from aval) []aval {
	for i := range vals {
		vals[i].dflt = vals[i].dflt || from.dflt
		if vals[i].unset == "" {
			vals[i].unset = from.unset
		}
	}
	return vals
}

// unknownAt is a value the model cannot evaluate.
func unknownAt(m *Module, n parser.NodeID, rs ...Reason) aval {
	return aval{at: pyOrigin(m, n), reasons: rs}
}

// evaluator evaluates configuration expressions as one environment runs
// them. It is read-only once built, so rules may share it.
type evaluator struct {
	b    *configBuilder
	p    *Project
	ef   *envFiles
	env  Environment
	vars map[string][]*EnvVar // the values the environment's files give each variable
	// sites are the calls of project functions that the environment's
	// servers make (gunicorn 'app:create_app("production")'), by the
	// function's qualified name; targets the modules they load.
	sites   map[string][]callSite
	targets map[*Module]bool
	// bound holds, while a call of a project function is evaluated, the
	// arguments that call passes, by function and parameter name.
	bound map[Ref]map[string]boundArg
}

// boundArg is the argument a call passes for a parameter.
type boundArg struct {
	e *evaluator // the caller's evaluator, whose bindings the argument sees
	m *Module
	n parser.NodeID // NoNode when the call passes nothing: the default applies
}

// callSite is a call of a factory: a Python call, or a server target.
type callSite struct {
	origin Origin
	text   string // how reasons describe it
	module *Module
	call   parser.NodeID
	args   []targetArg // for a server target
}

// targetArg is one argument of a server target's call.
type targetArg struct {
	name string // "" for a positional argument
	val  aval
}

// newEvaluator prepares the evaluation of one environment.
func newEvaluator(b *configBuilder, ef *envFiles, vars []*EnvVar, env Environment) *evaluator {
	e := &evaluator{
		b: b, p: b.p, ef: ef, env: env, vars: map[string][]*EnvVar{},
		sites: map[string][]callSite{}, targets: map[*Module]bool{},
	}
	e.indexVars(vars)
	e.indexTargets()
	return e
}

// indexVars keeps the variables of the environment: per variable, the
// last setting of each file; Python settings only where no file sets it.
func (e *evaluator) indexVars(vars []*EnvVar) {
	python := map[string][]*EnvVar{}
	for _, v := range vars {
		switch {
		case v.Example:
		case v.Python && (v.Env == e.env || (v.Env == EnvBase && e.env != EnvTesting)):
			python[v.Key] = append(python[v.Key], v)
		case !v.Python && v.Env == e.env:
			e.vars[v.Key] = replaceSameFile(e.vars[v.Key], v)
		}
	}
	for key, list := range python {
		if len(e.vars[key]) == 0 {
			e.vars[key] = list
		}
	}
}

// replaceSameFile adds v, replacing an earlier setting from the same file
// and source, which the later one overrides.
func replaceSameFile(list []*EnvVar, v *EnvVar) []*EnvVar {
	for i, old := range list {
		if old.File == v.File && old.Source == v.Source {
			list[i] = v
			return list
		}
	}
	return append(list, v)
}

// indexTargets reads the targets of the environment's servers and of its
// FLASK_APP variable.
func (e *evaluator) indexTargets() {
	for _, pr := range e.ef.runners(e.env) {
		desc := fmt.Sprintf("%s in %s runs %s", pr.program(), pr.File.Path, pr.Info.Target)
		e.addTarget(pr.Info.Target, pr.Info.Factory, fileOrigin(pr.File, pr.Line), desc)
	}
	for _, v := range e.vars["FLASK_APP"] {
		if v.Literal {
			e.addTarget(v.Value, false, v.Origin, v.Describe())
		}
	}
}

// addTarget records the module a target loads and, when it calls a
// factory, the call.
func (e *evaluator) addTarget(target string, factory bool, at Origin, desc string) {
	mod, expr := e.p.targetOf(target)
	if mod == nil {
		return
	}
	e.targets[mod] = true
	name, raw, isCall := parseTargetCall(expr)
	if name == "" || (!isCall && !factory) {
		return
	}
	qual := e.p.resolveIdentifier(mod, name)
	site := callSite{origin: at, text: desc}
	for _, r := range raw {
		site.args = append(site.args, targetArg{name: r[0], val: e.targetValue(mod, r[1], at)})
	}
	e.sites[qual] = append(e.sites[qual], site)
}

// parseTargetCall splits "create_app('production', debug=False)" into the
// function name and its [name, value] arguments; isCall is false for a
// plain name.
func parseTargetCall(expr string) (name string, args [][2]string, isCall bool) {
	expr = strings.TrimSpace(expr)
	open := strings.IndexByte(expr, '(')
	if open < 0 || !strings.HasSuffix(expr, ")") {
		return expr, nil, false
	}
	for _, part := range splitTopLevel(expr[open+1 : len(expr)-1]) {
		key, value := "", strings.TrimSpace(part)
		if k, v, ok := strings.Cut(value, "="); ok && isIdentifier(strings.TrimSpace(k)) {
			key, value = strings.TrimSpace(k), strings.TrimSpace(v)
		}
		if value != "" {
			args = append(args, [2]string{key, value})
		}
	}
	return strings.TrimSpace(expr[:open]), args, true
}

// splitTopLevel splits at commas outside quotes and brackets.
func splitTopLevel(s string) []string {
	var out []string
	depth, quote, start := 0, byte(0), 0
	for i := range len(s) {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// isIdentifier reports whether s is a Python identifier.
func isIdentifier(s string) bool {
	for i, r := range s {
		if r != '_' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

// targetValue evaluates an argument written in a server target: a quoted
// string, a number, True, False, None or the name of a config class.
func (e *evaluator) targetValue(mod *Module, text string, at Origin) aval {
	v := aval{at: at}
	switch {
	case len(text) >= 2 && (text[0] == '"' || text[0] == '\'') && text[len(text)-1] == text[0]:
		v.kind, v.str = valString, text[1:len(text)-1]
	case text == "True" || text == "False":
		v.kind, v.flag = valBool, text == "True"
	case text == "None":
		v.kind = valNone
	default:
		if c := e.b.all[e.p.resolveIdentifier(mod, text)]; c != nil {
			v.kind, v.class = valClass, c
		} else if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			v.kind, v.num = valInt, i
		}
	}
	return v
}

// eval returns the values an expression may have in the environment.
func (e *evaluator) eval(m *Module, n parser.NodeID, depth int) []aval {
	if n == parser.NoNode || depth > maxEvalDepth {
		return []aval{unknownAt(m, n)}
	}
	out := e.evalKind(m, n, depth)
	if len(out) > maxChoices {
		out = out[:maxChoices]
	}
	return out
}

// evalKind dispatches on the kind of expression.
func (e *evaluator) evalKind(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	switch f.Kind(n) {
	case "string", "integer", "true", "false", "none":
		return []aval{e.literal(m, n)}
	case "parenthesized_expression":
		if inner := f.NamedChildren(n); len(inner) == 1 {
			return e.eval(m, inner[0], depth+1)
		}
	case "identifier":
		return e.name(m, n, depth)
	case "attribute":
		return e.attribute(m, n, depth)
	case "subscript":
		return e.subscript(m, n, depth)
	case "call":
		return e.call(m, n, depth)
	case "boolean_operator":
		return e.boolean(m, n, depth)
	case "not_operator":
		return e.not(m, n, depth)
	case "comparison_operator":
		return e.compare(m, n, depth)
	case "binary_operator":
		return e.concat(m, n, depth)
	case "conditional_expression":
		return e.conditional(m, n, depth)
	case "dictionary":
		if entries := e.b.dictEntries(m, n); entries != nil {
			return []aval{{kind: valDict, dict: entries, dictMod: m, dictName: "the dict",
				at: pyOrigin(m, n)}}
		}
	}
	return []aval{unknownAt(m, n)}
}

// literal evaluates a literal.
func (e *evaluator) literal(m *Module, n parser.NodeID) aval {
	v := e.p.literalValue(m, n)
	a := aval{at: pyOrigin(m, n)}
	switch v.Kind {
	case ValueString:
		a.kind, a.str = valString, v.Str
	case ValueBool:
		a.kind, a.flag = valBool, v.Bool
	case ValueInt:
		a.kind, a.num = valInt, v.Int
	case ValueNone:
		a.kind = valNone
	}
	return a
}

// name evaluates a bare name: a local variable or parameter of the
// enclosing function, else what it names at module level.
func (e *evaluator) name(m *Module, n parser.NodeID, depth int) []aval {
	if fn := m.File.Enclosing(n, "function_definition"); fn != parser.NoNode {
		if vals, ok := e.local(m, fn, n, depth); ok {
			return vals
		}
	}
	return e.global(m, n, depth)
}

// global evaluates a name or attribute chain at module level: a config
// class, a config dict, a settings module, or an assigned value.
func (e *evaluator) global(m *Module, n parser.NodeID, depth int) []aval {
	q := e.p.QualifiedName(m, n)
	if c := e.b.all[q]; c != nil {
		return []aval{{kind: valClass, class: c, at: pyOrigin(m, n)}}
	}
	if d := e.b.dicts[q]; d != nil {
		return []aval{{kind: valDict, dict: d.Entries, dictMod: d.Module,
			dictName: e.p.shortName(d.Name), at: pyOrigin(m, n)}}
	}
	if mod := e.p.ModuleByName(q); mod != nil && isImportedName(m, n) && e.b.modules[mod] != nil {
		return []aval{{kind: valClass, class: e.b.modules[mod], at: pyOrigin(m, n)}}
	}
	if mod, rhs := e.p.AssignedValue(m, n); rhs != parser.NoNode {
		return e.eval(mod, rhs, depth+1)
	}
	return []aval{unknownAt(m, n)}
}

// shortName is the last part of a dotted name.
func (p *Project) shortName(q string) string {
	return q[strings.LastIndexByte(q, '.')+1:]
}

// local evaluates a name inside a function: the assignments that may
// reach it and, unless one of them always runs, the parameter's values.
// ok is false when the name is neither assigned in fn nor a parameter.
func (e *evaluator) local(m *Module, fn, use parser.NodeID, depth int) ([]aval, bool) {
	f := m.File
	name := f.Text(use)
	defs, always := reachingDefs(f, fn, name, use)
	var out []aval
	for _, rhs := range defs {
		out = append(out, e.eval(m, rhs, depth+1)...)
	}
	if always {
		return out, true
	}
	if index, def, ok := parameter(f, fn, name); ok {
		vals := e.boundOrParam(m, fn, name, index, def, depth)
		if replacesFalsy(f, name, defs) {
			vals = slices.DeleteFunc(vals, func(v aval) bool {
				t, known := v.truth()
				return known && !t
			})
		}
		return append(out, vals...), true
	}
	return out, len(defs) > 0
}

// boundOrParam evaluates a parameter: the argument of the call being
// evaluated when there is one, else every call's (see param).
func (e *evaluator) boundOrParam(m *Module, fn parser.NodeID, name string, index int,
	def parser.NodeID, depth int) []aval {
	ba, ok := e.bound[Ref{m, fn}][name]
	switch {
	case !ok:
		return e.param(m, fn, name, index, def, depth)
	case ba.n != parser.NoNode:
		return ba.e.eval(ba.m, ba.n, depth+1)
	case def != parser.NoNode:
		return e.eval(m, def, depth+1)
	}
	return []aval{unknownAt(m, fn)}
}

// bindCall returns an evaluator that sees the arguments a call passes to
// a function, so that a helper called with different arguments in
// different places is evaluated for this call only. A call with *args or
// **kwargs binds nothing.
func (e *evaluator) bindCall(m *Module, call parser.NodeID, mod *Module,
	fn parser.NodeID) *evaluator {
	cf, f := m.File, mod.File
	for _, a := range cf.NamedChildren(cf.Field(call, "arguments")) {
		if cf.Is(a, "list_splat", "dictionary_splat") {
			return e
		}
	}
	binds := map[string]boundArg{}
	args := positionalArgs(cf, call)
	for i, name := range parameterNames(f, fn) {
		ba := boundArg{e: e, m: m, n: KeywordArg(cf, call, name)}
		if ba.n == parser.NoNode && i >= 0 && i < len(args) {
			ba.n = args[i]
		}
		binds[name] = ba
	}
	e2 := *e
	e2.bound = maps.Clone(e.bound)
	if e2.bound == nil {
		e2.bound = map[Ref]map[string]boundArg{}
	}
	e2.bound[Ref{mod, fn}] = binds
	return &e2
}

// parameterNames returns a function's parameter names by position;
// keyword-only parameters get negative positions, which no positional
// argument reaches.
func parameterNames(f *parser.File, fn parser.NodeID) map[int]string {
	out := map[int]string{}
	index := 0
	for _, prm := range f.NamedChildren(f.Field(fn, "parameters")) {
		name := prm
		switch f.Kind(prm) {
		case "default_parameter", "typed_default_parameter":
			name = f.Field(prm, "name")
		case "typed_parameter":
			name = firstNamed(f, prm)
		case "list_splat_pattern", "keyword_separator", "dictionary_splat_pattern":
			index = -1 << 20 // what follows is keyword-only
			continue
		}
		if f.Is(name, "identifier") {
			out[index] = f.Text(name)
		}
		index++
	}
	return out
}

// replacesFalsy reports whether one of the assignments is guarded by
// `if name is None:` or `if not name:`, so that a None or empty argument
// never reaches the use: `if config_name is None: config_name = ...`.
func replacesFalsy(f *parser.File, name string, defs []parser.NodeID) bool {
	for _, rhs := range defs {
		ifStmt := f.Enclosing(rhs, "if_statement")
		if ifStmt == parser.NoNode {
			continue
		}
		cond := f.Field(ifStmt, "condition")
		text := strings.Join(strings.Fields(f.Text(cond)), " ")
		if text == name+" is None" || text == "not "+name || text == name+" == None" {
			return true
		}
	}
	return false
}

// reachingDefs returns the right-hand sides of the assignments to name in
// fn that may reach use, and whether the last of them always runs (it is
// a statement of the function body itself, not of a branch or loop).
func reachingDefs(f *parser.File, fn parser.NodeID, name string,
	use parser.NodeID) ([]parser.NodeID, bool) {
	body := f.Field(fn, "body")
	useStart, _ := f.Span(use)
	var defs []parser.NodeID
	always := false
	f.Walk(body, func(n parser.NodeID) bool {
		start, end := f.Span(n)
		if start >= useStart || f.Is(n, "function_definition", "class_definition", "lambda") {
			return false
		}
		if !f.Is(n, "assignment") || end > useStart || f.Text(f.Field(n, "left")) != name {
			return true
		}
		rhs := finalRight(f, n)
		switch {
		case rhs == parser.NoNode:
		case f.Parent(f.Parent(n)) == body:
			defs, always = []parser.NodeID{rhs}, true
		default:
			defs = append(defs, rhs)
			always = false
		}
		return true
	})
	return defs, always
}

// param evaluates a parameter: the argument each call of the function in
// this environment passes, and its default where a call passes none.
func (e *evaluator) param(m *Module, fn parser.NodeID, name string, index int,
	def parser.NodeID, depth int) []aval {
	sites := e.callSites(m, fn)
	var out []aval
	omitted := len(sites) == 0
	for _, s := range sites {
		vals, given := e.argument(s, name, index, depth)
		if !given {
			omitted = true
			continue
		}
		out = append(out, after(vals, Reason{Origin: s.origin, Text: s.text})...)
	}
	if omitted {
		out = append(out, e.paramDefault(m, fn, name, def, len(sites) == 0, depth)...)
	}
	return out
}

// paramDefault evaluates a parameter's default for calls that omit it.
func (e *evaluator) paramDefault(m *Module, fn parser.NodeID, name string, def parser.NodeID,
	noCalls bool, depth int) []aval {
	f := m.File
	fname := f.Text(f.Field(fn, "name"))
	if def == parser.NoNode || (noCalls && e.env == EnvTesting) {
		return []aval{unknownAt(m, fn, Reason{Origin: pyOrigin(m, fn),
			Text: fmt.Sprintf("no call of %s in %s code is seen", fname, e.env)})}
	}
	text := fmt.Sprintf("%s is called without %s, so its default %s applies",
		fname, name, f.Text(def))
	if noCalls {
		text = fmt.Sprintf("nothing in %s calls %s with %s, so its default %s applies",
			e.env, fname, name, f.Text(def))
	}
	vals := after(e.eval(m, def, depth+1), Reason{Origin: pyOrigin(m, def), Text: text})
	for i := range vals {
		vals[i].dflt = true
	}
	return vals
}

// callSites returns the calls of a module-level function that run in the
// environment: those the environment's servers make, and the Python calls
// outside code confined to other environments. When a server loads a
// module that calls the function, only that module's calls count.
func (e *evaluator) callSites(m *Module, fn parser.NodeID) []callSite {
	f := m.File
	if f.Enclosing(f.Parent(fn), "function_definition", "class_definition") != parser.NoNode {
		return nil
	}
	qual := joinName(m.Name, f.Text(f.Field(fn, "name")))
	var all, inTargets []callSite
	for _, r := range e.p.Calls(qual) {
		if !e.runsHere(r.Module, r.Node) {
			continue
		}
		s := callSite{origin: pyOrigin(r.Module, r.Node), module: r.Module, call: r.Node,
			text: fmt.Sprintf("%s calls %s", r.Module.File.Path, clip(r.Text()))}
		all = append(all, s)
		if e.targets[r.Module] {
			inTargets = append(inTargets, s)
		}
	}
	if len(e.sites[qual]) > 0 {
		return append(slices.Clone(e.sites[qual]), inTargets...)
	}
	if len(inTargets) > 0 {
		return inTargets
	}
	return all
}

// clip shortens source text for reasons.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 90 {
		return s[:87] + "..."
	}
	return s
}

// runsHere reports whether a call at n is made in the evaluator's
// environment. Unconfined calls (wsgi.py's) are development's and
// production's; tests create their own apps.
func (e *evaluator) runsHere(m *Module, n parser.NodeID) bool {
	env := e.ef.codeEnvironment(m, n)
	return env == e.env || (env == EnvBase && e.env != EnvTesting)
}

// argument evaluates what a call site passes for a parameter; given is
// false when it passes nothing for it.
func (e *evaluator) argument(s callSite, name string, index, depth int) ([]aval, bool) {
	if s.module == nil {
		pos := 0
		for _, a := range s.args {
			if a.name == name || (a.name == "" && pos == index) {
				return []aval{a.val}, true
			}
			if a.name == "" {
				pos++
			}
		}
		return nil, false
	}
	f := s.module.File
	if arg := KeywordArg(f, s.call, name); arg != parser.NoNode {
		return e.eval(s.module, arg, depth+1), true
	}
	if args := positionalArgs(f, s.call); index >= 0 && index < len(args) {
		return e.eval(s.module, args[index], depth+1), true
	}
	for _, a := range f.NamedChildren(f.Field(s.call, "arguments")) {
		if f.Is(a, "list_splat", "dictionary_splat") {
			return []aval{unknownAt(s.module, a)}, true
		}
	}
	return nil, false
}

// attribute evaluates an attribute chain; app.env is Flask's removed
// environment name.
func (e *evaluator) attribute(m *Module, n parser.NodeID, depth int) []aval {
	if e.p.isFlaskEnvRead(m, n) {
		return []aval{e.flaskEnvValue(m, n)}
	}
	return e.global(m, n, depth)
}

// flaskEnvValue is the value of app.config["ENV"] or app.env: unknown,
// since Flask 2.3 no longer sets either from FLASK_ENV.
func (e *evaluator) flaskEnvValue(m *Module, n parser.NodeID) aval {
	return unknownAt(m, n, Reason{Origin: pyOrigin(m, n),
		Text: m.File.Text(n) + " reads Flask's ENV setting, which Flask 2.3 removed"})
}

// isFlaskEnvRead reports whether n reads Flask's environment name:
// app.config["ENV"], app.config.get("ENV") or app.env.
func (p *Project) isFlaskEnvRead(m *Module, n parser.NodeID) bool {
	f := m.File
	switch f.Kind(n) {
	case "subscript":
		k, ok := f.StringValue(f.Field(n, "subscript"))
		return ok && k == "ENV" && p.isAppConfig(m, f.Field(n, "value"))
	case "call":
		fn := f.Field(n, "function")
		args := positionalArgs(f, n)
		if !f.Is(fn, "attribute") || f.Text(f.Field(fn, "attribute")) != "get" || len(args) == 0 {
			return false
		}
		k, ok := f.StringValue(args[0])
		return ok && k == "ENV" && p.isAppConfig(m, f.Field(fn, "object"))
	case "attribute":
		return f.Text(f.Field(n, "attribute")) == "env" && p.isAppReceiver(m, f.Field(n, "object"))
	}
	return false
}

// subscript evaluates os.environ["K"], app.config["ENV"] and lookups in
// config dicts.
func (e *evaluator) subscript(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	if v, ok := e.p.envLookup(m, n); ok {
		return e.envValue(m, n, v, depth)
	}
	if e.p.isFlaskEnvRead(m, n) {
		return []aval{e.flaskEnvValue(m, n)}
	}
	return e.lookup(m, n, f.Field(n, "value"), f.Field(n, "subscript"), parser.NoNode, false, depth)
}

// lookup evaluates D[key] or D.get(key, def) over config dicts. withGet
// is true for .get, whose missing key gives def, or None without one.
func (e *evaluator) lookup(m *Module, at, dict, key, def parser.NodeID, withGet bool,
	depth int) []aval {
	var dicts []aval
	for _, d := range e.eval(m, dict, depth+1) {
		if d.kind == valDict {
			dicts = append(dicts, d)
		}
	}
	if len(dicts) == 0 {
		return []aval{unknownAt(m, at)}
	}
	keys := e.eval(m, key, depth+1)
	var out []aval
	for _, d := range dicts {
		for _, k := range keys {
			out = append(out, e.pick(m, at, d, k, def, withGet, depth)...)
		}
	}
	return out
}

// pick looks one key up in one dict.
func (e *evaluator) pick(m *Module, at parser.NodeID, d, k aval, def parser.NodeID,
	withGet bool, depth int) []aval {
	if k.kind == valString {
		for _, en := range d.dict {
			if en.Key == k.str {
				r := Reason{Origin: pyOrigin(d.dictMod, en.Node),
					Text: fmt.Sprintf("%s[%q] is %s", d.dictName, k.str, en.Class.Name)}
				v := aval{kind: valClass, class: en.Class, at: r.Origin, dflt: k.dflt,
					envVar: k.envVar, unset: k.unset,
					reasons: slices.Concat(d.reasons, k.reasons, []Reason{r})}
				return []aval{v}
			}
		}
	}
	known := k.kind == valString || k.kind == valNone
	switch {
	case known && withGet && def != parser.NoNode:
		k.dflt = true
		return decidedBy(after(e.eval(m, def, depth+1), k.reasons...), k)
	case known && withGet:
		return []aval{{kind: valNone, at: pyOrigin(m, at), reasons: k.reasons}}
	case k.kind == valNone:
		return nil // a KeyError, not a configuration
	}
	text := fmt.Sprintf("%s has no entry the model can match", d.dictName)
	if k.kind == valString {
		text = fmt.Sprintf("%s has no %q entry", d.dictName, k.str)
	}
	return []aval{unknownAt(m, at, append(slices.Clone(k.reasons),
		Reason{Origin: pyOrigin(m, at), Text: text})...)}
}

// envValue evaluates an environment lookup: the values the environment's
// files give the variable, else the lookup's default.
func (e *evaluator) envValue(m *Module, n parser.NodeID, v Value, depth int) []aval {
	if vars := e.vars[v.EnvVar]; len(vars) > 0 {
		out := make([]aval, 0, len(vars))
		for _, ev := range vars {
			a := aval{at: ev.Origin, envVar: ev, set: !ev.Literal,
				reasons: []Reason{{Origin: ev.Origin, Text: ev.Describe()}}}
			if ev.Literal {
				a.kind, a.str = valString, ev.Value
			}
			out = append(out, a)
		}
		return out
	}
	r := Reason{Origin: pyOrigin(m, n), Text: fmt.Sprintf("no %s file sets %s", e.env, v.EnvVar)}
	if v.Default == nil {
		r.Text += ", so the deployment must"
		return []aval{unknownAt(m, n, r)}
	}
	def := []aval{{kind: valNone, at: pyOrigin(m, n)}}
	if v.Default.Node != parser.NoNode {
		def = e.eval(m, v.Default.Node, depth+1)
	}
	return decidedBy(after(def, r), aval{dflt: true, unset: v.EnvVar})
}

// call evaluates environment lookups, config class instances, dict .get,
// string methods, conversions and project functions' return values.
func (e *evaluator) call(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	if v, ok := e.p.envLookup(m, n); ok {
		return e.envValue(m, n, v, depth)
	}
	if e.p.isFlaskEnvRead(m, n) {
		return []aval{e.flaskEnvValue(m, n)}
	}
	callee := e.p.CalleeName(m, n)
	if c := e.b.all[callee]; c != nil {
		return []aval{{kind: valClass, class: c, at: pyOrigin(m, n)}}
	}
	args := positionalArgs(f, n)
	if fn := f.Field(n, "function"); f.Is(fn, "attribute") {
		if out, ok := e.method(m, n, fn, args, depth); ok {
			return out
		}
	}
	if out, ok := e.conversion(m, n, callee, args, depth); ok {
		return out
	}
	if out, ok := e.returns(m, n, callee, depth); ok {
		return out
	}
	return []aval{unknownAt(m, n)}
}

// stringMethods are the str methods evaluated on known strings.
var stringMethods = map[string]func(string) string{
	"lower": strings.ToLower, "upper": strings.ToUpper, "casefold": strings.ToLower,
	"strip": strings.TrimSpace, "lstrip": func(s string) string {
		return strings.TrimLeft(s, " \t\n")
	}, "rstrip": func(s string) string { return strings.TrimRight(s, " \t\n") },
}

// method evaluates D.get(key, default) and string methods.
func (e *evaluator) method(m *Module, n, fn parser.NodeID, args []parser.NodeID,
	depth int) ([]aval, bool) {
	f := m.File
	obj := f.Field(fn, "object")
	name := f.Text(f.Field(fn, "attribute"))
	if name == "get" && len(args) > 0 {
		def := KeywordArg(f, n, "default")
		if len(args) > 1 {
			def = args[1]
		}
		return e.lookup(m, n, obj, args[0], def, true, depth), true
	}
	apply, ok := stringMethods[name]
	if !ok || len(args) > 0 {
		return nil, false
	}
	vals := e.eval(m, obj, depth+1)
	for i := range vals {
		if vals[i].kind == valString {
			vals[i].str = apply(vals[i].str)
		}
	}
	return vals, true
}

// conversion evaluates bool(), int(), str() and strtobool() of a value.
func (e *evaluator) conversion(m *Module, n parser.NodeID, callee string, args []parser.NodeID,
	depth int) ([]aval, bool) {
	convert := conversions[callee]
	if convert == nil || len(args) != 1 {
		return nil, false
	}
	vals := e.eval(m, args[0], depth+1)
	for i, v := range vals {
		vals[i] = convert(v)
		vals[i].at = pyOrigin(m, n)
	}
	return vals, true
}

// conversions are the builtins and helpers that convert configuration
// strings.
var conversions = map[string]func(aval) aval{
	"bool": func(v aval) aval {
		t, known := v.truth()
		return knownBool(v, t, known)
	},
	"int": func(v aval) aval {
		switch v.kind {
		case valString:
			i, err := strconv.ParseInt(strings.TrimSpace(v.str), 10, 64)
			v.kind, v.num = valInt, i
			if err != nil {
				v.kind = valUnknown // a ValueError at startup
			}
		case valBool:
			v.kind, v.num = valInt, map[bool]int64{true: 1}[v.flag]
		}
		return v
	},
	"str":                      stringOf,
	"strtobool":                strToBool,
	"distutils.util.strtobool": strToBool,
}

// knownBool turns v into a boolean value when known.
func knownBool(v aval, t, known bool) aval {
	v.kind, v.flag = valBool, t
	if !known {
		v.kind = valUnknown
	}
	return v
}

// stringOf converts a scalar to its str().
func stringOf(v aval) aval {
	switch v.kind {
	case valBool:
		v.str = map[bool]string{true: "True", false: "False"}[v.flag]
	case valInt:
		v.str = strconv.FormatInt(v.num, 10)
	case valNone:
		v.str = "None"
	case valString:
	default:
		return v
	}
	v.kind = valString
	return v
}

// strToBool reads a string the way distutils' strtobool does.
func strToBool(v aval) aval {
	if v.kind != valString {
		return knownBool(v, false, false)
	}
	switch strings.ToLower(v.str) {
	case "y", "yes", "t", "true", "on", "1":
		return knownBool(v, true, true)
	case "n", "no", "f", "false", "off", "0":
		return knownBool(v, false, true)
	}
	return knownBool(v, false, false)
}

// returns evaluates a call of a module-level project function by what it
// returns.
func (e *evaluator) returns(m *Module, n parser.NodeID, callee string, depth int) ([]aval, bool) {
	mod, def := e.p.Definition(callee, "function_definition")
	if mod == nil {
		return nil, false
	}
	var out []aval
	f := mod.File
	inner := e.bindCall(m, n, mod, def)
	done := false
	f.Walk(f.Field(def, "body"), func(r parser.NodeID) bool {
		if done || f.Is(r, "function_definition", "class_definition", "lambda") {
			return false
		}
		if !f.Is(r, "return_statement") {
			return true
		}
		taken, known := inner.pathTaken(mod, r, def)
		if v := firstNamed(f, r); v != parser.NoNode && (taken || !known) {
			out = append(out, inner.eval(mod, v, depth+1)...)
		}
		done = taken && known // later returns are never reached
		return false
	})
	return after(out, Reason{Origin: pyOrigin(m, n), Text: "returned by " + clip(m.File.Text(n))}),
		len(out) > 0
}

// boolean evaluates `a or b` and `a and b` as Python does, value by
// value. A value `or` falls back to counts as a default.
func (e *evaluator) boolean(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	isOr := f.Text(f.Field(n, "operator")) == "or"
	var right []aval
	var out []aval
	for _, l := range e.eval(m, f.Field(n, "left"), depth+1) {
		t, known := l.truth()
		if !known || isOr == t {
			out = append(out, l)
		}
		if known && isOr == t {
			continue
		}
		if right == nil {
			right = e.eval(m, f.Field(n, "right"), depth+1)
		}
		l.dflt = l.dflt || (isOr && known)
		out = append(out, decidedBy(after(right, l.reasons...), l)...)
	}
	return out
}

// not evaluates `not x`.
func (e *evaluator) not(m *Module, n parser.NodeID, depth int) []aval {
	vals := e.eval(m, m.File.Field(n, "argument"), depth+1)
	for i, v := range vals {
		t, known := v.truth()
		vals[i] = knownBool(v, !t, known)
		vals[i].at = pyOrigin(m, n)
	}
	return vals
}

// compare evaluates one comparison: ==, !=, is, is not, in, not in.
func (e *evaluator) compare(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	ops := f.FieldAll(n, "operators")
	operands := f.NamedChildren(n)
	if len(ops) != 1 || len(operands) != 2 {
		return []aval{unknownAt(m, n)}
	}
	op := strings.Join(strings.Fields(f.Text(ops[0])), " ")
	lefts := e.eval(m, operands[0], depth+1)
	var out []aval
	for _, l := range lefts {
		r, known := e.compareOne(m, op, l, operands[1], depth)
		v := knownBool(l, r, known)
		v.at = pyOrigin(m, n)
		out = append(out, v)
	}
	return out
}

// compareOne compares one left value with the right operand.
func (e *evaluator) compareOne(m *Module, op string, l aval, right parser.NodeID,
	depth int) (result, known bool) {
	negate := op == "!=" || op == "is not" || op == "not in"
	if op == "in" || op == "not in" {
		found, known := e.member(m, l, right, depth)
		return found != negate, known
	}
	if op != "==" && op != "!=" && op != "is" && op != "is not" {
		return false, false
	}
	rs := e.eval(m, right, depth+1)
	if len(rs) != 1 {
		return false, false
	}
	eq, known := equalVals(l, rs[0])
	return eq != negate, known
}

// member reports whether l is one of the literal items of a tuple, list or
// set.
func (e *evaluator) member(m *Module, l aval, coll parser.NodeID, depth int) (found, known bool) {
	f := m.File
	if !f.Is(coll, "tuple", "list", "set") {
		return false, false
	}
	for _, item := range f.NamedChildren(coll) {
		rs := e.eval(m, item, depth+1)
		if len(rs) != 1 {
			return false, false
		}
		eq, ok := equalVals(l, rs[0])
		if !ok {
			return false, false
		}
		if eq {
			return true, true
		}
	}
	return false, true
}

// equalVals compares two scalars as Python's == does.
func equalVals(a, b aval) (equal, known bool) {
	num := func(v aval) (int64, bool) {
		switch v.kind {
		case valInt:
			return v.num, true
		case valBool:
			return map[bool]int64{true: 1}[v.flag], true
		}
		return 0, false
	}
	if x, ok := num(a); ok {
		if y, ok := num(b); ok {
			return x == y, true
		}
	}
	scalar := func(v aval) bool {
		return v.kind == valString || v.kind == valNone || v.kind == valInt || v.kind == valBool
	}
	if !scalar(a) || !scalar(b) {
		return false, false
	}
	return a.kind == b.kind && a.str == b.str, true
}

// concat evaluates `a + b` of strings and +, -, * and // of integers
// (MAX_CONTENT_LENGTH = 16 * 1024 * 1024).
func (e *evaluator) concat(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	op := f.Text(f.Field(n, "operator"))
	if op != "+" && op != "-" && op != "*" && op != "//" {
		return []aval{unknownAt(m, n)}
	}
	var out []aval
	for _, l := range e.eval(m, f.Field(n, "left"), depth+1) {
		for _, r := range e.eval(m, f.Field(n, "right"), depth+1) {
			v := unknownAt(m, n, slices.Concat(l.reasons, r.reasons)...)
			switch {
			case op == "+" && l.kind == valString && r.kind == valString:
				v.kind, v.str = valString, l.str+r.str
			case l.kind == valInt && r.kind == valInt:
				v.num, v.kind = arithmetic(op, l.num, r.num)
			}
			v.dflt, v.envVar = l.dflt || r.dflt, cmpOr(l.envVar, r.envVar)
			out = append(out, v)
		}
	}
	return out
}

// arithmetic applies an integer operator; division by zero is unknown.
func arithmetic(op string, a, b int64) (int64, valKind) {
	switch op {
	case "+":
		return a + b, valInt
	case "-":
		return a - b, valInt
	case "*":
		return a * b, valInt
	}
	if b == 0 {
		return 0, valUnknown
	}
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q-- // Python's floor division
	}
	return q, valInt
}

// cmpOr returns the first non-nil variable.
func cmpOr(a, b *EnvVar) *EnvVar {
	if a != nil {
		return a
	}
	return b
}

// conditional evaluates `a if cond else b`: the branch the condition
// picks when it is known, else both.
func (e *evaluator) conditional(m *Module, n parser.NodeID, depth int) []aval {
	parts := m.File.NamedChildren(n) // body, condition, alternative
	if len(parts) != 3 {
		return []aval{unknownAt(m, n)}
	}
	conds := e.eval(m, parts[1], depth+1)
	if len(conds) == 1 {
		if t, known := conds[0].truth(); known {
			pick := parts[2]
			if t {
				pick = parts[0]
			}
			return after(e.eval(m, pick, depth+1), conds[0].reasons...)
		}
	}
	return append(e.eval(m, parts[0], depth+1), e.eval(m, parts[2], depth+1)...)
}
