package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/flasklint/flasklint/lint"
)

// Result is everything a formatter needs to know about one run.
type Result struct {
	Findings []lint.Finding // already sorted deterministically by the driver
	Rules    []*lint.Meta   // every rule that ran (for SARIF tool.driver.rules), in ID order
	Root     string         // absolute path of the analysis root
	Files    int            // number of files analysed
	Elapsed  time.Duration
	Version  string // flasklint version, e.g. "0.1.0"
}

// Options tune the human-readable output.
type Options struct {
	// Color turns on ANSI escapes in the text format. The caller decides,
	// because only it knows whether the writer is a terminal and whether
	// NO_COLOR is set.
	Color bool
}

// formatter renders a whole result into buf.
type formatter func(buf *bytes.Buffer, res *Result, opts Options) error

// formatNames lists the formats in the order help text should show them.
var formatNames = []string{"text", "json", "sarif", "github", "gitlab", "junit"}

var formatters = map[string]formatter{
	"text":   writeText,
	"json":   writeJSON,
	"sarif":  writeSARIF,
	"github": writeGitHub,
	"gitlab": writeGitLab,
	"junit":  writeJUnit,
}

// Formats returns the names Write accepts, default first.
func Formats() []string {
	return slices.Clone(formatNames)
}

// Write renders res in the named format (one of Formats(); an empty name
// means text) and writes it to w.
//
// The output is built in memory and written with a single call, so a
// formatter error never leaves half a JSON or SARIF document behind.
func Write(w io.Writer, format string, res *Result, opts Options) error {
	if format == "" {
		format = "text"
	}
	render, ok := formatters[format]
	if !ok {
		return fmt.Errorf("unknown format %q (want %s)", format, orList(formatNames))
	}

	if err := checkResult(res); err != nil {
		return err
	}

	var buf bytes.Buffer
	if err := render(&buf, res, opts); err != nil {
		return fmt.Errorf("format %s: %w", format, err)
	}

	_, err := w.Write(buf.Bytes())
	return err
}

// checkResult rejects input that would otherwise make a formatter panic,
// since a crash would lose every other finding of the run.
func checkResult(res *Result) error {
	if res == nil {
		return fmt.Errorf("nil result")
	}
	for i := range res.Findings {
		if res.Findings[i].Rule == nil {
			return fmt.Errorf("finding %d (%s) has no rule", i, res.Findings[i].Location.Path)
		}
		if err := checkSuppression(i, &res.Findings[i]); err != nil {
			return err
		}
	}
	for i, m := range res.Rules {
		if m == nil {
			return fmt.Errorf("rule %d is nil", i)
		}
	}
	return nil
}

// orList joins names as "a, b, c or d".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// severityOf is the level a finding is reported at. The driver may have
// overridden the rule's default; a finding that left it unset keeps the
// rule's own.
func severityOf(f *lint.Finding) lint.Severity {
	if f.Severity == 0 {
		return f.Rule.Severity
	}
	return f.Severity
}

// validEnd reports whether loc.End is worth reporting: set, and not
// before the start. The driver leaves End zero when it only knows a point.
func validEnd(loc lint.Location) bool {
	start, end := loc.Start, loc.End
	if end.Line != start.Line {
		return end.Line > start.Line
	}
	return end.Column >= 1 && end.Column >= start.Column
}

// tally counts the findings that stand, per severity and per rule ID,
// and apart from them the suppressed ones, which no total includes.
type tally struct {
	active     int
	suppressed int
	bySeverity map[lint.Severity]int
	byRule     map[string]int
}

// count totals findings for the summaries of the text and json formats.
func count(findings []lint.Finding) tally {
	t := tally{bySeverity: map[lint.Severity]int{}, byRule: map[string]int{}}
	for i := range findings {
		if isSuppressed(&findings[i]) {
			t.suppressed++
			continue
		}
		t.active++
		t.bySeverity[severityOf(&findings[i])]++
		t.byRule[findings[i].Rule.ID]++
	}
	return t
}

// ruleCount is one rule's number of findings.
type ruleCount struct {
	id string
	n  int
}

// rulesByCount orders the per-rule counts with the noisiest rule first, so
// the summary points at what to look at; ties go by ID to stay stable.
func (t tally) rulesByCount() []ruleCount {
	counts := make([]ruleCount, 0, len(t.byRule))
	for id, n := range t.byRule {
		counts = append(counts, ruleCount{id, n})
	}
	slices.SortFunc(counts, func(a, b ruleCount) int {
		return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.id, b.id))
	})
	return counts
}
