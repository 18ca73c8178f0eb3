// Package ruletest checks a rule against fixture projects whose expected
// findings are written next to the code, in the spirit of analysistest:
//
//	return redirect(request.args["next"])  # want "request data reaches redirect"
//
// Every finding must be expected and every expectation must be found.
// Expectations are `#` comments, so the same syntax works in Python,
// Dockerfiles, Procfiles, YAML, .env and nginx files:
//
//	# want "re" ["re" ...]   a finding on this line whose message matches
//	# known-miss "re"        a defect the rule does not report yet: the test
//	                         fails if it starts being reported, so that the
//	                         fixture and the rule's Limitations are updated
//	# known-fp "re"          a finding the rule reports although it should
//	                         not; kept visible instead of hidden
//
// A fixture is a folder or a .txtar archive under the rule's testdata
// folder; each is analysed as one whole project.
package ruletest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/flasklint/flasklint/driver"
	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/rules/rule"
)

// expectation is one expected (or known-missed) finding.
type expectation struct {
	kind    string // "want", "known-miss" or "known-fp"
	path    string
	line    int
	pattern *regexp.Regexp
	matched bool
}

// MinCases is how many flagged cases, and how many clean cases, a rule's
// fixtures must hold at the least. A clean case is a function with no
// expectation inside it, or a whole fixture project that expects nothing.
const MinCases = 5

// Run analyses every fixture in dir with the rule and checks the findings
// against the expectations. It fails when the fixtures hold fewer than
// MinCases flagged or clean cases, so that an empty or one-sided suite
// cannot pass.
func Run(t *testing.T, r *rule.Rule, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("read fixtures: %v", err)
	}
	var wants, cleans int
	fixtures := 0
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && !strings.HasSuffix(name, ".txtar") {
			continue
		}
		fixtures++
		t.Run(strings.TrimSuffix(name, ".txtar"), func(t *testing.T) {
			w, c := RunFixture(t, r, filepath.Join(dir, name))
			wants += w
			cleans += c
		})
	}
	if wants < MinCases || cleans < MinCases {
		t.Fatalf("%s: %d fixtures hold %d flagged and %d clean cases; want at least %d of each",
			dir, fixtures, wants, cleans, MinCases)
	}
}

// RunFixture checks one fixture and returns how many flagged and how many
// clean cases it holds.
func RunFixture(t *testing.T, r *rule.Rule, fixture string) (wants, cleans int) {
	t.Helper()
	root := fixture
	if strings.HasSuffix(fixture, ".txtar") {
		root = extract(t, fixture)
	}
	findings := analyse(t, r, root)
	expects := readExpectations(t, root)
	check(t, r, findings, expects)
	for _, e := range expects {
		if e.kind == "want" {
			wants++
		}
	}
	cleans = countCleanCases(t, root, expects)
	return wants, cleans
}

// extract writes a txtar archive's files into a temporary folder.
func extract(t *testing.T, archive string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	for _, f := range ar.Files {
		dst := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// analyse runs the driver with just this rule over the project.
func analyse(t *testing.T, r *rule.Rule, root string) []lint.Finding {
	t.Helper()
	disc, err := model.Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	res, err := driver.Run(driver.Options{Root: root, Files: disc.Files, Rules: []*rule.Rule{r}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}

// expectRE finds the expectation comments of a line.
var expectRE = regexp.MustCompile(`#\s*(want|known-miss|known-fp)((?:\s+"(?:[^"\\]|\\.)*")+)`)

// quotedRE finds each quoted pattern of an expectation.
var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// readExpectations collects the expectations of every file in the project.
func readExpectations(t *testing.T, root string) []*expectation {
	t.Helper()
	disc, err := model.Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	var out []*expectation
	for _, path := range disc.Files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(path)))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			out = append(out, parseLine(t, path, i+1, line)...)
		}
	}
	return out
}

