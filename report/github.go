package report

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/flasklint/flasklint/lint"
)

// writeGitHub renders one GitHub Actions workflow command per finding,
// which the runner turns into an annotation on the pull request diff.
// Suppressed findings get none: an annotation asks for attention that a
// suppression has already given.
func writeGitHub(buf *bytes.Buffer, res *Result, _ Options) error {
	for i := range res.Findings {
		if !isSuppressed(&res.Findings[i]) {
			writeAnnotation(buf, &res.Findings[i])
		}
	}
	return nil
}

// annotationCommand maps a severity to the workflow command of that level.
func annotationCommand(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return "error"
	case lint.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// writeAnnotation writes "::level file=…,line=…,title=…::message [KEY]".
func writeAnnotation(buf *bytes.Buffer, f *lint.Finding) {
	props := []string{"file=" + escapeProperty(f.Location.Path)}
	props = append(props, spanProperties(f.Location)...)

	title := f.Rule.ID
	if f.Rule.Slug != "" {
		title += " (" + f.Rule.Slug + ")"
	}
	props = append(props, "title="+escapeProperty(title))

	msg := f.Message
	if f.Key != "" {
		msg += " [" + f.Key + "]"
	}

	buf.WriteString("::" + annotationCommand(severityOf(f)) + " ")
	buf.WriteString(strings.Join(props, ",") + "::" + escapeData(msg) + "\n")
}

// spanProperties gives line, col, endLine and endColumn, leaving out any
// the driver did not know rather than sending zeros.
func spanProperties(loc lint.Location) []string {
	start, end := loc.Start, loc.End
	if start.Line < 1 {
		return nil
	}

	props := []string{"line=" + strconv.Itoa(start.Line)}
	if start.Column >= 1 {
		props = append(props, "col="+strconv.Itoa(start.Column))
	}
	if validEnd(loc) {
		props = append(props, "endLine="+strconv.Itoa(end.Line))
		if end.Column >= 1 {
			props = append(props, "endColumn="+strconv.Itoa(end.Column))
		}
	}
	return props
}

// escapeData and escapeProperty apply the runner's percent-encoding, which
// it undoes before display. A newline would otherwise end the command and
// a comma or colon in a value would end the property list early.
var (
	escapeData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

	escapeProperty = strings.NewReplacer(
		"%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
)
