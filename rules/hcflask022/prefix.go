package hcflask022

import (
	"regexp"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// A redirect target built from a constant start that already fixes the
// host, such as "/search?q=" + query or f"/users/{name}", stays on the
// site whatever follows: the browser reads the host from the start. This
// file works out that start.

// partKind is what one piece of a built string is.
type partKind int

const (
	partUnknown  partKind = iota // anything else: a variable, a call
	partLiteral                  // constant text
	partURLFor                   // url_for(...): "/" then the endpoint's path
	partHostRoot                 // request.host_url or url_root: "https://host/"
)

// part is one piece of a string built by +, an f-string, % or .format.
type part struct {
	kind     partKind
	text     string // for literals
	external bool   // for url_for(..., _external=True)
}

// absoluteRE matches an absolute URL whose host is complete: a "/", "?"
// or "#" ends it, so nothing appended can change the host.
var absoluteRE = regexp.MustCompile(`(?i)^https?://[^/?#\\]+[/?#]`)

// hasFixedHost reports whether a built string starts with a constant
// that names the host: a path like "/x" (a second "/" or "\" would make it
// protocol-relative), an absolute URL with its host closed by "/", the
// site's own root URL, or url_for(...) followed by a query or fragment.
func hasFixedHost(fc *model.FlowContext, n parser.NodeID) bool {
	parts := flatten(fc, n, nil)
	var prefix string
	pendingURLFor := false
	for _, p := range parts {
		switch {
		case p.kind == partLiteral && pendingURLFor:
			if p.text != "" {
				return !strings.ContainsAny(p.text[:1], `/\`)
			}
		case p.kind == partLiteral:
			prefix += p.text
		case prefix == "" && !pendingURLFor && p.kind == partHostRoot:
			return true
		case prefix == "" && !pendingURLFor && p.kind == partURLFor:
			if p.external {
				return true
			}
			pendingURLFor = true // "/" for the root endpoint: what follows decides
		default:
			return fixedPrefix(prefix)
		}
	}
	return !pendingURLFor && fixedPrefix(prefix)
}

// fixedPrefix reports whether constant text at the start of a URL fixes
// its host.
func fixedPrefix(s string) bool {
	if len(s) >= 2 && s[0] == '/' && s[1] != '/' && s[1] != '\\' {
		return true
	}
	return absoluteRE.MatchString(s)
}

// flatten lists the pieces of a built string, appending to out.
func flatten(fc *model.FlowContext, n parser.NodeID, out []part) []part {
	f := fc.File
	switch f.Kind(n) {
	case "parenthesized_expression":
		if inner := f.NamedChildren(n); len(inner) == 1 {
			return flatten(fc, inner[0], out)
		}
	case "binary_operator":
		return flattenOperator(fc, n, out)
	case "concatenated_string":
		for _, s := range f.NamedChildren(n) {
			out = flatten(fc, s, out)
		}
		return out
	case "string":
		return flattenString(fc, n, out)
	case "call":
		return flattenCall(fc, n, out)
	case "attribute":
		q := fc.Project.QualifiedName(fc.Module, n)
		if q == "flask.request.host_url" || q == "flask.request.url_root" {
			return append(out, part{kind: partHostRoot})
		}
	}
	return append(out, part{kind: partUnknown})
}

// flattenOperator handles a + b and "format %s" % args.
func flattenOperator(fc *model.FlowContext, n parser.NodeID, out []part) []part {
	f := fc.File
	left := f.Field(n, "left")
	switch f.Text(f.Field(n, "operator")) {
	case "+":
		return flatten(fc, f.Field(n, "right"), flatten(fc, left, out))
	case "%":
		if s, ok := f.StringValue(left); ok {
			lit, _, _ := strings.Cut(s, "%")
			return append(out, part{kind: partLiteral, text: lit}, part{kind: partUnknown})
		}
	}
	return append(out, part{kind: partUnknown})
}

// flattenString splits an f-string into its text and its placeholders.
func flattenString(fc *model.FlowContext, n parser.NodeID, out []part) []part {
	f := fc.File
	for c := range f.Children(n) {
		switch f.Kind(c) {
		case "string_content", "escape_sequence":
			out = append(out, part{kind: partLiteral, text: f.Text(c)})
		case "interpolation":
			out = flatten(fc, f.Field(c, "expression"), out)
		}
	}
	return out
}

// flattenCall handles url_for(...) and "template {}".format(...).
func flattenCall(fc *model.FlowContext, n parser.NodeID, out []part) []part {
	f := fc.File
	if fc.Project.CalleeName(fc.Module, n) == "flask.url_for" {
		ext := model.KeywordArg(f, n, "_external")
		return append(out, part{kind: partURLFor, external: f.Text(ext) == "True"})
	}
	fn := f.Field(n, "function")
	if f.Is(fn, "attribute") && f.Text(f.Field(fn, "attribute")) == "format" {
		if s, ok := f.StringValue(f.Field(fn, "object")); ok {
			lit, _, _ := strings.Cut(s, "{")
			return append(out, part{kind: partLiteral, text: lit}, part{kind: partUnknown})
		}
	}
	return append(out, part{kind: partUnknown})
}
