package model

import (
	"github.com/flasklint/flasklint/parser"
)

// Response hooks: the functions Flask runs on every response of an app or
// blueprint (after_request, after_app_request), and the response headers
// a function sets. Rules about headers that must be on every response
// (security headers, CORS) read these instead of walking the code.

// Hook is a function registered to run after each request, by decorator
// (`@app.after_request`) or by call (`app.after_request(add_headers)`).
type Hook struct {
	Function *Function
	Site     Ref    // the decorator, or the registering call
	Method   string // "after_request" or "after_app_request"
	Target   string // the object it is registered on, as written: "app", "bp"
	// App or Blueprint is the object it is registered on, when resolved.
	App       *App
	Blueprint *Blueprint
}

// AppWide reports whether the hook runs for every response of the app:
// an app's after_request, or a blueprint's after_app_request. A
// blueprint's after_request runs only for that blueprint's views; a
// target the model cannot resolve is taken to be an app.
func (h *Hook) AppWide() bool {
	return h.Blueprint == nil || h.Method == "after_app_request"
}

// hookMethods are the registration methods of response hooks.
var hookMethods = map[string]bool{"after_request": true, "after_app_request": true}

// ResponseHooks returns every after_request and after_app_request hook of
// the project, in path and source order. It walks the modules on each
// call, so a rule should call it once.
func (p *Project) ResponseHooks() []*Hook {
	p.hooksOnce.Do(func() { p.hooks = p.findResponseHooks() })
	return p.hooks
}

// findResponseHooks walks every module once for ResponseHooks.
func (p *Project) findResponseHooks() []*Hook {
	var out []*Hook
	for _, m := range p.Modules {
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			switch f.Kind(n) {
			case "decorator":
				if h := p.decoratorHook(m, n); h != nil {
					out = append(out, h)
				}
			case "call":
				if h := p.callHook(m, n); h != nil {
					out = append(out, h)
				}
			}
			return true
		})
	}
	return out
}

// decoratorHook reads `@X.after_request` above a def.
func (p *Project) decoratorHook(m *Module, dec parser.NodeID) *Hook {
	f := m.File
	expr := firstNamed(f, dec)
	if !f.Is(expr, "attribute") || !hookMethods[f.Text(f.Field(expr, "attribute"))] {
		return nil
	}
	def := f.Field(f.Parent(dec), "definition")
	if !f.Is(def, "function_definition") {
		return nil
	}
	fn := &Function{Module: m, Node: def, Name: f.Text(f.Field(def, "name"))}
	return p.newHook(m, dec, expr, fn)
}

// callHook reads `X.after_request(fn)` where fn names a def the model can
// find.
func (p *Project) callHook(m *Module, call parser.NodeID) *Hook {
	f := m.File
	callee := f.Field(call, "function")
	if !f.Is(callee, "attribute") || !hookMethods[f.Text(f.Field(callee, "attribute"))] {
		return nil
	}
	if f.Is(f.Parent(call), "decorator") {
		return nil // `@X.after_request(...)` is not how hooks are registered
	}
	args := positionalArgs(f, call)
	if len(args) != 1 {
		return nil
	}
	fn := p.FunctionOf(m, args[0])
	if fn == nil {
		return nil
	}
	return p.newHook(m, call, callee, fn)
}

// newHook fills a Hook from the `X.method` attribute that registers it.
func (p *Project) newHook(m *Module, site, attr parser.NodeID, fn *Function) *Hook {
	f := m.File
	obj := f.Field(attr, "object")
	h := &Hook{
		Function: fn,
		Site:     Ref{m, site},
		Method:   f.Text(f.Field(attr, "attribute")),
		Target:   f.Text(obj),
	}
	h.App, h.Blueprint = p.AppOrBlueprint(m, obj)
	return h
}

// AppOrBlueprint resolves an expression to the app or blueprint object it
// names: a module-level variable anywhere in the project, or the local
// variable of the same name in the module that creates it.
func (p *Project) AppOrBlueprint(m *Module, n parser.NodeID) (*App, *Blueprint) {
	q := p.QualifiedName(m, n)
	text := m.File.Text(n)
	for _, bp := range p.Blueprints {
		if (q != "" && bp.qualifiedVar() == q) || (bp.Module == m && bp.Var == text) {
			return nil, bp
		}
	}
	for _, app := range p.Apps {
		if (q != "" && app.qualifiedVar() == q) || (app.Module == m && app.Var == text) {
			return app, nil
		}
	}
	return nil, nil
}

