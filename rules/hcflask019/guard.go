package hcflask019

import (
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// debugFlags are the names that say the app runs in debug or testing mode:
// app.debug, current_app.testing, app.config["DEBUG"], a DEBUG constant,
// os.getenv("FLASK_DEBUG").
var debugFlags = map[string]bool{
	"debug": true, "testing": true, "DEBUG": true, "TESTING": true, "FLASK_DEBUG": true,
}

// debugGuard returns 1 when a condition holds only in debug or testing
// mode, -1 when it holds only outside them (`not app.debug`), and 0 when
// it says neither.
func debugGuard(f *parser.File, cond parser.NodeID) int {
	switch f.Kind(cond) {
	case "not_operator":
		return -debugGuard(f, f.Field(cond, "argument"))
	case "parenthesized_expression":
		if inner := f.NamedChildren(cond); len(inner) == 1 {
			return debugGuard(f, inner[0])
		}
	case "identifier":
		return flag(f.Text(cond))
	case "attribute":
		return flag(f.Text(f.Field(cond, "attribute")))
	case "subscript":
		key, _ := f.StringValue(f.Field(cond, "subscript"))
		return flag(key)
	case "call":
		if args := model.PositionalArgs(f, cond); len(args) > 0 {
			key, _ := f.StringValue(args[0])
			return flag(key)
		}
	}
	return 0
}

// flag returns 1 for a debug or testing flag name.
func flag(name string) int {
	if debugFlags[name] {
		return 1
	}
	return 0
}

// underMainGuard reports whether n runs only when its module is run as a
// script, inside `if __name__ == "__main__":` with no other if around it.
func underMainGuard(f *parser.File, n parser.NodeID) bool {
	guarded := false
	for a := range f.Ancestors(n) {
		if !f.Is(a, "if_statement", "elif_clause", "else_clause") {
			continue
		}
		cond := strings.Join(strings.Fields(f.Text(f.Field(a, "condition"))), " ")
		cond = strings.ReplaceAll(cond, "'", `"`)
		if !f.Is(a, "if_statement") || cond != `__name__ == "__main__"` {
			return false
		}
		guarded = true
	}
	return guarded
}
