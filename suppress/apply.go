package suppress

import (
	"bytes"
	"fmt"
	"go/token"
	"strings"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/parser"
)

// Set is every suppression comment of a project, by path and line.
type Set struct {
	byLine map[string]map[int][]*Comment
	all    []*Comment
	src    *parser.Source
}

// Collect reads the suppression comments of every file. In Python files
// only real comments count, never text inside strings; other files (YAML,
// Dockerfiles, nginx) are read line by line.
func Collect(src *parser.Source) *Set {
	s := &Set{byLine: make(map[string]map[int][]*Comment), src: src}
	for _, f := range src.Python {
		if !mayHaveSuppression(f.Src) {
			continue
		}
		tf := src.TokenFile(f.Path)
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if f.Is(n, "comment") {
				start, _ := f.Span(n)
				s.add(f.Path, tf.Line(tf.Pos(start)), start, f.Text(n))
			}
			return true
		})
	}
	for _, o := range src.Other {
		if mayHaveSuppression(o.Src) {
			s.collectLines(o)
		}
	}
	return s
}

// mayHaveSuppression is a cheap filter that spares most files the walk.
func mayHaveSuppression(src []byte) bool {
	return bytes.Contains(src, []byte("noqa")) || bytes.Contains(src, []byte("flasklint"))
}

// collectLines reads `#` comments of a non-Python file.
func (s *Set) collectLines(o *parser.OtherFile) {
	offset := 0
	for i, line := range strings.SplitAfter(string(o.Src), "\n") {
		if hash := strings.IndexByte(line, '#'); hash >= 0 {
			s.add(o.Path, i+1, offset+hash, line[hash:])
		}
		offset += len(line)
	}
}

// add records the comment if it is a suppression.
func (s *Set) add(path string, line, offset int, text string) {
	c := ParseComment(strings.TrimRight(text, "\r\n"))
	if c == nil {
		return
	}
	c.Path, c.Line, c.Offset = path, line, offset
	c.used = make(map[string]bool)
	if s.byLine[path] == nil {
		s.byLine[path] = make(map[int][]*Comment)
	}
	s.byLine[path][line] = append(s.byLine[path][line], c)
	s.all = append(s.all, c)
}

// Apply marks each finding that a well-formed suppression covers. lines
// gives the lines a suppression for the finding may stand on.
func (s *Set) Apply(findings []lint.Finding, lines func(lint.Finding) []int) {
	for i := range findings {
		f := &findings[i]
		if c := s.find(f.Location.Path, lines(*f), f.Rule.ID); c != nil {
			c.used[f.Rule.ID] = true
			f.Suppressed = &lint.Suppression{Kind: lint.SuppressedInSource,
				Justification: c.Reason}
		}
	}
}

// find returns the first well-formed comment on the lines naming the rule.
func (s *Set) find(path string, lines []int, ruleID string) *Comment {
	for _, line := range lines {
		for _, c := range s.byLine[path][line] {
			if c.Error == "" && c.Matches(ruleID) {
				return c
			}
		}
	}
	return nil
}

// Problem is a malformed or unused suppression, to be reported as a
// finding of its own.
type Problem struct {
	Meta    *lint.Meta
	Path    string
	Offset  int
	Message string
}

// Problems lists malformed suppressions, and suppressions that silenced
// nothing although every rule they name ran (ran reports whether a rule
// ran in this run).
func (s *Set) Problems(ran func(ruleID string) bool) []Problem {
	var out []Problem
	for _, c := range s.all {
		if c.Error != "" {
			out = append(out, Problem{lint.MalformedSuppressionMeta, c.Path, c.Offset, c.Error})
			continue
		}
		for _, id := range c.Rules {
			if !c.used[id] && !c.usedByPrefix(id) && ran(id) {
				out = append(out, Problem{lint.UnusedSuppressionMeta, c.Path, c.Offset,
					fmt.Sprintf("suppression of %s matches no finding; remove it", id)})
			}
		}
	}
	return out
}

// usedByPrefix reports whether a prefix ID such as HC-FLASK-02 silenced a
// finding of any rule it covers.
func (c *Comment) usedByPrefix(prefix string) bool {
	for id := range c.used {
		if strings.HasPrefix(id, prefix) {
			return true
		}
	}
	return false
}

// StatementLines returns the lines a suppression of a finding in a Python
// file may stand on: the span's first and last lines, and the first and
// last lines of the simple statement around the span's start.
func StatementLines(f *parser.File, tf *token.File, start, end int) []int {
	lines := []int{lineOf(tf, start), lineOf(tf, max(end-1, start))}
	if stmt := enclosingStatement(f, start); stmt != parser.NoNode {
		s, e := f.Span(stmt)
		lines = append(lines, lineOf(tf, s), lineOf(tf, max(e-1, s)))
	}
	return lines
}

// lineOf is the 1-based line of a byte offset.
func lineOf(tf *token.File, offset int) int {
	return tf.Line(tf.Pos(min(max(offset, 0), tf.Size())))
}

// enclosingStatement finds the innermost simple statement (one whose
// parent is a block or the module, and that is not itself a compound
// statement) containing offset.
func enclosingStatement(f *parser.File, offset int) parser.NodeID {
	node := smallestAt(f, offset)
	for n := node; n != parser.NoNode; n = f.Parent(n) {
		parent := f.Parent(n)
		if parent == parser.NoNode || !f.Is(parent, "block", "module") {
			continue
		}
		if strings.HasSuffix(f.Kind(n), "_definition") || isCompound(f.Kind(n)) {
			return parser.NoNode
		}
		return n
	}
	return parser.NoNode
}

// isCompound reports whether a statement kind holds other statements.
func isCompound(kind string) bool {
	switch kind {
	case "if_statement", "for_statement", "while_statement", "try_statement",
		"with_statement", "match_statement", "decorated_definition":
		return true
	}
	return false
}

// smallestAt returns the deepest node whose span contains offset.
func smallestAt(f *parser.File, offset int) parser.NodeID {
	best := parser.NoNode
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		s, e := f.Span(n)
		if offset < s || offset >= e {
			return false
		}
		best = n
		return true
	})
	return best
}
