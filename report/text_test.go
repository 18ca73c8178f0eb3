package report_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/report"
)

// lines joins expected output lines, each ending in a newline. Writing
// them one by one keeps tabs and trailing spaces visible in the source.
func lines(ls ...string) string {
	return strings.Join(ls, "\n") + "\n"
}

func TestTextPlain(t *testing.T) {
	tests := []struct {
		name string
		res  *report.Result
		want string
	}{
		{
			name: "full",
			res:  fullResult(),
			want: lines(
				"app/config.py:3:1: HC-FLASK-015 ProductionConfig inherits DEBUG = True"+
					" from Config [FLASK-0c1d2e]",
				"  3 | class ProductionConfig(Config):",
				"    | ^"+tildes(30), // to the end of the 31-code-point line
				"  app/config.py:2:5: note: DEBUG set here",
				"  app/__init__.py:8:5: note: selected for production here",
				"  help: set DEBUG = False in ProductionConfig",
				"",
				"app/views.py:14:21: HC-FLASK-022 redirect target taken from request.args"+
					" without a host check [FLASK-3fa2c1]",
				`  14 |     return redirect(request.args["é"])  # ünïcode`,
				"     |                     ^"+tildes(16), // request.args["é"] is 17 code points
				"  app/views.py:10:2: note: route registered here",
				"  help: compare urlsplit(target).netloc with request.host before redirecting",
				"",
				"app/views.py:20:21: HC-FLASK-022 redirect target taken from a variable set"+
					" from the request [FLASK-9e8d7c]",
				"  20 |     return redirect(nxt)",
				"     |                     ^",
				"",
				"legacy/py2.py:1:1: FLASKLINT-PARSE Python 2 print statement; the rest of"+
					" the file was skipped [FLASK-77aa01]",
				`  1 | print "hello"`,
				"    | ^"+tildes(12),
				"",
				"wsgi.py:7:10: HC-FLASK-008 app.run called with debug=True [FLASK-5b6c7d]",
				"  7 | \tapp.run(debug=True)",
				"    | \t        ^"+tildes(9),
				"",
				"Found 5 findings (2 errors, 2 warnings, 1 note) in 12 files in 12ms",
				"  HC-FLASK-022: 2, FLASKLINT-PARSE: 1, HC-FLASK-008: 1, HC-FLASK-015: 1",
			),
		},
		{
			name: "empty",
			res:  emptyResult(),
			want: "No findings in 3 files in <1ms\n",
		},
		{
			name: "suppressed findings left out, counted apart",
			res:  suppressedResult(),
			want: lines(
				"app/config.py:4:18: HC-FLASK-001 SECRET_KEY is a string literal; read it"+
					" from the environment [FLASK-a1b2c3]",
				`  4 |     SECRET_KEY = "dev-not-secret"`,
				"    |                  ^"+tildes(15), // the 16-code-point string literal
				`  help: use os.environ["SECRET_KEY"]`,
				"",
				"Found 1 finding (1 error, 0 warnings, 0 notes) in 3 files in <1ms; 2 suppressed",
				"  HC-FLASK-001: 1",
			),
		},
		{
			name: "every finding suppressed",
			res: func() *report.Result {
				res := suppressedResult()
				res.Findings = res.Findings[1:]
				return res
			}(),
			want: "No findings in 3 files in <1ms; 2 suppressed\n",
		},
		{
			name: "one file, seconds",
			res:  &report.Result{Files: 1, Elapsed: 1534 * time.Millisecond},
			want: "No findings in 1 file in 1.53s\n",
		},
		{
			name: "whole-file finding without line, frame or key",
			res: &report.Result{
				Findings: []lint.Finding{{
					Rule:     lint.ParseMeta,
					Message:  "binary file skipped",
					Location: lint.Location{Path: "static/logo.py"},
				}},
				Files:   1,
				Elapsed: 3 * time.Millisecond,
			},
			want: lines(
				"static/logo.py: FLASKLINT-PARSE binary file skipped",
				"",
				"Found 1 finding (0 errors, 1 warning, 0 notes) in 1 file in 3ms",
				"  FLASKLINT-PARSE: 1",
			),
		},
		{
			name: "terminal escapes from the analysed code are neutralised",
			res: &report.Result{
				Findings: []lint.Finding{{
					Rule:       debugRule,
					Message:    "debug=\x1b[2J set",
					Location:   at("a.py", 1, 5, 1, 6),
					SourceLine: "x = \x1b[2J\u202e",
					Related:    []lint.Location{related("b.py", 2, 1, "")},
				}},
				Files: 2,
			},
			want: lines(
				"a.py:1:5: HC-FLASK-008 debug=\uFFFD[2J set",
				"  1 | x = \uFFFD[2J\uFFFD",
				"    |     ^",
				"  b.py:2:1: note:",
				"",
				"Found 1 finding (0 errors, 1 warning, 0 notes) in 2 files in 0ms",
				"  HC-FLASK-008: 1",
			),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, "text", tc.res, report.Options{})
			if got != tc.want {
				t.Errorf("text output mismatch\n got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// tildes is the tail of a caret marker.
func tildes(n int) string {
	return strings.Repeat("~", n)
}

// ansi matches the SGR sequences the text format may emit.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestTextColor(t *testing.T) {
	plain := render(t, "text", fullResult(), report.Options{Color: false})
	colored := render(t, "text", fullResult(), report.Options{Color: true})

	if strings.Contains(plain, "\x1b") {
		t.Errorf("Color=false output contains an escape:\n%q", plain)
	}

	for _, want := range []string{
		"\x1b[1mapp/views.py:14:21:\x1b[0m",   // bold location
		"\x1b[31mHC-FLASK-022\x1b[0m",         // error in red
		"\x1b[33mHC-FLASK-008\x1b[0m",         // warning in yellow
		"\x1b[36mHC-FLASK-015\x1b[0m",         // note in cyan
		"\x1b[2m  14 |\x1b[0m",                // dim gutter
		"\x1b[31m^" + tildes(16) + "\x1b[0m",  // caret in the finding's colour
		"\x1b[33m^" + tildes(9) + "\x1b[0m",   // caret of the warning
		"\x1b[1mFound 5 findings (2 errors, ", // bold summary
	} {
		if !strings.Contains(colored, want) {
			t.Errorf("Color=true output lacks %q", want)
		}
	}

	// Colour must decorate, never change the layout.
	if stripped := ansi.ReplaceAllString(colored, ""); stripped != plain {
		t.Errorf("colour output without escapes differs from plain output\n got:\n%s\nwant:\n%s",
			stripped, plain)
	}
}
