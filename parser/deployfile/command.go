package deployfile

import (
	"path"
	"strings"
)

// Server names reported in CommandInfo.Server.
const (
	ServerGunicorn  = "gunicorn"
	ServerUWSGI     = "uwsgi"
	ServerWaitress  = "waitress-serve"
	ServerFlask     = "flask"
	ServerPython    = "python"
	ServerHypercorn = "hypercorn"
	ServerUvicorn   = "uvicorn"
)

// CommandInfo says what a command line runs. Option values are kept as
// written: "$PORT" stays "$PORT".
type CommandInfo struct {
	// Program is the base name of the executable that ends up running once
	// wrappers (exec, env, A=b, tini, gosu, poetry run, sh -c, ...) are
	// peeled off: "gunicorn", "python3", "entrypoint.sh". Empty when argv
	// holds no command.
	Program string
	// Server is one of the Server constants, or "" for another program.
	Server string
	// Subcommand is the flask CLI command: "run", "db", "shell".
	Subcommand string
	// Script is the script a python or shell interpreter is given.
	Script string
	// Module is the module of `python -m module` when it is not a server.
	Module string
	// Target is the application as the server is told about it:
	// gunicorn "wsgi:app" or "app:create_app()", waitress "app:create_app",
	// uwsgi --module or --wsgi-file, flask --app.
	Target string
	// Factory is true when Target names a function that builds the app
	// (gunicorn's "()" form, waitress --call, uvicorn --factory).
	Factory bool
	// Bind is where the server listens: gunicorn and hypercorn --bind,
	// uwsgi --http or --socket, waitress --listen. For servers that take
	// host and port apart it is "host:port" with a part left empty when the
	// command does not give it.
	Bind string
	// Workers is the number of worker processes asked for.
	Workers string
	// Threads is the number of threads per worker asked for.
	Threads string
	// Config is the configuration file the server is pointed at
	// (gunicorn -c, hypercorn -c, uwsgi --ini), which may hold the settings
	// the command line leaves out.
	Config string
	// Args is the argv that was identified, program first, wrappers removed.
	Args []string
}

// HasFlag reports whether any of the given option names appears in Args,
// alone or as name=value: info.HasFlag("--reload") or
// info.HasFlag("--debug").
func (c *CommandInfo) HasFlag(names ...string) bool {
	for _, a := range c.Args {
		for _, n := range names {
			if a == n || strings.HasPrefix(a, n+"=") {
				return true
			}
		}
	}
	return false
}

// maxShellDepth bounds how deeply `sh -c "sh -c ..."` is followed.
const maxShellDepth = 8

// IdentifyCommand works out which program, and which Flask-capable server,
// an argv runs. argv may come from an exec-form list or from SplitCommand.
// When argv is a list of commands (`flask db upgrade && gunicorn app:app`)
// the last one that serves the app wins, since it is the one left running.
func IdentifyCommand(argv []string) CommandInfo {
	return identifyList(argv, 0)
}

// identifyList picks the command that matters in a command list: the last
// one that serves, else the first known one, else the first one.
func identifyList(argv []string, depth int) CommandInfo {
	var first, known, serving CommandInfo
	for _, simple := range splitList(argv) {
		info := identifySimple(simple, depth)
		if info.Program == "" {
			continue
		}
		if first.Program == "" {
			first = info
		}
		if info.Server != "" && known.Server == "" {
			known = info
		}
		if info.serves() {
			serving = info
		}
	}
	switch {
	case serving.Program != "":
		return serving
	case known.Program != "":
		return known
	}
	return first
}

// serves reports whether the command runs a server rather than a one-off
// task such as `flask db upgrade`.
func (c *CommandInfo) serves() bool {
	switch c.Server {
	case "":
		return false
	case ServerFlask:
		return c.Subcommand == "run"
	}
	return true
}

// splitList cuts argv at control operators into simple commands.
func splitList(argv []string) [][]string {
	var out [][]string
	start := 0
	for i, w := range argv {
		if isOperator(w) {
			out = append(out, argv[start:i])
			start = i + 1
		}
	}
	return append(out, argv[start:])
}

