package hcflask024

import (
	"path"
	"slices"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/parser/deployfile"
	"github.com/flasklint/flasklint/rules/rule"
)

// header is one of the protections the rule looks for.
type header int

// The four protections, in the order messages name them.
const (
	hsts header = iota
	noSniff
	framing
	csp
	numHeaders
)

// headerNames name each protection in messages.
var headerNames = [numHeaders]string{
	"Strict-Transport-Security", "X-Content-Type-Options",
	"frame protection (X-Frame-Options or CSP frame-ancestors)", "Content-Security-Policy",
}

// source is one thing that sets headers: Talisman, a hook, an nginx block.
type source struct {
	desc    string // "Flask-Talisman", "the after_request hook secure_headers"
	hook    string // the hook function's name, for a hook
	related rule.Related
	sets    [numHeaders]bool
}

// talismanOff is a Talisman keyword argument that switches a protection
// off, or HTTPS forcing when h is numHeaders.
type talismanOff struct {
	h    header
	call model.Ref // the Talisman(...) or init_app(...) call
	kw   parser.NodeID
}

// coverage is everything in the project that sets security headers.
type coverage struct {
	sources []source
	offs    []talismanOff
	unbound []*model.Extension // Talisman objects never applied
	// shadowed are nginx add_header lines that a proxied block does not
	// inherit because it sets headers of its own.
	shadowed []rule.Related
	// otherHooks are hooks that set response headers, none of the four.
	otherHooks []string
}

// sets reports whether any source sets h, and the first that does.
func (c *coverage) sets(h header) (*source, bool) {
	for i := range c.sources {
		if c.sources[i].sets[h] {
			return &c.sources[i], true
		}
	}
	return nil, false
}

// missing returns the protections no source sets.
func (c *coverage) missing() []header {
	var out []header
	for h := range numHeaders {
		if _, ok := c.sets(h); !ok {
			out = append(out, h)
		}
	}
	return out
}

// readCoverage gathers Talisman, after_request hooks and nginx add_header.
func readCoverage(p *model.Project) *coverage {
	c := &coverage{}
	for _, e := range p.Extensions(model.ExtTalisman) {
		if inProduction(e.Ref) {
			c.readTalisman(p, e)
		}
	}
	for _, h := range p.ResponseHooks() {
		if inProduction(h.Site) {
			c.readHook(p, h)
		}
	}
	c.readNginx(p.Deployment())
	return c
}

// talismanKeywords maps the Talisman arguments that switch a protection
// off when false or None.
var talismanKeywords = map[string]header{
	"strict_transport_security": hsts,
	"x_content_type_options":    noSniff,
	"frame_options":             framing,
	"content_security_policy":   csp,
	"force_https":               numHeaders,
}

// readTalisman adds a bound Talisman with its defaults (every protection
// on) less what its arguments switch off, or records it as never applied.
func (c *coverage) readTalisman(p *model.Project, e *model.Extension) {
	var binds []model.Ref
	for _, b := range append(slices.Clone(e.Binds), initAppByText(e)...) {
		if inProduction(b) {
			binds = append(binds, b)
		}
	}
	if len(binds) == 0 {
		c.unbound = append(c.unbound, e)
		return
	}
	s := source{desc: "Flask-Talisman", sets: [numHeaders]bool{true, true, true, true},
		related: rule.At(e.File(), e.Node, "Flask-Talisman sets the headers here")}
	for _, call := range talismanCalls(e, binds) {
		for _, off := range c.switchedOff(p, call) {
			if off.h < numHeaders {
				s.sets[off.h] = false
			}
			c.offs = append(c.offs, off)
		}
	}
	if !s.sets[framing] && s.sets[csp] && talismanFrameAncestors(p, e, binds) {
		s.sets[framing] = true
	}
	c.sources = append(c.sources, s)
}

// initAppByText finds `v.init_app(...)` calls on the extension's variable
// in the module that creates it, as written. The model misses them when
// the variable reuses an imported name, as in `talisman =
// talisman.Talisman()` after `from flask_talisman import talisman`.
func initAppByText(e *model.Extension) []model.Ref {
	if e.Var == "" {
		return nil
	}
	f := e.File()
	var out []model.Ref
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if f.Is(n, "call") && f.Text(f.Field(n, "function")) == e.Var+".init_app" &&
			!slices.ContainsFunc(e.Binds, func(b model.Ref) bool { return b.Node == n }) {
			out = append(out, model.Ref{Module: e.Module, Node: n})
		}
		return true
	})
	return out
}

