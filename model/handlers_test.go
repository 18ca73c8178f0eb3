package model

import (
	"fmt"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/parser"
)

func TestErrorHandlers(t *testing.T) {
	proj := buildFromSources(t, map[string]string{
		"shop/__init__.py": `from flask import Flask
from werkzeug.exceptions import HTTPException
from .errors import ShopError, errors, on_500, on_shop

def create_app():
    app = Flask(__name__)

    @app.errorhandler(HTTPException)
    def on_http(e):
        return e

    def on_value(err: ValueError):
        return str(err), 400

    app.register_error_handler(500, on_500)
    app.register_error_handler(ValueError, on_value)
    app.errorhandler(ShopError)(on_shop)
    app.register_blueprint(errors)
    return app
`,
		"shop/errors.py": `from http import HTTPStatus
from flask import Blueprint

errors = Blueprint("errors", __name__)

class ShopError(Exception):
    pass

@errors.app_errorhandler(HTTPStatus.NOT_FOUND)
def not_found(e):
    return "missing", 404

@errors.errorhandler(ShopError)
def local(e):
    return "shop", 500

def on_500(e=None):
    return "oops", 500

def on_shop(e):
    return "shop", 500
`,
		"api.py": `from flask_restx import Api
api = Api()

@api.errorhandler
def default_error(error):
    return {"message": "error"}, 500
`,
	})
	var got []string
	for _, h := range proj.ErrorHandlers() {
		name, param := "-", "-"
		if h.Function != nil {
			name = h.Function.Name
			if p := h.Param(); p != parser.NoNode {
				param = h.Function.Module.File.Text(p)
			}
		}
		got = append(got, fmt.Sprintf("%s %s %s code=%d exc=%s fn=%s param=%s wide=%v",
			h.Site.Module.Name, h.Method, h.Target, h.Code, h.Exception, name, param,
			h.AppWide()))
	}
	want := []string{
		"api errorhandler api code=0 exc= fn=default_error param=error wide=true",
		"shop errorhandler app code=0 exc=werkzeug.exceptions.HTTPException fn=on_http " +
			"param=e wide=true",
		"shop register_error_handler app code=500 exc= fn=on_500 param=e wide=true",
		"shop register_error_handler app code=0 exc=ValueError fn=on_value param=err wide=true",
		"shop errorhandler app code=0 exc=shop.errors.ShopError fn=on_shop param=e wide=true",
		"shop.errors app_errorhandler errors code=404 exc= fn=not_found param=e wide=true",
		"shop.errors errorhandler errors code=0 exc=shop.errors.ShopError fn=local param=e " +
			"wide=false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestStatusCode(t *testing.T) {
	cases := []struct {
		expr string
		want int // 0 when not a status the model can read
	}{
		{"404", 404},
		{"(500)", 500},
		{"HTTPStatus.BAD_REQUEST", 400},
		{"http.HTTPStatus.CONFLICT.value", 409},
		{"CODE", 422},
		{"local", 503},
		{"99", 0},
		{"e.code", 0},
		{"HTTPStatus.IM_A_TEAPOT", 0},
	}
	for _, tc := range cases {
		src := "import http\nfrom http import HTTPStatus\nCODE = 422\n" +
			"def view():\n    local = 503\n    x = " + tc.expr + "\n"
		proj := buildFromSources(t, map[string]string{"views.py": src})
		m := proj.Modules[0]
		f := m.File
		expr := parser.NoNode
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if f.Is(n, "assignment") && f.Text(f.Field(n, "left")) == "x" {
				expr = f.Field(n, "right")
			}
			return true
		})
		got, ok := proj.StatusCode(m, expr)
		if !ok {
			got = 0
		}
		if got != tc.want {
			t.Errorf("StatusCode(%s) = %d, %v; want %d", tc.expr, got, ok, tc.want)
		}
	}
}
