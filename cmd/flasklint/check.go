package main

import (
	"cmp"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	"github.com/flasklint/flasklint/driver"
	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/report"
)

// check analyses the projects named by paths and reports the findings.
func (c *cli) check(opts *options, paths []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			code = c.crashed(opts, r)
		}
	}()

	cfg, err := c.validate(opts)
	if err != nil {
		return c.fail(err)
	}

	start := time.Now()
	targets, err := c.targets(paths)
	if err != nil {
		return c.fail(err)
	}
	res := &report.Result{
		Root:    c.setDisplayBase(targets),
		Version: version(),
		Rules:   ruleMetas(cfg.sel.rules),
	}

	for _, t := range targets {
		findings, files, err := c.analyse(opts, cfg, t)
		if pe, ok := errors.AsType[*driver.PanicError](err); ok {
			return c.crashedWith(opts, pe.Value, pe.Stack)
		}
		if err != nil {
			return c.fail(err)
		}
		res.Findings = append(res.Findings, findings...)
		res.Files += files
	}
	res.Findings = sortUnique(res.Findings)
	res.Elapsed = time.Since(start)

	if err := c.writeReport(opts, cfg, res); err != nil {
		return c.fail(err)
	}
	c.logf(opts, "%s in %s", plural(len(res.Findings), "finding"), formatDuration(res.Elapsed))
	return exitCode(res.Findings, cfg.failOn, opts.exitZero)
}

// crashed reports a panic in the analysis (a bug in flasklint, never in
// the analysed project) as one line, with the stack only under -v, and
// returns the error exit code.
func (c *cli) crashed(opts *options, r any) int {
	return c.crashedWith(opts, r, debug.Stack())
}

// crashedWith reports a panic, caught here or by the driver, in one line;
// -v adds the stack.
func (c *cli) crashedWith(opts *options, r any, stack []byte) int {
	fmt.Fprintf(c.stderr, "flasklint: internal error: %v (please report it)\n", r)
	if opts.verbose {
		_, _ = c.stderr.Write(stack) // stderr: nowhere left to report a failure
	}
	return exitError
}

// analyse runs the selected rules over one target and returns its
// findings, with paths as the user sees them, and the number of files.
func (c *cli) analyse(opts *options, cfg *checkConfig, t *target) ([]lint.Finding, int, error) {
	began := time.Now()
	disc, err := model.Discover(t.root)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot read %s: %w", c.show(t.root), err)
	}
	files := t.withNamedFiles(disc.Files)
	c.logf(opts, "discovered %s under %s in %s", plural(len(files), "file"), c.show(t.root),
		formatDuration(time.Since(began)))
	for _, s := range disc.Skipped {
		c.logf(opts, "skipped %s: %s", t.display(s.Path), s.Reason)
	}
	if len(files) == 0 {
		fmt.Fprintf(c.stderr, "flasklint: warning: no Python or deployment files in %s\n",
			c.show(t.root))
	}

	rules := cfg.sel.rules
	var timer *ruleTimer
	if opts.verbose {
		timer = newRuleTimer()
		rules = timer.wrap(rules)
	}
	res, err := driver.Run(driver.Options{Root: t.root, Files: files, Rules: rules})
	if err != nil {
		return nil, 0, fmt.Errorf("analysing %s failed: %w", c.show(t.root), err)
	}
	if timer != nil {
		timer.log(c, opts, len(files))
	}
	return t.keep(res.Findings, cfg.sel.hidden), res.Files, nil
}

// keep filters a target's findings to what the user asked to see and
// rewrites their paths relative to the display base.
func (t *target) keep(findings []lint.Finding, hidden map[string]bool) []lint.Finding {
	var out []lint.Finding
	for _, f := range findings {
		if hidden[f.Rule.ID] {
			continue // an ignored tool diagnostic
		}
		if !t.all && !t.only[f.Location.Path] {
			continue // a file argument reports that file only
		}
		f.Location.Path = t.display(f.Location.Path)
		f.Related = slices.Clone(f.Related)
		for i := range f.Related {
			f.Related[i].Path = t.display(f.Related[i].Path)
		}
		out = append(out, f)
	}
	return out
}

// compareFindings orders findings as the driver does, by place, then rule
// and message, so that several roots merge into one stable order.
func compareFindings(a, b lint.Finding) int {
	return cmp.Or(
		cmp.Compare(a.Location.Path, b.Location.Path),
		cmp.Compare(a.Location.Start.Line, b.Location.Start.Line),
		cmp.Compare(a.Location.Start.Column, b.Location.Start.Column),
		cmp.Compare(a.Rule.ID, b.Rule.ID),
		cmp.Compare(a.Message, b.Message),
	)
}

// sortUnique sorts findings and drops repeats, which appear when a folder
// and a folder inside it are both named. The first target's copy is kept.
func sortUnique(findings []lint.Finding) []lint.Finding {
	slices.SortStableFunc(findings, compareFindings)
	return slices.CompactFunc(findings, func(a, b lint.Finding) bool {
		return compareFindings(a, b) == 0
	})
}

// exitCode is 1 when a finding that is not suppressed is at or above the
// fail level, unless --exit-zero is set.
func exitCode(findings []lint.Finding, failOn lint.Severity, exitZero bool) int {
	if exitZero {
		return exitClean
	}
	for i := range findings {
		if findings[i].Suppressed == nil && severity(&findings[i]) >= failOn {
			return exitFindings
		}
	}
	return exitClean
}

// severity is the level a finding is reported at, falling back to its
// rule's default when the driver left it unset.
func severity(f *lint.Finding) lint.Severity {
	if f.Severity == 0 {
		return f.Rule.Severity
	}
	return f.Severity
}

// plural writes "1 file" and "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// formatDuration rounds a timing for the verbose log.
func formatDuration(d time.Duration) string {
	if d < time.Millisecond {
		return "<1ms"
	}
	return d.Round(time.Millisecond).String()
}
