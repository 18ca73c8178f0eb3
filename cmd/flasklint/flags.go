package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/report"
)

// options holds the command line flags as typed.
type options struct {
	format   string
	output   string
	selects  []string
	ignores  []string
	failOn   string
	exitZero bool
	verbose  bool
	version  bool
	color    string
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

A path to a file analyses the project that holds it and reports findings in
that file only, which is what pre-commit needs.

Flags:
` + fs.FlagUsages() + `
Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or
configuration error.
`
}

// checkConfig is the validated form of the flags an analysis uses.
type checkConfig struct {
	format string
	failOn lint.Severity
	sel    selection
}

// validate checks the analysis flags and resolves the rule selection.
func (c *cli) validate(opts *options) (*checkConfig, error) {
	if !slices.Contains(report.Formats(), opts.format) {
		return nil, fmt.Errorf("unknown format %q (want %s)",
			opts.format, strings.Join(report.Formats(), ", "))
	}
	if !slices.Contains(colorModes, opts.color) {
		return nil, fmt.Errorf("unknown --color %q (want auto, always or never)", opts.color)
	}

	failOn, err := lint.ParseSeverity(opts.failOn)
	if err != nil {
		return nil, fmt.Errorf("--fail-on: %w", err)
	}

	sel, err := selectRules(c.rules, opts.selects, opts.ignores)
	if err != nil {
		return nil, err
	}
	return &checkConfig{format: opts.format, failOn: failOn, sel: sel}, nil
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
