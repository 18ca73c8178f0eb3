// Package hcflask007 flags broken CSRF handling: CSRF protection turned
// off in the production configuration, views that change state for a
// logged-in user from request.form in an app with no CSRF protection at
// all, and POST forms in rendered templates that carry no token while
// CSRFProtect rejects every POST without one.
package hcflask007

import (
	_ "embed"
	"strings"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-007",
	Slug:             "csrf-protection-broken",
	Title:            "CSRF protection missing, disabled or breaking form posts",
	Severity:         lint.SeverityError,
	Confidence:       lint.ConfidenceMedium,
	CWE:              []int{352},
	SecuritySeverity: 6.5,
	Tags:             []string{"security", "configuration", "templates"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-007.
var Rule = rule.New(&meta, check)

// checker is one run of the rule.
type checker struct {
	pass *rule.Pass
	p    *model.Project
	cm   *model.ConfigModel
	prot *protection
}

// check runs the three checks. They never report the same defect twice:
// forms are only judged while protection is on and not disabled, views
// only when the app has no protection at all.
func check(pass *rule.Pass) {
	c := &checker{pass: pass, p: pass.Project, cm: pass.Project.Config()}
	c.prot = findProtection(c.p)
	disabled := c.checkDisabled()

	switch {
	case !c.prot.any():
		c.checkUnprotectedViews()
	case c.prot.enforced != nil && !disabled && !c.checksOnlyMarkedViews():
		c.checkTemplateForms()
	}
}

// protection is what the project does against CSRF.
type protection struct {
	exts     []*model.Extension // CSRFProtect and SeaSurf objects outside tests
	enforced *model.Extension   // one of them bound to an app in production code
	manual   []model.Ref        // validate_csrf calls, csrf.protect() calls
	hooks    []model.Ref        // before_request hooks that check a CSRF token by hand
	// Exempted views by function name, blueprints by name, and endpoints
	// given as strings to csrf.exempt(...).
	exemptViews, exemptBlueprints, exemptEndpoints map[string]bool
}

// any reports whether the project protects against CSRF anywhere.
func (pr *protection) any() bool {
	return len(pr.exts) > 0 || len(pr.manual) > 0 || len(pr.hooks) > 0
}

// manualChecks are Flask-WTF's function for checking a token by hand.
var manualChecks = []string{"flask_wtf.csrf.validate_csrf"}

// findProtection collects the CSRF extensions, manual checks, hand-written
// hooks and exemptions of the project.
func findProtection(p *model.Project) *protection {
	pr := &protection{
		exemptViews: map[string]bool{}, exemptBlueprints: map[string]bool{},
		exemptEndpoints: map[string]bool{},
	}
	for _, e := range p.Extensions(model.ExtCSRF, model.ExtSeaSurf) {
		if e.Module.IsTestFile() {
			continue
		}
		pr.exts = append(pr.exts, e)
		if pr.enforced == nil && boundInProduction(e) {
			pr.enforced = e
		}
		pr.manual = append(pr.manual, p.Calls(extensionMethod(e, "protect")...)...)
		pr.readExemptions(p, e)
	}
	for _, call := range p.Calls(manualChecks...) {
		if !call.Module.IsTestFile() {
			pr.manual = append(pr.manual, call)
		}
	}
	pr.hooks = csrfHooks(p)
	return pr
}

// boundInProduction reports whether an extension is bound to an app by
// code that runs in production.
func boundInProduction(e *model.Extension) bool {
	for _, b := range e.Binds {
		if model.BranchEnvironment(b.Module, b.Node).ReachesProduction() {
			return true
		}
	}
	return false
}

// extensionMethod returns the qualified names of a method called on an
// extension's variable, from its own module or imported elsewhere.
func extensionMethod(e *model.Extension, method string) []string {
	if e.Var == "" {
		return nil
	}
	names := []string{e.Module.Name + "." + e.Var + "." + method}
	if e.Module.Name == "" {
		names[0] = e.Var + "." + method
	}
	return append(names, e.Var+"."+method)
}

// readExemptions records `@csrf.exempt` views and `csrf.exempt(x)` calls.
func (pr *protection) readExemptions(p *model.Project, e *model.Extension) {
	for _, call := range p.Calls(extensionMethod(e, "exempt")...) {
		f := call.File()
		for _, arg := range model.PositionalArgs(f, call.Node) {
			if s, ok := f.StringValue(arg); ok {
				pr.exemptEndpoints[s] = true
				continue
			}
			pr.exemptViews[f.Text(arg)] = true
			if bp := blueprintNamed(p, call.Module, arg); bp != nil {
				pr.exemptBlueprints[bp.Name] = true
			}
		}
	}
	exempt := extensionMethod(e, "exempt")
	for _, ref := range p.Names(exempt...) {
		f := ref.File()
		if dec := f.Parent(ref.Node); f.Is(dec, "decorator") {
			def := f.Field(f.Parent(dec), "definition")
			pr.exemptViews[f.Text(f.Field(def, "name"))] = true
		}
	}
}

// blueprintNamed returns the blueprint a name refers to, or nil.
func blueprintNamed(p *model.Project, m *model.Module, n parser.NodeID) *model.Blueprint {
	q := p.QualifiedName(m, n)
	for _, bp := range p.Blueprints {
		if bp.Var != "" && (q == bp.Module.Name+"."+bp.Var || (bp.Module == m && bp.Var == q)) {
			return bp
		}
	}
	return nil
}

// hookMethods register a function that runs before every request.
var hookMethods = map[string]bool{"before_request": true, "before_app_request": true}

// csrfHooks finds before_request hooks outside tests whose code mentions
// a CSRF token: the hand-written check Flask's old snippets teach.
func csrfHooks(p *model.Project) []model.Ref {
	var out []model.Ref
	for _, m := range p.Modules {
		if m.IsTestFile() {
			continue
		}
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if !f.Is(n, "decorator") || !hookMethods[decoratorMethod(f, n)] {
				return true
			}
			def := f.Field(f.Parent(n), "definition")
			if mentionsCSRF(f, def) {
				out = append(out, model.Ref{Module: m, Node: def})
			}
			return false
		})
	}
	return out
}

// mentionsCSRF reports whether a name or string in the code under n
// mentions a CSRF token. Comments do not count: "# no CSRF here" is not a
// check.
func mentionsCSRF(f *parser.File, n parser.NodeID) bool {
	found := false
	f.Walk(n, func(x parser.NodeID) bool {
		if f.Is(x, "identifier", "string_content") {
			found = strings.Contains(strings.ToLower(f.Text(x)), "csrf")
		}
		return !found
	})
	return found
}

// decoratorMethod returns the attribute name of `@x.name` or `@x.name()`.
func decoratorMethod(f *parser.File, dec parser.NodeID) string {
	n := firstChild(f, dec)
	if f.Is(n, "call") {
		n = f.Field(n, "function")
	}
	if !f.Is(n, "attribute") {
		return ""
	}
	return f.Text(f.Field(n, "attribute"))
}

// firstChild returns the first named child of n, or NoNode.
func firstChild(f *parser.File, n parser.NodeID) parser.NodeID {
	if kids := f.NamedChildren(n); len(kids) > 0 {
		return kids[0]
	}
	return parser.NoNode
}

// extensionName names an extension's class for messages.
func extensionName(e *model.Extension) string {
	if e.Kind == model.ExtSeaSurf {
		return "SeaSurf"
	}
	return "CSRFProtect"
}
