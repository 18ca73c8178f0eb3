// Package rule is what every flasklint rule is built from: it joins a
// rule's metadata to its go/analysis Analyzer and gives the rule's run
// function a Pass that reads the project model and reports findings
// against Python nodes or lines of other files.
package rule

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// Rule is one flasklint check: its metadata and its analyzer.
type Rule struct {
	*lint.Meta
	Analyzer *analysis.Analyzer
}

// New builds a Rule whose analyzer requires the project model and calls
// check with a Pass over it. The analyzer's name, doc and URL all come from
// meta, so the metadata has a single home.
func New(meta *lint.Meta, check func(*Pass)) *Rule {
	r := &Rule{Meta: meta}
	r.Analyzer = &analysis.Analyzer{
		Name:     meta.AnalyzerName(),
		Doc:      meta.Title + "\n\n" + meta.Summary(),
		URL:      meta.HelpURI(),
		Requires: []*analysis.Analyzer{model.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			check(&Pass{
				Pass:    pass,
				Project: pass.ResultOf[model.Analyzer].(*model.Project),
				Meta:    meta,
			})
			return nil, nil
		},
	}
	return r
}

// Pass is what a rule's check function works with.
type Pass struct {
	*analysis.Pass
	Project  *model.Project
	Meta     *lint.Meta
	severity lint.Severity // overrides Meta.Severity when set, see WithSeverity
}

// WithSeverity returns a Pass whose reports carry sev instead of the
// rule's default severity, for a rule whose findings differ in weight
// (a removed setting read is a warning where debug in production is an
// error).
func (p *Pass) WithSeverity(sev lint.Severity) *Pass {
	cp := *p
	cp.severity = sev
	return &cp
}

// SeveritySeparator joins a rule ID and a severity in a diagnostic's
// Category ("HC-FLASK-004@warning"): go/analysis diagnostics have no
// severity of their own, and the driver reads it back from there.
const SeveritySeparator = "@"

// Related is a secondary location of a finding, such as the deployment
// file that shows a project runs behind a proxy.
type Related struct {
	Pos     token.Pos
	End     token.Pos
	Message string
}

// At returns a Related location spanning a Python node.
func At(f *parser.File, n parser.NodeID, format string, args ...any) Related {
	return Related{Pos: f.Pos(n), End: f.End(n), Message: fmt.Sprintf(format, args...)}
}

// AtLine returns a Related location at the start of a line of a non-Python
// file.
func AtLine(o *parser.OtherFile, line int, format string, args ...any) Related {
	return Related{Pos: o.LinePos(line), Message: fmt.Sprintf(format, args...)}
}

// ReportNode reports a finding spanning a Python node.
func (p *Pass) ReportNode(f *parser.File, n parser.NodeID, msg string, related ...Related) {
	p.report(f.Pos(n), f.End(n), msg, related)
}

// ReportLine reports a finding at the start of a line of a non-Python
// file, such as a Dockerfile.
func (p *Pass) ReportLine(o *parser.OtherFile, line int, msg string, related ...Related) {
	p.report(o.LinePos(line), token.NoPos, msg, related)
}

func (p *Pass) report(pos, end token.Pos, msg string, related []Related) {
	category := p.Meta.ID
	if p.severity != 0 {
		category += SeveritySeparator + p.severity.String()
	}
	d := analysis.Diagnostic{Pos: pos, End: end, Category: category, Message: msg}
	for _, r := range related {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: r.Pos, End: r.End, Message: r.Message,
		})
	}
	p.Report(d)
}
