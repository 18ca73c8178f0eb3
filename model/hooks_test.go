package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/parser"
)

// hookSummary describes a hook as "name method target app|bp|?".
func hookSummary(h *Hook) string {
	owner := "?"
	switch {
	case h.App != nil:
		owner = "app"
	case h.Blueprint != nil:
		owner = "bp"
	}
	return strings.Join([]string{h.Function.Name, h.Method, h.Target, owner}, " ")
}

// TestResponseHooks checks hook registration by decorator and by call.
func TestResponseHooks(t *testing.T) {
	p := buildFromSources(t, map[string]string{
		"shop/__init__.py": `from flask import Flask
from .security import add_headers
from .views import bp


def create_app():
    app = Flask(__name__)
    app.after_request(add_headers)

    @app.after_request
    def no_cache(response):
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.before_request
    def load_user():
        pass

    app.register_blueprint(bp)
    return app
`,
		"shop/security.py": `def add_headers(response):
    return response
`,
		"shop/views.py": `from flask import Blueprint

bp = Blueprint("views", __name__)


@bp.after_app_request
def everywhere(response):
    return response


@bp.after_request
def only_here(response):
    return response
`,
	})
	var got []string
	for _, h := range p.ResponseHooks() {
		got = append(got, hookSummary(h))
	}
	want := []string{
		"add_headers after_request app app",
		"no_cache after_request app app",
		"everywhere after_app_request bp bp",
		"only_here after_request bp bp",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("hooks:\n got %q\nwant %q", got, want)
	}
	wide := []bool{}
	for _, h := range p.ResponseHooks() {
		wide = append(wide, h.AppWide())
	}
	if !slices.Equal(wide, []bool{true, true, true, false}) {
		t.Errorf("AppWide = %v, want [true true true false]", wide)
	}
}

// TestHeadersSet checks the header writes a hook makes, directly and through helpers.
func TestHeadersSet(t *testing.T) {
	p := buildFromSources(t, map[string]string{
		"app/headers.py": `SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000",
    "X-Frame-Options": "DENY",
}
`,
		"app/__init__.py": `from flask import Flask
from .headers import SECURITY_HEADERS

app = Flask(__name__)
CSP = {"Content-Security-Policy": "default-src 'self'"}


def apply_csp(response):
    response.headers.update(CSP)


@app.after_request
def secure(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("Referrer-Policy", "same-origin")
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    apply_csp(response)
    response.headers.add("Permissions-Policy", "camera=()")
    response.headers[computed()] = "x"
    extra = {"Cross-Origin-Opener-Policy": "same-origin"}
    for name in extra:
        response.headers.setdefault(name, extra[name])
    return response
`,
	})
	hooks := p.ResponseHooks()
	if len(hooks) != 1 {
		t.Fatalf("hooks = %d, want 1", len(hooks))
	}
	var got []string
	for _, w := range p.HeadersSet(hooks[0].Function) {
		value := ""
		if w.Value.Node != parser.NoNode {
			value = w.Value.Text()
		}
		got = append(got, w.Name+" "+w.Via+" "+value)
	}
	want := []string{
		`X-Content-Type-Options item "nosniff"`,
		`Referrer-Policy setdefault "same-origin"`,
		`Strict-Transport-Security item "max-age=31536000"`,
		`X-Frame-Options item "DENY"`,
		`Content-Security-Policy update "default-src 'self'"`,
		`Permissions-Policy add "camera=()"`,
		`Cross-Origin-Opener-Policy setdefault "same-origin"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("headers:\n got %q\nwant %q", got, want)
	}
}

// TestHeadersSetThroughStaticMethodAndNameTable follows a static method whose
// header names come from a dict.
func TestHeadersSetThroughStaticMethodAndNameTable(t *testing.T) {
	p := buildFromSources(t, map[string]string{
		"web/security.py": `import config


class SecurityHeaders:
    @staticmethod
    def apply(response):
        names = {"CSP": "Content-Security-Policy", "NOSNIFF": "X-Content-Type-Options"}
        for key in names:
            if getattr(config, key, ""):
                response.headers[names[key]] = getattr(config, key)
        return response
`,
		"web/__init__.py": `from flask import Flask
from web.security import SecurityHeaders


def create_app():
    app = Flask(__name__)

    @app.after_request
    def after(response):
        SecurityHeaders.apply(response)
        return response

    return app
`,
	})
	hooks := p.ResponseHooks()
	if len(hooks) != 1 {
		t.Fatalf("hooks = %d, want 1", len(hooks))
	}
	var got []string
	for _, w := range p.HeadersSet(hooks[0].Function) {
		got = append(got, w.Name)
	}
	if want := []string{"Content-Security-Policy", "X-Content-Type-Options"}; !slices.Equal(got,
		want) {
		t.Errorf("headers = %q, want %q", got, want)
	}
}

// TestHeadersSetStopsAtRecursion checks that a recursive helper is read once.
func TestHeadersSetStopsAtRecursion(t *testing.T) {
	p := buildFromSources(t, map[string]string{
		"app.py": `from flask import Flask

app = Flask(__name__)


def again(response):
    response.headers["X-Frame-Options"] = "DENY"
    return again(response)


@app.after_request
def hook(response):
    return again(response)
`,
	})
	hooks := p.ResponseHooks()
	if len(hooks) != 1 {
		t.Fatalf("hooks = %d, want 1", len(hooks))
	}
	if got := p.HeadersSet(hooks[0].Function); len(got) != 1 || got[0].Name != "X-Frame-Options" {
		t.Errorf("headers = %v, want X-Frame-Options once", got)
	}
}
