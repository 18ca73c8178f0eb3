package deployfile

import (
	"path"
	"strings"
)

// option is one option read from a command line.
type option struct {
	name  string
	value string
}

// scanOptions reads a server's arguments into options and positional
// arguments. flags lists the options that take no value; any other option
// takes the next argument unless it is written --name=value, glued to a
// short option (-w4), or the next argument is itself an option. Options
// named --no-... never take a value.
func scanOptions(args []string, flags map[string]bool) (opts []option, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return opts, append(positional, args[i+1:]...)
		case len(a) < 2 || a[0] != '-':
			positional = append(positional, a)
		case strings.HasPrefix(a, "--"):
			name, value, eq := strings.Cut(a, "=")
			if !eq && !flags[name] && !strings.HasPrefix(name, "--no-") && takesValue(args, i) {
				i++
				value = args[i]
			}
			opts = append(opts, option{name: name, value: value})
		case len(a) > 2:
			opts = append(opts, option{name: a[:2], value: a[2:]})
		default:
			var value string
			if !flags[a] && takesValue(args, i) {
				i++
				value = args[i]
			}
			opts = append(opts, option{name: a, value: value})
		}
	}
	return opts, positional
}

// takesValue reports whether the argument after args[i] can be its value:
// it exists and is not another option ("-" alone, meaning stdout, is a
// value).
func takesValue(args []string, i int) bool {
	if i+1 >= len(args) {
		return false
	}
	next := args[i+1]
	return len(next) < 2 || next[0] != '-'
}

// lastOpt returns the value of the last of the named options.
func lastOpt(opts []option, names ...string) (string, bool) {
	value, found := "", false
	for _, o := range opts {
		for _, n := range names {
			if o.name == n {
				value, found = o.value, true
			}
		}
	}
	return value, found
}

// firstOpt returns the value of the first of the named options; gunicorn
// and uwsgi accept several binds and the first one is the one people mean.
func firstOpt(opts []option, names ...string) string {
	for _, o := range opts {
		for _, n := range names {
			if o.name == n {
				return o.value
			}
		}
	}
	return ""
}

// hostPort joins separate host and port options.
func hostPort(opts []option, hostNames, portNames []string) string {
	host, hasHost := lastOpt(opts, hostNames...)
	port, hasPort := lastOpt(opts, portNames...)
	if !hasHost && !hasPort {
		return ""
	}
	return host + ":" + port
}

// set builds a lookup set.
func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// gunicornFlags are gunicorn's and hypercorn's options without a value.
var gunicornFlags = set("--reload", "--preload", "-D", "--daemon", "-R",
	"--enable-stdio-inheritance", "--capture-output", "--check-config",
	"--print-config", "--spew", "--reuse-port", "--strip-header-spaces",
	"--suppress-ragged-eofs", "--do-handshake-on-connect", "--proxy-protocol",
	"--log-syslog", "--disable-redirect-access-to-syslog", "--debug",
	"--verbose", "-h", "--help", "-v", "--version")

// describeGunicornLike reads gunicorn's or hypercorn's options, which share
// their names for what matters here.
func describeGunicornLike(info *CommandInfo, args []string) {
	opts, pos := scanOptions(args, gunicornFlags)
	if len(pos) > 0 {
		info.Target = pos[0]
		info.Factory = strings.Contains(pos[0], "(")
	}
	info.Bind = firstOpt(opts, "-b", "--bind")
	info.Workers, _ = lastOpt(opts, "-w", "--workers")
	info.Threads, _ = lastOpt(opts, "--threads")
	info.Config, _ = lastOpt(opts, "-c", "--config")
}

// uvicornFlags are uvicorn's options without a value.
var uvicornFlags = set("--reload", "--factory", "--use-colors", "--proxy-headers",
	"--server-header", "--date-header", "--access-log", "--help", "--version")

