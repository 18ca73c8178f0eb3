package driver_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flasklint/flasklint/driver"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/rules"
	"github.com/flasklint/flasklint/rules/rule"
)

// benchRoot is the project the benchmarks analyse: FLASKLINT_BENCH_DIR when
// set (scripts/bench.sh points it at a real Flask project), else the sample
// project shipped in the repository.
func benchRoot(b *testing.B) (string, []string) {
	b.Helper()
	root := os.Getenv("FLASKLINT_BENCH_DIR")
	if root == "" {
		root = filepath.Join("..", "examples", "sample-app")
	}
	disc, err := model.Discover(root)
	if err != nil {
		b.Fatal(err)
	}
	if len(disc.Files) == 0 {
		b.Fatalf("no files to analyse in %s", root)
	}
	return root, disc.Files
}

// benchRun runs the driver over the bench project with the given rules and
// reports the Python throughput.
func benchRun(b *testing.B, rs []*rule.Rule) {
	root, files := benchRoot(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := driver.Run(driver.Options{Root: root, Files: files, Rules: rs}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseOnly is the peer the rule benchmarks are compared with:
// reading, parsing and registering every file, and nothing else.
func BenchmarkParseOnly(b *testing.B) { benchRun(b, nil) }

// BenchmarkAllRules is a whole run: parsing, the project model and every
// rule.
func BenchmarkAllRules(b *testing.B) { benchRun(b, rules.All) }
