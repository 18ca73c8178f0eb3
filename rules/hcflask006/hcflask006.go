// Package hcflask006 flags CORS set up to allow credentialed requests from
// any origin: Flask-CORS's CORS(...) or @cross_origin(...) with
// supports_credentials and a wildcard or default origin (in keyword
// arguments, resources= or the CORS_* configuration keys), and
// after_request hooks that echo the request's Origin back unchecked, or
// send "*", together with Access-Control-Allow-Credentials: true.
package hcflask006

import (
	_ "embed"
	"fmt"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/rules/rule"
)

//go:embed doc.md
var doc string

var meta = lint.Meta{
	ID:               "HC-FLASK-006",
	Slug:             "cors-credentials-any-origin",
	Title:            "CORS allows credentialed requests from any origin",
	Severity:         lint.SeverityError,
	Confidence:       lint.ConfidenceHigh,
	CWE:              []int{942, 346},
	SecuritySeverity: 7.5,
	Tags:             []string{"security", "configuration"},
	Status:           "stable",
	Since:            "0.1.0",
	Doc:              doc,
}

// Rule is HC-FLASK-006.
var Rule = rule.New(&meta, check)

// corsDecorators are Flask-CORS's per-view decorator.
var corsDecorators = []string{"flask_cors.cross_origin", "flask_cors.decorator.cross_origin"}

// checker is one run of the rule.
type checker struct {
	pass     *rule.Pass
	p        *model.Project
	config   corsOptions // what the production configuration sets
	opaque   bool        // configuration comes from somewhere the model cannot read
	reported map[model.Ref]bool
}

// check judges every Flask-CORS extension and decorator outside tests and
// development branches, then the hand-written after_request hooks.
func check(pass *rule.Pass) {
	c := &checker{pass: pass, p: pass.Project, reported: map[model.Ref]bool{}}
	cm := c.p.Config()
	c.config = c.configOptions(cm)
	c.opaque = len(cm.Opaque) > 0

	for _, e := range c.p.Extensions(model.ExtCORS) {
		c.checkExtension(e)
	}
	for _, call := range c.p.Calls(corsDecorators...) {
		if reachesProduction(call) {
			c.judge(call, "@cross_origin(...)", c.callOptions(call))
		}
	}
	c.checkHooks()
}

// reachesProduction reports whether code at r can run in production: not
// in a test file and not inside a development or testing branch.
func reachesProduction(r model.Ref) bool {
	return model.BranchEnvironment(r.Module, r.Node).ReachesProduction()
}

// checkExtension merges the options of a CORS(...) object with those of
// each init_app call that binds it, and judges each binding.
func (c *checker) checkExtension(e *model.Extension) {
	if !reachesProduction(e.Ref) {
		return
	}
	ctor := c.callOptions(e.Ref)
	if len(e.Binds) == 0 {
		c.judge(e.Ref, "CORS(...)", ctor)
		return
	}
	for _, b := range e.Binds {
		if !reachesProduction(b) {
			continue
		}
		if b == e.Ref {
			c.judge(b, "CORS(...)", ctor)
			continue
		}
		c.judge(b, e.Var+".init_app(...)", ctor.with(c.callOptions(b)))
	}
}

// judge merges a site's options over the production configuration and
// judges them, once per resource when resources= is a dictionary literal.
func (c *checker) judge(site model.Ref, name string, call corsOptions) {
	opts := c.config.with(call)
	if opts.resourcesUnknown {
		return // per-path options the rule cannot read may narrow the origins
	}
	if opts.resources.Module == nil {
		c.judgeOne(site, name, opts)
		return
	}
	f := opts.resources.File()
	for _, pair := range f.NamedChildren(opts.resources.Node) {
		if v := f.Field(pair, "value"); f.Is(pair, "pair") && f.Is(v, "dictionary") {
			c.judgeOne(site, name, opts.with(c.dictOptions(opts.resources.Module, v)))
		}
	}
}

// judgeOne reports options that allow credentials with any origin. An
// unset origins option means "*" only when nothing unseen could set it.
func (c *checker) judgeOne(site model.Ref, name string, o corsOptions) {
	if o.credentials.state != stateOn || o.sendWildcard.state == stateOn {
		return // send_wildcard with credentials makes Flask-CORS refuse to start
	}
	origins := o.origins.where
	switch {
	case o.origins.state == stateOn:
	case o.origins.state == stateUnset && !o.splat && !c.opaque:
		origins = `origins not set, so "*"`
	default:
		return
	}

	at := site
	cr := o.credentials.ref
	if cr.Module == site.Module && site.File().Contains(site.Node, cr.Node) {
		at = cr
	}
	if c.reported[at] {
		return
	}
	c.reported[at] = true

	msg := fmt.Sprintf("%s allows credentialed requests from any origin (%s; %s): Flask-CORS "+
		"echoes each caller's Origin back with Access-Control-Allow-Credentials: true, so any "+
		"website can read responses with the user's cookies; set origins to the sites you trust",
		name, o.credentials.where, origins)
	c.pass.ReportNode(at.File(), at.Node, msg, relatedOptions(o, at)...)
}

// relatedOptions points at the credentials and origins options written
// elsewhere than the reported node.
func relatedOptions(o corsOptions, at model.Ref) []rule.Related {
	var out []rule.Related
	if r := o.credentials.ref; r.Module != nil && r != at {
		out = append(out, rule.At(r.File(), r.Node, "credentials are allowed here"))
	}
	if r := o.origins.ref; o.origins.state == stateOn && r.Module != nil && r != at {
		out = append(out, rule.At(r.File(), r.Node, "every origin is allowed here"))
	}
	return out
}
