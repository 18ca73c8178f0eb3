package report_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/report"
)

// The parts of a JUnit report the tests look at.
type (
	junitTotals struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
	}
	junitDoc struct {
		XMLName xml.Name `xml:"testsuites"`
		junitTotals
		Suites []struct {
			junitTotals
			Cases []junitCase `xml:"testcase"`
		} `xml:"testsuite"`
	}
	junitCase struct {
		Classname string `xml:"classname,attr"`
		Name      string `xml:"name,attr"`
		Failure   *struct {
			Message string `xml:"message,attr"`
			Type    string `xml:"type,attr"`
			Body    string `xml:",chardata"`
		} `xml:"failure"`
		Skipped *struct {
			Message string `xml:"message,attr"`
		} `xml:"skipped"`
	}
)

// renderJUnit writes res as JUnit XML, checks that it parses as one
// suite named flasklint, and returns the suite's totals and cases.
func renderJUnit(t *testing.T, res *report.Result) (junitTotals, []junitCase) {
	t.Helper()
	out := render(t, "junit", res, report.Options{})
	if !strings.HasPrefix(out, xml.Header) || !strings.HasSuffix(out, ">\n") {
		t.Errorf("no XML declaration or no final newline:\n%s", out)
	}

	var doc junitDoc
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("JUnit output is not well-formed: %v\n%s", err, out)
	}
	if len(doc.Suites) != 1 || doc.Suites[0].Name != "flasklint" {
		t.Fatalf("want one testsuite named flasklint:\n%s", out)
	}
	suite := doc.Suites[0]
	if doc.junitTotals != suite.junitTotals {
		t.Errorf("root totals %+v differ from the suite's %+v", doc.junitTotals, suite.junitTotals)
	}
	return suite.junitTotals, suite.Cases
}

func TestJUnitFailures(t *testing.T) {
	totals, cases := renderJUnit(t, fullResult())
	if totals != (junitTotals{Name: "flasklint", Tests: 5, Failures: 5}) {
		t.Errorf("totals = %+v, want 5 tests, 5 failures", totals)
	}

	wantNames := []string{"HC-FLASK-015 3:1", "HC-FLASK-022 14:21", "HC-FLASK-022 20:21",
		"FLASKLINT-PARSE 1:1", "HC-FLASK-008 7:10"}
	for i, c := range cases {
		f := fullFindings()[i]
		if c.Name != wantNames[i] || c.Classname != f.Location.Path || c.Failure == nil ||
			c.Failure.Type != f.Rule.ID || c.Failure.Message != f.Message || c.Skipped != nil {
			t.Errorf("case %d = %+v, want %s in %s failing with %q", i, c, wantNames[i],
				f.Location.Path, f.Message)
		}
	}

	wantBody := lines(
		"ProductionConfig inherits DEBUG = True from Config",
		"at app/config.py:3:1",
		"rule: HC-FLASK-015 production-config-inherits-debug (note)",
		"note: app/config.py:2:5: DEBUG set here",
		"note: app/__init__.py:8:5: selected for production here",
		"help: set DEBUG = False in ProductionConfig",
		"Issue-Key: FLASK-0c1d2e")
	if got := cases[0].Failure.Body + "\n"; got != wantBody {
		t.Errorf("failure body\n got:\n%s\nwant:\n%s", got, wantBody)
	}
}

func TestJUnitCleanRunPasses(t *testing.T) {
	totals, cases := renderJUnit(t, emptyResult())
	if totals.Tests != 1 || totals.Failures != 0 || totals.Skipped != 0 || len(cases) != 1 {
		t.Fatalf("totals %+v, %d cases; want one passing case", totals, len(cases))
	}
	if c := cases[0]; c.Failure != nil || c.Skipped != nil || c.Name != "no findings" {
		t.Errorf("case = %+v, want a passing \"no findings\" case", c)
	}
}

func TestJUnitSuppressedAreSkipped(t *testing.T) {
	totals, cases := renderJUnit(t, suppressedResult())
	if totals != (junitTotals{Name: "flasklint", Tests: 3, Failures: 1, Skipped: 2}) {
		t.Errorf("totals = %+v, want 3 tests: 1 failure, 2 skipped", totals)
	}
	wantSkip := []string{
		"",
		"suppressed in source: next is checked by the login_required decorator",
		"suppressed by the baseline",
	}
	for i, c := range cases {
		got := ""
		if c.Skipped != nil {
			got = c.Skipped.Message
		}
		if got != wantSkip[i] || (c.Failure != nil) != (i == 0) {
			t.Errorf("case %d = %+v, want skipped %q", i, c, wantSkip[i])
		}
	}

	// With every finding suppressed the run is green: the skipped cases
	// and a passing one.
	res := suppressedResult()
	res.Findings = res.Findings[1:]
	totals, cases = renderJUnit(t, res)
	if totals.Tests != 3 || totals.Failures != 0 || totals.Skipped != 2 ||
		cases[2].Name != "no findings" {
		t.Errorf("all suppressed: totals %+v, last case %+v", totals, cases[len(cases)-1])
	}
}

// TestJUnitHostileText feeds markup, a CDATA terminator, quotes, a
// newline and a terminal escape through every field the project under
// analysis controls.
func TestJUnitHostileText(t *testing.T) {
	res := &report.Result{Findings: []lint.Finding{{
		Rule:     debugRule,
		Message:  "<script>\"x\" & 'y' ]]> \x1b[2J\nnext",
		Location: at(`we"ird<&>.py`, 2, 3, 0, 0),
		Fix:      "use ]]>",
	}}}
	_, cases := renderJUnit(t, res)

	c := cases[0]
	if c.Classname != `we"ird<&>.py` || c.Failure == nil {
		t.Fatalf("case = %+v", c)
	}
	if want := "<script>\"x\" & 'y' ]]> \uFFFD[2J\nnext"; c.Failure.Message != want {
		t.Errorf("message = %q, want %q", c.Failure.Message, want)
	}
	if !strings.Contains(c.Failure.Body, "help: use ]]>") {
		t.Errorf("body = %q", c.Failure.Body)
	}
}

func TestJUnitWholeFileName(t *testing.T) {
	res := &report.Result{Findings: []lint.Finding{{
		Rule: lint.ParseMeta, Message: "binary file skipped",
		Location: lint.Location{Path: "static/logo.py"},
	}}}
	_, cases := renderJUnit(t, res)
	if got := cases[0].Name; got != "FLASKLINT-PARSE" {
		t.Errorf("name = %q, want the rule ID alone", got)
	}
	if body := cases[0].Failure.Body; !strings.Contains(body, "\nat static/logo.py\n") {
		t.Errorf("body = %q, want the path without a position", body)
	}
}
