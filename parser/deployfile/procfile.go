package deployfile

import (
	"bytes"
	"strings"
)

// Procfile is a parsed Procfile (Heroku, Dokku, honcho, foreman).
type Procfile struct {
	Path      string
	Processes []Process
}

// Process is one line of a Procfile: a process type and its command.
type Process struct {
	Type    string // "web", "worker", "release"
	Line    int
	Offset  int // byte offset of the process type
	Command Command
}

// Lookup returns the process of the given type, or nil. When a type is
// declared twice the later line wins, as the process managers read it.
func (p *Procfile) Lookup(typ string) *Process {
	for i := len(p.Processes) - 1; i >= 0; i-- {
		if p.Processes[i].Type == typ {
			return &p.Processes[i]
		}
	}
	return nil
}

// ParseProcfile reads a Procfile. Its commands run through a shell, so
// they are shell form.
func ParseProcfile(path string, src []byte) (*Procfile, error) {
	pf := &Procfile{Path: path}
	if err := checkBinary(path, src); err != nil {
		return pf, err
	}

	errs := errList{path: path}
	seen := map[string]bool{}
	for _, ln := range splitLines(src) {
		text := bytes.TrimSpace(ln.text)
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		proc, ok := procFromLine(ln)
		if proc.Type == "" {
			errs.addf(ln.num, "not a Procfile line of the form type: command")
			continue
		}
		if !ok {
			errs.addf(ln.num, "process type %s has no command", proc.Type)
			continue
		}
		if seen[proc.Type] {
			errs.addf(ln.num, "process type %s is declared more than once", proc.Type)
		}
		seen[proc.Type] = true
		pf.Processes = append(pf.Processes, proc)
	}
	return pf, errs.err()
}

// procFromLine reads a "type: command" line. It returns a zero Process
// when the line has another shape, and false when the command is empty.
func procFromLine(ln physLine) (Process, bool) {
	indent := len(ln.text) - len(bytes.TrimLeft(ln.text, " \t"))
	text := ln.text[indent:]
	typ := text[:nameLen(text, "_-")]
	rest := bytes.TrimLeft(text[len(typ):], " \t")
	if len(typ) == 0 || len(rest) == 0 || rest[0] != ':' {
		return Process{}, false
	}

	raw := bytes.TrimSpace(rest[1:])
	start := ln.start + indent
	cmdOff := start + len(text) - len(bytes.TrimLeft(rest[1:], " \t"))
	cmd := Command{Raw: string(raw), Argv: SplitCommand(string(raw)), Line: ln.num, Offset: cmdOff}
	proc := Process{Type: string(typ), Line: ln.num, Offset: start, Command: cmd}
	return proc, len(raw) > 0
}

// nameLen is the length of the run of ASCII letters, digits and bytes in
// extra at the start of b.
func nameLen(b []byte, extra string) int {
	for i, c := range b {
		alnum := (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')
		if !alnum && strings.IndexByte(extra, c) < 0 {
			return i
		}
	}
	return len(b)
}
