package model

import (
	"regexp"
	"slices"
	"strings"

	"github.com/flasklint/flasklint/parser"
)

// This file is the intra-procedural data-flow engine that the taint rules
// share (open redirect, upload path traversal and the like). It answers
// one question for one function body, or for a module's top level: which
// expressions carry data a client chose, and where did it enter?
//
// The analysis runs once over the statements in source order and keeps an
// environment from local names to what they hold. Branches are analysed
// on copies of the environment and joined afterwards; a branch that ends
// in return, raise or abort() does not reach the join, which is how a
// guard such as `if not is_safe_url(target): abort(400)` cleans `target`
// for the code after it. A loop body is analysed again until what it
// taints stops growing (a few passes at most), so that a value carried
// round the loop is seen. Every node is evaluated a bounded number of
// times; the cost is the size of the body times the number of variables
// live at each branch, which is small for real functions.
//
// What a rule decides lives in a FlowSpec: which names are sources, which
// calls sanitise, which conditions validate and what counts as valid.

// Taint says that a value carries request data, and where it entered.
type Taint struct {
	Source Ref    // the expression the data enters at, e.g. request.args.get("next")
	Name   string // the source as a reader knows it, e.g. "request.args"
	Label  string // what kind of value it is, chosen by the rule, e.g. "file"

	// Via is the first call of a function the engine knows nothing about
	// that the data went through, e.g. dump_csv(name=table); zero when it
	// flowed only through assignments, string building and well-known
	// library functions such as os.path.join.
	Via Ref

	// Opaque is set when the data went through a call of a project
	// function or of a method of a local object: its body may validate
	// the value, or return something else entirely (a file object, a
	// database row), so a rule may prefer not to report such a flow.
	Opaque bool
}

// Facts is a set of validation bits, each meaning chosen by a rule, that
// guards establish about a value (for example "checked with is_safe_url",
// "starts with /"). The top bit is the engine's own: FactCheckedByHelper.
type Facts uint32

// FactCheckedByHelper marks the arguments of a call statement to a project
// helper that can raise or abort and whose name says it checks something
// (check_access_permission(base, path), ensure_local(url)): if the call
// returned, the helper accepted them. Rules choose in Validated whether
// that is enough for their question.
const FactCheckedByHelper Facts = 1 << 31

// Fact is what a guard establishes about one expression, usually a local
// variable, when its condition takes a given truth value.
type Fact struct {
	Expr  parser.NodeID
	Facts Facts
}

// FlowSpec describes one taint question. Rules build one and reuse it for
// every function; nil hooks do nothing.
type FlowSpec struct {
	// Sources are qualified names whose value is request data, matched
	// exactly against a name or attribute chain: "flask.request.args"
	// makes `request.args` a source, and so `request.args.get("next")`.
	Sources []string

	// Labels gives the taint from a source a label, e.g. "file" for
	// "flask.request.files"; sources not listed get "".
	Labels map[string]string

	// PathParams makes the parameters of a view declared with the path
	// converter (`<path:name>`) request data. The default string converter
	// cannot carry a slash, so its parameters are not sources.
	PathParams bool

	// Sanitizers are qualified callee names whose result is clean, such
	// as "flask.url_for" or "werkzeug.utils.secure_filename".
	Sanitizers []string

	// Attr maps the taint of an object to the taint of one of its
	// attributes (node is the attribute expression); ok=false means the
	// attribute is clean. Nil keeps the object's taint.
	Attr func(fc *FlowContext, node parser.NodeID, obj Taint) (t Taint, ok bool)

	// Clean reports expressions the rule knows to be clean whatever flows
	// into them, such as "/search?q=" + query for a redirect.
	Clean func(fc *FlowContext, n parser.NodeID) bool

	// CleanItem reports whether item index of the value of expression n
	// is clean, as for os.path.splitext(name)[1]; it serves both n[1] and
	// tuple unpacking `root, ext = n`.
	CleanItem func(fc *FlowContext, n parser.NodeID, index int) bool

	// Guard returns what an atomic condition (a call, comparison,
	// attribute... but not and/or/not, which the engine takes apart)
	// establishes when it evaluates to when.
	Guard func(fc *FlowContext, cond parser.NodeID, when bool) []Fact

	// Validated reports whether facts make a tainted value clean. Nil
	// means any fact does.
	Validated func(Facts) bool
}

// RequestData are the attributes of flask.request whose content the client
// chooses freely. Rules copy the list and add or drop names as their
// question needs; request.url, request.path and request.referrer are not
// here because what they may hold depends on the question.
var RequestData = []string{
	"flask.request.args", "flask.request.form", "flask.request.values",
	"flask.request.json", "flask.request.get_json", "flask.request.data",
	"flask.request.get_data", "flask.request.cookies", "flask.request.headers",
	"flask.request.files", "flask.request.view_args", "flask.request.stream",
}

// flowCleanCallees are callables whose result carries nothing of their
// arguments that could steer a URL or a path: numbers, booleans, lengths,
// random or hashed values.
var flowCleanCallees = map[string]bool{
	"int": true, "float": true, "bool": true, "len": true, "abs": true,
	"round": true, "hash": true, "id": true, "isinstance": true,
	"issubclass": true, "hasattr": true, "callable": true, "ord": true,
	"os.urandom": true, "os.path.exists": true, "os.path.isfile": true,
	"os.path.isdir": true, "os.path.getsize": true, "os.path.isabs": true,
}

// flowCleanPrefixes are modules whose every function returns a clean
// value: generated identifiers, digests and random tokens.
var flowCleanPrefixes = []string{"uuid.", "hashlib.", "secrets.", "hmac.", "zlib."}

// flowCleanMethods are string methods whose result is a number or a boolean,
// never a piece of the string.
var flowCleanMethods = map[string]bool{
	"startswith": true, "endswith": true, "isdigit": true, "isalnum": true,
	"isalpha": true, "isdecimal": true, "isnumeric": true, "isascii": true,
	"isidentifier": true, "islower": true, "isupper": true, "isspace": true,
	"istitle": true, "count": true, "find": true, "rfind": true, "index": true,
	"rindex": true,
}

// flowLookupMethods fetch data by key from their receiver: on a clean
// receiver (a dict, a query, the session) the result is the receiver's
// data, not the key, however tainted the key is. Only a default value
// passed to get can flow through.
var flowLookupMethods = map[string]bool{
	"get": true, "get_or_404": true, "first_or_404": true, "one_or_404": true,
	"filter": true, "filter_by": true, "where": true, "getlist": true,
}

// flowTerminators are callees that never return normally.
var flowTerminators = map[string]bool{
	"flask.abort": true, "werkzeug.exceptions.abort": true, "sys.exit": true,
	"exit": true, "quit": true, "os._exit": true,
}

// FlowContext is what a FlowSpec hook sees while a body is analysed.
type FlowContext struct {
	Project *Project
	Module  *Module
	File    *parser.File
	a       *flowAnalyzer
}

// Ref returns a reference to a node of the analysed module.
func (c *FlowContext) Ref(n parser.NodeID) Ref { return Ref{c.Module, n} }

// Tainted returns the taint of an expression evaluated so far.
func (c *FlowContext) Tainted(n parser.NodeID) (Taint, bool) {
	return c.a.state.Tainted(n)
}

