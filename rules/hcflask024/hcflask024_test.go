package hcflask024

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

const fixtures = "../../testdata/rules/hcflask024"

// TestFixtures checks the rule against every fixture project.
func TestFixtures(t *testing.T) {
	ruletest.Run(t, Rule, fixtures)
}

// TestNegativesHoldForTheirReason takes away what keeps a view clean and
// checks that it is then reported, so that a clean case cannot pass for
// an unrelated reason.
func TestNegativesHoldForTheirReason(t *testing.T) {
	cases := []struct {
		fixture string
		replace []string // old, new pairs
		want    string   // pattern of every new finding's message
		n       int      // how many new findings
	}{
		{"talisman_careful",
			[]string{"    Talisman(\n        app,\n", "    talisman = Talisman(\n"},
			`^Talisman\(\.\.\.\) in app/__init__\.py is never applied to an app`, 1},
		{"talisman_careful", []string{"force_https=not app.debug", "force_https=False"},
			`^Talisman.s force_https=False lets plain HTTP requests through`, 1},
		{"hook_sets_all_from_config", []string{"; frame-ancestors 'none'", ""},
			`^app serves HTML pages without frame protection \(X-Frame-Options or CSP ` +
				`frame-ancestors\): only the after_app_request hook add_security_headers sets`, 1},
		{"hook_sets_all_from_config", []string{"response.headers.setdefault(name, value)",
			"pass"}, `^app serves HTML pages without Strict-Transport-Security`, 1},
		{"json_api_sends_html_mail", []string{"msg.html = render_template",
			"return render_template"}, `^app serves HTML pages without Strict-Transport`, 1},
		{"json_api_sends_html_mail", []string{`os.environ.get("FLASK_ENV") == "development"`,
			"True"}, `^Talisman.s force_https=False lets plain HTTP requests through`, 1},
		{"nginx_snippet_sets_headers", []string{"include snippets/security-headers.conf;",
			"add_header Cache-Control no-store;"},
			`^app serves HTML pages without .*: no Flask-Talisman, after_request hook or ` +
				`nginx add_header sets them`, 1},
		{"nginx_snippet_sets_headers", []string{
			`add_header X-Frame-Options "SAMEORIGIN" always;`, ""},
			`^app serves HTML pages without frame protection .*: only nginx in ` +
				`deploy/nginx/site\.conf sets security headers, and not these`, 1},
		{"force_https_off_behind_redirect", []string{"return 301 https://$host$request_uri;",
			"root /srv/www;"}, `^Talisman.s force_https=False lets plain HTTP requests through`, 1},
	}
	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			ar, err := txtar.ParseFile(filepath.Join(fixtures, tc.fixture+".txtar"))
			if err != nil {
				t.Fatal(err)
			}
			added := ruletest.NewMessages(ruletest.Mutated(t, Rule, ar),
				ruletest.Mutated(t, Rule, ar, tc.replace...))
			if len(added) != tc.n || !ruletest.AllMatch(tc.want, added) {
				t.Fatalf("after replacing %q: new findings %q, want %d matching %q",
					tc.replace, added, tc.n, tc.want)
			}
		})
	}
}
