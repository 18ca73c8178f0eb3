package baseline

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/flasklint/flasklint/lint"
)

var ruleA = &lint.Meta{ID: "HC-FLASK-022"}

// finding builds a finding with just what the baseline reads.
func finding(path, key string) lint.Finding {
	return lint.Finding{Rule: ruleA, Location: lint.Location{Path: path}, Key: key,
		Message: "m"}
}

func TestRoundTripIsStableAndSorted(t *testing.T) {
	findings := []lint.Finding{finding("b.py", "FLASK-000002"), finding("a.py", "FLASK-000001"),
		finding("a.py", "FLASK-000001")}
	var first, second bytes.Buffer
	if err := FromFindings(findings).Write(&first); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(path, first.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := loaded.Write(&second); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Errorf("round trip changed the file:\n%s\n%s", first.String(), second.String())
	}
	if len(loaded.Entries) != 2 || loaded.Entries[0].Path != "a.py" ||
		loaded.Entries[0].Count != 2 {
		t.Errorf("entries = %+v", loaded.Entries)
	}
}

func TestApplyCountsOccurrences(t *testing.T) {
	b := FromFindings([]lint.Finding{finding("a.py", "FLASK-000001")})
	now := []lint.Finding{finding("a.py", "FLASK-000001"), finding("a.py", "FLASK-000001"),
		finding("a.py", "FLASK-000009")}
	stale := b.Apply(now)
	if len(stale) != 0 {
		t.Errorf("stale = %+v", stale)
	}
	var suppressed int
	for _, f := range now {
		if f.Suppressed != nil {
			suppressed++
			if f.Suppressed.Kind != lint.SuppressedExternal {
				t.Errorf("kind = %q", f.Suppressed.Kind)
			}
		}
	}
	if suppressed != 1 {
		t.Errorf("%d findings suppressed, want 1: the second identical one is new", suppressed)
	}
}

func TestApplyReportsStaleEntries(t *testing.T) {
	b := FromFindings([]lint.Finding{finding("a.py", "FLASK-000001"),
		finding("gone.py", "FLASK-000002")})
	stale := b.Apply([]lint.Finding{finding("a.py", "FLASK-000001")})
	if len(stale) != 1 || stale[0].Path != "gone.py" || stale[0].Count != 1 {
		t.Errorf("stale = %+v", stale)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"bad.json":     "{not json",
		"version.json": `{"version": 7, "findings": []}`,
	}
	for name, content := range cases {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file: no error")
	}
}
