package ruletest

import (
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// Mutated analyses a fixture archive after replacing, in every file name
// and content, each old string with the new one that follows it (none:
// the archive as written), and returns the rule's findings. Tests use it to take away what keeps a clean
// case clean and check that the rule then reports it, so that a clean case
// cannot pass for an unrelated reason.
func Mutated(t *testing.T, r *rule.Rule, ar *txtar.Archive, replace ...string) []lint.Finding {
	t.Helper()
	rep := strings.NewReplacer(replace...)
	root := t.TempDir()
	for _, f := range ar.Files {
		dst := filepath.Join(root, filepath.FromSlash(rep.Replace(f.Name)))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, []byte(rep.Replace(string(f.Data))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return analyse(t, r, root)
}

// Messages lists the messages of the findings, in order.
func Messages(findings []lint.Finding) []string {
	out := make([]string, 0, len(findings))
	for _, f := range findings {
		out = append(out, f.Message)
	}
	return out
}

// NewMessages returns the messages of after that before does not have,
// counting repeats.
func NewMessages(before, after []lint.Finding) []string {
	seen := map[string]int{}
	for _, m := range Messages(before) {
		seen[m]++
	}
	var out []string
	for _, m := range Messages(after) {
		if seen[m] > 0 {
			seen[m]--
			continue
		}
		out = append(out, m)
	}
	return out
}

// AllMatch reports whether every message matches the pattern.
func AllMatch(pattern string, msgs []string) bool {
	re := regexp.MustCompile(pattern)
	return !slices.ContainsFunc(msgs, func(m string) bool { return !re.MatchString(m) })
}

// Module parses one Python source, as the file name given, into a
// project of its own and returns the project and the module, for unit
// tests of a rule's helpers.
func Module(t *testing.T, name, src string) (*model.Project, *model.Module) {
	t.Helper()
	ps, err := parser.New(1)
	if err != nil {
		t.Fatal(err)
	}
	defer ps.Close()
	f := ps.Parse(name, []byte(src))
	f.Base = token.NewFileSet().AddFile(name, -1, len(f.Src)).Base()
	p := model.Build(&parser.Source{Python: []*parser.File{f}})
	if len(p.Modules) != 1 {
		t.Fatalf("%s did not parse into a module", name)
	}
	return p, p.Modules[0]
}
