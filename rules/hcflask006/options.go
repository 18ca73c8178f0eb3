package hcflask006

import (
	"fmt"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// state is what the rule knows about one Flask-CORS option.
type state int

// Option states. For origins, stateOn means "any origin" and stateOff an
// explicit list; for the booleans they mean true and false.
const (
	stateUnset state = iota
	stateOn
	stateOff
	stateUnknown
)

// option is one option's state and where it is written.
type option struct {
	state state
	ref   model.Ref // the keyword argument, dict pair or configuration assignment
	where string    // how to name it in a message, e.g. `origins="*"`
}

// set reports whether the option is given at all.
func (o option) set() bool { return o.state != stateUnset }

// corsOptions are the Flask-CORS options the rule judges.
type corsOptions struct {
	origins, credentials, sendWildcard option
	// resources is the resources= dictionary, NoNode when absent or not a
	// dictionary literal; resourcesUnknown is set when resources= is an
	// expression the rule cannot read, whose per-path options may differ.
	resources        model.Ref
	resourcesUnknown bool
	// splat is set when **kwargs the rule cannot read may set any option.
	splat bool
}

// with returns o overridden by every option over sets, as Flask-CORS
// merges defaults, app configuration, constructor and init_app options.
func (o corsOptions) with(over corsOptions) corsOptions {
	if over.origins.set() {
		o.origins = over.origins
	}
	if over.credentials.set() {
		o.credentials = over.credentials
	}
	if over.sendWildcard.set() {
		o.sendWildcard = over.sendWildcard
	}
	if over.resources.Module != nil || over.resourcesUnknown {
		o.resources, o.resourcesUnknown = over.resources, over.resourcesUnknown
	}
	o.splat = o.splat || over.splat
	return o
}

// callOptions reads the keyword arguments of a CORS(...), init_app(...)
// or cross_origin(...) call, including a **dict the rule can resolve.
func (c *checker) callOptions(call model.Ref) corsOptions {
	f := call.File()
	var out corsOptions
	for _, a := range f.NamedChildren(f.Field(call.Node, "arguments")) {
		switch f.Kind(a) {
		case "keyword_argument":
			name := f.Text(f.Field(a, "name"))
			c.readOption(&out, call.Module, name, f.Field(a, "value"), a)
		case "dictionary_splat":
			c.readSplat(&out, call.Module, firstChild(f, a))
		}
	}
	return out
}

// readSplat reads **opts when opts is a dictionary literal in reach.
func (c *checker) readSplat(out *corsOptions, m *model.Module, n parser.NodeID) {
	dm, dict := m, n
	if m.File.Is(n, "identifier") {
		dm, dict = c.p.AssignedValue(m, n)
	}
	if !dm.File.Is(dict, "dictionary") {
		out.splat = true
		return
	}
	*out = out.with(c.dictOptions(dm, dict))
}

// dictOptions reads a dictionary literal of options, such as a resource's.
func (c *checker) dictOptions(m *model.Module, dict parser.NodeID) corsOptions {
	f := m.File
	var out corsOptions
	for _, pair := range f.NamedChildren(dict) {
		if !f.Is(pair, "pair") {
			if f.Is(pair, "dictionary_splat") {
				out.splat = true
			}
			continue
		}
		if key, ok := f.StringValue(f.Field(pair, "key")); ok {
			c.readOption(&out, m, key, f.Field(pair, "value"), pair)
		}
	}
	return out
}

// readOption records one option written at site with the value node v.
func (c *checker) readOption(out *corsOptions, m *model.Module, name string, v,
	site parser.NodeID) {
	ref := model.Ref{Module: m, Node: site}
	where := m.File.Text(site)
	switch name {
	case "origins":
		out.origins = option{c.originsState(m, v, 0), ref, where}
	case "supports_credentials":
		out.credentials = option{c.boolState(m, v), ref, where}
	case "send_wildcard":
		out.sendWildcard = option{c.boolState(m, v), ref, where}
	case "resources":
		c.readResources(out, m, v)
	}
}

// readResources keeps a resources= dictionary literal for per-path
// judging; a string or list of paths takes the top-level options.
func (c *checker) readResources(out *corsOptions, m *model.Module, v parser.NodeID) {
	rm, rv := m, v
	if m.File.Is(v, "identifier") {
		rm, rv = c.p.AssignedValue(m, v)
	}
	switch {
	case rm.File.Is(rv, "dictionary"):
		out.resources = model.Ref{Module: rm, Node: rv}
	case rm.File.Is(rv, "string", "list", "tuple", "concatenated_string"):
		out.resources = model.Ref{}
	default:
		out.resourcesUnknown = true
	}
}

// boolState evaluates a boolean option value.
func (c *checker) boolState(m *model.Module, v parser.NodeID) state {
	truthy, known := c.p.ValueOf(m, v).Truth()
	switch {
	case !known:
		return stateUnknown
	case truthy:
		return stateOn
	}
	return stateOff
}

// maxHops bounds how far names are followed to their assigned values.
const maxHops = 3

// originsState evaluates an origins value: stateOn when it lets any origin
// in, stateOff for an explicit list, stateUnknown for what the rule cannot
// read (such as an environment variable: the deployment decides).
func (c *checker) originsState(m *model.Module, v parser.NodeID, depth int) state {
	f := m.File
	switch {
	case f.Is(v, "list", "tuple", "set"):
		for _, item := range f.NamedChildren(v) {
			if c.originsState(m, item, depth+1) == stateOn {
				return stateOn
			}
		}
		return stateOff
	case f.Is(v, "identifier", "attribute") && depth < maxHops:
		if vm, rhs := c.p.AssignedValue(m, v); rhs != parser.NoNode {
			return c.originsState(vm, rhs, depth+1)
		}
	}
	val := c.p.ValueOf(m, v)
	switch val.Kind {
	case model.ValueString:
		if anyOrigin(val.Str) {
			return stateOn
		}
		return stateOff
	case model.ValueNone:
		return stateOff // matches nothing
	}
	return stateUnknown
}

// anyOrigin reports whether an origins entry matches every origin.
// Flask-CORS treats "*" as the regular expression ".*" and matches
// entries as regular expressions from the start of the Origin header.
func anyOrigin(s string) bool {
	s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "^"), "$")
	for _, scheme := range []string{"", "https?://", "http://", "https://"} {
		if rest, ok := strings.CutPrefix(s, scheme); ok && (rest == "*" || rest == ".*") {
			return true
		}
	}
	return false
}

