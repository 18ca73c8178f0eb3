package deployfile

import (
	"fmt"
	"slices"
	"testing"
)

const dotenv = `# Flask settings
FLASK_APP=app:create_app
export FLASK_DEBUG=1
SECRET_KEY='s3cr3t#not-a-comment \n'
DATABASE_URL="postgres://u:p@db/app"   # trailing comment
GREETING="hello\nworld \"quoted\" \$HOME"
EMPTY=
  SPACED = value with spaces   # comment
NO_VALUE
MULTI="line1
line2"
AFTER=${HOME}/x
URL=http://x#frag
`

func TestParseEnvFile(t *testing.T) {
	src := []byte(dotenv)
	ef, err := ParseEnvFile(".env", src)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}

	var got []string
	for _, v := range ef.Entries {
		got = append(got, fmt.Sprintf("%d %s=%q %v", v.Line, v.Key, v.Value, v.HasValue))
	}
	want := []string{
		`2 FLASK_APP="app:create_app" true`,
		`3 FLASK_DEBUG="1" true`,
		`4 SECRET_KEY="s3cr3t#not-a-comment \\n" true`,
		`5 DATABASE_URL="postgres://u:p@db/app" true`,
		`6 GREETING="hello\nworld \"quoted\" \\$HOME" true`,
		`7 EMPTY="" true`,
		`8 SPACED="value with spaces" true`,
		`9 NO_VALUE="" false`,
		`10 MULTI="line1\nline2" true`,
		`12 AFTER="${HOME}/x" true`,
		`13 URL="http://x#frag" true`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("entries:\n got %q\nwant %q", got, want)
	}

	v, ok := ef.Lookup("SPACED")
	if !ok {
		t.Fatalf("Lookup(SPACED) found nothing")
	}
	checkOffset(t, src, v.Offset, "SPACED = value")
	v, _ = ef.Lookup("FLASK_DEBUG")
	checkOffset(t, src, v.Offset, "export FLASK_DEBUG")
}

func TestParseEnvFileMalformed(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     []string // key=value
		wantErrs []int
	}{
		{"missing key", "=value\nA=1\n", []string{"A=1"}, []int{1}},
		{"missing equals", "KEY value\nB=2\n", []string{"KEY=", "B=2"}, []int{1}},
		{"unterminated quote", "A=1\nKEY=\"unterminated\nB=2\n",
			[]string{"A=1", "KEY=unterminated\nB=2\n"}, []int{2}},
		{"text after quotes", "KEY=\"a\" junk\nB=2\n", []string{"KEY=a", "B=2"}, []int{1}},
		{"later value wins on lookup", "A=1\nA=2\n", []string{"A=1", "A=2"}, nil},
		{"BOM and CRLF", "\uFEFFA=1\r\nB='x'\r\n", []string{"A=1", "B=x"}, nil},
		{"binary", "A=\x00", nil, []int{0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ef, err := ParseEnvFile(".env", []byte(tc.src))
			checkErrorLines(t, err, tc.wantErrs)
			var got []string
			for _, v := range ef.Entries {
				got = append(got, v.Key+"="+v.Value)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("entries = %q, want %q", got, tc.want)
			}
		})
	}

	ef, _ := ParseEnvFile(".env", []byte("A=1\nA=2\n"))
	if v, _ := ef.Lookup("A"); v.Value != "2" || v.Line != 2 {
		t.Errorf("Lookup(A) = %+v, want the later entry", v)
	}
}
