package fingerprint

import (
	"slices"
	"testing"
)

func TestDecodeUTF16(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []uint16
	}{
		{"ascii", "ab", []uint16{'a', 'b'}},
		{"two-byte", "é", []uint16{0xE9}},
		{"astral", "😀", []uint16{0xD83D, 0xDE00}},
		{"literal U+FFFD stays one", "\uFFFD", []uint16{0xFFFD}},
		{"truncated three-byte is one", "\xe2\x82a", []uint16{0xFFFD, 'a'}},
		{"truncated four-byte is one", "\xf0\x9f\x98a", []uint16{0xFFFD, 'a'}},
		{"truncated at end of input", "a\xf0\x9f", []uint16{'a', 0xFFFD}},
		{"lone continuation bytes each", "\x80\xbf", []uint16{0xFFFD, 0xFFFD}},
		{"encoded surrogate: lead alone", "\xed\xa0\x80", []uint16{0xFFFD, 0xFFFD, 0xFFFD}},
		{"overlong: lead alone", "\xc0\xaf", []uint16{0xFFFD, 0xFFFD}},
		{"overlong three-byte", "\xe0\x80\x80", []uint16{0xFFFD, 0xFFFD, 0xFFFD}},
		{"beyond U+10FFFF", "\xf4\x90\x80\x80", []uint16{0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}},
		{"invalid byte", "\xff", []uint16{0xFFFD}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []uint16
			decodeUTF16([]byte(tc.src), func(u uint16) { got = append(got, u) })
			if !slices.Equal(got, tc.want) {
				t.Errorf("decodeUTF16(%q) = %x, want %x", tc.src, got, tc.want)
			}
		})
	}
}
