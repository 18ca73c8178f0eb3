package hcflask016

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/parser/deployfile"
	"github.com/flasklint/flasklint/rules/rule"
)

// nginxDefault is client_max_body_size when nothing sets it: 1m.
const nginxDefault = 1 << 20

// appLimit is the largest MAX_CONTENT_LENGTH production may run with, in
// bytes, and the setting that gives it.
type appLimit struct {
	bytes   int64
	setting model.Setting
}

// productionLimit evaluates the production values of MAX_CONTENT_LENGTH
// and returns the largest; ok is false when none can be evaluated.
func productionLimit(p *model.Project) (appLimit, bool) {
	s := newSizer(p)
	var best appLimit
	found := false
	for _, st := range p.Config().ProductionSettings(key) {
		b, ok := s.bytes(st.Module, st.Value.Node, 0)
		if ok && b > 0 && (!found || b > best.bytes) {
			best, found = appLimit{bytes: b, setting: st}, true
		}
	}
	return best, found
}

// proxyCheck holds what the nginx check needs while it runs.
type proxyCheck struct {
	pass     *rule.Pass
	limit    appLimit
	included *limitSource // http-level limit of the main nginx.conf, if any
	reported map[string]bool
}

// limitSource is the client_max_body_size directive that applies, or nil
// for nginx's default.
type limitSource struct {
	file *model.NginxFile
	dir  *deployfile.Directive
}

// checkProxyLimit reports client_max_body_size values, or nginx's 1m
// default, below the app's MAX_CONTENT_LENGTH on the nginx locations that
// pass uploads to the app.
func checkProxyLimit(pass *rule.Pass, uploads []model.Ref) {
	p := pass.Project
	scopes := appScopes(p.Deployment())
	if len(scopes) == 0 {
		return
	}
	limit, ok := productionLimit(p)
	if !ok {
		return
	}

	c := &proxyCheck{pass: pass, limit: limit, reported: map[string]bool{},
		included: includedLimit(p.Deployment())}
	paths, unknown := uploadPaths(p, uploads)
	for _, group := range byServer(scopes) {
		c.checkServer(group, paths, unknown)
	}
}

// appScopes returns the nginx blocks that pass requests to the app,
// leaving out those that pass to another service of the repository.
func appScopes(d *model.Deployment) []model.NginxScope {
	listen := listenAddrs(d)
	var out []model.NginxScope
	for _, sc := range d.AppScopes() {
		if !otherService(sc, listen) {
			out = append(out, sc)
		}
	}
	return out
}

// checkServer checks the locations of one server block that carry
// uploads: the one nginx picks for each upload path, and, when some upload
// path is not known or the server rewrites paths, every location that
// passes to the app, but only if all of them are too small.
func (c *proxyCheck) checkServer(group []model.NginxScope, paths []string, unknown bool) {
	if rewrites(group) {
		unknown, paths = true, nil
	}
	for _, path := range paths {
		sc, sure := pick(group, path)
		if !sure {
			unknown = true
		} else if sc != nil {
			c.check(*sc)
		}
	}
	if !unknown {
		return
	}
	for _, sc := range group {
		if !c.tooSmall(sc) {
			return // the upload may go through a location that lets it pass
		}
	}
	for _, sc := range group {
		c.check(sc)
	}
}

// tooSmall reports whether the limit that applies in a scope is below the
// app's.
func (c *proxyCheck) tooSmall(sc model.NginxScope) bool {
	b, _ := c.effective(sc)
	return b != 0 && b < c.limit.bytes
}

// check reports the scope when its limit is below the app's, once per
// directive (or per server block for nginx's default).
func (c *proxyCheck) check(sc model.NginxScope) {
	b, src := c.effective(sc)
	if b == 0 || b >= c.limit.bytes {
		return // 0 switches nginx's check off
	}
	app := formatSize(c.limit.bytes)
	related := rule.At(c.limit.setting.Module.File, c.limit.setting.Node,
		"%s is %s here (%s)", key, app, settingOwner(c.limit.setting))
	if src != nil {
		c.report(src.file.File, src.dir.Line, fmt.Sprintf(
			"client_max_body_size %s is below the app's %s of %s, so uploads larger than %s "+
				"fail with 413 at nginx before they reach the app; raise client_max_body_size "+
				"to %s or lower %s to match", src.dir.Args[0], key, app, formatSize(b),
			nginxSpelling(c.limit.bytes), key), related)
		return
	}
	c.report(sc.File.File, defaultSite(sc).Line, fmt.Sprintf(
		"this block passes uploads to the app without a client_max_body_size, so nginx's "+
			"default of 1m applies, below the app's %s of %s, and larger uploads fail with "+
			"413 at nginx; set client_max_body_size %s", key, app,
		nginxSpelling(c.limit.bytes)), related)
}

