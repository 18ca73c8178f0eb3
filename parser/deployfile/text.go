package deployfile

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"
)

// ParseError describes one part of a file that a reader could not
// understand. Line is 1-based, or 0 when the problem concerns the whole file.
type ParseError struct {
	Path string
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line <= 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
}

// Item is a string read from a file, with where it was found.
type Item struct {
	Text   string
	Line   int // 1-based; 0 when the item is absent
	Offset int // 0-based byte offset of the item's first byte
}

// Var is one key/value setting: an environment variable, a build argument.
type Var struct {
	Key   string
	Value string
	// HasValue is false when the file names the key without giving it a
	// value (Dockerfile `ARG NAME`, compose `- NAME`, dotenv `NAME`): the
	// value then comes from outside the file, which rules must not guess.
	HasValue bool
	Line     int
	Offset   int
}

// maxErrors bounds how many problems one file reports. A binary or badly
// mangled file would otherwise produce one error per line.
const maxErrors = 20

// errList collects the problems found in one file.
type errList struct {
	path    string
	errs    []error
	dropped int
}

// addf records a problem at a 1-based line.
func (l *errList) addf(line int, format string, args ...any) {
	if len(l.errs) >= maxErrors {
		l.dropped++
		return
	}
	msg := fmt.Sprintf(format, args...)
	l.errs = append(l.errs, &ParseError{Path: l.path, Line: line, Msg: msg})
}

// err returns the collected problems as one error, or nil.
func (l *errList) err() error {
	errs := l.errs
	if l.dropped > 0 {
		msg := fmt.Sprintf("%d more problems not shown", l.dropped)
		errs = append(errs, &ParseError{Path: l.path, Msg: msg})
	}
	return errors.Join(errs...)
}

// checkBinary reports whether src should not be read as text. A NUL byte
// never appears in the text formats this package reads, and is the same
// test git and grep use.
func checkBinary(path string, src []byte) error {
	if bytes.IndexByte(src, 0) >= 0 {
		return &ParseError{Path: path, Msg: "binary file, not read"}
	}
	return nil
}

// bomLen is the length of a UTF-8 byte order mark at the start of src.
// Editors on Windows add one, and it must not become part of the first key.
func bomLen(src []byte) int {
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		return 3
	}
	return 0
}

// physLine is one physical line of a file.
type physLine struct {
	num   int    // 1-based line number
	start int    // byte offset of the first byte
	text  []byte // without the line ending
}

// splitLines cuts src into lines without any limit on line length (unlike
// bufio.Scanner), dropping "\n" and a "\r" before it. A BOM on the first
// line is skipped; offsets still count it.
func splitLines(src []byte) []physLine {
	var lines []physLine
	start := bomLen(src)
	for num := 1; start < len(src); num++ {
		end := len(src)
		next := len(src)
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end = start + i
			next = end + 1
		}
		text := bytes.TrimSuffix(src[start:end], []byte("\r"))
		lines = append(lines, physLine{num: num, start: start, text: text})
		start = next
	}
	return lines
}

// lineIndex maps 1-based line and rune column, as YAML reports them, to a
// byte offset.
type lineIndex struct {
	src    []byte
	starts []int
}

// newLineIndex records where each line of src starts.
func newLineIndex(src []byte) *lineIndex {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{src: src, starts: starts}
}

// offset converts a 1-based line and 1-based rune column to a byte offset,
// clamping positions that fall outside the source.
func (x *lineIndex) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(x.starts) {
		return len(x.src)
	}
	off := x.starts[line-1]
	if line == 1 {
		off += bomLen(x.src)
	}
	for ; col > 1 && off < len(x.src) && x.src[off] != '\n'; col-- {
		_, size := utf8.DecodeRune(x.src[off:])
		off += size
	}
	return off
}

// isSpace reports whether b is a blank that separates words on a line.
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v'
}
