package hcflask015

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// need is what code needs the proxy's headers for.
type need uint8

// What code can need from the forwarded headers.
const (
	needScheme  need = 1 << iota // X-Forwarded-Proto: the scheme the client used
	needAddress                  // X-Forwarded-For: the client's address
	needBoth    = needScheme | needAddress
)

// dependency is code whose result changes behind a proxy unless the
// forwarded headers are applied.
type dependency struct {
	model.Ref
	what string // how the message names it: "request.remote_addr"
	need need
}

// requestAttributes are the request attributes computed from the WSGI
// environ's REMOTE_ADDR or wsgi.url_scheme. request.access_route is not
// one: it reads X-Forwarded-For itself, with or without ProxyFix.
var requestAttributes = []struct {
	name string
	need need
}{
	{"remote_addr", needAddress},
	{"scheme", needScheme},
	{"is_secure", needScheme},
	{"host_url", needScheme},
	{"url_root", needScheme},
	{"root_url", needScheme},
}

// limiterKey is Flask-Limiter's key function that rate-limits by
// request.remote_addr.
const limiterKey = "flask_limiter.util.get_remote_address"

// dependencies returns the code of the project that depends on the
// client's scheme or address, in path and source order. Test code is left
// out.
func dependencies(p *model.Project) []dependency {
	var out []dependency
	for _, a := range requestAttributes {
		for _, ref := range p.Names("flask.request." + a.name) {
			if countable(ref) && !readsHeadersItself(ref, a.need) {
				out = append(out, dependency{ref, "request." + a.name, a.need})
			}
		}
	}
	out = append(out, externalURLs(p)...)
	for _, ref := range p.Names(limiterKey) {
		if countable(ref) {
			out = append(out, dependency{ref, "Flask-Limiter's get_remote_address", needAddress})
		}
	}

	slices.SortStableFunc(out, func(a, b dependency) int {
		return cmp.Or(cmp.Compare(a.File().Path, b.File().Path), cmp.Compare(a.Node, b.Node))
	})
	return out
}

// externalURLs returns the url_for(..., _external=True) calls made while
// handling a request: they take the scheme and host from the request. A
// call that fixes the scheme with _scheme= does not depend on it, and one
// outside a request (CLI, task) uses SERVER_NAME and PREFERRED_URL_SCHEME,
// which ProxyFix does not change.
func externalURLs(p *model.Project) []dependency {
	var out []dependency
	for _, call := range p.Calls("flask.url_for") {
		f := call.File()
		if f.Text(model.KeywordArg(f, call.Node, "_external")) != "True" ||
			model.KeywordArg(f, call.Node, "_scheme") != parser.NoNode {
			continue
		}
		if countable(call) && inRequestCode(call) {
			out = append(out, dependency{call, "url_for(..., _external=True)", needScheme})
		}
	}
	return out
}

// countable reports whether a reference is production code: not in a test
// file and not the name in an import statement.
func countable(ref model.Ref) bool {
	f := ref.File()
	return !isTestPath(f.Path) &&
		f.Enclosing(ref.Node, "import_statement", "import_from_statement") == parser.NoNode
}

// isTestPath reports whether a file is test code: under tests/ or test/,
// named test_*.py or *_test.py, or a conftest.py.
func isTestPath(rel string) bool {
	base := path.Base(rel)
	if strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py") ||
		base == "conftest.py" || base == "tests.py" {
		return true
	}
	return slices.ContainsFunc(strings.Split(path.Dir(rel), "/"), func(dir string) bool {
		return dir == "tests" || dir == "test"
	})
}

// marker is a fragment of a header or environ key name and what it
// provides.
type marker struct {
	text string
	need need
}

