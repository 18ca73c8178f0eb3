package deployfile

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// Dockerfile is a parsed Dockerfile.
type Dockerfile struct {
	Path         string
	Instructions []Instruction
	// Stages are the build stages in order; the last one is the image that
	// runs.
	Stages []Stage

	cmds []DockerCommand
	env  []StageVar
	args []StageVar
}

// Instruction is one Dockerfile instruction.
type Instruction struct {
	Keyword string // upper-cased: "FROM", "RUN", "CMD"
	// Args is the text after the keyword, with continuation lines joined
	// as Docker joins them (the escape character and newline removed).
	Args    string
	Line    int // line of the keyword
	EndLine int // last line, continuations and here-documents included
	Offset  int // byte offset of the keyword
	// Stage indexes Stages; it is -1 for an ARG before the first FROM.
	Stage int
	// Heredocs holds the bodies of here-documents (RUN <<EOF ... EOF).
	Heredocs []string
}

// Stage is one FROM and what follows it.
type Stage struct {
	Index int
	Name  string // the AS name, as written, or ""
	Image string // the base image, or the name of an earlier stage
	// Base indexes the earlier stage this one builds on, or is -1 when it
	// starts from an image; the final image inherits CMD and ENTRYPOINT
	// along this chain.
	Base int
	Line int
}

// Command is a command line as a deployment file gives it.
type Command struct {
	// Raw is the command as written: the shell-form text, or the list.
	Raw string
	// Argv is the list of an exec-form command, or the words of a
	// shell-form one as SplitCommand cuts them.
	Argv []string
	// Exec is true for the list (exec) form, which no shell interprets.
	Exec   bool
	Line   int
	Offset int
}

// DockerCommand is a CMD or ENTRYPOINT instruction.
type DockerCommand struct {
	Command
	Keyword string // "CMD" or "ENTRYPOINT"
	Stage   int
}

// StageVar is an ENV or ARG setting and the stage it belongs to.
type StageVar struct {
	Var
	Stage int
}

// Cmds returns every CMD and ENTRYPOINT, in file order.
func (d *Dockerfile) Cmds() []DockerCommand { return d.cmds }

// Env returns every ENV setting, in file order.
func (d *Dockerfile) Env() []StageVar { return d.env }

// Args returns every ARG, in file order; HasValue is false for an ARG
// without a default.
func (d *Dockerfile) Args() []StageVar { return d.args }

// FinalStage returns the index of the stage that runs, or -1 when the file
// has no FROM.
func (d *Dockerfile) FinalStage() int { return len(d.Stages) - 1 }

// RunCommand returns the ENTRYPOINT and CMD the final image runs, following
// the stages it builds on; either may be nil. Setting ENTRYPOINT in a stage
// drops a CMD inherited from an earlier one, as Docker does.
func (d *Dockerfile) RunCommand() (entrypoint, cmd *DockerCommand) {
	chain := d.stageChain(d.FinalStage())

	// A stage only builds on earlier stages, so file order is build order.
	for i := range d.cmds {
		c := &d.cmds[i]
		switch {
		case !chain[c.Stage]:
		case c.Keyword == "CMD":
			cmd = c
		default:
			entrypoint = c
			if cmd != nil && cmd.Stage != c.Stage {
				cmd = nil
			}
		}
	}
	return entrypoint, cmd
}

// stageChain returns the set of stages that stage builds on, itself
// included. Base always points backwards, so the walk ends.
func (d *Dockerfile) stageChain(stage int) map[int]bool {
	chain := map[int]bool{}
	for s := stage; s >= 0 && s < len(d.Stages) && !chain[s]; s = d.Stages[s].Base {
		chain[s] = true
	}
	return chain
}

// dockerKeywords are the instructions Docker knows.
var dockerKeywords = set("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
	"FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
	"STOPSIGNAL", "USER", "VOLUME", "WORKDIR")

// ParseDockerfile reads a Dockerfile: one instruction per logical line,
// lines joined at a trailing escape character (\ or the backtick chosen by
// a `# escape=` directive), comment and blank lines skipped even inside a
// continuation, and here-document bodies kept with their instruction. An
// unknown keyword is reported and kept, so that one typo does not hide the
// rest of the file.
func ParseDockerfile(path string, src []byte) (*Dockerfile, error) {
	df := &Dockerfile{Path: path}
	if err := checkBinary(path, src); err != nil {
		return df, err
	}

	p := dockerParser{
		df:         df,
		errs:       errList{path: path},
		lines:      splitLines(src),
		escape:     '\\',
		directives: true,
		stageNames: map[string]int{},
	}
	p.run()
	return df, p.errs.err()
}

