package hcflask019

import (
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// The flow here is local to one function and simpler than the shared
// engine in model/flow.go on purpose: that engine follows request data
// from named sources and binds an `except ... as e` name as clean, while
// this rule's source is the caught exception itself. Statements are read
// in source order; a variable holds exception detail from the assignment
// that gives it some until one that gives it none. Branches are not
// joined but read one after the other, so a clean assignment in an else
// branch hides detail assigned in the if branch (a known miss).

// leak is exception detail that an expression carries.
type leak struct {
	kind excKind
	// raw is the exception object itself, which leaks only once it is
	// turned into text (str(e), f"{e}") or given to a sink that does so.
	raw    bool
	origin parser.NodeID // where the detail became text: str(e), e.args, format_exc()
	class  string        // the caught class for messages: "Exception", "IntegrityError"
	exc    bool          // the variable an except clause or error handler binds
}

// text returns a copy of the leak turned into text at node n.
func (l *leak) text(n parser.NodeID) *leak {
	c := *l
	if c.raw {
		c.raw, c.origin = false, n
	}
	c.exc = false
	return &c
}

// textAttrs are exception attributes that hold the exception's message
// or the values it was raised with: e.args, OSError's filename,
// SQLAlchemy's statement and params, psycopg2's pgerror. OSError's
// strerror is left out: it is the fixed text of an errno, such as
// "Permission denied".
var textAttrs = map[string]bool{
	"args": true, "message": true, "msg": true, "filename": true, "filename2": true,
	"statement": true, "params": true, "pgerror": true,
}

// innerAttrs are attributes that hold another exception: the database
// driver's error under SQLAlchemy's, or the unhandled exception under
// Flask's InternalServerError.
var innerAttrs = map[string]bool{
	"orig": true, "original_exception": true, "__cause__": true, "__context__": true,
	"inner_exception": true,
}

// tracebackFormatters return a traceback, or part of one, as text.
var tracebackFormatters = map[string]bool{
	"traceback.format_exc": true, "traceback.format_exception": true,
	"traceback.format_tb": true, "traceback.format_stack": true,
	"traceback.extract_tb": true, "traceback.extract_stack": true,
	"traceback.format_exception_only": true,
}

// tracebackPrinters write a traceback to the file= argument.
var tracebackPrinters = map[string]bool{
	"traceback.print_exc": true, "traceback.print_exception": true,
	"traceback.print_tb": true, "traceback.print_stack": true,
}

// stringifiers turn their argument into text.
var stringifiers = map[string]bool{
	"str": true, "repr": true, "format": true, "ascii": true, "json.dumps": true,
	"pprint.pformat": true,
}

// cleanCalls return nothing of their arguments' text.
var cleanCalls = map[string]bool{
	"len": true, "type": true, "id": true, "hash": true, "bool": true, "int": true,
	"float": true, "isinstance": true, "issubclass": true, "hasattr": true,
	"callable": true,
}

// logMethods are logging calls: they take exception text without
// returning it.
var logMethods = map[string]bool{
	"debug": true, "info": true, "warning": true, "warn": true, "error": true,
	"exception": true, "critical": true, "log": true, "capture_exception": true,
	"capture_message": true,
}

// eval returns the exception detail an expression carries, or nil.
func (u *unit) eval(n parser.NodeID) *leak {
	f := u.f
	switch f.Kind(n) {
	case "identifier":
		return u.readName(n)
	case "attribute":
		return u.attribute(n)
	case "call":
		return u.call(n)
	case "string":
		return u.fstring(n)
	case "binary_operator":
		return u.binary(n)
	case "conditional_expression":
		return u.conditional(n)
	case "boolean_operator":
		return u.boolean(n)
	case "subscript":
		return u.eval(f.Field(n, "value"))
	case "keyword_argument":
		return u.eval(f.Field(n, "value"))
	case "lambda", "comparison_operator", "not_operator", "integer", "float", "true",
		"false", "none", "function_definition", "class_definition":
		return nil
	}
	return u.merge(f.NamedChildren(n))
}

// merge returns the first text leak among nodes, else the first raw one.
func (u *unit) merge(nodes []parser.NodeID) *leak {
	var raw *leak
	for _, c := range nodes {
		l := u.eval(c)
		if l != nil && !l.raw {
			return l
		}
		if l != nil && raw == nil {
			raw = l
		}
	}
	return raw
}

// readName reads a variable; an exception variable inside an
// `if isinstance(e, Class):` branch has that class's kind.
func (u *unit) readName(n parser.NodeID) *leak {
	l, ok := u.env[u.f.Text(n)]
	if !ok {
		return nil
	}
	if l.exc {
		if class := u.isinstanceGuard(n); class != parser.NoNode {
			c := *l
			c.kind = classify(u.p, u.m, class)
			return &c
		}
	}
	return l
}

// isinstanceGuard returns the class of an `isinstance(name, Class)` test
// whose branch holds n, or NoNode.
func (u *unit) isinstanceGuard(n parser.NodeID) parser.NodeID {
	f := u.f
	for child, a := n, f.Parent(n); a != parser.NoNode && a != u.def; child, a = a, f.Parent(a) {
		if !f.Is(a, "if_statement", "elif_clause") || f.Field(a, "consequence") != child {
			continue
		}
		cond := f.Field(a, "condition")
		if !f.Is(cond, "call") || u.p.CalleeName(u.m, cond) != "isinstance" {
			continue
		}
		if args := model.PositionalArgs(f, cond); len(args) == 2 && f.Text(args[0]) == f.Text(n) {
			return args[1]
		}
	}
	return parser.NoNode
}

// attribute reads `e.args`, `e.orig` and the like on an exception, or any
// attribute of text (a bound method such as msg.strip).
func (u *unit) attribute(n parser.NodeID) *leak {
	f := u.f
	obj := u.eval(f.Field(n, "object"))
	if obj == nil {
		return nil
	}
	if !obj.raw {
		return obj
	}
	name := f.Text(f.Field(n, "attribute"))
	switch {
	case textAttrs[name]:
		return obj.text(n)
	case innerAttrs[name]:
		return &leak{kind: kindInternal, raw: true, origin: n, class: "original exception"}
	case name == "__traceback__":
		return &leak{kind: kindTraceback, raw: true, origin: n, class: obj.class}
	}
	return nil // e.description, e.code, e.messages, e.to_dict: meant for clients
}

// call evaluates a call: traceback formatters and str(e) produce text,
// sinks are checked on their own and give nothing here, and other calls
// pass on the text of their arguments.
func (u *unit) call(n parser.NodeID) *leak {
	f := u.f
	q := u.p.CalleeName(u.m, n)
	fn := f.Field(n, "function")
	args := f.Field(n, "arguments")
	switch {
	case tracebackFormatters[q]:
		return &leak{kind: kindTraceback, origin: n, class: "traceback"}
	case q == "sys.exc_info":
		return &leak{kind: kindInternal, raw: true, origin: n, class: "exception"}
	case cleanCalls[q]:
		return nil
	case stringifiers[q] || isFormatting(f, fn):
		if l := u.merge(f.NamedChildren(args)); l != nil {
			return l.text(n)
		}
		if f.Is(fn, "attribute") {
			return u.textOf([]parser.NodeID{f.Field(fn, "object")}) // template.format(x)
		}
		return nil
	case q == "getattr":
		return u.getattr(n)
	}
	if _, ok := sinkOf(u.p, u.m, n); ok {
		return nil
	}
	if f.Is(fn, "attribute") {
		if logMethods[f.Text(f.Field(fn, "attribute"))] {
			return nil
		}
		if recv := u.eval(f.Field(fn, "object")); recv != nil {
			return u.method(n, recv)
		}
	}
	return u.textOf(f.NamedChildren(args))
}

// isFormatting reports string building methods: any `.format(...)`, such
// as `gettext("Error: {0}").format(e)`, and methods of a string literal,
// such as `", ".join(...)`.
func isFormatting(f *parser.File, fn parser.NodeID) bool {
	if !f.Is(fn, "attribute") {
		return false
	}
	return f.Text(f.Field(fn, "attribute")) == "format" || f.Is(f.Field(fn, "object"), "string")
}

// method evaluates a method call on a value that carries detail: on text
// the result is text (msg.strip(), buf.getvalue()); on the exception
// object only its string conversion is (e.errors(), e.to_dict() return
// what the exception's author meant the client to see).
func (u *unit) method(call parser.NodeID, recv *leak) *leak {
	f := u.f
	if !recv.raw {
		return recv
	}
	switch f.Text(f.Field(f.Field(call, "function"), "attribute")) {
	case "__str__", "__repr__":
		return recv.text(call)
	case "with_traceback":
		return recv
	}
	return nil
}

// getattr reads getattr(e, "message", default) like e.message, and
// getattr(e, "original_exception", None) like e.original_exception; else
// the default.
func (u *unit) getattr(call parser.NodeID) *leak {
	f := u.f
	args := model.PositionalArgs(f, call)
	if len(args) < 2 {
		return nil
	}
	if obj := u.eval(args[0]); obj != nil && obj.raw {
		name, _ := f.StringValue(args[1])
		switch {
		case textAttrs[name]:
			return obj.text(call)
		case innerAttrs[name]:
			return &leak{kind: kindInternal, raw: true, origin: call, class: "original exception"}
		}
	}
	if len(args) == 3 {
		return u.textOf(args[2:])
	}
	return nil
}

// textOf returns the first text leak among nodes; the exception object
// handed to an unknown function is not assumed to come back as text.
func (u *unit) textOf(nodes []parser.NodeID) *leak {
	for _, c := range nodes {
		if l := u.eval(c); l != nil && !l.raw {
			return l
		}
	}
	return nil
}

// fstring evaluates a string: an f-string that interpolates detail is
// text.
func (u *unit) fstring(n parser.NodeID) *leak {
	f := u.f
	for _, c := range f.NamedChildren(n) {
		if !f.Is(c, "interpolation") {
			continue
		}
		if l := u.eval(f.Field(c, "expression")); l != nil {
			return l.text(n)
		}
	}
	return nil
}

// binary evaluates `"..." % e` and string concatenation.
func (u *unit) binary(n parser.NodeID) *leak {
	f := u.f
	left, right := u.eval(f.Field(n, "left")), u.eval(f.Field(n, "right"))
	for _, l := range []*leak{left, right} {
		if l != nil && !l.raw {
			return l
		}
	}
	if right != nil && f.Text(f.Field(n, "operator")) == "%" {
		return right.text(n)
	}
	return nil
}

// conditional evaluates `a if cond else b`, leaving out a branch that only
// runs in debug or testing mode.
func (u *unit) conditional(n parser.NodeID) *leak {
	parts := u.f.NamedChildren(n)
	if len(parts) != 3 {
		return u.merge(parts)
	}
	switch debugGuard(u.f, parts[1]) {
	case 1:
		return u.eval(parts[2])
	case -1:
		return u.eval(parts[0])
	}
	return u.merge([]parser.NodeID{parts[0], parts[2]})
}

// boolean evaluates `debug and detail` (nothing outside debug mode) and
// `detail or "default"`.
func (u *unit) boolean(n parser.NodeID) *leak {
	f := u.f
	left, right := f.Field(n, "left"), f.Field(n, "right")
	if f.Text(f.Field(n, "operator")) == "and" && debugGuard(f, left) == 1 {
		return nil
	}
	return u.merge([]parser.NodeID{left, right})
}
