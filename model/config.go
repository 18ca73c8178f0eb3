package model

// The configuration model: every place a Flask project gives its app
// configuration values, where each value comes from, and which deployment
// (development, testing, production) each one is meant for.
//
// What it reads:
//
//   - assignments on an app's config: `app.config["K"] = v`,
//     `app.config.update(K=v)`, `app.config.update({"K": v})`,
//     `app.config.from_mapping(...)`, `app.config.setdefault("K", v)`, and
//     the app attributes that stand for a key (`app.secret_key = v`); the
//     receiver is a Flask app variable, `current_app`, or a name an app is
//     conventionally bound to (an init function's `app` parameter);
//   - config classes: module-level classes with UPPER_CASE attributes that
//     are loaded by `from_object(...)`, listed in a config-by-name dict or
//     named `*Config`/`*Settings`, with inheritance resolved across modules;
//   - settings modules loaded by `from_object("settings")` or
//     `from_pyfile("config.py")` when the file is in the project;
//   - config-by-name dicts (`config = {"production": ProductionConfig}`).
//
// What it does not read (each makes the configuration "opaque", see
// ConfigModel.Opaque): `from_envvar`, `from_prefixed_env`, `from_file`,
// `from_pyfile` of a file outside the project, `from_object` of something
// it cannot resolve, and updates from mappings it cannot see. Star imports
// in settings modules, class bodies that compute attributes in loops, and
// properties are not evaluated either. Those loads are still recorded as
// known-unknown sources, and from_prefixed_env is read against the
// environment files (configenv.go).
//
// configenv.go adds the environments: the variables deployment and
// environment files set for each, which configuration each environment
// selects and why (Selections), and the effective value of a key per
// environment (Effective). explain.go prints it all.

import (
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/flasklint/flasklint/parser"
)

// Environment is the deployment a configuration class, or the branch of
// code around a configuration assignment, is meant for.
type Environment int

// Environments. EnvBase is both "shared by every environment" (a Config
// base class, an unconditional app.config assignment) and "unknown".
const (
	EnvBase Environment = iota
	EnvDevelopment
	EnvTesting
	EnvProduction
)

// String returns the lowercase name of the environment.
func (e Environment) String() string {
	switch e {
	case EnvDevelopment:
		return "development"
	case EnvTesting:
		return "testing"
	case EnvProduction:
		return "production"
	}
	return "base"
}

// ReachesProduction reports whether code or values of this environment
// can be part of what production runs with.
func (e Environment) ReachesProduction() bool {
	return e == EnvBase || e == EnvProduction
}

// ValueKind says what the model knows about a configuration value.
type ValueKind int

// Value kinds.
const (
	ValueUnknown ValueKind = iota // an expression the model does not evaluate
	ValueBool
	ValueString
	ValueInt
	ValueNone
	ValueEnv // os.environ.get("K", d), os.getenv("K", d) or os.environ["K"]
)

// Value is the right-hand side of a configuration assignment.
type Value struct {
	Kind ValueKind
	Bool bool   // ValueBool
	Str  string // ValueString, escapes kept as written
	Int  int64  // ValueInt
	// EnvVar is the environment variable a ValueEnv reads. For a
	// ValueUnknown expression that reads exactly one variable, such as
	// `os.getenv("SECURE", "1") == "1"`, it names that variable too.
	EnvVar string
	// Default is what a ValueEnv gives when the variable is unset: the
	// default argument, or None for os.getenv("K") and
	// os.environ.get("K"). It is nil for os.environ["K"], which raises.
	Default *Value
	Node    parser.NodeID // the expression
}

// Truth returns the value's Python truthiness and whether it is known.
// A string is true when non-empty, so "False" is true, as Flask sees it.
func (v Value) Truth() (truthy, known bool) {
	switch v.Kind {
	case ValueBool:
		return v.Bool, true
	case ValueNone:
		return false, true
	case ValueString:
		return v.Str != "", true
	case ValueInt:
		return v.Int != 0, true
	}
	return false, false
}

// Setting is one configuration assignment.
type Setting struct {
	Module *Module
	// Node is the assignment (`app.config["K"] = v`, a class attribute),
	// the keyword argument or dict pair (`update(K=v)`), or the setdefault
	// call that sets Key.
	Node  parser.NodeID
	Key   string
	Value Value
	// Via is how the value is set: "item", "attribute", "update",
	// "from_mapping", "setdefault", "class" or "module".
	Via string
	// Class is the config class or settings module that defines the
	// value; nil for assignments on an app's config.
	Class *ConfigClass
	// Config is filled in query results: the configuration that runs with
	// the value, Class itself or a subclass that inherits it.
	Config *ConfigClass
	App    *App // the app whose config is set, when known
	// Env is Class's environment, or for an assignment on an app's config
	// the environment of the branch around it (EnvBase when there is none).
	Env Environment
	// Conditional is true for a class or settings-module value assigned
	// inside an if, try or with block of the body: it may not be in force.
	Conditional bool

	site     *Module       // the module of the assignment or call on an app's config
	siteNode parser.NodeID // that assignment or call
}

// Site returns the statement or call on an app's config that sets the
// key, which may be in another module than Node (`app.config.update(S)`
// with S imported); the zero Ref for a class or settings-module value.
func (s *Setting) Site() Ref {
	if s.site == nil {
		return Ref{}
	}
	return Ref{s.site, s.siteNode}
}

// ConfigClass is a configuration class, or a settings module loaded as
// one (IsModule).
type ConfigClass struct {
	Module   *Module
	Node     parser.NodeID // the class_definition; the module root for a module
	Name     string        // class name, or dotted module name
	QualName string
	IsModule bool
	Bases    []*ConfigClass // project classes it inherits from, in order
	// UnresolvedBases are base classes the model cannot see, such as
	// pydantic's BaseSettings: they may set keys the model does not know.
	UnresolvedBases []string
	Settings        []*Setting // its own UPPER_CASE attributes, in source order
	Env             Environment
	EnvReason       string // why: "name", "TESTING = True", "inherits DevConfig", ...
	LoadedBy        []*ConfigLoad
}

// ConfigDict is a config-by-name dict such as
// `config = {"development": DevelopmentConfig, "default": DevelopmentConfig}`.
type ConfigDict struct {
	Ref            // the dictionary, or the dict(...) call
	Name    string // qualified name of the variable
	Entries []ConfigDictEntry
}

// ConfigDictEntry is one key of a ConfigDict.
type ConfigDictEntry struct {
	Key   string
	Node  parser.NodeID // the pair or keyword argument
	Class *ConfigClass
}

// ConfigLoad is a call that loads configuration from elsewhere:
// from_object, from_pyfile, from_envvar, from_prefixed_env or from_file.
type ConfigLoad struct {
	Ref
	Method  string
	App     *App
	Classes []*ConfigClass // what it may load, when the model can tell
	Opaque  bool           // it may load values the model cannot see
	Env     Environment    // of the branch around the call
	// Silent is true for from_pyfile(..., silent=True) and
	// from_envvar(..., silent=True): a missing file is no error, so the
	// values set before the call stay in force.
	Silent bool
	// Var is the environment variable from_envvar reads; Prefix the one
	// from_prefixed_env strips ("FLASK" unless given).
	Var    string
	Prefix string
}

// ConfigModel is the configuration of a project.
type ConfigModel struct {
	Classes     []*ConfigClass // in path and source order; modules when first loaded
	Dicts       []*ConfigDict
	Loads       []*ConfigLoad
	AppSettings []*Setting // assignments on app config objects, in path and source order
	// Opaque are the places, outside development and testing branches,
	// where configuration comes from something the model cannot read.
	// When there is one, "production never sets K" cannot be concluded.
	Opaque []Ref

	// EnvVars are the environment variables deployment and environment
	// files set, each with the environment it belongs to (configenv.go).
	EnvVars []*EnvVar
	// Selections say, for each environment and each load that runs there,
	// which configuration it loads and why (configenv.go).
	Selections []*Selection

	b     *configBuilder             // kept for evaluating values on demand
	evals map[Environment]*evaluator // one per environment, read-only once built
	envs  *envFiles                  // what the deployment files say about environments
}

// configSlot holds a project's lazily built configuration model.
type configSlot struct {
	once  sync.Once
	model *ConfigModel
}

