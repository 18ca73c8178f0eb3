package config

import (
	"strconv"
	"strings"
)

// The TOML library reports positions for syntax errors but not for keys
// or values of a valid document. Errors about a valid document (an unknown
// key, an unknown rule ID in a list) must still name the line, so this
// file scans the text once more and records where each key and each array
// item stands. The document has already been parsed by the library, so
// the scanner can be lenient: it never reports errors of its own.

// positions maps a key path to the line it is written on, and an array
// key path to the lines of its items.
type positions struct {
	keys  map[string]int
	items map[string][]int
}

// pathKey joins the parts of a key path into a map key.
func pathKey(parts []string) string {
	return strings.Join(parts, "\x00")
}

// keyLine returns the line of the key path, or of its nearest ancestor
// that has one, or 0.
func (p *positions) keyLine(parts []string) int {
	for n := len(parts); n > 0; n-- {
		if line, ok := p.keys[pathKey(parts[:n])]; ok {
			return line
		}
	}
	return 0
}

// itemLine returns the line of item i of the array at the key path, or
// the key's line when the item's is unknown.
func (p *positions) itemLine(parts []string, i int) int {
	if lines := p.items[pathKey(parts)]; i < len(lines) {
		return lines[i]
	}
	return p.keyLine(parts)
}

// token is one lexical unit of a TOML document.
type token struct {
	kind byte   // 's' string, 'w' bare word, 'n' newline, or the punctuation itself
	text string // the value of a string or word
	line int
}

// scanPositions records the positions of every key and array item.
func scanPositions(src string) *positions {
	s := &scanner{toks: lex(src), pos: &positions{
		keys: map[string]int{}, items: map[string][]int{},
	}}
	s.document()
	return s.pos
}

// lex splits a document into tokens, dropping comments and white space.
func lex(src string) []token {
	var out []token
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			out = append(out, token{kind: 'n', line: line})
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			text, n := lexString(src[i:])
			out = append(out, token{kind: 's', text: text, line: line})
			line += strings.Count(src[i:i+n], "\n")
			i += n
		case strings.IndexByte("[]{}=,.", c) >= 0:
			out = append(out, token{kind: c, line: line})
			i++
		default:
			n := wordLen(src[i:])
			out = append(out, token{kind: 'w', text: src[i : i+n], line: line})
			i += n
		}
	}
	return out
}

// wordLen is the length of a bare key or scalar at the start of s.
func wordLen(s string) int {
	n := 0
	for n < len(s) && !strings.ContainsRune(" \t\r\n#[]{}=,.\"'", rune(s[n])) {
		n++
	}
	return max(n, 1)
}

// lexString reads the string at the start of s and returns its value and
// its length in bytes. Multi-line strings are read whole.
func lexString(s string) (string, int) {
	q := s[:1]
	if strings.HasPrefix(s, q+q+q) {
		end := strings.Index(s[3:], q+q+q)
		if end < 0 {
			return s[3:], len(s)
		}
		return s[3 : 3+end], end + 6
	}
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && q == `"`:
			i++
		case s[i] == q[0]:
			return unquote(s[:i+1]), i + 1
		case s[i] == '\n':
			return s[1:i], i
		}
	}
	return s[1:], len(s)
}

// unquote returns a string literal's value. TOML's basic strings use the
// same escapes as Go for everything a key or rule ID may hold.
func unquote(lit string) string {
	if lit[0] == '\'' {
		return lit[1 : len(lit)-1]
	}
	if v, err := strconv.Unquote(lit); err == nil {
		return v
	}
	return lit[1 : len(lit)-1]
}

// scanner walks the tokens of a document.
type scanner struct {
	toks  []token
	i     int
	table []string // the current [table]
	pos   *positions
}

// peek returns the kind of the current token, or 0 at the end.
func (s *scanner) peek() byte {
	if s.i < len(s.toks) {
		return s.toks[s.i].kind
	}
	return 0
}

// document reads table headers and key/value lines to the end.
func (s *scanner) document() {
	for s.peek() != 0 {
		switch s.peek() {
		case 'n':
			s.i++
		case '[':
			s.header()
		default:
			s.keyValue(s.table)
			s.skipLine()
		}
	}
}

// header reads [table] or [[array.of.tables]].
func (s *scanner) header() {
	s.i++
	if s.peek() == '[' {
		s.i++
	}
	line := s.toks[s.i-1].line
	key := s.key()
	s.table = key
	s.record(nil, key, line)
	s.skipLine()
}

// skipLine moves past the rest of the line.
func (s *scanner) skipLine() {
	for s.peek() != 0 && s.peek() != 'n' {
		s.i++
	}
}

// key reads a dotted key.
func (s *scanner) key() []string {
	var parts []string
	for s.peek() == 's' || s.peek() == 'w' {
		parts = append(parts, s.toks[s.i].text)
		s.i++
		if s.peek() != '.' {
			break
		}
		s.i++
	}
	return parts
}

// keyValue reads `key = value` inside the table at base.
func (s *scanner) keyValue(base []string) {
	if s.peek() != 's' && s.peek() != 'w' {
		s.i++ // not a key: step over it so the scan always advances
		return
	}
	line := s.toks[s.i].line
	key := s.key()
	full := s.record(base, key, line)
	if s.peek() == '=' {
		s.i++
		s.value(full)
	}
}

// record notes the line of a key and of each of its dotted prefixes, and
// returns the full path. The first definition wins.
func (s *scanner) record(base, key []string, line int) []string {
	full := append(append([]string{}, base...), key...)
	for n := len(base) + 1; n <= len(full); n++ {
		if _, ok := s.pos.keys[pathKey(full[:n])]; !ok {
			s.pos.keys[pathKey(full[:n])] = line
		}
	}
	return full
}

// value reads one value of the key at path.
func (s *scanner) value(path []string) {
	switch s.peek() {
	case '[':
		s.array(path)
	case '{':
		s.inlineTable(path)
	default:
		for k := s.peek(); k != 0 && k != 'n' && k != ',' && k != ']' && k != '}'; k = s.peek() {
			s.i++
		}
	}
}

// array reads [item, ...], noting the line of each item.
func (s *scanner) array(path []string) {
	s.i++
	id := pathKey(path)
	for k := s.peek(); k != 0 && k != ']'; k = s.peek() {
		if k == 'n' || k == ',' {
			s.i++
			continue
		}
		s.pos.items[id] = append(s.pos.items[id], s.toks[s.i].line)
		s.value(path)
	}
	if s.peek() == ']' {
		s.i++
	}
}

// inlineTable reads { key = value, ... }.
func (s *scanner) inlineTable(path []string) {
	s.i++
	for k := s.peek(); k != 0 && k != '}'; k = s.peek() {
		if k == 'n' || k == ',' {
			s.i++
			continue
		}
		s.keyValue(path)
	}
	if s.peek() == '}' {
		s.i++
	}
}
