// Package hcflask019 flags error handling that sends exception details to
// the client: exception text or tracebacks put into responses by except
// blocks and error handlers, PROPAGATE_EXCEPTIONS turned on for
// production, and the Werkzeug debugger switched on in production by
// means other than debug mode (debug mode itself is HC-FLASK-004's).
package hcflask019

import (
	_ "embed"
	"strings"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-019",
	Slug:             "error-details-exposed",
	Title:            "exception details or tracebacks sent to the client",
	Severity:         lint.SeverityWarning,
	Confidence:       lint.ConfidenceMedium,
	CWE:              []int{209},
	SecuritySeverity: 5.3,
	Tags:             []string{"security", "error-handling"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-019.
var Rule = rule.New(&meta, check)

// check runs the three checks: exception detail in responses, the
// production configuration, and the debugger.
func check(pass *rule.Pass) {
	handlers := pass.Project.ErrorHandlers()
	checkLeaks(pass, handlers)
	checkConfig(pass, handlers)
	checkDebugger(pass)
}

// checkLeaks analyses every function outside test code that catches an
// exception, formats a traceback or handles errors.
func checkLeaks(pass *rule.Pass, all []*model.ErrorHandler) {
	p := pass.Project
	handlers := handlersByDef(p, all)
	views := map[model.Ref]bool{}
	for _, r := range p.Routes {
		views[model.Ref{Module: r.Module, Node: r.View}] = true
	}

	formatters := tracebackCalls(p)
	for _, m := range p.Modules {
		if m.IsTestFile() {
			continue
		}
		for _, def := range candidates(m, handlers, formatters[m]) {
			ref := model.Ref{Module: m, Node: def}
			h := handlers[ref]
			analyse(pass, m, def, views[ref] || h != nil || isViewMethod(p, m, def), h)
		}
	}
}

// handlersByDef maps each error handler's def to its registration; a def
// registered for several keys keeps the one whose exception leaks most.
func handlersByDef(p *model.Project, all []*model.ErrorHandler) map[model.Ref]*model.ErrorHandler {
	out := map[model.Ref]*model.ErrorHandler{}
	for _, h := range all {
		if h.Function == nil {
			continue
		}
		ref := model.Ref{Module: h.Function.Module, Node: h.Function.Node}
		if old, ok := out[ref]; !ok || handlerKind(p, h) > handlerKind(p, old) {
			out[ref] = h
		}
	}
	return out
}

// candidates returns the defs of a module that may send exception detail:
// those holding an except clause or a traceback call, and error handlers.
func candidates(m *model.Module, handlers map[model.Ref]*model.ErrorHandler,
	formatters []parser.NodeID) []parser.NodeID {
	f := m.File
	seen := map[parser.NodeID]bool{}
	var out []parser.NodeID
	add := func(n parser.NodeID) {
		def := n
		if !f.Is(n, "function_definition") {
			def = f.Enclosing(n, "function_definition")
		}
		if def != parser.NoNode && !seen[def] {
			seen[def] = true
			out = append(out, def)
		}
	}
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		switch f.Kind(n) {
		case "except_clause", "except_group_clause":
			add(n)
		case "function_definition":
			if handlers[model.Ref{Module: m, Node: n}] != nil {
				add(n)
			}
		}
		return true
	})
	for _, call := range formatters {
		add(call)
	}
	return out
}

// tracebackCalls groups by module the calls that format a traceback or
// read sys.exc_info, taken from the project's call index instead of
// resolving every call again.
func tracebackCalls(p *model.Project) map[*model.Module][]parser.NodeID {
	names := []string{"sys.exc_info"}
	for name := range tracebackFormatters {
		names = append(names, name)
	}
	out := map[*model.Module][]parser.NodeID{}
	for _, r := range p.Calls(names...) {
		out[r.Module] = append(out[r.Module], r.Node)
	}
	return out
}

// viewMethods are the methods of class-based views that answer requests.
var viewMethods = map[string]bool{
	"get": true, "post": true, "put": true, "patch": true, "delete": true, "head": true,
	"options": true, "dispatch_request": true,
}

// viewBases are the last parts of the base classes of class-based views:
// Flask's View and MethodView, Flask-RESTful's and Flask-RESTX's Resource.
var viewBases = map[string]bool{"View": true, "MethodView": true, "Resource": true}

// isViewMethod reports whether def is a request method of a class-based
// view, whose return value is the response.
func isViewMethod(p *model.Project, m *model.Module, def parser.NodeID) bool {
	f := m.File
	if !viewMethods[f.Text(f.Field(def, "name"))] {
		return false
	}
	class := f.Parent(f.Parent(def))
	if f.Is(f.Parent(def), "decorated_definition") {
		class = f.Parent(f.Parent(f.Parent(def)))
	}
	if !f.Is(class, "class_definition") {
		return false
	}
	for _, base := range f.NamedChildren(f.Field(class, "superclasses")) {
		q := p.QualifiedName(m, base)
		if viewBases[q[strings.LastIndexByte(q, '.')+1:]] {
			return true
		}
	}
	return false
}
