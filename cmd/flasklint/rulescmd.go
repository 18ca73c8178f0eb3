package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/rules"
	"github.com/flasklint/flasklint/rules/rule"
)

// rulesCommand prints the table of rules: `flasklint rules`.
func (c *cli) rulesCommand(fs *pflag.FlagSet, opts *options, args []string) int {
	if err := onlyFlags(fs, "rules", "format", "output", "select", "ignore"); err != nil {
		return c.fail(err)
	}
	if len(args) > 0 {
		return c.fail(fmt.Errorf("rules takes no arguments, got %q", args[0]))
	}
	sel, err := selectRules(c.rules, opts.selects, opts.ignores)
	if err != nil {
		return c.fail(err)
	}

	metas := ruleMetas(sel.rules)
	var buf bytes.Buffer
	switch opts.format {
	case "text":
		writeRulesTable(&buf, metas)
	case "json":
		err = writeRulesJSON(&buf, metas)
	case "markdown":
		writeRulesMarkdown(&buf, metas)
	default:
		err = fmt.Errorf("unknown format %q for rules (want text, json or markdown)", opts.format)
	}
	if err != nil {
		return c.fail(err)
	}
	return c.emit(opts, buf.Bytes())
}

// errExplainUsage is the message for explain without exactly one rule.
var errExplainUsage = errors.New(
	"explain takes one rule ID, as in: flasklint explain HC-FLASK-022")

// explainCommand prints one rule's page, the same Markdown as its file in
// docs/rules: `flasklint explain HC-FLASK-022`.
func (c *cli) explainCommand(fs *pflag.FlagSet, opts *options, args []string) int {
	if err := onlyFlags(fs, "explain", "output"); err != nil {
		return c.fail(err)
	}
	if len(args) != 1 {
		return c.fail(errExplainUsage)
	}
	m := findMeta(c.rules, args[0])
	if m == nil {
		return c.fail(fmt.Errorf("unknown rule %q (see flasklint rules)", args[0]))
	}

	return c.emit(opts, []byte(rules.RenderDoc(m)))
}

// emit writes a subcommand's output to standard output or --output.
func (c *cli) emit(opts *options, data []byte) int {
	write := func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
	var err error
	if opts.output == "" {
		err = write(c.stdout)
	} else if err = writeAtomic(c.abs(opts.output), write); err != nil {
		err = fmt.Errorf("cannot write %s: %w", opts.output, err)
	}
	if err != nil {
		return c.fail(err)
	}
	return exitClean
}

// ruleMetas returns the rules' metadata in ID order.
func ruleMetas(rules []*rule.Rule) []*lint.Meta {
	out := make([]*lint.Meta, 0, len(rules))
	for _, r := range rules {
		out = append(out, r.Meta)
	}
	slices.SortFunc(out, func(a, b *lint.Meta) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// findMeta looks a rule up by ID or slug, ignoring case. Tool diagnostics
// are found too, since they show up in reports like rules.
func findMeta(rules []*rule.Rule, name string) *lint.Meta {
	metas := append(ruleMetas(rules), toolMetas...)
	for _, m := range metas {
		if strings.EqualFold(m.ID, name) || strings.EqualFold(m.Slug, name) {
			return m
		}
	}
	return nil
}

// writeRulesTable writes the rules as aligned columns.
func writeRulesTable(w io.Writer, metas []*lint.Meta) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSEVERITY\tCONFIDENCE\tTITLE")
	for _, m := range metas {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.ID, m.Slug, m.Severity, m.Confidence, m.Title)
	}
	_ = tw.Flush() // w is a bytes.Buffer, which cannot fail
}

// writeRulesMarkdown writes the rules as the Markdown table the README
// carries, so that it can be regenerated rather than edited by hand.
func writeRulesMarkdown(w io.Writer, metas []*lint.Meta) {
	fmt.Fprintln(w, "| ID | Name | Severity | Confidence | What it flags |")
	fmt.Fprintln(w, "|----|------|----------|------------|---------------|")
	for _, m := range metas {
		fmt.Fprintf(w, "| [%s](%s) | `%s` | %s | %s | %s |\n", m.ID, m.HelpURI(), m.Slug,
			m.Severity, m.Confidence, strings.ReplaceAll(m.Title, "|", `\|`))
	}
}

// ruleJSON is one rule in `flasklint rules --format json`. Keys are only
// ever added.
type ruleJSON struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Title            string   `json:"title"`
	Summary          string   `json:"summary"`
	Severity         string   `json:"severity"`
	Confidence       string   `json:"confidence"`
	CWE              []int    `json:"cwe"`
	SecuritySeverity float64  `json:"security_severity"`
	Tags             []string `json:"tags"`
	Status           string   `json:"status"`
	Since            string   `json:"since"`
	HelpURI          string   `json:"help_uri"`
}

// writeRulesJSON writes the rules as a JSON array.
func writeRulesJSON(w io.Writer, metas []*lint.Meta) error {
	out := make([]ruleJSON, 0, len(metas))
	for _, m := range metas {
		out = append(out, ruleJSON{
			ID: m.ID, Name: m.Slug, Title: m.Title, Summary: m.Summary(),
			Severity: m.Severity.String(), Confidence: m.Confidence.String(),
			CWE: nonNil(m.CWE), SecuritySeverity: m.SecuritySeverity, Tags: nonNil(m.Tags),
			Status: m.Status, Since: m.Since, HelpURI: m.HelpURI(),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
