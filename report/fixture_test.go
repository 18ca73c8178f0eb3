package report_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/report"
)

// schemaPath is the vendored SARIF schema every SARIF output is checked
// against.
const schemaPath = "../testdata/sarif/sarif-schema-2.1.0.json"

// Hand-built rule metadata. The IDs and slugs look like the real rules,
// but the tests depend only on what is written here.
var (
	secretKeyRule = &lint.Meta{
		ID:               "HC-FLASK-001",
		Slug:             "hardcoded-secret-key",
		Title:            "secret key written in the source",
		Severity:         lint.SeverityError,
		Confidence:       lint.ConfidenceHigh,
		CWE:              []int{798},
		SecuritySeverity: 9.8,
		Tags:             []string{"security", "config"},
		Doc:              "Flags a SECRET_KEY given as a string literal.",
	}
	debugRule = &lint.Meta{
		ID:               "HC-FLASK-008",
		Slug:             "debug-mode-enabled",
		Title:            "debug mode switched on in code that may run in production",
		Severity:         lint.SeverityWarning,
		Confidence:       lint.ConfidenceMedium,
		CWE:              []int{489, 215},
		SecuritySeverity: 7.5,
		Tags:             []string{"security", "deployment"},
		Doc:              "Flags `app.run(debug=True)`.\n\nThe debugger runs code sent to it.",
	}
	inheritRule = &lint.Meta{
		ID:         "HC-FLASK-015",
		Slug:       "production-config-inherits-debug",
		Title:      "production configuration inherits development settings",
		Severity:   lint.SeverityNote,
		Confidence: lint.ConfidenceLow,
		Tags:       []string{"deployment"},
	}
	redirectRule = &lint.Meta{
		ID:               "HC-FLASK-022",
		Slug:             "open-redirect",
		Title:            "redirect to a URL taken from the request",
		Severity:         lint.SeverityError,
		Confidence:       lint.ConfidenceHigh,
		CWE:              []int{601},
		SecuritySeverity: 6.1,
		Tags:             []string{"flask"},
		Doc: "# Analyzer hcflask022\n\nFlags `redirect()` calls whose target comes\n" +
			"from the request without a host check.\n\n## Why is this bad?\n\n" +
			"Users can be sent to a site of the attacker's choosing.\n",
	}
)

// at builds a location from line and column pairs; zero end values mean
// the driver knew only a point.
func at(path string, line, col, endLine, endCol int) lint.Location {
	return lint.Location{
		Path:  path,
		Start: lint.Position{Line: line, Column: col},
		End:   lint.Position{Line: endLine, Column: endCol},
	}
}

// related builds a related location with its message.
func related(path string, line, col int, msg string) lint.Location {
	loc := at(path, line, col, 0, 0)
	loc.Message = msg
	return loc
}