// Resolve follows a local variable to the expression last assigned to it
// (through a few copies), so that a guard on `parts.netloc` can see that
// parts is urlsplit(target). Anything else is returned unchanged.
func (c *FlowContext) Resolve(n parser.NodeID) parser.NodeID {
	f := c.File
	for range 4 {
		n = flowUnparen(f, n)
		if !f.Is(n, "identifier") {
			return n
		}
		v, ok := c.a.env.vars[f.Text(n)]
		if !ok || v.def == parser.NoNode {
			return n
		}
		n = v.def
	}
	return n
}

// FlowState is the outcome of the analysis of one body.
type FlowState struct {
	Unit  Ref // the function_definition, or the module node for top level
	nodes map[parser.NodeID]flowNode
	defs  map[parser.NodeID]parser.NodeID
}

// flowNode is what the analysis learnt about one tainted expression.
type flowNode struct {
	taint *Taint
	facts Facts
}

// Tainted reports whether an expression of the body carries request data
// on some path, and from where. Expressions the analysis never reached
// (nested functions, dead code) are reported clean.
func (s *FlowState) Tainted(n parser.NodeID) (Taint, bool) {
	if info, ok := s.nodes[n]; ok {
		return *info.taint, true
	}
	return Taint{}, false
}

// Facts returns the validation facts known about a tainted expression
// that were not enough to clean it, such as a lone startswith("/") check.
func (s *FlowState) Facts(n parser.NodeID) Facts { return s.nodes[n].facts }

// Def returns the expression last assigned to the variable an identifier
// reads, or NoNode when it is not a single known assignment.
func (s *FlowState) Def(n parser.NodeID) parser.NodeID {
	if d, ok := s.defs[n]; ok {
		return d
	}
	return parser.NoNode
}

// Walk visits the nodes of the body in source order, leaving out nested
// function and class definitions, which are bodies of their own.
func (s *FlowState) Walk(visit func(parser.NodeID) bool) {
	f := s.Unit.File()
	f.Walk(s.Unit.Node, func(n parser.NodeID) bool {
		if n != s.Unit.Node && f.Is(n, "function_definition", "class_definition") {
			return false
		}
		return visit(n)
	})
}

// UnitOf returns the body a node's data flow belongs to: the innermost
// function_definition that is or encloses it, or the module node.
func UnitOf(f *parser.File, n parser.NodeID) parser.NodeID {
	if f.Is(n, "function_definition") {
		return n
	}
	if def := f.Enclosing(n, "function_definition"); def != parser.NoNode {
		return def
	}
	return f.Root()
}

// Flows memoises the analyses of one FlowSpec over a project. A rule
// makes one per run; it is not safe for concurrent use.
type Flows struct {
	p     *Project
	spec  *FlowSpec
	units []Ref
	has   map[Ref]bool
	done  map[Ref]*FlowState
}

// Flows finds, from the reference index, the bodies that mention a source
// of spec (or are views with path parameters, when spec asks for them):
// only those can carry taint, so a rule need not analyse the others.
func (p *Project) Flows(spec *FlowSpec) *Flows {
	fl := &Flows{p: p, spec: spec, has: map[Ref]bool{}, done: map[Ref]*FlowState{}}
	for _, r := range p.Names(spec.Sources...) {
		fl.addUnit(Ref{r.Module, UnitOf(r.File(), r.Node)})
	}
	if spec.PathParams {
		for _, rt := range p.Routes {
			if len(flowPathParams(rt.Rule)) > 0 {
				fl.addUnit(Ref{rt.Module, rt.View})
			}
		}
	}
	sortRefs(fl.units)
	return fl
}

// addUnit records a candidate body once.
func (fl *Flows) addUnit(u Ref) {
	if !fl.has[u] {
		fl.has[u] = true
		fl.units = append(fl.units, u)
	}
}

// Units returns the bodies that may carry taint, in path and source order.
func (fl *Flows) Units() []Ref { return fl.units }

// State returns the analysis of one body, computing it once.
func (fl *Flows) State(unit Ref) *FlowState {
	if s, ok := fl.done[unit]; ok {
		return s
	}
	s := fl.p.Flow(unit.Module, unit.Node, fl.spec)
	fl.done[unit] = s
	return s
}

// At returns the analysis of the body enclosing r, or nil when that body
// mentions no source and so cannot carry taint.
func (fl *Flows) At(r Ref) *FlowState {
	u := Ref{r.Module, UnitOf(r.File(), r.Node)}
	if !fl.has[u] {
		return nil
	}
	return fl.State(u)
}

// Flow analyses one body: a function_definition node, or the module node
// for the top-level statements.
func (p *Project) Flow(m *Module, unit parser.NodeID, spec *FlowSpec) *FlowState {
	a := newAnalyzer(p, m, unit, spec)
	f := m.File
	if f.Is(unit, "function_definition") {
		a.bindParams(unit)
		a.block(f.Field(unit, "body"))
	} else {
		a.statements(topLevelStatements(f))
	}
	return a.state
}

// flowAnalyzer is the state of one analysis.
type flowAnalyzer struct {
	p         *Project
	m         *Module
	f         *parser.File
	spec      *FlowSpec
	sources   map[string]bool
	sanitizer map[string]bool
	ctx       *FlowContext
	state     *FlowState
	env       *flowEnv
	loops     []*flowLoop
}

// flowLoop collects the environments that leave a loop body early.
type flowLoop struct {
	breaks, continues []*flowEnv
}

// newAnalyzer prepares an analysis of one body.
func newAnalyzer(p *Project, m *Module, unit parser.NodeID, spec *FlowSpec) *flowAnalyzer {
	a := &flowAnalyzer{
		p: p, m: m, f: m.File, spec: spec,
		sources:   flowSet(spec.Sources),
		sanitizer: flowSet(spec.Sanitizers),
		env:       newFlowEnv(),
		state: &FlowState{
			Unit:  Ref{m, unit},
			nodes: map[parser.NodeID]flowNode{},
			defs:  map[parser.NodeID]parser.NodeID{},
		},
	}
	a.ctx = &FlowContext{Project: p, Module: m, File: m.File, a: a}
	return a
}

// flowSet turns a list into a set.
func flowSet(list []string) map[string]bool {
	s := make(map[string]bool, len(list))
	for _, x := range list {
		s[x] = true
	}
	return s
}

// flowPathParamRE finds the path-converter parameters of a URL rule.
var flowPathParamRE = regexp.MustCompile(`<\s*path\s*:\s*(\w+)\s*>`)

// flowPathParams returns the names of a URL rule's path parameters.
func flowPathParams(rule string) []string {
	var out []string
	for _, m := range flowPathParamRE.FindAllStringSubmatch(rule, -1) {
		out = append(out, m[1])
	}
	return out
}

// bindParams binds every parameter as a clean local (so that a parameter
// named like an import shadows it), or as request data when it is a path
// parameter of the view's route and the spec asks for those.
func (a *flowAnalyzer) bindParams(def parser.NodeID) {
	f := a.f
	tainted := a.pathParams(def)
	for _, param := range f.NamedChildren(f.Field(def, "parameters")) {
		name := flowParamName(f, param)
		if name == parser.NoNode {
			continue
		}
		v := flowValue{def: parser.NoNode}
		if tainted[f.Text(name)] {
			v.taint = &Taint{
				Source: Ref{a.m, name},
				Name:   "the <path:" + f.Text(name) + "> URL parameter",
			}
			a.record(name, flowResult{t: v.taint})
		}
		a.env.set(f.Text(name), v)
	}
}

