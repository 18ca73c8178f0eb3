// Package fingerprint computes, for every line of a file, the value GitHub
// code scanning stores in a SARIF result's
// partialFingerprints.primaryLocationLineHash.
//
// When an uploaded SARIF result has no such value, the upload step of the
// github/codeql-action (src/fingerprints.ts) computes one from the file
// before sending the log. flasklint fills the value itself, so that a log
// sent straight to the code scanning API and one sent through the action
// give every alert the same fingerprint, and an alert is not closed and
// reopened when a team switches between the two.
//
// # The algorithm
//
// The file is read as text and turned into a stream of UTF-16 code units,
// the unit a JavaScript string is indexed by:
//
//   - spaces (U+0020) and tabs (U+0009) are dropped wherever they are, so
//     re-indenting or re-spacing a line leaves the hashes alone; no other
//     white space is dropped;
//   - "\r\n", a lone "\r" and "\n" all become one "\n", and each ends a line;
//   - the marker 0xFFFF is appended for the end of the file, then enough
//     zero units that every line has a full window.
//
// A line starts at the first unit of the stream that follows a line end
// (or at the start of the file). Its hash is the polynomial
//
//	u[p]·37^99 + u[p+1]·37^98 + … + u[p+99]·37^0   (mod 2^64)
//
// over the 100 units from the line's first unit p, whatever lines they
// belong to: a line's hash therefore also depends on the text that
// follows it, up to 100 non-blank characters ahead. The value is written
// in lowercase hexadecimal without leading zeros, followed by ":" and the
// number of lines so far (this one included) that have the same hash, so
// identical stretches of code get ":1", ":2" and so on, in line order.
//
// Lines are counted as the action counts them: a file of n line ends has
// n+1 lines, so "a\n" has two (the second holds only the end marker) and
// an empty file has one.
//
// # Decoding
//
// Invalid UTF-8 becomes U+FFFD, one per maximal ill-formed subsequence as
// the WHATWG encoding standard decodes it, which is what Node.js does when
// it reads a file as "utf8". A byte-order mark is kept and hashed, as
// Node.js keeps it. The decoding of invalid UTF-8 has been checked against
// that standard, not against a run of the action.
package fingerprint

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Constants of the action's hash. Changing any of them changes every
// fingerprint code scanning has stored, so they are fixed.
const (
	window         = 100    // code units hashed per line
	base           = 37     // multiplier of the polynomial hash
	endOfFile      = 0xFFFF // unit appended after the last character
	lineFeed       = '\n'
	carriageReturn = '\r'
)

// LineHashes returns the primaryLocationLineHash of every line of src,
// the first line at index 0. The result has one entry per line as the
// package doc counts them, so it is never empty.
func LineHashes(src []byte) []string {
	s := newStream(src)

	sums := s.windowSums()

	return withOccurrences(sums)
}

// LineHash returns the primaryLocationLineHash of the 1-based line of
// src, or "" when src has no such line. Each call hashes the whole file
// (the occurrence count needs every earlier line), so a caller with many
// findings in one file should call LineHashes once instead.
func LineHash(src []byte, line int) string {
	hashes := LineHashes(src)
	if line < 1 || line > len(hashes) {
		return ""
	}
	return hashes[line-1]
}

// stream is the sequence of code units the hash reads, with the index of
// each line's first unit.
type stream struct {
	units  []uint16
	starts []int

	atLineStart bool // the next unit kept begins a line
	afterCR     bool // the last unit seen was a carriage return
}

// newStream normalises src into a stream, appends the end marker and pads
// it with zeros so that the last line has a full window.
func newStream(src []byte) *stream {
	s := &stream{units: make([]uint16, 0, len(src)+window+1), atLineStart: true}
	decodeUTF16(src, s.add)

	s.add(endOfFile)

	for range window {
		s.units = append(s.units, 0) // padding starts no line
	}
	return s
}

