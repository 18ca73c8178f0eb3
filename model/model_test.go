package model

import (
	"go/token"
	"slices"
	"testing"

	"github.com/flasklint/flasklint/parser"
)

// buildFromSources parses in-memory files into a Project, registering them
// in a FileSet as the parser analyzer would.
func buildFromSources(t *testing.T, files map[string]string) *Project {
	t.Helper()
	p, err := parser.New(2)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	paths := make([]string, 0, len(files))
	for path := range files {
		paths = append(paths, path)
	}
	slices.Sort(paths)
	fset := token.NewFileSet()
	src := &parser.Source{}
	for _, path := range paths {
		f := p.Parse(path, []byte(files[path]))
		tf := fset.AddFile(path, -1, len(f.Src))
		f.Base = tf.Base()
		src.Python = append(src.Python, f)
	}
	return Build(src)
}

func TestModuleNames(t *testing.T) {
	cases := []struct {
		path  string
		name  string
		isPkg bool
	}{
		{"app.py", "app", false},
		{"myapp/__init__.py", "myapp", true},
		{"myapp/views/auth.py", "myapp.views.auth", false},
		{"src/myapp/__init__.py", "myapp", true},
		{"__init__.py", "", true},
	}
	for _, tc := range cases {
		name, isPkg := moduleName(tc.path)
		if name != tc.name || isPkg != tc.isPkg {
			t.Errorf("moduleName(%q) = %q, %v; want %q, %v", tc.path, name, isPkg,
				tc.name, tc.isPkg)
		}
	}
}

func TestQualifiedNames(t *testing.T) {
	proj := buildFromSources(t, map[string]string{
		"pkg/__init__.py": "from flask import redirect\n",
		"pkg/helpers.py":  "from werkzeug.utils import secure_filename as sf\nfrom . import views\n",
		"pkg/views.py": `import flask
import flask as fl
from flask import redirect as r, request
from werkzeug import secure_filename
from .helpers import sf
from pkg import redirect as again
from ..outside import thing

def load():
    pass

flask.redirect(x)
fl.request.args.get("next")
r(request.form["u"])
secure_filename(name)
sf(name)
again(u)
load()
open(p)
thing()
`,
	})
	m := proj.ModuleByName("pkg.views")
	if m == nil {
		t.Fatal("module pkg.views not found")
	}
	var got []string
	f := m.File
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if f.Is(n, "call") && f.Enclosing(n, "call") == parser.NoNode {
			got = append(got, proj.CalleeName(m, n))
		}
		return true
	})
	want := []string{
		"flask.redirect", "flask.request.args.get", "flask.redirect",
		"werkzeug.utils.secure_filename", "werkzeug.utils.secure_filename",
		"flask.redirect", "pkg.views.load", "open", "outside.thing",
	}
	if !slices.Equal(got, want) {
		t.Errorf("callee names:\n got %q\nwant %q", got, want)
	}
}

func TestAppsRoutesAndWrappers(t *testing.T) {
	proj := buildFromSources(t, map[string]string{
		"shop/__init__.py": `from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from .views import bp

def create_app(config=None):
    app = Flask(__name__)
    app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1)
    app.register_blueprint(bp)
    return app
`,
		"shop/views.py": `from flask import Blueprint
bp = Blueprint("views", __name__)

@bp.route("/login", methods=["GET", "POST"])
def login():
    pass

@bp.post("/logout")
def logout():
    pass
`,
		"wsgi.py": "from shop import create_app\napp = create_app()\n",
	})
	if len(proj.Apps) != 1 || proj.Apps[0].Var != "app" || proj.Apps[0].Factory == nil {
		t.Fatalf("apps = %+v", proj.Apps)
	}
	if len(proj.Factories) != 1 || proj.Factories[0].Name != "create_app" {
		t.Errorf("factories = %+v", proj.Factories)
	}
	if len(proj.FactoryCalls) != 1 || proj.FactoryCalls[0].Module.Name != "wsgi" {
		t.Errorf("factory calls = %+v", proj.FactoryCalls)
	}
	if len(proj.Routes) != 2 {
		t.Fatalf("routes = %+v", proj.Routes)
	}
	login, logout := proj.Routes[0], proj.Routes[1]
	if login.Rule != "/login" || !slices.Equal(login.Methods, []string{"GET", "POST"}) ||
		login.Blueprint == nil {
		t.Errorf("login route = %+v", login)
	}
	if !logout.HasMethod("POST") || logout.HasMethod("GET") {
		t.Errorf("logout methods = %v", logout.Methods)
	}
	if len(proj.Wrappers) != 1 || !proj.Wrappers[0].WSGIApp ||
		proj.Wrappers[0].Callee != "werkzeug.middleware.proxy_fix.ProxyFix" {
		t.Errorf("wrappers = %+v", proj.Wrappers)
	}
}

