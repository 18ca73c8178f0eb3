package parser

import "testing"

func TestColumn(t *testing.T) {
	cases := []struct {
		name      string
		src       string
		lineStart int
		offset    int
		want      int
	}{
		{"ascii start", "abc", 0, 0, 1},
		{"ascii middle", "abc", 0, 2, 3},
		{"second line", "ab\ncd", 3, 4, 2},
		{"two-byte runes", "é = redirect(x)", 0, len("é = "), 5},
		{"astral rune counts once", "s = '😀'; redirect(x)", 0, len("s = '😀'; "), 10},
		{"bom is not a column", "\xEF\xBB\xBFapp = 1", 0, 3, 1},
		{"bom then text", "\xEF\xBB\xBFapp = 1", 0, 6, 4},
		{"bom only on line one", "\xEF\xBB\xBFa\nbc", 5, 6, 2},
		{"offset past end", "ab", 0, 10, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Column([]byte(tc.src), tc.lineStart, tc.offset); got != tc.want {
				t.Errorf("Column = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestLineText(t *testing.T) {
	src := []byte("\xEF\xBB\xBFfirst\r\nsecond\nlast")
	cases := map[int]string{0: "first", 10: "second", 17: "last", 99: ""}
	for start, want := range cases {
		if got := LineText(src, start); got != want {
			t.Errorf("LineText(%d) = %q, want %q", start, got, want)
		}
	}
}
