// Package hcflask017 flags upload path traversal: an uploaded file's name,
// or other request data, that reaches a filesystem path (FileStorage.save,
// open, send_file, os.remove, shutil moves, pathlib writes) without
// secure_filename, safe_join or a containment check.
package hcflask017

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-017",
	Slug:             "upload-path-traversal",
	Title:            "file path built from an upload's file name or other request data",
	Severity:         lint.SeverityError,
	Confidence:       lint.ConfidenceHigh,
	CWE:              []int{22},
	SecuritySeverity: 7.5,
	Tags:             []string{"security"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-017.
var Rule = rule.New(&meta, check)

// checker is one run of the rule.
type checker struct {
	pass     *rule.Pass
	p        *model.Project
	reported map[model.Ref]bool
}

// check analyses every body that reads request data and reports the
// filesystem sinks that data reaches.
func check(pass *rule.Pass) {
	c := &checker{pass: pass, p: pass.Project, reported: map[model.Ref]bool{}}
	flows := c.p.Flows(spec())
	for _, unit := range flows.Units() {
		st := flows.State(unit)
		st.Walk(func(n parser.NodeID) bool {
			if st.Unit.File().Is(n, "call") {
				c.visitCall(st, n)
			}
			return true
		})
	}
}

// visitCall reports a call that uses a tainted path.
func (c *checker) visitCall(st *model.FlowState, call parser.NodeID) {
	for _, s := range c.sinks(st, call) {
		t, ok := st.Tainted(s.path)
		if !ok || t.Label == labelFile || t.Opaque {
			// The FileStorage object itself is content, not a path; data
			// through a project helper may come back as anything (a file
			// object, a row), so it is left alone.
			continue
		}
		c.report(st, s, t)
	}
}

// report flags one sink, pointing at the source and, when the function
// computed a sanitised name it then did not use, at that computation.
func (c *checker) report(st *model.FlowState, s sink, t model.Taint) {
	ref := model.Ref{Module: st.Unit.Module, Node: s.path}
	if c.reported[ref] {
		return
	}
	c.reported[ref] = true
	f := st.Unit.File()
	related := []rule.Related{rule.At(t.Source.File(), t.Source.Node,
		"%s is read here", describe(t))}
	msg := message(s, t)
	if unused := c.unusedSanitizer(st, t); unused != parser.NoNode {
		line := lineOf(f, unused)
		msg = fmt.Sprintf("%s is built from %s although secure_filename(...) on line %d "+
			"computed a safe name; use that name here", s.what, describe(t), line)
		related = append(related, rule.At(f, unused, "the sanitised name, unused here"))
	}
	c.pass.ReportNode(f, s.path, msg, related...)
}

// unusedSanitizer returns a secure_filename(...) call of the body applied
// to the same upload's file name (as written) that the sink uses raw.
func (c *checker) unusedSanitizer(st *model.FlowState, t model.Taint) parser.NodeID {
	if t.Label != labelFilename {
		return parser.NoNode
	}
	f := st.Unit.File()
	found := parser.NoNode
	st.Walk(func(n parser.NodeID) bool {
		if found != parser.NoNode || !f.Is(n, "call") ||
			c.p.CalleeName(st.Unit.Module, n) != secureFilename {
			return found == parser.NoNode
		}
		if args := model.PositionalArgs(f, n); len(args) > 0 {
			at, ok := st.Tainted(args[0])
			if ok && at.Label == labelFilename && at.Source.Text() == t.Source.Text() {
				found = n
			}
		}
		return true
	})
	return found
}

// describe names a source for a reader: the upload's file name as the
// code spells it, or the request attribute.
func describe(t model.Taint) string {
	if t.Label == labelFilename {
		return "the uploaded file name " + t.Source.Text()
	}
	return t.Name
}

// message words a finding: what the path is used for, where the data
// comes from, and the fix that fits the use.
func message(s sink, t model.Taint) string {
	fix := "pass the name through secure_filename, or generate one with uuid4().hex"
	if s.serves {
		fix = "serve it with send_from_directory, or build the path with safe_join"
	}
	return fmt.Sprintf("%s is built from %s; %s", s.what, describe(t), fix)
}

// lineOf returns the 1-based line a node starts on.
func lineOf(f *parser.File, n parser.NodeID) int {
	start, _ := f.Span(n)
	return 1 + bytes.Count(f.Src[:start], []byte("\n"))
}
