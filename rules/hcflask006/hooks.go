package hcflask006

import (
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// Response header names, lower-cased, and the Werkzeug response
// attributes that set them.
const (
	allowOrigin      = "access-control-allow-origin"
	allowCredentials = "access-control-allow-credentials"
)

var headerAttributes = map[string]string{
	"access_control_allow_origin":      "Access-Control-Allow-Origin",
	"access_control_allow_credentials": "Access-Control-Allow-Credentials",
}

// hook is an after_request function and the headers it sets, itself or
// through the project helpers it calls.
type hook struct {
	*model.Hook
	writes []model.HeaderWrite
	creds  *model.HeaderWrite // where it sends Access-Control-Allow-Credentials: true
}

// checkHooks judges the Access-Control-Allow-Origin values set by
// after_request hooks. Credentials count when any hook sends them.
func (c *checker) checkHooks() {
	hooks := c.productionHooks()
	var creds *hook
	for _, h := range hooks {
		if h.creds != nil && creds == nil {
			creds = h
		}
	}
	if creds == nil {
		return // without credentials a browser sends no cookies: * is fine
	}
	for _, h := range hooks {
		with := creds
		if h.creds != nil {
			with = h
		}
		c.judgeHook(h, with)
	}
}

// productionHooks returns the response hooks outside tests and
// development branches, with their header writes.
func (c *checker) productionHooks() []*hook {
	var out []*hook
	for _, mh := range c.p.ResponseHooks() {
		if !reachesProduction(mh.Site) || mh.Function.Module.IsTestFile() {
			continue
		}
		h := &hook{Hook: mh, writes: c.p.HeadersSet(mh.Function)}
		h.writes = append(h.writes, attributeWrites(mh.Function)...)
		for i, w := range h.writes {
			if strings.EqualFold(w.Name, allowCredentials) && c.isTrue(w.Value) && h.creds == nil {
				h.creds = &h.writes[i]
			}
		}
		out = append(out, h)
	}
	return out
}

// attributeWrites reads `resp.access_control_allow_origin = v` and
// `resp.access_control_allow_credentials = v` in a function: Werkzeug's
// response attributes for the two headers.
func attributeWrites(fn *model.Function) []model.HeaderWrite {
	f := fn.Module.File
	var out []model.HeaderWrite
	f.Walk(f.Field(fn.Node, "body"), func(n parser.NodeID) bool {
		left := f.Field(n, "left")
		if !f.Is(n, "assignment") || !f.Is(left, "attribute") {
			return true
		}
		if name := headerAttributes[f.Text(f.Field(left, "attribute"))]; name != "" {
			out = append(out, model.HeaderWrite{
				Ref:   model.Ref{Module: fn.Module, Node: n},
				Name:  name,
				Value: model.Ref{Module: fn.Module, Node: f.Field(n, "right")},
				Via:   "attribute",
			})
		}
		return true
	})
	return out
}

// isTrue reports whether a header value is True or the string "true".
func (c *checker) isTrue(r model.Ref) bool {
	if r.Node == parser.NoNode {
		return false
	}
	v := c.p.ValueOf(r.Module, r.Node)
	switch v.Kind {
	case model.ValueBool:
		return v.Bool
	case model.ValueString:
		return strings.EqualFold(strings.TrimSpace(v.Str), "true")
	}
	return false
}

// judgeHook reports a hook's Access-Control-Allow-Origin values that let
// any site in while credentials (sent by with) are allowed.
func (c *checker) judgeHook(h, with *hook) {
	for _, w := range h.writes {
		if !strings.EqualFold(w.Name, allowOrigin) || w.Value.Node == parser.NoNode ||
			c.reported[w.Ref] {
			continue
		}
		var msg string
		switch {
		case c.isWildcard(w.Value):
			msg = fmt.Sprintf("after_request hook %s sends Access-Control-Allow-Origin: * "+
				"with Access-Control-Allow-Credentials: true; browsers reject credentialed "+
				"responses that allow every origin, so these requests fail with a CORS error; "+
				"send the one allowed origin that matches the request instead", h.Function.Name)
		case c.reflects(w.Value.Module, w.Value.Node, 0) && !c.checkedBefore(w):
			msg = fmt.Sprintf("after_request hook %s copies the request's Origin header into "+
				"Access-Control-Allow-Origin without checking it, and responses allow "+
				"credentials, so any website can read them with the user's cookies; echo the "+
				"origin only when it is in an allow-list", h.Function.Name)
		default:
			continue
		}
		c.reported[w.Ref] = true
		c.pass.ReportNode(w.File(), w.Node, msg, rule.At(with.creds.File(), with.creds.Node,
			"Access-Control-Allow-Credentials: true is sent here"))
	}
}

// checkedBefore reports whether the function that writes the header tests
// the Origin (see hasOriginCheck).
func (c *checker) checkedBefore(w model.HeaderWrite) bool {
	f := w.File()
	fn := f.Enclosing(w.Node, "function_definition")
	if fn == parser.NoNode {
		return false
	}
	unit := model.Ref{Module: w.Module, Node: fn}
	return c.hasOriginCheck(unit, c.originNames(unit))
}

// isWildcard reports whether a header value is the string "*".
func (c *checker) isWildcard(r model.Ref) bool {
	v := c.p.ValueOf(r.Module, r.Node)
	return v.Kind == model.ValueString && strings.TrimSpace(v.Str) == "*"
}

// reflects reports whether an expression carries the request's Origin
// header, directly or through local variables.
func (c *checker) reflects(m *model.Module, n parser.NodeID, depth int) bool {
	f := m.File
	found := false
	f.Walk(n, func(x parser.NodeID) bool {
		switch {
		case found:
		case c.isOriginRead(m, x):
			found = true
		case f.Is(x, "identifier") && depth < maxHops:
			if vm, rhs := c.p.AssignedValue(m, x); rhs != parser.NoNode && vm == m {
				found = c.reflects(m, rhs, depth+1)
			}
		}
		return !found
	})
	return found
}

// originSources are the request objects an Origin header is read from,
// with the key that names it there.
var originSources = map[string]string{
	"flask.request.headers": "origin", "flask.request.environ": "http_origin",
}

// isOriginRead recognises request.origin, request.headers["Origin"],
// request.headers.get("Origin") and the same on request.environ.
func (c *checker) isOriginRead(m *model.Module, n parser.NodeID) bool {
	f := m.File
	var obj, key parser.NodeID
	switch f.Kind(n) {
	case "attribute":
		return c.p.QualifiedName(m, n) == "flask.request.origin"
	case "subscript":
		obj, key = f.Field(n, "value"), f.Field(n, "subscript")
	case "call":
		fn := f.Field(n, "function")
		args := model.PositionalArgs(f, n)
		if !f.Is(fn, "attribute") || f.Text(f.Field(fn, "attribute")) != "get" || len(args) == 0 {
			return false
		}
		obj, key = f.Field(fn, "object"), args[0]
	default:
		return false
	}
	want, ok := originSources[c.p.QualifiedName(m, obj)]
	name, isString := f.StringValue(key)
	return ok && isString && strings.EqualFold(name, want)
}

// originNames returns the local variables of a function assigned the
// Origin.
func (c *checker) originNames(fn model.Ref) map[string]bool {
	f := fn.File()
	out := map[string]bool{}
	f.Walk(fn.Node, func(n parser.NodeID) bool {
		if left := f.Field(n, "left"); f.Is(n, "assignment") && f.Is(left, "identifier") &&
			c.reflects(fn.Module, f.Field(n, "right"), 0) {
			out[f.Text(left)] = true
		}
		return true
	})
	return out
}

// hasOriginCheck reports whether a function tests the Origin against
// something before trusting it: a condition (if, elif, while, a
// conditional expression or assert) that compares it with in, not in, ==
// or != against a non-empty value, or passes it to a function or method
// (is_allowed(origin), origin.endswith(...), re.match(p, origin)). A
// presence test such as `if origin:` is not a check.
func (c *checker) hasOriginCheck(fn model.Ref, names map[string]bool) bool {
	f := fn.File()
	found := false
	f.Walk(fn.Node, func(n parser.NodeID) bool {
		for _, cond := range conditions(f, n) {
			found = found || c.isOriginCheck(fn.Module, cond, names)
		}
		return !found
	})
	return found
}

// conditions returns the condition expressions a statement tests.
func conditions(f *parser.File, n parser.NodeID) []parser.NodeID {
	switch f.Kind(n) {
	case "if_statement", "elif_clause", "while_statement":
		return []parser.NodeID{f.Field(n, "condition")}
	case "conditional_expression":
		if kids := f.NamedChildren(n); len(kids) == 3 {
			return kids[1:2]
		}
	case "assert_statement":
		if kids := f.NamedChildren(n); len(kids) > 0 {
			return kids[:1]
		}
	}
	return nil
}

// presenceCalls are calls that only test whether the Origin is there.
var presenceCalls = map[string]bool{"bool": true, "len": true, "str": true, "isinstance": true}

// isOriginCheck reports whether a condition checks the Origin's value.
func (c *checker) isOriginCheck(m *model.Module, cond parser.NodeID, names map[string]bool) bool {
	f := m.File
	found := false
	f.Walk(cond, func(n parser.NodeID) bool {
		switch f.Kind(n) {
		case "comparison_operator":
			found = found || c.comparesOrigin(m, n, names)
		case "call":
			fn := f.Field(n, "function")
			if presenceCalls[f.Text(fn)] {
				break
			}
			receiver := f.Is(fn, "attribute") && c.mentions(m, f.Field(fn, "object"), names)
			found = found || receiver || c.mentions(m, f.Field(n, "arguments"), names)
		}
		return !found
	})
	return found
}

// comparesOrigin reports whether a comparison tests the Origin against a
// value with in, not in, == or !=, other than None or "".
func (c *checker) comparesOrigin(m *model.Module, cmp parser.NodeID, names map[string]bool) bool {
	f := m.File
	valueTest := false
	for ch := range f.Children(cmp) {
		if f.FieldName(ch) == "operators" {
			switch strings.Join(strings.Fields(f.Text(ch)), " ") {
			case "in", "not in", "==", "!=":
				valueTest = true
			}
		}
	}
	if !valueTest {
		return false
	}
	mentioned, other := false, false
	for _, operand := range f.NamedChildren(cmp) {
		switch {
		case c.mentions(m, operand, names):
			mentioned = true
		case !isEmptyValue(f, operand):
			other = true
		}
	}
	return mentioned && other
}

// isEmptyValue reports whether n is None or an empty string literal.
func isEmptyValue(f *parser.File, n parser.NodeID) bool {
	s, ok := f.StringValue(n)
	return f.Is(n, "none") || (ok && s == "")
}

// mentions reports whether an expression reads the Origin: a variable
// assigned it, or a direct read.
func (c *checker) mentions(m *model.Module, n parser.NodeID, names map[string]bool) bool {
	f := m.File
	found := false
	f.Walk(n, func(x parser.NodeID) bool {
		found = found || (f.Is(x, "identifier") && names[f.Text(x)]) || c.isOriginRead(m, x)
		return !found
	})
	return found
}
