package hcflask015

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

const fixtures = "../../testdata/rules/hcflask015"

func TestFixtures(t *testing.T) {
	ruletest.Run(t, Rule, fixtures)
}

// TestNegativesHoldForTheirReason takes away what keeps each clean
// fixture clean and checks that the app is then reported, so that a clean
// fixture cannot pass for an unrelated reason.
func TestNegativesHoldForTheirReason(t *testing.T) {
	cases := []struct {
		fixture string
		replace []string // old, new pairs
		want    string   // pattern of the finding's message
	}{
		{"wsgi_proxyfix_on_factory_app", []string{
			"app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)", ""},
			`\(gunicorn in Procfile\) and relies on Flask-Limiter's get_remote_address and ` +
				`request\.remote_addr, but`},
		{"wsgi_proxyfix_on_factory_app", []string{"x_for=1, x_proto=1", "0, 1"},
			`relies on Flask-Limiter's get_remote_address and request\.remote_addr, but.*x_for=1\)`},
		{"factory_proxyfix_module_import", []string{
			"app.wsgi_app = proxy_fix.ProxyFix(app.wsgi_app, x_for=1, x_proto=1)", ""},
			`\(nginx service in docker-compose\.yml\) and relies on url_for\(\.\.\., ` +
				`_external=True\) and request\.remote_addr, but.*x_for=1, x_proto=1\)`},
		{"custom_reverse_proxied_middleware", []string{
			"app.wsgi_app = ReverseProxied(app.wsgi_app)", ""},
			`\(waitress-serve in Dockerfile\) and relies on request\.remote_addr and ` +
				`request\.is_secure, but`},
		{"gunicorn_trusts_forwarded_proto", []string{`forwarded_allow_ips = "*"`, ""},
			`\(caddy service in docker-compose\.yml\) and relies on request\.is_secure and ` +
				`url_for\(\.\.\., _external=True\), but`},
		{"uwsgi_protocol_behind_nginx", []string{
			"uwsgi_pass app:3031", "proxy_pass http://app:8000"},
			`\(nginx proxy_pass in nginx/app\.conf\) and relies on request\.remote_addr`},
		{"flask_run_only", []string{
			`"flask", "run", "--host=0.0.0.0", "--port=5000"`,
			`"gunicorn", "-b", ":5000", "app:app"`},
			`\(gunicorn in Dockerfile\) and relies on request\.remote_addr and url_for`},
		{"reads_forwarded_for_itself", []string{
			`request.headers.get("X-Forwarded-For", request.remote_addr).split(",")[0]`,
			"request.remote_addr"},
			`\(fly\.io fly\.toml\) and relies on request\.remote_addr`},
		{"tasks_and_tests_only", []string{
			"@celery.task\n", "", "newsletter/tasks.py", "newsletter/mail.py"},
			`\(traefik service in docker-compose\.yml\) and relies on url_for`},
	}
	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			ar, err := txtar.ParseFile(filepath.Join(fixtures, tc.fixture+".txtar"))
			if err != nil {
				t.Fatal(err)
			}
			if got := ruletest.Mutated(t, Rule, ar); len(got) != 0 {
				t.Fatalf("fixture as written has findings: %v", got[0].Message)
			}
			got := ruletest.Mutated(t, Rule, ar, tc.replace...)
			if len(got) != 1 || !regexp.MustCompile(tc.want).MatchString(got[0].Message) {
				t.Fatalf("after replacing %q: findings %v, want one matching %q",
					tc.replace, ruletest.Messages(got), tc.want)
			}
		})
	}
}

// TestRelatedLocations checks the related locations: the deployment
// evidence (here a Python config module), the first dependency, and an
// nginx proxy_pass that does not send the header the fix needs.
func TestRelatedLocations(t *testing.T) {
	ar := txtar.Parse([]byte(`
-- gunicorn.conf.py --
workers = 2
-- nginx/site.conf --
server {
    location / {
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_pass http://app:8000;
    }
}
-- app.py --
from flask import Flask, request

app = Flask(__name__)


@app.route("/")
def index():
    return {"secure": request.is_secure}
`))
	got := ruletest.Mutated(t, Rule, ar)
	if len(got) != 1 {
		t.Fatalf("findings = %v, want one", ruletest.Messages(got))
	}
	want := []string{
		"nginx/site.conf:4 deployed behind a proxy: nginx proxy_pass in nginx/site.conf",
		"app.py:8 request.is_secure depends on the client's scheme",
		"nginx/site.conf:4 this proxy_pass does not send X-Forwarded-Proto: " +
			"add proxy_set_header X-Forwarded-Proto $scheme",
	}
	checkRelated(t, got[0], want)

	ar.Files = ar.Files[:1:1]
	ar.Files = append(ar.Files, txtar.File{Name: "app.py", Data: []byte(
		"from flask import Flask, request\napp = Flask(__name__)\n\n" +
			"@app.get('/')\ndef index():\n    return request.remote_addr\n")})
	got = ruletest.Mutated(t, Rule, ar)
	if len(got) != 1 {
		t.Fatalf("findings = %v, want one", ruletest.Messages(got))
	}
	checkRelated(t, got[0], []string{
		"gunicorn.conf.py:1 deployed behind a proxy: gunicorn config gunicorn.conf.py",
		"app.py:6 request.remote_addr depends on the client's address",
	})
}

// checkRelated compares a finding's related locations as "path:line msg".
func checkRelated(t *testing.T, f lint.Finding, want []string) {
	t.Helper()
	var got []string
	for _, r := range f.Related {
		got = append(got, r.Path+":"+strconv.Itoa(r.Start.Line)+" "+r.Message)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("related:\n got %q\nwant %q", got, want)
	}
}

// TestMainAppFollowsTheServer checks that the finding goes to the app the
// production server loads, not to another app of the project or a test
// app.
func TestMainAppFollowsTheServer(t *testing.T) {
	ar := txtar.Parse([]byte(`
-- Procfile --
web: gunicorn "storefront:create_app()"
-- tests/conftest.py --
from flask import Flask
app = Flask("test")
-- admin.py --
from flask import Flask, request
app = Flask(__name__)

@app.get("/")
def index():
    return request.remote_addr
-- storefront/__init__.py --
from flask import Flask


def create_app():
    shop = Flask(__name__)
    return shop
`))
	got := ruletest.Mutated(t, Rule, ar)
	if len(got) != 1 {
		t.Fatalf("findings = %v, want one", ruletest.Messages(got))
	}
	if loc := got[0].Location; loc.Path != "storefront/__init__.py" || loc.Start.Line != 5 ||
		!strings.HasPrefix(got[0].Message, "shop runs behind a proxy") {
		t.Errorf("finding at %s:%d %q, want storefront/__init__.py:5 naming shop",
			loc.Path, loc.Start.Line, got[0].Message)
	}
}
