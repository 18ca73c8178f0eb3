package hcflask022

import (
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// guard says what an atomic condition establishes about a redirect
// target when it evaluates to when. The engine takes not, and, or apart.
func (c *checker) guard(fc *model.FlowContext, cond parser.NodeID, when bool) []model.Fact {
	f := fc.File
	switch f.Kind(cond) {
	case "call":
		return c.callGuard(fc, cond, when)
	case "attribute", "identifier":
		// `if urlsplit(target).netloc: abort(400)`: an empty netloc is a local path
		if x := netlocTarget(fc, cond); x != parser.NoNode && !when {
			return facts(factValid, x)
		}
	case "comparison_operator":
		return comparisonGuard(fc, cond, when)
	}
	return nil
}

// facts returns the same facts about several expressions.
func facts(fs model.Facts, exprs ...parser.NodeID) []model.Fact {
	out := make([]model.Fact, 0, len(exprs))
	for _, x := range exprs {
		out = append(out, model.Fact{Expr: x, Facts: fs})
	}
	return out
}

// callGuard handles is_safe_url(target)-style helpers and startswith.
func (c *checker) callGuard(fc *model.FlowContext, call parser.NodeID, when bool) []model.Fact {
	f := fc.File
	if c.isValidator(fc, call) {
		if !when {
			return nil
		}
		var args []parser.NodeID
		for _, a := range f.NamedChildren(f.Field(call, "arguments")) {
			if f.Is(a, "keyword_argument") {
				a = f.Field(a, "value")
			}
			args = append(args, unwrapJoin(fc, a))
		}
		return facts(factValid, args...)
	}
	fn := f.Field(call, "function")
	if f.Is(fn, "attribute") && f.Text(f.Field(fn, "attribute")) == "startswith" {
		args := model.PositionalArgs(f, call)
		if len(args) == 1 {
			return startswithGuard(fc, f.Field(fn, "object"), args[0], when)
		}
	}
	return nil
}

// startswithGuard handles target.startswith(prefix). True with "/"
// gives only a leading slash; true with a prefix that fixes the host
// ("/account/", "https://example.com/", request.host_url) validates;
// false with "//" or "/\\" rules those starts out.
func startswithGuard(fc *model.FlowContext, x, prefix parser.NodeID, when bool) []model.Fact {
	f := fc.File
	if when {
		q := fc.Project.QualifiedName(fc.Module, prefix)
		if q == "flask.request.host_url" || q == "flask.request.url_root" {
			return facts(factValid, x)
		}
		var got model.Facts
		for _, s := range literals(f, prefix) {
			switch {
			case fixedPrefix(s):
				got |= factValid
			case s == "/":
				got |= factSlash
			}
		}
		return facts(got, x)
	}
	var got model.Facts
	for _, s := range literals(f, prefix) {
		switch s {
		case "//":
			got |= factNoDouble
		case `/\\`:
			got |= factNoBackslash
		}
	}
	return facts(got, x)
}

// literals returns the string values of a literal or a tuple of them.
// Escapes stay as written: a backslash reads `\\`.
func literals(f *parser.File, n parser.NodeID) []string {
	if s, ok := f.StringValue(n); ok {
		return []string{s}
	}
	var out []string
	if f.Is(n, "tuple") {
		for _, item := range f.NamedChildren(n) {
			if s, ok := f.StringValue(item); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// comparisonGuard handles netloc comparisons, allow-list membership,
// equality with a constant and backslash checks.
func comparisonGuard(fc *model.FlowContext, cond parser.NodeID, when bool) []model.Fact {
	f := fc.File
	ops := operators(f, cond)
	operands := f.NamedChildren(cond)
	if len(ops) != 1 || len(operands) != 2 {
		return nil
	}
	op, left, right := ops[0], operands[0], operands[1]
	positive := op == "==" || op == "is" || op == "in"
	holds := positive == when // the equality or membership is true

	if fs := literalIn(f, op, left, right, when); fs != nil {
		return fs
	}
	if x := netlocTarget(fc, left); x != parser.NoNode && holds {
		return facts(factValid, x) // netloc == host, netloc in ALLOWED_HOSTS
	}
	if x := netlocTarget(fc, right); x != parser.NoNode && holds && !isIn(op) {
		return facts(factValid, x)
	}
	if holds && isAllowList(fc, op, right) {
		return facts(factValid, left) // target in ALLOWED, target == "/home"
	}
	if holds && (op == "==" || op == "is") && isAllowList(fc, op, left) {
		return facts(factValid, right)
	}
	return nil
}

// isIn reports a membership operator.
func isIn(op string) bool { return op == "in" || op == "not in" }

// literalIn handles `"\\" in target` and `"//" in target`: false rules
// the string out anywhere in the target.
func literalIn(f *parser.File, op string, left, right parser.NodeID, when bool) []model.Fact {
	s, ok := f.StringValue(left)
	if !ok || !isIn(op) {
		return nil
	}
	absent := (op == "in") != when
	if !absent {
		return []model.Fact{}
	}
	switch s {
	case `\\`:
		return facts(factNoBackslash, right)
	case "//":
		return facts(factNoDouble, right)
	}
	return []model.Fact{}
}

// isAllowList reports a collection or constant the target is compared
// with: for in, a container that is not a string (`"evil" in target`
// tests a substring); for ==, a literal or a clean value.
func isAllowList(fc *model.FlowContext, op string, n parser.NodeID) bool {
	f := fc.File
	if isIn(op) {
		return !f.Is(n, "string", "concatenated_string")
	}
	if f.Is(n, "string", "none") {
		return true
	}
	_, tainted := fc.Tainted(n)
	return !tainted && f.Is(n, "identifier", "attribute", "call")
}

// operators returns the operator tokens of a comparison.
func operators(f *parser.File, n parser.NodeID) []string {
	var out []string
	for c := range f.Children(n) {
		if f.FieldName(c) == "operators" {
			out = append(out, strings.Join(strings.Fields(f.Text(c)), " "))
		}
	}
	return out
}

// urlParsers are the functions whose result has a netloc to check.
var urlParsers = map[string]bool{
	"urllib.parse.urlsplit": true, "urllib.parse.urlparse": true,
	"urlparse.urlparse": true, "urlparse.urlsplit": true,
	"werkzeug.urls.url_parse": true, "werkzeug.urls.urlsplit": true,
	"werkzeug.urls.urlparse": true,
}

// netlocTarget returns x when n is urlsplit(x).netloc (or .hostname),
// directly or through a variable holding the parsed URL; else NoNode.
func netlocTarget(fc *model.FlowContext, n parser.NodeID) parser.NodeID {
	f := fc.File
	if !f.Is(n, "attribute") {
		return parser.NoNode
	}
	attr := f.Text(f.Field(n, "attribute"))
	if attr != "netloc" && attr != "hostname" {
		return parser.NoNode
	}
	call := fc.Resolve(f.Field(n, "object"))
	if !f.Is(call, "call") || !urlParsers[fc.Project.CalleeName(fc.Module, call)] {
		return parser.NoNode
	}
	args := model.PositionalArgs(f, call)
	if len(args) == 0 {
		return parser.NoNode
	}
	return unwrapJoin(fc, args[0])
}

// unwrapJoin returns x for urljoin(base, x): checking the joined URL's
// host checks where x leads.
func unwrapJoin(fc *model.FlowContext, n parser.NodeID) parser.NodeID {
	f := fc.File
	if !f.Is(n, "call") || !strings.HasSuffix(fc.Project.CalleeName(fc.Module, n), "urljoin") {
		return n
	}
	if args := model.PositionalArgs(f, n); len(args) == 2 {
		return args[1]
	}
	return n
}
