package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/parser"
)

// buildWithTemplates builds a project from Python sources and adds the
// other files (templates) to its source set.
func buildWithTemplates(t *testing.T, py, other map[string]string) *Project {
	t.Helper()
	p := buildFromSources(t, py)
	paths := make([]string, 0, len(other))
	for path := range other {
		paths = append(paths, path)
	}
	slices.Sort(paths)
	for _, path := range paths {
		p.Source.Other = append(p.Source.Other,
			&parser.OtherFile{Path: path, Src: []byte(other[path])})
	}
	return p
}

// scanOneTemplate scans a single template file named templates/page.html.
func scanOneTemplate(t *testing.T, src string) *Template {
	t.Helper()
	ts := buildWithTemplates(t, nil, map[string]string{"templates/page.html": src}).Templates()
	if len(ts.Templates) != 1 {
		t.Fatalf("got %d templates, want 1", len(ts.Templates))
	}
	return ts.Templates[0]
}

// templateFormSummary renders a form's facts for table comparison.
func templateFormSummary(f *Form) string {
	token := map[TokenState]string{
		TokenMissing: "missing", TokenPresent: "token", TokenUnknown: "unknown",
	}[f.Token]
	out := []string{f.Method, token}
	if f.External {
		out = append(out, "external")
	}
	if f.Endpoint != "" {
		out = append(out, "endpoint="+f.Endpoint)
	}
	return strings.Join(out, " ")
}

// templateFormCases are single forms and what the scan should read from them:
// method, token state, external action, url_for endpoint.
var templateFormCases = []struct {
	name, src, want string
}{
	{"post without token", `<form method="post"><input name="q"></form>`, "POST missing"},
	{"unquoted upper-case method", `<form METHOD=POST action=/x></form>`, "POST missing"},
	{"no method is GET", `<form action="/search"><input name="q"></form>`, "GET missing"},
	{"method from an expression", `<form method="{{ m }}"></form>`, " missing"},
	{"statement in the tag", `<form {% if x %}class="a"{% endif %}></form>`, " missing"},
	{"literal method beside an expression", `<form method="post" {{ attrs }}></form>`,
		"POST missing"},
	{"csrf_token()", `<form method="post">
  <input type="hidden" name="x" value="{{ csrf_token() }}">
</form>`, "POST token"},
	{"form.csrf_token", `<form method="post">{{ form.csrf_token }}</form>`, "POST token"},
	{"hidden_tag", `<form method="post">{{ form.hidden_tag() }}</form>`, "POST token"},
	{"hidden input named like a token",
		`<form method="post"><input type=hidden name=_csrf_token value="{{ t }}"></form>`,
		"POST token"},
	{"loop over the form's fields",
		`<form method="post">{% for field in form %}{{ field }}{% endfor %}</form>`,
		"POST token"},
	{"double quotes inside a Jinja action",
		`<form method="post" action="{{ url_for("auth.logout") }}"></form>`,
		"POST missing endpoint=auth.logout"},
	{"absolute action", `<form method="post" action="https://www.paypal.com/cgi-bin/webscr">
</form>`, "POST missing external"},
	{"protocol-relative action", `<form method="post" action="//pay.example/x"></form>`,
		"POST missing external"},
	{"open form", `<form method="post">{% block fields %}{% endblock %}`, "POST unknown"},
	{"token after the close does not count",
		`<form method="post"></form>{{ form.hidden_tag() }}`, "POST missing"},
}

