package hcflask023

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// limiter is one Flask-Limiter object of the production code.
type limiter struct {
	ext      *model.Extension
	qual     string // qualified name of its variable, "" when it has none
	bound    bool
	defaults bool // default_limits or application_limits given, or hidden in **kwargs
	// storage is the storage_uri argument as written, "" when not given;
	// storageHidden is true when **kwargs may give it.
	storage       string
	storageHidden bool
	disabled      string // "Limiter(enabled=False)" when the constructor turns it off
}

// limits is what the project does to limit request rates with
// Flask-Limiter, outside tests and development branches.
type limits struct {
	p        *model.Project
	limiters []*limiter
	// From the production configuration: default limits, storage and
	// RATELIMIT_ENABLED. hidden is true when the configuration is loaded
	// from somewhere the model cannot read.
	cfgDefaults bool
	cfgStorage  []model.Setting
	cfgDisabled *model.Setting
	hidden      bool
	// Blueprints limited or exempted as a whole:
	// `limiter.limit("10/minute")(bp)`, `limiter.exempt(bp)`.
	bpLimited map[*model.Blueprint]bool
	bpExempt  map[*model.Blueprint]bool
}

// readLimits gathers the project's Flask-Limiter setup.
func readLimits(p *model.Project) *limits {
	l := &limits{p: p, bpLimited: map[*model.Blueprint]bool{},
		bpExempt: map[*model.Blueprint]bool{}}
	for _, e := range p.Extensions(model.ExtLimiter) {
		if !inProduction(e.Ref) {
			continue
		}
		l.limiters = append(l.limiters, l.readLimiter(e))
	}
	if len(l.limiters) == 0 {
		return l
	}

	cm := p.Config()
	l.hidden = len(cm.Opaque) > 0
	for _, key := range []string{"RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION"} {
		for _, s := range cm.ProductionSettings(key) {
			if truthy, known := s.Value.Truth(); truthy || !known {
				l.cfgDefaults = true
			}
		}
	}
	l.cfgStorage = append(cm.ProductionSettings("RATELIMIT_STORAGE_URI"),
		cm.ProductionSettings("RATELIMIT_STORAGE_URL")...)
	for _, s := range cm.ProductionSettings("RATELIMIT_ENABLED") {
		if truthy, known := s.Value.Truth(); known && !truthy {
			l.cfgDisabled = &s
		}
	}
	l.findBlueprintLimits()
	return l
}

// inProduction reports whether code at ref runs in production: not in a
// test file, not in a development or testing branch.
func inProduction(ref model.Ref) bool {
	return model.BranchEnvironment(ref.Module, ref.Node).ReachesProduction()
}

// readLimiter reads a Limiter constructor's arguments and bindings.
func (l *limits) readLimiter(e *model.Extension) *limiter {
	f := e.File()
	lim := &limiter{ext: e}
	if e.Var != "" {
		lim.qual = qualify(e.Module.Name, e.Var)
	}
	for _, b := range append(slices.Clone(e.Binds), initAppByText(e)...) {
		lim.bound = lim.bound || (inProduction(b) && l.bindsApp(e, b))
	}
	for _, a := range f.NamedChildren(f.Field(e.Node, "arguments")) {
		if f.Is(a, "dictionary_splat") {
			lim.defaults, lim.storageHidden = true, true
		}
	}
	for _, key := range []string{"default_limits", "application_limits"} {
		if v := model.KeywordArg(f, e.Node, key); v != parser.NoNode && !emptyList(f, v) {
			lim.defaults = true
		}
	}
	if v := model.KeywordArg(f, e.Node, "storage_uri"); v != parser.NoNode {
		lim.storage = f.Text(v)
	}
	if v := model.KeywordArg(f, e.Node, "enabled"); v != parser.NoNode {
		if truthy, known := l.p.ValueOf(e.Module, v).Truth(); known && !truthy {
			lim.disabled = "Limiter(enabled=" + f.Text(v) + ")"
		}
	}
	return lim
}

