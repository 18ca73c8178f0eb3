package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"

	"github.com/flasklint/flasklint/baseline"
	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/rules/rule"
)

// The baseline matches findings by rule, root-relative path and
// Issue-Key, so it is applied to every finding of every project before
// paths are rewritten for display and before a file argument narrows
// what is shown: pre-commit passing one file must not make the entries
// of the other files look stale.

// allFindings joins the targets' findings, root-relative, in one slice
// the baseline can mark, and returns a function that hands the marked
// findings back to their targets.
func allFindings(targets []*target) ([]lint.Finding, func()) {
	var all []lint.Finding
	for _, t := range targets {
		all = append(all, t.findings...)
	}
	return all, func() {
		rest := all
		for _, t := range targets {
			t.findings, rest = rest[:len(t.findings)], rest[len(t.findings):]
		}
	}
}

// applyBaseline marks the findings --baseline accepts as suppressed and
// warns, in one line, about entries that matched nothing.
func (c *cli) applyBaseline(opts *options, targets []*target) error {
	stale, err := c.matchBaseline(opts, targets)
	if stale > 0 {
		verb := "no longer occur"
		if stale == 1 {
			verb = "no longer occurs"
		}
		fmt.Fprintf(c.stderr, "flasklint: warning: %s accepted in %s %s; run with "+
			"--baseline %s --write-baseline %s to drop the stale entries\n",
			plural(stale, "finding"), opts.baseline, verb, opts.baseline, opts.baseline)
	}
	return err
}

// matchBaseline marks the findings --baseline accepts, if it is given,
// and returns how many accepted findings this run could have found but
// did not.
func (c *cli) matchBaseline(opts *options, targets []*target) (int, error) {
	if opts.baseline == "" {
		return 0, nil
	}
	b, err := baseline.Load(c.abs(opts.baseline))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("cannot read baseline %s: no such file; create it with "+
			"--write-baseline", opts.baseline)
	}
	if err != nil {
		return 0, err
	}
	all, handBack := allFindings(targets)
	stale := b.Apply(all)
	handBack()

	gone := 0
	for _, e := range stale {
		if checked(targets, e) {
			gone += e.Count
		}
	}
	return gone, nil
}

// checked reports whether this run could have found a baseline entry's
// finding: its file was analysed and its rule ran. An entry of a rule left
// out by --select, or of an excluded file, is not stale.
func checked(targets []*target, e baseline.Entry) bool {
	for _, t := range targets {
		if !t.analysed[e.Path] {
			continue
		}
		ran := func(r *rule.Rule) bool { return r.ID == e.Rule }
		if slices.ContainsFunc(t.proj.sel.rules, ran) {
			return true
		}
	}
	return false
}

// writeBaseline writes the findings of every target to --write-baseline,
// atomically, and reports no findings. With --baseline too, only the
// findings the old baseline accepted are written: the file sheds the
// entries that were fixed and takes in nothing new.
func (c *cli) writeBaseline(opts *options, targets []*target) int {
	if _, err := c.matchBaseline(opts, targets); err != nil {
		return c.fail(err)
	}
	all, _ := allFindings(targets)
	if opts.baseline != "" {
		all = acceptedOnly(all)
	}

	b := baseline.FromFindings(all)
	write := func(w io.Writer) error { return b.Write(w) }
	if err := writeAtomic(c.abs(opts.writeBaseline), write); err != nil {
		return c.fail(fmt.Errorf("cannot write %s: %w", opts.writeBaseline, err))
	}
	n := 0
	for _, e := range b.Entries {
		n += e.Count
	}
	fmt.Fprintf(c.stderr, "flasklint: wrote %s to %s\n", plural(n, "finding"),
		opts.writeBaseline)
	return exitClean
}

// acceptedOnly keeps the findings a baseline accepted, unmarked, so that
// they are written again.
func acceptedOnly(findings []lint.Finding) []lint.Finding {
	var out []lint.Finding
	for _, f := range findings {
		if f.Suppressed != nil && f.Suppressed.Kind == lint.SuppressedExternal {
			f.Suppressed = nil
			out = append(out, f)
		}
	}
	return out
}