// add feeds one code unit through the white-space and line-end rules.
func (s *stream) add(u uint16) {
	// A line feed right after a carriage return is the second half of a
	// "\r\n" that the "\r" already ended. Any dropped unit in between
	// breaks the pair, as it does in the action.
	if u == ' ' || u == '\t' || (s.afterCR && u == lineFeed) {
		s.afterCR = false
		return
	}

	s.afterCR = u == carriageReturn
	if u == carriageReturn {
		u = lineFeed
	}

	if s.atLineStart {
		s.starts = append(s.starts, len(s.units))
		s.atLineStart = false
	}
	s.atLineStart = u == lineFeed
	s.units = append(s.units, u)
}

// windowSums returns the polynomial hash of the window that starts at
// each line start. It rolls one hash along the stream: multiply by the
// base, add the new unit, and take out the unit that left the window,
// whose weight has by then grown to base^window. uint64 arithmetic wraps
// exactly like the action's 64-bit integers.
func (s *stream) windowSums() []uint64 {
	drop := uint64(1)
	for range window {
		drop *= base
	}

	sums := make([]uint64, 0, len(s.starts))
	var h uint64
	next := 0
	for i, u := range s.units {
		h = h*base + uint64(u)
		if i >= window {
			h -= drop * uint64(s.units[i-window])
		}

		// The window ending at i began at i-window+1.
		if next < len(s.starts) && s.starts[next] == i-window+1 {
			sums = append(sums, h)
			next++
		}
	}
	return sums
}

// withOccurrences formats each hash as "hex:n", where n counts the lines
// up to and including this one that share the hash.
func withOccurrences(sums []uint64) []string {
	seen := make(map[uint64]int, len(sums))
	out := make([]string, len(sums))
	for i, h := range sums {
		seen[h]++
		out[i] = strconv.FormatUint(h, 16) + ":" + strconv.Itoa(seen[h])
	}
	return out
}

// decodeUTF16 calls emit with the UTF-16 code units of src read as UTF-8:
// a character beyond the Basic Multilingual Plane gives two surrogates,
// and each maximal ill-formed subsequence one U+FFFD.
func decodeUTF16(src []byte, emit func(uint16)) {
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			size = illFormedLen(src)
		}
		src = src[size:]

		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			emit(uint16(hi))
			emit(uint16(lo))
			continue
		}
		emit(uint16(r))
	}
}

// illFormedLen is the length of the ill-formed sequence at the start of
// b, which utf8.DecodeRune rejected: a valid lead byte and the
// continuation bytes that still fit it (a truncated character), or a
// single byte. Go's decoder would report each of those bytes separately,
// while the WHATWG decoder, and so Node.js, replaces them with a single
// U+FFFD.
func illFormedLen(b []byte) int {
	need, lo, hi := leadByte(b[0])
	n := 1
	for n <= need && n < len(b) && b[n] >= lo && b[n] <= hi {
		n++
		lo, hi = 0x80, 0xBF // only the second byte has a narrower range
	}
	return n
}

// leadByte returns how many continuation bytes the lead byte c announces
// and the range its first continuation byte must be in; zero for a byte
// that cannot start a character.
func leadByte(c byte) (need int, lo, hi byte) {
	switch {
	case c >= 0xC2 && c <= 0xDF:
		return 1, 0x80, 0xBF
	case c == 0xE0:
		return 2, 0xA0, 0xBF // shorter forms are overlong
	case c == 0xED:
		return 2, 0x80, 0x9F // higher values are surrogates
	case c >= 0xE1 && c <= 0xEF:
		return 2, 0x80, 0xBF
	case c == 0xF0:
		return 3, 0x90, 0xBF // shorter forms are overlong
	case c >= 0xF1 && c <= 0xF3:
		return 3, 0x80, 0xBF
	case c == 0xF4:
		return 3, 0x80, 0x8F // higher values are beyond U+10FFFF
	}
	return 0, 0, 0
}