// pathParams returns the path parameters of the routes of a view.
func (a *flowAnalyzer) pathParams(def parser.NodeID) map[string]bool {
	out := map[string]bool{}
	if !a.spec.PathParams {
		return out
	}
	for _, rt := range a.p.Routes {
		if rt.Module == a.m && rt.View == def {
			for _, name := range flowPathParams(rt.Rule) {
				out[name] = true
			}
		}
	}
	return out
}

// flowParamName returns the identifier a parameter node binds.
func flowParamName(f *parser.File, param parser.NodeID) parser.NodeID {
	switch f.Kind(param) {
	case "identifier":
		return param
	case "default_parameter", "typed_default_parameter":
		return f.Field(param, "name")
	case "typed_parameter", "list_splat_pattern", "dictionary_splat_pattern":
		for _, c := range f.NamedChildren(param) {
			if f.Is(c, "identifier") {
				return c
			}
			if f.Is(c, "list_splat_pattern", "dictionary_splat_pattern") {
				return flowParamName(f, c)
			}
		}
	}
	return parser.NoNode
}

// --- environments -------------------------------------------------------

// flowValue is what the environment knows about one variable or access path.
type flowValue struct {
	taint *Taint        // nil when clean
	facts Facts         // what guards established since the last assignment
	def   parser.NodeID // the expression last assigned, NoNode if unknown
}

// flowEnv maps keys (a local name, or an access path such as "f.filename" or
// `session["next"]`) to values along one path through the body.
type flowEnv struct {
	vars     map[string]flowValue
	compound int  // keys that are access paths, not plain names
	dead     bool // no path reaches here: after return, raise, abort()
}

// newFlowEnv returns an empty, live environment.
func newFlowEnv() *flowEnv { return &flowEnv{vars: map[string]flowValue{}} }

// clone copies an environment for a branch.
func (e *flowEnv) clone() *flowEnv {
	c := &flowEnv{vars: make(map[string]flowValue, len(e.vars)), compound: e.compound, dead: e.dead}
	for k, v := range e.vars {
		c.vars[k] = v
	}
	return c
}

// revived is a live copy of e, for code that runs however e ended.
func (e *flowEnv) revived() *flowEnv {
	c := e.clone()
	c.dead = false
	return c
}

// flowPlainKey reports whether a key is a plain name, not an access path.
func flowPlainKey(k string) bool { return !strings.ContainsAny(k, ".[") }

// set binds a key. Assigning to a name or path forgets what was known of
// paths below it: after `f = other`, "f.filename" is no longer known.
func (e *flowEnv) set(k string, v flowValue) {
	if e.compound > 0 {
		e.forgetBelow(k)
	}
	e.put(k, v)
}

// put stores a value under a key, counting access paths.
func (e *flowEnv) put(k string, v flowValue) {
	if _, had := e.vars[k]; !had && !flowPlainKey(k) {
		e.compound++
	}
	e.vars[k] = v
}

// forgetBelow deletes the access paths that extend k.
func (e *flowEnv) forgetBelow(k string) {
	for key := range e.vars {
		if len(key) > len(k) && strings.HasPrefix(key, k) &&
			(key[len(k)] == '.' || key[len(k)] == '[') {
			e.remove(key)
		}
	}
}

// remove deletes a key.
func (e *flowEnv) remove(k string) {
	if _, had := e.vars[k]; had {
		delete(e.vars, k)
		if !flowPlainKey(k) {
			e.compound--
		}
	}
}

// effective is the taint a value has once its facts are taken into account.
func (a *flowAnalyzer) effective(v flowValue) *Taint {
	if v.taint == nil || v.facts == 0 {
		return v.taint
	}
	if a.spec.Validated == nil || a.spec.Validated(v.facts) {
		return nil
	}
	return v.taint
}

// join merges the environments at the end of branches; dead ones do not
// reach the join. A value is tainted after the join when it is on some
// incoming path.
func (a *flowAnalyzer) join(envs ...*flowEnv) *flowEnv {
	var out *flowEnv
	for _, e := range envs {
		switch {
		case e == nil || e.dead:
		case out == nil:
			out = e.clone()
		default:
			a.merge(out, e)
		}
	}
	if out == nil {
		out = newFlowEnv()
		out.dead = true
	}
	return out
}

// merge joins src into dst. A name bound on one side only keeps its value
// (on the other path it was not assigned here); an access path known on
// one side only is kept when tainted, so that it is not lost, and
// otherwise forgotten, so that reading it falls back to its object.
func (a *flowAnalyzer) merge(dst, src *flowEnv) {
	for k, sv := range src.vars {
		if dv, ok := dst.vars[k]; ok {
			dst.vars[k] = a.joinValues(dv, sv)
		} else if flowPlainKey(k) {
			dst.vars[k] = sv
		} else if sv.taint != nil {
			dst.put(k, flowValue{taint: sv.taint, def: parser.NoNode})
		}
	}
	if dst.compound == 0 {
		return
	}
	for k, dv := range dst.vars {
		if _, ok := src.vars[k]; ok || flowPlainKey(k) {
			continue
		}
		if dv.taint == nil {
			dst.remove(k)
		} else {
			dst.vars[k] = flowValue{taint: dv.taint, def: parser.NoNode}
		}
	}
}

// joinValues merges two values of one key: tainted if either is, keeping
// only the facts both paths established.
func (a *flowAnalyzer) joinValues(x, y flowValue) flowValue {
	tx, ty := a.effective(x), a.effective(y)
	def := x.def
	if x.def != y.def {
		def = parser.NoNode
	}
	switch {
	case tx != nil && ty != nil:
		return flowValue{taint: tx, facts: x.facts & y.facts, def: def}
	case tx != nil:
		return flowValue{taint: tx, facts: x.facts, def: def}
	case ty != nil:
		return flowValue{taint: ty, facts: y.facts, def: def}
	}
	return flowValue{def: def}
}

// --- statements ---------------------------------------------------------

// block runs the statements of a block node.
func (a *flowAnalyzer) block(n parser.NodeID) {
	a.statements(a.f.NamedChildren(n))
}

// statements runs statements in order until a path ends.
func (a *flowAnalyzer) statements(list []parser.NodeID) {
	for _, s := range list {
		if a.env.dead {
			return
		}
		a.stmt(s)
	}
}

