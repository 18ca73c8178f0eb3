package driver

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/token"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"

	"github.com/flasklint/flasklint/fingerprint"
	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
	"github.com/flasklint/flasklint/suppress"
)

// findings resolves the diagnostics to sorted findings with Issue-Keys.
// Diagnostics of an analyzer that is neither a rule nor the parser (a
// helper analyzer) are dropped: they have no metadata to report under.
func (r *run) findings(src *parser.Source, metas map[*analysis.Analyzer]*lint.Meta) []lint.Finding {
	contents := sourceContents(src)
	var out []lint.Finding
	for _, d := range r.diags {
		meta := metas[d.analyzer]
		if d.Category == parser.ProblemCategory {
			meta = lint.ParseMeta
		}
		if meta == nil {
			continue
		}
		out = append(out, r.finding(meta, d.Diagnostic, contents))
	}
	out = r.applySuppressions(src, out, contents)
	slices.SortStableFunc(out, compareFindings)
	assignKeys(out, contents)
	return out
}

// sourceContents maps every registered path to its content.
func sourceContents(src *parser.Source) map[string][]byte {
	out := make(map[string][]byte)
	if src == nil {
		return out
	}
	for _, f := range src.Python {
		out[f.Path] = f.Src
	}
	for _, o := range src.Other {
		out[o.Path] = o.Src
	}
	return out
}

// finding resolves one diagnostic.
func (r *run) finding(meta *lint.Meta, d analysis.Diagnostic, contents map[string][]byte) lint.Finding {
	loc := r.location(d.Pos, d.End, "", contents)
	f := lint.Finding{
		Rule:       meta,
		Severity:   severityOf(meta, d.Category),
		Message:    d.Message,
		Location:   loc,
		SourceLine: lineText(contents[loc.Path], r.fset, d.Pos),
	}
	for _, rel := range d.Related {
		loc := r.location(rel.Pos, rel.End, rel.Message, contents)
		if loc.Path == f.Location.Path && loc.Start == f.Location.Start {
			continue // the primary location already shows it
		}
		f.Related = append(f.Related, loc)
	}
	if len(d.SuggestedFixes) > 0 {
		f.Fix = d.SuggestedFixes[0].Message
	}
	return f
}

// severityOf is the severity a diagnostic's category carries after the
// rule ID ("HC-FLASK-004@warning"), or the rule's default.
func severityOf(meta *lint.Meta, category string) lint.Severity {
	_, level, ok := strings.Cut(category, rule.SeveritySeparator)
	if !ok {
		return meta.Severity
	}
	if sev, err := lint.ParseSeverity(level); err == nil {
		return sev
	}
	return meta.Severity
}

// location converts a token span into a Location with code-point columns.
func (r *run) location(pos, end token.Pos, msg string, contents map[string][]byte) lint.Location {
	start := r.fset.Position(pos)
	src := contents[start.Filename]
	loc := lint.Location{Path: start.Filename, Message: msg}
	loc.Start = r.position(pos, src)
	loc.End = loc.Start
	if end.IsValid() && end > pos {
		loc.End = r.position(end, src)
	}
	return loc
}

// position converts one token.Pos.
func (r *run) position(pos token.Pos, src []byte) lint.Position {
	p := r.fset.Position(pos)
	lineStart := p.Offset - (p.Column - 1)
	return lint.Position{Line: p.Line, Column: parser.Column(src, lineStart, p.Offset),
		Offset: p.Offset}
}

// lineText returns the text of the line that pos is on, or "" for a
// binary line, which a code frame could only show as noise.
func lineText(src []byte, fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	text := parser.LineText(src, p.Offset-(p.Column-1))
	if strings.ContainsRune(text, 0) || !utf8.ValidString(text) {
		return ""
	}
	return text
}

// compareFindings orders by path, line, column, rule and message, so that
// output is the same whatever order analyzers reported in.
func compareFindings(a, b lint.Finding) int {
	return cmp.Or(
		cmp.Compare(a.Location.Path, b.Location.Path),
		cmp.Compare(a.Location.Start.Line, b.Location.Start.Line),
		cmp.Compare(a.Location.Start.Column, b.Location.Start.Column),
		cmp.Compare(a.Rule.ID, b.Rule.ID),
		cmp.Compare(a.Message, b.Message),
	)
}

// assignKeys gives every finding its Issue-Key and line hash. The key is a
// hash of the rule, the path, the reported line's text without
// surrounding white space, and how many earlier findings of the same rule
// in the same file share that text. It never includes the line number, so
// lines added above leave it unchanged; two identical lines still get
// different keys. The line hash is code scanning's own
// primaryLocationLineHash, computed once per file.
func assignKeys(findings []lint.Finding, contents map[string][]byte) {
	seen := make(map[string]int)
	hashes := make(map[string][]string)
	for i := range findings {
		f := &findings[i]
		text := strings.TrimSpace(f.SourceLine)
		id := f.Rule.ID + "\x00" + f.Location.Path + "\x00" + text
		occurrence := seen[id]
		seen[id]++

		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", id, occurrence))
		f.Key = "FLASK-" + hex.EncodeToString(sum[:3])
		f.LineHash = lineHash(hashes, contents, f.Location)
	}
}

// lineHash returns the code scanning line hash of a location's first line,
// hashing each file at most once.
func lineHash(cache map[string][]string, contents map[string][]byte, loc lint.Location) string {
	lines, ok := cache[loc.Path]
	if !ok {
		lines = fingerprint.LineHashes(contents[loc.Path])
		cache[loc.Path] = lines
	}
	if loc.Start.Line < 1 || loc.Start.Line > len(lines) {
		return ""
	}
	return lines[loc.Start.Line-1]
}

// applySuppressions marks the findings that suppression comments cover and
// adds a finding for each malformed or unused suppression.
func (r *run) applySuppressions(src *parser.Source, out []lint.Finding,
	contents map[string][]byte) []lint.Finding {
	if src == nil {
		return out
	}
	set := suppress.Collect(src)
	set.Apply(out, r.suppressionLines(src))

	ran := map[string]bool{lint.ParseMeta.ID: true}
	for _, rl := range r.opts.Rules {
		ran[rl.ID] = true
	}
	for _, p := range set.Problems(func(id string) bool { return ran[id] }) {
		tf := src.TokenFile(p.Path)
		d := analysis.Diagnostic{Pos: tf.Pos(p.Offset), Message: p.Message}
		out = append(out, r.finding(p.Meta, d, contents))
	}
	return out
}

// suppressionLines returns, for a finding, the lines where a suppression
// comment covers it (see package suppress).
func (r *run) suppressionLines(src *parser.Source) func(lint.Finding) []int {
	python := make(map[string]*parser.File, len(src.Python))
	for _, f := range src.Python {
		python[f.Path] = f
	}
	return func(f lint.Finding) []int {
		loc := f.Location
		pf := python[loc.Path]
		if pf == nil || len(pf.Nodes) == 0 {
			return []int{loc.Start.Line, loc.End.Line}
		}
		return suppress.StatementLines(pf, src.TokenFile(loc.Path), loc.Start.Offset,
			loc.End.Offset)
	}
}