// report reports a line once.
func (c *proxyCheck) report(o *parser.OtherFile, line int, msg string, related rule.Related) {
	at := fmt.Sprintf("%s:%d", o.Path, line)
	if c.reported[at] {
		return
	}
	c.reported[at] = true
	c.pass.ReportLine(o, line, msg, related)
}

// effective returns the client_max_body_size that applies in a scope in
// bytes, and its directive: the innermost level that sets it, else the
// http block of the main nginx.conf that includes the file, else nil for
// nginx's default.
func (c *proxyCheck) effective(sc model.NginxScope) (int64, *limitSource) {
	found := sc.Inherited("client_max_body_size")
	if len(found) > 0 {
		d := found[len(found)-1]
		if b, ok := argSize(d); ok {
			return b, &limitSource{file: sc.File, dir: d}
		}
		return 0, nil // not a size nginx accepts: leave it alone
	}
	if c.included != nil && !hasBlock(sc, "http") {
		b, _ := argSize(c.included.dir)
		return b, c.included
	}
	return nginxDefault, nil
}

// argSize reads a client_max_body_size directive's size.
func argSize(d *deployfile.Directive) (int64, bool) {
	if len(d.Args) != 1 {
		return 0, false
	}
	return nginxSize(d.Args[0])
}

// includedLimit returns the client_max_body_size of an http block that
// includes other files, as the main nginx.conf does for conf.d/*.conf: it
// applies to the server blocks of those files. With several, the largest
// is taken, so that a doubt never produces a finding.
func includedLimit(d *model.Deployment) *limitSource {
	var best *limitSource
	var bestSize int64
	for _, nf := range d.Nginx {
		if nf.Dev {
			continue
		}
		for _, top := range nf.Conf.Directives {
			if top.Name != "http" || !hasChild(top, "include") {
				continue
			}
			for _, dir := range top.Children {
				if dir.Name != "client_max_body_size" {
					continue
				}
				if b, ok := argSize(dir); ok && (best == nil || larger(b, bestSize)) {
					best, bestSize = &limitSource{file: nf, dir: dir}, b
				}
			}
		}
	}
	return best
}

// larger compares two client_max_body_size values, where 0 means no limit.
func larger(a, b int64) bool {
	return b != 0 && (a == 0 || a > b)
}

// hasChild reports whether a block holds a directive named name.
func hasChild(d *deployfile.Directive, name string) bool {
	for _, c := range d.Children {
		if c.Name == name {
			return true
		}
	}
	return false
}

// hasBlock reports whether a scope lies inside a block named name.
func hasBlock(sc model.NginxScope, name string) bool {
	for _, b := range sc.Chain {
		if b.Name == name {
			return true
		}
	}
	return false
}

// defaultSite is where a missing client_max_body_size is reported: the
// server block, where it is usually added, else the scope's block.
func defaultSite(sc model.NginxScope) *deployfile.Directive {
	if s := serverOf(sc); s != nil {
		return s
	}
	return sc.Block()
}

// serverOf returns the server block around a scope, or nil.
func serverOf(sc model.NginxScope) *deployfile.Directive {
	for i := len(sc.Chain) - 1; i >= 0; i-- {
		if sc.Chain[i].Name == "server" {
			return sc.Chain[i]
		}
	}
	return nil
}

// byServer groups scopes by the server block around them, in order.
func byServer(scopes []model.NginxScope) [][]model.NginxScope {
	var out [][]model.NginxScope
	index := map[*deployfile.Directive]int{}
	for _, sc := range scopes {
		s := serverOf(sc)
		if s == nil {
			out = append(out, []model.NginxScope{sc})
			continue
		}
		if i, ok := index[s]; ok {
			out[i] = append(out[i], sc)
			continue
		}
		index[s] = len(out)
		out = append(out, []model.NginxScope{sc})
	}
	return out
}