// stmt runs one statement.
func (a *flowAnalyzer) stmt(n parser.NodeID) {
	f := a.f
	switch f.Kind(n) {
	case "expression_statement":
		a.expressionStatement(n)
	case "return_statement", "raise_statement":
		a.evalChildren(n)
		a.env.dead = true
	case "if_statement":
		a.ifStatement(n)
	case "for_statement":
		a.forStatement(n)
	case "while_statement":
		a.whileStatement(n)
	case "try_statement":
		a.tryStatement(n)
	case "with_statement":
		a.withStatement(n)
	case "match_statement":
		a.matchStatement(n)
	case "assert_statement":
		a.assertStatement(n)
	case "break_statement", "continue_statement":
		a.leaveLoop(f.Is(n, "break_statement"))
	case "delete_statement":
		a.deleteStatement(n)
	case "function_definition", "class_definition", "decorated_definition":
		a.bindDefinition(n)
	case "block", "ERROR":
		a.block(n)
	case "import_statement", "import_from_statement", "future_import_statement",
		"global_statement", "nonlocal_statement", "pass_statement", "type_alias_statement":
	default:
		a.eval(n)
	}
}

// expressionStatement runs an assignment or an expression, and ends the
// path after a call that never returns, such as abort(400).
func (a *flowAnalyzer) expressionStatement(n parser.NodeID) {
	f := a.f
	for _, c := range f.NamedChildren(n) {
		switch f.Kind(c) {
		case "assignment":
			a.assignment(c)
		case "augmented_assignment":
			a.augmentedAssignment(c)
		default:
			a.eval(c)
			if f.Is(c, "call") && a.isTerminator(c) {
				a.env.dead = true
			} else if f.Is(c, "call") && a.p.isRaisingChecker(a.p.CalleeName(a.m, c)) {
				a.checkedByHelper(c)
			}
		}
	}
}

// checkedByHelper applies what a raising checker establishes once it has
// returned: what the rule's guard says of the call when it holds, and
// FactCheckedByHelper on each argument.
func (a *flowAnalyzer) checkedByHelper(call parser.NodeID) {
	facts := a.conditionFacts(call, true)
	for _, arg := range a.f.NamedChildren(a.f.Field(call, "arguments")) {
		if a.f.Is(arg, "keyword_argument") {
			arg = a.f.Field(arg, "value")
		}
		if k, ok := flowKey(a.f, arg); ok {
			facts = flowUnion(facts, []flowFact{{k, arg, FactCheckedByHelper}})
		}
	}
	a.applyFacts(a.env, facts)
}

// isTerminator reports whether a call never returns: abort(), sys.exit()
// and any project or extension helper whose name is abort.
func (a *flowAnalyzer) isTerminator(call parser.NodeID) bool {
	q := a.p.CalleeName(a.m, call)
	if flowTerminators[q] {
		return true
	}
	fn := a.f.Field(call, "function")
	if a.f.Is(fn, "attribute") {
		fn = a.f.Field(fn, "attribute")
	}
	return a.f.Is(fn, "identifier") && a.f.Text(fn) == "abort"
}

// assignment binds the targets of `a = b`, `a = b = c`, `a, b = c, d` and
// `x: T = v`; it returns what the right-hand side evaluated to.
func (a *flowAnalyzer) assignment(n parser.NodeID) flowResult {
	f := a.f
	left, right := f.Field(n, "left"), f.Field(n, "right")
	if right == parser.NoNode {
		return flowResult{} // a bare annotation binds nothing
	}
	if f.Is(right, "assignment") {
		r := a.assignment(right)
		a.bind(left, r, parser.NoNode)
		return r
	}
	if a.unpackPairwise(left, right) {
		return flowResult{}
	}
	r := a.eval(right)
	a.bindTargets(left, right, r)
	return r
}

// unpackPairwise handles `a, b = x, y` element by element, so that a clean
// element does not inherit a tainted neighbour's taint.
func (a *flowAnalyzer) unpackPairwise(left, right parser.NodeID) bool {
	f := a.f
	if !f.Is(left, "pattern_list", "tuple_pattern", "list_pattern") ||
		!f.Is(right, "expression_list", "tuple", "list") {
		return false
	}
	targets, values := f.NamedChildren(left), f.NamedChildren(right)
	if len(targets) != len(values) {
		return false
	}
	results := make([]flowResult, len(values))
	for i, v := range values {
		results[i] = a.eval(v) // all values are evaluated before any binding
	}
	for i, t := range targets {
		a.bind(t, results[i], values[i])
	}
	return true
}

// bindTargets binds the left-hand side of an assignment to a value: a
// single target takes the whole value, a pattern takes it item by item,
// asking the spec which items are clean (as for os.path.splitext).
func (a *flowAnalyzer) bindTargets(left, right parser.NodeID, r flowResult) {
	f := a.f
	if !f.Is(left, "pattern_list", "tuple_pattern", "list_pattern") {
		a.bind(left, r, right)
		return
	}
	for i, t := range f.NamedChildren(left) {
		item := r
		if a.spec.CleanItem != nil && a.spec.CleanItem(a.ctx, right, i) {
			item = flowResult{}
		}
		a.bind(t, item, parser.NoNode)
	}
}

// bind binds one target to a value; def is the expression assigned, when
// there is a single one.
func (a *flowAnalyzer) bind(target parser.NodeID, r flowResult, def parser.NodeID) {
	f := a.f
	switch f.Kind(target) {
	case "identifier":
		a.env.set(f.Text(target), flowValue{taint: r.t, def: def})
	case "attribute", "subscript":
		a.bindPath(target, r, def)
	case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list",
		"expression_list":
		for _, t := range f.NamedChildren(target) {
			a.bind(t, r, parser.NoNode)
		}
	case "list_splat_pattern", "list_splat", "parenthesized_expression",
		"as_pattern_target":
		for _, t := range f.NamedChildren(target) {
			a.bind(t, r, parser.NoNode)
		}
	}
}

// bindPath binds an access path such as `self.next` or `data["url"]`. Its
// object is read, so that a rule can see what `resp` is in
// `resp.headers["Location"] = target`.
func (a *flowAnalyzer) bindPath(target parser.NodeID, r flowResult, def parser.NodeID) {
	f := a.f
	if f.Is(target, "attribute") {
		a.eval(f.Field(target, "object"))
	} else {
		a.eval(f.Field(target, "value"))
		a.evalAll(f.FieldAll(target, "subscript"))
	}
	if k, ok := flowKey(f, target); ok {
		a.env.set(k, flowValue{taint: r.t, def: def})
	}
}

// augmentedAssignment handles `x += y`: the target keeps its taint and
// gains the right-hand side's.
func (a *flowAnalyzer) augmentedAssignment(n parser.NodeID) {
	f := a.f
	left := f.Field(n, "left")
	old := a.eval(left)
	r := a.eval(f.Field(n, "right"))
	if r.t == nil {
		r = flowResult{t: old.t}
	}
	a.bind(left, r, parser.NoNode)
}

// deleteStatement forgets what `del` removes.
func (a *flowAnalyzer) deleteStatement(n parser.NodeID) {
	for _, t := range a.f.NamedChildren(n) {
		if k, ok := flowKey(a.f, t); ok {
			a.env.remove(k)
			a.env.forgetBelow(k)
		}
	}
}

// bindDefinition binds the name of a nested def or class as clean; its
// body is analysed on its own.
func (a *flowAnalyzer) bindDefinition(n parser.NodeID) {
	f := a.f
	if f.Is(n, "decorated_definition") {
		n = f.Field(n, "definition")
	}
	if name := f.Field(n, "name"); name != parser.NoNode {
		a.env.set(f.Text(name), flowValue{def: parser.NoNode})
	}
}

