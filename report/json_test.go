package report_test

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/report"
)

// jsonDoc mirrors the documented json shape, so a renamed key shows up as
// a zero value here.
type jsonDoc struct {
	Version  string `json:"version"`
	Findings []struct {
		RuleID     string `json:"rule_id"`
		RuleName   string `json:"rule_name"`
		Severity   string `json:"severity"`
		Confidence string `json:"confidence"`
		Message    string `json:"message"`
		Path       string `json:"path"`
		Line       int    `json:"line"`
		Column     int    `json:"column"`
		EndLine    int    `json:"end_line"`
		EndColumn  int    `json:"end_column"`
		IssueKey   string `json:"issue_key"`
		Related    []struct {
			Path    string `json:"path"`
			Line    int    `json:"line"`
			Column  int    `json:"column"`
			Message string `json:"message"`
		} `json:"related"`
		Fix        string `json:"fix"`
		Suppressed *struct {
			Kind          string `json:"kind"`
			Justification string `json:"justification"`
		} `json:"suppressed"`
	} `json:"findings"`
	Summary struct {
		Files      int            `json:"files"`
		Findings   int            `json:"findings"`
		Suppressed int            `json:"suppressed"`
		ByRule     map[string]int `json:"by_rule"`
		BySeverity map[string]int `json:"by_severity"`
	} `json:"summary"`
}

func TestJSONFields(t *testing.T) {
	out := render(t, "json", fullResult(), report.Options{})
	var doc jsonDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}

	if doc.Version != "0.1.0" || len(doc.Findings) != 5 {
		t.Fatalf("version %q, %d findings; want 0.1.0 and 5", doc.Version, len(doc.Findings))
	}

	f := doc.Findings[1]
	got := []any{f.RuleID, f.RuleName, f.Severity, f.Confidence, f.Path,
		f.Line, f.Column, f.EndLine, f.EndColumn, f.IssueKey, f.Fix}
	want := []any{"HC-FLASK-022", "open-redirect", "error", "high", "app/views.py",
		14, 21, 14, 38, "FLASK-3fa2c1",
		"compare urlsplit(target).netloc with request.host before redirecting"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("open-redirect finding = %v, want %v", got, want)
	}
	if len(f.Related) != 1 || f.Related[0].Path != "app/views.py" || f.Related[0].Line != 10 ||
		f.Related[0].Column != 2 || f.Related[0].Message != "route registered here" {
		t.Errorf("related = %+v", f.Related)
	}

	point := doc.Findings[2]
	if point.EndLine != 0 || point.EndColumn != 0 || point.Fix != "" || point.Related == nil {
		t.Errorf("point finding: end %d:%d, fix %q, related %v; want 0:0, \"\", []",
			point.EndLine, point.EndColumn, point.Fix, point.Related)
	}
	if parse := doc.Findings[3]; parse.RuleID != lint.ParseMeta.ID || parse.Severity != "warning" {
		t.Errorf("parse finding = %s %s", parse.RuleID, parse.Severity)
	}

	wantByRule := map[string]int{
		"HC-FLASK-022": 2, "HC-FLASK-015": 1, "HC-FLASK-008": 1, "FLASKLINT-PARSE": 1,
	}
	wantBySeverity := map[string]int{"error": 2, "warning": 2, "note": 1}
	s := doc.Summary
	if s.Files != 12 || s.Findings != 5 || !maps.Equal(s.ByRule, wantByRule) ||
		!maps.Equal(s.BySeverity, wantBySeverity) {
		t.Errorf("summary = %+v", s)
	}
}

// TestJSONKeys pins the exact key sets, which decoding into a struct does
// not: an extra or misspelt key would pass unnoticed there.
func TestJSONKeys(t *testing.T) {
	out := render(t, "json", fullResult(), report.Options{})
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}

	assertKeys(t, "top level", doc, "findings", "summary", "version")
	finding := doc["findings"].([]any)[0].(map[string]any)
	assertKeys(t, "finding", finding, "column", "confidence", "end_column", "end_line", "fix",
		"issue_key", "line", "message", "path", "related", "rule_id", "rule_name", "severity",
		"suppressed")
	rel := finding["related"].([]any)[0].(map[string]any)
	assertKeys(t, "related", rel, "column", "line", "message", "path")
	assertKeys(t, "summary", doc["summary"].(map[string]any),
		"by_rule", "by_severity", "files", "findings", "suppressed")

	// The key is there, as null, on a finding nothing suppressed.
	if v, ok := finding["suppressed"]; !ok || v != nil {
		t.Errorf("unsuppressed finding: suppressed = %v (present %v), want null", v, ok)
	}
}

func assertKeys(t *testing.T, what string, obj map[string]any, want ...string) {
	t.Helper()
	if got := slices.Sorted(maps.Keys(obj)); !slices.Equal(got, want) {
		t.Errorf("%s keys = %v, want %v", what, got, want)
	}
}

func TestJSONEmpty(t *testing.T) {
	out := render(t, "json", emptyResult(), report.Options{})
	for _, want := range []string{
		`"findings": []`,
		`"by_rule": {}`,
		`"by_severity": {` + "\n" + `      "error": 0,`,
		`"files": 3`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("empty json lacks %q:\n%s", want, out)
		}
	}
}

func TestJSONStable(t *testing.T) {
	first := render(t, "json", fullResult(), report.Options{})
	res := fullResult()
	res.Elapsed *= 7 // timing must not leak into the output
	second := render(t, "json", res, report.Options{})
	if first != second {
		t.Errorf("json differs between runs:\n%s\n---\n%s", first, second)
	}

	if !strings.HasPrefix(first, "{\n  \"version\": ") || !strings.HasSuffix(first, "}\n") {
		t.Errorf("json not indented by two spaces with a final newline:\n%s", first)
	}
}

func TestJSONKeepsMarkup(t *testing.T) {
	res := &report.Result{Findings: []lint.Finding{{
		Rule:     redirectRule,
		Message:  `<a href="{{ next }}"> & co`,
		Location: at("t.html", 1, 1, 0, 0),
	}}}
	out := render(t, "json", res, report.Options{})
	if !strings.Contains(out, `"message": "<a href=\"{{ next }}\"> & co"`) {
		t.Errorf("markup escaped or lost:\n%s", out)
	}
}

func TestJSONSuppressed(t *testing.T) {
	out := render(t, "json", suppressedResult(), report.Options{})
	var doc jsonDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}

	// Suppressed findings are still listed, in the driver's order.
	if len(doc.Findings) != 3 {
		t.Fatalf("%d findings, want all 3", len(doc.Findings))
	}
	want := []string{"", "inSource: next is checked by the login_required decorator", "external: "}
	for i, f := range doc.Findings {
		got := ""
		if f.Suppressed != nil {
			got = f.Suppressed.Kind + ": " + f.Suppressed.Justification
		}
		if got != want[i] {
			t.Errorf("finding %d (%s) suppressed = %q, want %q", i, f.RuleID, got, want[i])
		}
	}

	// Only the finding that stands is counted.
	s := doc.Summary
	if s.Findings != 1 || s.Suppressed != 2 ||
		!maps.Equal(s.ByRule, map[string]int{"HC-FLASK-001": 1}) ||
		!maps.Equal(s.BySeverity, map[string]int{"error": 1, "warning": 0, "note": 0}) {
		t.Errorf("summary = %+v, want 1 finding (an HC-FLASK-001 error) and 2 suppressed", s)
	}
}
