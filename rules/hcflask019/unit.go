package hcflask019

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// unit is the analysis of one function body.
type unit struct {
	pass *rule.Pass
	p    *model.Project
	m    *model.Module
	f    *parser.File
	def  parser.NodeID
	// response is true when what the function returns is a response: a
	// view, an error handler, a method of a class-based view.
	response bool
	env      map[string]*leak // variables that carry exception detail
	reported map[parser.NodeID]bool
}

// analyse reads one function body, binding the error handler's exception
// parameter first when there is one.
func analyse(pass *rule.Pass, m *model.Module, def parser.NodeID, response bool,
	handler *model.ErrorHandler) {
	u := &unit{
		pass: pass, p: pass.Project, m: m, f: m.File, def: def, response: response,
		env: map[string]*leak{}, reported: map[parser.NodeID]bool{},
	}
	if handler != nil {
		if param := handler.Param(); param != parser.NoNode {
			u.env[u.f.Text(param)] = &leak{kind: handlerKind(u.p, handler), raw: true,
				origin: param, class: handlerClass(handler), exc: true}
		}
	}
	u.block(u.f.Field(def, "body"))
}

// handlerClass names what an error handler receives, for messages.
func handlerClass(h *model.ErrorHandler) string {
	if h.Exception == "" {
		return "exception the error handler receives"
	}
	name := h.Exception[strings.LastIndexByte(h.Exception, '.')+1:]
	return name + " the error handler receives"
}

// block reads the statements of a block in order.
func (u *unit) block(n parser.NodeID) {
	for _, s := range u.f.NamedChildren(n) {
		u.stmt(s)
	}
}

// stmt reads one statement. Nested functions and classes are bodies of
// their own.
func (u *unit) stmt(n parser.NodeID) {
	f := u.f
	switch f.Kind(n) {
	case "function_definition", "class_definition", "decorated_definition":
		return
	case "expression_statement":
		for _, c := range f.NamedChildren(n) {
			u.expression(c)
		}
	case "return_statement":
		u.scan(n)
		u.checkReturn(n)
	case "except_clause", "except_group_clause":
		u.exceptClause(n)
	case "for_statement":
		u.scan(f.Field(n, "right"))
		u.bind(f.Field(n, "left"), parser.NoNode, u.eval(f.Field(n, "right")))
		u.children(n, f.Field(n, "left"), f.Field(n, "right"))
	case "block":
		u.block(n)
	default:
		u.children(n)
	}
}

// children reads the parts of a compound statement: blocks and clauses
// as statements, expressions (conditions, with items) for their sinks.
func (u *unit) children(n parser.NodeID, skip ...parser.NodeID) {
	f := u.f
	for _, c := range f.NamedChildren(n) {
		switch {
		case slices.Contains(skip, c):
		case f.Is(c, "block") || strings.HasSuffix(f.Kind(c), "_clause"):
			u.stmt(c)
		default:
			u.scan(c)
		}
	}
}

// exceptClause binds the caught exception's name for the clause's block,
// and unbinds it after, as Python does.
func (u *unit) exceptClause(n parser.NodeID) {
	f := u.f
	class, alias, body := parser.NoNode, parser.NoNode, parser.NoNode
	for _, c := range f.NamedChildren(n) {
		switch {
		case f.Is(c, "block"):
			body = c
		case f.Is(c, "as_pattern"):
			class = f.NamedChildren(c)[0]
			alias = firstIdentifier(f, f.Field(c, "alias"))
		case class == parser.NoNode:
			class = c
		}
	}
	if alias != parser.NoNode {
		kind := kindInternal
		if class != parser.NoNode {
			kind = classify(u.p, u.m, class)
		}
		u.env[f.Text(alias)] = &leak{kind: kind, raw: true, origin: alias,
			class: "caught " + className(f, class), exc: true}
	}
	u.block(body)
	if alias != parser.NoNode {
		delete(u.env, f.Text(alias))
	}
}