// headerMarkers are the strings that show code handling a forwarded header
// itself, by what the header provides. RFC 7239's Forwarded header gives
// both.
var headerMarkers = []marker{
	{"forwarded-proto", needScheme}, {"forwarded_proto", needScheme},
	{"forwarded-ssl", needScheme}, {"forwarded_ssl", needScheme},
	{"x-scheme", needScheme}, {"x_scheme", needScheme},
	{"forwarded-for", needAddress}, {"forwarded_for", needAddress},
	{"real-ip", needAddress}, {"real_ip", needAddress},
	{"connecting-ip", needAddress}, {"client-ip", needAddress},
	{"http_forwarded", needBoth},
}

// environMarkers are the environ keys a middleware rewrites once it has
// read the headers.
var environMarkers = []marker{
	{"wsgi.url_scheme", needScheme}, {"remote_addr", needAddress},
}

// headersIn returns what the string literals and access_route reads under
// a node show it takes from forwarded headers; with environ, the environ
// keys a middleware sets count too.
func headersIn(f *parser.File, n parser.NodeID, environ bool) need {
	var got need
	f.Walk(n, func(c parser.NodeID) bool {
		switch {
		case f.Is(c, "string"):
			text := strings.ToLower(f.Text(c))
			got |= markersIn(text, headerMarkers)
			if environ {
				got |= markersIn(text, environMarkers)
			}
		case f.Is(c, "attribute") && f.Text(f.Field(c, "attribute")) == "access_route":
			got |= needAddress
		}
		return true
	})
	return got
}

// markersIn returns what the markers found in a lowercased string provide.
func markersIn(s string, markers []marker) need {
	var got need
	for _, m := range markers {
		if strings.Contains(s, m.text) {
			got |= m.need
		}
	}
	return got
}

// readsHeadersItself reports whether the function (or lambda) around a
// request attribute also reads the forwarded header it stands for, as in
// `request.headers.get("X-Forwarded-For", request.remote_addr)`: the
// attribute is then a fallback, not the answer.
func readsHeadersItself(ref model.Ref, n need) bool {
	f := ref.File()
	scope := f.Enclosing(ref.Node, "function_definition", "lambda")
	if scope == parser.NoNode {
		return false
	}
	return headersIn(f, scope, false)&n != 0
}

// offlineWords are path words of modules that run outside requests:
// background tasks, commands and scripts.
var offlineWords = map[string]bool{
	"tasks": true, "celery": true, "cli": true, "commands": true, "jobs": true,
	"scripts": true, "worker": true, "workers": true, "cron": true, "manage": true,
	"management": true, "migrations": true,
}

// offlineDecorators are decorator fragments that mark a function run
// outside a request: Celery and RQ tasks, click and Flask CLI commands,
// schedulers.
var offlineDecorators = []string{"task", "command", "cli", "job", "schedul", "periodic"}

// inRequestCode reports whether a call sits in a function that can run
// while a request is handled: not at module level, not in a task, command
// or script module, and not in a function decorated as one.
func inRequestCode(ref model.Ref) bool {
	f := ref.File()
	words := strings.FieldsFunc(strings.ToLower(f.Path), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	if slices.ContainsFunc(words, func(w string) bool { return offlineWords[w] }) {
		return false
	}
	fn := f.Enclosing(ref.Node, "function_definition")
	if fn == parser.NoNode {
		return false
	}
	for ; fn != parser.NoNode; fn = f.Enclosing(fn, "function_definition") {
		if offlineFunction(f, fn) {
			return false
		}
	}
	return true
}

// offlineFunction reports whether a def is decorated as a task or command.
func offlineFunction(f *parser.File, fn parser.NodeID) bool {
	decorated := f.Parent(fn)
	if !f.Is(decorated, "decorated_definition") {
		return false
	}
	for _, dec := range f.NamedChildren(decorated) {
		if !f.Is(dec, "decorator") {
			continue
		}
		text := strings.ToLower(f.Text(dec))
		if slices.ContainsFunc(offlineDecorators, func(s string) bool {
			return strings.Contains(text, s)
		}) {
			return true
		}
	}
	return false
}
