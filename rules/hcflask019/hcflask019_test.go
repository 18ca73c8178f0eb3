package hcflask019

import (
	"testing"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, Rule, "../../testdata/rules/hcflask019")
}

// exceptClass returns the class expression of the module's first except
// clause.
func exceptClass(m *model.Module) parser.NodeID {
	f := m.File
	class := parser.NoNode
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if f.Is(n, "as_pattern") && class == parser.NoNode {
			class = f.NamedChildren(n)[0]
		}
		return class == parser.NoNode
	})
	return class
}

func TestClassify(t *testing.T) {
	cases := []struct {
		imports, class string
		want           excKind
	}{
		{"", "Exception", kindInternal},
		{"", "BaseException", kindInternal},
		{"", "(ValueError, KeyError)", kindInput},
		{"", "(ValueError, OSError)", kindInternal},
		{"", "FileNotFoundError", kindInternal},
		{"from sqlalchemy.exc import IntegrityError", "IntegrityError", kindInternal},
		{"import requests", "requests.RequestException", kindInternal},
		{"from marshmallow import ValidationError", "ValidationError", kindSafe},
		{"import pydantic", "pydantic.ValidationError", kindSafe},
		{"from werkzeug.exceptions import BadRequest", "BadRequest", kindSafe},
		{"class QuotaExceeded(Exception):\n    pass", "QuotaExceeded", kindSafe},
		{"from stripe.error import CardError", "CardError", kindInput},
		{"import json", "json.JSONDecodeError", kindInput},
		{"", "errors_to_catch", kindInput},
	}
	for _, tc := range cases {
		src := tc.imports + "\ntry:\n    pass\nexcept " + tc.class + " as e:\n    pass\n"
		p, m := ruletest.Module(t, "views.py", src)
		if got := classify(p, m, exceptClass(m)); got != tc.want {
			t.Errorf("classify(%s) = %d, want %d", tc.class, got, tc.want)
		}
	}
}

func TestDebugGuard(t *testing.T) {
	cases := map[string]int{
		"app.debug":                           1,
		"current_app.testing":                 1,
		`app.config["DEBUG"]`:                 1,
		`current_app.config.get("DEBUG")`:     1,
		`os.environ.get("FLASK_DEBUG")`:       1,
		"not app.debug":                       -1,
		"(DEBUG)":                             1,
		"app.config['ENV']":                   0,
		"is_admin(user)":                      0,
		`request.args.get("verbose")`:         0,
		"not (current_app.debug)":             -1,
		`app.config.get("SHOW_ERRORS", True)`: 0,
	}
	for cond, want := range cases {
		_, m := ruletest.Module(t, "views.py", "x = "+cond+"\n")
		f := m.File
		right := f.Field(m.Defs["x"], "right")
		if got := debugGuard(f, right); got != want {
			t.Errorf("debugGuard(%s) = %d, want %d", cond, got, want)
		}
	}
}

func TestDevModule(t *testing.T) {
	cases := map[string]bool{
		"run_dev.py": true, "dev_server.py": true, "debug.py": true, "scripts/local.py": true,
		"wsgi.py": false, "app/developers.py": false, "tools/develop.py": true, "devices.py": false,
	}
	for path, want := range cases {
		if got := devModule(path); got != want {
			t.Errorf("devModule(%q) = %v, want %v", path, got, want)
		}
	}
}
