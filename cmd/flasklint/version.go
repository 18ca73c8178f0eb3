package main

import (
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

// baseVersion is the release this source tree is. A release build may set
// it with -ldflags "-X main.baseVersion=...".
var baseVersion = "0.1.0"

// pseudoVersion matches the versions Go invents for untagged commits
// (v0.0.0-20250101120000-abcdef123456) and builds from a modified tree.
var pseudoVersion = regexp.MustCompile(`\d{14}-[0-9a-f]{12}|\+dirty`)

// version is the flasklint version shown by --version and written into
// JSON and SARIF reports: the module version of a tagged `go install`, or
// baseVersion for every other build, so that reports do not carry
// commit hashes that mean nothing to a reader.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return baseVersion
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" || pseudoVersion.MatchString(v) {
		return baseVersion
	}
	return strings.TrimPrefix(v, "v")
}

// versionLine is the --version output after the program name: the version
// and the toolchain, which matter in bug reports because the parser is C.
func versionLine() string {
	return fmt.Sprintf("%s (%s, %s/%s)", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
