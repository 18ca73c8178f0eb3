package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/pflag"
)

// configCommand prints the settings a project is analysed with and where
// each came from: `flasklint config [path]`.
func (c *cli) configCommand(fs *pflag.FlagSet, opts *options, args []string) int {
	if err := onlyFlags(fs, "config", "select", "ignore", "fail-on", "exclude",
		"extend-exclude", "config", "isolated", "output"); err != nil {
		return c.fail(err)
	}
	if len(args) > 1 {
		return c.fail(fmt.Errorf("config takes at most one path, got %d", len(args)))
	}
	if opts.isolated && opts.config != "" {
		return c.fail(fmt.Errorf("--config and --isolated exclude each other"))
	}
	targets, err := c.projects(fs, opts, args)
	if err != nil {
		return c.fail(err)
	}

	p := targets[0].proj
	var ids, hidden []string
	for _, r := range p.sel.rules {
		ids = append(ids, r.ID)
	}
	var buf bytes.Buffer
	if err := p.settings.Write(&buf, c.show, ids); err != nil {
		return c.fail(err)
	}
	for _, m := range toolMetas {
		if p.sel.hidden[m.ID] {
			hidden = append(hidden, m.ID)
		}
	}
	fmt.Fprintf(&buf, "\n# rules that run: %s\n", orNone(ids))
	fmt.Fprintf(&buf, "# tool diagnostics hidden: %s\n", orNone(hidden))
	return c.emit(opts, buf.Bytes())
}

// orNone joins IDs, or says "none".
func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}