// fullFindings covers every shape the formatters must handle: a span over
// several lines with two related locations and a fix, a non-ASCII line
// measured in code points, a point without an end, a parse failure on a
// line starting with a byte-order mark, and a tab-indented line.
func fullFindings() []lint.Finding {
	return []lint.Finding{
		{
			Rule:     inheritRule,
			Severity: lint.SeverityNote,
			Message:  "ProductionConfig inherits DEBUG = True from Config",
			Location: at("app/config.py", 3, 1, 5, 2),
			Related: []lint.Location{
				related("app/config.py", 2, 5, "DEBUG set here"),
				related("app/__init__.py", 8, 5, "selected for production here"),
			},
			Key:        "FLASK-0c1d2e",
			LineHash:   "4b1e2f3a5c6d7e80:1",
			SourceLine: "class ProductionConfig(Config):\n",
			Fix:        "set DEBUG = False in ProductionConfig",
		},
		{
			Rule:       redirectRule,
			Severity:   lint.SeverityError,
			Message:    "redirect target taken from request.args without a host check",
			Location:   at("app/views.py", 14, 21, 14, 38),
			Related:    []lint.Location{related("app/views.py", 10, 2, "route registered here")},
			Key:        "FLASK-3fa2c1",
			LineHash:   "9a8b7c6d5e4f3a2b:1",
			SourceLine: `    return redirect(request.args["é"])  # ünïcode`,
			Fix:        "compare urlsplit(target).netloc with request.host before redirecting",
		},
		{
			Rule:       redirectRule,
			Severity:   lint.SeverityError,
			Message:    "redirect target taken from a variable set from the request",
			Location:   at("app/views.py", 20, 21, 0, 0),
			Key:        "FLASK-9e8d7c",
			LineHash:   "0f1e2d3c4b5a6978:1",
			SourceLine: "    return redirect(nxt)",
		},
		{
			Rule:       lint.ParseMeta,
			Severity:   lint.SeverityWarning,
			Message:    "Python 2 print statement; the rest of the file was skipped",
			Location:   at("legacy/py2.py", 1, 1, 1, 14),
			Key:        "FLASK-77aa01",
			LineHash:   "1122334455667788:1",
			SourceLine: "\uFEFFprint \"hello\"",
		},
		{
			Rule:       debugRule,
			Severity:   lint.SeverityWarning,
			Message:    "app.run called with debug=True",
			Location:   at("wsgi.py", 7, 10, 7, 20),
			Key:        "FLASK-5b6c7d",
			LineHash:   "8877665544332211:1",
			SourceLine: "\tapp.run(debug=True)",
		},
	}
}

// fullResult is a run with findings from three rules and a parse failure,
// and one rule that ran without reporting anything.
func fullResult() *report.Result {
	return &report.Result{
		Findings: fullFindings(),
		Rules:    []*lint.Meta{secretKeyRule, debugRule, inheritRule, redirectRule},
		Root:     "/work/proj",
		Files:    12,
		Elapsed:  12345678 * time.Nanosecond,
		Version:  "0.1.0",
	}
}

// emptyResult is a clean run.
func emptyResult() *report.Result {
	return &report.Result{
		Rules:   []*lint.Meta{secretKeyRule, debugRule, inheritRule, redirectRule},
		Root:    "/work/proj",
		Files:   3,
		Elapsed: 400 * time.Microsecond,
		Version: "0.1.0",
	}
}

// render runs Write and fails the test on error.
func render(t *testing.T, format string, res *report.Result, opts report.Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, format, res, opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.String()
}

// suppressedFindings has one finding that stands, from a rule in the
// CVSS critical band, one accepted by a comment with its reason and one
// accepted by the baseline without a reason.
func suppressedFindings() []lint.Finding {
	return []lint.Finding{
		{
			Rule:       secretKeyRule,
			Severity:   lint.SeverityError,
			Message:    "SECRET_KEY is a string literal; read it from the environment",
			Location:   at("app/config.py", 4, 18, 4, 34),
			Key:        "FLASK-a1b2c3",
			LineHash:   "5d41402abc4b2a76:1",
			SourceLine: `    SECRET_KEY = "dev-not-secret"`,
			Fix:        `use os.environ["SECRET_KEY"]`,
		},
		{
			Rule:       redirectRule,
			Severity:   lint.SeverityError,
			Message:    "redirect target taken from request.args without a host check",
			Location:   at("app/views.py", 14, 21, 14, 38),
			Key:        "FLASK-3fa2c1",
			LineHash:   "9a8b7c6d5e4f3a2b:1",
			SourceLine: `    return redirect(request.args["next"])`,
			Suppressed: &lint.Suppression{
				Kind:          lint.SuppressedInSource,
				Justification: "next is checked by the login_required decorator",
			},
		},
		{
			Rule:       debugRule,
			Severity:   lint.SeverityWarning,
			Message:    "app.run called with debug=True",
			Location:   at("wsgi.py", 7, 10, 7, 20),
			Key:        "FLASK-5b6c7d",
			LineHash:   "8877665544332211:1",
			SourceLine: "\tapp.run(debug=True)",
			Suppressed: &lint.Suppression{Kind: lint.SuppressedExternal},
		},
	}
}

// suppressedResult is a run where two of three findings were accepted.
func suppressedResult() *report.Result {
	res := emptyResult()
	res.Findings = suppressedFindings()
	return res
}