// dockerParser holds the state of reading one Dockerfile.
type dockerParser struct {
	df         *Dockerfile
	errs       errList
	lines      []physLine
	i          int  // next line to read
	escape     byte // line continuation character, \ or `
	directives bool // parser directives may still appear
	// stageNames maps lower-cased AS names to stage indexes; Docker
	// compares stage names without regard to case.
	stageNames map[string]int
}

// run reads every instruction.
func (p *dockerParser) run() {
	for p.i < len(p.lines) {
		text := bytes.TrimLeft(p.lines[p.i].text, " \t")
		switch {
		case len(text) == 0:
			p.directives = false
			p.i++
		case text[0] == '#':
			p.directive(text)
			p.i++
		default:
			p.directives = false
			p.instruction()
		}
	}
}

// directiveRe matches a parser directive such as "# escape=`".
var directiveRe = regexp.MustCompile(`^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(\S*)\s*$`)

// directive honours `# escape=` at the top of the file; Windows
// Dockerfiles use a backtick so that paths can hold backslashes.
func (p *dockerParser) directive(text []byte) {
	if !p.directives {
		return
	}
	m := directiveRe.FindSubmatch(text)
	if m == nil {
		p.directives = false
		return
	}
	if strings.EqualFold(string(m[1]), "escape") && len(m[2]) == 1 &&
		(m[2][0] == '`' || m[2][0] == '\\') {
		p.escape = m[2][0]
	}
}

// instruction reads one instruction starting at the current line.
func (p *dockerParser) instruction() {
	first := p.lines[p.i]
	indent := len(first.text) - len(bytes.TrimLeft(first.text, " \t"))
	text, end := p.logicalLine()
	keyword, args := cutWord(text)

	ins := Instruction{
		Keyword: strings.ToUpper(keyword),
		Args:    args,
		Line:    first.num,
		EndLine: end,
		Offset:  first.start + indent,
		Stage:   len(p.df.Stages) - 1,
	}
	if !dockerKeywords[ins.Keyword] {
		p.errs.addf(ins.Line, "unknown instruction %q", keyword)
	}
	p.heredocs(&ins)

	p.interpret(&ins)
	p.df.Instructions = append(p.df.Instructions, ins)
}

// logicalLine joins the current line with its continuation lines and
// returns the text and the number of the last line used. Comment and blank
// lines inside a continuation are skipped, as Docker skips them.
func (p *dockerParser) logicalLine() (string, int) {
	var buf bytes.Buffer
	ln := p.lines[p.i]
	p.i++
	for {
		body, more := cutContinuation(ln.text, p.escape)
		buf.Write(body)
		if !more {
			break
		}
		next, ok := p.nextContinuation()
		if !ok {
			break
		}
		ln = next
	}
	return strings.TrimSpace(buf.String()), ln.num
}

// nextContinuation returns the next line that continues an instruction.
func (p *dockerParser) nextContinuation() (physLine, bool) {
	for p.i < len(p.lines) {
		ln := p.lines[p.i]
		p.i++
		text := bytes.TrimLeft(ln.text, " \t")
		if len(text) > 0 && text[0] != '#' {
			return ln, true
		}
	}
	return physLine{}, false
}

// cutContinuation removes a trailing escape character and reports whether
// the line continues.
func cutContinuation(line []byte, escape byte) ([]byte, bool) {
	trimmed := bytes.TrimRight(line, " \t")
	if len(trimmed) > 0 && trimmed[len(trimmed)-1] == escape {
		return trimmed[:len(trimmed)-1], true
	}
	return line, false
}

// heredocRe matches a here-document word: <<EOF, <<-EOF, <<"EOF".
var heredocRe = regexp.MustCompile(`^<<(-?)["']?([A-Za-z_][A-Za-z0-9_]*)["']?$`)

// heredocs reads the bodies of the here-documents that RUN, COPY and ADD
// may open, so that their lines are not taken for instructions.
func (p *dockerParser) heredocs(ins *Instruction) {
	switch ins.Keyword {
	case "RUN", "COPY", "ADD":
	default:
		return
	}
	for _, w := range splitWords(ins.Args) {
		m := heredocRe.FindStringSubmatch(w)
		if m == nil {
			continue
		}
		body, ok := p.heredocBody(m[2], m[1] == "-")
		ins.Heredocs = append(ins.Heredocs, body)
		if !ok {
			p.errs.addf(ins.Line, "here-document %s is not terminated", m[2])
		}
		if p.i > 0 {
			ins.EndLine = p.lines[p.i-1].num
		}
	}
}

