package report_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/flasklint/flasklint/report"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestGolden pins the complete output of every format, so that any change
// to it shows up as a diff in review. Run `go test ./report -update` to
// accept a deliberate change.
func TestGolden(t *testing.T) {
	fixtures := []struct {
		name string
		res  func() *report.Result
	}{
		{"full", fullResult},
		{"empty", emptyResult},
		{"suppressed", suppressedResult},
	}
	variants := []struct {
		name   string
		format string
		opts   report.Options
	}{
		{"text", "text", report.Options{}},
		{"text-color", "text", report.Options{Color: true}},
		{"json", "json", report.Options{}},
		{"sarif", "sarif", report.Options{}},
		{"github", "github", report.Options{}},
		{"gitlab", "gitlab", report.Options{}},
		{"junit", "junit", report.Options{}},
	}
	for _, fx := range fixtures {
		for _, v := range variants {
			name := fx.name + "." + v.name
			t.Run(name, func(t *testing.T) {
				got := render(t, v.format, fx.res(), v.opts)
				if v.format == "sarif" {
					if err := report.ValidateSARIF([]byte(got), schemaPath); err != nil {
						t.Fatalf("SARIF fails the schema: %v", err)
					}
				}
				checkGolden(t, filepath.Join("testdata", name+".golden"), got)
			})
		}
	}
}

// checkGolden compares got with the file at path, or rewrites the file
// under -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}

	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./report -update to accept)\n"+
			" got:\n%s\nwant:\n%s", path, got, want)
	}
}