// initAppByText finds `v.init_app(...)` calls on the extension's variable
// in the module that creates it, as written. The model misses them when
// the variable reuses an imported name (`limiter = limiter.Limiter()`).
func initAppByText(e *model.Extension) []model.Ref {
	if e.Var == "" {
		return nil
	}
	f := e.File()
	var out []model.Ref
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if f.Is(n, "call") && f.Text(f.Field(n, "function")) == e.Var+".init_app" {
			out = append(out, model.Ref{Module: e.Module, Node: n})
		}
		return true
	})
	return out
}

// qualify joins a module name and a variable.
func qualify(module, name string) string {
	if module == "" {
		return name
	}
	return module + "." + name
}

// emptyList reports whether n is an empty list or tuple literal.
func emptyList(f *parser.File, n parser.NodeID) bool {
	return f.Is(n, "list", "tuple") && len(f.NamedChildren(n)) == 0
}

// bindsApp reports whether a bind of the extension really attaches an
// app. Flask-Limiter 3 takes the key function as its first positional
// argument, `Limiter(get_remote_address)`, which binds nothing; older
// versions took the app there.
func (l *limits) bindsApp(e *model.Extension, b model.Ref) bool {
	if b.Node != e.Node {
		return true // an init_app call
	}
	f := b.File()
	if model.KeywordArg(f, b.Node, "app") != parser.NoNode {
		return true
	}
	args := model.PositionalArgs(f, b.Node)
	return len(args) > 0 && !l.isKeyFunc(b.Module, args[0])
}

// isKeyFunc reports whether an argument is a rate-limit key function: a
// lambda, one of Flask-Limiter's, a project function, or a name that says
// it is one.
func (l *limits) isKeyFunc(m *model.Module, n parser.NodeID) bool {
	f := m.File
	if f.Is(n, "lambda") || l.p.FunctionOf(m, n) != nil {
		return true
	}
	q := l.p.QualifiedName(m, n)
	text := strings.ToLower(f.Text(n))
	return strings.HasPrefix(q, "flask_limiter.") || strings.Contains(text, "key") ||
		strings.Contains(text, "address") || strings.Contains(text, "ip")
}

// isLimiter reports whether an expression names one of the project's
// Limiter objects; an unresolved name that says "limiter" counts too.
func (l *limits) isLimiter(m *model.Module, n parser.NodeID) bool {
	q := l.p.QualifiedName(m, n)
	text := m.File.Text(n)
	for _, lim := range l.limiters {
		if (q != "" && q == lim.qual) || (lim.ext.Module == m && text == lim.ext.Var) {
			return true
		}
	}
	return strings.Contains(strings.ToLower(text), "limiter")
}

// limitMethods are the Limiter methods that set a limit when used as a
// decorator.
var limitMethods = map[string]bool{"limit": true, "shared_limit": true}

// findBlueprintLimits finds `limiter.limit(...)(bp)` and
// `limiter.exempt(bp)`, which apply to every view of a blueprint.
func (l *limits) findBlueprintLimits() {
	for _, m := range l.p.Modules {
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if !f.Is(n, "call") || f.Is(f.Parent(n), "decorator") {
				return true
			}
			args := model.PositionalArgs(f, n)
			if len(args) != 1 {
				return true
			}
			fn := f.Field(n, "function")
			if f.Is(fn, "call") && l.isLimitCall(m, fn) {
				l.markBlueprint(m, args[0], l.bpLimited)
			} else if l.isMethodOf(m, fn, "exempt") {
				l.markBlueprint(m, args[0], l.bpExempt)
			}
			return true
		})
	}
}

// markBlueprint records the blueprint an argument names.
func (l *limits) markBlueprint(m *model.Module, arg parser.NodeID,
	set map[*model.Blueprint]bool) {
	if _, bp := l.p.AppOrBlueprint(m, arg); bp != nil {
		set[bp] = true
	}
}

// isLimitCall reports whether a call is `limiter.limit(...)` or
// `limiter.shared_limit(...)`.
func (l *limits) isLimitCall(m *model.Module, call parser.NodeID) bool {
	f := m.File
	fn := f.Field(call, "function")
	return f.Is(fn, "attribute") && limitMethods[f.Text(f.Field(fn, "attribute"))] &&
		l.isLimiter(m, f.Field(fn, "object"))
}