// rewrites reports whether a server changes the path on the way to the
// app (a rewrite, or a proxy_pass with a URI other than its location's
// prefix), so that Flask's paths cannot be matched against the locations.
func rewrites(group []model.NginxScope) bool {
	for _, sc := range group {
		for _, b := range sc.Chain {
			if hasChild(b, "rewrite") {
				return true
			}
		}
		for _, d := range sc.Block().Children {
			if d.Name == "proxy_pass" && len(d.Args) == 1 && !sameURI(d.Args[0], sc) {
				return true
			}
		}
	}
	return false
}

// sameURI reports whether a proxy_pass target leaves the request path as
// it is: it names no URI, or the location's own prefix.
func sameURI(target string, sc model.NginxScope) bool {
	if strings.Contains(target, "$") {
		return false
	}
	_, rest, _ := strings.Cut(target, "://")
	if socket, ok := strings.CutPrefix(rest, "unix:"); ok {
		// http://unix:/run/app.sock:/uri names the URI after the socket path
		_, uri, hasURI := strings.Cut(socket, ":")
		rest = "socket"
		if hasURI {
			rest += uri
		}
	}
	_, uri, hasURI := strings.Cut(rest, "/")
	if !hasURI {
		return true
	}
	loc := locationOf(sc)
	return loc != nil && len(loc.Args) == 1 && "/"+uri == loc.Args[0]
}

// locationOf returns the innermost location around a scope, or nil.
func locationOf(sc model.NginxScope) *deployfile.Directive {
	for i := len(sc.Chain) - 1; i >= 0; i-- {
		if sc.Chain[i].Name == "location" {
			return sc.Chain[i]
		}
	}
	return nil
}

// pick returns the scope of a server that nginx would pass a request for
// path through, nil when the location it picks does not pass to the app,
// and sure=false when a location pattern cannot be evaluated.
func pick(group []model.NginxScope, path string) (sc *model.NginxScope, sure bool) {
	server := serverOf(group[0])
	if server == nil {
		return nil, false
	}
	loc, sure := selectLocation(server.Children, path)
	for loc != nil && sure {
		inner, ok := selectLocation(loc.Children, path)
		if inner == nil || !ok {
			sure = ok
			break
		}
		loc = inner
	}
	if !sure || loc == nil {
		return nil, sure
	}
	for i := range group {
		if locationOf(group[i]) == loc {
			return &group[i], true
		}
	}
	return nil, true
}

// selectLocation applies nginx's choice among the location blocks of one
// level: an exact match; else the longest prefix, if it is marked ^~;
// else the first regular expression that matches; else the longest
// prefix.
func selectLocation(ds []*deployfile.Directive, path string) (*deployfile.Directive, bool) {
	var longest *deployfile.Directive
	longestLen := -1
	var regexes []*deployfile.Directive
	for _, d := range ds {
		mod, pattern, ok := locationPattern(d)
		if !ok {
			continue
		}
		switch mod {
		case "=":
			if path == pattern {
				return d, true
			}
		case "", "^~":
			if strings.HasPrefix(path, pattern) && len(pattern) > longestLen {
				longest, longestLen = d, len(pattern)
			}
		case "~", "~*":
			regexes = append(regexes, d)
		}
	}
	if longest != nil && len(longest.Args) == 2 && longest.Args[0] == "^~" {
		return longest, true
	}
	for _, d := range regexes {
		matched, ok := regexMatches(d, path)
		if !ok {
			return nil, false
		}
		if matched {
			return d, true
		}
	}
	return longest, true
}

// locationPattern splits a location directive into its modifier and
// pattern; named locations (@name) never match a request path.
func locationPattern(d *deployfile.Directive) (mod, pattern string, ok bool) {
	if d.Name != "location" {
		return "", "", false
	}
	switch len(d.Args) {
	case 1:
		pattern = d.Args[0]
	case 2:
		mod, pattern = d.Args[0], d.Args[1]
	default:
		return "", "", false
	}
	return mod, pattern, !strings.HasPrefix(pattern, "@")
}

// regexMatches evaluates a regular-expression location with Go's regexp,
// which accepts the patterns nginx configurations commonly use; ok is
// false for one it cannot compile.
func regexMatches(d *deployfile.Directive, path string) (matched, ok bool) {
	pattern := d.Args[1]
	if d.Args[0] == "~*" {
		pattern = "(?i)" + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return false, false
	}
	return re.MatchString(path), true
}
