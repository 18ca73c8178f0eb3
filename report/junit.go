package report

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/flasklint/flasklint/lint"
)

// junitSuiteName names the single test suite, so CI dashboards group the
// findings under the tool.
const junitSuiteName = "flasklint"

// junitSuites is the root element. The attributes repeat the suite's
// totals because some readers only look at the root.
type junitSuites struct {
	XMLName xml.Name `xml:"testsuites"`
	junitTotals
	Suites []junitSuite `xml:"testsuite"`
}

// junitSuite is the one suite holding a test case per finding.
type junitSuite struct {
	junitTotals
	Cases []junitCase `xml:"testcase"`
}

// junitTotals are the counts JUnit readers show. flasklint never reports
// an error, in JUnit's sense of a test that crashed, but readers expect
// the attribute.
type junitTotals struct {
	Name     string `xml:"name,attr"`
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Errors   int    `xml:"errors,attr"`
	Skipped  int    `xml:"skipped,attr"`
}

// junitCase is one finding: a failure, or skipped when it is suppressed.
// A case with neither is the passing one of a clean run.
type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitFailure `xml:"failure"`
	Skipped   *junitSkipped `xml:"skipped"`
}

// junitFailure carries the message in the attribute readers list and the
// details in the body they show when a case is opened.
type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

// junitSkipped says why a suppressed finding does not fail the run.
type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// writeJUnit renders a JUnit XML report. When no finding stands, a single
// passing case is added, so CI shows a green test run rather than an
// empty one, which some readers treat as a failure. encoding/xml
// escapes markup and replaces characters XML cannot hold with U+FFFD, so
// text from the analysed project cannot break the document.
func writeJUnit(buf *bytes.Buffer, res *Result, _ Options) error {
	suite := junitSuite{junitTotals: junitTotals{Name: junitSuiteName}}
	for i := range res.Findings {
		suite.add(junitCaseOf(&res.Findings[i]))
	}
	if suite.Failures == 0 {
		suite.add(junitCase{Classname: junitSuiteName, Name: "no findings"})
	}

	doc := junitSuites{junitTotals: suite.junitTotals, Suites: []junitSuite{suite}}
	buf.WriteString(xml.Header)
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	buf.Write(out)
	buf.WriteByte('\n')
	return nil
}

// add appends a case and counts it.
func (s *junitSuite) add(c junitCase) {
	s.Cases = append(s.Cases, c)
	s.Tests++
	switch {
	case c.Failure != nil:
		s.Failures++
	case c.Skipped != nil:
		s.Skipped++
	}
}

// junitCaseOf converts one finding: classname is its path and name is
// "RULE-ID line:col", the parts of the position the driver knew.
func junitCaseOf(f *lint.Finding) junitCase {
	c := junitCase{Classname: f.Location.Path, Name: f.Rule.ID}
	if pos := linePosition(f.Location); pos != "" {
		c.Name += " " + pos
	}

	if kind, why, ok := suppressionOf(f); ok {
		c.Skipped = &junitSkipped{Message: describeSuppression(kind, why)}
		return c
	}
	c.Failure = &junitFailure{Message: f.Message, Type: f.Rule.ID, Body: junitBody(f)}
	return c
}

// linePosition is "line:col", "line", or "" for a whole-file finding.
func linePosition(loc lint.Location) string {
	if loc.Start.Line < 1 {
		return ""
	}
	s := strconv.Itoa(loc.Start.Line)
	if loc.Start.Column >= 1 {
		s += ":" + strconv.Itoa(loc.Start.Column)
	}
	return s
}

// junitBody is the failure's text: the message, where it is, the rule,
// related locations, the fix hint and the Issue-Key, one per line.
func junitBody(f *lint.Finding) string {
	rule := f.Rule.ID
	if f.Rule.Slug != "" {
		rule += " " + f.Rule.Slug
	}
	lines := []string{
		f.Message,
		"at " + position(f.Location),
		"rule: " + rule + " (" + severityOf(f).String() + ")",
	}
	for _, rel := range f.Related {
		note := "note: " + position(rel)
		if rel.Message != "" {
			note += ": " + rel.Message
		}
		lines = append(lines, note)
	}
	if f.Fix != "" {
		lines = append(lines, "help: "+f.Fix)
	}
	if f.Key != "" {
		lines = append(lines, "Issue-Key: "+f.Key)
	}
	return strings.Join(lines, "\n")
}