// isMethodOf reports whether n is `limiter.<method>`.
func (l *limits) isMethodOf(m *model.Module, n parser.NodeID, method string) bool {
	f := m.File
	return f.Is(n, "attribute") && f.Text(f.Field(n, "attribute")) == method &&
		l.isLimiter(m, f.Field(n, "object"))
}

// viewLimits is what the decorators of a view say about its limits.
type viewLimits struct {
	limited bool // @limiter.limit(...) or @limiter.shared_limit(...)
	exempt  bool // @limiter.exempt
	custom  bool // a decorator of the project's own that limits or throttles
}

// ofView reads the decorators of a view and of its blueprint.
func (l *limits) ofView(r *model.Route) viewLimits {
	f := r.Module.File
	var v viewLimits
	for _, d := range decorators(f, r.View) {
		switch {
		case f.Is(d, "call") && l.isLimitCall(r.Module, d):
			v.limited = true
		case l.isMethodOf(r.Module, d, "exempt"):
			v.exempt = true
		case len(l.limiters) == 0 || !l.isLimiter(r.Module, objectOf(f, d)):
			name := strings.ToLower(decoratorName(f, d))
			v.custom = v.custom || strings.Contains(name, "limit") ||
				strings.Contains(name, "throttle")
		}
	}
	if r.Blueprint != nil {
		v.limited = v.limited || l.bpLimited[r.Blueprint]
		v.exempt = v.exempt || l.bpExempt[r.Blueprint]
	}
	return v
}

// objectOf returns X of a decorator `X.m` or `X.m(...)`, or the
// decorator itself.
func objectOf(f *parser.File, d parser.NodeID) parser.NodeID {
	if f.Is(d, "call") {
		d = f.Field(d, "function")
	}
	if f.Is(d, "attribute") {
		return f.Field(d, "object")
	}
	return d
}

// bound returns the limiters attached to an app.
func (l *limits) bound() []*limiter {
	var out []*limiter
	for _, lim := range l.limiters {
		if lim.bound {
			out = append(out, lim)
		}
	}
	return out
}

// hasDefaults reports whether default limits may apply to every view.
func (l *limits) hasDefaults(bound []*limiter) bool {
	if l.cfgDefaults || l.hidden {
		return true
	}
	for _, lim := range bound {
		if lim.defaults {
			return true
		}
	}
	return false
}

// disabledBy returns what turns Flask-Limiter off in production, or "".
func (l *limits) disabledBy(bound []*limiter) string {
	if s := l.cfgDisabled; s != nil {
		return fmt.Sprintf("%s in %s", s.Module.File.Text(s.Node), settingPlace(s))
	}
	for _, lim := range bound {
		if lim.disabled == "" {
			return ""
		}
	}
	if len(bound) > 0 {
		return bound[0].disabled
	}
	return ""
}

// settingPlace names where a configuration value is set: the config class
// that runs with it, or the file of an app.config assignment.
func settingPlace(s *model.Setting) string {
	if s.Config != nil {
		return s.Config.Name
	}
	return s.Module.File.Path
}

// inMemory reports whether every bound limiter keeps its counters in
// process memory: no storage_uri argument (or memory://) and no storage in
// the production configuration, which the model can read in full.
func (l *limits) inMemory(bound []*limiter) bool {
	if l.hidden {
		return false
	}
	for _, s := range l.cfgStorage {
		if !isMemoryURI(s.Value) {
			return false
		}
	}
	for _, lim := range bound {
		if lim.storageHidden || (lim.storage != "" && !isMemoryText(lim.storage)) {
			return false
		}
	}
	return len(bound) > 0
}

// isMemoryURI reports whether a configured storage is memory:// for sure.
func isMemoryURI(v model.Value) bool {
	return v.Kind == model.ValueString && strings.HasPrefix(v.Str, "memory://")
}

// isMemoryText reports whether a storage_uri argument is the literal
// "memory://".
func isMemoryText(s string) bool {
	return strings.HasPrefix(strings.Trim(s, `"'`), "memory://")
}
