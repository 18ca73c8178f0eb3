package main

import (
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/flasklint/flasklint/rules/rule"
)

// ruleTimer measures, for --verbose, how long parsing and the project
// model took and how long each rule ran. The driver reports neither, but
// it runs the parser and the model before the first rule, so the moment
// the first rule starts marks the end of both.
type ruleTimer struct {
	mu    sync.Mutex
	start time.Time
	first time.Time // when the first rule started; zero if none ran
	spent []ruleTime
}

// ruleTime is how long one rule's analyzer ran.
type ruleTime struct {
	id string
	d  time.Duration
}

// newRuleTimer starts the clock.
func newRuleTimer() *ruleTimer {
	return &ruleTimer{start: time.Now()}
}

// wrap returns copies of the rules whose analyzers report to the timer.
// The copies keep the Requires of the originals, so the model analyzer,
// whose result the rules look up by identity, is shared as before.
func (t *ruleTimer) wrap(rules []*rule.Rule) []*rule.Rule {
	out := make([]*rule.Rule, 0, len(rules))
	for _, r := range rules {
		a := *r.Analyzer
		inner, id := a.Run, r.ID
		a.Run = func(pass *analysis.Pass) (any, error) {
			began := t.began()
			res, err := inner(pass)
			t.record(id, time.Since(began))
			return res, err
		}
		out = append(out, &rule.Rule{Meta: r.Meta, Analyzer: &a})
	}
	return out
}

// began notes that a rule is starting and returns the time.
func (t *ruleTimer) began() time.Time {
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.first.IsZero() {
		t.first = now
	}
	return now
}

// record adds one rule's running time.
func (t *ruleTimer) record(id string, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.spent = append(t.spent, ruleTime{id, d})
}

// log prints the timings as verbose lines.
func (t *ruleTimer) log(c *cli, opts *options, files int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.first.IsZero() {
		c.logf(opts, "parsed %s in %s; no rules selected",
			plural(files, "file"), formatDuration(time.Since(t.start)))
		return
	}
	c.logf(opts, "parsed and modelled %s in %s", plural(files, "file"),
		formatDuration(t.first.Sub(t.start)))
	for _, s := range t.spent {
		c.logf(opts, "%s ran in %s", s.id, formatDuration(s.d))
	}
}
