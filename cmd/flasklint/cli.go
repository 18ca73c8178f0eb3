package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/flasklint/flasklint/config"
	"github.com/flasklint/flasklint/rules"
	"github.com/flasklint/flasklint/rules/rule"
)

// Exit codes. Anything that stops the run before it could judge the
// project, from a misspelt flag to an unwritable output file, is 2, so
// that CI never mistakes a broken invocation for a clean project.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

// cli is one invocation's view of the outside world. Tests build it with
// a fake terminal, environment and working directory; run builds it from
// the process.
type cli struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	isTerminal     func(io.Writer) bool
	dir            string       // working directory; relative paths start here
	rules          []*rule.Rule // the registry
}

// run executes one command line and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	c := &cli{
		stdout:     stdout,
		stderr:     stderr,
		getenv:     os.Getenv,
		isTerminal: isTerminal,
		rules:      rules.All,
	}
	dir, err := os.Getwd()
	if err != nil {
		return c.fail(fmt.Errorf("cannot read the current directory: %w", err))
	}
	c.dir = dir
	return c.main(args)
}

// main parses the command line and dispatches to the analysis or to one
// of the subcommands.
func (c *cli) main(args []string) int {
	var opts options
	fs := newFlagSet(&opts)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(c.stdout, usage(fs))
			return exitClean
		}
		return c.fail(fmt.Errorf("%w (see flasklint --help)", err))
	}
	if opts.version {
		fmt.Fprintln(c.stdout, "flasklint", versionLine())
		return exitClean
	}

	positional := fs.Args()
	afterDash := fs.ArgsLenAtDash() == 0 // `flasklint -- rules` names a folder
	if len(positional) > 0 && !afterDash {
		switch positional[0] {
		case "rules":
			return c.rulesCommand(fs, &opts, positional[1:])
		case "explain":
			return c.explainCommand(fs, &opts, positional[1:])
		case "config":
			return c.configCommand(fs, &opts, positional[1:])
		}
	}
	return c.check(fs, &opts, positional)
}

// fail prints err as the one-line message of a usage or configuration
// error (a line per problem in a configuration file) and returns the
// matching exit code.
func (c *cli) fail(err error) int {
	for _, line := range c.errorLines(err) {
		fmt.Fprintf(c.stderr, "flasklint: %s\n", line)
	}
	return exitError
}

// errorLines words an error as lines of output: each problem of a
// configuration file on its own line, with the file's path as the user
// reads it, and anything else on one line.
func (c *cli) errorLines(err error) []string {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var lines []string
		for _, e := range joined.Unwrap() {
			lines = append(lines, c.errorLines(e)...)
		}
		return lines
	}

	var problems config.Errors
	var problem *config.Error
	switch {
	case errors.As(err, &problems):
		lines := make([]string, len(problems))
		for i, p := range problems {
			lines[i] = p.Show(c.show)
		}
		return lines
	case errors.As(err, &problem):
		return []string{problem.Show(c.show)}
	}
	return []string{strings.ReplaceAll(err.Error(), "\n", " ")}
}

// logf writes a progress line to stderr when --verbose is on.
func (c *cli) logf(opts *options, format string, args ...any) {
	if opts.verbose {
		fmt.Fprintf(c.stderr, "flasklint: "+format+"\n", args...)
	}
}

// onlyFlags rejects flags the subcommand does not use, so that a typo such
// as `flasklint rules --fail-on error` is not silently ignored.
func onlyFlags(fs *pflag.FlagSet, command string, allowed ...string) error {
	var err error
	fs.Visit(func(f *pflag.Flag) {
		if err == nil && !slices.Contains(allowed, f.Name) {
			err = fmt.Errorf("--%s does not apply to %q", f.Name, command)
		}
	})
	return err
}
