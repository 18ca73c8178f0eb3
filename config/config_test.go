package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testSchema has three rules, one with options, and two tool diagnostics.
var testSchema = &Schema{
	Rules: []string{"HC-FLASK-008", "HC-FLASK-015", "HC-FLASK-022"},
	Tools: []string{"FLASKLINT-PARSE", "FLASKLINT-UNUSED-SUPPRESSION"},
	Options: map[string][]Option{
		"HC-FLASK-022": {{Name: "sanitizers", List: true, Usage: "safe functions"}},
	},
}

// writeFiles creates files (slash paths to contents) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestResolveFindsTheNearestFile(t *testing.T) {
	top := t.TempDir()
	writeFiles(t, top, map[string]string{
		"pyproject.toml":                  "[tool.flasklint]\nselect = [\"HC-FLASK-008\"]\n",
		"mono/pyproject.toml":             "[project]\nname = \"x\"\n", // no table: skipped
		"mono/svc/app.py":                 "",
		"both/pyproject.toml":             "[tool.flasklint]\nselect = [\"HC-FLASK-015\"]\n",
		"both/.flasklint.toml":            "select = [\"HC-FLASK-022\"]\n",
		"both/deep/er/app.py":             "",
		"empty/.flasklint.toml":           "",
		"empty/pyproject.toml":            "[tool.flasklint]\nselect = [\"HC-FLASK-015\"]\n",
		"other/pyproject.toml":            "[tool.ruff]\nselect = [\"E\"]\n",
		"other/pkg/.flasklint.toml.bak":   "select = [\"bogus\"]\n",
		"other/pkg/flasklint/__init__.py": "",
	})
	tests := []struct {
		dir, file string
		selects   []string
	}{
		{"mono/svc", "pyproject.toml", []string{"HC-FLASK-008"}},
		{"both/deep/er", "both/.flasklint.toml", []string{"HC-FLASK-022"}},
		{"empty", "empty/.flasklint.toml", nil},
		{"other/pkg", "pyproject.toml", []string{"HC-FLASK-008"}},
	}
	for _, tc := range tests {
		s, err := Resolve(filepath.Join(top, tc.dir), testSchema)
		if err != nil {
			t.Fatalf("%s: %v", tc.dir, err)
		}
		if want := filepath.Join(top, tc.file); s.File != want {
			t.Errorf("%s: file %s, want %s", tc.dir, s.File, want)
		}
		if s.Dir != filepath.Dir(s.File) || !slices.Equal(s.Select.Value, tc.selects) {
			t.Errorf("%s: dir %s select %v, want %v", tc.dir, s.Dir, s.Select.Value, tc.selects)
		}
	}
}

func TestResolveWithoutFile(t *testing.T) {
	root := t.TempDir()
	s, err := Resolve(root, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	// Some folder above the temporary directory may hold a configuration;
	// only the defaults' shape is checked when none does.
	if s.File == "" && (s.Dir != root || s.FailOn.Value != "warning" || len(s.Select.Value) > 0) {
		t.Errorf("defaults: %+v", s)
	}
}

// loadErrors writes a .flasklint.toml (or pyproject.toml when the name
// says so) and returns the problems Load reports, as "line: message".
func loadErrors(t *testing.T, name, text string) []string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{name: text})
	_, err := Load(dir, filepath.Join(dir, name), testSchema)
	if err == nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(err.Error(), "\n") {
		out = append(out, strings.TrimPrefix(line, filepath.Join(dir, name)+":"))
	}
	return out
}

func TestLoadErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		name, file, text string
		want             []string
	}{
		{"syntax error", FileName, "select = [\"HC-FLASK-008\"\nignore = 3\n",
			[]string{`2:1: invalid TOML: expected a comma (',') or array terminator (']'), ` +
				`but got 'i'`}},
		{"syntax error inside a line", FileName, "select = [\"HC-FLASK-008\" \"x\"]\n",
			[]string{`1:26: invalid TOML: expected a comma (',') or array terminator (']'), ` +
				`but got '"'`}},
		{"unknown key with a suggestion", FileName, "\n\nselct = []\n",
			[]string{`3: unknown key "selct" (did you mean "select"?)`}},
		{"underscore spelling", PyprojectName, "[tool.flasklint]\nfail_on = \"error\"\n",
			[]string{`2: unknown key "fail_on" (did you mean "fail-on"?)`}},
		{"tool table in .flasklint.toml", FileName, "[tool.flasklint]\nselect = []\n",
			[]string{`1: unknown key "tool" (in .flasklint.toml the keys are at the top ` +
				`level, without [tool.flasklint])`}},
		{"unknown rule in a multi-line array", FileName,
			"select = [\n  \"HC-FLASK-008\",\n  \"HC-FLASK-099\",\n]\n",
			[]string{`3: unknown rule "HC-FLASK-099" in select (see flasklint rules)`}},
		{"unknown rule in per-file-ignores", PyprojectName,
			"[tool.flasklint.per-file-ignores]\n\"tests/**\" = [\"HC-FLASK-008\"]\n" +
				"\"app/*.py\" = [\"S101\"]\n",
			[]string{`3: unknown rule "S101" in per-file-ignores."app/*.py" ` +
				`(see flasklint rules)`}},
		{"inline per-file-ignores", FileName,
			"per-file-ignores = { \"a/**\" = [\"HC-FLASK-008\"], \"b\" = [\"nope\"] }\n",
			[]string{`1: unknown rule "nope" in per-file-ignores.b (see flasklint rules)`}},
		{"several problems in line order", FileName,
			"fail-on = \"fatal\"\nexclude = \"migrations\"\n[rules.HC-FLASK-015]\nx = 1\n",
			[]string{`1: fail-on: unknown severity "fatal" (want error, warning or note)`,
				`2: exclude must be an array of strings, such as ["migrations/**"]`,
				`4: unknown option "x" for HC-FLASK-015 (it has no options)`}},
		{"unknown rule in rules", FileName, "[rules.HC-FLASK-999]\nx = 1\n",
			[]string{`1: unknown rule "HC-FLASK-999" in rules (see flasklint rules)`}},
		{"unknown option", FileName, "[rules.HC-FLASK-022]\nsanitiser = [\"a.b\"]\n",
			[]string{`2: unknown option "sanitiser" for HC-FLASK-022 (it has: sanitizers)`}},
		{"option of a bad type", FileName, "[rules.HC-FLASK-022]\nsanitizers = [1]\n",
			[]string{`2: rules.HC-FLASK-022.sanitizers: items must be strings without ` +
				`commas, found 1`}},
		{"bad glob", FileName, "extend-exclude = [\"ok/**\", \"bad[\"]\n",
			[]string{`1: extend-exclude: invalid glob "bad["`}},
		{"pyproject without the table", PyprojectName, "[tool.ruff]\n",
			[]string{` has no [tool.flasklint] table`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := loadErrors(t, tc.file, tc.text)
			if !slices.Equal(got, tc.want) {
				t.Errorf("errors\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestLoadReadsEveryKey(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"pyproject.toml": `[project]
name = "shop"

[tool.flasklint]
select = ["hc-flask-0", " HC-FLASK-022 "]
ignore = ["FLASKLINT-UNUSED-SUPPRESSION"]
fail-on = "Error"
exclude = ["migrations"]
extend-exclude = ["app/legacy/**"]

[tool.flasklint.per-file-ignores]
"tests/**" = ["HC-FLASK-008", "HC-FLASK-015"]

[tool.flasklint.rules.hc-flask-022]
sanitizers = ["acme.urls.safe_next", "acme.urls.same_site"]
`})
	s, err := Resolve(dir, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want any) {
		t.Helper()
		if !equalAny(got, want) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	check("select", s.Select.Value, []string{"HC-FLASK-0", "HC-FLASK-022"})
	check("select origin", s.Select.From[0].Line, 5)
	check("fail-on", s.FailOn.Value, "error")
	check("exclude", s.Exclude.Value, []string{"migrations"})
	check("per-file-ignores", s.PerFileIgnores[0].Rules, []string{"HC-FLASK-008", "HC-FLASK-015"})
	check("per-file-ignores line", s.PerFileIgnores[0].From.Line, 12)
	opts := s.RuleOptions("HC-FLASK-022")
	check("option value", opts[0].Value, "acme.urls.safe_next,acme.urls.same_site")
	check("option line", opts[0].From.Line, 15)
}

// equalAny compares the values the tests check.
func equalAny(got, want any) bool {
	if g, ok := got.([]string); ok {
		w, _ := want.([]string)
		return slices.Equal(g, w)
	}
	return got == want
}

func TestOverrideLayersLikeRuff(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{FileName: `select = ["HC-FLASK-0"]
ignore = ["HC-FLASK-022", "FLASKLINT-PARSE"]
exclude = ["migrations"]
extend-exclude = ["legacy"]
`})
	s, err := Resolve(dir, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	sel, ign := []string{"hc-flask-022"}, []string{"HC-FLASK-008"}
	failOn, ext := "note", []string{"generated"}
	s.Override(Flags{Select: &sel, Ignore: &ign, FailOn: &failOn, ExtendExclude: &ext})

	if !slices.Equal(s.Select.Value, []string{"HC-FLASK-022"}) {
		t.Errorf("select %v", s.Select.Value)
	}
	// --select dropped the file's ignore of HC-FLASK-022, kept its ignore of
	// a tool diagnostic, and --ignore added to it.
	if want := []string{"FLASKLINT-PARSE", "HC-FLASK-008"}; !slices.Equal(s.Ignore.Value, want) {
		t.Errorf("ignore %v, want %v", s.Ignore.Value, want)
	}
	if got := s.Ignore.Origins(filepath.Base); got != ".flasklint.toml:2 + flag --ignore" {
		t.Errorf("ignore origin %q", got)
	}
	if s.FailOn.Value != "note" || s.FailOn.Origins(filepath.Base) != "flag --fail-on" {
		t.Errorf("fail-on %+v", s.FailOn)
	}
	if !slices.Equal(s.ExtendExclude.Value, []string{"legacy", "generated"}) ||
		!slices.Equal(s.Exclude.Value, []string{"migrations"}) {
		t.Errorf("exclude %v extend %v", s.Exclude.Value, s.ExtendExclude.Value)
	}
}

func TestMatcher(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "svc")
	writeFiles(t, top, map[string]string{FileName: `exclude = ["migrations", "*_pb2.py"]
extend-exclude = ["svc/app/legacy/**", "other/**"]
[per-file-ignores]
"svc/tests/**" = ["HC-FLASK-0"]
"conftest.py" = ["HC-FLASK-008"]
`})
	s, err := Resolve(root, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	flagGlobs := []string{"app/gen"}
	s.Override(Flags{ExtendExclude: &flagGlobs})
	m := s.Matcher()

	excluded := map[string]bool{
		"migrations/env.py": true, "app/migrations/versions/1.py": true,
		"app/api_pb2.py": true, "app/legacy/old.py": true, "app/legacy": true,
		"app/gen/x.py": true, "app/views.py": false, "app/migrations.py": false,
		"other/x.py": false, "app/legacy_views.py": false,
	}
	for rel, want := range excluded {
		if _, got := m.Excluded(rel); got != want {
			t.Errorf("Excluded(%q) = %v, want %v", rel, got, want)
		}
	}
	ignored := []struct {
		rel, rule string
		want      bool
	}{
		{"tests/test_app.py", "HC-FLASK-022", true},
		{"tests/unit/conftest.py", "HC-FLASK-008", true},
		{"conftest.py", "HC-FLASK-022", false},
		{"app/tests.py", "HC-FLASK-008", false},
		{"tests/data.yaml", "FLASKLINT-PARSE", false},
	}
	for _, tc := range ignored {
		if got := m.Ignored(tc.rel, tc.rule); got != tc.want {
			t.Errorf("Ignored(%q, %s) = %v, want %v", tc.rel, tc.rule, got, tc.want)
		}
	}
}

func TestWriteShowsOrigins(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{FileName: `fail-on = "error"

[per-file-ignores]
"tests/**" = ["HC-FLASK-008"]

[rules.HC-FLASK-022]
sanitizers = ["acme.urls.safe_next"]
`})
	s, err := Resolve(dir, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	sel := []string{"HC-FLASK-022"}
	s.Override(Flags{Select: &sel})
	var b strings.Builder
	show := func(p string) string { return strings.TrimPrefix(p, dir+"/") }
	if err := s.Write(&b, show, []string{"HC-FLASK-008", "HC-FLASK-022"}); err != nil {
		t.Fatal(err)
	}
	want := `# project: ` + dir + `
# configuration file: .flasklint.toml

select = ["HC-FLASK-022"]  # flag --select
ignore = []                # default
fail-on = "error"          # .flasklint.toml:1
exclude = []               # default
extend-exclude = []        # default

[per-file-ignores]
"tests/**" = ["HC-FLASK-008"]  # .flasklint.toml:4

[rules.HC-FLASK-022]
sanitizers = ["acme.urls.safe_next"]  # .flasklint.toml:7
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestScanPositions(t *testing.T) {
	src := `# comment with = and [brackets]
title = """
not = a key
"""
[a . "b.c"]   # header with a quoted dotted part
x.y = 'v'
arr = [ "one", # first
  { k = 1 },
  "three" ]
t = { p = [1,
  2], q = "s" }
`
	p := scanPositions(src)
	keys := map[string]int{
		"title": 2, "a": 5, "a\x00b.c": 5, "a\x00b.c\x00x": 6, "a\x00b.c\x00x\x00y": 6,
		"a\x00b.c\x00arr": 7, "a\x00b.c\x00t\x00q": 11, "a\x00b.c\x00t\x00p": 10,
	}
	for k, want := range keys {
		if got := p.keys[k]; got != want {
			t.Errorf("key %q at line %d, want %d", k, got, want)
		}
	}
	if _, ok := p.keys["not"]; ok {
		t.Error("text inside a multi-line string was read as a key")
	}
	if got := p.items["a\x00b.c\x00arr"]; !slices.Equal(got, []int{7, 8, 9}) {
		t.Errorf("array items at %v, want [7 8 9]", got)
	}
}

func TestErrorsAreTyped(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{FileName: "select = [\"x\"]\n"})
	_, err := Resolve(dir, testSchema)
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Line != 1 {
		t.Fatalf("error %#v", err)
	}
	if got := es[0].Show(filepath.Base); got !=
		`.flasklint.toml:1: unknown rule "x" in select (see flasklint rules)` {
		t.Errorf("shown as %q", got)
	}
}