// FunctionOf finds the def an expression names: a def nested in the
// function around n, or a module-level def of the project, imported or
// not. It returns nil for anything else (a lambda, a library function).
func (p *Project) FunctionOf(m *Module, n parser.NodeID) *Function {
	f := m.File
	if f.Is(n, "identifier") {
		if def := nestedDef(f, n, f.Text(n)); def != parser.NoNode {
			return &Function{Module: m, Node: def, Name: f.Text(n)}
		}
	}
	mod, def := p.FunctionDef(p.QualifiedName(m, n))
	if mod == nil {
		return nil
	}
	return &Function{Module: mod, Node: def, Name: mod.File.Text(mod.File.Field(def, "name"))}
}

// nestedDef finds `def name` among the statements of the functions
// around use, innermost first.
func nestedDef(f *parser.File, use parser.NodeID, name string) parser.NodeID {
	for fn := f.Enclosing(use, "function_definition"); fn != parser.NoNode; fn = f.Enclosing(
		fn, "function_definition") {
		for _, stmt := range f.NamedChildren(f.Field(fn, "body")) {
			def := stmt
			if f.Is(stmt, "decorated_definition") {
				def = f.Field(stmt, "definition")
			}
			if f.Is(def, "function_definition") && f.Text(f.Field(def, "name")) == name {
				return def
			}
		}
	}
	return parser.NoNode
}

// HeaderWrite is one response header a function sets.
type HeaderWrite struct {
	Ref          // the assignment or call that sets it
	Name  string // the header name as written, e.g. "X-Frame-Options"
	Value Ref    // the value expression; Node is NoNode when it cannot be seen
	// Via is how it is set: "item" (`headers[K] = v`), "setdefault",
	// "set", "add", "add_header", "update" or "extend".
	Via string
}

// maxHeaderDepth bounds how far HeadersSet follows project functions that
// a hook calls, such as `set_security_headers(response)`.
const maxHeaderDepth = 3

// HeadersSet returns the response headers a function sets on any
// `X.headers` object: by item assignment, setdefault/set/add/add_header
// with a literal name, update/extend with a dict the model can read
// (literal, or a variable assigned one, also in another module), and a
// loop over such a dict's items. Project functions it calls are followed
// a few levels deep, since hooks often delegate to a helper.
func (p *Project) HeadersSet(fn *Function) []HeaderWrite {
	return p.headersIn(fn.Module, fn.Node, 0, map[Ref]bool{})
}

// headersIn collects the header writes in one def and the project
// functions it calls.
func (p *Project) headersIn(m *Module, def parser.NodeID, depth int,
	seen map[Ref]bool) []HeaderWrite {
	if seen[Ref{m, def}] || depth > maxHeaderDepth {
		return nil
	}
	seen[Ref{m, def}] = true

	f := m.File
	var out []HeaderWrite
	f.Walk(f.Field(def, "body"), func(n parser.NodeID) bool {
		switch f.Kind(n) {
		case "assignment":
			out = append(out, p.itemHeaderWrites(m, n)...)
		case "call":
			out = append(out, p.methodHeaderWrites(m, n)...)
			if callee := p.FunctionOf(m, f.Field(n, "function")); callee != nil {
				out = append(out, p.headersIn(callee.Module, callee.Node, depth+1, seen)...)
			}
		}
		return true
	})
	return out
}

// headersObject reports whether n is `X.headers`.
func headersObject(f *parser.File, n parser.NodeID) bool {
	return f.Is(n, "attribute") && f.Text(f.Field(n, "attribute")) == "headers"
}

// itemHeaderWrites reads `X.headers[K] = v`, with K a literal or the key
// variable of a loop over a dict the model can read.
func (p *Project) itemHeaderWrites(m *Module, assign parser.NodeID) []HeaderWrite {
	f := m.File
	left := f.Field(assign, "left")
	if !f.Is(left, "subscript") || !headersObject(f, f.Field(left, "value")) {
		return nil
	}
	key := f.Field(left, "subscript")
	value := Ref{m, f.Field(assign, "right")}
	if name, ok := f.StringValue(key); ok {
		return []HeaderWrite{{Ref: Ref{m, assign}, Name: name, Value: value, Via: "item"}}
	}
	var out []HeaderWrite
	for _, pr := range p.loopDictPairs(m, key) {
		out = append(out, HeaderWrite{Ref: Ref{m, assign}, Name: pr.name, Value: pr.value,
			Via: "item"})
	}
	for _, name := range p.dictValueNames(m, key) {
		out = append(out, HeaderWrite{Ref: Ref{m, assign}, Name: name, Value: value,
			Via: "item"})
	}
	return out
}

// dictValueNames reads a key of the form `NAMES[k]`, where NAMES is a dict
// the model can read whose values are header names: every string value
// is a header the assignment may set.
func (p *Project) dictValueNames(m *Module, key parser.NodeID) []string {
	f := m.File
	if !f.Is(key, "subscript") {
		return nil
	}
	var out []string
	for _, pr := range p.dictPairs(m, f.Field(key, "value")) {
		if name, ok := pr.value.File().StringValue(pr.value.Node); ok {
			out = append(out, name)
		}
	}
	return out
}

