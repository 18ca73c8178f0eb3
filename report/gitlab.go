package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/flasklint/flasklint/lint"
)

// gitlabIssue is one entry of a GitLab Code Quality report, the part of
// the Code Climate issue format that GitLab reads for its merge request
// widget and pipeline tab.
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

// gitlabLocation names the file, relative to the repository root, and
// the lines of the finding.
type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

// gitlabLines is the 1-based, inclusive line range. GitLab requires
// begin; end is always written too, equal to begin for a single line.
type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

// writeGitLab renders the findings as a GitLab Code Quality report: a
// JSON array, "[]" when there is nothing to report. Suppressed findings
// are left out, since GitLab has no way to show them as accepted.
func writeGitLab(buf *bytes.Buffer, res *Result, _ Options) error {
	issues := make([]gitlabIssue, 0, len(res.Findings))
	fingerprints := newFingerprinter()
	for i := range res.Findings {
		f := &res.Findings[i]
		if isSuppressed(f) {
			continue
		}
		issues = append(issues, gitlabIssue{
			Description: gitlabDescription(f),
			CheckName:   f.Rule.ID,
			Fingerprint: fingerprints.next(f),
			Severity:    gitlabSeverity(f),
			Location:    gitlabLocation{Path: f.Location.Path, Lines: gitlabLinesOf(f.Location)},
		})
	}

	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false) // messages quote code such as "<a href=...>"
	enc.SetIndent("", "  ")
	return enc.Encode(issues)
}

// gitlabDescription is the one line the widget shows: the rule ID, the
// message and the Issue-Key people paste into their tracker.
func gitlabDescription(f *lint.Finding) string {
	s := f.Rule.ID + " " + f.Message
	if f.Key != "" {
		s += " [" + f.Key + "]"
	}
	return s
}

// gitlabSeverity maps our three levels onto GitLab's five. An error of a
// rule whose security score is in the CVSS critical band (9.0 and up) is
// "critical"; "blocker" is never used, because whether a finding blocks
// a merge is the pipeline's decision, made with --fail-on.
func gitlabSeverity(f *lint.Finding) string {
	switch severityOf(f) {
	case lint.SeverityError:
		if f.Rule.SecuritySeverity >= 9.0 {
			return "critical"
		}
		return "major"
	case lint.SeverityWarning:
		return "minor"
	}
	return "info"
}

// gitlabLinesOf is the line range of loc. A whole-file finding has no
// line, but GitLab requires one, so it is placed on line 1.
func gitlabLinesOf(loc lint.Location) gitlabLines {
	begin := max(loc.Start.Line, 1)
	end := begin
	if loc.Start.Line >= 1 && validEnd(loc) {
		end = loc.End.Line
	}
	return gitlabLines{Begin: begin, End: end}
}

// fingerprinter hands out GitLab fingerprints. GitLab keeps only one
// issue per fingerprint, so two findings sharing one would hide the
// second; it remembers every value it gave out to make sure none repeats.
type fingerprinter struct {
	used map[string]bool
}

// newFingerprinter starts a report with no fingerprint used.
func newFingerprinter() *fingerprinter {
	return &fingerprinter{used: map[string]bool{}}
}

// next returns the fingerprint of f: a hash of its Issue-Key, rule and
// path, which stay the same when lines are added above the finding, so
// GitLab can tell a new issue from a moved one. A finding without a key
// adds its message. Should the hash still repeat (two identical findings,
// or two keys that collide in their six hex digits), a counter is
// hashed in until it no longer does; the driver's stable order keeps
// that choice the same from run to run.
func (fp *fingerprinter) next(f *lint.Finding) string {
	material := f.Rule.ID + "\x00" + f.Location.Path + "\x00" + f.Key
	if f.Key == "" {
		material += "\x00" + f.Message
	}

	value := hash128(material)
	for n := 1; fp.used[value]; n++ {
		value = hash128(material + "\x00" + strconv.Itoa(n))
	}
	fp.used[value] = true
	return value
}

// hash128 is the first 128 bits of the SHA-256 of s in hexadecimal, the
// length of the MD5 fingerprints GitLab's own analyzers write.
func hash128(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}