func TestSyntaxErrorKeepsDefinitionsBeforeIt(t *testing.T) {
	proj := buildFromSources(t, map[string]string{
		"app.py": "from flask import Flask\napp = Flask(__name__)\nx = (\n",
	})
	if len(proj.Apps) != 1 {
		t.Fatalf("apps = %d, want 1", len(proj.Apps))
	}
}

func TestExtensions(t *testing.T) {
	proj := buildFromSources(t, map[string]string{
		"shop/extensions.py": `from flask_cors import CORS
from flask_wtf.csrf import CSRFProtect
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

cors = CORS()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
`,
		"shop/__init__.py": `from flask import Flask
from flask_talisman import Talisman
from .extensions import cors, csrf

def create_app():
    app = Flask(__name__)
    cors.init_app(app, supports_credentials=True)
    csrf.init_app(app)
    Talisman(app)
    return app
`,
	})
	got := map[ExtensionKind]int{}
	for _, e := range proj.Extensions() {
		got[e.Kind] = len(e.Binds)
	}
	want := map[ExtensionKind]int{ExtCORS: 1, ExtCSRF: 1, ExtLimiter: 0, ExtTalisman: 1}
	for kind, binds := range want {
		if got[kind] != binds {
			t.Errorf("%s bound %d times, want %d (all: %v)", kind, got[kind], binds, got)
		}
	}
	if n := len(proj.Extensions(ExtLimiter)); n != 1 {
		t.Errorf("Extensions(limiter) = %d, want 1", n)
	}
}

func TestWrapperNeedsAnAppInScope(t *testing.T) {
	proj := buildFromSources(t, map[string]string{
		"dev.py": `from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.middleware.dispatcher import DispatcherMiddleware

def make_wsgi(inner):
    app = DispatcherMiddleware(inner)
    app = ProxyFix(app, x_for=1)
    return app

def wrap(app):
    app = ProxyFix(app)
    return app
`,
		"main.py": `from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
app = Flask(__name__)
app = ProxyFix(app)
`,
	})
	var got []string
	for _, w := range proj.Wrappers {
		got = append(got, w.Module.Name+":"+w.Target)
	}
	want := []string{"dev:app", "main:app"} // the parameter, and the Flask object
	if !slices.Equal(got, want) {
		t.Errorf("wrappers = %q, want %q", got, want)
	}
}

func TestFlaskSubclassesMakeApps(t *testing.T) {
	proj := buildFromSources(t, map[string]string{
		"core/app.py": `from flask import Flask

class BaseFlask(Flask):
    pass

class PortalFlask(BaseFlask):
    pass

def make_app():
    app = PortalFlask("portal")
    return app
`,
	})
	if len(proj.Apps) != 1 || proj.Apps[0].Factory == nil || len(proj.Factories) != 1 {
		t.Fatalf("apps = %+v, factories = %+v", proj.Apps, proj.Factories)
	}
}

func TestLimiterKeyFuncIsNotAnApp(t *testing.T) {
	proj := buildFromSources(t, map[string]string{
		"ext.py": `from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

unbound = Limiter(get_remote_address)
app = Flask(__name__)
bound = Limiter(get_remote_address, app=app)
old_style = Limiter(app, key_func=get_remote_address)
`,
	})
	var got []bool
	for _, e := range proj.Extensions(ExtLimiter) {
		got = append(got, e.Bound())
	}
	if want := []bool{false, true, true}; !slices.Equal(got, want) {
		t.Errorf("bound = %v, want %v", got, want)
	}
}