// heredocBody consumes lines up to the terminator.
func (p *dockerParser) heredocBody(name string, stripTabs bool) (string, bool) {
	var body []string
	for p.i < len(p.lines) {
		text := string(p.lines[p.i].text)
		p.i++
		if stripTabs {
			text = strings.TrimLeft(text, "\t")
		}
		if text == name {
			return strings.Join(body, "\n"), true
		}
		body = append(body, text)
	}
	return strings.Join(body, "\n"), false
}

// interpret records what an instruction means for stages, commands and
// variables.
func (p *dockerParser) interpret(ins *Instruction) {
	switch ins.Keyword {
	case "FROM":
		p.from(ins)
	case "CMD", "ENTRYPOINT":
		p.df.cmds = append(p.df.cmds, DockerCommand{
			Command: parseDockerCommand(ins),
			Keyword: ins.Keyword,
			Stage:   ins.Stage,
		})
	case "ENV":
		p.df.env = append(p.df.env, p.keyValues(ins, true)...)
	case "ARG":
		p.df.args = append(p.df.args, p.keyValues(ins, false)...)
	}
	if ins.Stage < 0 && ins.Keyword != "ARG" && ins.Keyword != "FROM" {
		p.errs.addf(ins.Line, "%s before the first FROM", ins.Keyword)
	}
}

// from starts a new stage.
func (p *dockerParser) from(ins *Instruction) {
	var words []string
	for _, w := range splitWords(ins.Args) {
		if !strings.HasPrefix(w, "--") {
			words = append(words, w)
		}
	}
	st := Stage{Index: len(p.df.Stages), Base: -1, Line: ins.Line}
	if len(words) == 0 {
		p.errs.addf(ins.Line, "FROM without an image")
	} else {
		st.Image = words[0]
	}
	if len(words) >= 3 && strings.EqualFold(words[1], "AS") {
		st.Name = words[2]
	}
	if base, ok := p.stageNames[strings.ToLower(st.Image)]; ok {
		st.Base = base
	}
	if st.Name != "" {
		p.stageNames[strings.ToLower(st.Name)] = st.Index
	}

	p.df.Stages = append(p.df.Stages, st)
	ins.Stage = st.Index
}

// parseDockerCommand reads a CMD or ENTRYPOINT. Like Docker, it takes the
// arguments as exec form only when they are a valid JSON list of strings,
// and as shell form otherwise.
func parseDockerCommand(ins *Instruction) Command {
	c := Command{Raw: ins.Args, Line: ins.Line, Offset: ins.Offset}
	if strings.HasPrefix(ins.Args, "[") {
		var argv []string
		if json.Unmarshal([]byte(ins.Args), &argv) == nil {
			c.Argv, c.Exec = argv, true
			return c
		}
	}
	c.Argv = SplitCommand(ins.Args)
	return c
}

// keyValues reads the settings of an ENV or ARG. ENV also has a legacy
// form, `ENV KEY the rest of the line`, used when the first word has no =.
func (p *dockerParser) keyValues(ins *Instruction, env bool) []StageVar {
	words := splitWords(ins.Args)
	if len(words) == 0 {
		p.errs.addf(ins.Line, "%s without a name", ins.Keyword)
		return nil
	}
	at := func(key, value string, has bool) StageVar {
		v := Var{Key: key, Value: value, HasValue: has, Line: ins.Line, Offset: ins.Offset}
		return StageVar{Var: v, Stage: ins.Stage}
	}

	if env && !strings.Contains(words[0], "=") {
		key, rest := cutWord(ins.Args)
		if rest == "" {
			p.errs.addf(ins.Line, "ENV %s without a value", key)
			return []StageVar{at(key, "", false)}
		}
		return []StageVar{at(key, shellUnquote(rest), true)}
	}
	var out []StageVar
	for _, w := range words {
		key, value, has := strings.Cut(w, "=")
		if key == "" || (env && !has) {
			p.errs.addf(ins.Line, "%s %q is not of the form KEY=value", ins.Keyword, w)
			continue
		}
		out = append(out, at(key, value, has))
	}
	return out
}

// cutWord splits s at its first run of blanks.
func cutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}