// identifySimple identifies one simple command.
func identifySimple(argv []string, depth int) CommandInfo {
	args := stripWrappers(argv)
	if len(args) == 0 {
		return CommandInfo{}
	}

	prog := path.Base(args[0])
	switch {
	case isShell(prog):
		return identifyShell(prog, args, depth)
	case isPython(prog):
		return identifyPython(prog, args)
	}
	info := CommandInfo{Program: prog, Args: args}
	describeServer(&info, prog, args[1:])
	return info
}

// identifyShell follows `sh -c "command"` into the inner command; a shell
// given a script reports the script.
func identifyShell(prog string, args []string, depth int) CommandInfo {
	inline := false
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			continue
		case a == "-o" || a == "+o":
			i++
		case strings.HasPrefix(a, "--"):
		case len(a) > 1 && (a[0] == '-' || a[0] == '+'):
			inline = inline || strings.ContainsRune(a[1:], 'c')
		case inline && depth < maxShellDepth:
			return identifyList(SplitCommand(a), depth+1)
		default:
			return CommandInfo{Program: prog, Script: a, Args: args}
		}
	}
	return CommandInfo{Program: prog, Args: args}
}

// isShell reports whether prog is a POSIX-like shell.
func isShell(prog string) bool {
	switch prog {
	case "sh", "bash", "dash", "ash", "zsh", "ksh":
		return true
	}
	return false
}

// isPython reports whether prog is a Python interpreter: python, python3,
// python3.12, pypy3.
func isPython(prog string) bool {
	for _, p := range []string{"python", "pypy"} {
		if rest, ok := strings.CutPrefix(prog, p); ok {
			return strings.Trim(rest, "0123456789.") == ""
		}
	}
	return false
}

// pythonValueOpts are the interpreter's short options that take a value.
const pythonValueOpts = "WX"

// identifyPython reads an interpreter's options to find the script or
// module it runs; `python -m gunicorn` is gunicorn.
func identifyPython(prog string, args []string) CommandInfo {
	info := CommandInfo{Program: prog, Server: ServerPython, Args: args}
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "-" || !strings.HasPrefix(a, "-") {
			info.Script = a
			return info
		}
		if strings.HasPrefix(a, "--") {
			continue // --version, --help; none of them runs code
		}
		opt, value, next := pythonShortOpt(args, i)
		i = next
		switch opt {
		case 'm':
			describeModule(&info, value, args[i+1:])
			return info
		case 'c':
			return info
		}
	}
	return info
}

// pythonShortOpt reads the cluster of short options at args[i] ("-u",
// "-uB", "-Wignore", "-m mod") and returns the option that ends it, its
// value, and the index of the last argument consumed.
func pythonShortOpt(args []string, i int) (opt byte, value string, last int) {
	a := args[i]
	for j := 1; j < len(a); j++ {
		c := a[j]
		if c != 'm' && c != 'c' && strings.IndexByte(pythonValueOpts, c) < 0 {
			continue
		}
		if j+1 < len(a) {
			return c, a[j+1:], i
		}
		if i+1 < len(args) {
			return c, args[i+1], i + 1
		}
		return c, "", i
	}
	return 0, "", i
}

// describeModule fills in info for `python -m module rest...`.
func describeModule(info *CommandInfo, module string, rest []string) {
	server := module
	if module == "waitress" {
		server = ServerWaitress
	}
	if describeServer(info, server, rest) {
		return
	}
	info.Module = module
}

// describeServer fills in info for a known server given the arguments after
// its name, and reports whether the name was a known server.
func describeServer(info *CommandInfo, name string, rest []string) bool {
	switch name {
	case ServerGunicorn, ServerHypercorn:
		describeGunicornLike(info, rest)
	case ServerUvicorn:
		describeUvicorn(info, rest)
	case ServerWaitress:
		describeWaitress(info, rest)
	case ServerFlask:
		describeFlask(info, rest)
	case ServerUWSGI:
		describeUWSGI(info, rest)
	default:
		return false
	}
	info.Server = name
	return true
}
