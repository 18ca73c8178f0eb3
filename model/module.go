package model

import (
	"path"
	"strings"

	"github.com/flasklint/flasklint/parser"
)

// Module is one Python file of the project with what name resolution needs.
type Module struct {
	Name      string // dotted module name, e.g. "app.views"
	File      *parser.File
	IsPackage bool // an __init__.py

	// Imports maps each name an import statement binds anywhere in the
	// file to the qualified name it stands for: `from flask import
	// redirect as r` maps "r" to "flask.redirect".
	Imports map[string]string

	// Defs maps each name bound at module level by def, class or
	// assignment to the node that binds it.
	Defs map[string]parser.NodeID
}

// moduleName derives the dotted module name of a project-relative path.
// A leading "src/" folder is a layout convention, not part of the name.
func moduleName(relPath string) (name string, isPackage bool) {
	p := strings.TrimSuffix(relPath, ".py")
	p = strings.TrimPrefix(p, "src/")
	if path.Base(p) == "__init__" {
		isPackage = true
		p = path.Dir(p)
		if p == "." || p == "src" {
			p = ""
		}
	}
	return strings.ReplaceAll(p, "/", "."), isPackage
}

// packageName is the package that relative imports in m start from.
func (m *Module) packageName() string {
	if m.IsPackage {
		return m.Name
	}
	if i := strings.LastIndexByte(m.Name, '.'); i >= 0 {
		return m.Name[:i]
	}
	return ""
}

// collectImports fills m.Imports from every import statement in the file,
// at any depth: function-level imports bind names too, and Flask code often
// imports inside factories to avoid cycles.
func (m *Module) collectImports() {
	f := m.File
	m.Imports = make(map[string]string)
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		switch f.Kind(n) {
		case "import_statement":
			m.addImport(n)
			return false
		case "import_from_statement":
			m.addFromImport(n)
			return false
		}
		return true
	})
}

// addImport handles `import a.b` (binds a) and `import a.b as c`.
func (m *Module) addImport(n parser.NodeID) {
	f := m.File
	for _, name := range f.FieldAll(n, "name") {
		switch f.Kind(name) {
		case "dotted_name":
			full := f.Text(name)
			first, _, _ := strings.Cut(full, ".")
			m.Imports[first] = first
		case "aliased_import":
			m.Imports[f.Text(f.Field(name, "alias"))] = f.Text(f.Field(name, "name"))
		}
	}
}

// addFromImport handles `from x import y as z`, including relative forms.
func (m *Module) addFromImport(n parser.NodeID) {
	f := m.File
	from := m.absoluteModule(f.Field(n, "module_name"))
	for _, name := range f.FieldAll(n, "name") {
		switch f.Kind(name) {
		case "dotted_name":
			m.Imports[f.Text(name)] = joinName(from, f.Text(name))
		case "aliased_import":
			m.Imports[f.Text(f.Field(name, "alias"))] =
				joinName(from, f.Text(f.Field(name, "name")))
		}
	}
}

// absoluteModule resolves the module part of a from-import, turning
// `from ..models` into the dotted name it means from this module.
func (m *Module) absoluteModule(n parser.NodeID) string {
	f := m.File
	if !f.Is(n, "relative_import") {
		return f.Text(n)
	}
	text := f.Text(n)
	rest := strings.TrimLeft(text, ".")
	dots := len(text) - len(rest)
	base := m.packageName()
	for range dots - 1 {
		if i := strings.LastIndexByte(base, '.'); i >= 0 {
			base = base[:i]
		} else {
			base = ""
		}
	}
	return joinName(base, rest)
}

// collectDefs records the names bound by top-level statements.
func (m *Module) collectDefs() {
	f := m.File
	m.Defs = make(map[string]parser.NodeID)
	for _, stmt := range topLevelStatements(f) {
		def := stmt
		if f.Is(stmt, "decorated_definition") {
			def = f.Field(stmt, "definition")
		}
		switch f.Kind(def) {
		case "function_definition", "class_definition":
			m.Defs[f.Text(f.Field(def, "name"))] = def
		case "expression_statement":
			for _, a := range f.NamedChildren(def) {
				if f.Is(a, "assignment") {
					if left := f.Field(a, "left"); f.Is(left, "identifier") {
						m.Defs[f.Text(left)] = a
					}
				}
			}
		}
	}
}

// topLevelStatements returns the statements of the module, looking through
// ERROR nodes: an unclosed bracket can wrap the rest of the file in one.
func topLevelStatements(f *parser.File) []parser.NodeID {
	var out []parser.NodeID
	var collect func(parser.NodeID)
	collect = func(n parser.NodeID) {
		for _, c := range f.NamedChildren(n) {
			if f.Is(c, "ERROR") {
				collect(c)
				continue
			}
			out = append(out, c)
		}
	}
	collect(f.Root())
	return out
}

// joinName joins two dotted names, either of which may be empty.
func joinName(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}
