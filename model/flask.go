package model

import (
	"slices"
	"strings"

	"github.com/flasklint/flasklint/parser"
)

// App is a Flask application object: a `Flask(...)` call and the variable
// it is bound to.
type App struct {
	Ref               // the Flask(...) call
	Var     string    // the expression it is assigned to, e.g. "app" or "self.app"
	Factory *Function // the function that creates it, nil at module level
}

// Function is a def statement of a module.
type Function struct {
	Module *Module
	Node   parser.NodeID // the function_definition
	Name   string
}

// Blueprint is a `Blueprint(...)` object and its variable.
type Blueprint struct {
	Ref
	Var  string
	Name string // first argument when it is a literal
}

// Route is a view function registered with a route decorator or
// add_url_rule.
type Route struct {
	Module    *Module
	View      parser.NodeID // the function_definition of the view
	Site      parser.NodeID // the decorator or add_url_rule call
	Target    string        // the object registered on, as written: "app", "bp"
	App       *App          // the app it is registered on, if resolved
	Blueprint *Blueprint    // the blueprint it is registered on, if resolved
	Rule      string        // URL rule when it is a literal
	Methods   []string      // upper-case HTTP methods; GET when none given
}

// Wrapper is an assignment that wraps an app or its wsgi_app in a call,
// such as `app.wsgi_app = ProxyFix(app.wsgi_app)` or `app = ProxyFix(app)`.
type Wrapper struct {
	Ref                    // the assignment
	Call     parser.NodeID // the wrapping call
	Callee   string        // qualified name of the wrapping callable
	Target   string        // left-hand side as written
	WSGIApp  bool          // the left-hand side is X.wsgi_app
	Function *Function     // enclosing function, nil at module level
}

// findFlaskObjects records every Flask(...) and Blueprint(...) call.
func (p *Project) findFlaskObjects() {
	for _, call := range p.Calls(p.flaskClasses()...) {
		p.Apps = append(p.Apps, &App{
			Ref:     call,
			Var:     assignedName(call.File(), call.Node),
			Factory: enclosingFunction(call.Module, call.Node),
		})
	}
	p.findFactories()
	for _, call := range p.Calls("flask.Blueprint") {
		f := call.File()
		bp := &Blueprint{Ref: call, Var: assignedName(f, call.Node)}
		if args := positionalArgs(f, call.Node); len(args) > 0 {
			bp.Name, _ = f.StringValue(args[0])
		}
		p.Blueprints = append(p.Blueprints, bp)
	}
}

// flaskClasses returns "flask.Flask" and the qualified names of the
// project's classes that inherit from it, directly or through each other,
// such as `class IndicoFlask(Flask)`.
func (p *Project) flaskClasses() []string {
	classes := []string{"flask.Flask"}
	known := map[string]bool{"flask.Flask": true}
	for grew := true; grew; {
		grew = false
		for _, m := range p.Modules {
			for name, def := range m.Defs {
				q := joinName(m.Name, name)
				if !known[q] && m.File.Is(def, "class_definition") && p.inheritsFrom(m, def, known) {
					known[q] = true
					classes = append(classes, q)
					grew = true
				}
			}
		}
	}
	slices.Sort(classes[1:])
	return classes
}

// inheritsFrom reports whether a class lists one of the known classes
// among its bases.
func (p *Project) inheritsFrom(m *Module, class parser.NodeID, known map[string]bool) bool {
	for _, base := range m.File.NamedChildren(m.File.Field(class, "superclasses")) {
		if known[p.QualifiedName(m, base)] {
			return true
		}
	}
	return false
}

// assignedName returns the left-hand side of the assignment whose value is
// n, or "" when n is not directly assigned.
func assignedName(f *parser.File, n parser.NodeID) string {
	parent := f.Parent(n)
	if f.Is(parent, "assignment") && f.Field(parent, "right") == n {
		return f.Text(f.Field(parent, "left"))
	}
	return ""
}

// enclosingFunction returns the innermost def around n, or nil.
func enclosingFunction(m *Module, n parser.NodeID) *Function {
	def := m.File.Enclosing(n, "function_definition")
	if def == parser.NoNode {
		return nil
	}
	return &Function{Module: m, Node: def, Name: m.File.Text(m.File.Field(def, "name"))}
}

// positionalArgs returns a call's arguments that are not keywords or
// unpackings.
func positionalArgs(f *parser.File, call parser.NodeID) []parser.NodeID {
	var out []parser.NodeID
	for _, a := range f.NamedChildren(f.Field(call, "arguments")) {
		if !f.Is(a, "keyword_argument", "list_splat", "dictionary_splat") {
			out = append(out, a)
		}
	}
	return out
}

