package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sampleApp is the example project shipped in the repository; make run
// analyses it.
const sampleApp = "../../examples/sample-app"

// reportsRE is how the sample app marks a finding: a full-line comment
// naming the rule, above the first code line the finding is on. Full-line
// comments work in Python, Procfiles and Dockerfiles alike.
var reportsRE = regexp.MustCompile(`^\s*# flasklint reports (HC-FLASK-[0-9]{3})\b`)

// TestSampleApp checks that flasklint reports exactly what the sample app
// says it does: every marked line is reported, and nothing else is, so the
// careful code in it stays unflagged.
func TestSampleApp(t *testing.T) {
	want := sampleExpectations(t)
	if len(want) == 0 {
		t.Fatal("no '# flasklint reports' markers in the sample app")
	}

	var stdout, stderr bytes.Buffer
	c := testCLI(t, &stdout, &stderr)
	c.dir, _ = filepath.Abs(sampleApp)
	if code := c.main([]string{"--format", "json", "."}); code != exitFindings {
		t.Fatalf("exit code %d, want %d; stderr: %s", code, exitFindings, stderr.String())
	}

	var out struct {
		Findings []struct {
			RuleID  string `json:"rule_id"`
			Path    string `json:"path"`
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("decode report: %v", err)
	}

	var got []string
	for _, f := range out.Findings {
		key := expectKey(f.Path, f.Line, f.RuleID)
		got = append(got, key)
		if !slices.Contains(want, key) {
			t.Errorf("unexpected finding %s: %s", key, f.Message)
		}
	}
	for _, key := range want {
		if !slices.Contains(got, key) {
			t.Errorf("missing finding %s", key)
		}
	}
}

// sampleExpectations reads the markers of every file of the sample app.
func sampleExpectations(t *testing.T) []string {
	t.Helper()
	var want []string
	err := filepath.WalkDir(sampleApp, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(sampleApp, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		want = append(want, fileExpectations(filepath.ToSlash(rel), data)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// fileExpectations returns "path:line: ID" for each marker in one file,
// placed on the first line after it that is not a comment.
func fileExpectations(path string, data []byte) []string {
	var out, pending []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if m := reportsRE.FindStringSubmatch(text); m != nil {
			pending = append(pending, m[1])
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(text), "#") || len(pending) == 0 {
			continue
		}
		for _, id := range pending {
			out = append(out, expectKey(path, line, id))
		}
		pending = nil
	}
	return out
}

// expectKey identifies a finding by place and rule.
func expectKey(path string, line int, id string) string {
	return path + ":" + strconv.Itoa(line) + ": " + id
}
