package deployfile

import (
	"path"
	"strings"
)

// stripWrappers removes what runs in front of the real program: variable
// assignments (A=b), exec, env, init shims such as tini, privilege droppers
// such as gosu, and tool runners such as `poetry run`. Each step removes at
// least one word, so the loop ends.
func stripWrappers(args []string) []string {
	for len(args) > 0 {
		if isAssignment(args[0]) {
			args = args[1:]
			continue
		}
		rest, ok := skipWrapper(path.Base(args[0]), args)
		if !ok {
			return args
		}
		args = rest
	}
	return args
}

// isAssignment reports whether w is a shell variable assignment NAME=value.
func isAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" {
		return false
	}
	for i := range len(name) {
		c := name[i]
		letter := c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// skipWrapper removes one wrapper named name from the front of args and
// reports whether name was one.
func skipWrapper(name string, args []string) ([]string, bool) {
	switch name {
	case "exec":
		return skipFlags(args[1:], execValueFlags), true
	case "nohup", "time", "setsid":
		return skipFlags(args[1:], nil), true
	case "env":
		return skipEnv(args[1:]), true
	case "tini", "tini-static", "dumb-init":
		return skipInit(args[1:]), true
	case "gosu", "su-exec":
		return dropN(args, 2), true
	case "ddtrace-run", "opentelemetry-instrument":
		return skipFlags(args[1:], nil), true
	case "newrelic-admin":
		return dropN(args, 2), true
	case "poetry", "pipenv", "pdm", "hatch", "uv", "rye", "pipx":
		if len(args) > 1 && args[1] == "run" {
			return skipFlags(args[2:], nil), true
		}
	}
	return args, false
}

// dropN removes the first n words, or all of them.
func dropN(args []string, n int) []string {
	return args[min(n, len(args)):]
}

// skipFlags removes leading options, and the value after each option in
// withValue, up to and including a "--".
func skipFlags(args []string, withValue map[string]bool) []string {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		if args[0] == "--" {
			return args[1:]
		}
		if withValue[args[0]] {
			args = dropN(args, 1)
		}
		args = dropN(args, 1)
	}
	return args
}

// execValueFlags are the options of the exec builtin that take a value.
var execValueFlags = set("-a")

// initValueFlags are the options of tini and dumb-init that take a value.
var initValueFlags = set("-p", "-e", "-r", "--rewrite")

// skipInit removes the options of an init shim such as tini.
func skipInit(args []string) []string {
	return skipFlags(args, initValueFlags)
}

// skipEnv removes env's options and assignments.
func skipEnv(args []string) []string {
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "-u" || a == "--unset" || a == "-C" || a == "--chdir":
			args = dropN(args, 2)
		case a == "--":
			return args[1:]
		case strings.HasPrefix(a, "-") || isAssignment(a):
			args = args[1:]
		default:
			return args
		}
	}
	return args
}
