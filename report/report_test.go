package report_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/report"
)

func TestFormats(t *testing.T) {
	want := []string{"text", "json", "sarif", "github", "gitlab", "junit"}
	got := report.Formats()
	if !slices.Equal(got, want) {
		t.Fatalf("Formats() = %v, want %v", got, want)
	}

	got[0] = "changed"
	if report.Formats()[0] != "text" {
		t.Error("Formats returns the package's own slice")
	}

	for _, f := range want {
		if err := report.Write(&strings.Builder{}, f, emptyResult(), report.Options{}); err != nil {
			t.Errorf("Write(%q): %v", f, err)
		}
	}
}

func TestWriteDefaultsToText(t *testing.T) {
	if got, want := render(t, "", fullResult(), report.Options{}),
		render(t, "text", fullResult(), report.Options{}); got != want {
		t.Errorf("empty format name gave\n%s\nwant the text format\n%s", got, want)
	}
}

func TestWriteErrors(t *testing.T) {
	noRule := fullResult()
	noRule.Findings[2].Rule = nil
	nilRule := fullResult()
	nilRule.Rules[1] = nil
	badKind := fullResult()
	badKind.Findings[1].Suppressed = &lint.Suppression{Kind: "noqa"}

	tests := []struct {
		name   string
		format string
		res    *report.Result
		want   string
	}{
		{"unknown format", "xml", fullResult(),
			`unknown format "xml" (want text, json, sarif, github, gitlab or junit)`},
		{"format names are exact", "SARIF", fullResult(), `unknown format "SARIF"`},
		{"nil result", "json", nil, "nil result"},
		{"finding without rule", "sarif", noRule, "finding 2 (app/views.py) has no rule"},
		{"nil rule", "sarif", nilRule, "rule 1 is nil"},
		{"suppression kind SARIF lacks", "text", badKind,
			`finding 1 (app/views.py) has suppression kind "noqa" (want inSource or external)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			err := report.Write(&out, tc.format, tc.res, report.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want one containing %q", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", out.Len())
			}
		})
	}
}

// failingWriter rejects every write.
type failingWriter struct{}

var errDiskFull = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWritePassesWriterError(t *testing.T) {
	for _, f := range report.Formats() {
		err := report.Write(failingWriter{}, f, fullResult(), report.Options{})
		if !errors.Is(err, errDiskFull) {
			t.Errorf("Write(%s) = %v, want the writer's error", f, err)
		}
	}
}

// TestSeverityFallsBackToRule checks that a finding without its own level
// is reported at the rule's default in every format.
func TestSeverityFallsBackToRule(t *testing.T) {
	res := &report.Result{Findings: []lint.Finding{{
		Rule:     redirectRule,
		Message:  "m",
		Location: at("a.py", 1, 1, 1, 2),
	}}}
	checks := map[string]string{
		"json":   `"severity": "error"`,
		"github": "::error ",
		"text":   "(1 error, 0 warnings, 0 notes)",
		"gitlab": `"severity": "major"`,
		"junit":  "rule: HC-FLASK-022 open-redirect (error)",
	}
	for format, want := range checks {
		if out := render(t, format, res, report.Options{}); !strings.Contains(out, want) {
			t.Errorf("%s output lacks %q:\n%s", format, want, out)
		}
	}

	// In SARIF the rule's defaultConfiguration also says "error", so look
	// at the result itself.
	if _, log := renderSARIF(t, res); log.Runs[0].Results[0].Level != "error" {
		t.Errorf("SARIF result level = %q, want error", log.Runs[0].Results[0].Level)
	}
}
