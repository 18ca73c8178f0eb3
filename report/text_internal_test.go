package report

import (
	"testing"
	"time"

	"github.com/flasklint/flasklint/lint"
)

func TestCaretLine(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		start, end int
		indent     string
		marker     string
	}{
		{"ascii", "x = eval(s)", 5, 12, "    ", "^~~~~~~"},
		{"first column", "eval(s)", 1, 5, "", "^~~~"},
		{"tabs repeated", "\t\tapp.run(debug=True)", 11, 21, "\t\t        ", "^~~~~~~~~~"},
		{"multi-byte runes count once", "é = ü(ï)", 5, 9, "    ", "^~~~"},
		{"astral runes count once", "s = '😀' + x", 11, 12, "          ", "^"},
		{"empty span still marks", "abc", 2, 2, " ", "^"},
		{"end before start", "abc", 3, 1, "  ", "^"},
		{"start past end of line", "ab", 5, 6, "    ", "^"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			indent, marker := caretLine(tc.src, tc.start, tc.end)
			if indent != tc.indent || marker != tc.marker {
				t.Errorf("caretLine(%q, %d, %d) = %q, %q; want %q, %q",
					tc.src, tc.start, tc.end, indent, marker, tc.indent, tc.marker)
			}
		})
	}
}

func TestSpanEnd(t *testing.T) {
	const src = `return redirect("é")` // 20 code points, 21 bytes
	tests := []struct {
		name string
		loc  lint.Location
		want int
	}{
		{"same line", loc(3, 8, 3, 16), 16},
		{"continues on later lines", loc(3, 8, 5, 2), 21},
		{"no end", loc(3, 8, 0, 0), 9},
		{"end not after start", loc(3, 8, 3, 8), 9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := spanEnd(tc.loc, src); got != tc.want {
				t.Errorf("spanEnd = %d, want %d", got, tc.want)
			}
		})
	}
}

// loc builds a location in a fixed file.
func loc(line, col, endLine, endCol int) lint.Location {
	return lint.Location{
		Path:  "a.py",
		Start: lint.Position{Line: line, Column: col},
		End:   lint.Position{Line: endLine, Column: endCol},
	}
}

func TestValidEnd(t *testing.T) {
	tests := []struct {
		name string
		loc  lint.Location
		want bool
	}{
		{"same line after start", loc(2, 3, 2, 9), true},
		{"same line, empty span", loc(2, 3, 2, 3), true},
		{"later line", loc(2, 3, 4, 1), true},
		{"unset", loc(2, 3, 0, 0), false},
		{"earlier line", loc(2, 3, 1, 9), false},
		{"same line before start", loc(2, 3, 2, 2), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := validEnd(tc.loc); got != tc.want {
				t.Errorf("validEnd(%+v) = %v, want %v", tc.loc, got, tc.want)
			}
		})
	}
}

func TestFormatElapsed(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0ms"},
		{400 * time.Microsecond, "<1ms"},
		{12345678 * time.Nanosecond, "12ms"},
		{999600 * time.Microsecond, "1s"},
		{1534 * time.Millisecond, "1.53s"},
		{83400 * time.Millisecond, "1m23s"},
	}
	for _, tc := range tests {
		if got := formatElapsed(tc.d); got != tc.want {
			t.Errorf("formatElapsed(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestSourceText(t *testing.T) {
	tests := []struct {
		name string
		line string
		no   int
		want string
	}{
		{"crlf", "x = 1\r\n", 4, "x = 1"},
		{"bom on line 1", "\uFEFFimport flask", 1, "import flask"},
		{"bom kept elsewhere is still shown", "\uFEFFx", 2, "\uFEFFx"},
		{"controls replaced", "a\x00b\x7fc", 3, "a\uFFFDb\uFFFDc"},
		{"tabs kept", "\tpass", 3, "\tpass"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := sourceText(tc.line, tc.no); got != tc.want {
				t.Errorf("sourceText(%q, %d) = %q, want %q", tc.line, tc.no, got, tc.want)
			}
		})
	}
}
