package config

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// line is one `key = value  # origin` line of the printed settings.
type line struct{ assign, origin string }

// Write prints the resolved settings as TOML that could be pasted into
// .flasklint.toml, each value followed by a comment saying where it came
// from, with the options of the rules named in running. show turns
// absolute paths into the form the user reads.
func (s *Settings) Write(w io.Writer, show func(string) string, running []string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# project: %s\n", show(s.root))
	if s.File == "" {
		b.WriteString("# configuration file: none found, using the defaults\n")
	} else {
		fmt.Fprintf(&b, "# configuration file: %s\n", show(s.File))
	}

	b.WriteString("\n")
	writeLines(&b, []line{
		{"select = " + quoteList(s.Select.Value), s.Select.Origins(show)},
		{"ignore = " + quoteList(s.Ignore.Value), s.Ignore.Origins(show)},
		{"fail-on = " + strconv.Quote(s.FailOn.Value), s.FailOn.Origins(show)},
		{"exclude = " + quoteList(s.Exclude.Value), s.Exclude.Origins(show)},
		{"extend-exclude = " + quoteList(s.ExtendExclude.Value), s.ExtendExclude.Origins(show)},
	})

	b.WriteString("\n[per-file-ignores]\n")
	var pf []line
	for _, p := range s.PerFileIgnores {
		pf = append(pf, line{strconv.Quote(p.Glob) + " = " + quoteList(p.Rules), p.From.Show(show)})
	}
	writeLines(&b, pf)

	s.writeRuleOptions(&b, show, running)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeRuleOptions prints a table for every running rule that has
// options, with the configured value or the default.
func (s *Settings) writeRuleOptions(b *strings.Builder, show func(string) string,
	running []string) {
	ids := slices.Clone(running)
	slices.Sort(ids)
	for _, id := range ids {
		if len(s.schema.Options[id]) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n[rules.%s]\n", id)
		var lines []line
		for _, o := range s.schema.Options[id] {
			lines = append(lines, s.optionLine(id, o, show))
		}
		writeLines(b, lines)
	}
}

// optionLine is one option's value and origin.
func (s *Settings) optionLine(id string, o Option, show func(string) string) line {
	for _, ro := range s.Options {
		if ro.Rule == id && ro.Name == o.Name {
			return line{o.Name + " = " + ro.TOML, ro.From.Show(show)}
		}
	}
	value := strconv.Quote(o.Default)
	if o.List {
		value = quoteList(splitList(o.Default))
	}
	return line{o.Name + " = " + value, "default"}
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(v string) []string {
	out := []string{}
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// writeLines writes assignments with their origin comments aligned.
func writeLines(b *strings.Builder, lines []line) {
	width := 0
	for _, l := range lines {
		width = max(width, len(l.assign))
	}
	for _, l := range lines {
		fmt.Fprintf(b, "%-*s  # %s\n", width, l.assign, l.origin)
	}
}
