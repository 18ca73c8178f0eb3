package driver

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/rules/rule"
)

// evalRule reports every call of the builtin eval, a stand-in for a real
// rule that keeps these tests independent of any rule's logic.
var evalRule = rule.New(&lint.Meta{
	ID: "HC-FLASK-999", Slug: "eval-call", Title: "eval is called",
	Severity: lint.SeverityError, Confidence: lint.ConfidenceHigh, Doc: "Calls of eval.",
}, func(pass *rule.Pass) {
	for _, call := range pass.Project.Calls("eval") {
		f := call.File()
		pass.ReportNode(f, call.Node, "eval called",
			rule.At(f, f.Field(call.Node, "arguments"), "here"),
			rule.At(f, call.Node, "the primary location again: dropped"))
	}
})

// writeProject writes files into a temporary project folder.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// analyse discovers and runs evalRule over a project folder.
func analyse(t *testing.T, root string) []lint.Finding {
	t.Helper()
	disc, err := model.Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(Options{Root: root, Files: disc.Files, Rules: []*rule.Rule{evalRule}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}

func TestFindingsAreResolvedAndSorted(t *testing.T) {
	root := writeProject(t, map[string]string{
		"b.py":       "eval(x)\n",
		"a.py":       "y = 1\nz = eval(y)  # é\n",
		"pkg/c.py":   "\xEF\xBB\xBFeval(1)\n",
		"unicode.py": "s = 'ünï'; eval(s)\n",
	})
	got := analyse(t, root)
	want := []struct {
		path      string
		line, col int
		endCol    int
	}{
		{"a.py", 2, 5, 12},
		{"b.py", 1, 1, 8},
		{"pkg/c.py", 1, 1, 8},
		{"unicode.py", 1, 12, 19},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		loc := got[i].Location
		if loc.Path != w.path || loc.Start.Line != w.line || loc.Start.Column != w.col ||
			loc.End.Column != w.endCol {
			t.Errorf("finding %d at %s:%d:%d-%d, want %s:%d:%d-%d", i, loc.Path,
				loc.Start.Line, loc.Start.Column, loc.End.Column, w.path, w.line, w.col, w.endCol)
		}
		if len(got[i].Related) != 1 || got[i].Related[0].Message != "here" {
			t.Errorf("finding %d related = %+v", i, got[i].Related)
		}
	}
	if got[0].SourceLine != "z = eval(y)  # é" {
		t.Errorf("source line = %q", got[0].SourceLine)
	}
	if got[2].SourceLine != "eval(1)" {
		t.Errorf("BOM kept in source line: %q", got[2].SourceLine)
	}
}

func TestOutputDoesNotDependOnCores(t *testing.T) {
	files := map[string]string{}
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		files[name+".py"] = strings.Repeat("eval(1)\n", 5)
	}
	root := writeProject(t, files)

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := analyse(t, root)
	runtime.GOMAXPROCS(4)
	four := analyse(t, root)

	if len(one) != 40 || len(four) != 40 {
		t.Fatalf("got %d and %d findings, want 40", len(one), len(four))
	}
	for i := range one {
		if one[i].Location != four[i].Location || one[i].Key != four[i].Key {
			t.Errorf("finding %d differs: %+v vs %+v", i, one[i].Location, four[i].Location)
		}
	}
}

func TestIssueKeysSurviveLinesAddedAbove(t *testing.T) {
	before := analyse(t, writeProject(t, map[string]string{
		"app.py": "eval(a)\neval(a)\neval(b)\n",
	}))
	after := analyse(t, writeProject(t, map[string]string{
		"app.py": "import os\n\n# a comment\neval(a)\neval(a)\neval(b)\n",
	}))
	if len(before) != 3 || len(after) != 3 {
		t.Fatalf("findings: %d before, %d after", len(before), len(after))
	}
	seen := map[string]bool{}
	for i := range before {
		if before[i].Key != after[i].Key {
			t.Errorf("key %d changed: %s -> %s", i, before[i].Key, after[i].Key)
		}
		if !strings.HasPrefix(before[i].Key, "FLASK-") || len(before[i].Key) != 12 {
			t.Errorf("malformed key %q", before[i].Key)
		}
		if seen[before[i].Key] {
			t.Errorf("duplicate key %s for identical lines", before[i].Key)
		}
		seen[before[i].Key] = true
	}
}

func TestBadFilesDoNotStopTheRun(t *testing.T) {
	root := writeProject(t, map[string]string{
		"good.py":   "eval(x)\n",
		"binary.py": "\x00\x01\x02\x03",
		"latin1.py": "s = '\xe9'\neval(s)\n",
		"py2.py":    "print 'hello'\neval(y)\n",
		"broken.py": "def f(:\n    pass\neval(z)\n",
	})
	findings := analyse(t, root)
	perRule := map[string][]string{}
	for _, f := range findings {
		perRule[f.Rule.ID] = append(perRule[f.Rule.ID], f.Location.Path)
	}
	wantParse := "binary.py broken.py latin1.py py2.py"
	if got := strings.Join(perRule[lint.ParseMeta.ID], " "); got != wantParse {
		t.Errorf("parse problems in %q, want %q", got, wantParse)
	}
	wantEval := "broken.py good.py latin1.py py2.py"
	if got := strings.Join(perRule["HC-FLASK-999"], " "); got != wantEval {
		t.Errorf("eval findings in %q, want %q", got, wantEval)
	}
}

func TestInvalidAnalyzerIsRejected(t *testing.T) {
	bad := &rule.Rule{Meta: &lint.Meta{ID: "HC-FLASK-998"}, Analyzer: &analysis.Analyzer{
		Name: "not-an-identifier", Doc: "x",
		Run: func(*analysis.Pass) (any, error) { return nil, nil },
	}}
	_, err := Run(Options{Root: t.TempDir(), Rules: []*rule.Rule{bad}})
	if err == nil || !strings.Contains(err.Error(), "invalid analyzer") {
		t.Fatalf("err = %v, want an invalid analyzer error", err)
	}
}

func TestReadFileStaysInsideRoot(t *testing.T) {
	r := &run{opts: Options{Root: t.TempDir()}}
	for _, name := range []string{"../etc/passwd", "/etc/passwd"} {
		if _, err := r.readFile(name); err == nil {
			t.Errorf("readFile(%q) succeeded", name)
		}
	}
}

func TestSuppressions(t *testing.T) {
	root := writeProject(t, map[string]string{
		"app.py": `eval(a)  # noqa: HC-FLASK-999
eval(b)  # flasklint: ignore[HC-FLASK-999] -- trusted input from settings
eval(c)  # noqa
eval(d)  # flasklint: ignore[HC-FLASK-999]
x = 1  # noqa: HC-FLASK-999
y = 2  # noqa: HC-FLASK-001
eval(
    e,
)  # noqa: HC-FLASK-999
s = "eval(f)  # noqa: HC-FLASK-999"
`,
	})
	type row struct {
		rule       string
		line       int
		suppressed bool
	}
	var got []row
	for _, f := range analyse(t, root) {
		got = append(got, row{f.Rule.ID, f.Location.Start.Line, f.Suppressed != nil})
	}
	want := []row{
		{"HC-FLASK-999", 1, true},
		{"HC-FLASK-999", 2, true},
		{"HC-FLASK-999", 3, false}, // a bare noqa silences nothing
		{"HC-FLASK-999", 4, false}, // malformed: no reason
		{"FLASKLINT-SUPPRESSION", 4, false},
		{"FLASKLINT-UNUSED-SUPPRESSION", 5, false},
		// line 6 names a rule that did not run: not reported as unused
		{"HC-FLASK-999", 7, true}, // last line of the statement
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	findings := analyse(t, root)
	if j := findings[1].Suppressed.Justification; j != "trusted input from settings" {
		t.Errorf("justification = %q", j)
	}
}

func TestPanickingRuleIsAnError(t *testing.T) {
	crash := rule.New(&lint.Meta{ID: "HC-FLASK-997", Slug: "crash", Title: "crash",
		Severity: lint.SeverityError, Doc: "Crashes."}, func(*rule.Pass) { panic("boom") })
	root := writeProject(t, map[string]string{"app.py": "x = 1\n"})
	_, err := Run(Options{Root: root, Files: []string{"app.py"},
		Rules: []*rule.Rule{evalRule, crash}})
	pe, ok := errors.AsType[*PanicError](err)
	if !ok || pe.Value != "boom" || !strings.Contains(string(pe.Stack), "goroutine") {
		t.Fatalf("err = %v, want a PanicError with a stack", err)
	}
}

func TestFindingsCanOverrideSeverity(t *testing.T) {
	mixed := rule.New(&lint.Meta{ID: "HC-FLASK-996", Slug: "mixed", Title: "mixed",
		Severity: lint.SeverityError, Doc: "Two weights."}, func(pass *rule.Pass) {
		for _, call := range pass.Project.Calls("eval") {
			pass.ReportNode(call.File(), call.Node, "default weight")
			pass.WithSeverity(lint.SeverityNote).ReportNode(call.File(), call.Node, "lighter")
		}
	})
	root := writeProject(t, map[string]string{"app.py": "eval(x)\n"})
	res, err := Run(Options{Root: root, Files: []string{"app.py"}, Rules: []*rule.Rule{mixed}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]lint.Severity{}
	for _, f := range res.Findings {
		got[f.Message] = f.Severity
	}
	if got["default weight"] != lint.SeverityError || got["lighter"] != lint.SeverityNote {
		t.Errorf("severities = %v", got)
	}
}
