package deployfile

import (
	"fmt"
	"slices"
	"testing"
)

const requirementsTxt = `# production dependencies
-r base.txt
--constraint=constraints.txt
--index-url https://pypi.org/simple
Flask>=2.3,<3.0
flask_sqlalchemy == 3.1.1
Flask-WTF[email, i18n]~=1.2  # forms
gunicorn==21.2.0 ; sys_platform != "win32"
-e git+https://github.com/x/y.git#egg=y
requests \
    >=2.31
pkg @ https://example.com/pkg-1.0-py3-none-any.whl
git+https://github.com/org/lib.git#egg=Some.Lib
./local/path
Werkzeug --hash=sha256:abcd
zope.interface (>=5)
`

func TestParseRequirements(t *testing.T) {
	src := []byte(requirementsTxt)
	rf, err := ParseRequirements("requirements.txt", src)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}

	var got []string
	for _, r := range rf.Packages {
		got = append(got, fmt.Sprintf("%d %s %q spec=%q url=%q marker=%q", r.Line, r.Name,
			r.Extras, r.Spec, r.URL, r.Marker))
	}
	want := []string{
		`5 flask [] spec=">=2.3,<3.0" url="" marker=""`,
		`6 flask-sqlalchemy [] spec="==3.1.1" url="" marker=""`,
		`7 flask-wtf ["email" "i18n"] spec="~=1.2" url="" marker=""`,
		`8 gunicorn [] spec="==21.2.0" url="" marker="sys_platform != \"win32\""`,
		`10 requests [] spec=">=2.31" url="" marker=""`,
		`12 pkg [] spec="" url="https://example.com/pkg-1.0-py3-none-any.whl" marker=""`,
		`13 some-lib [] spec="" url="git+https://github.com/org/lib.git#egg=Some.Lib" marker=""`,
		`15 werkzeug [] spec="" url="" marker=""`,
		`16 zope-interface [] spec=">=5" url="" marker=""`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("packages:\n got %q\nwant %q", got, want)
	}

	var includes []string
	for _, it := range rf.Includes {
		includes = append(includes, fmt.Sprintf("%d %s", it.Line, it.Text))
	}
	if want := []string{"2 base.txt", "3 constraints.txt"}; !slices.Equal(includes, want) {
		t.Errorf("includes = %q, want %q", includes, want)
	}

	sqla := rf.Lookup("Flask-SQLAlchemy")
	if sqla == nil {
		t.Fatalf("Lookup(Flask-SQLAlchemy) found nothing")
	}
	checkOffset(t, src, sqla.Offset, "flask_sqlalchemy == 3.1.1")
	if sqla.Raw != "flask_sqlalchemy == 3.1.1" {
		t.Errorf("Raw = %q", sqla.Raw)
	}
}

func TestParseRequirementsMalformed(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     []string
		wantErrs []int
	}{
		{"bad specifier", "flask>>2\nclick\n", []string{"click"}, []int{1}},
		{"not a name", "!!!\n[extra]\nclick\n", []string{"click"}, []int{1, 2}},
		{"continuation at end of file", "flask\\", []string{"flask"}, nil},
		{"binary", "flask\x00", nil, []int{0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rf, err := ParseRequirements("requirements.txt", []byte(tc.src))
			checkErrorLines(t, err, tc.wantErrs)
			var got []string
			for _, r := range rf.Packages {
				got = append(got, r.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("packages = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNormalizePackage(t *testing.T) {
	tests := map[string]string{
		"Flask":            "flask",
		"Flask_SQLAlchemy": "flask-sqlalchemy",
		"zope.interface":   "zope-interface",
		"a__b--c..d":       "a-b-c-d",
	}
	for in, want := range tests {
		if got := NormalizePackage(in); got != want {
			t.Errorf("NormalizePackage(%q) = %q, want %q", in, got, want)
		}
	}
}
