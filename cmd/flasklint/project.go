package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/flasklint/flasklint/config"
	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/rules/rule"
)

// project is what one project root is analysed with: its settings (file,
// then flags) and what they resolve to.
type project struct {
	settings *config.Settings
	sel      selection
	failOn   lint.Severity
	match    *config.Matcher
}

// schema describes the registry to the config package: the rule IDs, the
// tool diagnostics, and each rule's options (its analyzer's flags).
func (c *cli) schema() *config.Schema {
	s := &config.Schema{Options: map[string][]config.Option{}}
	for _, r := range c.rules {
		s.Rules = append(s.Rules, r.ID)
		if r.Analyzer == nil {
			continue
		}
		r.Analyzer.Flags.VisitAll(func(f *flag.Flag) {
			s.Options[r.ID] = append(s.Options[r.ID], config.Option{
				Name: f.Name, Usage: f.Usage, Default: f.DefValue, List: isList(f.Value),
			})
		})
	}
	for _, m := range toolMetas {
		s.Tools = append(s.Tools, m.ID)
	}
	return s
}

// isList reports whether a flag holds a list, which the configuration
// writes as an array.
func isList(v flag.Value) bool {
	g, ok := v.(flag.Getter)
	if !ok {
		return false
	}
	_, list := g.Get().([]string)
	return list
}

// project resolves the settings of one project root and checks that the
// flags and rule options in them are valid.
func (c *cli) project(fs *pflag.FlagSet, opts *options, root string) (*project, error) {
	s, err := c.loadSettings(opts, root)
	if err != nil {
		return nil, err
	}
	s.Override(flagOverrides(fs, opts))

	sel, err := selectRules(c.rules, s.Select.Value, s.Ignore.Value)
	if err != nil {
		return nil, err
	}
	failOn, err := lint.ParseSeverity(s.FailOn.Value)
	if err != nil {
		return nil, fmt.Errorf("--fail-on: %w", err)
	}
	p := &project{settings: s, sel: sel, failOn: failOn, match: s.Matcher()}
	if err := c.configureRules(p); err != nil {
		return nil, err
	}
	return p, nil
}

// loadSettings reads the configuration file a project uses: the one
// --config names, none with --isolated, or the nearest one found.
func (c *cli) loadSettings(opts *options, root string) (*config.Settings, error) {
	switch {
	case opts.isolated:
		return config.Defaults(root, c.schema()), nil
	case opts.config != "":
		return config.Load(root, c.abs(opts.config), c.schema())
	}
	return config.Resolve(root, c.schema())
}

// flagOverrides collects the flags given on the command line that
// override the configuration file.
func flagOverrides(fs *pflag.FlagSet, opts *options) config.Flags {
	var f config.Flags
	if fs.Changed("select") {
		f.Select = &opts.selects
	}
	if fs.Changed("ignore") {
		f.Ignore = &opts.ignores
	}
	if fs.Changed("exclude") {
		f.Exclude = &opts.exclude
	}
	if fs.Changed("extend-exclude") {
		f.ExtendExclude = &opts.extendExclude
	}
	if fs.Changed("fail-on") {
		f.FailOn = &opts.failOn
	}
	return f
}

// configureRules sets every option of every rule to the project's value,
// or back to its default. Options live in the analyzers' flag sets, which
// go/analysis makes process-wide; projects are analysed one at a time,
// and each is configured just before, so none sees another's options.
func (c *cli) configureRules(p *project) error {
	var errs []error
	for _, r := range c.rules {
		if r.Analyzer == nil {
			continue
		}
		byName := map[string]config.RuleOption{}
		for _, o := range p.settings.RuleOptions(r.ID) {
			byName[o.Name] = o
		}
		r.Analyzer.Flags.VisitAll(func(f *flag.Flag) {
			errs = append(errs, setOption(r, f, byName))
		})
	}
	return errors.Join(errs...)
}

// setOption gives one flag its configured value or its default.
func setOption(r *rule.Rule, f *flag.Flag, byName map[string]config.RuleOption) error {
	o, ok := byName[f.Name]
	if !ok {
		return f.Value.Set(f.DefValue)
	}
	if err := f.Value.Set(o.Value); err != nil {
		return &config.Error{File: o.From.File, Line: o.From.Line,
			Msg: fmt.Sprintf("rules.%s.%s: %v", r.ID, f.Name, err)}
	}
	return nil
}
