package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/parser"
)

// configPy is a config module in the layout most Flask projects copy: a
// base class, one class per environment and a config-by-name dict.
const configPy = `import os

class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_HTTPONLY = True
    TESTING = False

class DevelopmentConfig(Config):
    DEBUG = True

class TestingConfig(Config):
    TESTING = True

class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True

config = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}
`

// factoryPy loads a class from that dict by name.
const factoryPy = `from flask import Flask
from config import config

def create_app(config_name="default"):
    app = Flask(__name__)
    app.config.from_object(config[config_name])
    return app
`

// summary renders a production setting as "Where value": "app" for an
// assignment on app.config, "Class" for a class's own value and
// "Base>Class" for an inherited one.
func summary(s Setting) string {
	where := "app"
	if s.Config != nil {
		where = s.Config.Name
		if s.Class != s.Config {
			where = s.Class.Name + ">" + s.Config.Name
		}
	}
	return where + " " + s.Module.File.Text(s.Value.Node)
}

// productionSummaries summarises ProductionSettings(key).
func productionSummaries(cm *ConfigModel, key string) []string {
	var out []string
	for _, s := range cm.ProductionSettings(key) {
		out = append(out, summary(s))
	}
	return out
}

func TestProductionSettings(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		key   string
		want  []string
	}{{
		name:  "production class overrides base",
		files: map[string]string{"config.py": configPy, "app/__init__.py": factoryPy},
		key:   "SESSION_COOKIE_SECURE",
		want:  []string{"ProductionConfig True"},
	}, {
		name:  "production class inherits base",
		files: map[string]string{"config.py": configPy, "app/__init__.py": factoryPy},
		key:   "SESSION_COOKIE_HTTPONLY",
		want:  []string{"Config>ProductionConfig True"},
	}, {
		name: "inheritance across modules and a string from_object",
		files: map[string]string{
			"settings/__init__.py": "",
			"settings/base.py":     "class BaseConfig:\n    SESSION_COOKIE_SECURE = False\n",
			"settings/prod.py": "from .base import BaseConfig\n\n" +
				"class ProdConfig(BaseConfig):\n    DEBUG = False\n\n" +
				"class HerokuConfig(ProdConfig):\n    pass\n",
			"app.py": "from flask import Flask\napp = Flask(__name__)\n" +
				"app.config.from_object(\"settings.prod.HerokuConfig\")\n",
		},
		key:  "SESSION_COOKIE_SECURE",
		want: []string{"BaseConfig>ProdConfig False", "BaseConfig>HerokuConfig False"},
	}, {
		name: "no production class: base counts, development and testing do not",
		files: map[string]string{
			"config.py": `class Config:
    SESSION_COOKIE_SECURE = False
class DevelopmentConfig(Config):
    SESSION_COOKIE_SECURE = False
class TestingConfig(Config):
    SESSION_COOKIE_SECURE = True
config = {"development": DevelopmentConfig, "testing": TestingConfig, "default": Config}
`,
			"app/__init__.py": factoryPy,
		},
		key:  "SESSION_COOKIE_SECURE",
		want: []string{"Config False"},
	}, {
		name: "directly loaded base counts when production does not set the key",
		files: map[string]string{
			"app.py": `from flask import Flask
class Config:
    SESSION_COOKIE_SAMESITE = "None"
class ProductionConfig:
    DEBUG = False
app = Flask(__name__)
app.config.from_object(Config)
if app.config["ENV"] == "production":
    app.config.from_object(ProductionConfig)
`,
		},
		key:  "SESSION_COOKIE_SAMESITE",
		want: []string{`Config "None"`},
	}, {
		name: "update, from_mapping, setdefault and item forms",
		files: map[string]string{
			"consts.py": "COOKIES = {\"SESSION_COOKIE_SECURE\": os.getenv(\"SECURE\")}\n",
			"app.py": `from flask import Flask
from consts import COOKIES
app = Flask(__name__)
app.config["SESSION_COOKIE_SECURE"] = True
app.config.update(SESSION_COOKIE_SECURE=False, DEBUG=False)
app.config.update({"SESSION_COOKIE_SECURE": 0})
app.config.update(dict(SESSION_COOKIE_SECURE="yes"))
app.config.update(COOKIES)
app.config.from_mapping({"SESSION_COOKIE_SECURE": None}, session_cookie_secure=1)
app.config.setdefault("SESSION_COOKIE_SECURE", 2)
`,
		},
		key: "SESSION_COOKIE_SECURE",
		want: []string{
			"app True", "app False", "app 0", `app "yes"`, `app os.getenv("SECURE")`,
			"app None", "app 2",
		},
	}, {
		name: "development and testing branches are skipped",
		files: map[string]string{
			"app.py": `from flask import Flask, current_app
app = Flask(__name__)
if app.debug:
    app.config["SESSION_COOKIE_SECURE"] = False
if not app.debug:
    app.config["SESSION_COOKIE_SECURE"] = 1
if app.testing or app.debug:
    app.config["SESSION_COOKIE_SECURE"] = False
else:
    app.config["SESSION_COOKIE_SECURE"] = 2
def configure(config_name):
    if config_name == "development":
        current_app.config["SESSION_COOKIE_SECURE"] = False
    elif config_name in ("testing", "ci"):
        current_app.config["SESSION_COOKIE_SECURE"] = False
if __name__ == "__main__":
    app.config["SESSION_COOKIE_SECURE"] = False
    app.run(debug=True)
`,
			"tests/conftest.py": "from app import app\n" +
				"app.config.update(SESSION_COOKIE_SECURE=False)\n",
		},
		key:  "SESSION_COOKIE_SECURE",
		want: []string{"app 1", "app 2"},
	}, {
		name: "init_app parameter and test_config factory",
		files: map[string]string{
			"ext.py": "def init_app(app):\n" +
				"    app.config.setdefault(\"REMEMBER_COOKIE_SECURE\", 3)\n",
			"app.py": `from flask import Flask
def create_app(test_config=None):
    app = Flask(__name__)
    if test_config is None:
        app.config.from_mapping(REMEMBER_COOKIE_SECURE=4)
    else:
        app.config.from_mapping(test_config)
        app.config["REMEMBER_COOKIE_SECURE"] = False
    return app
`,
		},
		key:  "REMEMBER_COOKIE_SECURE",
		want: []string{"app 4", "app 3"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cm := buildFromSources(t, tc.files).Config()
			got := productionSummaries(cm, tc.key)
			if !slices.Equal(got, tc.want) {
				t.Errorf("ProductionSettings(%s)\n got %q\nwant %q", tc.key, got, tc.want)
			}
		})
	}
}

