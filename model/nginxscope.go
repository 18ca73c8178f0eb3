package model

import (
	"slices"

	"github.com/flasklint/flasklint/parser/deployfile"
)

// NginxScope is a block of an nginx file with the blocks around it: a
// location that passes requests to the app, or a server block.
type NginxScope struct {
	File *NginxFile
	// Chain is the enclosing block directives, outermost first (http,
	// server, location, ...); the last one is the block itself.
	Chain []*deployfile.Directive
}

// Block is the innermost block directive of the scope.
func (s NginxScope) Block() *deployfile.Directive {
	return s.Chain[len(s.Chain)-1]
}

// Inherited returns the directives named name that apply inside the
// scope's block, under nginx's rule for directives that may be repeated
// (add_header, limit_req, proxy_set_header): a block inherits them from
// the level around it only when it sets none of them itself, so the
// innermost level that sets any decides.
func (s NginxScope) Inherited(name string) []*deployfile.Directive {
	levels := [][]*deployfile.Directive{s.File.Conf.Directives}
	for _, b := range s.Chain {
		levels = append(levels, b.Children)
	}
	for i := len(levels) - 1; i >= 0; i-- {
		var found []*deployfile.Directive
		for _, d := range levels[i] {
			if d.Name == name {
				found = append(found, d)
			}
		}
		if len(found) > 0 {
			return found
		}
	}
	return nil
}

// AppScopes returns the blocks of the production nginx files that pass
// requests to an app (proxy_pass or uwsgi_pass), each the block that holds
// the pass directive. Files named for development are left out.
func (d *Deployment) AppScopes() []NginxScope {
	var out []NginxScope
	for _, nf := range d.Nginx {
		if nf.Dev {
			continue
		}
		nf.Conf.Walk(func(dir *deployfile.Directive, parents []*deployfile.Directive) {
			if (dir.Name == "proxy_pass" || dir.Name == "uwsgi_pass") && len(parents) > 0 {
				out = append(out, NginxScope{File: nf, Chain: slices.Clone(parents)})
			}
		})
	}
	return out
}
