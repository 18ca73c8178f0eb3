package hcflask023

import (
	"regexp"
	"slices"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// credentialView is a POST view that takes credentials: a password login,
// a token endpoint, a sign-up or a password reset.
type credentialView struct {
	route    *model.Route
	name     string    // the view function's name
	rule     string    // its URL rule under its blueprint's prefix, "" when not literal
	does     string    // what it does, for messages: "checks a password"
	evidence model.Ref // the code that shows it
}

// endpointWords are the words of a URL rule or function name that name a
// credential endpoint; "auth" only as a word, so /authors is not one.
var endpointWords = map[string]bool{
	"login": true, "logon": true, "signin": true, "token": true, "tokens": true,
	"auth": true, "authenticate": true, "register": true, "registration": true,
	"signup": true, "reset": true, "forgot": true, "password": true, "passwd": true,
}

// wordRE splits names and rules into lowercase words.
var wordRE = regexp.MustCompile(`[a-z0-9]+`)

// namesEndpoint reports whether a rule or function name names a credential
// endpoint: one of endpointWords, or "sign in", "sign up", "log in".
func namesEndpoint(s string) bool {
	s = converterRE.ReplaceAllString(s, "") // <token> is a value, not a name
	words := wordRE.FindAllString(strings.ToLower(s), -1)
	for i, w := range words {
		if endpointWords[w] {
			return true
		}
		if i > 0 && (words[i-1] == "sign" && (w == "in" || w == "up") ||
			words[i-1] == "log" && w == "in") {
			return true
		}
	}
	return false
}

// credentialViews returns the production POST views that take
// credentials, at most once per view function; configured names the views
// the project's configuration declares to be credential endpoints.
func credentialViews(p *model.Project, configured map[string]bool) []*credentialView {
	var out []*credentialView
	seen := map[model.Ref]bool{}
	cf := &credentialFinder{p: p, configured: configured}
	for _, r := range p.Routes {
		key := model.Ref{Module: r.Module, Node: r.View}
		if seen[key] || !r.HasMethod("POST") || r.Module.IsTestFile() {
			continue
		}
		if cv := cf.credentialOf(r); cv != nil {
			seen[key] = true
			out = append(out, cv)
		}
	}
	if len(out) > 0 {
		prefixes := blueprintPrefixes(p)
		for _, cv := range out {
			cv.rule = fullRule(cv.route, prefixes)
		}
	}
	return out
}

// credentialFinder recognises credential views, remembering the
// Flask-HTTPAuth password callbacks once it has looked for them.
type credentialFinder struct {
	p          *model.Project
	configured map[string]bool       // view names and URL rules from the endpoints option
	verifies   map[string]*model.Ref // by the last name of the auth object; nil until read
}

// credentialOf returns the credential view a route is, or nil: its rule
// or name must say so and its body must show it, and it must not sit
// behind a login (a refresh or change-password view needs a session
// first) unless that login is the HTTP Basic check of the view itself.
func (cf *credentialFinder) credentialOf(r *model.Route) *credentialView {
	p := cf.p
	f := r.Module.File
	name := f.Text(f.Field(r.View, "name"))
	cv := &credentialView{route: r, name: name}
	if cf.configured[name] || cf.configured[r.Rule] {
		// The team said so: no name or body evidence is asked for.
		cv.does, cv.evidence = "is configured as a credential endpoint", model.Ref{
			Module: r.Module, Node: r.View}
		return cv
	}
	if !namesEndpoint(r.Rule) && !namesEndpoint(name) {
		return nil
	}
	basic, guarded := cf.basicAuthGuard(r)
	switch {
	case basic != nil:
		cv.does, cv.evidence = "checks a password with HTTP Basic auth", *basic
	case guarded:
		return nil
	default:
		if !bodyEvidence(p, r, cv) || setsPasswordWithToken(r, cv) {
			return nil
		}
	}
	return cv
}

// tokenVarRE matches a URL rule variable that carries a token.
var tokenVarRE = regexp.MustCompile(`<[^>]*token[^>]*>`)

// setsPasswordWithToken reports whether a view only sets a new password
// and is reached through a signed token in its URL, as a password reset
// link is: the token, not a password, is what would be guessed, and it
// cannot be.
func setsPasswordWithToken(r *model.Route, cv *credentialView) bool {
	return cv.does == "reads a password" && tokenVarRE.MatchString(strings.ToLower(r.Rule))
}

// decorators returns the decorator expressions of a view.
func decorators(f *parser.File, view parser.NodeID) []parser.NodeID {
	var out []parser.NodeID
	parent := f.Parent(view)
	if !f.Is(parent, "decorated_definition") {
		return nil
	}
	for _, d := range f.NamedChildren(parent) {
		if f.Is(d, "decorator") {
			out = append(out, firstChild(f, d))
		}
	}
	return out
}

// firstChild returns the first named child of n, or NoNode.
func firstChild(f *parser.File, n parser.NodeID) parser.NodeID {
	if c := f.NamedChildren(n); len(c) > 0 {
		return c[0]
	}
	return parser.NoNode
}

// decoratorName is a decorator's callee as written: "login_required",
// "auth.login_required", "jwt_required".
func decoratorName(f *parser.File, d parser.NodeID) string {
	if f.Is(d, "call") {
		d = f.Field(d, "function")
	}
	return f.Text(d)
}

// basicAuthGuard looks for a login decorator on the view. A Flask-HTTPAuth
// `@auth.login_required` whose object also has a `@auth.verify_password`
// callback checks a password on every request to the view: that is the
// credential check itself, and its Ref is returned. Any other
// `*_required` decorator (login_required, jwt_required, roles_required)
// means the view needs a session or token first. A login enforced for the
// whole app by a before_request hook is not seen, so views behind it are
// taken to be public.
func (cf *credentialFinder) basicAuthGuard(r *model.Route) (basic *model.Ref, guarded bool) {
	f := r.Module.File
	for _, d := range decorators(f, r.View) {
		name := decoratorName(f, d)
		if !strings.HasSuffix(name, "_required") {
			continue
		}
		guarded = true
		obj, ok := strings.CutSuffix(name, ".login_required")
		if !ok {
			continue
		}
		if cb := cf.verifyPasswordCallback(obj); cb != nil {
			return cb, true
		}
	}
	return nil, guarded
}

// verifyPasswordCallback finds `@obj.verify_password` in the project,
// matching obj by its last name ("auth" for both auth and api.auth).
func (cf *credentialFinder) verifyPasswordCallback(obj string) *model.Ref {
	if cf.verifies == nil {
		cf.verifies = verifyPasswordCallbacks(cf.p)
	}
	return cf.verifies[obj[strings.LastIndexByte(obj, '.')+1:]]
}

// verifyPasswordCallbacks maps the last name of each object with a
// `@X.verify_password` callback to its first such decorator.
func verifyPasswordCallbacks(p *model.Project) map[string]*model.Ref {
	out := map[string]*model.Ref{}
	for _, mod := range p.Modules {
		f := mod.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if !f.Is(n, "decorator") {
				return true
			}
			owner, ok := strings.CutSuffix(decoratorName(f, firstChild(f, n)), ".verify_password")
			last := owner[strings.LastIndexByte(owner, '.')+1:]
			if _, seen := out[last]; ok && !seen {
				out[last] = &model.Ref{Module: mod, Node: n}
			}
			return false
		})
	}
	return out
}

