package hcflask022

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

func TestSanitizersOptionParsing(t *testing.T) {
	var l nameList
	if err := l.Set(" acme_web.urls.safe_next, ,acme_web.Urls.same_site "); err != nil {
		t.Fatal(err)
	}
	want := []string{"acme_web.urls.safe_next", "acme_web.Urls.same_site"}
	if !slices.Equal(l, want) {
		t.Errorf("names %v, want %v", l, want)
	}
	for _, bad := range []string{"safe_next", "acme web.safe", "acme.", "1acme.safe", "acme..x"} {
		if err := l.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted a name that is not qualified", bad)
		}
	}
	if err := l.Set(""); err != nil || len(l) != 0 {
		t.Errorf("Set(\"\") left %v (%v), want an empty list", l, err)
	}
}

// sanitizerProject is a login view that passes ?next= through a helper
// of a company library that is not part of the analysed folder, and a
// second view that passes it through another function of the same
// library, which is not configured. WANT marks the line whose finding
// depends on the option.
const sanitizerProject = `from flask import Flask, redirect, request
from acme_web.urls import normalise, safe_next

app = Flask(__name__)


@app.route("/login")
def login():
    return redirect(safe_next(request.args.get("next", "")))  WANT


@app.route("/back")
def back():
    # Only the configured function is trusted, not its whole module.
    return redirect(normalise(request.args.get("to", "")))  # want "comes from request.args"
`

// writeSanitizerProject writes the project with or without the
// expectation on the login view.
func writeSanitizerProject(t *testing.T, want string) string {
	t.Helper()
	dir := t.TempDir()
	src := strings.Replace(sanitizerProject, "WANT", want, 1)
	if err := os.WriteFile(filepath.Join(dir, "app.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSanitizersOptionSilencesTheConfiguredHelper(t *testing.T) {
	t.Cleanup(func() { _ = Rule.Analyzer.Flags.Set(sanitizersOption, "") })

	// Without the option the library call passes the taint through.
	ruletest.RunFixture(t, Rule,
		writeSanitizerProject(t, `# want "redirect target comes from request.args"`))

	if err := Rule.Analyzer.Flags.Set(sanitizersOption, "acme_web.urls.safe_next"); err != nil {
		t.Fatal(err)
	}
	ruletest.RunFixture(t, Rule, writeSanitizerProject(t, ""))

	// Setting the default back restores the finding: a later project
	// does not inherit an earlier one's option.
	if err := Rule.Analyzer.Flags.Set(sanitizersOption, ""); err != nil {
		t.Fatal(err)
	}
	ruletest.RunFixture(t, Rule,
		writeSanitizerProject(t, `# want "redirect target comes from request.args"`))
}