// Config returns the project's configuration model, built on first use.
// It is safe to call from several rules at once.
func (p *Project) Config() *ConfigModel {
	p.config.once.Do(func() { p.config.model = buildConfig(p) })
	return p.config.model
}

// Own returns the class's own last assignment of key, or nil.
func (c *ConfigClass) Own(key string) *Setting {
	for i := len(c.Settings) - 1; i >= 0; i-- {
		if c.Settings[i].Key == key {
			return c.Settings[i]
		}
	}
	return nil
}

// Lookup returns the assignment of key the class runs with: its own, or
// the one it inherits first in method resolution order; nil when none.
func (c *ConfigClass) Lookup(key string) *Setting {
	for _, k := range c.MRO() {
		if s := k.Own(key); s != nil {
			return s
		}
	}
	return nil
}

// Inherits reports whether c is other or a subclass of it.
func (c *ConfigClass) Inherits(other *ConfigClass) bool {
	return slices.Contains(c.MRO(), other)
}

// MRO returns the class and its project ancestors in Python's method
// resolution order (C3). A hierarchy C3 rejects falls back to depth-first
// order without repeats.
func (c *ConfigClass) MRO() []*ConfigClass {
	return c.mro(0)
}

// maxClassDepth bounds inheritance chains, so that a cycle (which Python
// rejects but a broken file can spell) cannot loop.
const maxClassDepth = 32

