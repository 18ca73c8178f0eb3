// Package hcflask022 flags open redirects: request data that reaches
// redirect(), a Location header or response.location without being checked
// against the site's own host or an allow-list.
package hcflask022

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-022",
	Slug:             "open-redirect",
	Title:            "redirect target taken from the request without validation",
	Severity:         lint.SeverityWarning,
	Confidence:       lint.ConfidenceHigh,
	CWE:              []int{601},
	SecuritySeverity: 6.1,
	Tags:             []string{"security"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-022.
var Rule = rule.New(&meta, check)

// redirectFuncs are the redirect helpers whose first argument is the
// Location; the model maps flask.helpers.redirect to flask.redirect.
var redirectFuncs = map[string]bool{
	"flask.redirect": true, "werkzeug.utils.redirect": true, "werkzeug.redirect": true,
}

// checker is one run of the rule.
type checker struct {
	pass       *rule.Pass
	p          *model.Project
	validators map[string]bool // memo of project functions that validate URLs
	reported   map[model.Ref]bool
}

// check analyses every body that reads request data and reports the
// redirect sinks that data reaches.
func check(pass *rule.Pass) {
	c := &checker{
		pass: pass, p: pass.Project,
		validators: map[string]bool{}, reported: map[model.Ref]bool{},
	}
	flows := c.p.Flows(c.spec())
	for _, unit := range flows.Units() {
		st := flows.State(unit)
		st.Walk(func(n parser.NodeID) bool {
			c.visit(st, n)
			return true
		})
	}
}

// visit checks one node of a body for a redirect sink.
func (c *checker) visit(st *model.FlowState, n parser.NodeID) {
	f := st.Unit.File()
	switch f.Kind(n) {
	case "call":
		c.visitCall(st, n)
	case "assignment":
		c.visitAssignment(st, n)
	case "return_statement":
		c.visitReturn(st, n)
	}
}

// visitReturn checks `return body, 302, {"Location": target}`: the
// headers of a returned tuple follow the body. A dictionary returned on
// its own is a JSON body, where "location" may well be a city.
func (c *checker) visitReturn(st *model.FlowState, n parser.NodeID) {
	f := st.Unit.File()
	for _, v := range f.NamedChildren(n) {
		items := f.NamedChildren(v)
		if !f.Is(v, "expression_list", "tuple") || len(items) < 2 {
			continue
		}
		for _, item := range items[1:] {
			if f.Is(item, "dictionary", "list") {
				c.headerDict(st, item)
			}
		}
	}
}

// visitCall checks redirect(target), headers.set("Location", target) and
// headers={"Location": target} passed to any call.
func (c *checker) visitCall(st *model.FlowState, call parser.NodeID) {
	f := st.Unit.File()
	m := st.Unit.Module
	if redirectFuncs[c.p.CalleeName(m, call)] {
		target := model.KeywordArg(f, call, "location")
		if args := model.PositionalArgs(f, call); len(args) > 0 {
			target = args[0]
		}
		c.report(st, target, "redirect target")
	}
	if value, ok := headerSetCall(f, call); ok {
		c.report(st, value, "Location header")
	}
	if h := model.KeywordArg(f, call, "headers"); h != parser.NoNode {
		c.headerDict(st, h)
	}
}

// headerSetCall recognises headers.set("Location", v), .add and
// .setdefault, and returns v.
func headerSetCall(f *parser.File, call parser.NodeID) (parser.NodeID, bool) {
	fn := f.Field(call, "function")
	if !f.Is(fn, "attribute") || !strings.HasSuffix(f.Text(f.Field(fn, "object")), "headers") {
		return parser.NoNode, false
	}
	switch f.Text(f.Field(fn, "attribute")) {
	case "set", "add", "setdefault", "__setitem__":
	default:
		return parser.NoNode, false
	}
	args := model.PositionalArgs(f, call)
	if len(args) == 2 && isLocationKey(f, args[0]) {
		return args[1], true
	}
	return parser.NoNode, false
}

// headerDict checks the Location entry of a headers dictionary or list of
// pairs.
func (c *checker) headerDict(st *model.FlowState, h parser.NodeID) {
	f := st.Unit.File()
	for _, item := range f.NamedChildren(h) {
		switch {
		case f.Is(item, "pair") && isLocationKey(f, f.Field(item, "key")):
			c.report(st, f.Field(item, "value"), "Location header")
		case f.Is(item, "tuple") && len(f.NamedChildren(item)) == 2 &&
			isLocationKey(f, f.NamedChildren(item)[0]):
			c.report(st, f.NamedChildren(item)[1], "Location header")
		}
	}
}

// visitAssignment checks resp.headers["Location"] = v and
// resp.location = v.
func (c *checker) visitAssignment(st *model.FlowState, n parser.NodeID) {
	f := st.Unit.File()
	left, right := f.Field(n, "left"), f.Field(n, "right")
	switch f.Kind(left) {
	case "subscript":
		idx := f.FieldAll(left, "subscript")
		if len(idx) == 1 && isLocationKey(f, idx[0]) &&
			strings.HasSuffix(f.Text(f.Field(left, "value")), "headers") {
			c.report(st, right, "Location header")
		}
	case "attribute":
		if f.Text(f.Field(left, "attribute")) == "location" &&
			c.isResponse(st, f.Field(left, "object")) {
			c.report(st, right, "response.location")
		}
	}
}

// isLocationKey reports a string literal "Location", in any case.
func isLocationKey(f *parser.File, n parser.NodeID) bool {
	s, ok := f.StringValue(n)
	return ok && strings.EqualFold(s, "location")
}

// responseNames are variable names that hold a response object by
// convention, for `resp.location = ...` where resp's origin is unknown.
var responseNames = map[string]bool{"resp": true, "response": true, "rv": true}

// isResponse reports whether obj is a response object: a variable
// assigned from make_response, Response, redirect, jsonify or a
// response_class, or one named like a response. A model's `.location`
// (a user's city) must not count.
func (c *checker) isResponse(st *model.FlowState, obj parser.NodeID) bool {
	f := st.Unit.File()
	if !f.Is(obj, "identifier") {
		return false
	}
	def := st.Def(obj)
	if f.Is(def, "call") {
		q := c.p.CalleeName(st.Unit.Module, def)
		if redirectFuncs[q] || q == "flask.make_response" || q == "flask.jsonify" ||
			strings.HasSuffix(q, "Response") || strings.HasSuffix(q, "response_class") {
			return true
		}
	}
	return responseNames[f.Text(obj)]
}

// report flags a sink whose value carries request data.
func (c *checker) report(st *model.FlowState, sink parser.NodeID, what string) {
	if sink == parser.NoNode {
		return
	}
	t, ok := st.Tainted(sink)
	ref := model.Ref{Module: st.Unit.Module, Node: sink}
	if !ok || t.Opaque || c.reported[ref] {
		return // a project helper on the way may well be the validation
	}
	c.reported[ref] = true
	f := st.Unit.File()
	c.pass.ReportNode(f, sink, message(what, t, st.Facts(sink)),
		rule.At(t.Source.File(), t.Source.Node, "%s is read here", t.Name))
}

// message words the finding, naming a weak check when there is one.
func message(what string, t model.Taint, facts model.Facts) string {
	switch {
	case facts&factSlash != 0 && facts&factNoDouble != 0:
		return fmt.Sprintf("%s comes from %s and is checked for a leading '/' and '//' "+
			"but not for backslashes, which browsers read as '/' (/\\evil.example); "+
			"reject '\\' too, or compare urlsplit(...).netloc", what, t.Name)
	case facts&factSlash != 0:
		return fmt.Sprintf("%s comes from %s and is only checked with startswith('/'), "+
			"which lets //evil.example through; compare urlsplit(...).netloc, use an "+
			"allow-list, or also reject '//' and '\\'", what, t.Name)
	}
	return fmt.Sprintf("%s comes from %s; validate it with urlsplit(...).netloc or "+
		"an allow-list, or use url_for", what, t.Name)
}
