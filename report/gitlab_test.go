package report_test

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/report"
)

// gitlabIssue mirrors one entry of the Code Quality report.
type gitlabIssue struct {
	Description string `json:"description"`
	CheckName   string `json:"check_name"`
	Fingerprint string `json:"fingerprint"`
	Severity    string `json:"severity"`
	Location    struct {
		Path  string `json:"path"`
		Lines struct {
			Begin int `json:"begin"`
			End   int `json:"end"`
		} `json:"lines"`
	} `json:"location"`
}

// renderGitLab writes res in the gitlab format and decodes it.
func renderGitLab(t *testing.T, res *report.Result) []gitlabIssue {
	t.Helper()
	out := render(t, "gitlab", res, report.Options{})
	var issues []gitlabIssue
	if err := json.Unmarshal([]byte(out), &issues); err != nil {
		t.Fatalf("gitlab output is not a JSON array: %v\n%s", err, out)
	}
	return issues
}

func TestGitLabIssues(t *testing.T) {
	issues := renderGitLab(t, fullResult())
	want := []struct {
		check, severity, path string
		begin, end            int
	}{
		{"HC-FLASK-015", "info", "app/config.py", 3, 5},   // span over three lines
		{"HC-FLASK-022", "major", "app/views.py", 14, 14}, // security 6.1: not critical
		{"HC-FLASK-022", "major", "app/views.py", 20, 20}, // a point
		{"FLASKLINT-PARSE", "minor", "legacy/py2.py", 1, 1},
		{"HC-FLASK-008", "minor", "wsgi.py", 7, 7},
	}
	if len(issues) != len(want) {
		t.Fatalf("%d issues, want %d", len(issues), len(want))
	}
	for i, w := range want {
		got := issues[i]
		if got.CheckName != w.check || got.Severity != w.severity || got.Location.Path != w.path ||
			got.Location.Lines.Begin != w.begin || got.Location.Lines.End != w.end {
			t.Errorf("issue %d = %+v, want %+v", i, got, w)
		}
	}

	wantDesc := "HC-FLASK-022 redirect target taken from request.args without a host check" +
		" [FLASK-3fa2c1]"
	if got := issues[1].Description; got != wantDesc {
		t.Errorf("description = %q, want %q", got, wantDesc)
	}
}

func TestGitLabSeverity(t *testing.T) {
	tests := []struct {
		rule     *lint.Meta
		severity lint.Severity
		want     string
	}{
		{secretKeyRule, lint.SeverityError, "critical"}, // security 9.8
		{secretKeyRule, lint.SeverityWarning, "minor"},  // lowered by configuration
		{redirectRule, lint.SeverityError, "major"},
		{inheritRule, lint.SeverityError, "major"}, // not a security rule
		{debugRule, lint.SeverityNote, "info"},
		{debugRule, 0, "minor"}, // the rule's default, warning
	}
	for _, tc := range tests {
		res := &report.Result{Findings: []lint.Finding{{
			Rule: tc.rule, Severity: tc.severity, Message: "m", Location: at("a.py", 1, 1, 0, 0),
		}}}
		if got := renderGitLab(t, res)[0].Severity; got != tc.want {
			t.Errorf("%s at %v: severity %q, want %q", tc.rule.ID, tc.severity, got, tc.want)
		}
	}
}

// fingerprintShape is 128 bits in lowercase hexadecimal.
var fingerprintShape = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestGitLabFingerprints(t *testing.T) {
	finding := func(key, path string, line int, msg string) lint.Finding {
		return lint.Finding{Rule: redirectRule, Message: msg, Key: key,
			Location: at(path, line, 5, 0, 0)}
	}
	res := &report.Result{Findings: []lint.Finding{
		finding("FLASK-000001", "a.py", 3, "m"),
		finding("FLASK-000001", "a.py", 9, "m"), // same key, rule and path
		finding("FLASK-000001", "a.py", 12, "m"),
		finding("FLASK-000001", "b.py", 3, "m"),
		finding("", "c.py", 1, "first"),
		finding("", "c.py", 1, "second"),
		finding("", "c.py", 1, "second"), // identical in every way
	}}

	seen := map[string]int{}
	for i, is := range renderGitLab(t, res) {
		if !fingerprintShape.MatchString(is.Fingerprint) {
			t.Errorf("issue %d fingerprint %q is not 32 hex digits", i, is.Fingerprint)
		}
		if j, dup := seen[is.Fingerprint]; dup {
			t.Errorf("issues %d and %d share fingerprint %s", j, i, is.Fingerprint)
		}
		seen[is.Fingerprint] = i
	}

	// The fingerprint follows the Issue-Key, not the line: a finding that
	// moves keeps it, so GitLab does not report it as fixed and new.
	moved := &report.Result{Findings: []lint.Finding{finding("FLASK-000001", "a.py", 40, "m")}}
	if got, want := renderGitLab(t, moved)[0].Fingerprint,
		renderGitLab(t, res)[0].Fingerprint; got != want {
		t.Errorf("moved finding fingerprint %s, want %s as before", got, want)
	}
}

func TestGitLabEmptyAndSuppressed(t *testing.T) {
	if out := render(t, "gitlab", emptyResult(), report.Options{}); out != "[]\n" {
		t.Errorf("empty run gave %q, want an empty array", out)
	}

	issues := renderGitLab(t, suppressedResult())
	if len(issues) != 1 || issues[0].CheckName != "HC-FLASK-001" ||
		issues[0].Severity != "critical" {
		t.Errorf("issues = %+v, want only the HC-FLASK-001 finding, critical", issues)
	}
}
