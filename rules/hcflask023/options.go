package hcflask023

import (
	"flag"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The rule's options are flags of its analyzer, the go/analysis way. The
// CLI sets them from [tool.flasklint.rules.HC-FLASK-023] in the project's
// configuration, before each project is analysed.

// endpointsOption names views that take credentials although neither
// their name nor their body says so to the rule: a one-time-code check
// (verify_otp), a PIN login, a device pairing endpoint. Each item is a
// view function's name or a URL rule as written in the route ("/mfa").
const endpointsOption = "endpoints"

// endpointRE accepts a Python identifier or a URL rule.
var endpointRE = regexp.MustCompile(`^([A-Za-z_]\w*|/\S*)$`)

// endpointList is the value of the endpoints flag. Set replaces the whole
// list, so that setting the default, "", clears an earlier project's.
type endpointList []string

// String is the comma-separated form.
func (l *endpointList) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, ",")
}

// Set replaces the list, checking each item.
func (l *endpointList) Set(v string) error {
	var items []string
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		switch {
		case item == "":
			continue
		case !endpointRE.MatchString(item):
			return fmt.Errorf("%q is neither a view function name such as verify_otp nor "+
				"a URL rule such as /mfa/verify", item)
		}
		items = append(items, item)
	}
	*l = items
	return nil
}

// Get returns the items, which tells a configuration reader the option is
// a list.
func (l *endpointList) Get() any {
	return []string(*l)
}

// init declares the options on the rule's analyzer.
func init() {
	Rule.Analyzer.Flags.Var(&endpointList{}, endpointsOption,
		"view function names or URL rules of extra credential endpoints")
}

// configuredEndpoints reads the endpoints option of the running analyzer
// as a set.
func configuredEndpoints(a *analysis.Analyzer) map[string]bool {
	f := a.Flags.Lookup(endpointsOption)
	if f == nil {
		return nil
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return nil
	}
	items, _ := g.Get().([]string)
	set := make(map[string]bool, len(items))
	for _, item := range items {
		set[item] = true
	}
	return set
}
