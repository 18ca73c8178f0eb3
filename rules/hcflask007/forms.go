package hcflask007

import (
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// checksOnlyMarkedViews reports whether production may run with
// WTF_CSRF_CHECK_DEFAULT off, when CSRFProtect checks only the views that
// call csrf.protect(): a form without a token may then work.
func (c *checker) checksOnlyMarkedViews() bool {
	for _, s := range c.cm.ProductionSettings("WTF_CSRF_CHECK_DEFAULT") {
		if truthy, known := s.Value.Truth(); !known || !truthy {
			return true
		}
	}
	return false
}

// checkTemplateForms reports POST forms without a token in the templates
// the app renders, while a CSRF extension rejects every POST without one.
func (c *checker) checkTemplateForms() {
	ts := c.p.Templates()
	e := c.prot.enforced
	bind := productionBind(e)
	for _, t := range ts.Templates {
		if !t.Rendered() {
			continue
		}
		for _, form := range t.Forms {
			if form.Method != "POST" || form.External || form.Token != model.TokenMissing ||
				c.exempt(form) {
				continue
			}
			if page, _ := ts.PageToken(t); page != nil {
				continue // page scripts may send the token with the form
			}
			rv := t.RenderedVia
			c.pass.ReportLine(t.File, form.Line, formMessage(e),
				rule.At(bind.File(), bind.Node, "%s is bound to the app here", extensionName(e)),
				rule.At(rv.File(), rv.Node, "the page is rendered here"))
		}
	}
}

// formMessage says what happens to a form without a token and what to add.
func formMessage(e *model.Extension) string {
	if e.Kind == model.ExtSeaSurf {
		return `<form method="post"> has no CSRF token, but SeaSurf checks every POST, so ` +
			`submitting it fails with 403 Forbidden; add <input type="hidden" ` +
			`name="_csrf_token" value="{{ csrf_token() }}"> inside the form`
	}
	return `<form method="post"> has no CSRF token, but CSRFProtect checks every POST, so ` +
		`submitting it fails with "The CSRF token is missing"; add {{ form.hidden_tag() }} ` +
		`or <input type="hidden" name="csrf_token" value="{{ csrf_token() }}"> inside the form`
}

// productionBind returns the first call that binds an extension to an app
// in production code.
func productionBind(e *model.Extension) model.Ref {
	for _, b := range e.Binds {
		if model.BranchEnvironment(b.Module, b.Node).ReachesProduction() {
			return b
		}
	}
	return e.Ref
}

// exempt reports whether a form posts to a view exempted from the check:
// its url_for endpoint names an exempted view or blueprint, or, with no
// action, the view that renders the page is exempted.
func (c *checker) exempt(form *model.Form) bool {
	pr := c.prot
	if ep := form.Endpoint; ep != "" {
		bp, view, dotted := strings.Cut(ep, ".")
		if !dotted {
			bp, view = "", ep
		}
		return pr.exemptEndpoints[ep] || pr.exemptViews[view] ||
			(bp != "" && pr.exemptBlueprints[bp])
	}
	if strings.TrimSpace(form.Action) != "" {
		return false
	}
	rv := form.Template.RenderedVia
	f := rv.File()
	def := f.Enclosing(rv.Node, "function_definition")
	return def != parser.NoNode && pr.exemptViews[f.Text(f.Field(def, "name"))]
}
