package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// choiceSummary renders an environment's selections as
// "Class" or "Class(default)" per choice, "?" for an unknown one.
func choiceSummary(cm *ConfigModel, env Environment) []string {
	var out []string
	for _, s := range cm.Selected(nil, env) {
		for _, c := range s.Choices {
			name := "?"
			if c.Class != nil {
				name = c.Class.Name
			}
			if c.Default {
				name += "(default)"
			}
			out = append(out, name)
		}
	}
	return out
}

// wsgiFromEnv is the Flasky entry point: the name comes from FLASK_CONFIG.
const wsgiFromEnv = `import os
from app import create_app
app = create_app(os.getenv("FLASK_CONFIG") or "default")
`

func TestSelections(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		env   Environment
		want  []string
	}{{
		name: "dict default when no production file sets the variable",
		files: map[string]string{"config.py": configPy, "app/__init__.py": factoryPy,
			"wsgi.py": wsgiFromEnv},
		env:  EnvProduction,
		want: []string{"DevelopmentConfig(default)"},
	}, {
		name: "a production Dockerfile sets the variable",
		files: map[string]string{"config.py": configPy, "app/__init__.py": factoryPy,
			"wsgi.py": wsgiFromEnv, "Dockerfile": "FROM python\nENV FLASK_CONFIG=production\n"},
		env:  EnvProduction,
		want: []string{"ProductionConfig"},
	}, {
		name: "a development file sets it for development only",
		files: map[string]string{"config.py": configPy, "app/__init__.py": factoryPy,
			"wsgi.py": wsgiFromEnv, ".env.development": "FLASK_CONFIG=testing\n"},
		env:  EnvDevelopment,
		want: []string{"TestingConfig"},
	}, {
		name: "tests pass their own name",
		files: map[string]string{"config.py": configPy, "app/__init__.py": factoryPy,
			"wsgi.py": wsgiFromEnv, "tests/conftest.py": "from app import create_app\n" +
				"app = create_app('testing')\n"},
		env:  EnvTesting,
		want: []string{"TestingConfig"},
	}, {
		name: "env lookup default inside the factory, parameter may override",
		files: map[string]string{"config.py": configPy, "app/__init__.py": `import os
from flask import Flask
from config import config
def create_app(name=None):
    if name is None:
        name = os.environ.get("APP_ENV", "production")
    app = Flask(__name__)
    app.config.from_object(config.get(name, config["default"]))
    return app
`, "wsgi.py": "from app import create_app\napp = create_app()\n",
			"run.py": "from app import create_app\napp = create_app('development')\n" +
				"app.run(debug=True)\n"},
		env:  EnvProduction,
		want: []string{"ProductionConfig(default)"},
	}, {
		name: "server target calls the factory",
		files: map[string]string{"config.py": configPy, "app/__init__.py": factoryPy,
			"wsgi.py":  "from app import create_app\napp = create_app('production')\n",
			"Procfile": "web: gunicorn 'app:create_app(\"testing\")'\n"},
		env:  EnvProduction,
		want: []string{"TestingConfig"},
	}, {
		name: "server target names the module whose call counts",
		files: map[string]string{"config.py": configPy, "app/__init__.py": factoryPy,
			"wsgi.py":   "from app import create_app\napp = create_app('production')\n",
			"cli.py":    "from app import create_app\napp = create_app('development')\n",
			"Procfile":  "web: gunicorn wsgi:app\n",
			".flaskenv": "FLASK_APP=cli.py\n"},
		env:  EnvProduction,
		want: []string{"ProductionConfig"},
	}, {
		name: "dotted name built from an environment default",
		files: map[string]string{"config.py": configPy, "app.py": `import os
from flask import Flask
app = Flask(__name__)
app.config.from_object("config." + os.getenv("CONFIG_CLASS", "ProductionConfig").strip())
`},
		env:  EnvProduction,
		want: []string{"ProductionConfig(default)"},
	}, {
		name: "class passed by the caller, Kubernetes sets nothing relevant",
		files: map[string]string{"config.py": configPy, "app/__init__.py": `from flask import Flask
from config import DevelopmentConfig
def create_app(config_class=DevelopmentConfig):
    app = Flask(__name__)
    app.config.from_object(config_class)
    return app
`, "wsgi.py": "from app import create_app\nfrom config import ProductionConfig\n" +
			"app = create_app(config_class=ProductionConfig)\n"},
		env:  EnvProduction,
		want: []string{"ProductionConfig"},
	}, {
		name: "a required variable production does not set is unknown",
		files: map[string]string{"config.py": configPy, "app.py": `import os
from flask import Flask
app = Flask(__name__)
app.config.from_object(os.environ["APP_SETTINGS"])
`},
		env:  EnvProduction,
		want: []string{"?"},
	}, {
		name: "from_envvar and from_prefixed_env are known unknowns",
		files: map[string]string{"app.py": `from flask import Flask
app = Flask(__name__)
app.config.from_envvar("APP_SETTINGS")
app.config.from_prefixed_env()
`},
		env:  EnvProduction,
		want: []string{"?", "?"},
	}, {
		name: "helper function returning the class by environment",
		files: map[string]string{"config.py": configPy + `
def get_config():
    return config[os.getenv("FLASK_ENV", "production")]
`, "app.py": `from flask import Flask
from config import get_config
app = Flask(__name__)
app.config.from_object(get_config())
`, "k8s/web.yaml": `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: web
          env:
            - name: FLASK_ENV
              value: development
`},
		env:  EnvProduction,
		want: []string{"DevelopmentConfig"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cm := projectWithFiles(t, tc.files).Config()
			if got := choiceSummary(cm, tc.env); !slices.Equal(got, tc.want) {
				t.Errorf("%s selections\n got %q\nwant %q", tc.env, got, tc.want)
			}
		})
	}
}

