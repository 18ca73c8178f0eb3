package parser

import (
	"fmt"
	"unicode/utf8"
)

// ProblemKind classifies why a file was not fully analysed.
type ProblemKind int

// Problem kinds.
const (
	// ProblemSkipped: nothing of the file was analysed.
	ProblemSkipped ProblemKind = iota + 1
	// ProblemEncoding: the file is not valid UTF-8; invalid bytes were read
	// as '?' and the rest was analysed.
	ProblemEncoding
	// ProblemSyntax: the parser had to recover from errors; code inside the
	// broken region may be missed.
	ProblemSyntax
	// ProblemPython2: the file uses Python 2 only syntax.
	ProblemPython2
)

// Problem is a reason why a file was skipped or only partly analysed.
type Problem struct {
	Kind    ProblemKind
	Offset  int // byte offset the problem points at
	Message string
}

// maxSyntaxProblems caps how many syntax errors of one file are reported;
// one broken bracket can produce hundreds.
const maxSyntaxProblems = 3

// invalidUTF8 describes the first invalid byte of src.
func invalidUTF8(src []byte) Problem {
	offset := 0
	for offset < len(src) {
		r, size := utf8.DecodeRune(src[offset:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		offset += size
	}
	return Problem{Kind: ProblemEncoding, Offset: offset,
		Message: fmt.Sprintf("file is not valid UTF-8 (byte 0x%02x); "+
			"invalid bytes were ignored", src[offset])}
}

// syntaxProblems lists the error and missing nodes of a parsed file, and
// flags Python 2 statements, which the grammar accepts without error.
func syntaxProblems(f *File) []Problem {
	var out []Problem
	errors := 0
	python2 := false
	f.Walk(f.Root(), func(n NodeID) bool {
		node := &f.Nodes[n]
		switch {
		case node.IsError() || node.IsMissing():
			errors++
			if errors <= maxSyntaxProblems {
				out = append(out, syntaxError(f, n))
			}
			return false
		case !python2 && f.Is(n, "print_statement", "exec_statement"):
			python2 = true
			out = append(out, Problem{Kind: ProblemPython2, Offset: int(node.Start),
				Message: "file uses Python 2 syntax (" + f.Kind(n) +
					"); it is analysed as far as the grammar allows"})
		}
		return true
	})
	if errors > maxSyntaxProblems {
		out = append(out, Problem{Kind: ProblemSyntax, Offset: out[len(out)-1].Offset,
			Message: fmt.Sprintf("%d more syntax errors in this file",
				errors-maxSyntaxProblems)})
	}
	return out
}

// syntaxError describes one ERROR or MISSING node.
func syntaxError(f *File, n NodeID) Problem {
	node := &f.Nodes[n]
	msg := "syntax error; code in the unparsable region is not analysed"
	if node.IsMissing() {
		msg = fmt.Sprintf("syntax error: missing %q", f.Kind(n))
	}
	return Problem{Kind: ProblemSyntax, Offset: int(node.Start), Message: msg}
}
