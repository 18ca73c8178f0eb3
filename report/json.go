package report

import (
	"bytes"
	"encoding/json"

	"github.com/flasklint/flasklint/lint"
)

// jsonReport is the top level of the json format. Field names are part of
// flasklint's public interface: add fields, never rename or remove them.
// It carries no elapsed time so that the same input gives the same bytes.
type jsonReport struct {
	Version  string        `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Summary  jsonSummary   `json:"summary"`
}

// jsonFinding is one finding. Every key is always present, with zero
// values where the driver had nothing, so consumers need no existence
// checks. Lines and columns are 1-based; columns count code points.
// Suppressed is null unless a comment or the baseline accepted the
// finding.
type jsonFinding struct {
	RuleID     string           `json:"rule_id"`
	RuleName   string           `json:"rule_name"`
	Severity   string           `json:"severity"`
	Confidence string           `json:"confidence"`
	Message    string           `json:"message"`
	Path       string           `json:"path"`
	Line       int              `json:"line"`
	Column     int              `json:"column"`
	EndLine    int              `json:"end_line"`
	EndColumn  int              `json:"end_column"`
	IssueKey   string           `json:"issue_key"`
	Related    []jsonRelated    `json:"related"`
	Fix        string           `json:"fix"`
	Suppressed *jsonSuppression `json:"suppressed"`
}

// jsonSuppression says how a finding was accepted: kind is "inSource"
// (a comment) or "external" (the baseline), as SARIF names them.
type jsonSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

// jsonRelated is a secondary location of a finding.
type jsonRelated struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// jsonSummary totals the run. findings, by_rule and by_severity count
// only the findings that were not suppressed, the ones a CI gate acts on;
// suppressed counts the others. by_severity always has the keys error,
// warning and note; by_rule has only the rules that reported something.
type jsonSummary struct {
	Files      int            `json:"files"`
	Findings   int            `json:"findings"`
	Suppressed int            `json:"suppressed"`
	ByRule     map[string]int `json:"by_rule"`
	BySeverity map[string]int `json:"by_severity"`
}

// writeJSON renders the json format, indented by two spaces. Maps are
// emitted in key order by encoding/json, which keeps the output stable.
func writeJSON(buf *bytes.Buffer, res *Result, _ Options) error {
	doc := jsonReport{
		Version:  res.Version,
		Findings: make([]jsonFinding, 0, len(res.Findings)),
		Summary:  jsonSummaryOf(res),
	}
	for i := range res.Findings {
		doc.Findings = append(doc.Findings, jsonFindingOf(&res.Findings[i]))
	}

	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false) // messages quote code such as "<a href=...>"
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// jsonFindingOf converts one finding, suppressed or not.
func jsonFindingOf(f *lint.Finding) jsonFinding {
	loc := f.Location
	related := make([]jsonRelated, 0, len(f.Related))
	for _, r := range f.Related {
		related = append(related, jsonRelated{
			Path:    r.Path,
			Line:    r.Start.Line,
			Column:  r.Start.Column,
			Message: r.Message,
		})
	}
	out := jsonFinding{
		RuleID:     f.Rule.ID,
		RuleName:   f.Rule.Slug,
		Severity:   severityOf(f).String(),
		Confidence: f.Rule.Confidence.String(),
		Message:    f.Message,
		Path:       loc.Path,
		Line:       loc.Start.Line,
		Column:     loc.Start.Column,
		EndLine:    loc.End.Line,
		EndColumn:  loc.End.Column,
		IssueKey:   f.Key,
		Related:    related,
		Fix:        f.Fix,
	}
	if kind, why, ok := suppressionOf(f); ok {
		out.Suppressed = &jsonSuppression{Kind: kind, Justification: why}
	}
	return out
}

// jsonSummaryOf totals the run for the summary object.
func jsonSummaryOf(res *Result) jsonSummary {
	t := count(res.Findings)
	bySeverity := map[string]int{}
	for _, s := range []lint.Severity{lint.SeverityError, lint.SeverityWarning, lint.SeverityNote} {
		bySeverity[s.String()] = t.bySeverity[s]
	}
	return jsonSummary{
		Files:      res.Files,
		Findings:   t.active,
		Suppressed: t.suppressed,
		ByRule:     t.byRule,
		BySeverity: bySeverity,
	}
}
