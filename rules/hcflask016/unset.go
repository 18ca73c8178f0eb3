package hcflask016

import (
	"fmt"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// key is the configuration key this rule is about.
const key = "MAX_CONTENT_LENGTH"

// adviceSize is the example limit the messages suggest.
const adviceSize = "16 * 1024 * 1024"

// uploadRefs returns the uses of request.files outside test code and
// import statements: the views that accept file uploads.
func uploadRefs(p *model.Project) []model.Ref {
	var out []model.Ref
	for _, r := range p.Names("flask.request.files") {
		f := r.File()
		if r.Module.IsTestFile() ||
			f.Enclosing(r.Node, "import_statement", "import_from_statement") != parser.NoNode {
			continue
		}
		out = append(out, r)
	}
	return out
}

// coverage is what the production settings of MAX_CONTENT_LENGTH say.
type coverage struct {
	everywhere bool                        // set for every configuration
	setFor     map[*model.ConfigClass]bool // production classes that set a limit
	noneFor    map[*model.ConfigClass]bool // classes whose value is None (reported)
}

// checkUnset reports None values of MAX_CONTENT_LENGTH in production, and
// production configurations that never set it, in a project that accepts
// uploads.
func checkUnset(pass *rule.Pass, uploads []model.Ref) {
	p := pass.Project
	cfg := p.Config()
	related := rule.At(uploads[0].File(), uploads[0].Node,
		"the app reads uploaded files from request.files here")

	cov := reportNones(pass, cfg, related)
	if cov.everywhere || len(cfg.Opaque) > 0 || limitedElsewhere(p) {
		return // a limit applies, or may come from what the model cannot read
	}

	prod := classesIn(cfg, model.EnvProduction)
	if len(prod) > 0 {
		reportClasses(pass, prod, cov, related)
		return
	}
	if loaded := loadedBaseClasses(cfg); len(loaded) > 0 {
		reportClasses(pass, loaded, cov, related)
		return
	}
	if len(cov.noneFor) == 0 {
		reportApps(pass, related)
	}
}

// reportNones reports every production MAX_CONTENT_LENGTH = None, which
// turns the limit off, and sums up where a limit is set.
func reportNones(pass *rule.Pass, cfg *model.ConfigModel, related rule.Related) coverage {
	cov := coverage{setFor: map[*model.ConfigClass]bool{}, noneFor: map[*model.ConfigClass]bool{}}
	seen := map[model.Ref]bool{}
	for _, s := range cfg.ProductionSettings(key) {
		if s.Value.Kind != model.ValueNone {
			if s.Config == nil || s.Config.Env != model.EnvProduction {
				cov.everywhere = true
			} else {
				cov.setFor[s.Config] = true
			}
			continue
		}
		if s.Config != nil {
			cov.noneFor[s.Config] = true
		} else {
			cov.noneFor[nil] = true
		}
		if ref := (model.Ref{Module: s.Module, Node: s.Node}); !seen[ref] {
			seen[ref] = true
			pass.ReportNode(s.Module.File, s.Node, fmt.Sprintf(
				"%s sets %s = None, which turns Flask's request body limit off while the "+
					"app accepts file uploads; set a size in bytes, e.g. %s",
				settingOwner(s), key, adviceSize), related)
		}
	}
	return cov
}

// settingOwner names where a setting is made, for messages: the class or
// settings module that assigns it, else the app's config.
func settingOwner(s model.Setting) string {
	if s.Class != nil {
		return s.Class.Name
	}
	return "app.config"
}

// reportClasses reports each configuration that production may run with
// and that sets no limit. A class whose production ancestor lacks the key
// too is left to that ancestor's finding, so one fix has one finding.
func reportClasses(pass *rule.Pass, classes []*model.ConfigClass, cov coverage,
	related rule.Related) {
	lacks := func(c *model.ConfigClass) bool {
		return !cov.setFor[c] && !cov.noneFor[c] && !hasUnseenBase(c)
	}
	for _, c := range classes {
		if !lacks(c) || lackingAncestor(c, classes, lacks) {
			continue
		}
		pass.ReportNode(c.Module.File, classSite(c), fmt.Sprintf(
			"%s never sets %s while the app accepts file uploads, so Flask reads request "+
				"bodies of any size; set %s = %s (or the largest upload you accept)",
			c.Name, key, key, adviceSize), related)
	}
}

// classSite is where a configuration is reported: a class's name, or the
// first statement of a settings module rather than the whole file.
func classSite(c *model.ConfigClass) parser.NodeID {
	if c.IsModule {
		if stmts := c.Module.File.NamedChildren(c.Node); len(stmts) > 0 {
			return stmts[0]
		}
	}
	return c.NameNode()
}

// lackingAncestor reports whether another class of the list that c
// inherits from lacks the key as well.
func lackingAncestor(c *model.ConfigClass, classes []*model.ConfigClass,
	lacks func(*model.ConfigClass) bool) bool {
	for _, other := range classes {
		if other != c && c.Inherits(other) && lacks(other) {
			return true
		}
	}
	return false
}

// hasUnseenBase reports whether a class inherits from a class outside the
// project, such as pydantic's BaseSettings, which may set the key.
func hasUnseenBase(c *model.ConfigClass) bool {
	for _, k := range c.MRO() {
		if len(k.UnresolvedBases) > 0 {
			return true
		}
	}
	return false
}

// classesIn returns the configuration classes classified env.
func classesIn(cfg *model.ConfigModel, env model.Environment) []*model.ConfigClass {
	var out []*model.ConfigClass
	for _, c := range cfg.Classes {
		if c.Env == env {
			out = append(out, c)
		}
	}
	return out
}

// loadedBaseClasses returns the unclassified configurations an app loads
// outside development and testing branches: with no production class,
// they are what production runs with.
func loadedBaseClasses(cfg *model.ConfigModel) []*model.ConfigClass {
	var out []*model.ConfigClass
	for _, c := range classesIn(cfg, model.EnvBase) {
		for _, l := range c.LoadedBy {
			if l.Env.ReachesProduction() && !l.Module.IsTestFile() {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// reportApps reports the apps of a project that configures them only
// through app.config and never sets the key.
func reportApps(pass *rule.Pass, related rule.Related) {
	for _, app := range pass.Project.Apps {
		if app.Module.IsTestFile() {
			continue
		}
		if env := model.BranchEnvironment(app.Module, app.Node); !env.ReachesProduction() {
			continue
		}
		pass.ReportNode(app.File(), app.Node, fmt.Sprintf(
			"the app never sets %s while it accepts file uploads, so Flask reads request "+
				"bodies of any size; set app.config[%q] = %s (or the largest upload you accept)",
			key, key, adviceSize), related)
	}
}

// limitedElsewhere reports whether the project bounds request bodies
// without the configuration key: Flask-Uploads' patch_request_class, a
// max_content_length set on the request or a Request subclass, or a view
// or hook that compares request.content_length with a limit.
func limitedElsewhere(p *model.Project) bool {
	if len(p.Calls("flask_uploads.patch_request_class")) > 0 {
		return true
	}
	for _, m := range p.Modules {
		if !m.IsTestFile() && limitedIn(p, m) {
			return true
		}
	}
	return false
}

// limitedIn looks for a max_content_length assignment (on an object, or
// as a class attribute of a Request subclass) or a comparison of
// request.content_length in one module.
func limitedIn(p *model.Project, m *model.Module) bool {
	f := m.File
	found := false
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		switch f.Kind(n) {
		case "assignment":
			found = found || setsMaxContentLength(f, n)
		case "comparison_operator":
			found = found || comparesContentLength(p, m, n)
		}
		return !found
	})
	return found
}

// setsMaxContentLength reports `x.max_content_length = ...`, and
// `max_content_length = ...` directly in a class body; a local variable of
// that name is not a limit.
func setsMaxContentLength(f *parser.File, assign parser.NodeID) bool {
	left := f.Field(assign, "left")
	if f.Is(left, "attribute") {
		return f.Text(f.Field(left, "attribute")) == "max_content_length"
	}
	if !f.Is(left, "identifier") || f.Text(left) != "max_content_length" {
		return false
	}
	stmt := f.Parent(assign)
	return f.Is(f.Parent(f.Parent(stmt)), "class_definition")
}

// comparesContentLength reports a comparison such as
// `request.content_length > LIMIT`; a test against None is not a limit.
func comparesContentLength(p *model.Project, m *model.Module, cmp parser.NodeID) bool {
	f := m.File
	reads, withNone := false, false
	for _, operand := range f.NamedChildren(cmp) {
		reads = reads || p.QualifiedName(m, operand) == "flask.request.content_length"
		withNone = withNone || f.Is(operand, "none")
	}
	return reads && !withNone
}
