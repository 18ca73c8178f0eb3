package hcflask015

import (
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// coverage returns what the project already takes from the proxy's
// headers, anywhere: in a factory, in wsgi.py or in the server. What
// counts:
//   - a ProxyFix call under any name or import path, for x_for and
//     x_proto unless they are literally 0;
//   - a project class or function that reads the forwarded headers and
//     wraps a wsgi_app (or a class with __call__ that is called anywhere),
//     for the headers it reads;
//   - a wsgi_app wrapper from a library whose name says proxy or forwarded;
//   - waitress.serve(..., trusted_proxy=...);
//   - the WSGI server's own handling (model.Deployment.ForwardedByServer):
//     gunicorn trusting X-Forwarded-Proto, its PROXY protocol, waitress's
//     --trusted-proxy.
func coverage(p *model.Project, d *model.Deployment) need {
	var got need
	for _, call := range p.Calls(proxyFixName) {
		if !isTestPath(call.File().Path) {
			got |= proxyFixCovers(call)
		}
	}
	got |= middlewareCoverage(p)
	for _, call := range p.Calls("waitress.serve") {
		if model.KeywordArg(call.File(), call.Node, "trusted_proxy") != parser.NoNode {
			got |= needBoth
		}
	}

	scheme, addr := d.ForwardedByServer()
	if scheme != nil {
		got |= needScheme
	}
	if addr != nil {
		got |= needAddress
	}
	return got
}

// proxyFixCovers returns the headers a ProxyFix call applies: x_for and
// x_proto default to 1; a literal 0, by keyword or position, turns one off.
func proxyFixCovers(call model.Ref) need {
	f := call.File()
	args := model.PositionalArgs(f, call.Node)
	got := needBoth
	for i, kw := range []struct {
		name string
		need need
	}{{"x_for", needAddress}, {"x_proto", needScheme}} {
		v := model.KeywordArg(f, call.Node, kw.name)
		if v == parser.NoNode && len(args) > i+1 {
			v = args[i+1]
		}
		if f.Text(v) == "0" {
			got &^= kw.need
		}
	}
	return got
}

// middlewareCoverage returns the headers applied by middleware other than
// ProxyFix.
func middlewareCoverage(p *model.Project) need {
	var got need
	for _, w := range p.Wrappers {
		if w.Callee == proxyFixName || isTestPath(w.File().Path) {
			continue
		}
		if m, def := projectDef(p, w.Callee); m != nil {
			got |= headersIn(m.File, def, true)
		} else if libraryProxyMiddleware(w.Callee) {
			got |= needBoth
		}
	}
	for _, m := range p.Modules {
		if isTestPath(m.File.Path) {
			continue
		}
		for name, def := range m.Defs {
			if isWSGIMiddlewareClass(m.File, def) && len(p.Calls(qualify(m, name))) > 0 {
				got |= headersIn(m.File, def, true)
			}
		}
	}
	return got
}

// projectDef finds the class or function a qualified name defines in the
// project, or returns a nil module.
func projectDef(p *model.Project, q string) (*model.Module, parser.NodeID) {
	return p.Definition(q, "class_definition", "function_definition")
}

// libraryProxyMiddleware reports whether a wrapper from outside the
// project is named for proxies or forwarded headers (ReverseProxied,
// ProxyHeadersMiddleware): it is taken to apply them.
func libraryProxyMiddleware(q string) bool {
	name := strings.ToLower(q[strings.LastIndexByte(q, '.')+1:])
	return strings.Contains(name, "proxi") || strings.Contains(name, "forward")
}

// isWSGIMiddlewareClass reports whether a definition is a class with a
// __call__ method, the shape of a WSGI middleware.
func isWSGIMiddlewareClass(f *parser.File, def parser.NodeID) bool {
	if !f.Is(def, "class_definition") {
		return false
	}
	for _, stmt := range f.NamedChildren(f.Field(def, "body")) {
		if f.Is(stmt, "decorated_definition") {
			stmt = f.Field(stmt, "definition")
		}
		if f.Is(stmt, "function_definition") && f.Text(f.Field(stmt, "name")) == "__call__" {
			return true
		}
	}
	return false
}

// qualify is the qualified name of a module-level name.
func qualify(m *model.Module, name string) string {
	if m.Name == "" {
		return name
	}
	return m.Name + "." + name
}