// describeUvicorn reads uvicorn's options.
func describeUvicorn(info *CommandInfo, args []string) {
	opts, pos := scanOptions(args, uvicornFlags)
	if len(pos) > 0 {
		info.Target = pos[0]
	}
	_, info.Factory = lastOpt(opts, "--factory")
	info.Bind = hostPort(opts, []string{"--host"}, []string{"--port"})
	if uds, ok := lastOpt(opts, "--uds"); ok {
		info.Bind = "unix:" + uds
	}
	info.Workers, _ = lastOpt(opts, "--workers")
}

// waitressFlags are waitress-serve's options without a value.
var waitressFlags = set("--help", "--call", "--ipv4", "--ipv6",
	"--expose-tracebacks", "--log-socket-errors")

// describeWaitress reads waitress-serve's options.
func describeWaitress(info *CommandInfo, args []string) {
	opts, pos := scanOptions(args, waitressFlags)
	if len(pos) > 0 {
		info.Target = pos[0]
	}
	_, info.Factory = lastOpt(opts, "--call")
	info.Bind = firstOpt(opts, "--listen")
	if info.Bind == "" {
		info.Bind = hostPort(opts, []string{"--host"}, []string{"--port"})
	}
	info.Threads, _ = lastOpt(opts, "--threads")
}

// flaskFlags are the flask command's options without a value, both its
// own and those of `flask run`.
var flaskFlags = set("--debug", "--version", "--help", "--reload", "--debugger",
	"--with-threads", "--without-threads", "--eager-loading", "--lazy-loading")

// describeFlask reads the flask command: global options, the subcommand,
// and the options of `flask run`.
func describeFlask(info *CommandInfo, args []string) {
	opts, pos := scanOptions(args, flaskFlags)
	if len(pos) > 0 {
		info.Subcommand = pos[0]
	}
	info.Target, _ = lastOpt(opts, "-A", "--app")
	if info.Subcommand == "run" {
		info.Bind = hostPort(opts, []string{"-h", "--host"}, []string{"-p", "--port"})
	}
}

// uwsgiFlags are the uwsgi options without a value seen in Flask
// deployments; uwsgi has hundreds more.
var uwsgiFlags = set("--master", "-M", "--enable-threads", "-T", "--die-on-term",
	"--need-app", "--lazy-apps", "--lazy", "--vacuum", "--single-interpreter",
	"--strict", "--harakiri-verbose", "--thunder-lock", "--disable-logging",
	"--log-master", "--memory-report", "--honour-stdin", "--help", "--version")

// describeUWSGI reads uwsgi's options.
func describeUWSGI(info *CommandInfo, args []string) {
	opts, pos := scanOptions(args, uwsgiFlags)
	info.Target = uwsgiTarget(opts)
	info.Bind = firstOpt(opts, "--http", "--http-socket", "--https", "--socket", "-s",
		"--uwsgi-socket")
	info.Workers, _ = lastOpt(opts, "--processes", "-p", "--workers")
	info.Threads, _ = lastOpt(opts, "--threads")
	info.Config, _ = lastOpt(opts, "--ini", "--yaml", "--json", "--xml")
	if info.Config == "" && len(pos) > 0 && path.Ext(pos[0]) == ".ini" {
		info.Config = pos[0]
	}
}

// uwsgiTarget finds the application uwsgi loads: a module, to which a
// separate --callable is added as module:callable, or else a file.
func uwsgiTarget(opts []option) string {
	module, _ := lastOpt(opts, "--module", "-w", "--wsgi")
	if mount, ok := lastOpt(opts, "--mount"); ok && module == "" {
		_, module, _ = strings.Cut(mount, "=")
	}
	if module == "" {
		file, _ := lastOpt(opts, "--wsgi-file", "--file")
		return file
	}
	if callable, ok := lastOpt(opts, "--callable"); ok && !strings.Contains(module, ":") {
		module += ":" + callable
	}
	return module
}
