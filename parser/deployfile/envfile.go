package deployfile

import (
	"bytes"
	"strings"
)

// EnvFile is a parsed dotenv file (.env, .flaskenv), read the way
// python-dotenv reads it, which is what Flask uses.
type EnvFile struct {
	Path    string
	Entries []Var
}

// Lookup returns the entry for key. When a key is set twice the later one
// wins, as python-dotenv reads it.
func (e *EnvFile) Lookup(key string) (Var, bool) {
	for i := len(e.Entries) - 1; i >= 0; i-- {
		if e.Entries[i].Key == key {
			return e.Entries[i], true
		}
	}
	return Var{}, false
}

// ParseEnvFile reads a dotenv file: KEY=value lines, optionally prefixed by
// `export`, with single-quoted (literal), double-quoted (backslash escapes)
// or bare values, # comments and blank lines. A quoted value may span
// lines. A KEY alone on its line is recorded with HasValue false. Variable
// references such as ${HOME} are kept as written.
func ParseEnvFile(path string, src []byte) (*EnvFile, error) {
	ef := &EnvFile{Path: path}
	if err := checkBinary(path, src); err != nil {
		return ef, err
	}

	p := envParser{src: src, pos: bomLen(src), line: 1, errs: errList{path: path}}
	for p.pos < len(p.src) {
		if v, ok := p.entry(); ok {
			ef.Entries = append(ef.Entries, v)
		}
	}
	return ef, p.errs.err()
}

// envParser is a cursor over a dotenv file.
type envParser struct {
	src  []byte
	pos  int
	line int
	errs errList
}

// entry reads one line, or one entry with a multi-line value, and reports
// whether it held an entry.
func (p *envParser) entry() (Var, bool) {
	p.skipBlanks()
	if p.atLineEnd() {
		p.skipLine()
		return Var{}, false
	}
	v := Var{Line: p.line, Offset: p.pos}
	if p.hasWord("export") {
		p.pos += len("export")
		p.skipBlanks()
	}

	v.Key = p.key()
	if v.Key == "" {
		p.errs.addf(v.Line, "expected KEY=value")
		p.skipLine()
		return Var{}, false
	}
	p.skipBlanks()
	if p.atLineEnd() {
		p.skipLine()
		return v, true
	}
	if p.src[p.pos] != '=' {
		p.errs.addf(v.Line, "expected = after %s", v.Key)
		p.skipLine()
		return v, true
	}

	p.pos++
	p.skipBlanks()
	v.Value, v.HasValue = p.value(), true
	p.endOfValue()
	return v, true
}

// hasWord reports whether word starts at the cursor and a blank follows.
func (p *envParser) hasWord(word string) bool {
	rest := p.src[p.pos:]
	return bytes.HasPrefix(rest, []byte(word)) && len(rest) > len(word) &&
		(rest[len(word)] == ' ' || rest[len(word)] == '\t')
}

// key reads a key: anything up to =, a blank, a # or the end of the line.
func (p *envParser) key() string {
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '=' || c == '#' || c == '\n' || isSpace(c) {
			break
		}
		p.pos++
	}
	return string(p.src[start:p.pos])
}

// value reads the value after "=".
func (p *envParser) value() string {
	if p.pos >= len(p.src) {
		return ""
	}
	switch p.src[p.pos] {
	case '\'':
		return p.quoted('\'', "\\'")
	case '"':
		return p.quoted('"', "\\'\"abfnrtv")
	}
	return p.bare()
}

// bare reads an unquoted value: the rest of the line, less a comment that
// follows a blank, less trailing blanks.
func (p *envParser) bare() string {
	start := p.pos
	end := p.lineEnd()
	p.pos = end
	text := string(bytes.TrimSuffix(p.src[start:end], []byte("\r")))
	for i := 1; i < len(text); i++ {
		if text[i] == '#' && isSpace(text[i-1]) {
			text = text[:i]
			break
		}
	}
	return strings.TrimRight(text, " \t\r\f\v")
}

// quoted reads a value in quotes that may span lines; escapes lists the
// bytes a backslash may escape inside them.
func (p *envParser) quoted(quote byte, escapes string) string {
	startLine := p.line
	var b strings.Builder
	for i := p.pos + 1; i < len(p.src); i++ {
		c := p.src[i]
		switch {
		case c == quote:
			p.pos = i + 1
			return b.String()
		case c == '\\' && i+1 < len(p.src) && strings.IndexByte(escapes, p.src[i+1]) >= 0:
			i++
			b.WriteByte(unescapeByte(p.src[i]))
		default:
			if c == '\n' {
				p.line++
			}
			b.WriteByte(c)
		}
	}
	p.errs.addf(startLine, "unterminated %c quote", quote)
	p.pos = len(p.src)
	return b.String()
}

// unescapeByte gives the byte a backslash escape stands for.
func unescapeByte(c byte) byte {
	switch c {
	case 'a':
		return '\a'
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'v':
		return '\v'
	}
	return c
}

// endOfValue checks that only blanks or a comment follow a value.
func (p *envParser) endOfValue() {
	p.skipBlanks()
	if !p.atLineEnd() {
		p.errs.addf(p.line, "unexpected text after the value")
	}
	p.skipLine()
}

// skipBlanks moves past spaces and tabs.
func (p *envParser) skipBlanks() {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

// atLineEnd reports whether only a comment or nothing is left on the line.
func (p *envParser) atLineEnd() bool {
	return p.pos >= len(p.src) || p.src[p.pos] == '\n' || p.src[p.pos] == '#'
}

// lineEnd returns the offset of the newline ending the current line.
func (p *envParser) lineEnd() int {
	if i := bytes.IndexByte(p.src[p.pos:], '\n'); i >= 0 {
		return p.pos + i
	}
	return len(p.src)
}

// skipLine moves to the start of the next line.
func (p *envParser) skipLine() {
	p.pos = p.lineEnd()
	if p.pos < len(p.src) {
		p.pos++
		p.line++
	}
}
