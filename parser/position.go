package parser

import (
	"bytes"
	"unicode/utf8"
)

// bom is the UTF-8 byte-order mark. tree-sitter keeps it in byte offsets,
// but no editor counts it as a column.
var bom = []byte{0xEF, 0xBB, 0xBF}

// Column converts a byte offset into the 1-based column that flasklint
// reports everywhere: Unicode code points from the start of the line, not
// counting a byte-order mark at the start of the file. lineStart is the
// byte offset of the first byte of offset's line.
//
// This is the only place where byte offsets become columns.
func Column(src []byte, lineStart, offset int) int {
	offset = min(max(offset, lineStart), len(src))
	if lineStart == 0 && bytes.HasPrefix(src, bom) {
		lineStart = min(len(bom), offset)
	}
	return utf8.RuneCount(src[lineStart:offset]) + 1
}

// LineText returns the text of the line that starts at lineStart, without
// its line ending or a leading byte-order mark.
func LineText(src []byte, lineStart int) string {
	if lineStart >= len(src) || lineStart < 0 {
		return ""
	}
	line := src[lineStart:]
	if lineStart == 0 {
		line = bytes.TrimPrefix(line, bom)
	}
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return string(bytes.TrimSuffix(line, []byte("\r")))
}
