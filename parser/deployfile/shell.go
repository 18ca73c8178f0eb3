package deployfile

import "strings"

// SplitCommand splits a command line into words the way a POSIX shell does
// before it expands anything: blanks separate words, single quotes keep
// their content as is, double quotes keep it except for backslash escapes
// of $ ` " \ and newline, a backslash outside quotes keeps the next byte,
// and a # that starts a word begins a comment. Variables ($PORT) are left as
// written, because their values are not known here.
//
// Control operators (;, &, &&, |, ||) come back as words of their own, and
// an unquoted newline between commands comes back as ";", so that callers
// can cut a command list into simple commands. An unterminated quote runs
// to the end of s; the function never fails.
func SplitCommand(s string) []string {
	lx := shellLexer{s: s, operators: true, comments: true}
	return lx.run()
}

// splitWords splits s into words with shell quoting but without treating
// operators or comments specially, as Dockerfile ENV and ARG do.
func splitWords(s string) []string {
	lx := shellLexer{s: s}
	return lx.run()
}

// shellUnquote removes shell quoting from s but keeps its blanks, as the
// value of a legacy `ENV KEY some value` instruction is read.
func shellUnquote(s string) string {
	lx := shellLexer{s: s, keepSpace: true}
	words := lx.run()
	return strings.Join(words, "")
}

// shellLexer holds the state of one word-splitting pass.
type shellLexer struct {
	s         string
	keepSpace bool // blanks are content, not separators
	operators bool // emit control operators as words
	comments  bool // a # at the start of a word ends the line

	words   []string
	cur     strings.Builder
	inWord  bool
	pending bool // an unquoted newline was seen since the last word
}

// run splits the whole input.
func (lx *shellLexer) run() []string {
	for i := 0; i < len(lx.s); {
		i = lx.step(i)
	}
	lx.flush()
	return lx.words
}

// step consumes the construct starting at byte i and returns where the next
// one starts.
func (lx *shellLexer) step(i int) int {
	c := lx.s[i]
	switch {
	case c == '\\':
		return lx.backslash(i)
	case c == '\'':
		return lx.singleQuoted(i + 1)
	case c == '"':
		return lx.doubleQuoted(i + 1)
	case lx.keepSpace:
		lx.add(c)
	case c == '#' && lx.comments && !lx.inWord:
		return lx.comment(i)
	case c == '\n' && lx.operators:
		lx.flush()
		lx.pending = true
	case isSpace(c) || c == '\n':
		lx.flush()
	case lx.operators && isOperatorByte(c) && !lx.isRedirect(c):
		return lx.operator(i)
	default:
		lx.add(c)
	}
	return i + 1
}

// add appends one byte to the current word.
func (lx *shellLexer) add(c byte) {
	lx.startWord()
	lx.cur.WriteByte(c)
}

// startWord marks that a word has begun, even an empty one such as "".
func (lx *shellLexer) startWord() {
	if lx.inWord {
		return
	}
	if lx.pending && len(lx.words) > 0 && !isOperator(lx.words[len(lx.words)-1]) {
		lx.words = append(lx.words, ";")
	}
	lx.pending = false
	lx.inWord = true
}

// flush ends the current word, if any.
func (lx *shellLexer) flush() {
	if !lx.inWord {
		return
	}
	lx.words = append(lx.words, lx.cur.String())
	lx.cur.Reset()
	lx.inWord = false
}

// backslash handles a backslash outside quotes: it keeps the next byte, and
// together with a newline it joins two lines.
func (lx *shellLexer) backslash(i int) int {
	if i+1 >= len(lx.s) {
		lx.add('\\')
		return i + 1
	}
	if lx.s[i+1] == '\n' {
		return i + 2
	}
	lx.add(lx.s[i+1])
	return i + 2
}

// singleQuoted copies everything up to the closing quote.
func (lx *shellLexer) singleQuoted(i int) int {
	lx.startWord()
	end := strings.IndexByte(lx.s[i:], '\'')
	if end < 0 {
		lx.cur.WriteString(lx.s[i:])
		return len(lx.s)
	}
	lx.cur.WriteString(lx.s[i : i+end])
	return i + end + 1
}

// doubleQuoted copies up to the closing quote, honouring the few escapes
// that a shell honours inside double quotes.
func (lx *shellLexer) doubleQuoted(i int) int {
	lx.startWord()
	for ; i < len(lx.s); i++ {
		c := lx.s[i]
		if c == '"' {
			return i + 1
		}
		if c == '\\' && i+1 < len(lx.s) && strings.IndexByte("$`\"\\\n", lx.s[i+1]) >= 0 {
			i++
			if lx.s[i] != '\n' {
				lx.cur.WriteByte(lx.s[i])
			}
			continue
		}
		lx.cur.WriteByte(c)
	}
	return i
}

// comment skips to the end of the line, leaving the newline to be read.
func (lx *shellLexer) comment(i int) int {
	end := strings.IndexByte(lx.s[i:], '\n')
	if end < 0 {
		return len(lx.s)
	}
	return i + end
}

// operator emits a control operator as a word of its own.
func (lx *shellLexer) operator(i int) int {
	lx.flush()
	lx.pending = false
	n := 1
	if c := lx.s[i]; c != ';' && i+1 < len(lx.s) && lx.s[i+1] == c {
		n = 2
	}
	lx.words = append(lx.words, lx.s[i:i+n])
	return i + n
}

// isRedirect reports whether an & belongs to a redirection such as 2>&1
// rather than sending a command to the background.
func (lx *shellLexer) isRedirect(c byte) bool {
	if c != '&' || !lx.inWord || lx.cur.Len() == 0 {
		return false
	}
	last := lx.cur.String()[lx.cur.Len()-1]
	return last == '>' || last == '<'
}

// isOperatorByte reports whether c starts a control operator.
func isOperatorByte(c byte) bool {
	return c == ';' || c == '&' || c == '|'
}

// isOperator reports whether a word returned by SplitCommand is a control
// operator that separates simple commands.
func isOperator(w string) bool {
	switch w {
	case ";", "&", "&&", "|", "||":
		return true
	}
	return false
}