// parseLine reads the expectations written on one line.
func parseLine(t *testing.T, path string, lineNo int, line string) []*expectation {
	t.Helper()
	var out []*expectation
	for _, m := range expectRE.FindAllStringSubmatch(line, -1) {
		for _, q := range quotedRE.FindAllString(m[2], -1) {
			text, err := strconv.Unquote(q)
			if err != nil {
				t.Fatalf("%s:%d: bad expectation %s: %v", path, lineNo, q, err)
			}
			re, err := regexp.Compile(text)
			if err != nil {
				t.Fatalf("%s:%d: bad pattern %q: %v", path, lineNo, text, err)
			}
			out = append(out, &expectation{kind: m[1], path: path, line: lineNo, pattern: re})
		}
	}
	return out
}

// check matches findings to expectations in both directions.
func check(t *testing.T, r *rule.Rule, findings []lint.Finding, expects []*expectation) {
	t.Helper()
	for _, f := range findings {
		if f.Rule.ID != r.ID {
			if f.Rule == lint.ParseMeta {
				t.Logf("%s: %s (parse problem in fixture)", where(f), f.Message)
			}
			continue
		}
		if e := claim(expects, f); e == nil {
			t.Errorf("%s: unexpected finding: %s", where(f), f.Message)
		} else if e.kind == "known-miss" {
			t.Errorf("%s: finding marked known-miss is now reported (%s): "+
				"turn it into a want and update the rule's Limitations", where(f), f.Message)
		}
	}
	for _, e := range expects {
		if e.matched {
			continue
		}
		switch e.kind {
		case "want":
			t.Errorf("%s:%d: no finding matched %q", e.path, e.line, e.pattern)
		case "known-fp":
			t.Errorf("%s:%d: known-fp %q is no longer reported: remove the mark and "+
				"the Limitations entry", e.path, e.line, e.pattern)
		}
	}
}

// claim marks and returns the first unmatched expectation on the
// finding's line whose pattern matches its message.
func claim(expects []*expectation, f lint.Finding) *expectation {
	for _, e := range expects {
		if !e.matched && e.path == f.Location.Path && e.line == f.Location.Start.Line &&
			e.pattern.MatchString(f.Message) {
			e.matched = true
			return e
		}
	}
	return nil
}

// where formats a finding's position.
func where(f lint.Finding) string {
	return fmt.Sprintf("%s:%d:%d", f.Location.Path, f.Location.Start.Line,
		f.Location.Start.Column)
}

// countCleanCases counts the Python functions of a fixture with no want
// inside them; a project that expects nothing at all counts as one clean
// case even when it has no function.
func countCleanCases(t *testing.T, root string, expects []*expectation) int {
	t.Helper()
	wantLines := map[string][]int{}
	for _, e := range expects {
		if e.kind == "want" {
			wantLines[e.path] = append(wantLines[e.path], e.line)
		}
	}
	disc, err := model.Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	clean := 0
	for _, path := range disc.Files {
		if !strings.HasSuffix(path, ".py") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(path)))
		if err != nil {
			t.Fatal(err)
		}
		for _, span := range functionSpans(strings.Split(string(data), "\n")) {
			if !anyWithin(wantLines[path], span[0], span[1]) {
				clean++
			}
		}
	}
	if len(wantLines) == 0 && clean == 0 {
		clean = 1
	}
	return clean
}

// functionSpans finds the 1-based line ranges of def blocks by indentation,
// which is all a fixture needs.
func functionSpans(lines []string) [][2]int {
	var spans [][2]int
	for i, line := range lines {
		body := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(body, "def ") && !strings.HasPrefix(body, "async def ") {
			continue
		}
		indent := len(line) - len(body)
		end := i + 1
		for j := i + 1; j < len(lines); j++ {
			rest := strings.TrimLeft(lines[j], " \t")
			if rest != "" && len(lines[j])-len(rest) <= indent && !strings.HasPrefix(rest, "#") {
				break
			}
			end = j + 1
		}
		spans = append(spans, [2]int{i + 1, end})
	}
	return spans
}

// anyWithin reports whether any line lies in [from, to].
func anyWithin(lines []int, from, to int) bool {
	for _, l := range lines {
		if l >= from && l <= to {
			return true
		}
	}
	return false
}