// headerMethods are the Headers methods that set one header by name.
var headerMethods = map[string]bool{
	"setdefault": true, "set": true, "add": true, "add_header": true,
}

// methodHeaderWrites reads `X.headers.set("K", v)` and the like, and
// `X.headers.update({...})` or `.extend(...)`.
func (p *Project) methodHeaderWrites(m *Module, call parser.NodeID) []HeaderWrite {
	f := m.File
	callee := f.Field(call, "function")
	if !f.Is(callee, "attribute") || !headersObject(f, f.Field(callee, "object")) {
		return nil
	}
	method := f.Text(f.Field(callee, "attribute"))
	args := positionalArgs(f, call)
	switch {
	case headerMethods[method] && len(args) > 0:
		return p.namedHeaderWrites(m, call, method, args)
	case method == "update" || method == "extend":
		return p.bulkHeaderWrites(m, call, method, args)
	}
	return nil
}

// namedHeaderWrites reads `X.headers.set(K, v)` and the like, with K a
// literal or the key variable of a loop over a dict the model can read.
func (p *Project) namedHeaderWrites(m *Module, call parser.NodeID, method string,
	args []parser.NodeID) []HeaderWrite {
	f := m.File
	value := Ref{m, parser.NoNode}
	if len(args) > 1 {
		value.Node = args[1]
	}
	if name, ok := f.StringValue(args[0]); ok {
		return []HeaderWrite{{Ref: Ref{m, call}, Name: name, Value: value, Via: method}}
	}
	var out []HeaderWrite
	for _, pr := range p.loopDictPairs(m, args[0]) {
		out = append(out, HeaderWrite{Ref: Ref{m, call}, Name: pr.name, Value: pr.value,
			Via: method})
	}
	return out
}

// bulkHeaderWrites reads the dict and keyword arguments of update/extend.
func (p *Project) bulkHeaderWrites(m *Module, call parser.NodeID, method string,
	args []parser.NodeID) []HeaderWrite {
	f := m.File
	var out []HeaderWrite
	for _, a := range args {
		for _, pr := range p.dictPairs(m, a) {
			out = append(out, HeaderWrite{Ref: Ref{m, call}, Name: pr.name, Value: pr.value,
				Via: method})
		}
	}
	for _, a := range f.NamedChildren(f.Field(call, "arguments")) {
		if f.Is(a, "keyword_argument") {
			out = append(out, HeaderWrite{Ref: Ref{m, call}, Name: f.Text(f.Field(a, "name")),
				Value: Ref{m, f.Field(a, "value")}, Via: method})
		}
	}
	return out
}

// dictPair is one string-keyed entry of a dict literal.
type dictPair struct {
	name  string
	value Ref
}

// dictPairs returns the string-keyed entries of a dict literal, or of the
// dict literal a variable was assigned.
func (p *Project) dictPairs(m *Module, n parser.NodeID) []dictPair {
	f := m.File
	if f.Is(n, "identifier", "attribute") {
		mod, rhs := p.AssignedValue(m, n)
		if rhs == parser.NoNode {
			return nil
		}
		m, f, n = mod, mod.File, rhs
	}
	if !f.Is(n, "dictionary") {
		return nil
	}
	var out []dictPair
	for _, pair := range f.NamedChildren(n) {
		if !f.Is(pair, "pair") {
			continue
		}
		if name, ok := f.StringValue(f.Field(pair, "key")); ok {
			out = append(out, dictPair{name: name, value: Ref{m, f.Field(pair, "value")}})
		}
	}
	return out
}

// loopDictPairs returns the entries of the dict that a for loop around
// key iterates, when key is the loop's key variable: `for k, v in
// HEADERS.items()` or `for k in HEADERS`.
func (p *Project) loopDictPairs(m *Module, key parser.NodeID) []dictPair {
	f := m.File
	if !f.Is(key, "identifier") {
		return nil
	}
	loop := f.Enclosing(key, "for_statement")
	if loop == parser.NoNode {
		return nil
	}
	left, right := f.Field(loop, "left"), f.Field(loop, "right")
	if vars := f.NamedChildren(left); f.Is(left, "pattern_list", "tuple_pattern") && len(vars) > 0 {
		left = vars[0]
	}
	if f.Text(left) != f.Text(key) {
		return nil
	}
	if f.Is(right, "call") {
		fn := f.Field(right, "function")
		if !f.Is(fn, "attribute") || f.Text(f.Field(fn, "attribute")) != "items" {
			return nil
		}
		right = f.Field(fn, "object")
	}
	return p.dictPairs(m, right)
}