// TestFormAttributesAndTokens reads single forms.
func TestFormAttributesAndTokens(t *testing.T) {
	for _, tc := range templateFormCases {
		t.Run(tc.name, func(t *testing.T) {
			tpl := scanOneTemplate(t, tc.src)
			if len(tpl.Forms) != 1 {
				t.Fatalf("got %d forms, want 1", len(tpl.Forms))
			}
			if got := templateFormSummary(tpl.Forms[0]); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestFormsHiddenFromThePage skips forms in comments, raw blocks and scripts.
func TestFormsHiddenFromThePage(t *testing.T) {
	cases := map[string]string{
		"html comment":  `<!-- <form method="post"></form> -->`,
		"jinja comment": "{# <form method=\"post\">\n</form> #}",
		"raw block":     `{% raw %}<form method="post"></form>{% endraw %}`,
		"script string": `<script>const f = '<form method="post"></form>';</script>`,
	}
	for name, src := range cases {
		if forms := scanOneTemplate(t, src).Forms; len(forms) != 0 {
			t.Errorf("%s: got %d forms, want none", name, len(forms))
		}
	}
}

// TestFormLines checks that blanking comments keeps line numbers.
func TestFormLines(t *testing.T) {
	src := "{# a\ncomment #}\n<!-- x\n-->\n<form method=\"post\">\n</form>\n<form>\n</form>\n"
	var lines []int
	for _, f := range scanOneTemplate(t, src).Forms {
		lines = append(lines, f.Line)
	}
	if !slices.Equal(lines, []int{5, 7}) {
		t.Errorf("form lines = %v, want [5 7]", lines)
	}
}

// templateMacroFiles are templates that share macros in the ways projects do.
var templateMacroFiles = map[string]string{
	"templates/_macros.html": `{% macro csrf_field() %}
<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
{% endmacro %}
{% macro field(f) %}<label>{{ f.label }}</label>{{ f() }}{% endmacro %}
{% macro wrapped() %}{{ csrf_field() }}{% endmacro %}
{% macro post_form(action) %}
<form method="post" action="{{ action }}">{{ caller() }}</form>
{% endmacro %}`,
	"templates/_csrf.html": `<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">`,
	"templates/from.html": `{% from "_macros.html" import csrf_field as csrf, field %}
<form method="post">{{ csrf() }}{{ field(form.name) }}</form>`,
	"templates/alias.html": `{% import "_macros.html" as m with context %}
<form method="post">{{ m.wrapped() }}</form>`,
	"templates/fields_only.html": `{% import "_macros.html" as m %}
<form method="post">{{ m.field(form.name) }}</form>`,
	"templates/include.html": `<form method="post">{% include "_csrf.html" %}</form>`,
	"templates/commented.html": `{% from "_macros.html" import csrf_field %}
<form method="post"><!-- {{ csrf_field() }} {{ csrf_token() }} --></form>`,
	"templates/base.html": `<html><body>
<form method="post" action="/search">{% block search %}{% endblock %}</form>
</body></html>`,
	"templates/child.html": `{% extends "base.html" %}
{% block search %}{{ form.hidden_tag() }}{% endblock %}`,
}

// TestTokensThroughMacrosIncludesAndBlocks follows tokens across templates.
func TestTokensThroughMacrosIncludesAndBlocks(t *testing.T) {
	ts := buildWithTemplates(t, nil, templateMacroFiles).Templates()
	want := map[string]string{
		"templates/_macros.html":     "POST unknown",
		"templates/from.html":        "POST token",
		"templates/alias.html":       "POST token",
		"templates/fields_only.html": "POST missing",
		"templates/include.html":     "POST token",
		"templates/commented.html":   "POST missing",
		"templates/base.html":        "POST token",
	}
	for _, tpl := range ts.Templates {
		var got []string
		for _, f := range tpl.Forms {
			got = append(got, templateFormSummary(f))
		}
		if w, ok := want[tpl.File.Path]; ok && strings.Join(got, ";") != w {
			t.Errorf("%s: got %q, want %q", tpl.File.Path, got, w)
		}
	}
}

// templateRenderPy is a factory app whose views render templates in the ways
// projects do: literal, aliased import, constant, list, computed, tests.
var templateRenderPy = map[string]string{
	"shop/__init__.py": `from flask import Flask
def create_app():
    app = Flask(__name__)
    from .admin import bp
    app.register_blueprint(bp)
    return app
`,
	"shop/views.py": `from flask import render_template as rt
NAME = "cart.html"
def index():
    return rt("index.html")
def cart():
    return rt(NAME)
def either():
    return rt(["promo/a.html", "promo/b.html"])
def computed(kind):
    return rt(kind + ".html")
`,
	"shop/admin/__init__.py": `from flask import Blueprint, render_template
bp = Blueprint("admin", __name__, template_folder="tpl")
def dash():
    return render_template("admin/dash.html")
`,
	"tests/test_views.py": `from flask import render_template
def test_unused():
    render_template("unused.html")
`,
}

// templateRenderFiles are its template files, with a blueprint folder, a
// static HTML page and templates nothing renders.
var templateRenderFiles = map[string]string{
	"shop/templates/layout.html":         `{% include "_nav.html" %}`,
	"shop/templates/_nav.html":           `<nav></nav>`,
	"shop/templates/index.html":          `{% extends "layout.html" %}`,
	"shop/templates/cart.html":           `cart`,
	"shop/templates/promo/a.html":        `a`,
	"shop/templates/promo/b.html":        `b`,
	"shop/templates/unused.html":         `unused`,
	"shop/admin/tpl/admin/dash.html":     `{% import "forms.html" as forms %}`,
	"shop/templates/forms.html":          `macros`,
	"shop/static/landing.html":           `<form method="post"></form>`,
	"shop/templates/emails/welcome.html": `hi`,
}

// TestRenderedTemplates follows render calls through extends, include and
// import, and leaves out what only tests, computed names or nothing render.
func TestRenderedTemplates(t *testing.T) {
	ts := buildWithTemplates(t, templateRenderPy, templateRenderFiles).Templates()
	var rendered, quiet []string
	for _, tpl := range ts.Templates {
		if tpl.Rendered() {
			rendered = append(rendered, tpl.Names[0])
		} else {
			quiet = append(quiet, tpl.Names[0])
		}
	}
	wantRendered := []string{"admin/dash.html", "_nav.html", "cart.html", "forms.html",
		"index.html", "layout.html", "promo/a.html", "promo/b.html"}
	slices.Sort(rendered)
	slices.Sort(wantRendered)
	if !slices.Equal(rendered, wantRendered) {
		t.Errorf("rendered = %v\nwant %v", rendered, wantRendered)
	}
	if !slices.Equal(quiet, []string{"emails/welcome.html", "unused.html"}) {
		t.Errorf("not rendered = %v", quiet)
	}
	if got := ts.Lookup("landing.html"); len(got) != 0 {
		t.Errorf("static HTML read as a template: %v", got[0].File.Path)
	}
}

// TestTemplateFolderExpression resolves template_folder=os.path.join(...).
func TestTemplateFolderExpression(t *testing.T) {
	py := map[string]string{
		"app.py": `import os
from flask import Flask, render_template
BASE = os.path.dirname(__file__)
app = Flask(__name__, template_folder=os.path.join(BASE, "web/views"))
@app.route("/")
def home():
    return render_template("home.html")
`,
	}
	ts := buildWithTemplates(t, py, map[string]string{"web/views/home.html": "home"}).Templates()
	if got := ts.Lookup("home.html"); len(got) != 1 || !got[0].Rendered() {
		t.Fatalf("home.html under template_folder=os.path.join(...) not found or not rendered")
	}
}

// TestPageToken finds tokens the page exposes to scripts, and only those.
func TestPageToken(t *testing.T) {
	other := map[string]string{
		"templates/base.html": `<head><meta name="csrf-token" content="{{ csrf_token() }}"></head>
{% include "_nav.html" %}{% block content %}{% endblock %}`,
		"templates/_nav.html":  `<form method="post" action="/logout"></form>`,
		"templates/page.html":  `{% extends "base.html" %}`,
		"templates/plain.html": `<html><form method="post"></form></html>`,
		"templates/other.html": `{% extends "plain.html" %}{% block x %}<script>
var token = "{{ csrf_token() }}";</script>{% endblock %}`,
		"templates/macros.html": `{% macro t() %}{{ csrf_token() }}{% endmacro %}`,
		"templates/_tok.html":   `<input name="csrf_token" value="{{ csrf_token() }}">`,
		"templates/inform.html": `<form method="post">{% include "_tok.html" %}</form>
<form method="post"></form>`,
	}
	ts := buildWithTemplates(t, nil, other).Templates()
	cases := map[string]string{
		"_nav.html":   "templates/base.html:1",
		"page.html":   "templates/base.html:1",
		"plain.html":  "",
		"other.html":  "templates/other.html:2",
		"macros.html": "",
		"inform.html": "",
	}
	for name, want := range cases {
		where, line := ts.PageToken(ts.Lookup(name)[0])
		got := ""
		if where != nil {
			got = fmt.Sprintf("%s:%d", where.File.Path, line)
		}
		if got != want {
			t.Errorf("PageToken(%s) = %q, want %q", name, got, want)
		}
	}
}

// TestTemplateLinks reads extends, from-import, import and include.
func TestTemplateLinks(t *testing.T) {
	tpl := scanOneTemplate(t, `{% extends "layout.html" %}
{%- from 'forms/_macros.html' import render_field, csrf_field as csrf with context -%}
{% import "forms.html" as f %}
{% include ["a.html", "b.html"] ignore missing %}
{# {% include "commented.html" %} #}`)
	var got []string
	for _, l := range tpl.Links {
		got = append(got, l.Kind+":"+l.Name+":"+l.Alias)
	}
	want := []string{"extends:layout.html:", "from:forms/_macros.html:", "import:forms.html:f",
		"include:a.html:", "include:b.html:"}
	if !slices.Equal(got, want) {
		t.Errorf("links = %v\nwant %v", got, want)
	}
	imports := tpl.Links[1].Imports
	if imports["render_field"] != "render_field" || imports["csrf"] != "csrf_field" ||
		len(imports) != 2 {
		t.Errorf("from-imports = %v", imports)
	}
}
