// Package lint holds the vocabulary shared by the rules, the driver and the
// reporters: rule metadata, severities and the Finding that leaves the driver.
//
// It imports nothing of flasklint, so that every other package may depend on
// it without creating a cycle, and so that report/ never needs to import the
// rules themselves.
package lint

import (
	"fmt"
	"strings"
)

// Severity is how serious a finding is. Its names follow SARIF levels.
type Severity int

// Severities, from least to most serious.
const (
	SeverityNote Severity = iota + 1
	SeverityWarning
	SeverityError
)

// String returns the lowercase SARIF level name.
func (s Severity) String() string {
	switch s {
	case SeverityNote:
		return "note"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "none"
}

// ParseSeverity reads a level name as the CLI and the configuration spell it.
func ParseSeverity(name string) (Severity, error) {
	switch strings.ToLower(name) {
	case "note":
		return SeverityNote, nil
	case "warning":
		return SeverityWarning, nil
	case "error":
		return SeverityError, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or note)", name)
}

// Confidence is how sure a rule is that a finding is a real defect.
type Confidence int

// Confidence levels, from least to most sure.
const (
	ConfidenceLow Confidence = iota + 1
	ConfidenceMedium
	ConfidenceHigh
)

// String returns the lowercase name of the confidence level.
func (c Confidence) String() string {
	switch c {
	case ConfidenceLow:
		return "low"
	case ConfidenceMedium:
		return "medium"
	case ConfidenceHigh:
		return "high"
	}
	return "unknown"
}

// SARIFPrecision maps confidence to the SARIF "precision" rule property that
// GitHub code scanning reads.
func (c Confidence) SARIFPrecision() string {
	switch c {
	case ConfidenceHigh:
		return "high"
	case ConfidenceMedium:
		return "medium"
	}
	return "low"
}

// Meta is the single home of a rule's metadata. The analyzer's Doc, the SARIF
// rule descriptor, `flasklint rules`, `flasklint explain` and the generated
// docs pages are all derived from it.
type Meta struct {
	ID         string     // display ID, e.g. "HC-FLASK-022"
	Slug       string     // kebab-case name, e.g. "open-redirect"
	Title      string     // one line, lowercase, no final period
	Severity   Severity   // default level of its findings
	Confidence Confidence // how often a finding is a real defect
	CWE        []int      // CWE numbers, most specific first
	// SecuritySeverity is the CVSS-like score (0.0-10.0) code scanning uses
	// to bucket security alerts; zero for rules that are not about security.
	SecuritySeverity float64
	Tags             []string // e.g. "security", "deployment"
	Status           string   // "stable" or "preview"
	Since            string   // flasklint version that introduced the rule
	// Doc is the Markdown documentation: what it flags, why it matters, a bad
	// and a good example, limitations. The first paragraph is the summary.
	Doc string
}

// AnalyzerName is the Go-identifier form of the ID that analysis.Validate
// accepts: "HC-FLASK-022" becomes "hcflask022".
func (m *Meta) AnalyzerName() string {
	return strings.ToLower(strings.ReplaceAll(m.ID, "-", ""))
}

// HelpURI is where the rule's documentation lives in the repository.
func (m *Meta) HelpURI() string {
	return DocsBaseURL + m.ID + ".md"
}

// DocsBaseURL is the prefix of every rule's documentation page.
const DocsBaseURL = "https://github.com/flasklint/flasklint/blob/main/docs/rules/"

// Summary is the first paragraph of Doc, used as the SARIF fullDescription.
func (m *Meta) Summary() string {
	for _, para := range strings.Split(strings.TrimSpace(m.Doc), "\n\n") {
		para = strings.TrimSpace(para)
		if para != "" && !strings.HasPrefix(para, "#") {
			return strings.Join(strings.Fields(para), " ")
		}
	}
	return m.Title
}

// Position is a point in a file. Line and columns are 1-based.
type Position struct {
	Line int
	// Column counts Unicode code points from the start of the line, the unit
	// SARIF output declares with columnKind "unicodeCodePoints" and what an
	// editor shows for non-ASCII text. A leading byte-order mark is not
	// counted.
	Column int
	Offset int // byte offset in the file
}

// Location is a span in a file, with a message when it is a related location.
type Location struct {
	Path    string // slash-separated, relative to the analysis root
	Start   Position
	End     Position
	Message string
}

// Finding is one reported problem, fully resolved to paths and positions.
type Finding struct {
	Rule     *Meta
	Severity Severity
	Message  string
	Location Location
	Related  []Location
	// Key is the stable Issue-Key, "FLASK-" plus six hex digits. It depends
	// on the rule, the path, the text of the reported line and how many
	// identical lines precede it, never on the line number.
	Key string
	// LineHash is code scanning's primaryLocationLineHash for the location.
	LineHash string
	// SourceLine is the text of the first reported line, for code frames.
	SourceLine string
	Fix        string // one-line hint on how to fix it, may be empty
	// Suppressed is set when a suppression comment or the baseline accepts
	// the finding. It is still reported in SARIF and JSON, marked as such,
	// and does not count towards the exit code.
	Suppressed *Suppression
}

// Suppression kinds, as SARIF names them.
const (
	SuppressedInSource = "inSource" // a comment in the code
	SuppressedExternal = "external" // the baseline file
)

// Suppression says how and why a finding was accepted.
type Suppression struct {
	Kind          string // SuppressedInSource or SuppressedExternal
	Justification string // the reason given, may be empty
}

// ParseMeta describes the per-file diagnostic for input flasklint could not
// read or parse completely. It is not a rule: it cannot be selected away.
var ParseMeta = &Meta{
	ID:         "FLASKLINT-PARSE",
	Slug:       "unparsable-file",
	Title:      "file could not be read or parsed completely",
	Severity:   SeverityWarning,
	Confidence: ConfidenceHigh,
	Status:     "stable",
	Doc: "A file was skipped or only partly analysed because it is binary, not valid " +
		"UTF-8, too large, written for Python 2, or has syntax errors. Findings in the " +
		"rest of the project are still reported.",
}

// MalformedSuppressionMeta describes a suppression comment flasklint
// cannot honour: no rule named, a malformed ID, or no reason given.
var MalformedSuppressionMeta = &Meta{
	ID:         "FLASKLINT-SUPPRESSION",
	Slug:       "malformed-suppression",
	Title:      "suppression comment is malformed",
	Severity:   SeverityWarning,
	Confidence: ConfidenceHigh,
	Status:     "stable",
	Doc: "A `# flasklint: ignore[...]` comment must name the rules it silences and say " +
		"why, as in `# flasklint: ignore[HC-FLASK-008] -- read by a legacy client`. " +
		"A comment that does not is reported and silences nothing.",
}

// UnusedSuppressionMeta describes a suppression that silenced nothing.
var UnusedSuppressionMeta = &Meta{
	ID:         "FLASKLINT-UNUSED-SUPPRESSION",
	Slug:       "unused-suppression",
	Title:      "suppression comment matches no finding",
	Severity:   SeverityNote,
	Confidence: ConfidenceHigh,
	Status:     "stable",
	Doc: "A suppression names a rule that ran and reported nothing on the lines the " +
		"comment covers. The code was probably fixed: remove the comment so that it " +
		"cannot hide a future finding.",
}
