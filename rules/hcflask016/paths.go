package hcflask016

import (
	"regexp"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// uploadPaths returns the URL paths of the views that read request.files,
// as a client requests them, and whether some upload is reached through a
// path the model cannot spell: a helper that is not a view, a view
// registered with add_url_rule, a rule or blueprint prefix that is not a
// literal.
func uploadPaths(p *model.Project, uploads []model.Ref) (paths []string, unknown bool) {
	var prefixes map[*model.Blueprint][]string
	seen := map[string]bool{}
	for _, u := range uploads {
		def := u.File().Enclosing(u.Node, "function_definition")
		routes := routesOf(p, u.Module, def)
		if len(routes) == 0 {
			unknown = true
			continue
		}
		for _, r := range routes {
			if r.Blueprint != nil && prefixes == nil {
				prefixes = blueprintPrefixes(p)
			}
			full, ok := routePaths(r, prefixes)
			unknown = unknown || !ok
			for _, path := range full {
				if !seen[path] {
					seen[path] = true
					paths = append(paths, path)
				}
			}
		}
	}
	return paths, unknown
}

// routesOf returns the routes whose view is the given def.
func routesOf(p *model.Project, m *model.Module, def parser.NodeID) []*model.Route {
	var out []*model.Route
	for _, r := range p.Routes {
		if r.Module == m && r.View == def {
			out = append(out, r)
		}
	}
	return out
}

// routePaths spells a route's URL paths: its rule behind the prefixes its
// blueprint is registered with. ok is false when a part is not known.
func routePaths(r *model.Route, prefixes map[*model.Blueprint][]string) ([]string, bool) {
	if r.Rule == "" || (r.App == nil && r.Blueprint == nil) {
		return nil, false
	}
	if r.App != nil {
		return []string{samplePath(r.Rule)}, true
	}
	list, ok := prefixes[r.Blueprint]
	if !ok {
		return nil, false
	}
	var out []string
	for _, prefix := range list {
		out = append(out, samplePath(joinRule(prefix, r.Rule)))
	}
	return out, true
}

// joinRule joins a blueprint prefix and a rule the way Flask does.
func joinRule(prefix, rule string) string {
	if prefix == "" {
		return rule
	}
	return strings.TrimRight(prefix, "/") + "/" + strings.TrimLeft(rule, "/")
}

// converterRE matches a URL rule variable such as <int:id>.
var converterRE = regexp.MustCompile(`<[^>]*>`)

// samplePath turns a rule into a path a client could request, with a
// sample value for each variable, so that nginx locations can be matched
// against it.
func samplePath(rule string) string {
	return converterRE.ReplaceAllString(rule, "1")
}

// blueprintPrefixes returns, for each blueprint whose URL prefix the model
// can read, the prefixes it is served under: those of its
// register_blueprint calls, or else its own url_prefix argument. A
// blueprint with a prefix that is not a literal, or nested in another
// blueprint, is left out.
func blueprintPrefixes(p *model.Project) map[*model.Blueprint][]string {
	own := map[*model.Blueprint][]string{}
	for _, bp := range p.Blueprints {
		if prefix, ok := literalKeyword(bp.File(), bp.Node, "url_prefix"); ok {
			own[bp] = []string{prefix}
		}
	}
	registered := map[*model.Blueprint][]string{}
	broken := map[*model.Blueprint]bool{}
	for _, m := range p.Modules {
		if m.IsTestFile() {
			continue
		}
		registrations(p, m, own, registered, broken)
	}
	for bp, list := range registered {
		own[bp] = list
	}
	for bp := range broken {
		delete(own, bp)
	}
	return own
}

// registrations reads the register_blueprint calls of one module.
func registrations(p *model.Project, m *model.Module, own, registered map[*model.Blueprint][]string,
	broken map[*model.Blueprint]bool) {
	f := m.File
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if !f.Is(n, "call") {
			return true
		}
		fn := f.Field(n, "function")
		args := model.PositionalArgs(f, n)
		if !f.Is(fn, "attribute") || f.Text(f.Field(fn, "attribute")) != "register_blueprint" ||
			len(args) == 0 {
			return true
		}
		_, bp := p.AppOrBlueprint(m, args[0])
		if bp == nil {
			return true
		}
		if _, parent := p.AppOrBlueprint(m, f.Field(fn, "object")); parent != nil {
			broken[bp] = true // nested blueprints add the parent's prefix
			return true
		}
		prefix, ok := literalKeyword(f, n, "url_prefix")
		switch {
		case ok:
			registered[bp] = append(registered[bp], prefix)
		case model.KeywordArg(f, n, "url_prefix") != parser.NoNode:
			broken[bp] = true
		default:
			registered[bp] = append(registered[bp], firstOr(own[bp], ""))
		}
		return true
	})
}

// literalKeyword returns a call's keyword argument when it is a plain
// string literal.
func literalKeyword(f *parser.File, call parser.NodeID, name string) (string, bool) {
	return f.StringValue(model.KeywordArg(f, call, name))
}

// firstOr returns the first element of list, or def when it is empty.
func firstOr(list []string, def string) string {
	if len(list) > 0 {
		return list[0]
	}
	return def
}