// mro computes the C3 linearisation at a bounded depth.
func (c *ConfigClass) mro(depth int) []*ConfigClass {
	if depth > maxClassDepth || len(c.Bases) == 0 {
		return []*ConfigClass{c}
	}
	var seqs [][]*ConfigClass
	for _, b := range c.Bases {
		seqs = append(seqs, b.mro(depth+1))
	}
	seqs = append(seqs, slices.Clone(c.Bases))
	if merged, ok := c3Merge(seqs); ok {
		return append([]*ConfigClass{c}, merged...)
	}
	out := []*ConfigClass{c}
	for _, s := range seqs {
		for _, k := range s {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// c3Merge merges linearisations: repeatedly take the first head that is in
// no other sequence's tail.
func c3Merge(seqs [][]*ConfigClass) ([]*ConfigClass, bool) {
	var out []*ConfigClass
	for {
		seqs = slices.DeleteFunc(seqs, func(s []*ConfigClass) bool { return len(s) == 0 })
		if len(seqs) == 0 {
			return out, true
		}
		head := c3Head(seqs)
		if head == nil {
			return nil, false
		}
		out = append(out, head)
		for i, s := range seqs {
			if s[0] == head {
				seqs[i] = s[1:]
			}
		}
	}
}

// c3Head returns the first sequence head that no tail contains, or nil.
func c3Head(seqs [][]*ConfigClass) *ConfigClass {
	for _, s := range seqs {
		inTail := false
		for _, t := range seqs {
			inTail = inTail || slices.Contains(t[1:], s[0])
		}
		if !inTail {
			return s[0]
		}
	}
	return nil
}

// NameNode is the node to report a class at: its name, or for a settings
// module the module itself.
func (c *ConfigClass) NameNode() parser.NodeID {
	if c.IsModule {
		return c.Node
	}
	return c.Module.File.Field(c.Node, "name")
}

// ProductionClasses returns the configurations production runs with:
// the classes classified production; when the project has none, the base
// (unclassified) ones, since whatever production loads is then one of them.
func (cm *ConfigModel) ProductionClasses() []*ConfigClass {
	if prod := cm.classesIn(EnvProduction); len(prod) > 0 {
		return prod
	}
	return cm.classesIn(EnvBase)
}

// classesIn returns the classes classified env.
func (cm *ConfigModel) classesIn(env Environment) []*ConfigClass {
	var out []*ConfigClass
	for _, c := range cm.Classes {
		if c.Env == env {
			out = append(out, c)
		}
	}
	return out
}

// ProductionSettings returns every value the production configuration
// may hold for key, each with Config set to the configuration that runs
// with it. "Production" means:
//
//  1. assignments on an app's config that are not inside a development or
//     testing branch (`if app.debug:`, `if app.testing:`,
//     `if config_name == "development":`, `if __name__ == "__main__":`, the
//     else branch of `if not app.debug:`) and not in a test file;
//  2. for every class classified production, the value it runs with: its
//     own, or else the one it inherits from its bases;
//  3. base classes: when the project has no production class, every base
//     class's value; otherwise a base class's value only when it is loaded
//     by itself outside development and testing branches (an unconditional
//     `from_object(Config)`) and no production class sets the key.
//
// Development and testing classes never count, nor do assignments and
// loads in development scripts (run.py calling app.run, manage.py) that
// no production process runs. A class value assigned inside an if, try
// or with block of the class body counts like any other (Own returns the
// last one). An empty result means no code the model can see sets key for
// production; check Opaque before concluding that nothing does. For the
// value production really gets, resolved against the deployment files,
// see Effective.
func (cm *ConfigModel) ProductionSettings(key string) []Setting {
	var out []Setting
	for _, s := range cm.AppSettings {
		if s.Key == key && s.Env.ReachesProduction() {
			out = append(out, *s)
		}
	}
	prod := cm.classesIn(EnvProduction)
	prodSets := false
	for _, c := range prod {
		if s := c.Lookup(key); s != nil {
			out = appendVia(out, s, c)
			prodSets = true
		}
	}
	if prodSets {
		return out
	}
	for _, c := range cm.baseClassesForProduction(len(prod) > 0) {
		if s := c.Lookup(key); s != nil {
			out = appendVia(out, s, c)
		}
	}
	return out
}

// appendVia adds a copy of s read through config, once per node and config.
func appendVia(out []Setting, s *Setting, config *ConfigClass) []Setting {
	for _, o := range out {
		if o.Node == s.Node && o.Module == s.Module && o.Config == config {
			return out
		}
	}
	cp := *s
	cp.Config = config
	return append(out, cp)
}

// baseClassesForProduction returns the base classes whose values reach
// production beside the production classes (see ProductionSettings).
func (cm *ConfigModel) baseClassesForProduction(haveProduction bool) []*ConfigClass {
	base := cm.classesIn(EnvBase)
	if !haveProduction {
		return base
	}
	var out []*ConfigClass
	for _, c := range base {
		for _, l := range c.LoadedBy {
			if len(l.Classes) == 1 && l.Env.ReachesProduction() {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// ClassByName returns the config class with a qualified name, or nil.
func (cm *ConfigModel) ClassByName(qual string) *ConfigClass {
	for _, c := range cm.Classes {
		if c.QualName == qual {
			return c
		}
	}
	return nil
}

// IsTestFile reports whether the module is test code: under a tests/ or
// test/ folder, named test_*.py or *_test.py, or a conftest.py.
func (m *Module) IsTestFile() bool {
	p := m.File.Path
	base := path.Base(p)
	if strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py") ||
		base == "conftest.py" || base == "tests.py" {
		return true
	}
	for _, dir := range strings.Split(path.Dir(p), "/") {
		if dir == "tests" || dir == "test" {
			return true
		}
	}
	return false
}

// configBuilder holds the state of one buildConfig run.
type configBuilder struct {
	p       *Project
	cm      *ConfigModel
	order   []*ConfigClass          // every module-level class, in path and source order
	all     map[string]*ConfigClass // the same, by qualified name
	bases   map[*ConfigClass][]string
	dicts   map[string]*ConfigDict
	modules map[*Module]*ConfigClass // settings modules loaded as configuration
	inDict  map[*ConfigClass][]string
	// flaskSubs are the qualified names of the project's Flask subclasses,
	// whose methods configure the app through self.config.
	flaskSubs map[string]bool
}

// buildConfig computes the configuration model. Every module-level class
// is a candidate first; loads and dicts then decide which are config.
func buildConfig(p *Project) *ConfigModel {
	b := &configBuilder{
		p: p, cm: &ConfigModel{},
		all:     make(map[string]*ConfigClass),
		bases:   make(map[*ConfigClass][]string),
		dicts:   make(map[string]*ConfigDict),
		modules: make(map[*Module]*ConfigClass),
		inDict:  make(map[*ConfigClass][]string),
	}
	b.collectClasses()
	b.collectDicts()
	b.flaskSubs = make(map[string]bool)
	for _, q := range p.flaskClasses()[1:] {
		b.flaskSubs[q] = true
	}
	b.collectAppConfig()
	b.selectClasses()
	for _, c := range b.cm.Classes {
		b.classify(c, 0)
	}
	b.buildEnvironments()
	for _, c := range b.cm.Classes {
		for _, s := range c.Settings {
			s.Env = c.Env
		}
	}
	return b.cm
}

// collectClasses records every module-level class with its own UPPER_CASE
// attributes and its base classes.
func (b *configBuilder) collectClasses() {
	for _, m := range b.p.Modules {
		f := m.File
		for _, stmt := range topLevelStatements(f) {
			if f.Is(stmt, "decorated_definition") {
				stmt = f.Field(stmt, "definition")
			}
			if !f.Is(stmt, "class_definition") {
				continue
			}
			name := f.Text(f.Field(stmt, "name"))
			c := &ConfigClass{Module: m, Node: stmt, Name: name, QualName: joinName(m.Name, name)}
			c.Settings = b.p.bodySettings(m, f.Field(stmt, "body"), c, "class")
			b.bases[c] = b.baseNames(m, stmt)
			b.order = append(b.order, c)
			b.all[c.QualName] = c
		}
	}
	for _, c := range b.order {
		for _, q := range b.bases[c] {
			if base := b.all[q]; base != nil && base != c {
				c.Bases = append(c.Bases, base)
			} else if q != "object" {
				c.UnresolvedBases = append(c.UnresolvedBases, q)
			}
		}
	}
}

// baseNames returns the qualified names of a class's base classes.
func (b *configBuilder) baseNames(m *Module, class parser.NodeID) []string {
	f := m.File
	var out []string
	for _, arg := range f.NamedChildren(f.Field(class, "superclasses")) {
		if f.Is(arg, "keyword_argument") {
			continue // metaclass=...
		}
		if q := b.p.QualifiedName(m, arg); q != "" {
			out = append(out, q)
		} else {
			out = append(out, f.Text(arg))
		}
	}
	return out
}

// bodySettings reads the UPPER_CASE assignments of a class body or module,
// including those inside if, try and with blocks there, which are marked
// conditional (`if os.environ.get("K"): K = ... else: K = "dev"`). A name
// assigned earlier in the same body (`B = A`) takes A's value, as Python
// evaluates it.
func (p *Project) bodySettings(m *Module, body parser.NodeID, c *ConfigClass,
	via string) []*Setting {
	var out []*Setting
	seen := make(map[string]Value)
	p.blockSettings(m, body, c, via, false, seen, &out)
	return out
}

// maxBlockDepth bounds how deeply nested blocks of a class body are read.
const maxBlockDepth = 6

// blockSettings reads the settings of one block of a class body or module.
func (p *Project) blockSettings(m *Module, block parser.NodeID, c *ConfigClass, via string,
	cond bool, seen map[string]Value, out *[]*Setting) {
	f := m.File
	for _, stmt := range f.NamedChildren(block) {
		switch f.Kind(stmt) {
		case "expression_statement":
			p.statementSettings(m, stmt, c, via, cond, seen, out)
		case "if_statement", "try_statement", "with_statement", "elif_clause", "else_clause",
			"except_clause", "finally_clause", "block":
			if blockDepth(f, stmt) <= maxBlockDepth {
				p.blockSettings(m, stmt, c, via, true, seen, out)
			}
		}
	}
}

// blockDepth counts the blocks around n, which bounds the recursion of
// blockSettings.
func blockDepth(f *parser.File, n parser.NodeID) int {
	depth := 0
	for a := range f.Ancestors(n) {
		if f.Is(a, "block") {
			depth++
		}
	}
	return depth
}

// statementSettings reads the UPPER_CASE assignments of one statement.
func (p *Project) statementSettings(m *Module, stmt parser.NodeID, c *ConfigClass, via string,
	cond bool, seen map[string]Value, out *[]*Setting) {
	f := m.File
	for _, a := range f.NamedChildren(stmt) {
		for ; f.Is(a, "assignment"); a = f.Field(a, "right") {
			left := f.Field(a, "left")
			if !f.Is(left, "identifier") || !isUpperKey(f.Text(left)) ||
				finalRight(f, a) == parser.NoNode {
				continue // `KEY: bool` alone is an annotation, not an attribute
			}
			v := p.bodyValue(m, finalRight(f, a), seen)
			seen[f.Text(left)] = v
			*out = append(*out, &Setting{
				Module: m, Node: a, Key: f.Text(left), Value: v, Via: via, Class: c,
				Conditional: cond,
			})
		}
	}
}

// bodyValue evaluates a value in a class body, where bare names may refer
// to attributes assigned earlier in the same body.
func (p *Project) bodyValue(m *Module, n parser.NodeID, seen map[string]Value) Value {
	if v, ok := seen[m.File.Text(n)]; ok && m.File.Is(n, "identifier") {
		v.Node = n
		return v
	}
	return p.ValueOf(m, n)
}

// finalRight returns the value of a possibly chained assignment `a = b = v`.
func finalRight(f *parser.File, assign parser.NodeID) parser.NodeID {
	right := f.Field(assign, "right")
	for f.Is(right, "assignment") {
		right = f.Field(right, "right")
	}
	return right
}

// isUpperKey mirrors Python's str.isupper, which Flask's from_object uses
// to pick configuration attributes: a cased letter and no lowercase one.
func isUpperKey(s string) bool {
	return s != "" && strings.ToUpper(s) == s && strings.ToLower(s) != s
}

// ValueOf evaluates a configuration value as far as the model can:
// literals, environment lookups, and names assigned a literal in the same
// function or at module level (one hop).
func (p *Project) ValueOf(m *Module, n parser.NodeID) Value {
	v := p.literalValue(m, n)
	if v.Kind == ValueUnknown && m.File.Is(n, "identifier") {
		if mod, rhs := p.AssignedValue(m, n); rhs != parser.NoNode {
			if lit := p.literalValue(mod, rhs); lit.Kind != ValueUnknown {
				lit.Node = n
				return lit
			}
		}
	}
	if v.Kind == ValueUnknown {
		v.EnvVar = p.singleEnvRead(m, n)
	}
	return v
}

// literalValue evaluates literals and environment lookups.
func (p *Project) literalValue(m *Module, n parser.NodeID) Value {
	f := m.File
	v := Value{Node: n}
	switch f.Kind(n) {
	case "true", "false":
		v.Kind, v.Bool = ValueBool, f.Is(n, "true")
	case "none":
		v.Kind = ValueNone
	case "integer":
		text := strings.ReplaceAll(f.Text(n), "_", "")
		if i, err := strconv.ParseInt(text, 0, 64); err == nil {
			v.Kind, v.Int, v.Str = ValueInt, i, text
		}
	case "string":
		if s, ok := f.StringValue(n); ok {
			v.Kind, v.Str = ValueString, s
		}
	case "parenthesized_expression":
		if inner := f.NamedChildren(n); len(inner) == 1 {
			v = p.literalValue(m, inner[0])
			v.Node = n
		}
	case "call", "subscript":
		if env, ok := p.envLookup(m, n); ok {
			return env
		}
	}
	return v
}

// envGetters are the calls that read an environment variable with an
// optional default.
var envGetters = map[string]bool{
	"os.environ.get": true, "os.getenv": true, "os.environ.setdefault": true,
}

// envLookup recognises os.environ.get("K", d), os.getenv("K", d) and
// os.environ["K"] with a literal variable name.
func (p *Project) envLookup(m *Module, n parser.NodeID) (Value, bool) {
	f := m.File
	if f.Is(n, "subscript") {
		if p.QualifiedName(m, f.Field(n, "value")) != "os.environ" {
			return Value{}, false
		}
		name, ok := f.StringValue(f.Field(n, "subscript"))
		return Value{Kind: ValueEnv, EnvVar: name, Node: n}, ok
	}
	if !envGetters[p.CalleeName(m, n)] {
		return Value{}, false
	}
	args := positionalArgs(f, n)
	if len(args) == 0 {
		return Value{}, false
	}
	name, ok := f.StringValue(args[0])
	if !ok {
		return Value{}, false
	}
	def := &Value{Kind: ValueNone, Node: parser.NoNode}
	if d := KeywordArg(f, n, "default"); d != parser.NoNode {
		*def = p.literalValue(m, d)
	} else if len(args) > 1 {
		*def = p.literalValue(m, args[1])
	}
	return Value{Kind: ValueEnv, EnvVar: name, Default: def, Node: n}, true
}

// singleEnvRead returns the environment variable an expression reads when
// it reads exactly one, such as `os.getenv("SECURE", "1") == "1"`.
func (p *Project) singleEnvRead(m *Module, n parser.NodeID) string {
	f := m.File
	found := ""
	many := false
	f.Walk(n, func(c parser.NodeID) bool {
		if v, ok := p.envLookup(m, c); ok {
			many = many || (found != "" && found != v.EnvVar)
			found = v.EnvVar
			return false
		}
		return true
	})
	if many {
		return ""
	}
	return found
}

// AssignedValue finds what a name was last assigned: the right-hand side
// of the latest `name = expr` before n in the enclosing function, or else
// of the module-level assignment the name resolves to (in m, or in the
// module it is imported from). It returns the module holding that
// expression, or NoNode when there is no plain assignment to read.
func (p *Project) AssignedValue(m *Module, n parser.NodeID) (*Module, parser.NodeID) {
	f := m.File
	if !f.Is(n, "identifier", "attribute") {
		return m, parser.NoNode
	}
	if f.Is(n, "identifier") {
		if fn := f.Enclosing(n, "function_definition"); fn != parser.NoNode {
			if rhs := localAssignment(f, fn, f.Text(n), n); rhs != parser.NoNode {
				return m, rhs
			}
		}
	}
	mod, def := p.Definition(p.QualifiedName(m, n), "assignment")
	if mod == nil {
		return m, parser.NoNode
	}
	return mod, finalRight(mod.File, def)
}

// localAssignment returns the right-hand side of the last `name = expr` in
// a function that ends before use, ignoring nested functions and classes.
func localAssignment(f *parser.File, fn parser.NodeID, name string,
	use parser.NodeID) parser.NodeID {
	found := parser.NoNode
	useStart, _ := f.Span(use)
	f.Walk(f.Field(fn, "body"), func(n parser.NodeID) bool {
		start, end := f.Span(n)
		if start >= useStart || f.Is(n, "function_definition", "class_definition") {
			return false
		}
		if f.Is(n, "assignment") && end <= useStart && f.Text(f.Field(n, "left")) == name {
			found = finalRight(f, n)
		}
		return true
	})
	return found
}

// collectDicts records module-level config-by-name dicts: dict literals or
// dict(...) calls with string keys and at least one value that is a class
// with UPPER_CASE attributes.
func (b *configBuilder) collectDicts() {
	for _, m := range b.p.Modules {
		f := m.File
		for _, name := range slices.Sorted(maps.Keys(m.Defs)) {
			def := m.Defs[name]
			if !f.Is(def, "assignment") {
				continue
			}
			value := finalRight(f, def)
			entries := b.dictEntries(m, value)
			if len(entries) == 0 {
				continue
			}
			d := &ConfigDict{Ref: Ref{m, value}, Name: joinName(m.Name, name), Entries: entries}
			b.dicts[d.Name] = d
			b.cm.Dicts = append(b.cm.Dicts, d)
			for _, e := range entries {
				b.inDict[e.Class] = append(b.inDict[e.Class], e.Key)
			}
		}
	}
	slices.SortFunc(b.cm.Dicts, func(x, y *ConfigDict) int {
		return compareRefs(x.Ref, y.Ref)
	})
}

// compareRefs orders references by path, then position.
func compareRefs(a, b Ref) int {
	if c := strings.Compare(a.Module.File.Path, b.Module.File.Path); c != 0 {
		return c
	}
	return int(a.Node) - int(b.Node)
}

// dictEntries reads the entries of a dict literal or dict(...) call whose
// values are classes with settings; nil when it is not such a dict.
func (b *configBuilder) dictEntries(m *Module, n parser.NodeID) []ConfigDictEntry {
	f := m.File
	var out []ConfigDictEntry
	add := func(key string, node, value parser.NodeID) {
		c := b.classOf(m, value)
		if c != nil && b.hasSettings(c) {
			out = append(out, ConfigDictEntry{Key: key, Node: node, Class: c})
		}
	}
	switch {
	case f.Is(n, "dictionary"):
		for _, pair := range f.NamedChildren(n) {
			if key, ok := f.StringValue(f.Field(pair, "key")); ok && f.Is(pair, "pair") {
				add(key, pair, f.Field(pair, "value"))
			}
		}
	case f.Is(n, "call") && b.p.CalleeName(m, n) == "dict":
		for _, kw := range f.NamedChildren(f.Field(n, "arguments")) {
			if f.Is(kw, "keyword_argument") {
				add(f.Text(f.Field(kw, "name")), kw, f.Field(kw, "value"))
			}
		}
	}
	return out
}

// classOf returns the module-level class a name or dotted string names.
func (b *configBuilder) classOf(m *Module, n parser.NodeID) *ConfigClass {
	if s, ok := m.File.StringValue(n); ok {
		return b.classByDotted(s)
	}
	return b.all[b.p.QualifiedName(m, n)]
}

// classByDotted finds a class by a dotted name such as
// "config.ProductionConfig", allowing the module part to be a suffix.
func (b *configBuilder) classByDotted(s string) *ConfigClass {
	if c := b.all[s]; c != nil {
		return c
	}
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return nil
	}
	if mod := b.p.ModuleByName(s[:i]); mod != nil {
		return b.all[joinName(mod.Name, s[i+1:])]
	}
	return nil
}

// hasSettings reports whether a class or one of its ancestors has an
// UPPER_CASE attribute.
func (b *configBuilder) hasSettings(c *ConfigClass) bool {
	for _, k := range c.MRO() {
		if len(k.Settings) > 0 {
			return true
		}
	}
	return false
}

// appAttributes are Flask app attributes that read and write a key.
var appAttributes = map[string]string{
	"secret_key": "SECRET_KEY", "debug": "DEBUG", "testing": "TESTING",
	"permanent_session_lifetime": "PERMANENT_SESSION_LIFETIME",
}

// collectAppConfig records assignments to and calls on app config objects.
func (b *configBuilder) collectAppConfig() {
	for _, m := range b.p.Modules {
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			switch f.Kind(n) {
			case "assignment":
				b.appAssignment(m, n)
			case "call":
				b.appConfigCall(m, n)
			}
			return true
		})
	}
}

// appAssignment handles `app.config["K"] = v` and `app.secret_key = v`.
func (b *configBuilder) appAssignment(m *Module, assign parser.NodeID) {
	f := m.File
	left := f.Field(assign, "left")
	var recv parser.NodeID
	key := ""
	via := "item"
	switch f.Kind(left) {
	case "subscript":
		if !b.isAppConfig(m, f.Field(left, "value")) {
			return
		}
		recv = f.Field(f.Field(left, "value"), "object")
		k, ok := f.StringValue(f.Field(left, "subscript"))
		if !ok {
			b.addOpaque(m, assign) // app.config[k] = v in a loop over os.environ
			return
		}
		key = k
	case "attribute":
		recv = f.Field(left, "object")
		key = appAttributes[f.Text(f.Field(left, "attribute"))]
		if key == "" || !b.isAppReceiver(m, recv) {
			return
		}
		via = "attribute"
	default:
		return
	}
	b.addAppSetting(m, assign, assign, recv, key, finalRight(f, assign), via)
}

// addAppSetting records one assignment on an app's config. site is the
// statement or call whose branch decides the environment.
func (b *configBuilder) addAppSetting(m *Module, site, node, recv parser.NodeID,
	key string, value parser.NodeID, via string) {
	b.addAppSettingIn(m, m, site, node, recv, key, value, via)
}

// addAppSettingIn is addAppSetting for a value node that may live in
// another module than the site, as with `app.config.update(SETTINGS)`.
func (b *configBuilder) addAppSettingIn(site *Module, vm *Module, siteNode, node,
	recv parser.NodeID, key string, value parser.NodeID, via string) {
	if via == "from_mapping" && !isUpperKey(key) {
		return // from_mapping keeps only UPPER_CASE keys
	}
	v := Value{Kind: ValueNone, Node: parser.NoNode} // setdefault("K") stores None
	if value != parser.NoNode {
		v = b.p.ValueOf(vm, value)
	}
	b.cm.AppSettings = append(b.cm.AppSettings, &Setting{
		Module: vm, Node: node, Key: key, Value: v, Via: via,
		App: b.p.appOf(site, recv), Env: BranchEnvironment(site, siteNode), site: site,
		siteNode: siteNode,
	})
}

// addOpaque records a source of configuration the model cannot read,
// unless it is confined to development or testing.
func (b *configBuilder) addOpaque(m *Module, n parser.NodeID) {
	if BranchEnvironment(m, n).ReachesProduction() {
		b.cm.Opaque = append(b.cm.Opaque, Ref{m, n})
	}
}

// isAppReceiver is Project.isAppReceiver, and also `self` in a method of
// a Flask subclass (`class App(Flask): def __init__(self): self.config...`).
func (b *configBuilder) isAppReceiver(m *Module, n parser.NodeID) bool {
	if b.p.isAppReceiver(m, n) {
		return true
	}
	f := m.File
	if !f.Is(n, "identifier") || f.Text(n) != "self" {
		return false
	}
	class := f.Enclosing(n, "class_definition")
	return class != parser.NoNode && b.flaskSubs[joinName(m.Name, f.Text(f.Field(class, "name")))]
}

// isAppConfig is Project.isAppConfig with the receivers of isAppReceiver.
func (b *configBuilder) isAppConfig(m *Module, n parser.NodeID) bool {
	f := m.File
	return f.Is(n, "attribute") && f.Text(f.Field(n, "attribute")) == "config" &&
		b.isAppReceiver(m, f.Field(n, "object"))
}

// isAppConfig reports whether n is the config of an app: `X.config` where
// X is an app receiver.
func (p *Project) isAppConfig(m *Module, n parser.NodeID) bool {
	f := m.File
	return f.Is(n, "attribute") && f.Text(f.Field(n, "attribute")) == "config" &&
		p.isAppReceiver(m, f.Field(n, "object"))
}

// conventionalAppNames are the names apps and init functions' app
// parameters are bound to in practice.
var conventionalAppNames = map[string]bool{
	"app": true, "application": true, "flask_app": true, "self.app": true,
	"self.application": true, "current_app": true,
}

// isAppReceiver reports whether an expression is a Flask app: a variable
// a Flask(...) call is bound to, current_app, a conventional app name, or
// a name assigned the result of Flask(...) or of an app factory.
func (p *Project) isAppReceiver(m *Module, n parser.NodeID) bool {
	f := m.File
	if !f.Is(n, "identifier", "attribute") {
		return false
	}
	text := f.Text(n)
	if conventionalAppNames[text] || p.QualifiedName(m, n) == "flask.current_app" {
		return true
	}
	for _, app := range p.Apps {
		if app.Var == text {
			return true
		}
	}
	mod, rhs := p.AssignedValue(m, n)
	if !mod.File.Is(rhs, "call") {
		return false
	}
	callee := p.CalleeName(mod, rhs)
	if callee == "flask.Flask" {
		return true
	}
	for _, fn := range p.Factories {
		if joinName(fn.Module.Name, fn.Name) == callee {
			return true
		}
	}
	return false
}

// appOf returns the app a receiver at n stands for: the one bound to that
// name in the same function or module, or the project's only app.
func (p *Project) appOf(m *Module, recv parser.NodeID) *App {
	f := m.File
	text := f.Text(recv)
	for _, app := range p.Apps {
		if app.Module != m || app.Var != text {
			continue
		}
		if app.Factory == nil || f.Contains(app.Factory.Node, recv) {
			return app
		}
	}
	if len(p.Apps) == 1 {
		return p.Apps[0]
	}
	return nil
}

// appConfigCall handles the methods of an app's config object.
func (b *configBuilder) appConfigCall(m *Module, call parser.NodeID) {
	f := m.File
	fn := f.Field(call, "function")
	if !f.Is(fn, "attribute") || !b.isAppConfig(m, f.Field(fn, "object")) {
		return
	}
	recv := f.Field(f.Field(fn, "object"), "object")
	switch method := f.Text(f.Field(fn, "attribute")); method {
	case "update", "from_mapping":
		b.mappingCall(m, call, recv, method)
	case "setdefault":
		args := positionalArgs(f, call)
		if len(args) == 0 {
			return
		}
		key, ok := f.StringValue(args[0])
		if !ok {
			return
		}
		value := parser.NoNode
		if len(args) > 1 {
			value = args[1]
		}
		b.addAppSetting(m, call, call, recv, key, value, method)
	case "from_object", "from_pyfile", "from_envvar", "from_prefixed_env", "from_file":
		b.load(m, call, recv, method)
	}
}

// mappingCall reads the settings of update(...) and from_mapping(...):
// keyword arguments, dict literals, dict(...) calls, and names or
// **splats that resolve to one of those. Anything else is opaque.
func (b *configBuilder) mappingCall(m *Module, call, recv parser.NodeID, via string) {
	f := m.File
	for _, arg := range f.NamedChildren(f.Field(call, "arguments")) {
		switch f.Kind(arg) {
		case "keyword_argument":
			key := f.Text(f.Field(arg, "name"))
			if via == "from_mapping" && key == "mapping" {
				b.mappingValue(m, call, recv, m, f.Field(arg, "value"), via, 0)
				continue
			}
			b.addAppSetting(m, call, arg, recv, key, f.Field(arg, "value"), via)
		case "dictionary_splat":
			b.mappingValue(m, call, recv, m, firstNamed(f, arg), via, 0)
		default:
			b.mappingValue(m, call, recv, m, arg, via, 0)
		}
	}
}

// mappingValue reads one mapping expression vm:n passed to update or
// from_mapping at call in m.
func (b *configBuilder) mappingValue(m *Module, call, recv parser.NodeID, vm *Module,
	n parser.NodeID, via string, depth int) {
	f := vm.File
	switch {
	case f.Is(n, "dictionary"):
		for _, item := range f.NamedChildren(n) {
			b.mappingItem(m, call, recv, vm, item, via, depth)
		}
	case f.Is(n, "call") && b.p.CalleeName(vm, n) == "dict":
		for _, arg := range f.NamedChildren(f.Field(n, "arguments")) {
			if f.Is(arg, "keyword_argument") {
				b.addAppSettingIn(m, vm, call, arg, recv, f.Text(f.Field(arg, "name")),
					f.Field(arg, "value"), via)
			} else {
				b.mappingValue(m, call, recv, vm, arg, via, depth+1)
			}
		}
	case f.Is(n, "identifier", "attribute") && depth < 4:
		mod, rhs := b.p.AssignedValue(vm, n)
		if rhs == parser.NoNode {
			b.addOpaque(m, call)
			return
		}
		b.mappingValue(m, call, recv, mod, rhs, via, depth+1)
	default:
		b.addOpaque(m, call)
	}
}

// mappingItem reads one entry of a dict literal passed to update or
// from_mapping.
func (b *configBuilder) mappingItem(m *Module, call, recv parser.NodeID, vm *Module,
	item parser.NodeID, via string, depth int) {
	f := vm.File
	switch f.Kind(item) {
	case "pair":
		key, ok := f.StringValue(f.Field(item, "key"))
		if !ok {
			b.addOpaque(m, call)
			return
		}
		b.addAppSettingIn(m, vm, call, item, recv, key, f.Field(item, "value"), via)
	case "dictionary_splat":
		b.mappingValue(m, call, recv, vm, firstNamed(f, item), via, depth+1)
	}
}

// load records a from_* call and what it loads.
func (b *configBuilder) load(m *Module, call, recv parser.NodeID, method string) {
	f := m.File
	l := &ConfigLoad{
		Ref: Ref{m, call}, Method: method, App: b.p.appOf(m, recv),
		Env: BranchEnvironment(m, call),
	}
	arg := parser.NoNode
	if args := positionalArgs(f, call); len(args) > 0 {
		arg = args[0]
	}
	l.Silent = loadIsSilent(f, call)
	switch method {
	case "from_object":
		if arg == parser.NoNode {
			arg = KeywordArg(f, call, "obj")
		}
		l.Classes, l.Opaque = b.resolveConfigObject(m, arg, 0)
	case "from_pyfile":
		if arg == parser.NoNode {
			arg = KeywordArg(f, call, "filename")
		}
		if src := b.moduleByFile(m, arg, instanceRelative(l.App)); src != nil {
			l.Classes = []*ConfigClass{src}
		} else {
			l.Opaque = true
		}
	case "from_envvar":
		l.Var, _ = f.StringValue(orNode(arg, KeywordArg(f, call, "variable_name")))
		l.Opaque = true
	case "from_prefixed_env":
		l.Prefix = "FLASK"
		if p, ok := f.StringValue(orNode(arg, KeywordArg(f, call, "prefix"))); ok {
			l.Prefix = p
		}
		l.Opaque = true
	default:
		l.Opaque = true
	}
	for _, c := range l.Classes {
		c.LoadedBy = append(c.LoadedBy, l)
	}
	if l.Opaque {
		b.addOpaque(m, call)
	}
	b.cm.Loads = append(b.cm.Loads, l)
}

// orNode returns a, or b when a is NoNode.
func orNode(a, b parser.NodeID) parser.NodeID {
	if a == parser.NoNode {
		return b
	}
	return a
}

// loadIsSilent reports whether a from_pyfile or from_envvar call passes
// silent=True (the second positional argument of both).
func loadIsSilent(f *parser.File, call parser.NodeID) bool {
	arg := KeywordArg(f, call, "silent")
	if args := positionalArgs(f, call); arg == parser.NoNode && len(args) > 1 {
		arg = args[1]
	}
	return f.Is(arg, "true")
}

// maxResolveDepth bounds how many names, parameters and dicts
// resolveConfigObject follows.
const maxResolveDepth = 4

// resolveConfigObject returns the config classes or settings modules an
// expression passed to from_object may be, and whether it may also be
// something the model cannot see.
func (b *configBuilder) resolveConfigObject(m *Module, n parser.NodeID,
	depth int) ([]*ConfigClass, bool) {
	f := m.File
	if n == parser.NoNode || depth > maxResolveDepth {
		return nil, true
	}
	switch f.Kind(n) {
	case "string":
		s, _ := f.StringValue(n)
		if c := b.sourceByDotted(s); c != nil {
			return []*ConfigClass{c}, false
		}
	case "identifier", "attribute":
		return b.resolveConfigName(m, n, depth)
	case "subscript":
		return b.resolveDictLookup(m, f.Field(n, "value"), f.Field(n, "subscript"), depth)
	case "call":
		return b.resolveConfigCall(m, n, depth)
	}
	return nil, true
}

// sourceByDotted finds a class or settings module by a dotted name.
func (b *configBuilder) sourceByDotted(s string) *ConfigClass {
	if c := b.classByDotted(s); c != nil {
		return c
	}
	if mod := b.p.ModuleByName(s); mod != nil && s != "" {
		return b.moduleSource(mod)
	}
	return nil
}

// resolveConfigName resolves a name passed to from_object: a class, a
// config dict (any of its classes), an imported settings module, a local
// variable, or a parameter of the enclosing function.
func (b *configBuilder) resolveConfigName(m *Module, n parser.NodeID,
	depth int) ([]*ConfigClass, bool) {
	f := m.File
	if f.Is(n, "identifier") {
		if fn := f.Enclosing(n, "function_definition"); fn != parser.NoNode {
			if args, ok := b.p.parameterValues(m, fn, f.Text(n)); ok {
				return b.resolveAll(args, depth) // a parameter shadows module names
			}
		}
	}
	q := b.p.QualifiedName(m, n)
	if c := b.all[q]; c != nil {
		return []*ConfigClass{c}, false
	}
	if d := b.dicts[q]; d != nil {
		return dictClasses(d.Entries, ""), false
	}
	if isImportedName(m, n) {
		if mod := b.p.ModuleByName(q); mod != nil {
			return []*ConfigClass{b.moduleSource(mod)}, false
		}
	}
	if mod, rhs := b.p.AssignedValue(m, n); rhs != parser.NoNode {
		return b.resolveConfigObject(mod, rhs, depth+1)
	}
	return nil, true
}

// resolveAll resolves several expressions and merges the results.
func (b *configBuilder) resolveAll(refs []Ref, depth int) ([]*ConfigClass, bool) {
	var out []*ConfigClass
	opaque := len(refs) == 0
	for _, r := range refs {
		cs, op := b.resolveConfigObject(r.Module, r.Node, depth+1)
		opaque = opaque || op
		for _, c := range cs {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out, opaque
}

// isImportedName reports whether the root of a name or attribute chain is
// bound by an import, so that it may name a module.
func isImportedName(m *Module, n parser.NodeID) bool {
	f := m.File
	for f.Is(n, "attribute") {
		n = f.Field(n, "object")
	}
	_, ok := m.Imports[f.Text(n)]
	return ok && f.Is(n, "identifier")
}

// resolveDictLookup resolves `D[key]` and `D.get(key)` over a config dict:
// the entry for a literal key, every entry otherwise.
func (b *configBuilder) resolveDictLookup(m *Module, dict, key parser.NodeID,
	depth int) ([]*ConfigClass, bool) {
	entries := b.dictEntriesOf(m, dict, depth)
	if entries == nil {
		return nil, true
	}
	k, _ := m.File.StringValue(key)
	return dictClasses(entries, k), false
}

// dictEntriesOf returns the config dict entries an expression names.
func (b *configBuilder) dictEntriesOf(m *Module, n parser.NodeID, depth int) []ConfigDictEntry {
	if d := b.dicts[b.p.QualifiedName(m, n)]; d != nil {
		return d.Entries
	}
	if entries := b.dictEntries(m, n); entries != nil {
		return entries
	}
	if depth > maxResolveDepth {
		return nil
	}
	if mod, rhs := b.p.AssignedValue(m, n); rhs != parser.NoNode {
		return b.dictEntriesOf(mod, rhs, depth+1)
	}
	return nil
}

// dictClasses returns the classes of the entries with key, or of every
// entry when key is "" or matches none.
func dictClasses(entries []ConfigDictEntry, key string) []*ConfigClass {
	var out []*ConfigClass
	for _, e := range entries {
		if e.Key == key {
			return []*ConfigClass{e.Class}
		}
	}
	for _, e := range entries {
		if !slices.Contains(out, e.Class) {
			out = append(out, e.Class)
		}
	}
	return out
}

// resolveConfigCall resolves calls passed to from_object: a config class
// instance, `D.get(name)` on a config dict, or an environment lookup with
// a dotted-name default such as os.getenv("APP_SETTINGS", "config.Dev").
func (b *configBuilder) resolveConfigCall(m *Module, call parser.NodeID,
	depth int) ([]*ConfigClass, bool) {
	f := m.File
	if c := b.all[b.p.CalleeName(m, call)]; c != nil {
		return []*ConfigClass{c}, false
	}
	if env, ok := b.p.envLookup(m, call); ok && env.Default != nil {
		return b.resolveConfigObject(m, env.Default.Node, depth+1)
	}
	fn := f.Field(call, "function")
	args := positionalArgs(f, call)
	if f.Is(fn, "attribute") && f.Text(f.Field(fn, "attribute")) == "get" && len(args) > 0 {
		return b.resolveDictLookup(m, f.Field(fn, "object"), args[0], depth)
	}
	return nil, true
}

// parameterValues returns what a parameter of a module-level function
// may hold: its default and the matching argument at every call of the
// function in the project. ok is false when name is not a parameter.
func (p *Project) parameterValues(m *Module, fn parser.NodeID, name string) ([]Ref, bool) {
	f := m.File
	index, def, ok := parameter(f, fn, name)
	if !ok {
		return nil, false
	}
	var out []Ref
	if def != parser.NoNode {
		out = append(out, Ref{m, def})
	}
	qual := joinName(m.Name, f.Text(f.Field(fn, "name")))
	for _, call := range p.Calls(qual) {
		cf := call.File()
		if arg := KeywordArg(cf, call.Node, name); arg != parser.NoNode {
			out = append(out, Ref{call.Module, arg})
		} else if args := positionalArgs(cf, call.Node); index >= 0 && index < len(args) {
			out = append(out, Ref{call.Module, args[index]})
		}
	}
	return out, true
}

// parameter finds a parameter by name: its position (-1 when keyword-only)
// and its default value.
func parameter(f *parser.File, fn parser.NodeID, name string) (int, parser.NodeID, bool) {
	index, keywordOnly := 0, false
	for _, prm := range f.NamedChildren(f.Field(fn, "parameters")) {
		pname, def := prm, parser.NoNode
		switch f.Kind(prm) {
		case "default_parameter", "typed_default_parameter":
			pname, def = f.Field(prm, "name"), f.Field(prm, "value")
		case "typed_parameter":
			pname = firstNamed(f, prm)
		case "list_splat_pattern", "keyword_separator":
			keywordOnly = true // what follows is keyword-only
			continue
		}
		if f.Is(pname, "identifier") && f.Text(pname) == name {
			if keywordOnly {
				index = -1
			}
			return index, def, true
		}
		index++
	}
	return 0, parser.NoNode, false
}

// moduleSource returns the settings-module pseudo-class of a module.
func (b *configBuilder) moduleSource(mod *Module) *ConfigClass {
	if c := b.modules[mod]; c != nil {
		return c
	}
	c := &ConfigClass{
		Module: mod, Node: mod.File.Root(), Name: mod.Name, QualName: mod.Name, IsModule: true,
	}
	c.Settings = b.p.bodySettings(mod, mod.File.Root(), c, "module")
	b.modules[mod] = c
	return c
}

// moduleByFile resolves from_pyfile("config.py") to a project module whose
// path ends with that file name; nil for other files, which are opaque.
func (b *configBuilder) moduleByFile(m *Module, arg parser.NodeID,
	instance bool) *ConfigClass {
	name, ok := m.File.StringValue(arg)
	if !ok || !strings.HasSuffix(name, ".py") {
		return nil
	}
	name = strings.TrimLeft(path.Clean("/"+name), "/")
	if instance {
		name = "instance/" + name // relative to the app's instance folder
	}
	var found *Module
	for _, mod := range b.p.Modules {
		p := mod.File.Path
		if p == name || strings.HasSuffix(p, "/"+name) {
			if found != nil {
				return nil // ambiguous
			}
			found = mod
		}
	}
	if found == nil {
		return nil
	}
	return b.moduleSource(found)
}

// instanceRelative reports whether an app reads from_pyfile paths relative
// to its instance folder: Flask(__name__, instance_relative_config=True).
func instanceRelative(app *App) bool {
	if app == nil {
		return false
	}
	f := app.File()
	return f.Is(KeywordArg(f, app.Node, "instance_relative_config"), "true")
}

// selectClasses keeps the candidate classes that are configuration: those
// loaded by from_object or listed in a config dict, those named *Config or
// *Settings that have settings, their subclasses, and their ancestors.
func (b *configBuilder) selectClasses() {
	selected := make(map[*ConfigClass]bool)
	for _, c := range b.order {
		named := isConfigName(c.Name) && b.hasSettings(c)
		selected[c] = named || len(c.LoadedBy) > 0 || len(b.inDict[c]) > 0
	}
	for changed := true; changed; {
		changed = false
		for _, c := range b.order {
			if selected[c] {
				continue
			}
			for _, base := range c.Bases {
				if selected[base] {
					selected[c], changed = true, true
					break
				}
			}
		}
	}
	for _, c := range b.order {
		if selected[c] {
			for _, k := range c.MRO() {
				selected[k] = true
			}
		}
	}
	b.emitClasses(selected)
}

// emitClasses fills cm.Classes with the selected classes and the settings
// modules, in path and source order.
func (b *configBuilder) emitClasses(selected map[*ConfigClass]bool) {
	for _, c := range b.order {
		if selected[c] {
			b.cm.Classes = append(b.cm.Classes, c)
		}
	}
	for _, c := range b.modules {
		b.cm.Classes = append(b.cm.Classes, c)
	}
	slices.SortStableFunc(b.cm.Classes, func(x, y *ConfigClass) int {
		return compareRefs(Ref{x.Module, x.Node}, Ref{y.Module, y.Node})
	})
}

// isConfigName reports whether a class name says it holds configuration.
func isConfigName(name string) bool {
	for _, suffix := range []string{"Config", "Settings", "Configuration"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// envWords maps words of names and string literals to the environment
// they denote.
var envWords = map[string]Environment{
	"dev": EnvDevelopment, "devel": EnvDevelopment, "develop": EnvDevelopment,
	"development": EnvDevelopment, "local": EnvDevelopment, "debug": EnvDevelopment,
	"test": EnvTesting, "tests": EnvTesting, "testing": EnvTesting, "ci": EnvTesting,
	"unittest": EnvTesting, "prod": EnvProduction, "production": EnvProduction,
	"live": EnvProduction, "deploy": EnvProduction, "deployed": EnvProduction,
	"deployment": EnvProduction, "staging": EnvProduction, "stage": EnvProduction,
}

// baseWords are the words of names that say "shared by every environment".
var baseWords = map[string]bool{
	"base": true, "default": true, "defaults": true, "common": true, "shared": true,
	"config": true, "configuration": true, "settings": true, "app": true,
}

// nameWords splits CamelCase, snake_case and dotted names into lowercase
// words: "CIConfig" gives ci, config; "SESSION_COOKIE" gives session, cookie.
func nameWords(s string) []string {
	var words []string
	var cur []rune
	rs := []rune(s)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
			(unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// envOfWords returns the environment named by the first word that names
// one.
func envOfWords(words []string) (Environment, bool) {
	for _, w := range words {
		if env, ok := envWords[w]; ok {
			return env, true
		}
	}
	return EnvBase, false
}

// isBaseName reports whether every word of a name says "shared".
func isBaseName(words []string) bool {
	for _, w := range words {
		if !baseWords[w] {
			return false
		}
	}
	return len(words) > 0
}

// noEnvSign is the EnvReason of a class nothing classifies.
const noEnvSign = "no sign of an environment"

// classify decides a class's environment, in this order: defined in a
// test file; its name; its values (TESTING = True, ENV = "..."); the keys
// of config dicts that list it; a shared name; its parents.
func (b *configBuilder) classify(c *ConfigClass, depth int) {
	if c.EnvReason != "" || depth > maxClassDepth {
		return
	}
	c.EnvReason = noEnvSign
	words := nameWords(c.Name)
	if c.IsModule {
		words = nameWords(c.Name[strings.LastIndexByte(c.Name, '.')+1:])
	}
	switch env, ok := envOfWords(words); {
	case c.Module.IsTestFile():
		c.Env, c.EnvReason = EnvTesting, "defined in a test file"
	case ok:
		c.Env, c.EnvReason = env, "name"
	default:
		b.classifyByUse(c, words, depth)
	}
}

// classifyByUse classifies a class whose name does not say: by its
// values, its config dict keys, a shared name, then its parents.
func (b *configBuilder) classifyByUse(c *ConfigClass, words []string, depth int) {
	if env, reason, ok := envOfValues(c); ok {
		c.Env, c.EnvReason = env, reason
		return
	}
	if env, key, ok := b.envOfDictKeys(c); ok {
		c.Env, c.EnvReason = env, "config dict key "+strconv.Quote(key)
		return
	}
	if isBaseName(words) {
		c.EnvReason = "name"
		return
	}
	for _, base := range c.Bases {
		b.classify(base, depth+1)
		if base.Env != EnvBase {
			c.Env, c.EnvReason = base.Env, "inherits "+base.Name
			return
		}
	}
}

// envOfValues classifies by TESTING = True, or ENV / FLASK_ENV naming an
// environment. DEBUG = True alone says nothing: production classes of
// some projects turn it on behind a flag.
func envOfValues(c *ConfigClass) (Environment, string, bool) {
	if s := c.Lookup("TESTING"); s != nil {
		if t, known := s.Value.Truth(); t && known {
			return EnvTesting, "TESTING = True", true
		}
	}
	for _, key := range []string{"ENV", "FLASK_ENV"} {
		s := c.Lookup(key)
		if s == nil || s.Value.Kind != ValueString {
			continue
		}
		if env, ok := envOfWords(nameWords(s.Value.Str)); ok {
			return env, key + " = " + strconv.Quote(s.Value.Str), true
		}
	}
	return EnvBase, "", false
}

// envOfDictKeys classifies by the keys config dicts list the class under,
// when those that name an environment agree.
func (b *configBuilder) envOfDictKeys(c *ConfigClass) (Environment, string, bool) {
	found, key := EnvBase, ""
	for _, k := range b.inDict[c] {
		env, ok := envOfWords(nameWords(k))
		if !ok {
			continue
		}
		if key != "" && env != found {
			return EnvBase, "", false
		}
		found, key = env, k
	}
	return found, key, key != ""
}

// BranchEnvironment returns the environment the code at n is confined to
// by the branches around it: EnvDevelopment or EnvTesting inside
// `if app.debug:`, `if app.testing:`, `if config_name == "development":`,
// `if __name__ == "__main__":` (the development server) or a test file;
// EnvProduction inside `if not app.debug:`, `if env == "production":` or
// the else branch of a development or testing condition; EnvBase when no
// branch says. A development or testing branch anywhere around n wins.
func BranchEnvironment(m *Module, n parser.NodeID) Environment {
	if m.IsTestFile() {
		return EnvTesting
	}
	f := m.File
	result := EnvBase
	for c, a := n, f.Parent(n); a != parser.NoNode; c, a = a, f.Parent(a) {
		env := clauseEnvironment(f, a, c)
		if env == EnvDevelopment || env == EnvTesting {
			return env
		}
		if env == EnvProduction {
			result = env
		}
	}
	return result
}

// clauseEnvironment returns the environment of child c of an if statement,
// elif or else clause a, or EnvBase when c is not a guarded block.
func clauseEnvironment(f *parser.File, a, c parser.NodeID) Environment {
	switch f.Kind(a) {
	case "if_statement", "elif_clause":
		if f.Field(a, "consequence") == c {
			return conditionEnvironment(f, f.Field(a, "condition"))
		}
	case "else_clause":
		if f.Field(a, "body") == c {
			return elseEnvironment(f, f.Parent(a))
		}
	}
	return EnvBase
}

// elseEnvironment is the environment of an if statement's else branch,
// which runs when the if condition and every elif condition are false.
func elseEnvironment(f *parser.File, ifStmt parser.NodeID) Environment {
	env := negatedEnvironment(f, f.Field(ifStmt, "condition"))
	for _, alt := range f.FieldAll(ifStmt, "alternative") {
		if f.Is(alt, "elif_clause") {
			env = bothHold(env, negatedEnvironment(f, f.Field(alt, "condition")))
		}
	}
	return env
}

// bothHold is the environment in which two conditions hold at once: a
// development or testing side confines it, else a production side does.
func bothHold(l, r Environment) Environment {
	for _, e := range []Environment{l, r} {
		if e == EnvDevelopment || e == EnvTesting {
			return e
		}
	}
	return max(l, r) // EnvProduction when either side is
}

// eitherHolds is the environment in which one of two conditions holds:
// only what both sides agree on.
func eitherHolds(l, r Environment) Environment {
	nonProd := func(e Environment) bool { return e == EnvDevelopment || e == EnvTesting }
	if l == r || (nonProd(l) && nonProd(r)) {
		return l
	}
	return EnvBase
}

// negatedEnvironment returns the environment in which a condition is
// false, applying De Morgan's laws to `and` and `or`.
func negatedEnvironment(f *parser.File, cond parser.NodeID) Environment {
	switch f.Kind(cond) {
	case "parenthesized_expression":
		if inner := f.NamedChildren(cond); len(inner) == 1 {
			return negatedEnvironment(f, inner[0])
		}
		return EnvBase
	case "not_operator":
		return conditionEnvironment(f, f.Field(cond, "argument"))
	case "boolean_operator":
		l := negatedEnvironment(f, f.Field(cond, "left"))
		r := negatedEnvironment(f, f.Field(cond, "right"))
		if f.Text(f.Field(cond, "operator")) == "and" {
			return eitherHolds(l, r)
		}
		return bothHold(l, r)
	}
	return invert(conditionEnvironment(f, cond))
}

// invert returns the environment of the negation of a condition: code not
// in development or testing reaches production, and code outside
// production is development as far as configuration is concerned.
func invert(e Environment) Environment {
	switch e {
	case EnvDevelopment, EnvTesting:
		return EnvProduction
	case EnvProduction:
		return EnvDevelopment
	}
	return EnvBase
}

// conditionEnvironment returns the environment in which a condition holds.
func conditionEnvironment(f *parser.File, cond parser.NodeID) Environment {
	switch f.Kind(cond) {
	case "parenthesized_expression":
		if inner := f.NamedChildren(cond); len(inner) == 1 {
			return conditionEnvironment(f, inner[0])
		}
	case "not_operator":
		return negatedEnvironment(f, f.Field(cond, "argument"))
	case "boolean_operator":
		l := conditionEnvironment(f, f.Field(cond, "left"))
		r := conditionEnvironment(f, f.Field(cond, "right"))
		if f.Text(f.Field(cond, "operator")) == "and" {
			return bothHold(l, r)
		}
		return eitherHolds(l, r)
	case "comparison_operator":
		return comparisonEnvironment(f, cond)
	default:
		return flagEnvironment(f, cond)
	}
	return EnvBase
}

// comparisonEnvironment reads `x == "production"`, `env in ("dev",
// "local")`, `__name__ == "__main__"`, `test_config is None` and
// `os.getenv("FLASK_DEBUG") == "1"`.
func comparisonEnvironment(f *parser.File, cond parser.NodeID) Environment {
	ops := f.FieldAll(cond, "operators")
	operands := f.NamedChildren(cond)
	if len(ops) != 1 || len(operands) != 2 {
		return EnvBase
	}
	op := f.Text(ops[0])
	negated := op == "!=" || op == "is not" || op == "not in"
	if f.Text(operands[0]) == "__name__" && isStringLiteral(f, operands[1], "__main__") {
		return applyNegation(EnvDevelopment, negated)
	}
	for _, side := range operands {
		if env, ok := literalEnvironment(f, side); ok {
			return applyNegation(env, negated)
		}
	}
	for i, side := range operands {
		other := operands[1-i]
		if falsy, ok := literalFalsiness(f, other); ok {
			return applyNegation(flagEnvironment(f, side), negated != falsy)
		}
	}
	return EnvBase
}

// applyNegation inverts env when negated.
func applyNegation(env Environment, negated bool) Environment {
	if negated {
		return invert(env)
	}
	return env
}

// isStringLiteral reports whether n is the string literal s.
func isStringLiteral(f *parser.File, n parser.NodeID, s string) bool {
	v, ok := f.StringValue(n)
	return ok && v == s
}

// literalEnvironment classifies a string literal, or a tuple or list of
// them that agree, by the environment its words name.
func literalEnvironment(f *parser.File, n parser.NodeID) (Environment, bool) {
	if s, ok := f.StringValue(n); ok {
		return envOfWords(nameWords(s))
	}
	if !f.Is(n, "tuple", "list", "set") {
		return EnvBase, false
	}
	found, seen := EnvBase, false
	for _, item := range f.NamedChildren(n) {
		env, ok := literalEnvironment(f, item)
		if !ok || (seen && env != found && (env == EnvProduction || found == EnvProduction)) {
			return EnvBase, false
		}
		found, seen = env, true
	}
	return found, seen
}

// literalFalsiness reports whether a literal operand is false-like (None,
// False, 0, "", "0", "false", "no", "off") and whether it is a literal.
func literalFalsiness(f *parser.File, n parser.NodeID) (falsy, ok bool) {
	switch f.Kind(n) {
	case "none", "false":
		return true, true
	case "true":
		return false, true
	case "integer":
		return f.Text(n) == "0", true
	case "string":
		s, ok := f.StringValue(n)
		switch strings.ToLower(s) {
		case "", "0", "false", "no", "off":
			return true, ok
		}
		return false, ok
	}
	return false, false
}

// flagEnvironment classifies a truth-valued expression by the words of its
// name: `app.debug`, `app.testing`, `DEBUG`, `test_config`,
// `app.config["TESTING"]`, `os.environ.get("CI")`.
func flagEnvironment(f *parser.File, n parser.NodeID) Environment {
	var name string
	switch f.Kind(n) {
	case "identifier":
		name = f.Text(n)
	case "attribute":
		name = f.Text(f.Field(n, "attribute"))
	case "subscript":
		name, _ = f.StringValue(f.Field(n, "subscript"))
	case "call":
		if args := positionalArgs(f, n); len(args) > 0 {
			name, _ = f.StringValue(args[0])
		} else {
			name = f.Text(f.Field(n, "function")) // is_production()
		}
	}
	env, _ := envOfWords(nameWords(name))
	return env
}
