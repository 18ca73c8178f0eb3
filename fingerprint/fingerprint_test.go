package fingerprint_test

import (
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/fingerprint"
)

// eof is the end-of-file unit, written into the hand-built windows below.
const eof = "\uffff"

// polyHash evaluates the definition of a line hash directly, with big
// integers and no rolling: the sum of unit[k]·37^(99-k) over the first 100
// units of window (missing units are the zero padding), modulo 2^64, in
// hexadecimal.
func polyHash(window []uint16) string {
	sum := new(big.Int)
	for k := range 100 {
		var u int64
		if k < len(window) {
			u = int64(window[k])
		}
		weight := new(big.Int).Exp(big.NewInt(37), big.NewInt(int64(99-k)), nil)
		sum.Add(sum, weight.Mul(weight, big.NewInt(u)))
	}
	sum.Mod(sum, new(big.Int).Lsh(big.NewInt(1), 64))
	return sum.Text(16)
}

// units spells a window as code units. Every rune used in the tables is
// in the Basic Multilingual Plane, so one rune is one unit.
func units(s string) []uint16 {
	out := make([]uint16, 0, len(s))
	for _, r := range s {
		out = append(out, uint16(r))
	}
	return out
}

// TestByDefinition compares LineHashes with hashes of windows written out
// by hand: the text from each line's first kept character to the end,
// spaces and tabs removed, line ends turned into "\n", then the end
// marker.
func TestByDefinition(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		windows [][]uint16
	}{
		{"empty file", "", [][]uint16{units(eof)}},
		{"spaces and tabs dropped", " a\nb\n  \t\tc\n d", [][]uint16{
			units("a\nb\nc\nd" + eof), units("b\nc\nd" + eof), units("c\nd" + eof),
			units("d" + eof)}},
		{"every line end becomes one newline", "x\r\ny\rz\n", [][]uint16{
			units("x\ny\nz\n" + eof), units("y\nz\n" + eof), units("z\n" + eof),
			units(eof)}},
		{"a tab between CR and LF makes two line ends", "\r\t\n", [][]uint16{
			units("\n\n" + eof), units("\n" + eof), units(eof)}},
		{"byte-order mark kept", "\ufeffimport os", [][]uint16{
			units("\ufeffimportos" + eof)}},
		{"astral rune is two surrogates", "s = '😀'", [][]uint16{
			{'s', '=', '\'', 0xD83D, 0xDE00, '\'', 0xFFFF}}},
		{"one U+FFFD per ill-formed sequence", "a\xe2\x82b\xffc\n", [][]uint16{
			units("a\ufffdb\ufffdc\n" + eof), units(eof)}},
		{"only the first 100 units count", strings.Repeat("x", 150), [][]uint16{
			units(strings.Repeat("x", 100))}},
		{"form feed is not dropped", "\fdef f(): pass", [][]uint16{
			units("\fdeff():pass" + eof)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := make([]string, len(tc.windows))
			for i, w := range tc.windows {
				want[i] = polyHash(w) + ":1"
			}
			if got := fingerprint.LineHashes([]byte(tc.src)); !slices.Equal(got, want) {
				t.Errorf("LineHashes(%q)\n got %v\nwant %v", tc.src, got, want)
			}
		})
	}
}

// TestActionValues checks values that github/codeql-action's own tests
// (src/fingerprints.test.ts) expect from its hash function, so that a
// misreading of the algorithm shared by the code and TestByDefinition
// still shows up.
func TestActionValues(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"", []string{"c129715d7a2bc9a3:1"}},
		{" a\nb\n  \t\tc\n d", []string{"271789c17abda88f:1", "54703d4cd895b18:1",
			"180aee12dab6264:1", "a23a3dc5e078b07b:1"}},
		{"x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n", []string{
			"e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1",
			"5c482a0f8b35ea28:1", "54517377da7028d2:1", "2c644846cb18d53e:1",
			"f1b89f20de0d133:1", "c129715d7a2bc9a3:1"}},
	}
	for _, tc := range tests {
		if got := fingerprint.LineHashes([]byte(tc.src)); !slices.Equal(got, tc.want) {
			t.Errorf("LineHashes(%q)\n got %v\nwant %v", tc.src, got, tc.want)
		}
	}
}

// lineBreak is how the action's tests count lines: every "\r\n", "\r" or
// "\n" ends one.
var lineBreak = regexp.MustCompile(`\r\n|\r|\n`)

