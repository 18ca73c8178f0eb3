package model

import (
	"regexp"
	"strings"

	"github.com/flasklint/flasklint/parser"
)

// Definition finds the module-level statement of the project that a
// qualified name refers to ("app.util.load" -> the def of load in
// app/util.py), when it is of one of the given kinds (any kind when none
// are given): a function_definition, class_definition or assignment. It
// returns nil and NoNode when the name is not a project definition.
func (p *Project) Definition(q string, kinds ...string) (*Module, parser.NodeID) {
	i := strings.LastIndexByte(q, '.')
	if i < 0 {
		return nil, parser.NoNode
	}
	m := p.ModuleByName(q[:i])
	if m == nil {
		return nil, parser.NoNode
	}
	def, ok := m.Defs[q[i+1:]]
	if !ok || (len(kinds) > 0 && !m.File.Is(def, kinds...)) {
		return nil, parser.NoNode
	}
	return m, def
}

// FunctionDef finds the project function a qualified name refers to: a
// module-level def ("app.util.load") or a method of a module-level class
// ("app.files.Manager.check"). It returns nil and NoNode when the name is
// not the project's.
func (p *Project) FunctionDef(q string) (*Module, parser.NodeID) {
	if m, def := p.Definition(q, "function_definition"); m != nil {
		return m, def
	}
	i := strings.LastIndexByte(q, '.')
	if i < 0 {
		return nil, parser.NoNode
	}
	m, class := p.Definition(q[:i], "class_definition")
	if m == nil {
		return nil, parser.NoNode
	}
	if def := methodOf(m.File, class, q[i+1:]); def != parser.NoNode {
		return m, def
	}
	return nil, parser.NoNode
}

// methodOf finds a def directly in a class body, decorated or not.
func methodOf(f *parser.File, class parser.NodeID, name string) parser.NodeID {
	for _, stmt := range f.NamedChildren(f.Field(class, "body")) {
		def := stmt
		if f.Is(stmt, "decorated_definition") {
			def = f.Field(stmt, "definition")
		}
		if f.Is(def, "function_definition") && f.Text(f.Field(def, "name")) == name {
			return def
		}
	}
	return parser.NoNode
}

// checkerNameRE matches the names helpers that validate and raise are
// given: check_*, validate_*, ensure_*, verify_*, assert_*, *_permission*.
var checkerNameRE = regexp.MustCompile(
	`(?i)(^|_)(check|validate|ensure|verify|assert|guard|require)|permission|allowed`)

// isRaisingChecker reports whether q names a project function whose name
// says it checks something and whose body can raise or abort, the shape
// of a validator that is called for its effect, not its result.
func (p *Project) isRaisingChecker(q string) bool {
	last := q[strings.LastIndexByte(q, '.')+1:]
	if !checkerNameRE.MatchString(last) {
		return false
	}
	m, def := p.FunctionDef(q)
	if m == nil || def == parser.NoNode {
		return false
	}
	return canRaise(m.File, def)
}

// canRaise reports whether a function body has a raise statement or an
// abort() call outside nested functions.
func canRaise(f *parser.File, def parser.NodeID) bool {
	found := false
	f.Walk(f.Field(def, "body"), func(n parser.NodeID) bool {
		switch {
		case found || f.Is(n, "function_definition", "class_definition", "lambda"):
			return false
		case f.Is(n, "raise_statement"):
			found = true
		case f.Is(n, "call"):
			fn := f.Field(n, "function")
			if f.Is(fn, "attribute") {
				fn = f.Field(fn, "attribute")
			}
			found = f.Text(fn) == "abort"
		}
		return !found
	})
	return found
}