// talismanCalls returns the constructor and the init_app binds, whose
// keyword arguments configure Talisman.
func talismanCalls(e *model.Extension, binds []model.Ref) []model.Ref {
	out := []model.Ref{e.Ref}
	for _, b := range binds {
		if b.Node != e.Node {
			out = append(out, b)
		}
	}
	return out
}

// switchedOff returns the arguments of one call that switch a protection
// or HTTPS forcing off: a value known to be false, None or empty.
func (c *coverage) switchedOff(p *model.Project, call model.Ref) []talismanOff {
	f := call.File()
	var out []talismanOff
	for _, a := range f.NamedChildren(f.Field(call.Node, "arguments")) {
		if !f.Is(a, "keyword_argument") {
			continue
		}
		h, ok := talismanKeywords[f.Text(f.Field(a, "name"))]
		if !ok {
			continue
		}
		v := f.Field(a, "value")
		if falsy(p, call.Module, v) {
			out = append(out, talismanOff{h: h, call: call, kw: a})
		}
	}
	return out
}

// falsy reports whether an expression is known to be false, None, zero or
// empty (an empty string, dict or list).
func falsy(p *model.Project, m *model.Module, n parser.NodeID) bool {
	f := m.File
	if f.Is(n, "dictionary", "list", "tuple") {
		return len(f.NamedChildren(n)) == 0
	}
	truthy, known := p.ValueOf(m, n).Truth()
	return known && !truthy
}

// talismanFrameAncestors reports whether a content_security_policy
// argument names frame-ancestors, which protects from framing without
// X-Frame-Options.
func talismanFrameAncestors(p *model.Project, e *model.Extension, binds []model.Ref) bool {
	for _, call := range talismanCalls(e, binds) {
		v := model.KeywordArg(call.File(), call.Node, "content_security_policy")
		if v != parser.NoNode && mentionsFrameAncestors(p, call.Module, v) {
			return true
		}
	}
	return false
}

// mentionsFrameAncestors reports whether a value's text, or the text of
// what a name was assigned, holds frame-ancestors.
func mentionsFrameAncestors(p *model.Project, m *model.Module, n parser.NodeID) bool {
	if n == parser.NoNode {
		return false
	}
	if strings.Contains(m.File.Text(n), "frame-ancestors") {
		return true
	}
	if mod, rhs := p.AssignedValue(m, n); rhs != parser.NoNode {
		return strings.Contains(mod.File.Text(rhs), "frame-ancestors")
	}
	return false
}

// readHook adds the headers an after_request hook sets. A blueprint's own
// after_request covers only its views but is counted as covering the app.
func (c *coverage) readHook(p *model.Project, h *model.Hook) {
	s := source{desc: "the " + h.Method + " hook " + h.Function.Name, hook: h.Function.Name,
		related: rule.At(h.Site.File(), h.Site.Node, "%s sets headers here", h.Function.Name)}
	writes := p.HeadersSet(h.Function)
	for _, w := range writes {
		name := strings.ToLower(w.Name)
		switch name {
		case "strict-transport-security":
			s.sets[hsts] = true
		case "x-content-type-options":
			s.sets[noSniff] = true
		case "x-frame-options":
			s.sets[framing] = true
		case "content-security-policy", "content-security-policy-report-only":
			s.sets[csp] = true
			if name == "content-security-policy" && w.Value.Module != nil {
				s.sets[framing] = s.sets[framing] ||
					mentionsFrameAncestors(p, w.Value.Module, w.Value.Node)
			}
		}
	}
	if callsSecureLibrary(p, h.Function) {
		s.sets = [numHeaders]bool{true, true, true, true}
	}
	switch {
	case s.sets != ([numHeaders]bool{}):
		c.sources = append(c.sources, s)
	case len(writes) > 0:
		c.otherHooks = append(c.otherHooks, h.Function.Name)
	}
}

// callsSecureLibrary reports whether a hook hands the response to the
// `secure` package, whose settings the rule does not read: it is trusted
// to set every header.
func callsSecureLibrary(p *model.Project, fn *model.Function) bool {
	f := fn.Module.File
	found := false
	f.Walk(f.Field(fn.Node, "body"), func(n parser.NodeID) bool {
		if f.Is(n, "call") && strings.HasPrefix(p.CalleeName(fn.Module, n), "secure.") {
			found = true
		}
		return !found
	})
	return found
}