func TestConfigClassification(t *testing.T) {
	files := map[string]string{
		"config.py": configPy + `
class LocalSettings(Config):
    pass
class CIConfig(Config):
    pass
class DockerConfig(ProductionConfig):
    pass
class QAConfig(Config):
    TESTING = True
class VerboseConfig(Config):
    DEBUG = True
class StagingConfig(Config):
    pass
class FlaskEnvConfig(Config):
    ENV = "development"
class Blue(Config):
    pass
class Green(Config):
    pass
by_name = dict(prod=Blue, dev=Green)
`,
		"tests/settings.py": "from config import Config\n" +
			"class ProductionConfig(Config):\n    pass\n",
		"models.py": "class User:\n    ADMIN = 1\n",
	}
	want := map[string]string{
		"Config":                          "base",
		"DevelopmentConfig":               "development",
		"TestingConfig":                   "testing",
		"ProductionConfig":                "production",
		"LocalSettings":                   "development",
		"CIConfig":                        "testing",
		"DockerConfig":                    "production",
		"QAConfig":                        "testing",
		"VerboseConfig":                   "base",
		"StagingConfig":                   "production",
		"FlaskEnvConfig":                  "development",
		"Blue":                            "production",
		"Green":                           "development",
		"tests.settings.ProductionConfig": "testing",
	}
	cm := buildFromSources(t, files).Config()
	got := make(map[string]string)
	for _, c := range cm.Classes {
		name := c.Name
		if c.Module.Name != "config" {
			name = c.QualName
		}
		got[name] = c.Env.String()
	}
	for name, env := range want {
		if got[name] != env {
			t.Errorf("%s: env %q, want %q", name, got[name], env)
		}
	}
	if _, ok := got["models.User"]; ok {
		t.Errorf("models.User is not configuration, got %q", got["models.User"])
	}
}

