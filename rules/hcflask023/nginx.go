package hcflask023

import (
	"regexp"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/parser/deployfile"
)

// nginxLimit is a limit_req that applies to a request path.
type nginxLimit struct {
	file *model.NginxFile
	dir  *deployfile.Directive
}

// limitReqFor returns the limit_req that nginx applies to a request for
// path in some production server block that passes it to the app, or nil.
// nginx picks one location per request (an exact match, else the longest
// prefix unless a regex location matches first); limit_req is inherited
// from the server and http levels only when that location sets none.
func limitReqFor(d *model.Deployment, path string) *nginxLimit {
	for _, nf := range d.Nginx {
		if nf.Dev {
			continue
		}
		var found *nginxLimit
		nf.Conf.Walk(func(dir *deployfile.Directive, parents []*deployfile.Directive) {
			if found != nil || dir.Name != "server" || !dir.Block {
				return
			}
			chain := append(append([]*deployfile.Directive{}, parents...), dir)
			if loc := selectLocation(dir, path); loc != nil {
				chain = append(chain, loc)
			}
			if !passesToApp(chain[len(chain)-1]) {
				return
			}
			scope := model.NginxScope{File: nf, Chain: chain}
			if lr := scope.Inherited("limit_req"); len(lr) > 0 {
				found = &nginxLimit{file: nf, dir: lr[0]}
			}
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// passesToApp reports whether a block hands requests to an app server.
func passesToApp(block *deployfile.Directive) bool {
	for _, c := range block.Children {
		if c.Name == "proxy_pass" || c.Name == "uwsgi_pass" {
			return true
		}
	}
	return false
}

// selectLocation returns the location block of a server that nginx uses
// for path, or nil when none matches. Nested locations are not followed.
func selectLocation(server *deployfile.Directive, path string) *deployfile.Directive {
	var prefix *deployfile.Directive
	longest, stopRegex := -1, false
	var regexes []*deployfile.Directive
	for _, loc := range server.Children {
		if loc.Name != "location" || len(loc.Args) == 0 {
			continue
		}
		mod, pattern := "", loc.Args[0]
		if len(loc.Args) > 1 {
			mod, pattern = loc.Args[0], loc.Args[1]
		}
		switch mod {
		case "=":
			if path == pattern {
				return loc
			}
		case "~", "~*":
			regexes = append(regexes, loc)
		case "", "^~":
			if strings.HasPrefix(path, pattern) && len(pattern) > longest {
				prefix, longest, stopRegex = loc, len(pattern), mod == "^~"
			}
		}
	}
	if !stopRegex {
		for _, loc := range regexes {
			if locationRegexMatches(loc, path) {
				return loc
			}
		}
	}
	return prefix
}

// locationRegexMatches applies a `location ~` or `location ~*` pattern.
// A PCRE pattern that Go's regexp cannot compile matches nothing.
func locationRegexMatches(loc *deployfile.Directive, path string) bool {
	pattern := loc.Args[1]
	if loc.Args[0] == "~*" {
		pattern = "(?i)" + pattern
	}
	re, err := regexp.Compile(pattern)
	return err == nil && re.MatchString(path)
}

// converterRE matches a URL rule's variable parts, `<int:id>`.
var converterRE = regexp.MustCompile(`<[^>]*>`)

// requestPath turns a view's full URL rule into a path a request would
// have: variable parts become "x".
func requestPath(rule string) string {
	return converterRE.ReplaceAllString(rule, "x")
}

// fullRule returns a view's URL rule under its blueprint's prefix, or ""
// when the rule is not a literal.
func fullRule(r *model.Route, prefixes map[*model.Blueprint]string) string {
	if r.Rule == "" || r.Blueprint == nil {
		return r.Rule
	}
	return strings.TrimSuffix(prefixes[r.Blueprint], "/") + r.Rule
}

// blueprintPrefixes returns each blueprint's URL prefix: the url_prefix of
// a register_blueprint call that registers it, else of its constructor.
func blueprintPrefixes(p *model.Project) map[*model.Blueprint]string {
	out := map[*model.Blueprint]string{}
	for _, bp := range p.Blueprints {
		f := bp.File()
		out[bp], _ = f.StringValue(model.KeywordArg(f, bp.Node, "url_prefix"))
	}
	for _, m := range p.Modules {
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if !f.Is(n, "call") {
				return true
			}
			fn := f.Field(n, "function")
			args := model.PositionalArgs(f, n)
			if !f.Is(fn, "attribute") || len(args) == 0 ||
				f.Text(f.Field(fn, "attribute")) != "register_blueprint" {
				return true
			}
			prefix, ok := f.StringValue(model.KeywordArg(f, n, "url_prefix"))
			if _, bp := p.AppOrBlueprint(m, args[0]); bp != nil && ok {
				out[bp] = prefix
			}
			return true
		})
	}
	return out
}
