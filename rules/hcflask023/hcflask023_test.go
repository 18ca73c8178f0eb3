package hcflask023

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/flasklint/flasklint/parser/deployfile"
	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

const fixtures = "../../testdata/rules/hcflask023"

// TestFixtures checks the rule against every fixture project.
func TestFixtures(t *testing.T) {
	ruletest.Run(t, Rule, fixtures)
}

// TestNamesEndpoint checks which rules and names count as credential endpoints.
func TestNamesEndpoint(t *testing.T) {
	cases := map[string]bool{
		"/login": true, "/auth/token": true, "sign_in": true, "/sign-up": true,
		"/account/log-in": true, "reset_password_request": true, "/forgot": true,
		"/api/v1/auth": true, "register": true, "issue_token": true,
		"/authors": false, "/orders": false, "/logout": false, "authorize": false,
		"/signal/incoming": false, "": false,
	}
	for name, want := range cases {
		if got := namesEndpoint(name); got != want {
			t.Errorf("namesEndpoint(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestSelectLocation checks nginx location selection for request paths.
func TestSelectLocation(t *testing.T) {
	conf, err := deployfile.ParseNginx("site.conf", []byte(`server {
    location / { proxy_pass http://app; }
    location /auth/ { proxy_pass http://app; }
    location = /auth/login { proxy_pass http://app; }
    location ~ ^/api/(token|login)$ { proxy_pass http://app; }
    location ^~ /static/ { root /srv; }
    location ~* \.(css|js)$ { root /srv; }
}`))
	if err != nil {
		t.Fatal(err)
	}
	server := conf.Directives[0]
	cases := map[string]string{
		"/auth/login":     "= /auth/login",
		"/auth/register":  "/auth/",
		"/api/token":      "~ ^/api/(token|login)$",
		"/api/tokens":     "/",
		"/static/app.css": "^~ /static/",
		"/assets/app.CSS": `~* \.(css|js)$`,
	}
	for path, want := range cases {
		loc := selectLocation(server, path)
		if got := strings.Join(loc.Args, " "); got != want {
			t.Errorf("selectLocation(%q) = %q, want %q", path, got, want)
		}
	}
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
		{"careful_redis_limits", []string{`os.environ["REDIS_URL"]`, `"memory://"`},
			`^POST /(login|register) \((login|register)\) (checks|reads) a password and its ` +
				`rate limit is counted in process memory.*gunicorn in docker-compose\.yml ` +
				`service web runs 4 workers`, 2},
		{"careful_redis_limits", []string{`RATELIMIT_DEFAULT = "200 per hour"`, ""},
			`^POST /register \(register\) reads a password but no rate limit covers it`, 1},
		{"lockout_and_blueprint_limit", []string{"person.failed_attempts", "person.failures",
			"person.locked_until", "person.blocked"},
			`^POST /staff/login \(login\) checks a password but no rate limit covers it`, 1},
		{"lockout_and_blueprint_limit", []string{`limiter.limit("20 per minute")(api)`, ""},
			`^POST /api/token \(token\) checks a password but no rate limit covers it`, 1},
		{"lockout_and_blueprint_limit", []string{"@throttled(per_minute=5)", ""},
			`^POST /staff/member-login \(member_login\) checks a password but no rate limit`, 1},
		{"sso_and_no_credentials", []string{"id_token.verify_oauth2_token", "decode"},
			`^POST /auth/google \(google_login\) logs a user in and no rate limit covers it`, 1},
		{"jwt_api_no_default_limits", []string{"@jwt_required(refresh=True)\n", ""},
			`^POST /api/auth/token/refresh \(refresh\) issues a token but no rate limit`, 1},
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
