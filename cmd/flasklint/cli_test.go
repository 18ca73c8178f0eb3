package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/rules"
	"github.com/flasklint/flasklint/rules/rule"
)

// testCLI returns a cli that writes to the given buffers, sees an empty
// environment and no terminal, and runs the real registry in a fresh
// working directory.
func testCLI(t *testing.T, stdout, stderr io.Writer) *cli {
	t.Helper()
	return &cli{
		stdout:     stdout,
		stderr:     stderr,
		getenv:     func(string) string { return "" },
		isTerminal: func(io.Writer) bool { return false },
		dir:        t.TempDir(),
		rules:      rules.All,
	}
}

// writeTree creates files (slash paths to contents) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fakeEnv is an environment holding one variable.
func fakeEnv(key, value string) func(string) string {
	return func(k string) string {
		if k == key {
			return value
		}
		return ""
	}
}

// fakeRegistry is a registry of bare metadata, enough for selection.
func fakeRegistry(ids ...string) []*rule.Rule {
	out := make([]*rule.Rule, len(ids))
	for i, id := range ids {
		out[i] = &rule.Rule{Meta: &lint.Meta{ID: id, Severity: lint.SeverityWarning}}
	}
	return out
}

func TestSelectRules(t *testing.T) {
	all := fakeRegistry("HC-FLASK-008", "HC-FLASK-015", "HC-FLASK-017", "HC-FLASK-022")
	tests := []struct {
		name            string
		selects, ignore []string
		want            []string // rule IDs that run
		hidden          []string // tool diagnostics left out
		err             string
	}{
		{name: "default", want: []string{"HC-FLASK-008", "HC-FLASK-015", "HC-FLASK-017",
			"HC-FLASK-022"}},
		{name: "one id", selects: []string{"HC-FLASK-015"}, want: []string{"HC-FLASK-015"}},
		{name: "prefix in lower case with spaces", selects: []string{" hc-flask-01 "},
			want: []string{"HC-FLASK-015", "HC-FLASK-017"}},
		{name: "ignore beats select", selects: []string{"HC-FLASK-0"},
			ignore: []string{"HC-FLASK-008", "HC-FLASK-02"},
			want:   []string{"HC-FLASK-015", "HC-FLASK-017"}},
		{name: "empty items are skipped", selects: []string{"", "HC-FLASK-022"},
			want: []string{"HC-FLASK-022"}},
		{name: "select cannot drop parse problems", selects: []string{"HC-FLASK-022"},
			want: []string{"HC-FLASK-022"}},
		{name: "ignore parse problems", ignore: []string{"flasklint-parse"},
			want:   []string{"HC-FLASK-008", "HC-FLASK-015", "HC-FLASK-017", "HC-FLASK-022"},
			hidden: []string{"FLASKLINT-PARSE"}},
		{name: "ignore every tool diagnostic", ignore: []string{"FLASKLINT-"},
			want: []string{"HC-FLASK-008", "HC-FLASK-015", "HC-FLASK-017", "HC-FLASK-022"},
			hidden: []string{"FLASKLINT-PARSE", "FLASKLINT-SUPPRESSION",
				"FLASKLINT-UNUSED-SUPPRESSION"}},
		{name: "ignore unused suppressions", selects: []string{"HC-FLASK-022"},
			ignore: []string{"FLASKLINT-UNUSED-SUPPRESSION"}, want: []string{"HC-FLASK-022"},
			hidden: []string{"FLASKLINT-UNUSED-SUPPRESSION"}},
		{name: "parse problems only", selects: []string{"FLASKLINT-PARSE"}},
		{name: "unknown select", selects: []string{"HC-FLASK-999"},
			err: `unknown rule "HC-FLASK-999" in --select`},
		{name: "unknown ignore", ignore: []string{"HC-FLASK-008", "S101"},
			err: `unknown rule "S101" in --ignore`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sel, err := selectRules(all, tc.selects, tc.ignore)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got, hidden []string
			for _, r := range sel.rules {
				got = append(got, r.ID)
			}
			for id := range sel.hidden {
				hidden = append(hidden, id)
			}
			slices.Sort(hidden)
			if !slices.Equal(got, tc.want) || !slices.Equal(hidden, tc.hidden) {
				t.Errorf("rules %v hidden %v, want %v hidden %v", got, hidden, tc.want, tc.hidden)
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	warn := lint.Finding{Rule: lint.ParseMeta, Severity: lint.SeverityWarning}
	noteByRule := lint.Finding{Rule: &lint.Meta{ID: "X", Severity: lint.SeverityNote}}
	suppressed := warn
	suppressed.Suppressed = &lint.Suppression{Kind: lint.SuppressedInSource, Justification: "ok"}
	tests := []struct {
		name     string
		findings []lint.Finding
		failOn   lint.Severity
		exitZero bool
		want     int
	}{
		{"nothing", nil, lint.SeverityNote, false, exitClean},
		{"warning at warning", []lint.Finding{warn}, lint.SeverityWarning, false, exitFindings},
		{"warning below error", []lint.Finding{warn}, lint.SeverityError, false, exitClean},
		{"warning above note", []lint.Finding{warn}, lint.SeverityNote, false, exitFindings},
		{"rule default severity", []lint.Finding{noteByRule}, lint.SeverityNote, false,
			exitFindings},
		{"rule default below", []lint.Finding{noteByRule}, lint.SeverityWarning, false,
			exitClean},
		{"exit zero", []lint.Finding{warn}, lint.SeverityNote, true, exitClean},
		{"suppressed", []lint.Finding{suppressed}, lint.SeverityNote, false, exitClean},
	}
	for _, tc := range tests {
		if got := exitCode(tc.findings, tc.failOn, tc.exitZero); got != tc.want {
			t.Errorf("%s: exit code %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestUseColor(t *testing.T) {
	tests := []struct {
		mode    string
		noColor string
		tty     bool
		want    bool
	}{
		{"auto", "", true, true},
		{"auto", "", false, false},
		{"auto", "1", true, false},
		{"auto", "0", true, false}, // any non-empty value counts
		{"always", "1", false, true},
		{"never", "", true, false},
	}
	for _, tc := range tests {
		c := &cli{
			getenv:     fakeEnv("NO_COLOR", tc.noColor),
			isTerminal: func(io.Writer) bool { return tc.tty },
		}
		if got := c.useColor(tc.mode, io.Discard); got != tc.want {
			t.Errorf("mode %s NO_COLOR=%q tty=%v: colour %v, want %v",
				tc.mode, tc.noColor, tc.tty, got, tc.want)
		}
	}
}

// TestColorOnTerminal runs a whole analysis with standard output on a
// (pretend) terminal, which the CLI scripts cannot arrange. The project
// has only a syntax error, so no rule is involved.
func TestColorOnTerminal(t *testing.T) {
	for _, noColor := range []string{"", "1"} {
		var stdout, stderr bytes.Buffer
		c := testCLI(t, &stdout, &stderr)
		c.rules = nil
		c.isTerminal = func(w io.Writer) bool { return w == &stdout }
		c.getenv = fakeEnv("NO_COLOR", noColor)
		writeTree(t, c.dir, map[string]string{"app.py": "def f(:\n    pass\n"})

		if code := c.main(nil); code != exitFindings {
			t.Fatalf("exit code %d, stderr %s", code, stderr.String())
		}
		colored := strings.Contains(stdout.String(), "\x1b[")
		if colored != (noColor == "") {
			t.Errorf("NO_COLOR=%q: coloured output %v:\n%s", noColor, colored, stdout.String())
		}
	}
}

// TestRulePanicIsOneLine checks that a crashing rule ends the run with
// exit 2 and a one-line message, and that -v adds the stack.
func TestRulePanicIsOneLine(t *testing.T) {
	meta := &lint.Meta{ID: "HC-FLASK-999", Slug: "crash", Title: "crash",
		Severity: lint.SeverityError, Doc: "Crashes."}
	crash := rule.New(meta, func(*rule.Pass) { panic("rule bug") })

	for _, verbose := range []bool{false, true} {
		var stdout, stderr bytes.Buffer
		c := testCLI(t, &stdout, &stderr)
		c.rules = []*rule.Rule{crash}
		writeTree(t, c.dir, map[string]string{"app.py": "x = 1\n"})

		args := []string{"."}
		if verbose {
			args = append(args, "-v")
		}
		if code := c.main(args); code != exitError {
			t.Fatalf("-v=%v: exit code %d, want %d", verbose, code, exitError)
		}
		msg := "flasklint: internal error: rule bug (please report it)\n"
		if !strings.Contains(stderr.String(), msg) {
			t.Errorf("-v=%v: stderr %q lacks %q", verbose, stderr.String(), msg)
		}
		if hasStack := strings.Contains(stderr.String(), "goroutine "); hasStack != verbose {
			t.Errorf("-v=%v: stack printed %v:\n%s", verbose, hasStack, stderr.String())
		}
		if stdout.Len() != 0 {
			t.Errorf("-v=%v: stdout %q, want nothing", verbose, stdout.String())
		}
	}
}

func TestWriteAtomicReplacesAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	writeTree(t, dir, map[string]string{"report.json": "old"})
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}

	if err := writeAtomic(path, writeString("new")); err != nil {
		t.Fatal(err)
	}
	assertFile(t, path, "new")
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	assertOnlyFiles(t, dir, "report.json")
}

func TestWriteAtomicFailureLeavesOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	writeTree(t, dir, map[string]string{"report.json": "old"})

	boom := errors.New("boom")
	err := writeAtomic(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, "half a rep")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want %v", err, boom)
	}
	assertFile(t, path, "old")
	assertOnlyFiles(t, dir, "report.json")
}

func TestWriteAtomicFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"real/report.sarif": "old"})
	link := filepath.Join(dir, "latest.sarif")
	if err := os.Symlink(filepath.Join("real", "report.sarif"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}

	if err := writeAtomic(link, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("latest.sarif is no longer a link (%v)", err)
	}
	assertFile(t, filepath.Join(dir, "real", "report.sarif"), "new")
}

func TestWriteAtomicRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := writeAtomic(dir, writeString("x")); err == nil {
		t.Fatal("writing over a directory succeeded")
	}
}

// writeString returns a write function that writes s.
func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// assertFile checks a file's content.
func assertFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("%s holds %q (%v), want %q", path, got, err, want)
	}
}

// assertOnlyFiles checks that dir holds exactly the named entries, which
// catches temporary files left behind.
func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}