// ifStatement runs each branch on its own copy of the environment,
// refined by what its condition establishes, and joins the branches that
// fall through. The implicit empty else is a branch too.
func (a *flowAnalyzer) ifStatement(n parser.NodeID) {
	f := a.f
	cond := f.Field(n, "condition")
	a.eval(cond)
	rest := a.env
	var outs []*flowEnv
	outs = append(outs, a.branch(rest, cond, true, f.Field(n, "consequence")))
	rest = a.refined(rest, cond, false)
	for _, alt := range f.FieldAll(n, "alternative") {
		if f.Is(alt, "else_clause") {
			a.env = rest
			a.block(f.Field(alt, "body"))
			rest = nil
			outs = append(outs, a.env)
			break
		}
		a.env = rest
		c := f.Field(alt, "condition")
		a.eval(c)
		outs = append(outs, a.branch(rest, c, true, f.Field(alt, "consequence")))
		rest = a.refined(rest, c, false)
	}
	outs = append(outs, rest)
	a.env = a.join(outs...)
}

// branch runs a block on a copy of base refined by cond being when, and
// returns the environment at its end.
func (a *flowAnalyzer) branch(base *flowEnv, cond parser.NodeID, when bool,
	body parser.NodeID) *flowEnv {
	a.env = a.refined(base, cond, when)
	a.block(body)
	return a.env
}

// refined returns a copy of e with the facts cond establishes when it
// evaluates to when.
func (a *flowAnalyzer) refined(e *flowEnv, cond parser.NodeID, when bool) *flowEnv {
	out := e.clone()
	a.applyFacts(out, a.conditionFacts(cond, when))
	return out
}

// applyFacts adds facts to the values of their keys in e. A key not bound
// yet (an access path such as request.args.get("next")) is bound to the
// taint its expression had, so that later reads of the same path see the
// facts.
func (a *flowAnalyzer) applyFacts(e *flowEnv, facts []flowFact) {
	for _, kf := range facts {
		v, ok := e.vars[kf.key]
		if !ok {
			v = flowValue{def: parser.NoNode}
			if info, tainted := a.state.nodes[kf.expr]; tainted {
				v.taint = info.taint
			}
		}
		v.facts |= kf.facts
		e.put(kf.key, v)
	}
}

// assertStatement keeps what the asserted condition establishes.
func (a *flowAnalyzer) assertStatement(n parser.NodeID) {
	children := a.f.NamedChildren(n)
	a.evalAll(children)
	if len(children) > 0 {
		a.applyFacts(a.env, a.conditionFacts(children[0], true))
	}
}

// forStatement binds the loop target to the iterable's items each pass.
func (a *flowAnalyzer) forStatement(n parser.NodeID) {
	f := a.f
	a.loop(func() {
		r := a.eval(f.Field(n, "right"))
		a.bind(f.Field(n, "left"), r, parser.NoNode)
	}, f.Field(n, "body"), f.Field(n, "alternative"))
}

// whileStatement runs the body under what the loop condition establishes.
func (a *flowAnalyzer) whileStatement(n parser.NodeID) {
	f := a.f
	cond := f.Field(n, "condition")
	a.loop(func() {
		a.eval(cond)
		a.applyFacts(a.env, a.conditionFacts(cond, true))
	}, f.Field(n, "body"), f.Field(n, "alternative"))
}

// Loop passes: a loop body is analysed until the variables it taints stop
// growing, at most flowMaxPasses times, and only once when nested deeper
// than flowMaxLoopDepth, so that nesting cannot make the cost exponential.
const (
	flowMaxPasses    = 4
	flowMaxLoopDepth = 2
)

// loop analyses a loop: header binds the target or evaluates the
// condition, the body runs until what it taints is stable, and the loop
// may be left after any pass or by break.
func (a *flowAnalyzer) loop(header func(), body, elseClause parser.NodeID) {
	before := a.env
	lc := &flowLoop{}
	a.loops = append(a.loops, lc)
	passes := flowMaxPasses
	if len(a.loops) > flowMaxLoopDepth {
		passes = 1
	}
	in := before
	for pass, tainted := 0, -1; pass < passes; pass++ {
		a.env = in.clone()
		header()
		a.block(body)
		out := a.join(append(lc.continues, a.env)...)
		lc.continues = nil
		in = a.join(before, out)
		n := a.countTainted(in)
		if n == tainted {
			break
		}
		tainted = n
	}
	a.loops = a.loops[:len(a.loops)-1]
	a.env = in
	if elseClause != parser.NoNode {
		a.block(a.f.Field(elseClause, "body"))
	}
	a.env = a.join(append(lc.breaks, a.env)...)
}

// countTainted counts the tainted keys of an environment. Passes over a
// loop only add taint, so an unchanged count means nothing changed.
func (a *flowAnalyzer) countTainted(e *flowEnv) int {
	n := 0
	for _, v := range e.vars {
		if a.effective(v) != nil {
			n++
		}
	}
	return n
}

// leaveLoop ends the path at break or continue, handing its environment
// to the enclosing loop.
func (a *flowAnalyzer) leaveLoop(isBreak bool) {
	if len(a.loops) > 0 {
		lc := a.loops[len(a.loops)-1]
		if isBreak {
			lc.breaks = append(lc.breaks, a.env)
		} else {
			lc.continues = append(lc.continues, a.env)
		}
	}
	a.env = newFlowEnv()
	a.env.dead = true
}

// tryStatement runs the body, then each handler from an environment that
// may have stopped anywhere in the body, then finally.
func (a *flowAnalyzer) tryStatement(n parser.NodeID) {
	f := a.f
	before := a.env.clone()
	a.block(f.Field(n, "body"))
	handlerIn := a.join(before, a.env.revived())
	var outs []*flowEnv
	finally := parser.NoNode
	for _, c := range f.NamedChildren(n) {
		switch f.Kind(c) {
		case "else_clause":
			a.block(f.Field(c, "body"))
		case "finally_clause":
			finally = c
		}
	}
	outs = append(outs, a.env)
	for _, c := range f.NamedChildren(n) {
		if f.Is(c, "except_clause", "except_group_clause") {
			outs = append(outs, a.handler(handlerIn, c))
		}
	}
	a.env = a.join(outs...)
	a.finallyClause(finally, handlerIn)
}

// handler runs one except clause; the exception it binds is clean.
func (a *flowAnalyzer) handler(in *flowEnv, clause parser.NodeID) *flowEnv {
	f := a.f
	a.env = in.clone()
	for _, c := range f.NamedChildren(clause) {
		if f.Is(c, "block") {
			a.block(c)
		} else if f.Is(c, "as_pattern") {
			a.bind(f.Field(c, "alias"), flowResult{}, parser.NoNode)
		}
	}
	return a.env
}

// finallyClause runs finally on the joined paths, or, when every path
// ended, on the handlers' input and leaves the path ended.
func (a *flowAnalyzer) finallyClause(clause parser.NodeID, handlerIn *flowEnv) {
	if clause == parser.NoNode {
		return
	}
	body := a.f.NamedChildren(clause)
	if !a.env.dead {
		a.statements(flowBlockStatements(a.f, body))
		return
	}
	a.env = handlerIn.clone()
	a.statements(flowBlockStatements(a.f, body))
	a.env.dead = true
}