func TestOneHashPerLine(t *testing.T) {
	for _, src := range []string{
		"", "a", "a\n", "\n\n", "a\r\nb", "a\rb\r", "a\r\n\r\n", "  \t\n\t", "\r\t\n",
		"from flask import Flask\n\napp = Flask(__name__)\n",
	} {
		got := len(fingerprint.LineHashes([]byte(src)))
		if want := len(lineBreak.Split(src, -1)); got != want {
			t.Errorf("LineHashes(%q) has %d entries, want %d", src, got, want)
		}
	}
}

// TestIdenticalLinesCountUp uses lines longer than the window, so that
// each line's hash covers only its own text.
func TestIdenticalLinesCountUp(t *testing.T) {
	same := "log(" + strings.Repeat("x", 120) + ")\n"
	other := "print(" + strings.Repeat("y", 120) + ")\n"
	src := same + same + other + same

	got := fingerprint.LineHashes([]byte(src))
	if len(got) != 5 {
		t.Fatalf("%d hashes, want 5: %v", len(got), got)
	}
	hex, _, _ := strings.Cut(got[0], ":")
	want := []string{hex + ":1", hex + ":2", "", hex + ":3"}
	for i, w := range want {
		if w != "" && got[i] != w {
			t.Errorf("line %d = %s, want %s", i+1, got[i], w)
		}
	}
	if strings.HasPrefix(got[2], hex+":") || !strings.HasSuffix(got[2], ":1") {
		t.Errorf("different line 3 = %s, want its own hash with :1", got[2])
	}
}

func TestSpacesTabsAndLineEndingsDoNotMatter(t *testing.T) {
	base := fingerprint.LineHashes([]byte("def view():\n    return redirect(url)\n"))
	for _, src := range []string{
		"def view():\n\treturn redirect(url)\n",
		"def  view( ) :\n  return  redirect( url )  \n",
		"def view():\r\n    return redirect(url)\r\n",
		"def view():\r    return redirect(url)\r",
	} {
		if got := fingerprint.LineHashes([]byte(src)); !slices.Equal(got, base) {
			t.Errorf("LineHashes(%q) = %v, want %v as for the plain spelling", src, got, base)
		}
	}

	// Other changes do count: a blank line is a unit of the stream, and so
	// is a form feed.
	for _, src := range []string{
		"def view():\n\n    return redirect(url)\n",
		"def view():\n\f    return redirect(url)\n",
	} {
		if got := fingerprint.LineHashes([]byte(src)); got[0] == base[0] {
			t.Errorf("LineHashes(%q)[0] = %s, the same as without the change", src, got[0])
		}
	}
}

// TestWindowReachesLaterLines pins that a line's hash covers the next 100
// kept units, and nothing beyond them.
func TestWindowReachesLaterLines(t *testing.T) {
	short := "a = 1\nb = 2\n"
	if fingerprint.LineHashes([]byte(short + "c = 3\n"))[0] ==
		fingerprint.LineHashes([]byte(short + "c = 4\n"))[0] {
		t.Error("line 1's hash ignores a change ten units later")
	}

	long := "a = 1\n" + strings.Repeat("z", 200) + "\n"
	if fingerprint.LineHashes([]byte(long + "c = 3\n"))[0] !=
		fingerprint.LineHashes([]byte(long + "c = 4\n"))[0] {
		t.Error("line 1's hash changed with a line more than 100 units later")
	}
}

func TestLineHash(t *testing.T) {
	src := []byte("import os\nimport os\nx = os.environ['KEY']\n")
	all := fingerprint.LineHashes(src)
	for i, want := range all {
		if got := fingerprint.LineHash(src, i+1); got != want {
			t.Errorf("LineHash(src, %d) = %s, want %s", i+1, got, want)
		}
	}
	for _, line := range []int{-1, 0, len(all) + 1} {
		if got := fingerprint.LineHash(src, line); got != "" {
			t.Errorf("LineHash(src, %d) = %q, want \"\"", line, got)
		}
	}
}

// TestHexHasNoLeadingZeros relies on a line whose hash, by the action's
// tests, has only 15 hex digits.
func TestHexHasNoLeadingZeros(t *testing.T) {
	got := fingerprint.LineHashes([]byte(" a\nb\n  \t\tc\n d"))[1]
	hex, n, _ := strings.Cut(got, ":")
	if _, err := strconv.ParseUint(hex, 16, 64); err != nil || len(hex) != 15 || n != "1" {
		t.Errorf("line 2 = %q, want 15 lowercase hex digits and :1", got)
	}
}
