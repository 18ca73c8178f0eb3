package model

// The template model: which Jinja templates a project has, which of them
// the app renders, and the <form> tags in them with their method, action
// and whether they carry a CSRF token.
//
// This is a tolerant text scan, not a Jinja parser. It blanks Jinja
// comments, {% raw %} blocks and HTML comments, finds the statements that
// link templates ({% extends %}, {% include %}, {% import %},
// {% from ... import %}), the {% macro %} and {% block %} spans, and the
// <form> tags with a small attribute reader that treats {{ ... }} as one
// unit. It does not evaluate expressions: a template named by a variable,
// an include of a computed name, a method or action built by a filter, or
// custom Jinja delimiters are not followed. Where the scan cannot tell
// whether a form carries a token (a form left open for a child template
// or a macro's caller to finish) it says so with TokenUnknown instead of
// guessing.

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/flasklint/flasklint/parser"
)

// TemplateSet is the project's Jinja templates and how the app uses them.
type TemplateSet struct {
	Folders   []string          // template folders, slash paths, sorted
	Templates []*Template       // template files under those folders, in path order
	Renders   []*TemplateRender // render_template calls with a literal name, outside tests
	byName    map[string][]*Template
	memo      map[spanKey]string
}

// TemplateRender is a render_template (or stream_template) call whose
// template name is a literal, or a name assigned one.
type TemplateRender struct {
	Ref                // the call
	Names     []string // the names it may render; a list offers several
	Templates []*Template
}

// Template is one template file.
type Template struct {
	File  *parser.OtherFile
	Names []string // names render_template knows it by, one per folder holding it
	// RenderedVia is a render call whose page includes this template
	// (directly, or by extends, include or import); nil when the app
	// renders it nowhere the model can see.
	RenderedVia *TemplateRender
	Links       []*TemplateLink
	Forms       []*Form
	// TokenLines are the lines where the template puts a CSRF token on the
	// page outside any form and macro: a <meta> tag or a script variable
	// that page scripts read to send the token with their requests.
	TokenLines []int

	jinja, html string // source with Jinja comments blanked; and HTML comments
	rawText     []span // <script> and <style> contents
	macros      []*templateMacro
	blocks      []*templateBlock
	exprs       []span      // {{ ... }} expressions and {% call %} statements
	loops       []span      // {% for f in form %} statements
	children    []*Template // templates that extend this one
	users       []*Template // templates that include or import this one
}

// TemplateLink is an {% extends %}, {% include %}, {% import %} or
// {% from ... import %} statement with a literal template name.
type TemplateLink struct {
	Kind    string // "extends", "include", "import" or "from"
	Name    string
	Line    int
	Alias   string            // import: the name it is bound to
	Imports map[string]string // from: local name to macro name
	Targets []*Template
	pos     int
}

// Form is one <form> tag of a template.
type Form struct {
	Template *Template
	Line     int
	// Method is the method attribute in upper case, "GET" when absent, and
	// "" when an expression may set it.
	Method string
	Action string // the action attribute as written, "" when absent
	// External is set when the action is an absolute URL literal
	// (https://..., //host/...): the form posts to another site.
	External bool
	Endpoint string // the endpoint of a literal url_for("...") action
	Token    TokenState
	TokenVia string // what renders the token, e.g. "form.hidden_tag("
	InMacro  bool
	body     span
	open     bool // no </form> before the end of the template or macro
}

// TokenState says whether a form carries a CSRF token.
type TokenState int

// Token states.
const (
	TokenMissing TokenState = iota
	TokenPresent
	TokenUnknown // the form is completed elsewhere (a caller, a child template)
)

// span is a byte range [start, end) of a template's source.
type span struct{ start, end int }

// contains reports whether offset lies in the span.
func (s span) contains(off int) bool { return off >= s.start && off < s.end }

// templateMacro is a {% macro %} definition.
type templateMacro struct {
	name string
	span // its body
}

// templateBlock is a {% block %} definition.
type templateBlock struct {
	name string
	span // its body
}

// spanKey memoises token searches over a template span.
type spanKey struct {
	t *Template
	s span
}

