package main

import (
	"cmp"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	"github.com/spf13/pflag"

	"github.com/flasklint/flasklint/driver"
	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/report"
	"github.com/flasklint/flasklint/rules/rule"
)

// check analyses the projects named by paths and reports the findings.
func (c *cli) check(fs *pflag.FlagSet, opts *options, paths []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			code = c.crashed(opts, r)
		}
	}()

	cfg, err := c.validate(fs, opts)
	if err != nil {
		return c.fail(err)
	}
	start := time.Now()
	targets, err := c.projects(fs, opts, paths)
	if err != nil {
		return c.fail(err)
	}

	res := &report.Result{
		Root:    c.setDisplayBase(targets),
		Version: version(),
		Rules:   ruleMetas(ranRules(c.rules, targets)),
	}
	if opts.explainConfig {
		return c.explainConfig(opts, targets)
	}
	for _, t := range targets {
		err := c.analyse(opts, t)
		if pe, ok := errors.AsType[*driver.PanicError](err); ok {
			return c.crashedWith(opts, pe.Value, pe.Stack)
		}
		if err != nil {
			return c.fail(err)
		}
		res.Files += t.files
	}
	if opts.writeBaseline != "" {
		return c.writeBaseline(opts, targets)
	}
	if err := c.applyBaseline(opts, targets); err != nil {
		return c.fail(err)
	}
	return c.report(opts, cfg, targets, res, start)
}

// report writes the findings the targets show and returns the exit code:
// 1 when one of them is at or above its project's fail-on level.
func (c *cli) report(opts *options, cfg *checkConfig, targets []*target, res *report.Result,
	start time.Time) int {
	code := exitClean
	for _, t := range targets {
		shown := t.shown()
		code = max(code, exitCode(shown, t.proj.failOn, opts.exitZero))
		res.Findings = append(res.Findings, shown...)
	}
	res.Findings = sortUnique(res.Findings)
	res.Elapsed = time.Since(start)

	if err := c.writeReport(opts, cfg, res); err != nil {
		return c.fail(err)
	}
	c.logf(opts, "%s in %s", plural(len(res.Findings), "finding"), formatDuration(res.Elapsed))
	return code
}

// projects turns the path arguments into targets and resolves each one's
// settings, so that a configuration error stops the run before any
// analysis.
func (c *cli) projects(fs *pflag.FlagSet, opts *options, paths []string) ([]*target, error) {
	targets, err := c.targets(paths)
	if err != nil {
		return nil, err
	}
	for _, t := range targets {
		if t.proj, err = c.project(fs, opts, t.root); err != nil {
			return nil, err
		}
		if f := t.proj.settings.File; f != "" {
			c.logf(opts, "settings for %s from %s", c.show(t.root), c.show(f))
		}
	}
	return targets, nil
}

// ranRules is every rule that runs on at least one target, in registry
// order.
func ranRules(all []*rule.Rule, targets []*target) []*rule.Rule {
	var out []*rule.Rule
	for _, r := range all {
		for _, t := range targets {
			if slices.Contains(t.proj.sel.rules, r) {
				out = append(out, r)
				break
			}
		}
	}
	return out
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

// explainConfig prints the configuration model of each target: what each
// environment runs with and why. It runs no rule.
func (c *cli) explainConfig(opts *options, targets []*target) int {
	for i, t := range targets {
		files, err := c.discover(opts, t)
		if err != nil {
			return c.fail(err)
		}
		res, err := driver.Run(driver.Options{Root: t.root, Files: files, Model: true})
		if err != nil {
			return c.fail(err)
		}
		if len(targets) > 1 {
			if i > 0 {
				fmt.Fprintln(c.stdout)
			}
			fmt.Fprintf(c.stdout, "# %s\n", c.show(t.root))
		}
		if err := res.Project.ExplainConfig(c.stdout); err != nil {
			return c.fail(err)
		}
	}
	return exitClean
}

// analyse runs a target's rules over its files and keeps the findings
// its settings report, with root-relative paths, in t.findings.
func (c *cli) analyse(opts *options, t *target) error {
	files, err := c.discover(opts, t)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintf(c.stderr, "flasklint: warning: no Python or deployment files in %s\n",
			c.show(t.root))
	}
	if err := c.configureRules(t.proj); err != nil {
		return err
	}

	rules := t.proj.sel.rules
	var timer *ruleTimer
	if opts.verbose {
		timer = newRuleTimer()
		rules = timer.wrap(rules)
	}
	res, err := driver.Run(driver.Options{Root: t.root, Files: files, Rules: rules})
	if err != nil {
		return fmt.Errorf("analysing %s failed: %w", c.show(t.root), err)
	}
	if timer != nil {
		timer.log(c, opts, len(files))
	}
	t.files = res.Files
	t.analysed = make(map[string]bool, len(files))
	for _, f := range files {
		t.analysed[f] = true
	}
	t.findings = t.keep(res.Findings)
	return nil
}

// discover lists a target's files: what discovery finds plus the files
// named on the command line, less what the settings exclude. Exclusion
// applies to named files too, as Ruff's --force-exclude does, so that
// pre-commit passing an excluded file does not bring it back.
func (c *cli) discover(opts *options, t *target) ([]string, error) {
	began := time.Now()
	disc, err := model.Discover(t.root)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", c.show(t.root), err)
	}
	for _, s := range disc.Skipped {
		c.logf(opts, "skipped %s: %s", t.display(s.Path), s.Reason)
	}

	var files []string
	for _, f := range t.withNamedFiles(disc.Files) {
		if from, ok := t.proj.match.Excluded(f); ok {
			c.logf(opts, "skipped %s: excluded by %s", t.display(f), from.Show(c.show))
			continue
		}
		files = append(files, f)
	}
	c.logf(opts, "discovered %s under %s in %s", plural(len(files), "file"), c.show(t.root),
		formatDuration(time.Since(began)))
	return files, nil
}

// keep drops the findings the settings do not report: ignored tool
// diagnostics and rules turned off for a file by per-file-ignores.
func (t *target) keep(findings []lint.Finding) []lint.Finding {
	var out []lint.Finding
	for _, f := range findings {
		if t.proj.sel.hidden[f.Rule.ID] || t.proj.match.Ignored(f.Location.Path, f.Rule.ID) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// shown returns the findings to report: those in the files named on the
// command line (all of them when a folder was named), with paths
// rewritten relative to the display base.
func (t *target) shown() []lint.Finding {
	var out []lint.Finding
	for _, f := range t.findings {
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
