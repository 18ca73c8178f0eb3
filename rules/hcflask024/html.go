package hcflask024

import (
	"path"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// renderFuncs are Flask's template rendering functions.
var renderFuncs = []string{
	"flask.render_template", "flask.render_template_string", "flask.stream_template",
	"flask.stream_template_string", "flask.templating.render_template",
	"flask.templating.render_template_string", "flask_themes2.render_theme_template",
}

// htmlPages returns, for each place the production code serves an HTML
// page, a Ref to it: a render call whose result is returned (not one that
// builds a mail body), or a view that returns an HTML string literal.
func htmlPages(p *model.Project) []model.Ref {
	views := map[model.Ref]bool{}
	for _, r := range p.Routes {
		views[model.Ref{Module: r.Module, Node: r.View}] = true
	}
	var out []model.Ref
	calls := p.Calls(renderFuncs...)
	calls = append(calls, p.Calls(renderWrappers(calls, views)...)...)
	for _, call := range calls {
		if !call.Module.IsTestFile() && servesPage(call, views) {
			out = append(out, call)
		}
	}
	for _, r := range p.Routes {
		if r.Module.IsTestFile() {
			continue
		}
		if n := htmlReturn(r.Module.File, r.View); n != parser.NoNode {
			out = append(out, model.Ref{Module: r.Module, Node: n})
		}
	}
	return out
}

// renderWrappers returns the qualified names of the project's module-level
// functions that return a rendered template, such as a helper that picks
// the theme before rendering: their calls render pages too.
func renderWrappers(calls []model.Ref, views map[model.Ref]bool) []string {
	var out []string
	for _, call := range calls {
		f := call.File()
		def := f.Enclosing(call.Node, "function_definition")
		if def == parser.NoNode || views[model.Ref{Module: call.Module, Node: def}] ||
			!isModuleLevel(f, def) || !returned(f, call.Node) {
			continue
		}
		name := f.Text(f.Field(def, "name"))
		if call.Module.Name != "" {
			name = call.Module.Name + "." + name
		}
		out = append(out, name)
	}
	return out
}

// isModuleLevel reports whether a def is a statement of the module.
func isModuleLevel(f *parser.File, def parser.NodeID) bool {
	parent := f.Parent(def)
	if f.Is(parent, "decorated_definition") {
		parent = f.Parent(parent)
	}
	return f.Is(parent, "module")
}

// returned reports whether a call is inside a return statement of its
// function.
func returned(f *parser.File, call parser.NodeID) bool {
	ret := f.Enclosing(call, "return_statement", "function_definition")
	return f.Is(ret, "return_statement")
}

// servesPage reports whether a render call's result goes to the browser:
// it is returned, or it is computed in a view or error handler. A result
// handed to a mail (an `html=` or `body=` argument, `msg.html = ...`) is
// not a page.
func servesPage(call model.Ref, views map[model.Ref]bool) bool {
	f := call.File()
	for c, a := call.Node, f.Parent(call.Node); a != parser.NoNode; c, a = a, f.Parent(a) {
		switch f.Kind(a) {
		case "return_statement":
			return true
		case "keyword_argument":
			if mailWord(f.Text(f.Field(a, "name"))) {
				return false
			}
		case "assignment":
			left := f.Field(a, "left")
			if f.Field(a, "right") == c && f.Is(left, "attribute") &&
				mailWord(f.Text(f.Field(left, "attribute"))) {
				return false
			}
		case "function_definition":
			return views[model.Ref{Module: call.Module, Node: a}] || isErrorHandler(f, a)
		}
	}
	return false
}

// mailWord reports whether a name is a mail part: html, body, text_body.
func mailWord(name string) bool {
	name = strings.ToLower(name)
	return strings.Contains(name, "html") || strings.Contains(name, "body") ||
		strings.Contains(name, "text")
}

// isErrorHandler reports whether a def is decorated with an errorhandler.
func isErrorHandler(f *parser.File, def parser.NodeID) bool {
	parent := f.Parent(def)
	return f.Is(parent, "decorated_definition") && hasDecorator(f, parent, "errorhandler")
}

// htmlReturn returns the first `return "<...>"` of a view whose string
// starts with a tag, or NoNode.
func htmlReturn(f *parser.File, view parser.NodeID) parser.NodeID {
	found := parser.NoNode
	f.Walk(f.Field(view, "body"), func(n parser.NodeID) bool {
		if found != parser.NoNode || f.Is(n, "function_definition") {
			return false
		}
		if f.Is(n, "return_statement") {
			if v := f.NamedChildren(n); len(v) > 0 && startsWithTag(f, v[0]) {
				found = n
			}
			return false
		}
		return true
	})
	return found
}

// startsWithTag reports whether a string literal (an f-string or a
// concatenation too) begins with an HTML tag.
func startsWithTag(f *parser.File, n parser.NodeID) bool {
	if f.Is(n, "concatenated_string") {
		n = f.NamedChildren(n)[0]
	}
	if !f.Is(n, "string") {
		return false
	}
	for c := range f.Children(n) {
		if f.Is(c, "string_content") {
			s := strings.TrimSpace(f.Text(c))
			return len(s) > 1 && s[0] == '<' && (s[1] == '!' || s[1] == '/' ||
				(s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z'))
		}
		if f.Is(c, "interpolation") {
			return false
		}
	}
	return false
}

// appsServingHTML returns the production apps that serve the pages, with
// the first page of each. With one production app, every page is its;
// with several, a page belongs to the apps in the same top-level folder.
func appsServingHTML(p *model.Project, pages []model.Ref) ([]*model.App, map[*model.App]model.Ref) {
	var apps []*model.App
	for _, app := range p.Apps {
		if !app.Module.IsTestFile() && inProduction(app.Ref) && !throwaway(app) {
			apps = append(apps, app)
		}
	}
	first := map[*model.App]model.Ref{}
	var out []*model.App
	for _, app := range apps {
		for _, page := range pages {
			if len(apps) == 1 || topFolder(page.File().Path) == topFolder(app.File().Path) {
				first[app] = page
				out = append(out, app)
				break
			}
		}
	}
	return out, first
}

// throwaway reports whether a Flask object is passed straight to another
// call, `OAuth(Flask(__name__))`: a helper object, not an app that serves.
func throwaway(app *model.App) bool {
	f := app.File()
	return app.Var == "" && f.Is(f.Parent(app.Node), "argument_list")
}

// topFolder is the first folder of a path, "" for a file at the root.
func topFolder(p string) string {
	dir := path.Dir(p)
	if dir == "." {
		return ""
	}
	top, _, _ := strings.Cut(dir, "/")
	return top
}

// inProduction reports whether code at ref runs in production: not in a
// test file, not in a development or testing branch.
func inProduction(ref model.Ref) bool {
	return model.BranchEnvironment(ref.Module, ref.Node).ReachesProduction()
}
