package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	idRE   = regexp.MustCompile(`^HC-FLASK-\d{3}$`)
	slugRE = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
)

// requiredSections are the doc.md headings every rule must have.
var requiredSections = []string{
	"## What it flags", "## Why it matters", "## Example", "## Use instead",
	"## Limitations", "## References",
}

func TestRegistry(t *testing.T) {
	var ids []string
	for _, r := range All {
		ids = append(ids, r.ID)
		t.Run(r.ID, func(t *testing.T) {
			checkMeta(t, r.ID, r.Slug, r.Title, r.Doc)
			if r.Severity == 0 || r.Confidence == 0 || len(r.CWE) == 0 {
				t.Error("severity, confidence and CWE are required")
			}
			if r.Analyzer.Name != r.AnalyzerName() || r.Analyzer.URL != r.HelpURI() {
				t.Error("analyzer name or URL not derived from the metadata")
			}
		})
	}
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("IDs must be unique and sorted: %v", ids)
	}
}

// checkMeta checks the shape of one rule's metadata and documentation.
func checkMeta(t *testing.T, id, slug, title, doc string) {
	t.Helper()
	if !idRE.MatchString(id) || !slugRE.MatchString(slug) {
		t.Errorf("bad id %q or slug %q", id, slug)
	}
	first, _, _ := strings.Cut(title, " ")
	acronym := len(first) > 1 && strings.ToUpper(first) == first // CORS, CSRF
	if title == "" || (!acronym && strings.ToLower(title[:1]) != title[:1]) ||
		strings.HasSuffix(title, ".") {
		t.Errorf("title %q must start lowercase (or with an acronym) and not end with a "+
			"period", title)
	}
	last := -1
	for _, section := range requiredSections {
		i := strings.Index(doc, "\n"+section+"\n")
		if i < 0 {
			t.Errorf("doc lacks %q", section)
			continue
		}
		if i < last {
			t.Errorf("doc section %q is out of order", section)
		}
		last = i
	}
}

func TestGeneratedDocsAreFresh(t *testing.T) {
	for path, want := range DocFiles() {
		got, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(path)))
		if err != nil || string(got) != want {
			t.Errorf("%s is stale or missing: run `go generate ./rules`", path)
		}
	}
}
