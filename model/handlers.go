package model

import (
	"strconv"
	"strings"

	"github.com/flasklint/flasklint/parser"
)

// Error handlers: the functions Flask calls to turn an exception, or an
// HTTP error status raised with abort(), into a response. Rules about
// what reaches the client when something fails read these instead of
// walking decorators themselves.

// ErrorHandler is a function registered to handle an exception class or
// an HTTP error status, by decorator (`@app.errorhandler(404)`,
// `@bp.app_errorhandler(Exception)`) or by call
// (`app.register_error_handler(500, handle)`,
// `app.errorhandler(500)(handle)`).
type ErrorHandler struct {
	// Function is the handler's def; nil when the registered callable is
	// not a def the model can find (a lambda, a library function).
	Function *Function
	Site     Ref    // the decorator, or the registering call
	Method   string // "errorhandler", "app_errorhandler" or "register_error_handler"
	Target   string // the object it is registered on, as written: "app", "bp", "api"
	// App or Blueprint is the object it is registered on, when resolved.
	App       *App
	Blueprint *Blueprint
	// Key is the registered status code or exception class expression. Its
	// Node is NoNode for Flask-RESTX's bare `@api.errorhandler`, which
	// handles every exception.
	Key Ref
	// Code is the HTTP status registered for (404, or HTTPStatus.NOT_FOUND),
	// 0 when an exception class is registered.
	Code int
	// Exception is the qualified name of the exception class registered
	// for: "werkzeug.exceptions.HTTPException", "Exception",
	// "app.errors.APIError"; "" for a status code.
	Exception string
}

// AppWide reports whether the handler handles errors from every view of
// the app: one registered on an app, or a blueprint's app_errorhandler. A
// blueprint's errorhandler handles only that blueprint's views; a target
// the model cannot resolve is taken to be an app.
func (h *ErrorHandler) AppWide() bool {
	return h.Blueprint == nil || h.Method == "app_errorhandler"
}

// Param returns the identifier of the handler's first parameter, the
// exception Flask passes in, or NoNode when there is none (a handler
// registered for a code may take no argument in old code) or no def.
func (h *ErrorHandler) Param() parser.NodeID {
	if h.Function == nil {
		return parser.NoNode
	}
	f := h.Function.Module.File
	params := f.NamedChildren(f.Field(h.Function.Node, "parameters"))
	if len(params) == 0 {
		return parser.NoNode
	}
	first := params[0]
	if f.Is(first, "default_parameter", "typed_parameter", "typed_default_parameter") {
		first = f.Field(first, "name")
		if first == parser.NoNode {
			first = f.NamedChildren(params[0])[0] // typed_parameter has no name field
		}
	}
	if !f.Is(first, "identifier") {
		return parser.NoNode
	}
	return first
}

// errorHandlerMethods are the registration methods of error handlers.
var errorHandlerMethods = map[string]bool{
	"errorhandler": true, "app_errorhandler": true, "register_error_handler": true,
}

// ErrorHandlers returns every error handler of the project, in path and
// source order. It walks the modules on each call, so a rule should call
// it once.
func (p *Project) ErrorHandlers() []*ErrorHandler {
	var out []*ErrorHandler
	for _, m := range p.Modules {
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			var h *ErrorHandler
			switch f.Kind(n) {
			case "decorator":
				h = p.decoratorErrorHandler(m, n)
			case "call":
				h = p.callErrorHandler(m, n)
			}
			if h != nil {
				out = append(out, h)
			}
			return true
		})
	}
	return out
}

// decoratorErrorHandler reads `@X.errorhandler(K)` and
// `@X.app_errorhandler(K)` above a def, and RESTX's bare
// `@api.errorhandler`.
func (p *Project) decoratorErrorHandler(m *Module, dec parser.NodeID) *ErrorHandler {
	f := m.File
	expr := firstNamed(f, dec)
	attr, key := expr, parser.NoNode
	if f.Is(expr, "call") {
		attr = f.Field(expr, "function")
		args := positionalArgs(f, expr)
		if len(args) != 1 {
			return nil
		}
		key = args[0]
	}
	method := errorHandlerMethod(f, attr)
	if method == "" || method == "register_error_handler" {
		return nil
	}
	if key == parser.NoNode && method != "errorhandler" {
		return nil // only RESTX's errorhandler may be used bare
	}
	def := f.Field(f.Parent(dec), "definition")
	if !f.Is(def, "function_definition") {
		return nil
	}
	fn := &Function{Module: m, Node: def, Name: f.Text(f.Field(def, "name"))}
	return p.newErrorHandler(m, dec, attr, key, fn)
}

