package model

import (
	"strings"

	"github.com/flasklint/flasklint/parser"
)

// canonicalNames maps old or alternative import paths to the name rules
// match on, so that a rule written against the current API also catches
// code written against an older one.
var canonicalNames = map[string]string{
	"werkzeug.secure_filename":               "werkzeug.utils.secure_filename",
	"werkzeug.contrib.fixers.ProxyFix":       "werkzeug.middleware.proxy_fix.ProxyFix",
	"werkzeug.middleware.proxy_fix.ProxyFix": "werkzeug.middleware.proxy_fix.ProxyFix",
	"flask.helpers.redirect":                 "flask.redirect",
	"flask.helpers.url_for":                  "flask.url_for",
	"flask.helpers.send_file":                "flask.send_file",
	"flask.helpers.send_from_directory":      "flask.send_from_directory",
	"flask.globals.request":                  "flask.request",
	"flask.globals.session":                  "flask.session",
	"flask.app.Flask":                        "flask.Flask",
	"flask.blueprints.Blueprint":             "flask.Blueprint",
	"werkzeug.security.safe_join":            "werkzeug.utils.safe_join",
	"flask.safe_join":                        "werkzeug.utils.safe_join",
}

// maxAliasHops bounds how far a name is chased through project modules
// that re-export it, so that an import cycle cannot loop.
const maxAliasHops = 8

// QualifiedName returns the fully qualified name an expression refers to,
// as far as imports and module-level definitions tell: `r` after `from
// flask import redirect as r` is "flask.redirect", `flask.request.args`
// after `import flask` is "flask.request.args", and a function `load`
// defined in app/util.py is "app.util.load". A name bound nowhere the
// model sees is returned as written (builtins such as "open" stay so); an
// expression that is not a name or attribute chain gives "".
//
// Local variables inside functions are not tracked: a parameter named
// `request` that shadows flask.request still resolves to flask.request.
func (p *Project) QualifiedName(m *Module, n parser.NodeID) string {
	f := m.File
	switch f.Kind(n) {
	case "identifier":
		return p.resolveIdentifier(m, f.Text(n))
	case "attribute":
		base := p.QualifiedName(m, f.Field(n, "object"))
		if base == "" {
			return ""
		}
		return p.canonical(base + "." + f.Text(f.Field(n, "attribute")))
	case "parenthesized_expression":
		inner := f.NamedChildren(n)
		if len(inner) == 1 {
			return p.QualifiedName(m, inner[0])
		}
	}
	return ""
}

// CalleeName is the qualified name of the function a call node calls.
func (p *Project) CalleeName(m *Module, call parser.NodeID) string {
	return p.QualifiedName(m, m.File.Field(call, "function"))
}

// resolveIdentifier qualifies a bare name in module m.
func (p *Project) resolveIdentifier(m *Module, name string) string {
	if q, ok := m.Imports[name]; ok {
		return p.chase(q)
	}
	if _, ok := m.Defs[name]; ok {
		return joinName(m.Name, name)
	}
	return name
}

// chase follows a qualified name through project modules that import it
// from elsewhere, then applies canonicalNames.
func (p *Project) chase(q string) string {
	for range maxAliasHops {
		i := strings.LastIndexByte(q, '.')
		if i < 0 {
			break
		}
		mod := p.ModuleByName(q[:i])
		if mod == nil {
			break
		}
		next, ok := mod.Imports[q[i+1:]]
		if !ok || next == q {
			break
		}
		q = next
	}
	return p.canonical(q)
}

// canonical maps a qualified name, or its longest dotted prefix that has a
// canonical spelling, to that spelling.
func (p *Project) canonical(q string) string {
	for i := len(q); i > 0; i = strings.LastIndexByte(q[:i], '.') {
		if c, ok := canonicalNames[q[:i]]; ok {
			return c + q[i:]
		}
	}
	return q
}

// ModuleByName finds a project module by dotted name. When no module has
// exactly that name, a unique module whose name ends with it is returned:
// a repository often keeps its package below a folder such as backend/.
func (p *Project) ModuleByName(name string) *Module {
	if m, ok := p.byName[name]; ok {
		return m
	}
	return p.bySuffix[name]
}

// indexModules builds the exact and suffix lookups of ModuleByName. A
// suffix shared by two modules is ambiguous and maps to nothing.
func (p *Project) indexModules() {
	p.byName = make(map[string]*Module, len(p.Modules))
	p.bySuffix = make(map[string]*Module)
	ambiguous := make(map[string]bool)
	for _, m := range p.Modules {
		p.byName[m.Name] = m
		parts := strings.Split(m.Name, ".")
		for i := 1; i < len(parts); i++ {
			suffix := strings.Join(parts[i:], ".")
			if _, seen := p.bySuffix[suffix]; seen || ambiguous[suffix] {
				ambiguous[suffix] = true
				delete(p.bySuffix, suffix)
				continue
			}
			p.bySuffix[suffix] = m
		}
	}
}