// readNginx adds the headers the production nginx files set, with
// add_header or more_set_headers, in the blocks that pass requests to the
// app. nginx inherits them from an outer level only when the block sets
// none itself, so the innermost level that sets any decides; an include
// of a file in the repository is read in place.
func (c *coverage) readNginx(d *model.Deployment) {
	for _, scope := range d.AppScopes() {
		dirs, hidden := nginxHeaders(d, scope)
		if len(dirs) == 0 && !hidden {
			continue
		}
		block := scope.Block()
		s := source{desc: "nginx in " + scope.File.File.Path,
			related: rule.AtLine(scope.File.File, block.Line, "nginx sets headers here")}
		for _, dir := range dirs {
			markNginxHeader(&s, dir)
		}
		if hidden {
			s.sets = [numHeaders]bool{true, true, true, true}
		}
		if s.sets != ([numHeaders]bool{}) {
			c.sources = append(c.sources, s)
		} else {
			c.shadowed = append(c.shadowed, shadowedHeaders(scope)...)
		}
	}
}

// shadowedHeaders points at security add_header lines of the levels
// around a block that sets other headers itself, which nginx therefore
// does not apply to it.
func shadowedHeaders(scope model.NginxScope) []rule.Related {
	var out []rule.Related
	levels := [][]*deployfile.Directive{scope.File.Conf.Directives}
	for _, b := range scope.Chain[:len(scope.Chain)-1] {
		levels = append(levels, b.Children)
	}
	for _, level := range levels {
		for _, dir := range level {
			var probe source
			if dir.Name == "add_header" {
				markNginxHeader(&probe, dir)
			}
			if probe.sets != ([numHeaders]bool{}) {
				out = append(out, rule.AtLine(scope.File.File, dir.Line, "this add_header does "+
					"not reach the block at line %d, which sets headers of its own",
					scope.Block().Line))
			}
		}
	}
	return out
}

// nginxHeaders returns the header directives in effect in a scope, and
// whether an include the repository does not hold, named for headers or
// security, may set more.
func nginxHeaders(d *model.Deployment, scope model.NginxScope) ([]*deployfile.Directive, bool) {
	levels := [][]*deployfile.Directive{scope.File.Conf.Directives}
	for _, b := range scope.Chain {
		levels = append(levels, b.Children)
	}
	for i := len(levels) - 1; i >= 0; i-- {
		var found []*deployfile.Directive
		hidden := false
		for _, dir := range expandIncludes(d, levels[i]) {
			switch {
			case dir.Name == "add_header" || dir.Name == "more_set_headers":
				found = append(found, dir)
			case dir.Name == "include" && len(dir.Args) > 0 && namedForHeaders(dir.Args[0]):
				hidden = true
			}
		}
		if len(found) > 0 || hidden {
			return found, hidden
		}
	}
	return nil, false
}

// expandIncludes replaces each include of a file the repository holds by
// that file's top-level directives; unresolved includes stay.
func expandIncludes(d *model.Deployment, level []*deployfile.Directive) []*deployfile.Directive {
	var out []*deployfile.Directive
	for _, dir := range level {
		if dir.Name != "include" || len(dir.Args) == 0 {
			out = append(out, dir)
			continue
		}
		if nf := includedFile(d, dir.Args[0]); nf != nil {
			out = append(out, nf.Conf.Directives...)
			continue
		}
		out = append(out, dir)
	}
	return out
}

// includedFile finds the nginx file an include names, by base name.
func includedFile(d *model.Deployment, name string) *model.NginxFile {
	base := path.Base(name)
	for _, nf := range d.Nginx {
		if path.Base(nf.File.Path) == base && !strings.Contains(base, "*") {
			return nf
		}
	}
	return nil
}

// namedForHeaders reports whether an include's name says it sets headers.
func namedForHeaders(name string) bool {
	name = strings.ToLower(path.Base(name))
	return strings.Contains(name, "header") || strings.Contains(name, "security")
}

// markNginxHeader records the protection one add_header or
// more_set_headers directive gives.
func markNginxHeader(s *source, dir *deployfile.Directive) {
	if len(dir.Args) == 0 {
		return
	}
	name, value := dir.Args[0], strings.Join(dir.Args[1:], " ")
	if dir.Name == "more_set_headers" {
		name, value, _ = strings.Cut(dir.Args[0], ":")
	}
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "strict-transport-security":
		s.sets[hsts] = true
	case "x-content-type-options":
		s.sets[noSniff] = true
	case "x-frame-options":
		s.sets[framing] = true
	case "content-security-policy":
		s.sets[csp] = true
		s.sets[framing] = s.sets[framing] || strings.Contains(value, "frame-ancestors")
	case "content-security-policy-report-only":
		s.sets[csp] = true
	}
}
