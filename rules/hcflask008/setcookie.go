package hcflask008

import (
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// flagState is what a set_cookie call says about one cookie attribute.
type flagState int

// Flag states.
const (
	flagMissing flagState = iota // not passed, or samesite=None (attribute left off)
	flagOff                      // a literal false value: secure=False
	flagOn                       // a true literal or any expression: secure=not app.debug
)

// cookieArg is one argument of a set_cookie call, found where it is
// written: in the call, or in a dict passed as **opts.
type cookieArg struct {
	module *model.Module
	node   parser.NodeID
}

// setCookieParams are Werkzeug's Response.set_cookie parameters in order,
// so that positional arguments can be named.
var setCookieParams = []string{
	"key", "value", "max_age", "expires", "path", "domain", "secure", "httponly", "samesite",
}

// otherFrameworks are import prefixes of web frameworks whose set_cookie
// has other defaults (Starlette's samesite defaults to "lax"): a module
// that imports one is not a Flask view module.
var otherFrameworks = []string{"fastapi", "starlette", "django", "aiohttp", "tornado", "sanic"}

// isOtherFramework reports whether a module imports another web framework.
func isOtherFramework(m *model.Module) bool {
	for _, q := range m.Imports {
		for _, prefix := range otherFrameworks {
			if q == prefix || strings.HasPrefix(q, prefix+".") {
				return true
			}
		}
	}
	return false
}

// checkSetCookies reports the set_cookie calls of a module that leave a
// flag off.
func checkSetCookies(pass *rule.Pass, m *model.Module) {
	if isOtherFramework(m) {
		return
	}
	f := m.File
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if !f.Is(n, "call") {
			return true
		}
		fn := f.Field(n, "function")
		if !f.Is(fn, "attribute") || f.Text(f.Field(fn, "attribute")) != "set_cookie" {
			return true
		}
		if isCookieJar(f, f.Field(fn, "object")) || isTestClient(pass.Project, m, fn) {
			return true
		}
		args, ok := cookieArgs(pass.Project, m, n)
		if !ok || args["key"].node == parser.NoNode || deletesCookie(args) {
			return true // unseen **opts or *args, no cookie name, or a deletion
		}
		if msg := setCookieProblem(pass.Project, cookieName(args["key"]), args); msg != "" {
			pass.ReportNode(f, n, msg)
		}
		return true
	})
}

// isCookieJar reports whether a receiver is an http.cookiejar-style jar
// (`session.cookies.set_cookie(cookie)`), whose set_cookie takes a Cookie
// object and has nothing to do with a response.
func isCookieJar(f *parser.File, recv parser.NodeID) bool {
	text := strings.ToLower(f.Text(recv))
	return strings.HasSuffix(text, "cookies") || strings.HasSuffix(text, "jar")
}

// isTestClient reports whether a set_cookie receiver is a Flask test
// client: `app.test_client().set_cookie(...)`, a name assigned
// `app.test_client()`, or the target of `with app.test_client() as c:`.
func isTestClient(p *model.Project, m *model.Module, fn parser.NodeID) bool {
	f := m.File
	recv := f.Field(fn, "object")
	if isTestClientCall(f, recv) {
		return true
	}
	if !f.Is(recv, "identifier") {
		return false
	}
	if mod, rhs := p.AssignedValue(m, recv); isTestClientCall(mod.File, rhs) {
		return true
	}
	for w := range f.Ancestors(fn) {
		if f.Is(w, "with_statement") && withBindsTestClient(f, w, f.Text(recv)) {
			return true
		}
	}
	return false
}

// isTestClientCall reports whether n is a call of X.test_client().
func isTestClientCall(f *parser.File, n parser.NodeID) bool {
	if !f.Is(n, "call") {
		return false
	}
	fn := f.Field(n, "function")
	return f.Is(fn, "attribute") && f.Text(f.Field(fn, "attribute")) == "test_client"
}

// withBindsTestClient reports whether a with statement binds name to a
// test client.
func withBindsTestClient(f *parser.File, with parser.NodeID, name string) bool {
	found := false
	f.Walk(f.NamedChildren(with)[0], func(n parser.NodeID) bool {
		if f.Is(n, "as_pattern") {
			value := f.NamedChildren(n)[0]
			alias := f.Field(n, "alias")
			found = found || (isTestClientCall(f, value) && f.Text(alias) == name)
			return false
		}
		return true
	})
	return found
}

// cookieArgs maps the parameter names of a set_cookie call to the
// arguments that give them, reading positional arguments by Werkzeug's
// order and **opts from the dict it names. ok is false when an argument
// cannot be seen: *args, or **opts that is not a dict literal in the same
// function or a module constant.
func cookieArgs(p *model.Project, m *model.Module, call parser.NodeID) (map[string]cookieArg,
	bool) {
	f := m.File
	args := make(map[string]cookieArg)
	for _, name := range setCookieParams {
		args[name] = cookieArg{m, parser.NoNode}
	}
	pos := 0
	for _, a := range f.NamedChildren(f.Field(call, "arguments")) {
		switch f.Kind(a) {
		case "keyword_argument":
			args[f.Text(f.Field(a, "name"))] = cookieArg{m, f.Field(a, "value")}
		case "list_splat":
			return nil, false
		case "dictionary_splat":
			if !splatArgs(p, m, f.NamedChildren(a)[0], args) {
				return nil, false
			}
		default:
			if pos < len(setCookieParams) {
				args[setCookieParams[pos]] = cookieArg{m, a}
			}
			pos++
		}
	}
	return args, true
}

