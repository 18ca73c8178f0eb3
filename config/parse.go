package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Error is a problem in a configuration file, at a line (and column, for
// syntax errors) when one is known.
type Error struct {
	File      string // absolute path
	Line, Col int
	Msg       string
}

// Error words the problem with the file's path as given.
func (e *Error) Error() string {
	return e.Show(func(p string) string { return p })
}

// Show words the problem, passing the file's path through show.
func (e *Error) Show(show func(string) string) string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", show(e.File), e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", show(e.File), e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", show(e.File), e.Msg)
}

// Errors is every problem found in one file, in line order.
type Errors []*Error

// Error lists the problems, one a line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// document is a parsed configuration file.
type document struct {
	path   string
	table  map[string]any // flasklint's table; nil when pyproject.toml has none
	prefix []string       // where the table sits: [tool flasklint] in pyproject.toml
	pos    *positions
}

// parseFile reads a configuration file. A file that does not exist gives
// nil and no error.
func parseFile(path string) (*document, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{File: path, Msg: readProblem(err)}
	}

	text := string(data)
	raw := map[string]any{} // an empty file is an empty table, not a missing one
	if _, err := toml.Decode(text, &raw); err != nil {
		return nil, syntaxError(path, text, err)
	}

	doc := &document{path: path, table: raw, pos: scanPositions(text)}
	if filepath.Base(path) == PyprojectName {
		doc.prefix = []string{"tool", "flasklint"}
		tool, _ := raw["tool"].(map[string]any)
		doc.table, _ = tool["flasklint"].(map[string]any)
	}
	return doc, nil
}

// readProblem words a read error without Go's "open /path:" prefix.
func readProblem(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return "cannot read: " + pe.Err.Error()
	}
	return "cannot read: " + err.Error()
}

// syntaxError turns the library's error into an Error at its position.
func syntaxError(path, text string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &Error{File: path, Line: pe.Position.Line, Col: column(text, pe.Position),
			Msg: "invalid TOML: " + pe.Message}
	}
	return &Error{File: path, Msg: "invalid TOML: " + err.Error()}
}

// column counts the code points from the start of the error's line to its
// byte offset. The library's own Col is one line off for an error in the
// first column (it says line 2, column 26 for the start of line 2), so it
// is used only when the offset does not fall on the reported line.
func column(text string, p toml.Position) int {
	start := 0
	for line := 1; line < p.Line && start < len(text); line++ {
		i := strings.IndexByte(text[start:], '\n')
		if i < 0 {
			return p.Col
		}
		start += i + 1
	}
	if p.Start < start || p.Start > len(text) {
		return p.Col
	}
	return utf8.RuneCountInString(text[start:p.Start]) + 1
}