// KeywordArg returns the value of a call's keyword argument, or NoNode.
func KeywordArg(f *parser.File, call parser.NodeID, name string) parser.NodeID {
	for _, a := range f.NamedChildren(f.Field(call, "arguments")) {
		if f.Is(a, "keyword_argument") && f.Text(f.Field(a, "name")) == name {
			return f.Field(a, "value")
		}
	}
	return parser.NoNode
}

// PositionalArgs returns a call's positional arguments.
func PositionalArgs(f *parser.File, call parser.NodeID) []parser.NodeID {
	return positionalArgs(f, call)
}

// routeShortcuts are the decorators that fix the HTTP method.
var routeShortcuts = map[string]string{
	"get": "GET", "post": "POST", "put": "PUT", "delete": "DELETE", "patch": "PATCH",
}

// findRoutes records view functions registered by decorators.
func (p *Project) findRoutes() {
	for _, routes := range perModule(p, p.moduleRoutes) {
		p.Routes = append(p.Routes, routes...)
	}
}

// moduleRoutes finds the routes declared in one module.
func (p *Project) moduleRoutes(m *Module) []*Route {
	var out []*Route
	f := m.File
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if f.Is(n, "decorated_definition") {
			out = append(out, p.routesOfDefinition(m, n)...)
		}
		return true
	})
	return out
}

// routesOfDefinition returns a Route for each route decorator of a def.
func (p *Project) routesOfDefinition(m *Module, decorated parser.NodeID) []*Route {
	f := m.File
	view := f.Field(decorated, "definition")
	if !f.Is(view, "function_definition") {
		return nil
	}
	var out []*Route
	for _, dec := range f.NamedChildren(decorated) {
		if !f.Is(dec, "decorator") {
			continue
		}
		call := firstNamed(f, dec)
		if !f.Is(call, "call") {
			continue
		}
		fn := f.Field(call, "function")
		if !f.Is(fn, "attribute") {
			continue
		}
		method := f.Text(f.Field(fn, "attribute"))
		shortcut, isShortcut := routeShortcuts[method]
		if method != "route" && !isShortcut {
			continue
		}
		r := &Route{Module: m, View: view, Site: dec, Target: f.Text(f.Field(fn, "object"))}
		if args := positionalArgs(f, call); len(args) > 0 {
			r.Rule, _ = f.StringValue(args[0])
		}
		r.Methods = routeMethods(f, call, shortcut)
		p.bindRouteTarget(r, f.Field(fn, "object"))
		out = append(out, r)
	}
	return out
}

// routeMethods reads `methods=[...]`; shortcut decorators fix one method.
func routeMethods(f *parser.File, call parser.NodeID, shortcut string) []string {
	if shortcut != "" {
		return []string{shortcut}
	}
	list := KeywordArg(f, call, "methods")
	if list == parser.NoNode {
		return []string{"GET"}
	}
	var out []string
	for _, item := range f.NamedChildren(list) {
		if s, ok := f.StringValue(item); ok {
			out = append(out, strings.ToUpper(s))
		}
	}
	return out
}

// bindRouteTarget links a route to the app or blueprint it is declared on.
func (p *Project) bindRouteTarget(r *Route, target parser.NodeID) {
	q := p.QualifiedName(r.Module, target)
	for _, bp := range p.Blueprints {
		if bp.qualifiedVar() == q || (bp.Module == r.Module && bp.Var == r.Target) {
			r.Blueprint = bp
			return
		}
	}
	for _, app := range p.Apps {
		if app.qualifiedVar() == q || (app.Module == r.Module && app.Var == r.Target) {
			r.App = app
			return
		}
	}
}

// qualifiedVar is the qualified name of a module-level variable.
func (a *App) qualifiedVar() string {
	if a.Factory != nil || a.Var == "" {
		return ""
	}
	return joinName(a.Module.Name, a.Var)
}

// qualifiedVar is the qualified name of a module-level variable.
func (b *Blueprint) qualifiedVar() string {
	if b.Var == "" {
		return ""
	}
	return joinName(b.Module.Name, b.Var)
}

// HasMethod reports whether the route accepts the HTTP method.
func (r *Route) HasMethod(method string) bool {
	for _, m := range r.Methods {
		if m == method {
			return true
		}
	}
	return false
}

// firstNamed returns the first named child of n, or NoNode.
func firstNamed(f *parser.File, n parser.NodeID) parser.NodeID {
	if c := f.NamedChildren(n); len(c) > 0 {
		return c[0]
	}
	return parser.NoNode
}