// passwordCheckers are the last names of functions that compare a
// password with its hash.
var passwordCheckers = map[string]bool{
	"check_password_hash": true, "check_password": true, "verify_password": true,
	"checkpw": true, "authenticate": true, "check_pw": true,
}

// tokenIssuerRE matches the last names of functions that issue tokens:
// create_access_token, generate_auth_token, encode_auth_token.
var tokenIssuerRE = regexp.MustCompile(`^(create|generate|encode|issue|make)_\w*token$`)

// resetSenderRE matches the last names of functions that start a password
// reset: send_password_reset_email, get_reset_password_token,
// generate_reset_token. Checking a reset token (verify_reset_token) is not
// starting one.
var resetSenderRE = regexp.MustCompile(
	`^(send_\w*reset\w*|(get|generate|create|make)_\w*reset\w*token|\w*reset\w*(mail|email))$`)

// bodyEvidence scans a view's body for what makes it a credential
// endpoint and fills cv.does and cv.evidence with the strongest sign. A
// view that only logs a user in or issues a token after an OAuth, SAML
// or OpenID exchange is a single sign-on callback: no password to guess.
func bodyEvidence(p *model.Project, r *model.Route, cv *credentialView) bool {
	f := r.Module.File
	var strong, weak *model.Ref
	var strongDoes, weakDoes string
	sso := false
	f.Walk(f.Field(r.View, "body"), func(n parser.NodeID) bool {
		does, isStrong := nodeEvidence(p, r.Module, n)
		ref := &model.Ref{Module: r.Module, Node: n}
		switch {
		case does == "":
		case isStrong && strong == nil:
			strong, strongDoes = ref, does
		case !isStrong && weak == nil:
			weak, weakDoes = ref, does
		}
		sso = sso || isSSO(f, n)
		return true
	})
	switch {
	case strong != nil:
		cv.does, cv.evidence = strongDoes, *strong
	case weak != nil && !sso:
		cv.does, cv.evidence = weakDoes, *weak
	default:
		return false
	}
	return true
}