// flowBlockStatements returns the statements of the blocks among nodes.
func flowBlockStatements(f *parser.File, nodes []parser.NodeID) []parser.NodeID {
	var out []parser.NodeID
	for _, n := range nodes {
		if f.Is(n, "block") {
			out = append(out, f.NamedChildren(n)...)
		}
	}
	return out
}

// withStatement evaluates each context manager and binds its `as` target
// to it, then runs the body.
func (a *flowAnalyzer) withStatement(n parser.NodeID) {
	f := a.f
	a.f.Walk(n, func(c parser.NodeID) bool {
		if !f.Is(c, "with_item") {
			return c == n || f.Is(c, "with_clause")
		}
		v := f.Field(c, "value")
		if f.Is(v, "as_pattern") {
			expr := f.NamedChildren(v)[0]
			a.bind(f.Field(v, "alias"), a.eval(expr), expr)
		} else {
			a.eval(v)
		}
		return false
	})
	a.block(f.Field(n, "body"))
}

// matchStatement runs each case as a branch; no case matching is one too.
func (a *flowAnalyzer) matchStatement(n parser.NodeID) {
	f := a.f
	a.eval(f.Field(n, "subject"))
	base := a.env
	outs := []*flowEnv{base}
	for _, c := range f.FieldAll(f.Field(n, "body"), "alternative") {
		a.env = base.clone()
		for _, g := range f.NamedChildren(c) {
			if f.Is(g, "if_clause") {
				a.eval(g)
			}
		}
		a.block(f.Field(c, "consequence"))
		outs = append(outs, a.env)
	}
	a.env = a.join(outs...)
}

// --- conditions ---------------------------------------------------------

// flowFact is a Fact whose expression has an environment key.
type flowFact struct {
	key   string
	expr  parser.NodeID
	facts Facts
}

// conditionFacts returns what cond establishes when it evaluates to when,
// taking not, and, or apart and asking the spec about the atoms: `A and B`
// being true establishes both, being false only what both establish.
func (a *flowAnalyzer) conditionFacts(cond parser.NodeID, when bool) []flowFact {
	f := a.f
	switch f.Kind(cond) {
	case "parenthesized_expression":
		return a.conditionFacts(flowUnparen(f, cond), when)
	case "not_operator":
		return a.conditionFacts(f.Field(cond, "argument"), !when)
	case "named_expression":
		return a.conditionFacts(f.Field(cond, "value"), when)
	case "boolean_operator":
		l := a.conditionFacts(f.Field(cond, "left"), when)
		r := a.conditionFacts(f.Field(cond, "right"), when)
		isAnd := flowOperator(f, cond) == "and"
		if isAnd == when {
			return flowUnion(l, r)
		}
		return flowIntersect(l, r)
	}
	return a.atomFacts(cond, when)
}

// atomFacts asks the spec what an atomic condition establishes.
func (a *flowAnalyzer) atomFacts(cond parser.NodeID, when bool) []flowFact {
	if a.spec.Guard == nil {
		return nil
	}
	var out []flowFact
	for _, fact := range a.spec.Guard(a.ctx, cond, when) {
		if k, ok := flowKey(a.f, fact.Expr); ok && fact.Facts != 0 {
			out = flowUnion(out, []flowFact{{k, fact.Expr, fact.Facts}})
		}
	}
	return out
}

// flowOperator returns the operator token of a binary or boolean operator.
func flowOperator(f *parser.File, n parser.NodeID) string {
	return f.Text(f.Field(n, "operator"))
}

// flowUnion combines facts that all hold.
func flowUnion(x, y []flowFact) []flowFact {
	out := slices.Clone(x)
	for _, fy := range y {
		i := slices.IndexFunc(out, func(fx flowFact) bool { return fx.key == fy.key })
		if i < 0 {
			out = append(out, fy)
		} else {
			out[i].facts |= fy.facts
		}
	}
	return out
}

// flowIntersect keeps what either of two alternatives establishes for
// sure: the facts both share.
func flowIntersect(x, y []flowFact) []flowFact {
	var out []flowFact
	for _, fx := range x {
		for _, fy := range y {
			if fx.key == fy.key && fx.facts&fy.facts != 0 {
				out = append(out, flowFact{fx.key, fx.expr, fx.facts & fy.facts})
			}
		}
	}
	return out
}

// flowKey returns the environment key of an expression that names a
// storage place: a name, an attribute chain, a subscript with a literal
// key, or a .get() with literal arguments, such as `request.args.get("next")`.
func flowKey(f *parser.File, n parser.NodeID) (string, bool) {
	n = flowUnparen(f, n)
	switch f.Kind(n) {
	case "identifier":
		return f.Text(n), true
	case "attribute":
		if base, ok := flowKey(f, f.Field(n, "object")); ok {
			return base + "." + f.Text(f.Field(n, "attribute")), true
		}
	case "subscript":
		idx := f.FieldAll(n, "subscript")
		if len(idx) != 1 || !f.Is(idx[0], "string", "integer") || flowInterpolated(f, idx[0]) {
			return "", false
		}
		if base, ok := flowKey(f, f.Field(n, "value")); ok {
			return base + "[" + f.Text(idx[0]) + "]", true
		}
	case "call":
		return flowGetKey(f, n)
	}
	return "", false
}

// flowGetKey is the key of `x.get("lit", ...)` with literal arguments.
func flowGetKey(f *parser.File, call parser.NodeID) (string, bool) {
	fn := f.Field(call, "function")
	if !f.Is(fn, "attribute") || f.Text(f.Field(fn, "attribute")) != "get" {
		return "", false
	}
	base, ok := flowKey(f, f.Field(fn, "object"))
	if !ok {
		return "", false
	}
	var args []string
	for _, arg := range f.NamedChildren(f.Field(call, "arguments")) {
		if !f.Is(arg, "string", "integer", "none") || flowInterpolated(f, arg) {
			return "", false
		}
		args = append(args, f.Text(arg))
	}
	return base + ".get(" + strings.Join(args, ",") + ")", true
}

// flowInterpolated reports whether a string node is an f-string with
// placeholders.
func flowInterpolated(f *parser.File, n parser.NodeID) bool {
	for c := range f.Children(n) {
		if f.Is(c, "interpolation") {
			return true
		}
	}
	return false
}

// flowUnparen strips parentheses around an expression.
func flowUnparen(f *parser.File, n parser.NodeID) parser.NodeID {
	for f.Is(n, "parenthesized_expression") {
		inner := f.NamedChildren(n)
		if len(inner) != 1 {
			return n
		}
		n = inner[0]
	}
	return n
}

// --- expressions --------------------------------------------------------

// flowResult is the outcome of evaluating an expression.
type flowResult struct {
	t     *Taint
	facts Facts
}

// eval evaluates an expression and records its taint for later queries.
func (a *flowAnalyzer) eval(n parser.NodeID) flowResult {
	if n == parser.NoNode {
		return flowResult{}
	}
	r := a.evalNode(n)
	a.record(n, r)
	return r
}

// record remembers that n is tainted. A node evaluated more than once (in
// a loop) keeps its taint from any pass.
func (a *flowAnalyzer) record(n parser.NodeID, r flowResult) {
	if r.t != nil {
		a.state.nodes[n] = flowNode{taint: r.t, facts: r.facts}
	}
}