func TestConfigValues(t *testing.T) {
	cm := buildFromSources(t, map[string]string{
		"config.py": `import os
from os import environ, getenv
SECURE = True
class ProductionConfig:
    A = os.environ.get("A_VAR", "false")
    B = getenv("B_VAR")
    C = environ["C_VAR"]
    D = os.getenv("D_VAR", default=False)
    E = os.getenv("E_VAR", "0") == "1"
    F = SECURE
    G = F
    H = -1
    I = "Lax"
    J = None
    K: bool = False
    L: bool
`,
	}).Config()
	c := cm.ClassByName("config.ProductionConfig")
	if c == nil {
		t.Fatal("ProductionConfig not found")
	}
	cases := []struct {
		key, want string
	}{
		{"A", `env A_VAR default string "false"`},
		{"B", "env B_VAR default none"},
		{"C", "env C_VAR required"},
		{"D", "env D_VAR default bool false"},
		{"E", "unknown reads E_VAR"},
		{"F", "bool true"},
		{"G", "bool true"},
		{"H", "unknown"},
		{"I", `string "Lax"`},
		{"J", "none"},
		{"K", "bool false"},
		{"L", "unset"},
	}
	for _, tc := range cases {
		s := c.Own(tc.key)
		got := "unset"
		if s != nil {
			got = describeValue(s.Value)
		}
		if got != tc.want {
			t.Errorf("%s: %s, want %s", tc.key, got, tc.want)
		}
	}
}

// describeValue renders a Value for comparison.
func describeValue(v Value) string {
	switch v.Kind {
	case ValueBool:
		return fmt.Sprintf("bool %v", v.Bool)
	case ValueString:
		return fmt.Sprintf("string %q", v.Str)
	case ValueInt:
		return fmt.Sprintf("int %d", v.Int)
	case ValueNone:
		return "none"
	case ValueEnv:
		if v.Default == nil {
			return "env " + v.EnvVar + " required"
		}
		return "env " + v.EnvVar + " default " + describeValue(*v.Default)
	}
	if v.EnvVar != "" {
		return "unknown reads " + v.EnvVar
	}
	return "unknown"
}

func TestConfigLoads(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string
		loaded []string // class names of each load, "|" between loads
		opaque bool
	}{{
		name:   "dict subscript by parameter",
		files:  map[string]string{"config.py": configPy, "app/__init__.py": factoryPy},
		loaded: []string{"DevelopmentConfig,TestingConfig,ProductionConfig"},
	}, {
		name: "literal key, get and env default",
		files: map[string]string{"config.py": configPy, "app.py": `import os
from flask import Flask
from config import config
app = Flask(__name__)
app.config.from_object(config["production"])
app.config.from_object(config.get("testing"))
app.config.from_object(os.getenv("APP_SETTINGS", "config.DevelopmentConfig"))
`},
		loaded: []string{"ProductionConfig", "TestingConfig", "DevelopmentConfig"},
	}, {
		name: "parameter default and factory call sites",
		files: map[string]string{"config.py": configPy,
			"app/__init__.py": `from flask import Flask
from config import Config
def create_app(config_class=Config):
    app = Flask(__name__)
    app.config.from_object(config_class)
    return app
`,
			"wsgi.py": "from app import create_app\nfrom config import ProductionConfig\n" +
				"app = create_app(ProductionConfig)\n",
		},
		loaded: []string{"Config,ProductionConfig"},
	}, {
		name: "local variable, instance and settings module",
		files: map[string]string{"config.py": configPy,
			"settings.py": "SESSION_COOKIE_SECURE = True\nlowercase = 1\n",
			"app.py": `import settings
from flask import Flask
from config import ProductionConfig
app = Flask(__name__)
def setup():
    cfg = ProductionConfig
    app.config.from_object(cfg)
app.config.from_object(ProductionConfig())
app.config.from_object(settings)
app.config.from_object("settings")
app.config.from_pyfile("settings.py")
`},
		loaded: []string{
			"ProductionConfig", "ProductionConfig", "settings", "settings", "settings",
		},
	}, {
		name: "environment-only sources are opaque",
		files: map[string]string{"app.py": `import os
from flask import Flask
app = Flask(__name__, instance_relative_config=True)
app.config.from_pyfile("config.py", silent=True)
`, "config.py": "SESSION_COOKIE_SECURE = True\n"},
		loaded: []string{""},
		opaque: true,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cm := buildFromSources(t, tc.files).Config()
			var got []string
			for _, l := range cm.Loads {
				var names []string
				for _, c := range l.Classes {
					names = append(names, c.Name)
				}
				got = append(got, strings.Join(names, ","))
			}
			if !slices.Equal(got, tc.loaded) {
				t.Errorf("loads\n got %q\nwant %q", got, tc.loaded)
			}
			if (len(cm.Opaque) > 0) != tc.opaque {
				t.Errorf("opaque sources %d, want opaque=%v", len(cm.Opaque), tc.opaque)
			}
		})
	}
}

