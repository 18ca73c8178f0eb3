package deployfile

import "strings"

// nginxToken is a word or one of ; { }.
type nginxToken struct {
	kind   byte // 0 for a word, else ';', '{' or '}'
	text   string
	quoted bool // a quoted word, which is never punctuation
	line   int
	offset int
}

// nginxLexer cuts an nginx file into tokens the way nginx does.
type nginxLexer struct {
	src  []byte
	pos  int
	line int
}

// next returns the next token, or false at the end of the file.
func (lx *nginxLexer) next(errs *errList) (nginxToken, bool) {
	lx.skipSpaceAndComments()
	if lx.pos >= len(lx.src) {
		return nginxToken{}, false
	}

	tok := nginxToken{line: lx.line, offset: lx.pos}
	switch c := lx.src[lx.pos]; c {
	case ';', '{', '}':
		tok.kind = c
		lx.pos++
	case '"', '\'':
		tok.text, tok.quoted = lx.quoted(c, errs), true
	default:
		tok.text = lx.word()
	}
	return tok, true
}

// skipSpaceAndComments moves past blanks, newlines and # comments.
func (lx *nginxLexer) skipSpaceAndComments() {
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c == '\n':
			lx.line++
			lx.pos++
		case isSpace(c):
			lx.pos++
		case c == '#':
			for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
				lx.pos++
			}
		default:
			return
		}
	}
}

// word reads an unquoted word. As in nginx, it ends at a blank, ";" or
// "{", except that "{" right after "$" belongs to a variable (${host});
// "}" does not end a word.
func (lx *nginxLexer) word() string {
	var b strings.Builder
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if c == '\n' || isSpace(c) || c == ';' || (c == '{' && !endsWithDollar(&b)) {
			break
		}
		if c == '\\' && lx.pos+1 < len(lx.src) && lx.src[lx.pos+1] != '\n' {
			lx.escape(&b)
			continue
		}
		b.WriteByte(c)
		lx.pos++
	}
	return b.String()
}

// endsWithDollar reports whether the word so far ends in "$".
func endsWithDollar(b *strings.Builder) bool {
	s := b.String()
	return len(s) > 0 && s[len(s)-1] == '$'
}

// quoted reads a quoted string, which may span lines.
func (lx *nginxLexer) quoted(quote byte, errs *errList) string {
	start := lx.line
	lx.pos++
	var b strings.Builder
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c == quote:
			lx.pos++
			return b.String()
		case c == '\\' && lx.pos+1 < len(lx.src):
			lx.escape(&b)
			continue
		case c == '\n':
			lx.line++
		}
		b.WriteByte(c)
		lx.pos++
	}
	errs.addf(start, "unterminated %c quote", quote)
	return b.String()
}

// escape resolves the backslash escapes nginx resolves and keeps any other
// backslash, which regular expressions in location need.
func (lx *nginxLexer) escape(b *strings.Builder) {
	next := lx.src[lx.pos+1]
	switch next {
	case '"', '\'', '\\':
		b.WriteByte(next)
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'n':
		b.WriteByte('\n')
	default:
		b.WriteByte('\\')
		lx.pos++
		return
	}
	lx.pos += 2
}