// findWrappers records assignments that wrap an app or its wsgi_app:
// `X.wsgi_app = W(X.wsgi_app, ...)` and `X = W(X, ...)`.
func (p *Project) findWrappers() {
	for _, ws := range perModule(p, p.moduleWrappers) {
		p.Wrappers = append(p.Wrappers, ws...)
	}
}

// moduleWrappers finds the wrapping assignments of one module.
func (p *Project) moduleWrappers(m *Module) []*Wrapper {
	var out []*Wrapper
	f := m.File
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if f.Is(n, "assignment") {
			if w := p.wrapperOf(m, n); w != nil {
				out = append(out, w)
			}
		}
		return true
	})
	return out
}

// wrapperOf returns the Wrapper an assignment is, or nil.
func (p *Project) wrapperOf(m *Module, assign parser.NodeID) *Wrapper {
	f := m.File
	left, right := f.Field(assign, "left"), f.Field(assign, "right")
	if !f.Is(right, "call") || !f.Is(left, "identifier", "attribute") {
		return nil
	}
	target := f.Text(left)
	wsgi := strings.HasSuffix(target, ".wsgi_app")
	if !argumentMentions(f, right, target) {
		return nil // checked first: it is cheap and rules out most assignments
	}
	if !wsgi && !p.holdsApp(m, assign, target) {
		return nil
	}
	return &Wrapper{
		Ref: Ref{m, assign}, Call: right, Callee: p.CalleeName(m, right),
		Target: target, WSGIApp: wsgi, Function: enclosingFunction(m, assign),
	}
}

// holdsApp reports whether name holds a Flask app just before the
// assignment at: the latest earlier assignment to it in the same scope
// decides (a Flask(...) call or a factory call: yes; anything else, such as
// `app = DispatchingApp(...)`: no). With no earlier assignment in scope (a
// parameter, an import), the name decides.
func (p *Project) holdsApp(m *Module, at parser.NodeID, name string) bool {
	prev := previousAssignment(m.File, at, name)
	if prev == parser.NoNode {
		return p.isAppVariable(name)
	}
	value := m.File.Field(prev, "right")
	if !m.File.Is(value, "call") {
		return false
	}
	callee := p.CalleeName(m, value)
	if callee == "flask.Flask" {
		return true
	}
	for _, fn := range p.Factories {
		if callee == joinName(fn.Module.Name, fn.Name) {
			return true
		}
	}
	return false
}

// previousAssignment finds the last assignment to name before at in the
// same function (or module) body, not looking into nested defs or classes.
func previousAssignment(f *parser.File, at parser.NodeID, name string) parser.NodeID {
	scope := f.Enclosing(at, "function_definition")
	if scope == parser.NoNode {
		scope = f.Root()
	}
	found := parser.NoNode
	f.Walk(scope, func(n parser.NodeID) bool {
		if n >= at {
			return false
		}
		if n != scope && f.Is(n, "function_definition", "class_definition") {
			return false
		}
		if f.Is(n, "assignment") && f.Text(f.Field(n, "left")) == name {
			found = n
		}
		return true
	})
	return found
}

// isAppVariable reports whether a name is one the project binds a Flask app
// to, or one of the names an app conventionally has.
func (p *Project) isAppVariable(name string) bool {
	for _, app := range p.Apps {
		if app.Var == name {
			return true
		}
	}
	return name == "app" || name == "application"
}

// argumentMentions reports whether any argument of call is exactly text.
func argumentMentions(f *parser.File, call parser.NodeID, text string) bool {
	for _, a := range f.NamedChildren(f.Field(call, "arguments")) {
		if f.Is(a, "keyword_argument") {
			a = f.Field(a, "value")
		}
		if f.Text(a) == text {
			return true
		}
	}
	return false
}

// findFactories records the functions that create an app and return it,
// and the calls of those functions elsewhere in the project.
func (p *Project) findFactories() {
	for _, app := range p.Apps {
		fn := app.Factory
		if fn == nil || app.Var == "" || !returnsName(fn, app.Var) {
			continue
		}
		p.Factories = append(p.Factories, fn)
		q := joinName(fn.Module.Name, fn.Name)
		p.FactoryCalls = append(p.FactoryCalls, p.Calls(q)...)
	}
	sortRefs(p.FactoryCalls)
}

// returnsName reports whether the function has a `return name` statement.
func returnsName(fn *Function, name string) bool {
	f := fn.Module.File
	found := false
	f.Walk(fn.Node, func(n parser.NodeID) bool {
		if f.Is(n, "return_statement") {
			for _, v := range f.NamedChildren(n) {
				found = found || f.Text(v) == name
			}
		}
		return !found
	})
	return found
}