// nodeEvidence says what one node shows: a password check, a password
// read or a reset mail (strong), or a login or token issue (weak, since
// single sign-on callbacks do those too).
func nodeEvidence(p *model.Project, m *model.Module, n parser.NodeID) (string, bool) {
	f := m.File
	switch f.Kind(n) {
	case "call":
		return callEvidence(p, m, n)
	case "subscript":
		if isPasswordKey(f, f.Field(n, "subscript")) {
			return "reads a password", true
		}
	case "attribute":
		if isPasswordAttribute(p, m, n) {
			return "reads a password", true
		}
	}
	return "", false
}

// callEvidence classifies a call by its callee's last name.
func callEvidence(p *model.Project, m *model.Module, call parser.NodeID) (string, bool) {
	f := m.File
	fn := f.Field(call, "function")
	q := p.QualifiedName(m, fn)
	last := q[strings.LastIndexByte(q, '.')+1:]
	switch {
	case passwordCheckers[last] || isHasherVerify(f, fn):
		return "checks a password", true
	case last == "get" && len(model.PositionalArgs(f, call)) > 0 &&
		isPasswordKey(f, model.PositionalArgs(f, call)[0]):
		return "reads a password", true
	case resetSenderRE.MatchString(last):
		return "sends a password reset", true
	case last == "login_user":
		return "logs a user in", false
	case tokenIssuerRE.MatchString(last) || q == "jwt.encode":
		return "issues a token", false
	}
	return "", false
}

// isHasherVerify recognises `pwd_context.verify(...)` (passlib) and
// `ph.verify(...)` on an argon2 or bcrypt hasher, judged by the object's
// name.
func isHasherVerify(f *parser.File, fn parser.NodeID) bool {
	if !f.Is(fn, "attribute") || f.Text(f.Field(fn, "attribute")) != "verify" {
		return false
	}
	obj := strings.ToLower(f.Text(f.Field(fn, "object")))
	return obj == "ph" || slices.ContainsFunc(hasherWords,
		func(w string) bool { return strings.Contains(obj, w) })
}

// hasherWords mark an object that hashes passwords.
var hasherWords = []string{"pwd", "password", "hasher", "crypt", "argon"}

// isPasswordKey reports whether n is a string literal naming a password
// field: "password", "new_password", "passwd". UPPER_CASE keys are
// configuration (MAIL_PASSWORD), not form fields.
func isPasswordKey(f *parser.File, n parser.NodeID) bool {
	s, ok := f.StringValue(n)
	if !ok || s == strings.ToUpper(s) {
		return false
	}
	s = strings.ToLower(s)
	return strings.Contains(s, "password") || s == "passwd" || s == "pwd"
}

// isPasswordAttribute recognises WTForms' `form.password.data` and HTTP
// Basic credentials, `request.authorization.password`.
func isPasswordAttribute(p *model.Project, m *model.Module, n parser.NodeID) bool {
	f := m.File
	attr := f.Text(f.Field(n, "attribute"))
	obj := f.Field(n, "object")
	if attr == "data" && f.Is(obj, "attribute") {
		return strings.Contains(strings.ToLower(f.Text(f.Field(obj, "attribute"))), "password")
	}
	return attr == "password" && p.QualifiedName(m, obj) == "flask.request.authorization"
}

// ssoWords mark code that signs a user in through another site.
var ssoWords = []string{"oauth", "authorize_access_token", "authorize_redirect", "saml",
	"oidc", "openid", "id_token", "verify_oauth2_token"}

// isSSO reports whether a call or name is part of a single sign-on
// exchange.
func isSSO(f *parser.File, n parser.NodeID) bool {
	if !f.Is(n, "call") {
		return false
	}
	text := strings.ToLower(f.Text(f.Field(n, "function")))
	return slices.ContainsFunc(ssoWords, func(w string) bool { return strings.Contains(text, w) })
}
