package hcflask022

import (
	"regexp"
	"slices"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// The facts guards establish about a redirect target.
const (
	factValid       model.Facts = 1 << iota // host checked, allow-listed or validated by a helper
	factSlash                               // starts with "/"
	factNoDouble                            // does not start with "//"
	factNoBackslash                         // holds no backslash
)

// validated reports whether facts make a target safe: a real validation,
// or a relative path that can name no other host because it starts with
// "/", not with "//", and holds no backslash (browsers read /\ as //).
func validated(f model.Facts) bool {
	all := factSlash | factNoDouble | factNoBackslash
	return f&factValid != 0 || f&all == all
}

// spec is the rule's taint question. request.referrer, request.url and
// request.path are not sources: sending a user back where they came from,
// or to the URL they asked for, gives an attacker nothing a link would not.
func (c *checker) spec() *model.FlowSpec {
	sources := slices.DeleteFunc(slices.Clone(model.RequestData), func(s string) bool {
		return s == "flask.request.files" || s == "flask.request.stream"
	})
	return &model.FlowSpec{
		Sources:    sources,
		PathParams: true,
		// login_url builds the login view's URL with the target as its
		// "next" query parameter: the host stays the site's own. The
		// project may name its own in the sanitizers option.
		Sanitizers: append([]string{"flask.url_for", "flask_login.login_url",
			"flask_login.utils.login_url"}, configuredSanitizers(c.pass.Analyzer)...),
		Clean:     c.clean,
		Guard:     c.guard,
		Validated: validated,
	}
}

// validatorRE matches helper names that say they vet a redirect target.
var validatorRE = regexp.MustCompile(`^_*(is_(safe|valid|allowed|local)_(redirect_)?` +
	`(url|next|target|redirect|next_url|redirect_url|redirect_target)|url_is_safe|` +
	`url_has_allowed_host_and_scheme|is_safe_redirect_url)$`)

// isValidator reports whether a call's callee vets URLs: by its name, or,
// for a project function, because its body compares a parsed netloc or
// calls such a helper.
func (c *checker) isValidator(fc *model.FlowContext, call parser.NodeID) bool {
	return c.callsValidator(fc.Module, call)
}

// projectValidator reports whether a project function compares a parsed
// URL's netloc or hostname, or calls a helper that validates.
func (c *checker) projectValidator(q string) bool {
	if v, ok := c.validators[q]; ok {
		return v
	}
	c.validators[q] = false // a recursive helper is not a validator by itself
	m, def := c.p.Definition(q, "function_definition")
	if m == nil {
		return false
	}
	v := c.bodyValidates(m, def)
	c.validators[q] = v
	return v
}

// bodyValidates looks for `.netloc`/`.hostname` used in a comparison or a
// condition, or a call of a validating helper.
func (c *checker) bodyValidates(m *model.Module, def parser.NodeID) bool {
	f := m.File
	found := false
	f.Walk(def, func(n parser.NodeID) bool {
		switch f.Kind(n) {
		case "attribute":
			attr := f.Text(f.Field(n, "attribute"))
			if (attr == "netloc" || attr == "hostname") && inTest(f, n, def) {
				found = true
			}
		case "call":
			found = found || c.callsValidator(m, n)
		}
		return !found
	})
	return found
}

// callsValidator reports a call of a helper named as a validator or of a
// project function that validates.
func (c *checker) callsValidator(m *model.Module, call parser.NodeID) bool {
	f := m.File
	fn := f.Field(call, "function")
	name := fn
	if f.Is(fn, "attribute") {
		name = f.Field(fn, "attribute")
	}
	return validatorRE.MatchString(f.Text(name)) ||
		c.projectValidator(c.p.QualifiedName(m, fn))
}

// inTest reports whether n sits in a comparison, a boolean operator or
// the condition of an if, below def.
func inTest(f *parser.File, n, def parser.NodeID) bool {
	for a := range f.Ancestors(n) {
		if a == def || f.Is(a, "block") {
			return false
		}
		if f.Is(a, "comparison_operator", "not_operator", "boolean_operator") {
			return true
		}
		if f.Is(a, "if_statement") {
			return true
		}
	}
	return false
}

// clean reports expressions that cannot send the user to another host
// whatever request data they hold.
func (c *checker) clean(fc *model.FlowContext, n parser.NodeID) bool {
	f := fc.File
	switch f.Kind(n) {
	case "call":
		return c.isValidator(fc, n) || isRefererRead(fc, n) || hasFixedHost(fc, n)
	case "subscript":
		return isRefererRead(fc, n)
	case "binary_operator", "string", "concatenated_string":
		return hasFixedHost(fc, n)
	}
	return false
}

// isRefererRead reports request.headers.get("Referer") and
// request.headers["Referer"], which are request.referrer by another name.
func isRefererRead(fc *model.FlowContext, n parser.NodeID) bool {
	f := fc.File
	var obj, key parser.NodeID
	switch {
	case f.Is(n, "subscript"):
		obj, key = f.Field(n, "value"), f.Field(n, "subscript")
	case f.Is(f.Field(n, "function"), "attribute"):
		fn := f.Field(n, "function")
		args := model.PositionalArgs(f, n)
		if f.Text(f.Field(fn, "attribute")) != "get" || len(args) == 0 {
			return false
		}
		obj, key = f.Field(fn, "object"), args[0]
	default:
		return false
	}
	s, _ := f.StringValue(key)
	s = strings.ToLower(s)
	return (s == "referer" || s == "referrer") &&
		fc.Project.QualifiedName(fc.Module, obj) == "flask.request.headers"
}
