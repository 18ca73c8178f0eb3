package hcflask017

import (
	"slices"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// Labels of the taint: an uploaded FileStorage object, and its file name.
// Other request data has the empty label.
const (
	labelFile     = "file"
	labelFilename = "filename"
)

// secureFilename is werkzeug's sanitiser under its canonical name; the
// model maps werkzeug.secure_filename to it.
const secureFilename = "werkzeug.utils.secure_filename"

// The facts guards establish about a path or a file name.
const (
	factValid  model.Facts = 1 << iota // allow-listed, or the resolved path checked to stay inside
	factNoDots                         // holds no ".."
	factNoSep                          // holds no "/"
	factNotAbs                         // is not absolute
)

// validated reports whether facts make a path safe: a real check, a name
// without ".." that cannot climb out, being free of "/" or relative, or a
// project checker that raises on a bad path (pgadmin's
// check_access_permission(storage_dir, path) in a try whose handler
// returns an error).
func validated(f model.Facts) bool {
	return f&(factValid|model.FactCheckedByHelper) != 0 ||
		f&factNoDots != 0 && f&(factNoSep|factNotAbs) != 0
}

// spec is the rule's taint question. basename and pathlib's name, stem
// and suffix keep only the last component, which cannot climb out of a
// folder; io.BytesIO wraps content, not a path.
func spec() *model.FlowSpec {
	sources := slices.DeleteFunc(slices.Clone(model.RequestData), func(s string) bool {
		return s == "flask.request.stream"
	})
	return &model.FlowSpec{
		Sources:    sources,
		Labels:     map[string]string{"flask.request.files": labelFile},
		PathParams: true,
		Sanitizers: []string{
			secureFilename, "werkzeug.utils.safe_join", "os.path.basename",
			"posixpath.basename", "ntpath.basename", "io.BytesIO", "io.StringIO",
		},
		Attr:      attr,
		CleanItem: cleanItem,
		Guard:     guard,
		Validated: validated,
	}
}

// fileContentAttrs are FileStorage attributes that hold content or
// metadata, never the client's file name.
var fileContentAttrs = map[string]bool{
	"stream": true, "read": true, "mimetype": true, "content_type": true,
	"content_length": true, "mimetype_params": true, "headers": true, "seek": true,
	"tell": true,
}

// attr follows taint through attributes: an upload's filename becomes a
// file name taint (its source is the .filename expression), its content
// is clean, and pathlib's last-component attributes are clean.
func attr(fc *model.FlowContext, n parser.NodeID, obj model.Taint) (model.Taint, bool) {
	name := fc.File.Text(fc.File.Field(n, "attribute"))
	if obj.Label == labelFile {
		switch {
		case name == "filename":
			return model.Taint{Source: fc.Ref(n), Name: "request.files", Label: labelFilename}, true
		case fileContentAttrs[name]:
			return model.Taint{}, false
		}
		return obj, true
	}
	switch name {
	case "name", "stem", "suffix", "suffixes":
		return model.Taint{}, false
	}
	return obj, true
}

// cleanItem: the extension os.path.splitext returns holds no separator.
func cleanItem(fc *model.FlowContext, n parser.NodeID, index int) bool {
	n = fc.Resolve(n)
	return index == 1 && fc.File.Is(n, "call") &&
		fc.Project.CalleeName(fc.Module, n) == "os.path.splitext"
}

// guard says what an atomic condition establishes about a path or name.
func guard(fc *model.FlowContext, cond parser.NodeID, when bool) []model.Fact {
	f := fc.File
	switch f.Kind(cond) {
	case "comparison_operator":
		return comparisonGuard(fc, cond, when)
	case "call":
		return callGuard(fc, cond, when)
	}
	return nil
}

// comparisonGuard handles allow-lists (`ext in ALLOWED_EXTENSIONS`),
// `".." in name`, `"/" in name` and os.path.commonpath comparisons.
func comparisonGuard(fc *model.FlowContext, cond parser.NodeID, when bool) []model.Fact {
	f := fc.File
	ops := operators(f, cond)
	operands := f.NamedChildren(cond)
	if len(ops) != 1 || len(operands) != 2 {
		return nil
	}
	op, left, right := ops[0], operands[0], operands[1]
	holds := (op == "==" || op == "in" || op == "is") == when
	if s, ok := literalNeedle(fc, left); ok && (op == "in" || op == "not in") {
		return needleFacts(s, right, !holds)
	}
	if holds && (op == "==" || op == "!=") {
		if fs := commonpathFacts(fc, left, right); fs != nil {
			return fs
		}
	}
	if holds && (op == "in" || op == "not in") && !f.Is(right, "string") {
		return []model.Fact{{Expr: left, Facts: factValid}}
	}
	return nil
}

// literalNeedle reads a string literal, or os.sep, on the left of in.
func literalNeedle(fc *model.FlowContext, n parser.NodeID) (string, bool) {
	if s, ok := fc.File.StringValue(n); ok {
		return s, true
	}
	if fc.Project.QualifiedName(fc.Module, n) == "os.sep" {
		return "/", true
	}
	return "", false
}

// needleFacts: a name without ".." or without "/".
func needleFacts(needle string, x parser.NodeID, absent bool) []model.Fact {
	if !absent {
		return nil
	}
	switch needle {
	case "..":
		return []model.Fact{{Expr: x, Facts: factNoDots}}
	case "/":
		return []model.Fact{{Expr: x, Facts: factNoSep}}
	}
	return nil
}

// commonpathFacts handles os.path.commonpath([base, path]) == base: the
// resolved path stays inside base.
func commonpathFacts(fc *model.FlowContext, left, right parser.NodeID) []model.Fact {
	f := fc.File
	for _, side := range []parser.NodeID{left, right} {
		if !f.Is(side, "call") ||
			fc.Project.CalleeName(fc.Module, side) != "os.path.commonpath" {
			continue
		}
		var out []model.Fact
		for _, list := range model.PositionalArgs(f, side) {
			for _, item := range f.NamedChildren(list) {
				out = append(out, resolvedFacts(fc, item)...)
			}
		}
		return out
	}
	return nil
}

// callGuard handles p.startswith(base) on a resolved path,
// p.is_relative_to(base), os.path.isabs(p) and name.startswith("/").
func callGuard(fc *model.FlowContext, call parser.NodeID, when bool) []model.Fact {
	f := fc.File
	fn := f.Field(call, "function")
	args := model.PositionalArgs(f, call)
	if fc.Project.CalleeName(fc.Module, call) == "os.path.isabs" && len(args) == 1 && !when {
		return []model.Fact{{Expr: args[0], Facts: factNotAbs}}
	}
	if !f.Is(fn, "attribute") || len(args) != 1 {
		return nil
	}
	recv := f.Field(fn, "object")
	switch f.Text(f.Field(fn, "attribute")) {
	case "is_relative_to":
		if when {
			return resolvedFacts(fc, recv)
		}
	case "startswith":
		if s, ok := f.StringValue(args[0]); ok && s == "/" && !when {
			return []model.Fact{{Expr: recv, Facts: factNotAbs}}
		}
		if when && isResolved(fc, recv) {
			return resolvedFacts(fc, recv)
		}
	}
	return nil
}

// resolvers make a path absolute and normal, so that a prefix check on
// their result is a containment check.
var resolvers = map[string]bool{
	"os.path.realpath": true, "os.path.abspath": true, "os.path.normpath": true,
}

// unwrap takes one step from a checked expression towards the path it is
// about: str(x), realpath(x) and x.resolve() give x, and a variable gives
// the expression assigned to it. It also reports whether the step was a
// resolver.
func unwrap(fc *model.FlowContext, n parser.NodeID) (next parser.NodeID, resolver bool) {
	f := fc.File
	switch f.Kind(n) {
	case "identifier":
		if d := fc.Resolve(n); d != n {
			return d, false
		}
	case "call":
		fn := f.Field(n, "function")
		args := model.PositionalArgs(f, n)
		q := fc.Project.CalleeName(fc.Module, n)
		switch {
		case (resolvers[q] || q == "str") && len(args) == 1:
			return args[0], q != "str"
		case f.Is(fn, "attribute") && f.Text(f.Field(fn, "attribute")) == "resolve":
			return f.Field(fn, "object"), true
		}
	case "parenthesized_expression":
		if inner := f.NamedChildren(n); len(inner) == 1 {
			return inner[0], false
		}
	}
	return parser.NoNode, false
}

// isResolved reports whether an expression is, or holds, a resolved
// path: realpath/abspath/normpath(...), p.resolve(), or str() of one.
func isResolved(fc *model.FlowContext, n parser.NodeID) bool {
	for range 6 {
		next, resolver := unwrap(fc, n)
		if resolver {
			return true
		}
		if next == parser.NoNode {
			return false
		}
		n = next
	}
	return false
}

// resolvedFacts validates a checked path and each expression it was
// computed from through str(), resolvers and variables, so that both
// `full` and `path` are valid after `full = realpath(path)` is checked.
func resolvedFacts(fc *model.FlowContext, n parser.NodeID) []model.Fact {
	var out []model.Fact
	for range 6 {
		out = append(out, model.Fact{Expr: n, Facts: factValid})
		if n, _ = unwrap(fc, n); n == parser.NoNode {
			break
		}
	}
	return out
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
