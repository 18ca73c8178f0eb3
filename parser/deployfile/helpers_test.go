package deployfile

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// errorLines lists the line of every ParseError joined into err.
func errorLines(t *testing.T, err error) []int {
	t.Helper()
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var lines []int
	for _, e := range errs {
		var pe *ParseError
		if !errors.As(e, &pe) {
			t.Fatalf("error %v is not a *ParseError", e)
		}
		lines = append(lines, pe.Line)
	}
	return lines
}

// checkErrorLines fails unless err holds problems on exactly the given
// lines, in order.
func checkErrorLines(t *testing.T, err error, want []int) {
	t.Helper()
	if got := errorLines(t, err); !slices.Equal(got, want) {
		t.Errorf("error lines = %v, want %v (err: %v)", got, want, err)
	}
}

// checkOffset fails unless src has want at offset off, which proves the
// offset points at the thing it claims to.
func checkOffset(t *testing.T, src []byte, off int, want string) {
	t.Helper()
	if off < 0 || off > len(src) || !strings.HasPrefix(string(src[off:]), want) {
		end := min(max(off, 0)+len(want)+10, len(src))
		start := min(max(off, 0), end)
		t.Errorf("offset %d points at %q, want %q", off, src[start:end], want)
	}
}

// lineCount is the number of lines a reader may report for src.
func lineCount(src []byte) int {
	return strings.Count(string(src), "\n") + 1
}

// checkPos fails a fuzz run when a position falls outside src.
func checkPos(t *testing.T, src []byte, what string, line, off int) {
	t.Helper()
	if line < 1 || line > lineCount(src) {
		t.Fatalf("%s: line %d outside 1..%d", what, line, lineCount(src))
	}
	if off < 0 || off > len(src) {
		t.Fatalf("%s: offset %d outside 0..%d", what, off, len(src))
	}
}
