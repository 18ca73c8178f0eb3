package deployfile

// NginxConf is a parsed nginx configuration file. Include directives are
// kept as directives; following them is the caller's business.
type NginxConf struct {
	Path       string
	Directives []*Directive // top level, in file order
}

// Directive is one nginx directive: `name args...;` or `name args... {`
// followed by a block.
type Directive struct {
	Name   string
	Args   []string // quotes removed, escapes \" \' \\ \t \r \n resolved
	Line   int
	Offset int // byte offset of the name
	// Block is true for a directive that opens a block (server, location),
	// whose directives are in Children.
	Block    bool
	Children []*Directive
}

// Walk calls fn for every directive, parents before children, with the
// chain of enclosing block directives, outermost first. The parents slice
// is reused between calls; copy it to keep it.
func (c *NginxConf) Walk(fn func(d *Directive, parents []*Directive)) {
	walkDirectives(c.Directives, nil, fn)
}

// walkDirectives visits ds and their children. Nesting is bounded by
// maxNginxDepth, so the recursion is too.
func walkDirectives(ds []*Directive, parents []*Directive, fn func(*Directive, []*Directive)) {
	for _, d := range ds {
		fn(d, parents)
		if len(d.Children) > 0 {
			walkDirectives(d.Children, append(parents, d), fn)
		}
	}
}

// maxNginxDepth bounds block nesting; real configurations nest a handful
// of levels, and a deeper file is garbage that must not exhaust the stack.
const maxNginxDepth = 64

// ParseNginx reads an nginx configuration file: directives separated by
// ";", blocks in braces, # comments, and single- or double-quoted strings.
func ParseNginx(path string, src []byte) (*NginxConf, error) {
	conf := &NginxConf{Path: path}
	if err := checkBinary(path, src); err != nil {
		return conf, err
	}

	p := nginxParser{
		lx:   nginxLexer{src: src, pos: bomLen(src), line: 1},
		errs: errList{path: path},
		conf: conf,
	}
	p.run()
	return conf, p.errs.err()
}

// nginxParser builds the directive tree from tokens.
type nginxParser struct {
	lx      nginxLexer
	errs    errList
	conf    *NginxConf
	stack   []*Directive // open blocks, innermost last
	pending *Directive   // directive being read, not yet ended
}

// run reads tokens until the end of the file or a fatal problem.
func (p *nginxParser) run() {
	for {
		tok, ok := p.lx.next(&p.errs)
		if !ok {
			break
		}
		if !p.token(tok) {
			return
		}
	}
	p.finish()
}

// token handles one token and reports whether reading can go on.
func (p *nginxParser) token(tok nginxToken) bool {
	switch {
	case tok.quoted || tok.kind == 0:
		p.word(tok)
	case tok.kind == ';':
		p.endDirective(tok)
	case tok.kind == '{':
		return p.openBlock(tok)
	case tok.kind == '}':
		p.closeBlock(tok)
	}
	return true
}

// word adds a word to the pending directive, starting one if needed.
func (p *nginxParser) word(tok nginxToken) {
	if p.pending == nil {
		p.pending = &Directive{Name: tok.text, Line: tok.line, Offset: tok.offset}
		return
	}
	p.pending.Args = append(p.pending.Args, tok.text)
}

// endDirective ends the pending directive at ";".
func (p *nginxParser) endDirective(tok nginxToken) {
	if p.pending == nil {
		p.errs.addf(tok.line, "unexpected \";\"")
		return
	}
	p.attach(p.pending)
	p.pending = nil
}

// openBlock turns the pending directive into a block at "{".
func (p *nginxParser) openBlock(tok nginxToken) bool {
	d := p.pending
	p.pending = nil
	if d == nil {
		p.errs.addf(tok.line, "unexpected \"{\"")
		d = &Directive{Line: tok.line, Offset: tok.offset}
	}
	d.Block = true
	p.attach(d)
	if len(p.stack) >= maxNginxDepth {
		p.errs.addf(tok.line, "blocks nested more than %d deep, rest of file not read",
			maxNginxDepth)
		return false
	}
	p.stack = append(p.stack, d)
	return true
}

// closeBlock ends the innermost block at "}".
func (p *nginxParser) closeBlock(tok nginxToken) {
	if p.pending != nil {
		p.errs.addf(p.pending.Line, "directive %q is not terminated by \";\"", p.pending.Name)
		p.attach(p.pending)
		p.pending = nil
	}
	if len(p.stack) == 0 {
		p.errs.addf(tok.line, "unexpected \"}\"")
		return
	}
	p.stack = p.stack[:len(p.stack)-1]
}

// attach adds d to the innermost open block, or to the top level.
func (p *nginxParser) attach(d *Directive) {
	if len(p.stack) == 0 {
		p.conf.Directives = append(p.conf.Directives, d)
		return
	}
	parent := p.stack[len(p.stack)-1]
	parent.Children = append(parent.Children, d)
}

// finish reports what the end of the file left open.
func (p *nginxParser) finish() {
	if p.pending != nil {
		p.errs.addf(p.pending.Line, "directive %q is not terminated by \";\"", p.pending.Name)
		p.attach(p.pending)
	}
	for i := len(p.stack) - 1; i >= 0; i-- {
		p.errs.addf(p.stack[i].Line, "block %q is not closed", p.stack[i].Name)
	}
}
