package main

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/flasklint/flasklint/report"
)

// update rewrites the expected output sections of the CLI scripts:
// go test ./cmd/flasklint -run TestCLI -update
var update = flag.Bool("update", false, "rewrite expected output in testdata/cli/*.txtar")

// sarifSchema is the vendored SARIF 2.1.0 schema every SARIF output is
// checked against.
const sarifSchema = "../../testdata/sarif/sarif-schema-2.1.0.json"

// TestMain lets the scripts run `exec flasklint`: the test binary itself,
// re-executed, runs main.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"flasklint": main})
}

// TestCLI runs the golden scripts in testdata/cli. Each is a txtar
// archive: commands first, then the files of the projects it analyses and
// the expected output.
func TestCLI(t *testing.T) {
	schema, err := filepath.Abs(sarifSchema)
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/cli",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exits":      cmdExits,
			"normalize":  cmdNormalize,
			"mkfile":     cmdMkfile,
			"sarifvalid": sarifValidator(schema),
		},
	})
}

// cmdExits runs a command and checks its exact exit code, which `exec`
// and `! exec` cannot tell apart beyond zero and non-zero:
//
//	exits 2 flasklint --format xml .
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad exit code %q", args[0])
	}

	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			ts.Fatalf("exits: %v", err)
		}
		got = exit.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// Normalisation of output that differs from run to run.
var (
	elapsedRE = regexp.MustCompile(` in (<1ms|[0-9]+(\.[0-9]+)?(ns|µs|ms|s))\b`)
	versionRE = regexp.MustCompile(`\(go[0-9][^ ,)]*, [a-z0-9]+/[a-z0-9]+\)`)
)

// cmdNormalize copies a file (or stdout, stderr) to another, replacing the
// work directory with $WORK, elapsed times with "in DURATION" and the
// toolchain in --version with (GO, OS/ARCH):
//
//	normalize stdout got.txt
func cmdNormalize(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: normalize src dst")
	}
	text := ts.ReadFile(args[0])
	if work := ts.Getenv("WORK"); work != "" {
		text = strings.ReplaceAll(text, filepath.ToSlash(work), "$WORK")
	}
	text = elapsedRE.ReplaceAllString(text, " in DURATION")
	text = versionRE.ReplaceAllString(text, "(GO, OS/ARCH)")
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(text), 0o644))
}

// cmdMkfile writes a file whose content is given with Go string escapes,
// for bytes a txtar archive cannot hold (NUL, invalid UTF-8):
//
//	mkfile blob.py 'x = 1\x00\x01'
func cmdMkfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkfile file 'escaped content'")
	}
	content, err := strconv.Unquote(`"` + strings.ReplaceAll(args[1], `"`, `\"`) + `"`)
	if err != nil {
		ts.Fatalf("mkfile: %v", err)
	}
	path := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(path), 0o755))
	ts.Check(os.WriteFile(path, []byte(content), 0o644))
}

// sarifValidator returns the sarifvalid command, which checks a file (or
// stdout) against the SARIF 2.1.0 schema:
//
//	sarifvalid stdout
func sarifValidator(schema string) func(*testscript.TestScript, bool, []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: sarifvalid file")
		}
		err := report.ValidateSARIF([]byte(ts.ReadFile(args[0])), schema)
		switch {
		case err != nil && !neg:
			ts.Fatalf("%s: %v", args[0], err)
		case err == nil && neg:
			ts.Fatalf("%s is valid SARIF", args[0])
		}
	}
}