// callErrorHandler reads `X.register_error_handler(K, fn)` and
// `X.errorhandler(K)(fn)`.
func (p *Project) callErrorHandler(m *Module, call parser.NodeID) *ErrorHandler {
	f := m.File
	callee := f.Field(call, "function")
	args := positionalArgs(f, call)
	if errorHandlerMethod(f, callee) == "register_error_handler" && len(args) == 2 {
		return p.newErrorHandler(m, call, callee, args[0], p.FunctionOf(m, args[1]))
	}
	if !f.Is(callee, "call") || len(args) != 1 {
		return nil
	}
	inner := f.Field(callee, "function")
	method := errorHandlerMethod(f, inner)
	innerArgs := positionalArgs(f, callee)
	if (method != "errorhandler" && method != "app_errorhandler") || len(innerArgs) != 1 {
		return nil
	}
	return p.newErrorHandler(m, call, inner, innerArgs[0], p.FunctionOf(m, args[0]))
}

// errorHandlerMethod returns the method name when n is `X.method` with one
// of the error handler registration methods, or "".
func errorHandlerMethod(f *parser.File, n parser.NodeID) string {
	if !f.Is(n, "attribute") {
		return ""
	}
	method := f.Text(f.Field(n, "attribute"))
	if !errorHandlerMethods[method] {
		return ""
	}
	return method
}

// newErrorHandler fills an ErrorHandler from the `X.method` attribute
// that registers it and the registered key.
func (p *Project) newErrorHandler(m *Module, site, attr, key parser.NodeID,
	fn *Function) *ErrorHandler {
	f := m.File
	obj := f.Field(attr, "object")
	h := &ErrorHandler{
		Function: fn,
		Site:     Ref{m, site},
		Method:   f.Text(f.Field(attr, "attribute")),
		Target:   f.Text(obj),
		Key:      Ref{m, key},
	}
	h.App, h.Blueprint = p.AppOrBlueprint(m, obj)
	if key == parser.NoNode {
		return h
	}
	if code, ok := p.StatusCode(m, key); ok {
		h.Code = code
	} else {
		h.Exception = p.QualifiedName(m, key)
	}
	return h
}

// httpStatusNames maps the http.HTTPStatus members projects use in
// handlers and responses to their codes.
var httpStatusNames = map[string]int{
	"OK": 200, "CREATED": 201, "ACCEPTED": 202, "NO_CONTENT": 204,
	"BAD_REQUEST": 400, "UNAUTHORIZED": 401, "PAYMENT_REQUIRED": 402, "FORBIDDEN": 403,
	"NOT_FOUND": 404, "METHOD_NOT_ALLOWED": 405, "NOT_ACCEPTABLE": 406, "CONFLICT": 409,
	"GONE": 410, "PRECONDITION_FAILED": 412, "REQUEST_ENTITY_TOO_LARGE": 413,
	"CONTENT_TOO_LARGE": 413, "UNSUPPORTED_MEDIA_TYPE": 415, "UNPROCESSABLE_ENTITY": 422,
	"UNPROCESSABLE_CONTENT": 422, "TOO_MANY_REQUESTS": 429, "INTERNAL_SERVER_ERROR": 500,
	"NOT_IMPLEMENTED": 501, "BAD_GATEWAY": 502, "SERVICE_UNAVAILABLE": 503,
	"GATEWAY_TIMEOUT": 504,
}

// StatusCode evaluates an HTTP status expression: an integer literal, an
// http.HTTPStatus member (`HTTPStatus.NOT_FOUND`, optionally `.value`), or
// a name assigned one of those in the same function or at module level.
func (p *Project) StatusCode(m *Module, n parser.NodeID) (int, bool) {
	f := m.File
	switch f.Kind(n) {
	case "integer":
		code, err := strconv.Atoi(f.Text(n))
		return code, err == nil && code >= 100 && code <= 599
	case "parenthesized_expression":
		if inner := f.NamedChildren(n); len(inner) == 1 {
			return p.StatusCode(m, inner[0])
		}
	case "attribute":
		q := strings.TrimSuffix(p.QualifiedName(m, n), ".value")
		if name, ok := strings.CutPrefix(q, "http.HTTPStatus."); ok {
			code, known := httpStatusNames[name]
			return code, known
		}
	}
	if f.Is(n, "identifier") {
		if mod, rhs := p.AssignedValue(m, n); rhs != parser.NoNode && mod.File.Is(rhs, "integer") {
			return p.StatusCode(mod, rhs)
		}
	}
	return 0, false
}