// className is an except clause's class as written, for messages.
func className(f *parser.File, class parser.NodeID) string {
	if class == parser.NoNode {
		return "exception"
	}
	return short(f.Text(class))
}

// firstIdentifier returns n when it is an identifier, else its first
// identifier child (as_pattern_target wraps the name).
func firstIdentifier(f *parser.File, n parser.NodeID) parser.NodeID {
	if f.Is(n, "identifier") {
		return n
	}
	for _, c := range f.NamedChildren(n) {
		if f.Is(c, "identifier") {
			return c
		}
	}
	return parser.NoNode
}

// expression reads one expression statement: assignments bind, calls may
// be sinks or fill a container or buffer with detail.
func (u *unit) expression(n parser.NodeID) {
	f := u.f
	switch f.Kind(n) {
	case "assignment":
		right := f.Field(n, "right")
		if f.Is(right, "assignment") {
			u.expression(right)
			right = f.Field(right, "left")
		} else {
			u.scan(right)
		}
		u.bind(f.Field(n, "left"), right, u.eval(right))
	case "augmented_assignment":
		u.scan(f.Field(n, "right"))
		if l := u.eval(f.Field(n, "right")); l != nil {
			u.taintRoot(f.Field(n, "left"), l)
		}
	default:
		u.scan(n)
		u.mutation(n)
	}
}

// bind records what an assignment gives its targets: pairwise for
// `a, b = x, y`, else the whole value to every name; an item or attribute
// assignment adds to the container.
func (u *unit) bind(target, value parser.NodeID, l *leak) {
	f := u.f
	switch f.Kind(target) {
	case "identifier":
		if l != nil {
			u.env[f.Text(target)] = l
		} else {
			delete(u.env, f.Text(target))
		}
	case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list":
		targets := f.NamedChildren(target)
		values := f.NamedChildren(value)
		pairwise := f.Is(value, "expression_list", "tuple", "list") && len(values) == len(targets)
		for i, t := range targets {
			if pairwise {
				u.bind(t, values[i], u.eval(values[i]))
			} else {
				u.bind(t, parser.NoNode, l)
			}
		}
	case "subscript", "attribute":
		if l != nil {
			u.taintRoot(target, l)
		}
	}
}

// taintRoot marks the variable at the root of `x["k"]` or `x.attr` as
// holding detail.
func (u *unit) taintRoot(n parser.NodeID, l *leak) {
	f := u.f
	for f.Is(n, "subscript", "attribute") {
		if f.Is(n, "subscript") {
			n = f.Field(n, "value")
		} else {
			n = f.Field(n, "object")
		}
	}
	if f.Is(n, "identifier") {
		if _, has := u.env[f.Text(n)]; !has {
			u.env[f.Text(n)] = l
		}
	}
}

// containerMethods add their arguments to the receiver.
var containerMethods = map[string]bool{
	"append": true, "extend": true, "update": true, "insert": true, "add": true,
	"setdefault": true, "write": true, "writelines": true,
}

// mutation handles calls that put detail into a container or buffer:
// `errors.append(str(e))`, `traceback.print_exc(file=buf)`.
func (u *unit) mutation(call parser.NodeID) {
	f := u.f
	if !f.Is(call, "call") {
		return
	}
	if tracebackPrinters[u.p.CalleeName(u.m, call)] {
		if buf := model.KeywordArg(f, call, "file"); buf != parser.NoNode {
			u.taintRoot(buf, &leak{kind: kindTraceback, origin: call, class: "traceback"})
		}
		return
	}
	fn := f.Field(call, "function")
	if !f.Is(fn, "attribute") || !containerMethods[f.Text(f.Field(fn, "attribute"))] {
		return
	}
	if l := u.textOf(f.NamedChildren(f.Field(call, "arguments"))); l != nil {
		u.taintRoot(f.Field(fn, "object"), l)
	}
}

// scan checks every sink call within n.
func (u *unit) scan(n parser.NodeID) {
	f := u.f
	f.Walk(n, func(c parser.NodeID) bool {
		if f.Is(c, "lambda", "function_definition", "class_definition") {
			return false
		}
		if f.Is(c, "call") {
			u.checkSink(c)
		}
		return true
	})
}

