package hcflask005

import (
	"fmt"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// literals reports production values of SECRET_KEY that are written in
// the repository: literals, literal fallbacks, and values of production
// files. Values of development and testing classes are HC-FLASK-004's
// business when production selects them.
func (r *reporter) literals(effs []model.Effective) {
	for _, eff := range effs {
		if s := eff.Setting; s != nil && s.Value.EnvVar != "" {
			r.reads[s.Value.EnvVar] = owner(&eff)
		}
		if eff.Config != nil && !eff.Config.Env.ReachesProduction() {
			continue
		}
		if eff.Value.Kind != model.ValueString || eff.Value.Str == "" || r.overridden(eff) {
			continue
		}
		switch {
		case eff.Var != nil:
			r.committed(eff.Var, owner(&eff))
		case eff.Default:
			r.fallback(eff)
		default:
			r.literal(eff)
		}
	}
}

// literal reports a literal secret key in production's configuration.
func (r *reporter) literal(eff model.Effective) {
	s := eff.Setting
	r.report(model.Origin{Module: s.Module, Node: s.Node}, fmt.Sprintf(
		"%s sets SECRET_KEY to a literal string%s: production signs its sessions with a key "+
			"written in the repository, which anyone who can read the code can use to forge "+
			"them; read it from the environment with os.environ[\"SECRET_KEY\"] and keep the "+
			"value in the deployment's secrets%s", owner(&eff), heirs(&eff), r.silentNote(eff)))
}

// fallback reports a literal fallback that production uses because no
// production file sets the variable.
func (r *reporter) fallback(eff model.Effective) {
	s := eff.Setting
	read := "the environment"
	why := "the fallback applies"
	if eff.Unset != "" {
		read = "the environment variable " + eff.Unset
		why = fmt.Sprintf("no production file sets %s, so the fallback applies", eff.Unset)
	}
	r.report(model.Origin{Module: s.Module, Node: s.Node}, fmt.Sprintf(
		"%s reads SECRET_KEY from %s with a literal fallback%s: %s, and production signs its "+
			"sessions with a key written in the repository; drop the fallback "+
			"(os.environ[\"SECRET_KEY\"] fails loudly when the variable is unset) and set the "+
			"key in the deployment's secrets%s",
		owner(&eff), read, heirs(&eff), why, r.silentNote(eff)))
}

// owner names what sets the value: a config class, app.config or
// app.secret_key. The value itself is never repeated in messages.
func owner(eff *model.Effective) string {
	s := eff.Setting
	switch {
	case s == nil:
		return "from_prefixed_env"
	case s.Class != nil:
		return s.Class.Name
	case s.Via == "attribute":
		return "app.secret_key"
	}
	return "app.config"
}

// heirs names the production configuration that inherits a class's
// value, or says that the class is taken for production's.
func heirs(eff *model.Effective) string {
	s := eff.Setting
	switch {
	case s == nil || s.Class == nil || eff.Config == nil:
		return ""
	case eff.Config != s.Class:
		return fmt.Sprintf(" and %s inherits it", eff.Config.Name)
	case eff.Assumed:
		return fmt.Sprintf(" (%s is taken for production's configuration)", s.Class.Name)
	}
	return ""
}

// committed reports a secret key committed in a production file; user
// names the configuration that reads it, "" when no code links to it.
func (r *reporter) committed(v *model.EnvVar, user string) {
	where := fmt.Sprintf("%s, a production file (%s), commits", v.Source, v.EnvReason)
	if v.Python {
		where = v.Source + " puts a literal in the environment for"
	}
	msg := fmt.Sprintf("%s %s, the name Flask secret keys are passed under", where, v.Key)
	if user != "" {
		msg = fmt.Sprintf("%s %s, which %s uses as SECRET_KEY in production", where, v.Key, user)
	}
	r.report(v.Origin, msg+"; take the value out of the repository and pass it from the "+
		"deployment's secrets, such as ${SECRET_KEY} in compose or a secretKeyRef in Kubernetes")
}

// committedVariables reports production files that commit a variable
// production's SECRET_KEY is read from, or one named like a Flask secret
// key, with a literal value.
func (r *reporter) committedVariables() {
	for _, v := range r.cm.EnvVars {
		user, read := r.reads[v.Key]
		if v.Env != model.EnvProduction || v.Example || v.Python || !v.Literal ||
			v.Value == "" || !read {
			continue
		}
		r.committed(v, user)
	}
}

// overridden reports whether, in the same function and after every place
// that sets the value, something replaces it in production (a replacement
// in another module, such as wsgi.py loading settings after the factory
// ran, is not followed): a load of a
// file outside the repository that must succeed (from_pyfile or
// from_envvar without silent=True), from_prefixed_env when a production
// file sets its variable, or an assignment whose value is not a literal.
func (r *reporter) overridden(eff model.Effective) bool {
	sites := r.sites(eff)
	for _, site := range sites {
		if !r.replacedAfter(site) {
			return false
		}
	}
	return len(sites) > 0
}

// sites returns where a value is put in the app's config: the statement
// on app.config, or the loads of its class in production.
func (r *reporter) sites(eff model.Effective) []model.Ref {
	if s := eff.Setting; s != nil && s.Class == nil {
		return []model.Ref{s.Site()}
	}
	var out []model.Ref
	for _, sel := range r.cm.Selected(eff.App, model.EnvProduction) {
		for _, c := range sel.Classes() {
			if c == eff.Config {
				out = append(out, sel.Load.Ref)
				break
			}
		}
	}
	return out
}

// replacedAfter reports whether something later in the same function
// replaces SECRET_KEY in production (see overridden).
func (r *reporter) replacedAfter(site model.Ref) bool {
	for _, l := range r.cm.Loads {
		if !after(site, l.Ref) {
			continue
		}
		switch l.Method {
		case "from_pyfile", "from_envvar", "from_file":
			if l.Opaque && !l.Silent {
				return true
			}
		case "from_prefixed_env":
			if len(r.cm.Vars(model.EnvProduction, l.Prefix+"_"+key)) > 0 {
				return true
			}
		}
	}
	for _, s := range r.cm.AppSettings {
		if s.Key == key && after(site, s.Site()) && nonLiteral(s.Value) {
			return true
		}
	}
	return false
}

// nonLiteral reports whether a value is read at run time without a
// literal fallback.
func nonLiteral(v model.Value) bool {
	switch v.Kind {
	case model.ValueEnv:
		return v.Default == nil || v.Default.Kind == model.ValueNone
	case model.ValueUnknown:
		return v.EnvVar == ""
	}
	return false
}

// after reports whether later lies after first in the same function (or
// both at module level) of the same module.
func after(first, later model.Ref) bool {
	if first.Module == nil || first.Module != later.Module {
		return false
	}
	f := first.File()
	fn := f.Enclosing(first.Node, "function_definition")
	if f.Enclosing(later.Node, "function_definition") != fn {
		return false
	}
	a, _ := f.Span(first.Node)
	b, _ := f.Span(later.Node)
	return b > a
}

// silentNote mentions a later silent load that may replace the literal.
func (r *reporter) silentNote(eff model.Effective) string {
	for _, site := range r.sites(eff) {
		for _, l := range r.cm.Loads {
			if after(site, l.Ref) && l.Silent && l.Opaque {
				return fmt.Sprintf(" (%s may replace it, but silent=True lets the app start "+
					"without the file)", clipText(l.Text()))
			}
		}
	}
	return ""
}

// clipText shortens source text for messages.
func clipText(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// relatedAt is a related location at a Python node.
func relatedAt(m *model.Module, n parser.NodeID, msg string) rule.Related {
	return rule.At(m.File, n, "%s", msg)
}
