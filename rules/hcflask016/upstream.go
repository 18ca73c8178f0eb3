package hcflask016

import (
	"regexp"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser/deployfile"
)

// A repository may hold nginx configuration for several services, such
// as a Grafana or a frontend next to the Flask app. A location that passes
// to a port or socket no production server of the repository listens on
// is taken to be another service's, and its limit is not compared with
// the app's. When either side is not known, the location counts as the
// app's.

// portRE finds the port at the end of a bind or pass address.
var portRE = regexp.MustCompile(`:(\d+)/?$`)

// listenAddrs returns the ports and unix sockets the production servers
// listen on, from their command lines and server configuration files.
func listenAddrs(d *model.Deployment) map[string]bool {
	out := map[string]bool{}
	for _, pr := range d.ProductionProcesses() {
		addListen(out, pr.Info.Bind)
	}
	for _, sc := range d.ServerConfigs {
		if sc.Dev {
			continue
		}
		for _, key := range []string{"bind", "http", "socket", "http-socket", "uwsgi-socket"} {
			if s, ok := sc.Settings[key]; ok {
				addListen(out, strings.Trim(s.Value, `"'[] `))
			}
		}
	}
	return out
}

// addListen records the port or socket of one address.
func addListen(out map[string]bool, addr string) {
	if a := addressKey(addr); a != "" {
		out[a] = true
	}
}

// addressKey reduces an address to what two sides can be compared by: the
// port, or the socket path.
func addressKey(addr string) string {
	addr = strings.TrimPrefix(strings.TrimSpace(addr), "http://")
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		path, _, _ = strings.Cut(path, ":")
		return path
	}
	if strings.HasPrefix(addr, "/") {
		return addr
	}
	if m := portRE.FindStringSubmatch(addr); m != nil {
		return m[1]
	}
	return ""
}

// otherService reports whether a scope passes requests to addresses that
// are all known and none of which a production server listens on.
func otherService(sc model.NginxScope, listen map[string]bool) bool {
	if len(listen) == 0 {
		return false
	}
	targets := passTargets(sc)
	if len(targets) == 0 {
		return false
	}
	for _, t := range targets {
		if t == "" || listen[t] {
			return false
		}
	}
	return true
}

// passTargets returns the address keys a scope passes to: the pass
// directive's own, or those of the upstream block it names. An empty key
// means one that cannot be read.
func passTargets(sc model.NginxScope) []string {
	for _, d := range sc.Block().Children {
		if (d.Name != "proxy_pass" && d.Name != "uwsgi_pass") || len(d.Args) != 1 {
			continue
		}
		target := d.Args[0]
		_, rest, found := strings.Cut(target, "://")
		if !found {
			rest = target
		}
		host, _, _ := strings.Cut(rest, "/")
		if strings.HasPrefix(rest, "unix:") {
			host = rest
		}
		if up := upstreamBlock(sc.File.Conf, host); up != nil {
			return upstreamTargets(up)
		}
		return []string{addressKey(host)}
	}
	return nil
}

// upstreamBlock returns the upstream block of a file named name, or nil.
func upstreamBlock(conf *deployfile.NginxConf, name string) *deployfile.Directive {
	var found *deployfile.Directive
	conf.Walk(func(d *deployfile.Directive, _ []*deployfile.Directive) {
		if d.Name == "upstream" && len(d.Args) == 1 && d.Args[0] == name {
			found = d
		}
	})
	return found
}

// upstreamTargets returns the address keys of an upstream's servers.
func upstreamTargets(up *deployfile.Directive) []string {
	var out []string
	for _, d := range up.Children {
		if d.Name == "server" && len(d.Args) > 0 {
			out = append(out, addressKey(d.Args[0]))
		}
	}
	return out
}