// checkSink reports detail that reaches a response-building call.
func (u *unit) checkSink(call parser.NodeID) {
	s, ok := sinkOf(u.p, u.m, call)
	if !ok || u.reported[call] {
		return
	}
	l, at := u.leakIn(s.contentArgs(u.f, call), s.stringifies)
	if l == nil {
		return
	}
	status, known := s.ownStatus(u.p, u.m, call)
	if !known {
		status, known = enclosingStatus(u.p, u.m, call)
	}
	u.reported[call] = true
	u.report(l, at, s.desc, status, known)
}

// checkReturn reports detail in what a view or error handler returns, or
// in a returned `(body, status)` tuple anywhere.
func (u *unit) checkReturn(ret parser.NodeID) {
	body, statusNode := returnParts(u.f, ret)
	if body == parser.NoNode {
		return
	}
	status, known := u.p.StatusCode(u.m, statusNode)
	if !u.response && !known {
		return
	}
	l, at := u.leakIn([]parser.NodeID{body}, false)
	if l == nil {
		return
	}
	name := u.f.Text(u.f.Field(u.def, "name"))
	u.report(l, at, "the response "+name+"() returns", status, known)
}

// leakIn returns the first detail among content nodes that reaches the
// client, and the narrowest node that carries it. The bare exception
// object counts only where the sink turns it into text.
func (u *unit) leakIn(nodes []parser.NodeID, stringifies bool) (*leak, parser.NodeID) {
	for _, n := range nodes {
		l := u.eval(n)
		if l == nil || (l.raw && !stringifies) {
			continue
		}
		return l, u.narrow(n, l)
	}
	return nil, parser.NoNode
}

// narrow descends from n to the innermost expression that still carries
// the detail as text: str(e) inside a dict, the variable inside a call.
func (u *unit) narrow(n parser.NodeID, l *leak) parser.NodeID {
	f := u.f
	for {
		next := parser.NoNode
		for _, c := range f.NamedChildren(n) {
			if f.Is(n, "attribute") && c != f.Field(n, "object") ||
				f.Is(n, "keyword_argument") && c != f.Field(n, "value") {
				continue
			}
			if cl := u.eval(c); cl != nil && (!cl.raw || l.raw) {
				next = c
				break
			}
		}
		if next == parser.NoNode {
			return n
		}
		n = next
	}
}

// report reports one leak unless it is acceptable: detail meant for the
// client, an input error in a response that does not say the server
// failed, or code that only runs in debug or testing mode.
func (u *unit) report(l *leak, at parser.NodeID, sink string, status int, known bool) {
	switch l.kind {
	case kindSafe:
		return
	case kindInput:
		if !known || status < 500 {
			return
		}
	}
	if env := model.BranchEnvironment(u.m, at); !env.ReachesProduction() {
		return
	}
	u.pass.ReportNode(u.f, at, message(u.f, l, at, sink, status, known))
}

// message writes the finding: what the detail is, where it goes, and what
// to do instead.
func message(f *parser.File, l *leak, at parser.NodeID, sink string, status int,
	known bool) string {
	origin := short(f.Text(l.origin))
	var what string
	switch {
	case l.kind == kindTraceback:
		what = fmt.Sprintf("%s (a formatted traceback)", origin)
	case l.raw:
		what = fmt.Sprintf("%s (the %s)", origin, l.class)
	default:
		what = fmt.Sprintf("%s (text of the %s)", origin, l.class)
	}
	if here := short(f.Text(at)); here != origin {
		what = fmt.Sprintf("%s holds %s and", here, what)
	}
	where := sink
	if known {
		where += fmt.Sprintf(" with status %d", status)
	}
	return fmt.Sprintf("%s reaches %s; log the exception with "+
		"current_app.logger.exception(...) and send the client a generic message", what, where)
}

// short shortens source text for a message.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 48 {
		return s[:45] + "..."
	}
	return s
}