func TestOpaqueSources(t *testing.T) {
	cases := []struct {
		code   string
		opaque bool
	}{
		{`app.config.from_envvar("APP_CONFIG")`, true},
		{`app.config.from_prefixed_env()`, true},
		{`app.config.update(os.environ)`, true},
		{`app.config.update(**get_settings())`, true},
		{"for k, v in os.environ.items():\n    app.config[k] = v", true},
		{"if app.debug:\n    app.config.from_envvar(\"DEV_CONFIG\")", false},
		{`app.config.update(SECRET_KEY="x")`, false},
		{`app.config.from_object(load_config())`, true},
	}
	for _, tc := range cases {
		cm := buildFromSources(t, map[string]string{
			"app.py": "import os\nfrom flask import Flask\napp = Flask(__name__)\n" +
				tc.code + "\n",
		}).Config()
		if got := len(cm.Opaque) > 0; got != tc.opaque {
			t.Errorf("%q: opaque %v, want %v", tc.code, got, tc.opaque)
		}
	}
}

func TestBranchEnvironment(t *testing.T) {
	cases := []struct {
		cond         string
		then, orElse string
	}{
		{"app.debug", "development", "production"},
		{"app.testing", "testing", "production"},
		{"not app.debug", "production", "development"},
		{`app.config["TESTING"]`, "testing", "production"},
		{`config_name == "development"`, "development", "production"},
		{`config_name != "production"`, "development", "production"},
		{`env in ("dev", "local")`, "development", "production"},
		{`os.environ.get("FLASK_ENV") == "production"`, "production", "development"},
		{`os.getenv("FLASK_DEBUG") == "1"`, "development", "production"},
		{`os.getenv("FLASK_DEBUG", "0") == "0"`, "production", "development"},
		{"test_config is None", "production", "development"},
		{"app.debug and use_reloader", "development", "base"},
		{"app.debug or app.testing", "development", "production"},
		{"app.debug or feature_flag", "base", "production"},
		{`__name__ == "__main__"`, "development", "production"},
		{`config_name == "default"`, "base", "base"},
		{"is_production()", "production", "development"},
	}
	for _, tc := range cases {
		code := "if " + tc.cond + ":\n    a = 1\nelse:\n    b = 2\n"
		m := buildFromSources(t, map[string]string{"app.py": code}).Modules[0]
		var got []string
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if f.Is(n, "assignment") {
				got = append(got, BranchEnvironment(m, n).String())
			}
			return true
		})
		if len(got) != 2 || got[0] != tc.then || got[1] != tc.orElse {
			t.Errorf("if %s: then/else %v, want [%s %s]", tc.cond, got, tc.then, tc.orElse)
		}
	}
}

func TestNameWords(t *testing.T) {
	cases := map[string]string{
		"ProductionConfig":      "production config",
		"CIConfig":              "ci config",
		"SESSION_COOKIE_SECURE": "session cookie secure",
		"test_config":           "test config",
		"config.prod":           "config prod",
		"HTTPSRedirect2Config":  "https redirect2 config",
	}
	for in, want := range cases {
		if got := strings.Join(nameWords(in), " "); got != want {
			t.Errorf("nameWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMROFollowsC3(t *testing.T) {
	cm := buildFromSources(t, map[string]string{
		"config.py": `class Config:
    SESSION_COOKIE_SECURE = False
class SecureMixin(Config):
    SESSION_COOKIE_SECURE = True
class MailConfig(Config):
    MAIL_SERVER = "smtp"
class ProductionConfig(MailConfig, SecureMixin):
    pass
`,
	}).Config()
	prod := cm.ClassByName("config.ProductionConfig")
	if prod == nil {
		t.Fatal("ProductionConfig not found")
	}
	var order []string
	for _, c := range prod.MRO() {
		order = append(order, c.Name)
	}
	want := []string{"ProductionConfig", "MailConfig", "SecureMixin", "Config"}
	if !slices.Equal(order, want) {
		t.Errorf("MRO %v, want %v", order, want)
	}
	// Depth-first order would find Config's False before SecureMixin's True.
	if s := prod.Lookup("SESSION_COOKIE_SECURE"); s == nil || s.Class.Name != "SecureMixin" {
		t.Errorf("Lookup found %+v, want SecureMixin's value", s)
	}
}

func TestConfigIsCached(t *testing.T) {
	p := buildFromSources(t, map[string]string{"config.py": configPy})
	first, second := p.Config(), p.Config()
	if first != second {
		t.Error("Config() built the model twice")
	}
}