// splatArgs adds the entries of the dict a **splat expression names;
// false when it is not a dict the rule can read.
func splatArgs(p *model.Project, m *model.Module, n parser.NodeID,
	args map[string]cookieArg) bool {
	mod, dict := m, n
	if !m.File.Is(n, "dictionary", "call") {
		mod, dict = p.AssignedValue(m, n)
	}
	f := mod.File
	switch {
	case f.Is(dict, "dictionary"):
		for _, pair := range f.NamedChildren(dict) {
			key, ok := f.StringValue(f.Field(pair, "key"))
			if !ok {
				return false // **inner or a computed key
			}
			args[key] = cookieArg{mod, f.Field(pair, "value")}
		}
		return true
	case f.Is(dict, "call") && f.Text(f.Field(dict, "function")) == "dict":
		for _, kw := range f.NamedChildren(f.Field(dict, "arguments")) {
			if !f.Is(kw, "keyword_argument") {
				return false
			}
			args[f.Text(f.Field(kw, "name"))] = cookieArg{mod, f.Field(kw, "value")}
		}
		return true
	}
	return false
}

// deletesCookie reports whether the call expires the cookie at once
// (max_age=0 or expires=0), the hand-written form of delete_cookie.
func deletesCookie(args map[string]cookieArg) bool {
	for _, name := range []string{"max_age", "expires"} {
		a := args[name]
		if a.node != parser.NoNode && a.module.File.Text(a.node) == "0" {
			return true
		}
	}
	return false
}

// state reads a boolean flag argument.
func state(p *model.Project, a cookieArg) flagState {
	if a.node == parser.NoNode {
		return flagMissing
	}
	v := p.ValueOf(a.module, a.node)
	if truthy, known := v.Truth(); known && !truthy {
		return flagOff
	}
	return flagOn
}

// sameSite reads the samesite argument: missing when absent or a false
// literal (the attribute is left off), and whether it is "None".
func sameSite(p *model.Project, a cookieArg) (flagState, bool) {
	if state(p, a) != flagOn {
		return flagMissing, false
	}
	v := p.ValueOf(a.module, a.node)
	return flagOn, v.Kind == model.ValueString && strings.EqualFold(v.Str, "none")
}

// cookieName renders the cookie's name argument for messages.
func cookieName(key cookieArg) string {
	text := key.module.File.Text(key.node)
	if len(text) > 40 || strings.ContainsAny(text, "\n") {
		return "..."
	}
	return text
}

// setCookieProblem describes what a set_cookie call leaves off, or ""
// when nothing. An explicit httponly=False is accepted: it is how a
// cookie meant for scripts (a double-submit CSRF token) is written.
func setCookieProblem(p *model.Project, name string, args map[string]cookieArg) string {
	secure := state(p, args["secure"])
	httponly := state(p, args["httponly"])
	samesite, none := sameSite(p, args["samesite"])

	var problems, missing, fixes []string
	switch {
	case none && secure != flagOn:
		problems = append(problems, `sets samesite="None" without secure=True, `+
			"so browsers reject the cookie")
		fixes = append(fixes, "secure=True")
	case secure == flagOff:
		problems = append(problems, "sets secure=False")
		fixes = append(fixes, "secure=True")
	case secure == flagMissing:
		missing = append(missing, "secure=True")
		fixes = append(fixes, "secure=True")
	}
	if httponly == flagMissing && !readByScripts(name) {
		missing = append(missing, "httponly=True")
		fixes = append(fixes, "httponly=True")
	}
	if samesite == flagMissing {
		missing = append(missing, "samesite")
		fixes = append(fixes, `samesite="Lax"`)
	}
	if len(missing) > 0 {
		problems = append(problems, "is missing "+joinAnd(missing))
	}
	if len(problems) == 0 {
		return ""
	}
	return fmt.Sprintf("set_cookie(%s) %s; pass %s", name, joinAnd(problems), joinAnd(fixes))
}

// readByScripts reports whether a cookie's name says scripts must read it:
// a double-submit CSRF token (csrf_token, XSRF-TOKEN) that the page's
// JavaScript copies into a header. HttpOnly would break it, so it is not
// asked for; Secure and SameSite still are. (redash sets such a cookie.)
func readByScripts(name string) bool {
	lower := strings.ToLower(name)
	return strings.Contains(lower, "csrf") || strings.Contains(lower, "xsrf")
}

// joinAnd joins words as "a, b and c".
func joinAnd(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