// evalNode computes the taint of one expression.
func (a *flowAnalyzer) evalNode(n parser.NodeID) flowResult {
	if a.spec.Clean != nil && a.spec.Clean(a.ctx, n) {
		a.evalChildren(n) // for what nested expressions record, and walrus bindings
		return flowResult{}
	}
	f := a.f
	switch f.Kind(n) {
	case "identifier":
		return a.readName(n)
	case "attribute":
		return a.readAttribute(n)
	case "subscript":
		return a.readSubscript(n)
	case "call":
		return a.call(n)
	case "conditional_expression":
		return a.conditional(n)
	case "named_expression":
		r := a.eval(f.Field(n, "value"))
		a.bind(f.Field(n, "name"), r, f.Field(n, "value"))
		return r
	case "list_comprehension", "set_comprehension", "dictionary_comprehension",
		"generator_expression":
		return a.comprehension(n)
	case "comparison_operator", "not_operator":
		a.evalChildren(n)
		return flowResult{} // a boolean
	case "lambda", "integer", "float", "true", "false", "none", "ellipsis":
		return flowResult{}
	}
	return a.evalChildren(n) // strings, operators, containers: tainted by any part
}

// evalChildren evaluates the named children of n and returns the first
// taint among them. This is how string building (concatenation,
// f-strings, %, containers, `or` defaults) propagates: the default in
// `request.args.get("next") or url_for("index")` does not clean the left.
func (a *flowAnalyzer) evalChildren(n parser.NodeID) flowResult {
	return a.evalAll(a.f.NamedChildren(n))
}

// evalAll evaluates nodes and returns the first taint among them.
func (a *flowAnalyzer) evalAll(nodes []parser.NodeID) flowResult {
	var first flowResult
	for _, c := range nodes {
		if r := a.eval(c); first.t == nil {
			first = r
		}
	}
	return first
}

// readName reads a local variable, or a name imported as a source.
func (a *flowAnalyzer) readName(n parser.NodeID) flowResult {
	name := a.f.Text(n)
	if v, ok := a.env.vars[name]; ok {
		if v.def != parser.NoNode {
			a.state.defs[n] = v.def
		}
		if t := a.effective(v); t != nil {
			return flowResult{t: t, facts: v.facts}
		}
		return flowResult{}
	}
	if _, imported := a.m.Imports[name]; imported {
		return a.source(n)
	}
	return flowResult{}
}

// lookup returns the value of an access path the environment knows.
func (a *flowAnalyzer) lookup(n parser.NodeID) (flowResult, bool) {
	if a.env.compound == 0 {
		return flowResult{}, false
	}
	k, ok := flowKey(a.f, n)
	if !ok {
		return flowResult{}, false
	}
	v, ok := a.env.vars[k]
	if !ok {
		return flowResult{}, false
	}
	if t := a.effective(v); t != nil {
		return flowResult{t: t, facts: v.facts}, true
	}
	return flowResult{}, true
}

// readAttribute reads `x.attr`: a known access path, a source such as
// request.args, or the attribute of a tainted object, whose taint the spec
// may change (a FileStorage's filename is a file name, its stream is not).
func (a *flowAnalyzer) readAttribute(n parser.NodeID) flowResult {
	if r, ok := a.lookup(n); ok {
		return r
	}
	if r := a.source(n); r.t != nil {
		return r
	}
	obj := a.eval(a.f.Field(n, "object"))
	if obj.t == nil || a.spec.Attr == nil {
		return obj
	}
	t, ok := a.spec.Attr(a.ctx, n, *obj.t)
	if !ok {
		return flowResult{}
	}
	return flowResult{t: &t}
}

// source returns a fresh taint when a name or attribute chain resolves to
// one of the spec's sources and its root is not a local variable.
func (a *flowAnalyzer) source(n parser.NodeID) flowResult {
	f := a.f
	root := n
	for f.Is(root, "attribute") {
		root = f.Field(root, "object")
	}
	if !f.Is(root, "identifier") {
		return flowResult{}
	}
	if _, local := a.env.vars[f.Text(root)]; local {
		return flowResult{}
	}
	if _, imported := a.m.Imports[f.Text(root)]; !imported {
		return flowResult{}
	}
	q := a.p.QualifiedName(a.m, n)
	if !a.sources[q] {
		return flowResult{}
	}
	return flowResult{t: &Taint{
		Source: Ref{a.m, flowAccessChain(f, n)},
		Name:   strings.TrimPrefix(q, "flask."),
		Label:  a.spec.Labels[q],
	}}
}

// flowAccessChain widens a source to the access written on it, so that the
// source of `request.args.get("next")` is that whole call, not request.args.
func flowAccessChain(f *parser.File, n parser.NodeID) parser.NodeID {
	for {
		p := f.Parent(n)
		switch {
		case f.Is(p, "attribute") && f.Field(p, "object") == n,
			f.Is(p, "call") && f.Field(p, "function") == n,
			f.Is(p, "subscript") && f.Field(p, "value") == n:
			n = p
		default:
			return n
		}
	}
}

// readSubscript reads `x[i]`: an item of a tainted value is tainted, an
// item of a clean container is clean even under a tainted key (a lookup
// in the project's own table), and the spec may clean some items.
func (a *flowAnalyzer) readSubscript(n parser.NodeID) flowResult {
	f := a.f
	if r, ok := a.lookup(n); ok {
		return r
	}
	val := f.Field(n, "value")
	r := a.eval(val)
	idx := f.FieldAll(n, "subscript")
	a.evalAll(idx)
	if r.t != nil && len(idx) == 1 && f.Is(idx[0], "integer") && a.spec.CleanItem != nil {
		if i, ok := flowSmallInt(f.Text(idx[0])); ok && a.spec.CleanItem(a.ctx, val, i) {
			return flowResult{}
		}
	}
	return r
}

