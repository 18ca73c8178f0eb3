package model

import (
	"github.com/flasklint/flasklint/parser"
)

// Ref is one place in the project: a node of a module.
type Ref struct {
	Module *Module
	Node   parser.NodeID
}

// File is the parsed file the reference is in.
func (r Ref) File() *parser.File { return r.Module.File }

// Text is the source text of the referenced node.
func (r Ref) Text() string { return r.Module.File.Text(r.Node) }

// refIndex lists, for each qualified name, the calls of it and the other
// places that name it, so that a rule asking "where is flask.redirect
// called?" does not walk the project again.
type refIndex struct {
	calls map[string][]Ref
	names map[string][]Ref
}

// buildRefIndex walks every module once, the modules in parallel, and
// merges their tables in path order, so every list is in a stable order
// whatever the number of cores.
func buildRefIndex(p *Project) *refIndex {
	parts := perModule(p, p.moduleRefs)

	idx := &refIndex{calls: make(map[string][]Ref), names: make(map[string][]Ref)}
	for _, part := range parts {
		for q, refs := range part.calls {
			idx.calls[q] = append(idx.calls[q], refs...)
		}
		for q, refs := range part.names {
			idx.names[q] = append(idx.names[q], refs...)
		}
	}
	return idx
}

// moduleRefs indexes the calls and bound names of one module, in source
// order. It only reads the project, so modules can be indexed at once.
func (p *Project) moduleRefs(m *Module) *refIndex {
	idx := &refIndex{calls: make(map[string][]Ref), names: make(map[string][]Ref)}
	f := m.File
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		switch f.Kind(n) {
		case "call":
			if q := p.CalleeName(m, n); q != "" {
				idx.calls[q] = append(idx.calls[q], Ref{m, n})
			}
		case "attribute", "identifier":
			// isBoundName first: it is a map lookup, and most names are locals
			if !isBoundName(m, f, n) {
				return true
			}
			if q := p.QualifiedName(m, n); q != "" {
				idx.names[q] = append(idx.names[q], Ref{m, n})
			}
		}
		return true
	})
	return idx
}

// isBoundName reports whether the root identifier of a name or attribute
// chain is imported or defined at module level, the only names worth
// indexing by qualified name.
func isBoundName(m *Module, f *parser.File, n parser.NodeID) bool {
	for f.Is(n, "attribute") {
		n = f.Field(n, "object")
	}
	if !f.Is(n, "identifier") {
		return false
	}
	name := f.Text(n)
	if _, ok := m.Imports[name]; ok {
		return true
	}
	_, ok := m.Defs[name]
	return ok
}

// Calls returns every call of any of the given qualified names, in path
// and source order.
func (p *Project) Calls(names ...string) []Ref {
	return p.lookup(p.index.calls, names)
}

// Names returns every identifier or attribute chain that resolves to one
// of the given qualified names, such as "flask.request.remote_addr", in
// path and source order.
func (p *Project) Names(names ...string) []Ref {
	return p.lookup(p.index.names, names)
}

// lookup merges the lists of several names, keeping path and source order.
func (p *Project) lookup(table map[string][]Ref, names []string) []Ref {
	if len(names) == 1 {
		return table[names[0]]
	}
	var out []Ref
	for _, name := range names {
		out = append(out, table[name]...)
	}
	sortRefs(out)
	return out
}
