package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/flasklint/flasklint/lint"
)

// ANSI select-graphic-rendition sequences used by the text format.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// palette paints text when colour is on and is the identity otherwise, so
// the layout code is the same for both.
type palette bool

func (p palette) paint(sgr, s string) string {
	if !p || s == "" {
		return s
	}
	return sgr + s + ansiReset
}

// severityColor is the colour of a finding's rule ID and caret.
func severityColor(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return ansiRed
	case lint.SeverityWarning:
		return ansiYellow
	}
	return ansiCyan
}

// writeText renders one block per finding followed by the summary line.
// Suppressed findings are left out: someone already decided about them,
// and the summary says how many there were.
func writeText(buf *bytes.Buffer, res *Result, opts Options) error {
	p := palette(opts.Color)
	for i := range res.Findings {
		if isSuppressed(&res.Findings[i]) {
			continue
		}
		writeTextFinding(buf, &res.Findings[i], p)
		buf.WriteByte('\n')
	}
	writeSummary(buf, res, p)
	return nil
}

// writeTextFinding writes the header, the code frame, the related
// locations and the fix hint of one finding.
func writeTextFinding(buf *bytes.Buffer, f *lint.Finding, p palette) {
	color := severityColor(severityOf(f))
	fmt.Fprintf(buf, "%s %s %s", p.paint(ansiBold, position(f.Location)+":"),
		p.paint(color, f.Rule.ID), sanitize(f.Message))
	if f.Key != "" {
		buf.WriteString(" " + p.paint(ansiDim, "["+f.Key+"]"))
	}
	buf.WriteByte('\n')

	writeFrame(buf, f, color, p)

	for _, rel := range f.Related {
		line := "  " + p.paint(ansiBold, position(rel)+":") + " " + p.paint(ansiCyan, "note:")
		if rel.Message != "" {
			line += " " + sanitize(rel.Message)
		}
		buf.WriteString(line + "\n")
	}

	if f.Fix != "" {
		fmt.Fprintf(buf, "  %s %s\n", p.paint(ansiBold, "help:"), sanitize(f.Fix))
	}
}

// position is "path:line:col", dropping the parts the driver did not know
// (a file that could not be read has no line).
func position(loc lint.Location) string {
	s := sanitize(loc.Path)
	if loc.Start.Line <= 0 {
		return s
	}
	s += ":" + strconv.Itoa(loc.Start.Line)
	if loc.Start.Column > 0 {
		s += ":" + strconv.Itoa(loc.Start.Column)
	}
	return s
}

// writeFrame prints the reported source line under a line-number gutter
// and a caret line, in the finding's colour, under the span.
func writeFrame(buf *bytes.Buffer, f *lint.Finding, color string, p palette) {
	start := f.Location.Start
	if start.Line <= 0 || f.SourceLine == "" {
		return
	}

	src := sourceText(f.SourceLine, start.Line)
	num := strconv.Itoa(start.Line)
	gutter := p.paint(ansiDim, "  "+num+" |")
	blank := p.paint(ansiDim, "  "+strings.Repeat(" ", len(num))+" |")
	fmt.Fprintf(buf, "%s %s\n", gutter, src)

	col := max(start.Column, 1)
	end := spanEnd(f.Location, src)
	indent, marker := caretLine(src, col, end)
	fmt.Fprintf(buf, "%s %s%s\n", blank, indent, p.paint(color, marker))
}

// sourceText prepares a source line for display: no line terminator, no
// byte-order mark (columns do not count it) and no control characters.
func sourceText(line string, lineNo int) string {
	line = strings.TrimRight(line, "\r\n")
	if lineNo == 1 {
		line = strings.TrimPrefix(line, "\uFEFF")
	}
	return sanitize(line)
}

// spanEnd is the exclusive end column of the caret: the reported end when
// it is on the same line, the end of the line when the span goes on, and
// one past the start when the driver gave no end.
func spanEnd(loc lint.Location, src string) int {
	start, end := loc.Start, loc.End
	switch {
	case end.Line == start.Line && end.Column > start.Column:
		return end.Column
	case end.Line > start.Line:
		return utf8.RuneCountInString(src) + 1
	}
	return start.Column + 1
}

// caretLine returns the padding up to column start and the "^~~~" marker
// reaching column end (exclusive). Columns are 1-based code points. The
// padding repeats every tab of the source line, so the caret lands under
// the right character whatever the terminal's tab width.
func caretLine(src string, start, end int) (indent, marker string) {
	var b strings.Builder
	col := 1
	for _, r := range src {
		if col >= start {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		col++
	}
	b.WriteString(strings.Repeat(" ", max(start-col, 0)))

	return b.String(), "^" + strings.Repeat("~", max(end-start-1, 0))
}

// sanitize replaces control and bidirectional-override characters with
// U+FFFD. Source lines and messages come from the project under analysis,
// and raw escapes would let it rewrite the reviewer's terminal. One rune
// becomes one rune, so columns still line up.
func sanitize(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unsafeRune(r) {
			return utf8.RuneError
		}
		return r
	}, s)
}

// unsafeRune reports whether r may change how a terminal draws the rest
// of the output. Tabs are kept: code frames show them as they are.
func unsafeRune(r rune) bool {
	if r == '\t' {
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// writeSummary prints the closing totals, with per-rule counts on the
// next line when there is anything to count. Suppressed findings are
// counted apart, and only mentioned when there are some.
func writeSummary(buf *bytes.Buffer, res *Result, p palette) {
	files := plural(res.Files, "file")
	elapsed := formatElapsed(res.Elapsed)
	t := count(res.Findings)
	suppressed := ""
	if t.suppressed > 0 {
		suppressed = fmt.Sprintf("; %d suppressed", t.suppressed)
	}
	if t.active == 0 {
		line := "No findings in " + files + " in " + elapsed + suppressed
		buf.WriteString(p.paint(ansiBold, line) + "\n")
		return
	}

	line := fmt.Sprintf("Found %s (%s, %s, %s) in %s in %s%s",
		plural(t.active, "finding"),
		plural(t.bySeverity[lint.SeverityError], "error"),
		plural(t.bySeverity[lint.SeverityWarning], "warning"),
		plural(t.bySeverity[lint.SeverityNote], "note"),
		files, elapsed, suppressed)
	buf.WriteString(p.paint(ansiBold, line) + "\n")

	parts := make([]string, 0, len(t.byRule))
	for _, rc := range t.rulesByCount() {
		parts = append(parts, fmt.Sprintf("%s: %d", rc.id, rc.n))
	}
	buf.WriteString("  " + strings.Join(parts, ", ") + "\n")
}

// plural writes "1 file" and "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// formatElapsed keeps the precision a person cares about: whole
// milliseconds under a second, hundredths of a second under a minute and
// whole seconds beyond.
func formatElapsed(d time.Duration) string {
	switch {
	case d <= 0:
		return "0ms"
	case d < time.Millisecond:
		return "<1ms"
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(10 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
