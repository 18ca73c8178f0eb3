package report_test

import (
	"encoding/json"
	"maps"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/report"
)

// The parts of a SARIF log the tests look at.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool struct {
			Driver struct {
				Name           string      `json:"name"`
				Version        string      `json:"version"`
				InformationURI string      `json:"informationUri"`
				Rules          []sarifRule `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results            []sarifResult            `json:"results"`
		OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds"`
		ColumnKind         string                   `json:"columnKind"`
		AutomationDetails  struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifRule struct {
		ID                   string    `json:"id"`
		Name                 string    `json:"name"`
		ShortDescription     sarifText `json:"shortDescription"`
		FullDescription      sarifText `json:"fullDescription"`
		Help                 sarifText `json:"help"`
		HelpURI              string    `json:"helpUri"`
		DefaultConfiguration struct {
			Level   string `json:"level"`
			Enabled bool   `json:"enabled"`
		} `json:"defaultConfiguration"`
		Properties map[string]any `json:"properties"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Properties          map[string]any    `json:"properties"`
		Suppressions        []map[string]any  `json:"suppressions"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	sarifLocation struct {
		ID               int        `json:"id"`
		Message          *sarifText `json:"message"`
		PhysicalLocation struct {
			ArtifactLocation sarifArtifact `json:"artifactLocation"`
			Region           *sarifRegion  `json:"region"`
		} `json:"physicalLocation"`
	}
)

// renderSARIF writes res as SARIF, checks it against the vendored schema
// and decodes it.
func renderSARIF(t *testing.T, res *report.Result) (string, sarifLog) {
	t.Helper()
	out := render(t, "sarif", res, report.Options{})
	if err := report.ValidateSARIF([]byte(out), schemaPath); err != nil {
		t.Fatalf("SARIF output fails the schema: %v\n%s", err, out)
	}

	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("decode SARIF: %v", err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return out, log
}

func TestSARIFRun(t *testing.T) {
	_, log := renderSARIF(t, fullResult())
	run := log.Runs[0]

	if log.Version != "2.1.0" || !strings.HasPrefix(log.Schema, "https://docs.oasis-open.org/") {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	d := run.Tool.Driver
	if d.Name != "flasklint" || d.Version != "0.1.0" ||
		d.InformationURI != "https://github.com/flasklint/flasklint" {
		t.Errorf("driver = %s %s %s", d.Name, d.Version, d.InformationURI)
	}
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	if run.AutomationDetails.ID != "flasklint/" {
		t.Errorf("automationDetails.id = %q", run.AutomationDetails.ID)
	}

	base, ok := run.OriginalURIBaseIDs["%SRCROOT%"]
	if !ok {
		t.Fatalf("no %%SRCROOT%% in originalUriBaseIds: %v", run.OriginalURIBaseIDs)
	}
	if runtime.GOOS != "windows" && base.URI != "file:///work/proj/" {
		t.Errorf("%%SRCROOT%% = %q, want file:///work/proj/", base.URI)
	}
}

func TestSARIFRules(t *testing.T) {
	_, log := renderSARIF(t, fullResult())
	rules := log.Runs[0].Tool.Driver.Rules

	metas := []*lint.Meta{secretKeyRule, debugRule, inheritRule, redirectRule, lint.ParseMeta}
	if len(rules) != len(metas) {
		t.Fatalf("%d rules, want %d", len(rules), len(metas))
	}
	for i, m := range metas {
		checkRule(t, rules[i], m)
	}

	tests := []struct {
		id       string
		tags     []string
		severity any // nil when the key must be absent
	}{
		{"HC-FLASK-001", []string{"security", "config", "external/cwe/cwe-798"}, "9.8"},
		{"HC-FLASK-008", []string{"security", "deployment",
			"external/cwe/cwe-489", "external/cwe/cwe-215"}, "7.5"},
		{"HC-FLASK-015", []string{"deployment"}, nil},
		{"HC-FLASK-022", []string{"flask", "security", "external/cwe/cwe-601"}, "6.1"},
	}
	for i, tc := range tests {
		props := rules[i].Properties
		if got := stringsOf(props["tags"]); !slices.Equal(got, tc.tags) {
			t.Errorf("%s tags = %v, want %v", tc.id, got, tc.tags)
		}
		if got := props["security-severity"]; got != tc.severity {
			t.Errorf("%s security-severity = %#v, want %#v", tc.id, got, tc.severity)
		}
	}
}

// checkRule compares a rule descriptor with the metadata it came from.
func checkRule(t *testing.T, r sarifRule, m *lint.Meta) {
	t.Helper()
	help := m.Doc
	if help == "" {
		help = m.Summary()
	}
	got := []string{r.ID, r.Name, r.ShortDescription.Text, r.FullDescription.Text,
		r.Help.Text, r.Help.Markdown, r.HelpURI, r.DefaultConfiguration.Level,
		r.Properties["precision"].(string)}
	want := []string{m.ID, m.Slug, m.Title, m.Summary(), help, help, m.HelpURI(),
		m.Severity.String(), m.Confidence.SARIFPrecision()}
	if !slices.Equal(got, want) {
		t.Errorf("rule %s:\n got %q\nwant %q", m.ID, got, want)
	}
	if r.Name == r.ID {
		t.Errorf("rule %s: name equals id", m.ID)
	}
	if !r.DefaultConfiguration.Enabled {
		t.Errorf("rule %s: defaultConfiguration.enabled is false", m.ID)
	}
	if !strings.HasPrefix(r.HelpURI, "https://") {
		t.Errorf("rule %s: helpUri %q", m.ID, r.HelpURI)
	}
}

// stringsOf converts a decoded JSON array of strings.
func stringsOf(v any) []string {
	arr, _ := v.([]any)
	out := make([]string, 0, len(arr))
	for _, s := range arr {
		out = append(out, s.(string))
	}
	return out
}

func TestSARIFResults(t *testing.T) {
	_, log := renderSARIF(t, fullResult())
	run := log.Runs[0]
	findings := fullFindings()
	if len(run.Results) != len(findings) {
		t.Fatalf("%d results, want %d", len(run.Results), len(findings))
	}

	for i, r := range run.Results {
		f := findings[i]
		rule := run.Tool.Driver.Rules[r.RuleIndex]
		if r.RuleID != f.Rule.ID || rule.ID != f.Rule.ID || r.Level != f.Severity.String() {
			t.Errorf("result %d: ruleId %s, rules[%d] %s, level %s; want %s, %s",
				i, r.RuleID, r.RuleIndex, rule.ID, r.Level, f.Rule.ID, f.Severity)
		}
		want := map[string]string{
			"primaryLocationLineHash": f.LineHash,
			"flasklintIssueKey/v1":    f.Key,
		}
		if !maps.Equal(r.PartialFingerprints, want) {
			t.Errorf("result %d: partialFingerprints = %v, want %v", i, r.PartialFingerprints, want)
		}
		art := r.Locations[0].PhysicalLocation.ArtifactLocation
		if art.URI != f.Location.Path || art.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %d: artifactLocation = %+v", i, art)
		}
	}

	// Columns of the non-ASCII line are code points, not bytes.
	redirect := run.Results[1]
	wantRegion := sarifRegion{StartLine: 14, StartColumn: 21, EndLine: 14, EndColumn: 38}
	if got := redirect.Locations[0].PhysicalLocation.Region; got == nil || *got != wantRegion {
		t.Errorf("non-ASCII region = %+v, want %+v", got, wantRegion)
	}
	if got := *run.Results[2].Locations[0].PhysicalLocation.Region; got != (sarifRegion{
		StartLine: 20, StartColumn: 21}) {
		t.Errorf("point region = %+v, want only a start", got)
	}
	if fix := redirect.Properties["fix"]; fix != findings[1].Fix {
		t.Errorf("fix property = %v", fix)
	}
}

func TestSARIFRelatedLocations(t *testing.T) {
	_, log := renderSARIF(t, fullResult())
	r := log.Runs[0].Results[0]

	wantText := "ProductionConfig inherits DEBUG = True from Config" +
		" (see [DEBUG set here](1), [selected for production here](2))"
	if r.Message.Text != wantText {
		t.Errorf("message = %q, want %q", r.Message.Text, wantText)
	}

	want := []struct {
		id   int
		uri  string
		line int
		msg  string
	}{
		{1, "app/config.py", 2, "DEBUG set here"},
		{2, "app/__init__.py", 8, "selected for production here"},
	}
	if len(r.RelatedLocations) != len(want) {
		t.Fatalf("%d related locations, want %d", len(r.RelatedLocations), len(want))
	}
	for i, w := range want {
		got := r.RelatedLocations[i]
		phys := got.PhysicalLocation
		if got.ID != w.id || phys.ArtifactLocation.URI != w.uri ||
			phys.Region.StartLine != w.line || got.Message == nil || got.Message.Text != w.msg {
			t.Errorf("related %d = %+v, want %+v", i, got, w)
		}
	}
}

func TestSARIFParseRuleOnlyWhenUsed(t *testing.T) {
	res := fullResult()
	res.Findings = res.Findings[1:2] // the open redirect only
	res.Rules = append(res.Rules, lint.ParseMeta)

	_, log := renderSARIF(t, res)
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		if r.ID == lint.ParseMeta.ID {
			t.Errorf("%s described although no file failed to parse", r.ID)
		}
	}
	if got := log.Runs[0].Results[0].RuleIndex; got != 3 {
		t.Errorf("ruleIndex = %d, want 3", got)
	}
}

func TestSARIFURIs(t *testing.T) {
	res := &report.Result{
		Findings: []lint.Finding{
			{Rule: redirectRule, Message: "m", Location: at("my app/views é.py", 1, 1, 1, 2)},
			{Rule: redirectRule, Message: "m", Location: at("c:odd.py", 1, 1, 0, 0)},
			{Rule: lint.ParseMeta, Message: "binary", Location: lint.Location{Path: "x.py"}},
		},
		Rules: []*lint.Meta{redirectRule},
		Root:  "/tmp/my proj",
	}
	_, log := renderSARIF(t, res)
	run := log.Runs[0]

	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; runtime.GOOS != "windows" &&
		base != "file:///tmp/my%20proj/" {
		t.Errorf("%%SRCROOT%% = %q", base)
	}
	for i, want := range []string{"my%20app/views%20%C3%A9.py", "./c:odd.py", "x.py"} {
		if got := run.Results[i].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != want {
			t.Errorf("result %d uri = %q, want %q", i, got, want)
		}
	}
	if region := run.Results[2].Locations[0].PhysicalLocation.Region; region != nil {
		t.Errorf("whole-file finding has region %+v", region)
	}
}

func TestSARIFEmptyAndStable(t *testing.T) {
	out, log := renderSARIF(t, emptyResult())
	if !strings.Contains(out, `"results": []`) {
		t.Errorf("empty run has no results array:\n%s", out)
	}
	if n := len(log.Runs[0].Tool.Driver.Rules); n != 4 {
		t.Errorf("%d rules described, want the 4 that ran", n)
	}

	first, _ := renderSARIF(t, fullResult())
	res := fullResult()
	res.Elapsed *= 3
	second, _ := renderSARIF(t, res)
	if first != second {
		t.Error("SARIF output differs between runs")
	}
	if strings.Contains(first, "Utc\"") || !strings.HasSuffix(first, "}\n") ||
		!strings.HasPrefix(first, "{\n  \"") {
		t.Errorf("SARIF has a timestamp, or is not indented with a final newline:\n%s", first)
	}
}

// TestSARIFNoSpelledOutDefaults guards against go-sarif's habit of
// writing unset integers as -1: the VS Code viewer reads a byteOffset of
// -1 as a real position.
func TestSARIFNoSpelledOutDefaults(t *testing.T) {
	out, _ := renderSARIF(t, fullResult())
	for _, bad := range []string{"byteOffset", "charOffset", ": -1", ": []", `"properties": {}`} {
		if strings.Contains(out, bad) {
			t.Errorf("SARIF output contains %q", bad)
		}
	}
}

func TestValidateSARIFRejects(t *testing.T) {
	valid := render(t, "sarif", fullResult(), report.Options{})
	tests := []struct {
		name   string
		data   string
		schema string
	}{
		{"no runs", `{"version": "2.1.0"}`, schemaPath},
		{"wrong version", strings.Replace(valid, `"2.1.0"`, `"2.0.0"`, 1), schemaPath},
		{"bad columnKind", strings.Replace(valid, "unicodeCodePoints", "bytes", 1), schemaPath},
		{"startLine zero", strings.Replace(valid, `"startLine": 14`, `"startLine": 0`, 1),
			schemaPath},
		{"not JSON", "{", schemaPath},
		{"missing schema", valid, "testdata/no-such-schema.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.data == valid && tc.schema == schemaPath {
				t.Fatal("the edit did not apply; the case tests nothing")
			}
			if err := report.ValidateSARIF([]byte(tc.data), tc.schema); err == nil {
				t.Error("ValidateSARIF accepted it")
			}
		})
	}
}

func TestSARIFSuppressions(t *testing.T) {
	out, log := renderSARIF(t, suppressedResult())
	results := log.Runs[0].Results
	if len(results) != 3 {
		t.Fatalf("%d results, want all 3, suppressed ones included", len(results))
	}

	want := []map[string]any{
		nil,
		{"kind": "inSource", "status": "accepted",
			"justification": "next is checked by the login_required decorator"},
		{"kind": "external", "status": "accepted"}, // no empty justification
	}
	for i, r := range results {
		var got map[string]any
		switch len(r.Suppressions) {
		case 0:
		case 1:
			got = r.Suppressions[0]
		default:
			t.Errorf("result %d has %d suppressions, want at most 1", i, len(r.Suppressions))
		}
		if !maps.Equal(got, want[i]) {
			t.Errorf("result %d (%s) suppression = %v, want %v", i, r.RuleID, got, want[i])
		}
	}

	// A result nothing suppressed has no suppressions key at all.
	if n := strings.Count(out, `"suppressions"`); n != 2 {
		t.Errorf("%d suppressions keys, want 2:\n%s", n, out)
	}
}
