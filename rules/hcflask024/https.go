package hcflask024

import (
	"regexp"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/parser/deployfile"
)

// httpsForcedElsewhere reports whether something other than Talisman
// sends plain HTTP requests to HTTPS: an nginx server that redirects to
// https://, Flask-SSLify, a before_request hook that redirects to https,
// fly.io's force_https or App Engine's `secure: always`.
func httpsForcedElsewhere(p *model.Project) bool {
	return nginxRedirectsToHTTPS(p.Deployment()) || platformForcesHTTPS(p.Source.Other) ||
		len(productionCalls(p, "flask_sslify.SSLify")) > 0 || beforeRequestRedirects(p)
}

// nginxRedirectsToHTTPS finds `return 301 https://...` or a rewrite to
// https:// in a production nginx file.
func nginxRedirectsToHTTPS(d *model.Deployment) bool {
	found := false
	for _, nf := range d.Nginx {
		if nf.Dev {
			continue
		}
		nf.Conf.Walk(func(dir *deployfile.Directive, _ []*deployfile.Directive) {
			if dir.Name != "return" && dir.Name != "rewrite" {
				return
			}
			for _, a := range dir.Args {
				found = found || strings.HasPrefix(a, "https://")
			}
		})
	}
	return found
}

// Platform settings that redirect HTTP to HTTPS before the app sees it.
var (
	flyForceHTTPSRE    = regexp.MustCompile(`(?m)^\s*force_https\s*=\s*true`)
	appEngineSecureRE  = regexp.MustCompile(`(?m)^\s*secure:\s*always`)
	platformHTTPSFiles = map[string]*regexp.Regexp{
		"fly.toml": flyForceHTTPSRE, "app.yaml": appEngineSecureRE,
	}
)

// platformForcesHTTPS reads fly.toml and App Engine's app.yaml.
func platformForcesHTTPS(files []*parser.OtherFile) bool {
	for _, o := range files {
		base := o.Path[strings.LastIndexByte(o.Path, '/')+1:]
		if re, ok := platformHTTPSFiles[base]; ok && re.Match(o.Src) {
			return true
		}
	}
	return false
}

// productionCalls returns the calls of a name outside tests and
// development branches.
func productionCalls(p *model.Project, name string) []model.Ref {
	var out []model.Ref
	for _, c := range p.Calls(name) {
		if inProduction(c) {
			out = append(out, c)
		}
	}
	return out
}

// beforeRequestRedirects finds a before_request hook that redirects to an
// https:// URL, the hand-written form of force_https.
func beforeRequestRedirects(p *model.Project) bool {
	for _, m := range p.Modules {
		if m.IsTestFile() {
			continue
		}
		f := m.File
		found := false
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if found {
				return false
			}
			if f.Is(n, "decorated_definition") && hasDecorator(f, n, "before_request") {
				body := f.Text(f.Field(f.Field(n, "definition"), "body"))
				found = strings.Contains(body, "redirect(") && strings.Contains(body, "https")
				return false
			}
			return true
		})
		if found {
			return true
		}
	}
	return false
}

// hasDecorator reports whether a decorated definition has a decorator
// whose text holds word.
func hasDecorator(f *parser.File, decorated parser.NodeID, word string) bool {
	for _, d := range f.NamedChildren(decorated) {
		if f.Is(d, "decorator") && strings.Contains(f.Text(d), word) {
			return true
		}
	}
	return false
}