// flowSmallInt parses a short decimal literal.
func flowSmallInt(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// call evaluates a call. Sanitisers and known-clean callees give a clean
// result. A method of a tainted object gives a tainted result. A call of
// anything else taking tainted arguments is assumed to pass them through:
// os.path.join, str.format, a project helper. That is conservative on
// purpose; a rule lists what really cleans.
func (a *flowAnalyzer) call(n parser.NodeID) flowResult {
	f := a.f
	if r, ok := a.lookup(n); ok {
		return r
	}
	fn := f.Field(n, "function")
	callee := a.eval(fn)
	args := a.evalArgs(n)
	if a.cleanCall(n, fn) {
		return flowResult{}
	}
	if callee.t != nil {
		return callee
	}
	if f.Is(fn, "attribute") && flowLookupMethods[f.Text(f.Field(fn, "attribute"))] {
		return a.lookupDefault(n)
	}
	return a.through(n, fn, args)
}

// flowTransparent are library functions known to pass their argument's
// text through (joining, normalising, quoting); data that goes through
// them keeps no Via.
var flowTransparent = map[string]bool{
	"os.path.join": true, "os.path.normpath": true, "os.path.abspath": true,
	"os.path.realpath": true, "os.path.expanduser": true, "os.path.dirname": true,
	"os.fspath": true, "posixpath.join": true, "ntpath.join": true, "str": true,
	"bytes": true, "pathlib.Path": true, "pathlib.PurePath": true,
	"pathlib.PurePosixPath": true, "pathlib.PosixPath": true,
	"urllib.parse.urljoin": true, "urllib.parse.quote": true,
	"urllib.parse.quote_plus": true, "urllib.parse.unquote": true,
	"urllib.parse.unquote_plus": true, "urllib.parse.urlunsplit": true,
	"urllib.parse.urlunparse": true,
}

// through is the result of an unknown call taking tainted arguments: the
// taint, assumed passed through, marked with the call unless the callee
// is a transparent library function or a method of a string literal
// ("/".join, "{}".format).
func (a *flowAnalyzer) through(call, fn parser.NodeID, args flowResult) flowResult {
	f := a.f
	if args.t == nil {
		return args
	}
	q := a.p.CalleeName(a.m, call)
	if flowTransparent[q] ||
		f.Is(fn, "attribute") && f.Is(f.Field(fn, "object"), "string", "concatenated_string") {
		return args
	}
	t := *args.t
	if t.Via == (Ref{}) {
		t.Via = Ref{a.m, call}
	}
	t.Opaque = t.Opaque || a.isOpaqueCallee(fn, q)
	return flowResult{t: &t, facts: args.facts}
}

// isOpaqueCallee reports whether a callee is a project function or a
// method of something other than an imported module: code the engine
// cannot vouch for. Builtins and functions of imported libraries are not.
func (a *flowAnalyzer) isOpaqueCallee(fn parser.NodeID, q string) bool {
	root, _, dotted := strings.Cut(q, ".")
	if !dotted {
		_, defined := a.m.Defs[q]
		return defined // a function of this module; otherwise a builtin
	}
	for i := len(q); i > 0; i = strings.LastIndexByte(q[:i], '.') {
		if a.p.ModuleByName(q[:i]) != nil {
			return true // defined in a project module
		}
	}
	if a.f.Is(fn, "identifier") {
		return false
	}
	_, imported := a.m.Imports[root]
	return !imported
}

// evalArgs evaluates a call's arguments and returns the first taint.
func (a *flowAnalyzer) evalArgs(call parser.NodeID) flowResult {
	f := a.f
	var first flowResult
	for _, arg := range f.NamedChildren(f.Field(call, "arguments")) {
		if f.Is(arg, "keyword_argument") {
			arg = f.Field(arg, "value")
		}
		if r := a.eval(arg); first.t == nil {
			first = r
		}
	}
	return first
}

// cleanCall reports whether a call's result is clean whatever its inputs.
func (a *flowAnalyzer) cleanCall(call, fn parser.NodeID) bool {
	f := a.f
	q := a.p.CalleeName(a.m, call)
	if a.sanitizer[q] || flowCleanCallees[q] {
		return true
	}
	for _, prefix := range flowCleanPrefixes {
		if strings.HasPrefix(q, prefix) {
			return true
		}
	}
	if f.Is(fn, "attribute") && flowCleanMethods[f.Text(f.Field(fn, "attribute"))] {
		return true
	}
	return flowTypedGet(f, call)
}

// flowTypedGet reports `request.args.get("page", type=int)`-style calls,
// whose result is a number or a boolean.
func flowTypedGet(f *parser.File, call parser.NodeID) bool {
	t := KeywordArg(f, call, "type")
	return f.Is(t, "identifier") && (f.Text(t) == "int" || f.Text(t) == "float" ||
		f.Text(t) == "bool")
}

// lookupDefault is the taint of a lookup on a clean receiver: only a
// default value passed to it can come back.
func (a *flowAnalyzer) lookupDefault(call parser.NodeID) flowResult {
	f := a.f
	var candidates []parser.NodeID
	if pos := PositionalArgs(f, call); len(pos) > 1 {
		candidates = append(candidates, pos[1])
	}
	if d := KeywordArg(f, call, "default"); d != parser.NoNode {
		candidates = append(candidates, d)
	}
	for _, c := range candidates {
		if info, ok := a.state.nodes[c]; ok {
			return flowResult{t: info.taint, facts: info.facts}
		}
	}
	return flowResult{}
}

// conditional evaluates `x if cond else y`, each side under what the
// condition establishes, as for `target if is_safe_url(target) else "/"`.
func (a *flowAnalyzer) conditional(n parser.NodeID) flowResult {
	parts := a.f.NamedChildren(n)
	if len(parts) != 3 {
		return a.evalChildren(n)
	}
	then, cond, other := parts[0], parts[1], parts[2]
	a.eval(cond)
	r1 := a.evalUnder(then, a.conditionFacts(cond, true))
	r2 := a.evalUnder(other, a.conditionFacts(cond, false))
	if r1.t != nil {
		return r1
	}
	return r2
}

// evalUnder evaluates n with facts added to the environment, copying it
// only when there are facts to add.
func (a *flowAnalyzer) evalUnder(n parser.NodeID, facts []flowFact) flowResult {
	if len(facts) == 0 {
		return a.eval(n)
	}
	saved := a.env
	a.env = saved.clone()
	a.applyFacts(a.env, facts)
	r := a.eval(n)
	a.env = saved
	return r
}

// comprehension evaluates a comprehension: each for clause binds its
// target to the items of its iterable, each if clause adds what it
// establishes, then the body is evaluated. The names it binds are local to
// it, so their previous values are put back afterwards (a walrus binds in
// the enclosing body and is kept).
func (a *flowAnalyzer) comprehension(n parser.NodeID) flowResult {
	f := a.f
	saved := flowSaved{}
	for _, c := range f.NamedChildren(n) {
		switch f.Kind(c) {
		case "for_in_clause":
			r := a.eval(f.Field(c, "right"))
			a.saveNames(saved, f.Field(c, "left"))
			a.bind(f.Field(c, "left"), r, parser.NoNode)
		case "if_clause":
			for _, cond := range f.NamedChildren(c) {
				a.eval(cond)
				facts := a.conditionFacts(cond, true)
				for _, kf := range facts {
					a.save(saved, kf.key)
				}
				a.applyFacts(a.env, facts)
			}
		}
	}
	r := a.eval(f.Field(n, "body"))
	a.restore(saved)
	return r
}

// flowSaved holds the values some keys had before a comprehension; nil
// means the key was not bound.
type flowSaved map[string]*flowValue

// saveNames saves the names a target binds.
func (a *flowAnalyzer) saveNames(s flowSaved, target parser.NodeID) {
	a.f.Walk(target, func(c parser.NodeID) bool {
		if a.f.Is(c, "identifier") {
			a.save(s, a.f.Text(c))
		}
		return true
	})
}

// save remembers a key's value the first time it is about to change.
func (a *flowAnalyzer) save(s flowSaved, k string) {
	if _, done := s[k]; done {
		return
	}
	s[k] = nil
	if v, ok := a.env.vars[k]; ok {
		s[k] = &v
	}
}

// restore puts saved keys back as they were.
func (a *flowAnalyzer) restore(s flowSaved) {
	for k, v := range s {
		if v == nil {
			a.env.remove(k)
		} else {
			a.env.put(k, *v)
		}
	}
}