func TestEnvFileEnvironments(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string // "path:line KEY env", in model order
	}{{
		name: "dotenv names and a plain .env nothing in production reads",
		files: map[string]string{
			".env": "A=1\n", ".flaskenv": "B=1\n", ".env.production": "C=1\n",
			".env.test": "D=1\n", ".env.example": "E=1\n", "config/dev/app.env": "F=1\n",
		},
		want: []string{".env:1 A development", ".env.example:1 E example",
			".env.production:1 C production", ".env.test:1 D testing",
			".flaskenv:1 B development", "config/dev/app.env:1 F development"},
	}, {
		name: "production runs flask run, which loads .env and .flaskenv",
		files: map[string]string{
			".env": "A=1\n", ".flaskenv": "B=1\n", "Procfile": "web: flask run\n",
		},
		want: []string{".env:1 A production", ".flaskenv:1 B production"},
	}, {
		name: "a compose file beside a production one is development",
		files: map[string]string{
			"docker-compose.yml":      "services:\n  web:\n    environment:\n      - A=1\n",
			"docker-compose.prod.yml": "services:\n  web:\n    environment:\n      - B=$B\n",
		},
		want: []string{"docker-compose.prod.yml:4 B production (not literal)",
			"docker-compose.yml:4 A development"},
	}, {
		name: "compose env_file takes the compose file's environment",
		files: map[string]string{
			"docker-compose.yml": "services:\n  web:\n    env_file: ./web.env\n",
			"web.env":            "A=1\n",
		},
		want: []string{"web.env:1 A production"},
	}, {
		name: "the only compose file is development when a Procfile deploys",
		files: map[string]string{
			"docker-compose.yml": "services:\n  web:\n    environment:\n      A: '1'\n",
			"Procfile":           "web: gunicorn app:app\n",
		},
		want: []string{"docker-compose.yml:4 A development"},
	}, {
		name: "Dockerfile final stage, a Dockerfile.prod sibling, Kubernetes and Python",
		files: map[string]string{
			"Dockerfile":      "FROM python AS build\nENV A=1\nFROM python\nENV B=\"two\"\n",
			"Dockerfile.prod": "FROM python\nENV C=3\n",
			"k8s/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n" +
				"data:\n  D: four\n",
			"tests/conftest.py": "import os\nos.environ[\"E\"] = \"5\"\n",
		},
		want: []string{"Dockerfile:4 B development", "Dockerfile.prod:2 C production",
			"k8s/cm.yaml:6 D production", "tests/conftest.py:2 E testing"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cm := projectWithFiles(t, tc.files).Config()
			var got []string
			for _, v := range cm.EnvVars {
				got = append(got, describeVar(v))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("variables\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// describeVar renders a variable for comparison.
func describeVar(v *EnvVar) string {
	env := v.Env.String()
	if v.Example {
		env = "example"
	}
	s := fmt.Sprintf("%s %s %s", v.Origin, v.Key, env)
	if !v.Literal {
		s += " (not literal)"
	}
	return s
}

// effSummary renders effective values as "value@path:line", with
// "(default)" when a default decided.
func effSummary(effs []Effective) []string {
	var out []string
	for _, e := range effs {
		s := describeValue(e.Value) + "@" + e.At.String()
		if e.Default {
			s += "(default)"
		}
		out = append(out, s)
	}
	return out
}

// effectiveProject reads DEBUG and SECRET_KEY several ways.
var effectiveProject = map[string]string{
	"config.py": `import os
class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    DEBUG = os.getenv("FLASK_DEBUG", "0").lower() in ("1", "true")
class ProductionConfig(Config):
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD", "1024"))
    UPLOAD_CHUNK = 16 * 1024 * 1024 // 1
class DevelopmentConfig(Config):
    pass
`,
	"app.py": `import os
from flask import Flask
app = Flask(__name__)
app.config.from_object(
    "config.ProductionConfig" if os.getenv("PROD") else "config.DevelopmentConfig")
app.config.from_prefixed_env()
if app.debug:
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True
`,
	"Dockerfile": "FROM python\nENV PROD=1 FLASK_DEBUG=true\nENV FLASK_MAIL_PORT=587\n" +
		"ENV MAX_UPLOAD=2048\n",
	".flaskenv": "FLASK_DEBUG=0\n",
}

func TestEffective(t *testing.T) {
	cm := projectWithFiles(t, effectiveProject).Config()
	cases := []struct {
		env  Environment
		key  string
		want []string
	}{
		{EnvProduction, "SECRET_KEY", []string{`string "dev"@config.py:3(default)`}},
		{EnvDevelopment, "SECRET_KEY", []string{`string "dev"@config.py:3(default)`}},
		{EnvProduction, "DEBUG", []string{"bool true@config.py:4", "bool true@Dockerfile:2"}},
		{EnvDevelopment, "DEBUG", []string{"bool false@config.py:4", "int 0@.flaskenv:1"}},
		{EnvProduction, "MAX_CONTENT_LENGTH", []string{"int 2048@config.py:6"}},
		{EnvProduction, "UPLOAD_CHUNK", []string{"int 16777216@config.py:7"}},
		{EnvProduction, "MAIL_PORT", []string{"int 587@Dockerfile:3"}},
		{EnvProduction, "EXPLAIN_TEMPLATE_LOADING", nil},
		{EnvDevelopment, "EXPLAIN_TEMPLATE_LOADING", []string{"bool true@app.py:8"}},
	}
	for _, tc := range cases {
		got := effSummary(cm.Effective(nil, tc.env, tc.key))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s %s\n got %q\nwant %q", tc.env, tc.key, got, tc.want)
		}
	}
}

func TestEffectiveFollowsSelection(t *testing.T) {
	p := projectWithFiles(t, map[string]string{"config.py": configPy,
		"app/__init__.py": factoryPy, "wsgi.py": wsgiFromEnv,
		"docker-compose.yml": "services:\n  web:\n    environment:\n" +
			"      FLASK_CONFIG: production\n      SECRET_KEY: ${SECRET_KEY}\n"})
	cm := p.Config()
	got := effSummary(cm.Effective(p.Apps[0], EnvProduction, "SESSION_COOKIE_SECURE"))
	if want := []string{"bool true@config.py:16"}; !slices.Equal(got, want) {
		t.Errorf("production SESSION_COOKIE_SECURE %q, want %q", got, want)
	}
	secret := cm.Effective(p.Apps[0], EnvProduction, "SECRET_KEY")
	if len(secret) != 1 || secret[0].Var == nil || secret[0].Var.Literal ||
		secret[0].Value.Kind != ValueUnknown {
		t.Errorf("SECRET_KEY from ${SECRET_KEY} should be a run-time value, got %+v", secret)
	}
	// No test calls the factory: the testing class is assumed.
	testing := cm.Effective(p.Apps[0], EnvTesting, "TESTING")
	if len(testing) != 1 || !testing[0].Assumed || testing[0].Config.Name != "TestingConfig" {
		t.Errorf("testing TESTING should come from an assumed TestingConfig, got %+v", testing)
	}
}

func TestDebugInProduction(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string // "kind path:line"
	}{{
		name: "script run by the container with debug from a default",
		files: map[string]string{"app.py": `import os
from flask import Flask
app = Flask(__name__)
if __name__ == "__main__":
    app.run(debug=os.environ.get("DEBUG", "1") == "1")
`, "Dockerfile": "FROM python\nCMD python app.py\n"},
		want: []string{"run app.py:5"},
	}, {
		name: "gunicorn never runs the guarded app.run",
		files: map[string]string{"app.py": "from flask import Flask\napp = Flask(__name__)\n" +
			"if __name__ == '__main__':\n    app.run(debug=True)\n",
			"Dockerfile": "FROM python\nCMD gunicorn app:app\n"},
	}, {
		name: "debug turned on for production and only for development",
		files: map[string]string{"app.py": `from flask import Flask
app = Flask(__name__)
app.debug = True
if app.config["TESTING"]:
    app.config["DEBUG"] = True
`, "Procfile": "web: gunicorn app:app\nworker: flask run --debug\n",
			".env.production": "FLASK_DEBUG=false\nFLASK_ENV=development\n"},
		want: []string{"config app.py:3", "variable .env.production:2"},
	}, {
		name: "flask run --debug in production and the variable in a development file",
		files: map[string]string{"app.py": "from flask import Flask\napp = Flask(__name__)\n",
			"Dockerfile":     "FROM python\nCMD flask --debug run\n",
			"Dockerfile.dev": "FROM python\nENV FLASK_DEBUG=1\n"},
		want: []string{"process Dockerfile:2"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, d := range projectWithFiles(t, tc.files).Config().DebugInProduction() {
				got = append(got, d.Kind+" "+d.At.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("debug sites\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestFlaskEnvReads(t *testing.T) {
	cm := buildFromSources(t, map[string]string{"app.py": `from flask import Flask, current_app
app = Flask(__name__)
if app.config["ENV"] == "production":
    pass
name = {"production": 1}[app.config.get("ENV", "production")]
print(app.config["ENV"])
def f():
    return current_app.env == "development"
`, "tests/test_app.py": "from app import app\nassert app.env == 'testing'\n"}).Config()
	var got []string
	for _, r := range cm.FlaskEnvReads() {
		got = append(got, fmt.Sprintf("%d %s", pyOrigin(r.Module, r.Node).LineNumber(), r.Text()))
	}
	want := []string{`3 app.config["ENV"]`, `5 app.config.get("ENV", "production")`,
		"8 current_app.env"}
	if !slices.Equal(got, want) {
		t.Errorf("reads\n got %q\nwant %q", got, want)
	}
}

func TestSpecBelow(t *testing.T) {
	cases := map[string]bool{
		"==2.2.5": true, "==2.3.0": false, "<2.3": true, "<3": false, "<=2.2.5": true,
		">=2.0,<2.3": true, ">=2.0": false, "~=2.2.0": true, "~=2.2": false, "": false,
		"==2.2.*": true, "!=2.3.0": false,
	}
	for spec, want := range cases {
		if got := specBelow(spec, [2]int{2, 3}); got != want {
			t.Errorf("specBelow(%q) = %v, want %v", spec, got, want)
		}
	}
}

func TestParseTargetCall(t *testing.T) {
	cases := []struct {
		in, name string
		args     string
		isCall   bool
	}{
		{`create_app("production")`, "create_app", `[ "production"]`, true},
		{`make_app(env='prod', debug=False)`, "make_app", `[env 'prod' debug False]`, true},
		{`create_app()`, "create_app", "[]", true},
		{`app`, "app", "[]", false},
		{`create_app("a,b", x="(")`, "create_app", `[ "a,b" x "("]`, true},
	}
	for _, tc := range cases {
		name, args, isCall := parseTargetCall(tc.in)
		var parts []string
		for _, a := range args {
			parts = append(parts, a[0]+" "+a[1])
		}
		got := "[" + strings.Join(parts, " ") + "]"
		if name != tc.name || got != tc.args || isCall != tc.isCall {
			t.Errorf("parseTargetCall(%q) = %q %s %v, want %q %s %v",
				tc.in, name, got, isCall, tc.name, tc.args, tc.isCall)
		}
	}
}

func TestClassifiedBySelection(t *testing.T) {
	cm := projectWithFiles(t, map[string]string{
		"settings.py": "class Blue:\n    A = 1\nclass Green:\n    A = 2\n",
		"app/__init__.py": "from flask import Flask\ndef create_app(cfg):\n" +
			"    app = Flask(__name__)\n    app.config.from_object(cfg)\n    return app\n",
		"tests/conftest.py": "from app import create_app\nfrom settings import Green\n" +
			"app = create_app(Green)\n",
		"wsgi.py": "from app import create_app\nfrom settings import Blue\n" +
			"app = create_app(Blue)\n",
	}).Config()
	got := map[string]string{}
	for _, c := range cm.Classes {
		got[c.Name] = c.Env.String() + ": " + c.EnvReason
	}
	if got["Green"] != "testing: selected only by testing code" {
		t.Errorf("Green: %q", got["Green"])
	}
	if !strings.HasPrefix(got["Blue"], "base") {
		t.Errorf("Blue is selected by development and production alike: %q", got["Blue"])
	}
}

func TestEffectiveBranchesAndHelpers(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		key   string
		want  []string
	}{{
		name: "class-body if/else on a variable production leaves unset",
		files: map[string]string{"config.py": `import os
class ProductionConfig:
    if os.environ.get("SECRET_KEY"):
        SECRET_KEY = os.environ.get("SECRET_KEY")
    else:
        SECRET_KEY = "fallback"
`},
		key:  "SECRET_KEY",
		want: []string{`string "fallback"@config.py:6`},
	}, {
		name: "class-body if/else on a variable fly.toml sets",
		files: map[string]string{"config.py": `import os
class ProductionConfig:
    if os.environ.get("SECRET_KEY"):
        SECRET_KEY = os.environ.get("SECRET_KEY")
    else:
        SECRET_KEY = "fallback"
`, "fly.toml": "app = \"shop\"\n[env]\n  SECRET_KEY = \"from-fly\"\n"},
		key:  "SECRET_KEY",
		want: []string{`string "from-fly"@fly.toml:3`},
	}, {
		name: "a condition the model cannot decide keeps both values and the base",
		files: map[string]string{"config.py": `import sys
class Base:
    LEVEL = "base"
class ProductionConfig(Base):
    if sys.platform == "win32":
        LEVEL = "win"
`},
		key:  "LEVEL",
		want: []string{`string "win"@config.py:6`, `string "base"@config.py:3`},
	}, {
		name: "a helper is evaluated with the arguments of each call",
		files: map[string]string{"config.py": `import os
def env_or(value, default=None):
    if value == "":
        return default
    return value
class ProductionConfig:
    SECRET_KEY = env_or(os.environ.get("SECRET_KEY", "")) or os.urandom(32)
    NAME = env_or("", default="shop")
`},
		key:  "SECRET_KEY",
		want: []string{`unknown@config.py:7(default)`},
	}, {
		name: "render.yaml and app.json values",
		files: map[string]string{"config.py": `import os
class ProductionConfig:
    A = os.environ.get("A")
    B = os.environ.get("B")
`, "render.yaml": "services:\n  - type: web\n    envVars:\n      - key: A\n        value: one\n",
			"app.json": "{\n  \"env\": {\n    \"B\": \"two\"\n  },\n  \"addons\": []\n}\n"},
		key:  "A",
		want: []string{`string "one"@render.yaml:4`},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cm := projectWithFiles(t, tc.files).Config()
			got := effSummary(cm.Effective(nil, EnvProduction, tc.key))
			if !slices.Equal(got, tc.want) {
				t.Errorf("production %s\n got %q\nwant %q", tc.key, got, tc.want)
			}
		})
	}
}

func TestHelperNameAndAppJSON(t *testing.T) {
	cm := projectWithFiles(t, map[string]string{"config.py": `import os
def env_or(value, default=None):
    if value == "":
        return default
    return value
class ProductionConfig:
    NAME = env_or("", default="shop")
    B = os.environ.get("B")
`, "app.json": "{\n  \"env\": {\n    \"B\": \"two\",\n    \"C\": {\"generator\": \"secret\"}\n" +
		"  },\n  \"addons\": []\n}\n"}).Config()
	if got := effSummary(cm.Effective(nil, EnvProduction, "NAME")); !slices.Equal(got,
		[]string{`string "shop"@config.py:7`}) {
		t.Errorf("NAME %q", got)
	}
	if got := effSummary(cm.Effective(nil, EnvProduction, "B")); !slices.Equal(got,
		[]string{`string "two"@app.json:3`}) {
		t.Errorf("B %q", got)
	}
	if vars := cm.Vars(EnvProduction, "C"); len(vars) != 1 || vars[0].Literal {
		t.Errorf("a generated app.json value is supplied by Heroku, got %+v", vars)
	}
}

func TestFlaskSubclassSelfConfig(t *testing.T) {
	cm := buildFromSources(t, map[string]string{"app.py": `from flask import Flask
class Shop(Flask):
    def __init__(self):
        super().__init__(__name__)
        self.config.from_object("settings")
        self.secret_key = "literal"
class Helper:
    def __init__(self):
        self.config = {}
        self.config.update(SECRET_KEY="not an app")
app = Shop()
`, "settings.py": "SECRET_KEY = None\n"}).Config()
	if len(cm.Loads) != 1 || len(cm.Loads[0].Classes) != 1 {
		t.Fatalf("self.config.from_object in a Flask subclass is a load, got %+v", cm.Loads)
	}
	var keys []string
	for _, s := range cm.AppSettings {
		keys = append(keys, s.Key+" "+s.Via)
	}
	if want := []string{"SECRET_KEY attribute"}; !slices.Equal(keys, want) {
		t.Errorf("app settings %q, want %q", keys, want)
	}
}

func TestSelectionOfInstanceByName(t *testing.T) {
	cm := projectWithFiles(t, map[string]string{
		"pkg/config.py": "class ServerConfig:\n    DEBUG = False\nConfig = ServerConfig()\n",
		"pkg/__init__.py": "from flask import Flask\n" +
			"def create_app(config=\"pkg.config.Config\"):\n    app = Flask(__name__)\n" +
			"    app.config.from_object(config)\n    return app\n",
	}).Config()
	if got := choiceSummary(cm, EnvProduction); !slices.Equal(got,
		[]string{"ServerConfig(default)"}) {
		t.Errorf("selection %q", got)
	}
}