// templateExts are the file endings read as Jinja templates.
var templateExts = map[string]bool{
	".html": true, ".htm": true, ".jinja": true, ".jinja2": true, ".j2": true,
}

// renderFuncs are the calls whose first argument names a template.
var renderFuncs = []string{
	"flask.render_template", "flask.templating.render_template",
	"flask.stream_template", "flask.templating.stream_template",
}

// Templates reads the project's templates and links them to the render
// calls. It scans the template files on every call: a rule calls it once.
func (p *Project) Templates() *TemplateSet {
	ts := &TemplateSet{byName: map[string][]*Template{}, memo: map[spanKey]string{}}
	if p.Source == nil {
		return ts
	}
	ts.Folders = p.templateFolders()
	for _, o := range p.Source.Other {
		if t := ts.add(o); t != nil {
			ts.Templates = append(ts.Templates, t)
		}
	}
	ts.linkTemplates()
	ts.findRenders(p)
	ts.markRendered()
	ts.resolveForms()
	return ts
}

// Lookup returns the templates known by a name.
func (ts *TemplateSet) Lookup(name string) []*Template { return ts.byName[name] }

// Rendered reports whether the app renders the template on some page.
func (t *Template) Rendered() bool { return t.RenderedVia != nil }

// templateFolders lists the folders Jinja loads templates from: each app's
// and blueprint's template_folder (Flask's default "templates" for apps),
// and every folder named templates that holds a template.
func (p *Project) templateFolders() []string {
	var out []string
	for _, app := range p.Apps {
		out = append(out, p.folderOf(app.Ref, "templates")...)
	}
	for _, bp := range p.Blueprints {
		out = append(out, p.folderOf(bp.Ref, "")...)
	}
	for _, o := range p.Source.Other {
		if dir := templatesDir(o.Path); dir != "" {
			out = append(out, dir)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// folderOf resolves a Flask(...) or Blueprint(...) call's template_folder
// against its module's folder. An expression that is not a literal gives
// its last string literal as a suffix to match (see matchFolder).
func (p *Project) folderOf(call Ref, def string) []string {
	f := call.File()
	dir := path.Dir(f.Path)
	arg := KeywordArg(f, call.Node, "template_folder")
	if arg == parser.NoNode {
		if def == "" {
			return nil
		}
		return []string{path.Join(dir, def)}
	}
	if s, ok := f.StringValue(arg); ok {
		return []string{path.Join(dir, s)}
	}
	last := ""
	f.Walk(arg, func(n parser.NodeID) bool {
		if s, ok := f.StringValue(n); ok && s != "" {
			last = s
		}
		return true
	})
	if last == "" {
		return nil
	}
	return p.matchFolder(strings.Trim(path.Clean(last), "/"))
}

// matchFolder returns the folders of template files whose path ends with
// the given folder suffix, for template_folder=os.path.join(BASE, "web").
func (p *Project) matchFolder(suffix string) []string {
	var out []string
	for _, o := range p.Source.Other {
		for dir := path.Dir(o.Path); dir != "." && dir != "/"; dir = path.Dir(dir) {
			if dir == suffix || strings.HasSuffix(dir, "/"+suffix) {
				out = append(out, dir)
				break
			}
		}
	}
	return out
}

// templatesDir returns the path up to the last folder named "templates"
// of a template file, or "".
func templatesDir(p string) string {
	if !templateExts[path.Ext(p)] {
		return ""
	}
	parts := strings.Split(p, "/")
	for i := len(parts) - 2; i >= 0; i-- {
		if parts[i] == "templates" {
			return strings.Join(parts[:i+1], "/")
		}
	}
	return ""
}

// add scans a file when it is a template under a template folder.
func (ts *TemplateSet) add(o *parser.OtherFile) *Template {
	if !templateExts[path.Ext(o.Path)] || o.Err != nil {
		return nil
	}
	var names []string
	for _, dir := range ts.Folders {
		if dir == "." {
			names = append(names, o.Path)
		} else if rest, ok := strings.CutPrefix(o.Path, dir+"/"); ok {
			names = append(names, rest)
		}
	}
	if len(names) == 0 {
		return nil // static HTML or documentation, not a template
	}
	t := scanTemplate(o)
	t.Names = names
	for _, n := range names {
		ts.byName[n] = append(ts.byName[n], t)
	}
	return t
}

// linkTemplates resolves every link's name and records the reverse edges.
func (ts *TemplateSet) linkTemplates() {
	for _, t := range ts.Templates {
		for _, l := range t.Links {
			l.Targets = ts.byName[l.Name]
			for _, target := range l.Targets {
				if l.Kind == "extends" {
					target.children = appendOnce(target.children, t)
				} else {
					target.users = appendOnce(target.users, t)
				}
			}
		}
	}
}

// appendOnce appends t unless the list holds it.
func appendOnce(list []*Template, t *Template) []*Template {
	if slices.Contains(list, t) {
		return list
	}
	return append(list, t)
}

// findRenders records the render calls outside test code whose template
// name the model can read.
func (ts *TemplateSet) findRenders(p *Project) {
	for _, call := range p.Calls(renderFuncs...) {
		if call.Module.IsTestFile() {
			continue
		}
		names := p.templateNames(call)
		if len(names) == 0 {
			continue
		}
		r := &TemplateRender{Ref: call, Names: names}
		for _, n := range names {
			r.Templates = append(r.Templates, ts.byName[n]...)
		}
		ts.Renders = append(ts.Renders, r)
	}
}

// templateNames reads the template name argument of a render call: a
// literal, a list or tuple of literals, or a name assigned a literal.
func (p *Project) templateNames(call Ref) []string {
	f := call.File()
	arg := KeywordArg(f, call.Node, "template_name_or_list")
	if args := PositionalArgs(f, call.Node); arg == parser.NoNode && len(args) > 0 {
		arg = args[0]
	}
	if arg == parser.NoNode {
		return nil
	}
	items := []parser.NodeID{arg}
	if f.Is(arg, "list", "tuple") {
		items = f.NamedChildren(arg)
	}
	var out []string
	for _, item := range items {
		if v := p.ValueOf(call.Module, item); v.Kind == ValueString {
			out = append(out, v.Str)
		}
	}
	return out
}

// markRendered marks every template on a rendered page: the named
// templates and everything they extend, include or import.
func (ts *TemplateSet) markRendered() {
	for _, r := range ts.Renders {
		queue := slices.Clone(r.Templates)
		for len(queue) > 0 {
			t := queue[0]
			queue = queue[1:]
			if t.RenderedVia != nil {
				continue
			}
			t.RenderedVia = r
			for _, l := range t.Links {
				queue = append(queue, l.Targets...)
			}
		}
	}
}

// resolveForms decides for each form whether it carries a token, now that
// macros, includes and child templates can be followed.
func (ts *TemplateSet) resolveForms() {
	for _, t := range ts.Templates {
		for _, form := range t.Forms {
			ts.resolveForm(form)
		}
	}
	for _, t := range ts.Templates {
		t.TokenLines = ts.tokenLines(t)
	}
}

// resolveForm sets the token state of one form.
func (ts *TemplateSet) resolveForm(form *Form) {
	t := form.Template
	if via := ts.spanToken(t, form.body, 0); via != "" {
		form.Token, form.TokenVia = TokenPresent, via
		return
	}
	if via := ts.blockToken(t, form.body); via != "" {
		form.Token, form.TokenVia = TokenPresent, via
		return
	}
	if form.open || t.callsCaller(form.body) {
		form.Token = TokenUnknown
	}
}

// maxTemplateDepth bounds how far macros, includes and child templates
// are followed, so that a template that includes itself cannot loop.
const maxTemplateDepth = 8

// tokenRE finds what renders Flask-WTF's or Flask-SeaSurf's token:
// csrf_token(), form.csrf_token, form.hidden_tag(), Flask-Bootstrap's
// quick_form and Bootstrap-Flask's render_form (which render the whole
// form with its hidden fields), or a hidden input named like a CSRF token.
var tokenRE = regexp.MustCompile(`csrf_token\s*\(|\.\s*csrf_token\b|hidden_tag\s*\(|` +
	`\bquick_form\s*\(|\brender_form\s*\(|(?i:\bname\s*=\s*["']?[\w-]*csrf)`)

// spanToken returns what renders a token inside a span of t: the token
// itself, a macro call that renders one, an include of a template that
// does, or a loop over a form's fields (which include csrf_token).
func (ts *TemplateSet) spanToken(t *Template, s span, depth int) string {
	if depth > maxTemplateDepth {
		return ""
	}
	key := spanKey{t, s}
	if via, ok := ts.memo[key]; ok {
		return via
	}
	ts.memo[key] = "" // a cycle finds nothing
	via := ts.searchSpan(t, s, depth)
	ts.memo[key] = via
	return via
}

// searchSpan does the work of spanToken.
func (ts *TemplateSet) searchSpan(t *Template, s span, depth int) string {
	if loc := tokenRE.FindStringIndex(t.html[s.start:s.end]); loc != nil {
		return strings.TrimSpace(t.html[s.start+loc[0] : s.start+loc[1]])
	}
	for _, l := range t.loops {
		if s.contains(l.start) {
			return "a loop over the form's fields"
		}
	}
	for _, e := range t.exprs {
		if !s.contains(e.start) {
			continue
		}
		for _, call := range callRE.FindAllStringSubmatch(t.html[e.start:e.end], -1) {
			if ts.macroToken(t, call[1], depth) {
				return "macro " + call[1]
			}
		}
	}
	for _, l := range t.Links {
		if l.Kind != "include" || !s.contains(l.pos) {
			continue
		}
		for _, target := range l.Targets {
			if ts.spanToken(target, span{0, len(target.html)}, depth+1) != "" {
				return "include " + l.Name
			}
		}
	}
	return ""
}

// callRE finds the names called in an expression: `name(` or
// `alias.name(`.
var callRE = regexp.MustCompile(`([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\s*\(`)

// macroToken reports whether a name called in t is a macro that renders a
// token: one defined in t or a template it extends, or imported with
// {% import ... as alias %} or {% from ... import name %}.
func (ts *TemplateSet) macroToken(t *Template, name string, depth int) bool {
	for _, owner := range t.lineage() {
		for _, m := range ts.resolveMacro(owner, name) {
			if ts.spanToken(m.t, m.macro.span, depth+1) != "" {
				return true
			}
		}
	}
	return false
}

// foundMacro is a macro and the template defining it.
type foundMacro struct {
	t     *Template
	macro *templateMacro
}

// resolveMacro finds the macros a name called in t refers to.
func (ts *TemplateSet) resolveMacro(t *Template, name string) []foundMacro {
	alias, member, dotted := strings.Cut(name, ".")
	var out []foundMacro
	if !dotted {
		out = append(out, t.macro(name)...)
	}
	for _, l := range t.Links {
		for _, target := range l.Targets {
			switch {
			case l.Kind == "import" && dotted && l.Alias == alias:
				out = append(out, target.macro(member)...)
			case l.Kind == "from" && !dotted && l.Imports[name] != "":
				out = append(out, target.macro(l.Imports[name])...)
			}
		}
	}
	return out
}

// macro returns t's macros with a name.
func (t *Template) macro(name string) []foundMacro {
	var out []foundMacro
	for _, m := range t.macros {
		if m.name == name {
			out = append(out, foundMacro{t, m})
		}
	}
	return out
}

// lineage returns t and the templates it extends, nearest first.
func (t *Template) lineage() []*Template {
	out := []*Template{t}
	for i := 0; i < len(out) && i < maxTemplateDepth; i++ {
		for _, l := range out[i].Links {
			if l.Kind == "extends" {
				for _, target := range l.Targets {
					out = appendOnce(out, target)
				}
			}
		}
	}
	return out
}

// blockToken looks at the {% block %}s inside a form body: a template
// that extends t may fill one with the token.
func (ts *TemplateSet) blockToken(t *Template, body span) string {
	for _, b := range t.blocks {
		if !body.contains(b.start) {
			continue
		}
		for _, d := range t.descendants() {
			for _, db := range d.blocks {
				if db.name != b.name {
					continue
				}
				if via := ts.spanToken(d, db.span, 1); via != "" {
					return via + " in block " + b.name + " of " + d.File.Path
				}
			}
		}
	}
	return ""
}

// descendants returns the templates that extend t, at any depth.
func (t *Template) descendants() []*Template {
	out := slices.Clone(t.children)
	for i := 0; i < len(out) && i < 64; i++ {
		for _, c := range out[i].children {
			out = appendOnce(out, c)
		}
	}
	return out
}

// callsCaller reports whether a span renders `caller()`: the content of a
// {% call %} block, which the scan does not follow.
func (t *Template) callsCaller(s span) bool {
	for _, e := range t.exprs {
		if s.contains(e.start) && strings.Contains(t.html[e.start:e.end], "caller(") {
			return true
		}
	}
	return false
}

// tokenLines finds the lines where t puts a token on the page outside any
// form and macro: the token itself, or a call of a macro that renders one.
func (ts *TemplateSet) tokenLines(t *Template) []int {
	var out []int
	for _, loc := range tokenRE.FindAllStringIndex(t.html, -1) {
		if t.outsideFormsAndMacros(loc[0]) {
			out = append(out, textLine(t.html, loc[0]))
		}
	}
	for _, e := range t.exprs {
		if !t.outsideFormsAndMacros(e.start) {
			continue
		}
		for _, call := range callRE.FindAllStringSubmatch(t.html[e.start:e.end], -1) {
			if ts.macroToken(t, call[1], 0) {
				out = append(out, textLine(t.html, e.start))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// outsideFormsAndMacros reports whether an offset is in no form body and
// no macro definition.
func (t *Template) outsideFormsAndMacros(off int) bool {
	for _, f := range t.Forms {
		if f.body.contains(off) {
			return false
		}
	}
	for _, m := range t.macros {
		if m.contains(off) {
			return false
		}
	}
	return true
}

// PageToken returns a template of t's page that puts a CSRF token on the
// page outside forms, and the line, or nil. The page is t, the templates
// it extends, the templates that include or import it (and what those
// extend), and what those include outside forms: a partial included
// inside a form renders its token there, not for the page's scripts.
func (ts *TemplateSet) PageToken(t *Template) (*Template, int) {
	page := []*Template{t}
	for i := 0; i < len(page) && i < 256; i++ {
		for _, l := range page[i].Links {
			if l.Kind == "extends" {
				for _, target := range l.Targets {
					page = appendOnce(page, target)
				}
			}
		}
		for _, u := range page[i].users {
			page = appendOnce(page, u)
		}
	}
	for i := 0; i < len(page) && i < 256; i++ {
		for _, l := range page[i].Links {
			if l.Kind == "include" && page[i].outsideFormsAndMacros(l.pos) {
				for _, target := range l.Targets {
					page = appendOnce(page, target)
				}
			}
		}
	}
	for _, p := range page {
		if len(p.TokenLines) > 0 {
			return p, p.TokenLines[0]
		}
	}
	return nil, 0
}

// scanTemplate reads one template's links, macros, blocks, expressions
// and forms.
func scanTemplate(o *parser.OtherFile) *Template {
	t := &Template{File: o}
	t.jinja = blankJinjaComments(string(o.Src))
	t.html = blankHTMLComments(t.jinja)
	t.rawText = rawTextSpans(t.html)
	t.readStatements()
	t.readExpressions()
	t.readForms()
	return t
}

// blank replaces s[from:to] with spaces, keeping line breaks, so that
// offsets and line numbers stay where they were.
func blank(b []byte, from, to int) {
	for i := from; i < to && i < len(b); i++ {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
}

var (
	rawOpenRE  = regexp.MustCompile(`\{%[-+]?\s*raw\s*[-+]?%\}`)
	rawCloseRE = regexp.MustCompile(`\{%[-+]?\s*endraw\s*[-+]?%\}`)
)

// blankJinjaComments blanks {# ... #} comments and {% raw %} blocks,
// whichever opens first, in one pass.
func blankJinjaComments(src string) string {
	b := []byte(src)
	for i := 0; i < len(src); {
		comment := strings.Index(src[i:], "{#")
		raw := rawOpenRE.FindStringIndex(src[i:])
		switch {
		case comment < 0 && raw == nil:
			return string(b)
		case raw == nil || (comment >= 0 && comment < raw[0]):
			start := i + comment
			end := closeAfter(src, start+2, "#}")
			blank(b, start, end)
			i = end
		default:
			start := i + raw[1]
			end := len(src)
			if c := rawCloseRE.FindStringIndex(src[start:]); c != nil {
				end = start + c[0]
			}
			blank(b, start, end)
			i = end
		}
	}
	return string(b)
}

// closeAfter returns the offset just past the first closer at or after
// from, or the end of s when it is never closed.
func closeAfter(s string, from int, closer string) int {
	if j := strings.Index(s[from:], closer); j >= 0 {
		return from + j + len(closer)
	}
	return len(s)
}

// blankHTMLComments blanks <!-- ... --> comments: a form in one is not on
// the page. Jinja statements in them still run, so links are read before.
func blankHTMLComments(src string) string {
	b := []byte(src)
	for i := 0; ; {
		j := strings.Index(src[i:], "<!--")
		if j < 0 {
			return string(b)
		}
		start := i + j
		end := closeAfter(src, start+4, "-->")
		blank(b, start, end)
		i = end
	}
}

// rawTextRE finds the elements whose content is not HTML.
var rawTextRE = regexp.MustCompile(`(?i)<(script|style)\b[^>]*>`)

// rawTextSpans finds the contents of <script> and <style> elements: a
// "<form" in a script string is not a form of the page.
func rawTextSpans(html string) []span {
	var out []span
	for i := 0; i < len(html); {
		loc := rawTextRE.FindStringSubmatchIndex(html[i:])
		if loc == nil {
			break
		}
		start := i + loc[1]
		closer := "</" + strings.ToLower(html[i+loc[2]:i+loc[3]])
		end := len(html)
		if j := strings.Index(strings.ToLower(html[start:]), closer); j >= 0 {
			end = start + j
		}
		out = append(out, span{start, end})
		i = end
	}
	return out
}

// stmtRE finds Jinja statements and captures the keyword and arguments.
var stmtRE = regexp.MustCompile(`(?s)\{%[-+]?\s*([a-z_]+)(.*?)[-+]?%\}`)

// stringRE finds the string literals of a statement.
var stringRE = regexp.MustCompile(`"([^"]*)"|'([^']*)'`)

// readStatements reads links, macros, blocks, call blocks and loops.
func (t *Template) readStatements() {
	var macros, blocks []*templateMacro
	for _, loc := range stmtRE.FindAllStringSubmatchIndex(t.jinja, -1) {
		kind, args := t.jinja[loc[2]:loc[3]], t.jinja[loc[4]:loc[5]]
		switch kind {
		case "extends", "include", "import", "from":
			t.addLinks(kind, args, loc[0])
		case "macro", "block":
			open := &templateMacro{name: firstWord(args), span: span{loc[1], len(t.jinja)}}
			if kind == "macro" {
				macros = append(macros, open)
			} else {
				blocks = append(blocks, open)
			}
		case "endmacro":
			macros = t.closeMacro(macros, loc[0])
		case "endblock":
			blocks = t.closeBlock(blocks, loc[0])
		case "call":
			t.exprs = append(t.exprs, span{loc[0], loc[1]})
		case "for":
			if formLoopRE.MatchString(args) {
				t.loops = append(t.loops, span{loc[0], loc[1]})
			}
		}
	}
}

// formLoopRE recognises `for field in form`: iterating a FlaskForm yields
// its csrf_token field too.
var formLoopRE = regexp.MustCompile(`^\s*\w+\s+in\s+\w*form\w*\s*$`)

// closeMacro ends the innermost open macro at an {% endmacro %}.
func (t *Template) closeMacro(open []*templateMacro, at int) []*templateMacro {
	if len(open) == 0 {
		return open
	}
	m := open[len(open)-1]
	m.end = at
	t.macros = append(t.macros, m)
	return open[:len(open)-1]
}

// closeBlock ends the innermost open block at an {% endblock %}.
func (t *Template) closeBlock(open []*templateMacro, at int) []*templateMacro {
	if len(open) == 0 {
		return open
	}
	b := open[len(open)-1]
	t.blocks = append(t.blocks, &templateBlock{name: b.name, span: span{b.start, at}})
	return open[:len(open)-1]
}

// firstWord returns the leading identifier of a statement's arguments.
func firstWord(args string) string {
	args = strings.TrimSpace(args)
	end := strings.IndexFunc(args, func(r rune) bool {
		word := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
		return !word
	})
	if end < 0 {
		return args
	}
	return args[:end]
}

// importAsRE reads `"x" as alias` and fromImportRE the names of
// `from "x" import a, b as c`.
var (
	importAsRE   = regexp.MustCompile(`\bas\s+(\w+)`)
	fromImportRE = regexp.MustCompile(`(?s)\bimport\s+(.*)$`)
	contextRE    = regexp.MustCompile(`\s+(with|without)\s+context\s*$`)
)

// addLinks records the template names a linking statement mentions. An
// include may list several names; every literal counts.
func (t *Template) addLinks(kind, args string, pos int) {
	line := textLine(t.jinja, pos)
	names := stringRE.FindAllStringSubmatch(args, -1)
	for i, m := range names {
		if kind != "include" && i > 0 {
			break
		}
		l := &TemplateLink{Kind: kind, Name: m[1] + m[2], Line: line, pos: pos}
		switch kind {
		case "import":
			if a := importAsRE.FindStringSubmatch(args); a != nil {
				l.Alias = a[1]
			}
		case "from":
			l.Imports = fromImports(args)
		}
		t.Links = append(t.Links, l)
	}
}

// fromImports maps the local names of `from "x" import a, b as c` to the
// macro names.
func fromImports(args string) map[string]string {
	out := map[string]string{}
	m := fromImportRE.FindStringSubmatch(args)
	if m == nil {
		return out
	}
	list := contextRE.ReplaceAllString(m[1], "")
	for _, item := range strings.Split(list, ",") {
		fields := strings.Fields(item)
		switch {
		case len(fields) == 1:
			out[fields[0]] = fields[0]
		case len(fields) == 3 && fields[1] == "as":
			out[fields[2]] = fields[0]
		}
	}
	return out
}

// exprRE finds {{ ... }} expressions.
var exprRE = regexp.MustCompile(`(?s)\{\{.*?\}\}`)

// readExpressions records every {{ ... }} expression outside HTML
// comments: what Jinja renders inside one never reaches the form.
func (t *Template) readExpressions() {
	for _, loc := range exprRE.FindAllStringIndex(t.html, -1) {
		t.exprs = append(t.exprs, span{loc[0], loc[1]})
	}
	slices.SortFunc(t.exprs, func(a, b span) int { return a.start - b.start })
}

// formOpenRE and formCloseRE find form tags.
var (
	formOpenRE  = regexp.MustCompile(`(?i)<form\b`)
	formCloseRE = regexp.MustCompile(`(?i)</form\s*>`)
)

// readForms finds the <form> tags outside scripts and styles.
func (t *Template) readForms() {
	for _, loc := range formOpenRE.FindAllStringIndex(t.html, -1) {
		if t.inRawText(loc[0]) {
			continue
		}
		t.Forms = append(t.Forms, t.readForm(loc[0], loc[1]))
	}
}

// inRawText reports whether an offset is inside a script or style.
func (t *Template) inRawText(off int) bool {
	for _, s := range t.rawText {
		if s.contains(off) {
			return true
		}
	}
	return false
}

// readForm reads one form's attributes and finds its body: up to
// </form>, which must come before the end of the macro around the tag.
func (t *Template) readForm(start, nameEnd int) *Form {
	attrs, tagEnd := readAttributes(t.html, nameEnd)
	form := &Form{Template: t, Line: textLine(t.html, start)}
	form.Method = formMethod(attrs)
	form.Action = attrs.values["action"]
	form.External = isExternalURL(form.Action)
	if m := urlForRE.FindStringSubmatch(form.Action); m != nil {
		form.Endpoint = m[1]
	}
	limit := len(t.html)
	for _, m := range t.macros {
		if m.contains(start) {
			form.InMacro = true
			limit = min(limit, m.end)
		}
	}
	form.body = span{tagEnd, limit}
	form.open = true
	if loc := formCloseRE.FindStringIndex(t.html[tagEnd:limit]); loc != nil {
		form.body.end = tagEnd + loc[0]
		form.open = false
	}
	return form
}

// urlForRE reads the endpoint of `{{ url_for("bp.view", ...) }}`.
var urlForRE = regexp.MustCompile(`url_for\(\s*["']([^"']+)["']`)

// formMethod reads the method: "GET" when absent, "" when a Jinja
// statement or a bare expression in the tag may set it.
func formMethod(a tagAttributes) string {
	m, ok := a.values["method"]
	switch {
	case ok && strings.Contains(m, "{{"):
		return ""
	case ok:
		return strings.ToUpper(strings.TrimSpace(m))
	case a.dynamic:
		return ""
	}
	return "GET"
}

// isExternalURL reports whether an action is an absolute URL literal.
func isExternalURL(action string) bool {
	a := strings.ToLower(strings.TrimSpace(action))
	if strings.HasPrefix(a, "{{") {
		return false
	}
	return strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://") ||
		strings.HasPrefix(a, "//")
}

// tagAttributes are the literal attributes of a start tag, lower-cased
// names to values as written; dynamic is set when a Jinja statement or a
// bare expression in the tag may add attributes the scan cannot see.
type tagAttributes struct {
	values  map[string]string
	dynamic bool
}

// readAttributes reads a start tag's attributes from just after its name
// and returns them with the offset just past the closing '>'.
func readAttributes(s string, i int) (tagAttributes, int) {
	a := tagAttributes{values: map[string]string{}}
	for i < len(s) {
		switch {
		case s[i] == '>':
			return a, i + 1
		case isSpace(s[i]) || s[i] == '/':
			i++
		case strings.HasPrefix(s[i:], "{{") || strings.HasPrefix(s[i:], "{%"):
			i = skipJinja(s, i)
			a.dynamic = true
		default:
			var name, value string
			name, value, i = readAttribute(s, i)
			if _, seen := a.values[name]; !seen && name != "" {
				a.values[name] = value // the first of two equal attributes wins
			}
		}
	}
	return a, len(s)
}

// readAttribute reads one `name`, `name=value`, `name="value"` pair.
func readAttribute(s string, i int) (name, value string, next int) {
	start := i
	for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '>' &&
		!strings.HasPrefix(s[i:], "{{") && !strings.HasPrefix(s[i:], "{%") {
		i++
	}
	name = strings.ToLower(s[start:i])
	if i == start {
		return "", "", i + 1 // a stray character; move on
	}
	j := i
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	if j >= len(s) || s[j] != '=' {
		return name, "", i
	}
	j++
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	value, next = readValue(s, j)
	return name, value, next
}

// readValue reads a quoted or unquoted attribute value; {{ ... }} inside
// it is one unit, so quotes in a Jinja expression do not end the value.
func readValue(s string, i int) (string, int) {
	quote := byte(0)
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		quote = s[i]
		i++
	}
	start := i
	for i < len(s) {
		switch {
		case strings.HasPrefix(s[i:], "{{") || strings.HasPrefix(s[i:], "{%"):
			i = skipJinja(s, i)
			continue
		case quote != 0 && s[i] == quote:
			return s[start:i], i + 1
		case quote == 0 && (isSpace(s[i]) || s[i] == '>'):
			return s[start:i], i
		}
		i++
	}
	return s[start:], len(s)
}

// skipJinja returns the offset just past the {{ ... }} or {% ... %} that
// starts at i.
func skipJinja(s string, i int) int {
	closer := "}}"
	if s[i+1] == '%' {
		closer = "%}"
	}
	return closeAfter(s, i+2, closer)
}

// isSpace reports whether b is HTML white space.
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f'
}

// textLine returns the 1-based line of an offset in a string.
func textLine(s string, off int) int {
	return strings.Count(s[:min(off, len(s))], "\n") + 1
}
