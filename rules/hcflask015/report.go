package hcflask015

import (
	"bytes"
	"fmt"
	"go/token"
	"regexp"
	"slices"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// mainApp returns the app the finding points at: the one the production
// server is told to load, else the one a factory builds for wsgi.py, else
// a module-level `app`, else the first. Test apps are never chosen. One
// finding per project is enough: ProxyFix is set up once per deployment,
// and the code that reads the headers usually sits in blueprints shared by
// every app.
func mainApp(p *model.Project, d *model.Deployment) *model.App {
	var apps []*model.App
	for _, a := range p.Apps {
		if !isTestPath(a.File().Path) {
			apps = append(apps, a)
		}
	}
	if len(apps) == 0 {
		return nil
	}

	for _, target := range servedTargets(d) {
		if a := appForTarget(p, apps, target); a != nil {
			return a
		}
	}
	return preferredApp(p, apps)
}

// servedTargets lists what the production servers load, as module:name:
// from their command lines, then from uwsgi's module setting and
// gunicorn's wsgi_app setting.
func servedTargets(d *model.Deployment) []string {
	var out []string
	for _, pr := range d.ProductionProcesses() {
		out = append(out, pr.Info.Target)
	}
	for _, sc := range d.ServerConfigs {
		for _, key := range []string{"module", "wsgi-file", "wsgi_app"} {
			if s, ok := sc.Settings[key]; ok && !sc.Dev {
				out = append(out, strings.Trim(s.Value, `"'`))
			}
		}
	}
	return out
}

// appForTarget resolves a server target such as "wsgi:app",
// "shop:create_app()" or "app/wsgi.py" to one of the apps. A target
// without a name loads "application", as gunicorn and uwsgi do.
func appForTarget(p *model.Project, apps []*model.App, target string) *model.App {
	if target == "" {
		return nil
	}
	mod, name, found := strings.Cut(target, ":")
	if !found {
		name = "application"
	}
	name, _, _ = strings.Cut(name, "(")
	mod = strings.TrimSuffix(strings.TrimPrefix(mod, "./"), ".py")
	m := p.ModuleByName(strings.ReplaceAll(mod, "/", "."))
	if m == nil {
		return nil
	}
	return appNamed(p, apps, m, strings.TrimSpace(name), 0)
}

// maxTargetHops bounds how far a target is followed through imports.
const maxTargetHops = 4

// appNamed finds the app a module-level name of m stands for: the app
// itself, the factory that builds it, a variable assigned a factory's
// result, or a name imported from another module.
func appNamed(p *model.Project, apps []*model.App, m *model.Module, name string,
	hops int) *model.App {
	for _, a := range apps {
		if a.Factory == nil && a.Module == m && a.Var == name {
			return a
		}
		if a.Factory != nil && a.Factory.Module == m && a.Factory.Name == name {
			return a
		}
	}
	if hops >= maxTargetHops {
		return nil
	}

	f := m.File
	if def, ok := m.Defs[name]; ok && f.Is(def, "assignment") {
		if right := f.Field(def, "right"); f.Is(right, "call") {
			return factoryApp(apps, p.CalleeName(m, right))
		}
	}
	if q, ok := m.Imports[name]; ok {
		if i := strings.LastIndexByte(q, '.'); i > 0 {
			if next := p.ModuleByName(q[:i]); next != nil {
				return appNamed(p, apps, next, q[i+1:], hops+1)
			}
		}
	}
	return nil
}

// factoryApp returns the app built by the factory with this qualified
// name, or nil.
func factoryApp(apps []*model.App, q string) *model.App {
	for _, a := range apps {
		if a.Factory != nil && qualify(a.Factory.Module, a.Factory.Name) == q {
			return a
		}
	}
	return nil
}

// preferredApp picks the main app without a server target: the app of a
// factory the project calls, else a module-level app or application, else
// the first app.
func preferredApp(p *model.Project, apps []*model.App) *model.App {
	called := map[string]bool{}
	for _, call := range p.FactoryCalls {
		called[p.CalleeName(call.Module, call.Node)] = true
	}
	for _, a := range apps {
		if a.Factory != nil && called[qualify(a.Factory.Module, a.Factory.Name)] {
			return a
		}
	}
	for _, a := range apps {
		if a.Factory == nil && (a.Var == "app" || a.Var == "application") {
			return a
		}
	}
	return apps[0]
}

// appVarRE matches an app variable usable in the suggested fix.
var appVarRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// appName is how the message names the app.
func appName(a *model.App) string {
	if appVarRE.MatchString(a.Var) {
		return a.Var
	}
	return "app"
}

// maxListed is how many dependencies the message names.
const maxListed = 3

// message says what runs behind which proxy, what reads the headers, what
// goes wrong and how to fix it.
func message(a *model.App, ev *model.Evidence, deps []dependency) string {
	var missing need
	var whats []string
	for _, dep := range deps {
		missing |= dep.need
		if !slices.Contains(whats, dep.what) {
			whats = append(whats, dep.what)
		}
	}
	listed := listNames(whats)

	name := appName(a)
	return fmt.Sprintf("%s runs behind a proxy (%s) and relies on %s, but no ProxyFix wraps "+
		"%s.wsgi_app, so %s; add %s.wsgi_app = ProxyFix(%s.wsgi_app, %s) "+
		"with each count set to the number of proxies in front of the app",
		name, ev.Desc, listed, name, consequence(missing), name, name, fixArgs(missing))
}

// listNames joins names as prose: "a", "a and b", "a, b and c", and
// "a, b, c and 2 more" beyond maxListed.
func listNames(names []string) string {
	shown := names[:min(len(names), maxListed)]
	if rest := len(names) - len(shown); rest > 0 {
		return strings.Join(shown, ", ") + fmt.Sprintf(" and %d more", rest)
	}
	if len(shown) == 1 {
		return shown[0]
	}
	return strings.Join(shown[:len(shown)-1], ", ") + " and " + shown[len(shown)-1]
}

// consequence says what the app sees wrongly.
func consequence(missing need) string {
	switch missing {
	case needAddress:
		return "it sees the proxy's address instead of the client's"
	case needScheme:
		return "it sees http where the client used https"
	}
	return "it sees the proxy's address and http instead of the client's address and https"
}

// fixArgs are the ProxyFix arguments for what is missing.
func fixArgs(missing need) string {
	switch missing {
	case needAddress:
		return "x_for=1"
	case needScheme:
		return "x_proto=1"
	}
	return "x_for=1, x_proto=1"
}

// related points at the deployment evidence, the first dependency, and any
// nginx proxy_pass that does not send a header the fix would need.
func related(d *model.Deployment, ev *model.Evidence, deps []dependency) []rule.Related {
	out := []rule.Related{evidenceAt(ev, "deployed behind a proxy: %s", ev.Desc)}
	first := deps[0]
	out = append(out, rule.At(first.File(), first.Node,
		"%s depends on the client's %s", first.what, needNoun(first.need)))

	var missing need
	for _, dep := range deps {
		missing |= dep.need
	}
	for _, px := range d.HTTPProxies() {
		if px.Software != "nginx" || !px.HeadersKnown {
			continue
		}
		if missing&needScheme != 0 && !px.SetsProto {
			out = append(out, rule.AtLine(px.File, px.Line, "this proxy_pass does not send "+
				"X-Forwarded-Proto: add proxy_set_header X-Forwarded-Proto $scheme"))
		}
		if missing&needAddress != 0 && !px.SetsFor {
			out = append(out, rule.AtLine(px.File, px.Line, "this proxy_pass does not send "+
				"X-Forwarded-For: add proxy_set_header X-Forwarded-For "+
				"$proxy_add_x_forwarded_for"))
		}
	}
	return out
}

// needNoun names what a dependency needs.
func needNoun(n need) string {
	if n == needAddress {
		return "address"
	}
	return "scheme"
}

// evidenceAt is a related location at a piece of deployment evidence, in a
// deployment file or a Python configuration module.
func evidenceAt(ev *model.Evidence, format string, args ...any) rule.Related {
	if ev.File != nil {
		return rule.AtLine(ev.File, ev.Line, format, args...)
	}
	f := ev.Python
	return rule.Related{
		Pos:     token.Pos(f.Base + lineOffset(f, ev.Line)),
		Message: fmt.Sprintf(format, args...),
	}
}

// lineOffset is the byte offset of the start of a 1-based line.
func lineOffset(f *parser.File, line int) int {
	off := 0
	for i := 1; i < line; i++ {
		next := bytes.IndexByte(f.Src[off:], '\n')
		if next < 0 {
			break
		}
		off += next + 1
	}
	return off
}
