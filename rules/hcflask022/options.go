package hcflask022

import (
	"flag"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The rule's options are flags of its analyzer, the go/analysis way. The
// CLI sets them from [tool.flasklint.rules.HC-FLASK-022] in the project's
// configuration, before each project is analysed.

// sanitizersOption names functions, besides url_for and login_url, whose
// result is a safe redirect target. It is meant for helpers that live
// outside the analysed folder (a company library installed from a private
// index, a sibling package of a monorepo): a call of a project function
// already keeps the flow from being reported, see the doc's Limitations.
const sanitizersOption = "sanitizers"

// qualifiedNameRE is a dotted Python name with a module part, such as
// acme_web.urls.safe_next; a bare name could not be told apart from a
// local function of the same name.
var qualifiedNameRE = regexp.MustCompile(`^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$`)

// nameList is the value of the sanitizers flag: qualified function names,
// comma-separated. Set replaces the whole list rather than adding to it,
// so that setting the default, "", clears what an earlier project set.
type nameList []string

// String is the comma-separated form.
func (l *nameList) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, ",")
}

// Set replaces the list, checking that each item is a qualified name.
func (l *nameList) Set(v string) error {
	var names []string
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		switch {
		case item == "":
			continue
		case !qualifiedNameRE.MatchString(item):
			return fmt.Errorf("%q is not a qualified function name such as "+
				"acme_web.urls.safe_next", item)
		}
		names = append(names, item)
	}
	*l = names
	return nil
}

// Get returns the names, which tells a configuration reader the option is
// a list.
func (l *nameList) Get() any {
	return []string(*l)
}

// init declares the options on the rule's analyzer.
func init() {
	Rule.Analyzer.Flags.Var(&nameList{}, sanitizersOption,
		"qualified names of functions whose result is a safe redirect target")
}

// configuredSanitizers reads the sanitizers option of the running
// analyzer.
func configuredSanitizers(a *analysis.Analyzer) []string {
	f := a.Flags.Lookup(sanitizersOption)
	if f == nil {
		return nil
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return nil
	}
	names, _ := g.Get().([]string)
	return names
}
