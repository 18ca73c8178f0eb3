package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/flasklint/flasklint/report"
)

// options holds the command line flags as typed.
type options struct {
	format        string
	output        string
	selects       []string
	ignores       []string
	failOn        string
	exitZero      bool
	verbose       bool
	version       bool
	color         string
	config        string
	isolated      bool
	exclude       []string
	extendExclude []string
	baseline      string
	writeBaseline string
	explainConfig bool
}

// colorModes are the values --color accepts.
var colorModes = []string{"auto", "always", "never"}

// newFlagSet declares every flag. Flags may follow the paths, as in
// `flasklint . --format json`.
func newFlagSet(opts *options) *pflag.FlagSet {
	fs := pflag.NewFlagSet("flasklint", pflag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by cli.fail
	fs.SortFlags = false

	fs.StringVar(&opts.format, "format", "text",
		"report `format`: "+strings.Join(report.Formats(), ", "))
	fs.StringVarP(&opts.output, "output", "o", "",
		"write the report to `FILE` (atomically) instead of standard output")
	fs.StringSliceVar(&opts.selects, "select", nil,
		"run only these rules: comma-separated `IDs` or prefixes such as HC-FLASK-02")
	fs.StringSliceVar(&opts.ignores, "ignore", nil,
		"skip these rules (`IDs` or prefixes); FLASKLINT-PARSE hides parse problems")
	fs.StringVar(&opts.failOn, "fail-on", "warning",
		"exit 1 when a finding is at or above this `level`: error, warning or note")
	fs.BoolVar(&opts.exitZero, "exit-zero", false,
		"exit 0 even when there are findings (errors still exit 2)")
	fs.StringSliceVar(&opts.exclude, "exclude", nil,
		"skip files matching these `globs`, replacing the configuration's exclude")
	fs.StringSliceVar(&opts.extendExclude, "extend-exclude", nil,
		"skip files matching these `globs` too, on top of exclude")
	fs.StringVar(&opts.baseline, "baseline", "",
		"report only findings that baseline `FILE` does not hold")
	fs.StringVar(&opts.writeBaseline, "write-baseline", "",
		"accept today's findings: write them to `FILE` and exit 0")
	fs.BoolVar(&opts.explainConfig, "explain-config", false,
		"print each app's configuration per environment, with where every value "+
			"comes from, instead of findings")
	fs.StringVar(&opts.config, "config", "",
		"read settings from this `FILE` (.flasklint.toml or pyproject.toml) instead of "+
			"searching for one")
	fs.BoolVar(&opts.isolated, "isolated", false, "read no configuration file")
	fs.BoolVarP(&opts.verbose, "verbose", "v", false,
		"print discovery, skipped paths and timing to standard error")
	fs.StringVar(&opts.color, "color", "auto",
		"`when` to colour text output: auto (a terminal, NO_COLOR unset), always, never")
	fs.BoolVar(&opts.version, "version", false, "print the version and exit")
	return fs
}

// usage is the --help text.
func usage(fs *pflag.FlagSet) string {
	return `flasklint finds deployment and security mistakes in Flask projects.

Usage:
  flasklint [flags] [path ...]     analyse each path as one project (default ".")
  flasklint rules [--format F]     list the rules (text, json or markdown)
  flasklint explain RULE           show what a rule flags and how to fix it
  flasklint config [path]          show the settings in force and where each came from

A path to a file analyses the project that holds it and reports findings in
that file only, which is what pre-commit needs.

Settings are read from .flasklint.toml or the [tool.flasklint] table of
pyproject.toml, in the project folder or the nearest folder above it;
flags override them.

Flags:
` + fs.FlagUsages() + `
Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or
configuration error.
`
}

// checkConfig is the validated form of the flags that apply to the whole
// run rather than to one project.
type checkConfig struct {
	format string
}

// validate checks the flags that do not depend on a project's settings.
func (c *cli) validate(fs *pflag.FlagSet, opts *options) (*checkConfig, error) {
	if !slices.Contains(report.Formats(), opts.format) {
		return nil, fmt.Errorf("unknown format %q (want %s)",
			opts.format, strings.Join(report.Formats(), ", "))
	}
	if !slices.Contains(colorModes, opts.color) {
		return nil, fmt.Errorf("unknown --color %q (want auto, always or never)", opts.color)
	}
	if opts.isolated && opts.config != "" {
		return nil, errors.New("--config and --isolated exclude each other")
	}
	if opts.writeBaseline != "" && (fs.Changed("output") || fs.Changed("format")) {
		return nil, errors.New("--write-baseline writes no report; drop --output and --format")
	}
	return &checkConfig{format: opts.format}, nil
}

// useColor decides whether the text report gets ANSI colours. "auto"
// colours only a terminal, and only when NO_COLOR is unset or empty
// (https://no-color.org); an explicit --color always wins over NO_COLOR.
func (c *cli) useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return c.getenv("NO_COLOR") == "" && c.isTerminal(w)
}