// corsKeys maps Flask-CORS's configuration keys to its options.
var corsKeys = map[string]string{
	"CORS_ORIGINS": "origins", "CORS_SUPPORTS_CREDENTIALS": "supports_credentials",
	"CORS_SEND_WILDCARD": "send_wildcard",
}

// configOptions reads the CORS_* keys of the production configuration.
// With several production values, the one that allows most wins.
func (c *checker) configOptions(cm *model.ConfigModel) corsOptions {
	var out corsOptions
	for key, name := range corsKeys {
		for _, s := range cm.ProductionSettings(key) {
			var one corsOptions
			c.readOption(&one, s.Module, name, s.Value.Node, s.Node)
			one = relabel(one, describeSetting(s))
			out = out.with(stronger(out, one))
		}
	}
	return out
}

// stronger keeps, of two readings of the configuration, the options that
// allow most: any origin over a list, credentials on over off.
func stronger(cur, next corsOptions) corsOptions {
	keep := corsOptions{}
	for _, pair := range []struct{ cur, next, out *option }{
		{&cur.origins, &next.origins, &keep.origins},
		{&cur.credentials, &next.credentials, &keep.credentials},
		{&cur.sendWildcard, &next.sendWildcard, &keep.sendWildcard},
	} {
		if pair.next.set() && (!pair.cur.set() || rank(pair.next.state) > rank(pair.cur.state)) {
			*pair.out = *pair.next
		}
	}
	return keep
}

// rank orders states by how much they allow.
func rank(s state) int {
	return map[state]int{stateUnset: 0, stateOff: 1, stateUnknown: 2, stateOn: 3}[s]
}

// relabel names every option read from a setting by the setting.
func relabel(o corsOptions, where string) corsOptions {
	for _, opt := range []*option{&o.origins, &o.credentials, &o.sendWildcard} {
		if opt.set() {
			opt.where = where
		}
	}
	return o
}

// describeSetting names a configuration assignment: `CORS_ORIGINS = "*"
// in ProductionConfig`, `... in Config, inherited by ProductionConfig` or
// `... on app.config`.
func describeSetting(s model.Setting) string {
	value := "None"
	if s.Value.Node != parser.NoNode {
		value = s.Module.File.Text(s.Value.Node)
	}
	owner := "on app.config"
	switch {
	case s.Class != nil && s.Config != nil && s.Class != s.Config:
		owner = "in " + s.Class.Name + ", inherited by " + s.Config.Name
	case s.Class != nil:
		owner = "in " + s.Class.Name
	}
	return fmt.Sprintf("%s = %s %s", s.Key, value, owner)
}

// firstChild returns the first named child of n.
func firstChild(f *parser.File, n parser.NodeID) parser.NodeID {
	if kids := f.NamedChildren(n); len(kids) > 0 {
		return kids[0]
	}
	return parser.NoNode
}
