package model

import (
	"fmt"
	"strings"
	"testing"
)

// explainProject is a factory project with a config dict, a Dockerfile
// that picks production, a development .flaskenv, a test that picks
// testing, and values from from_prefixed_env.
var explainProject = map[string]string{
	"config.py": `import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    SQLALCHEMY_TRACK_MODIFICATIONS = False


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True


config = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}
`,
	"app/__init__.py": `from flask import Flask

from config import config


def create_app(config_name="default"):
    app = Flask(__name__)
    app.config.from_object(config[config_name])
    app.config.from_prefixed_env()
    if app.debug:
        app.config["EXPLAIN_TEMPLATE_LOADING"] = True
    return app
`,
	"wsgi.py": `import os

from app import create_app

app = create_app(os.getenv("FLASK_CONFIG") or "default")
`,
	"tests/conftest.py": `from app import create_app

app = create_app("testing")
`,
	"Dockerfile": `FROM python:3.12-slim
ENV FLASK_CONFIG=production
ENV FLASK_MAX_CONTENT_LENGTH=16777216
CMD ["gunicorn", "wsgi:app"]
`,
	".flaskenv": "FLASK_APP=wsgi.py\nFLASK_DEBUG=1\n",
}

// explainGolden is the expected explanation of explainProject.
const explainGolden = `app Flask(__name__) at app/__init__.py:7, in create_app
  development
    loads:
      app/__init__.py:8 app.config.from_object(config[config_name])
        -> DevelopmentConfig (development, name), by default
          wsgi.py:5 wsgi.py calls create_app(os.getenv("FLASK_CONFIG") or "default")
          wsgi.py:5 no development file sets FLASK_CONFIG
          config.py:26 config["default"] is DevelopmentConfig
      app/__init__.py:9 app.config.from_prefixed_env()
        -> unknown
          app/__init__.py:9 from_prefixed_env reads the FLASK_* variables
    values:
      APP = "wsgi.py"  .flaskenv:1, read by from_prefixed_env
        because from_prefixed_env reads FLASK_APP=wsgi.py in .flaskenv
      DEBUG = True  config.py:10, set by DevelopmentConfig
      DEBUG = 1  .flaskenv:2, read by from_prefixed_env
        because from_prefixed_env reads FLASK_DEBUG=1 in .flaskenv
      EXPLAIN_TEMPLATE_LOADING = True  app/__init__.py:11, set by app.config
      SECRET_KEY = "dev"  config.py:5, set by Config for DevelopmentConfig
        because no development file sets SECRET_KEY
      SQLALCHEMY_TRACK_MODIFICATIONS = False  config.py:6, set by Config for DevelopmentConfig
      TESTING = False (Flask's default)
    variables:
      .flaskenv:1 FLASK_APP=wsgi.py
      .flaskenv:2 FLASK_DEBUG=1
  testing
    loads:
      app/__init__.py:8 app.config.from_object(config[config_name])
        -> TestingConfig (testing, name)
          tests/conftest.py:3 tests/conftest.py calls create_app("testing")
          config.py:24 config["testing"] is TestingConfig
      app/__init__.py:9 app.config.from_prefixed_env()
        -> unknown
          app/__init__.py:9 from_prefixed_env reads the FLASK_* variables
    values:
      SECRET_KEY = "test"  config.py:15, set by TestingConfig
      SQLALCHEMY_TRACK_MODIFICATIONS = False  config.py:6, set by Config for TestingConfig
      TESTING = True  config.py:14, set by TestingConfig
      DEBUG = False (Flask's default)
  production
    loads:
      app/__init__.py:8 app.config.from_object(config[config_name])
        -> ProductionConfig (production, name)
          wsgi.py:5 wsgi.py calls create_app(os.getenv("FLASK_CONFIG") or "default")
          Dockerfile:2 FLASK_CONFIG=production in Dockerfile
          config.py:25 config["production"] is ProductionConfig
      app/__init__.py:9 app.config.from_prefixed_env()
        -> unknown
          app/__init__.py:9 from_prefixed_env reads the FLASK_* variables
    values:
      CONFIG = "production"  Dockerfile:2, read by from_prefixed_env
        because from_prefixed_env reads FLASK_CONFIG=production in Dockerfile
      MAX_CONTENT_LENGTH = 16777216  Dockerfile:3, read by from_prefixed_env
        because from_prefixed_env reads FLASK_MAX_CONTENT_LENGTH=16777216 in Dockerfile
      SECRET_KEY = "dev"  config.py:5, set by Config for ProductionConfig
        because no production file sets SECRET_KEY
      SESSION_COOKIE_SECURE = True  config.py:19, set by ProductionConfig
      SQLALCHEMY_TRACK_MODIFICATIONS = False  config.py:6, set by Config for ProductionConfig
      DEBUG = False (Flask's default)
      TESTING = False (Flask's default)
    variables:
      Dockerfile:2 FLASK_CONFIG=production
      Dockerfile:3 FLASK_MAX_CONTENT_LENGTH=16777216
`

func TestExplainConfig(t *testing.T) {
	var b strings.Builder
	if err := projectWithFiles(t, explainProject).ExplainConfig(&b); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != explainGolden {
		t.Errorf("explanation differs from the golden text:\n%s", lineDiff(got, explainGolden))
	}
}

func TestExplainConfigIsDeterministic(t *testing.T) {
	var first strings.Builder
	if err := projectWithFiles(t, explainProject).ExplainConfig(&first); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		var again strings.Builder
		if err := projectWithFiles(t, explainProject).ExplainConfig(&again); err != nil {
			t.Fatal(err)
		}
		if again.String() != first.String() {
			t.Fatalf("two runs differ:\n%s", lineDiff(again.String(), first.String()))
		}
	}
}

func TestExplainConfigWithoutApp(t *testing.T) {
	var b strings.Builder
	p := projectWithFiles(t, map[string]string{
		"settings.py": "class ProductionConfig:\n    DEBUG = False\n",
	})
	if err := p.ExplainConfig(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "no Flask(...) app found") ||
		!strings.Contains(b.String(), "TESTING = False (Flask's default)") {
		t.Errorf("unexpected explanation:\n%s", b.String())
	}
}

// lineDiff shows the first differing line of two texts.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, gl, wl)
		}
	}
	return ""
}
