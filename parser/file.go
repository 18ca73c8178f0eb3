package parser

import (
	"go/token"
	"iter"
	"strings"
)

// File is a parsed Python source file. It holds no C memory: the tree is
// copied into Nodes and freed during parsing, so a File may be kept for the
// whole run and read from any number of goroutines.
type File struct {
	Path     string // slash-separated, relative to the analysis root
	Src      []byte
	Nodes    []Node    // pre-order; Nodes[0] is the module
	Problems []Problem // why the file was skipped or only partly parsed
	Base     int       // token.Pos of the first byte, once registered in a FileSet
}

// Pos returns the token.Pos of the node's first byte.
func (f *File) Pos(n NodeID) token.Pos {
	return token.Pos(f.Base + int(f.Nodes[n].Start))
}

// End returns the token.Pos just past the node's last byte.
func (f *File) End(n NodeID) token.Pos {
	return token.Pos(f.Base + int(f.Nodes[n].End))
}

// Root returns the module node, or NoNode when the file was not parsed.
func (f *File) Root() NodeID {
	if len(f.Nodes) == 0 {
		return NoNode
	}
	return 0
}

// Kind returns the grammar's name for the node's type, e.g. "call".
func (f *File) Kind(n NodeID) string {
	if n == NoNode {
		return ""
	}
	return kindName(f.Nodes[n].Symbol)
}

// errorSymbol is tree-sitter's built-in symbol for ERROR nodes; it lies
// outside the grammar's own symbol table.
const errorSymbol = 0xFFFF

// kindName names a symbol, including the built-in ERROR symbol.
func kindName(symbol uint16) string {
	if int(symbol) < len(kindNames) {
		return kindNames[symbol]
	}
	if symbol == errorSymbol {
		return "ERROR"
	}
	return "UNKNOWN"
}

// Is reports whether the node exists and is of one of the given kinds.
func (f *File) Is(n NodeID, kinds ...string) bool {
	k := f.Kind(n)
	for _, want := range kinds {
		if k == want {
			return k != ""
		}
	}
	return false
}

// Text returns the source text of the node.
func (f *File) Text(n NodeID) string {
	if n == NoNode {
		return ""
	}
	node := &f.Nodes[n]
	return string(f.Src[node.Start:node.End])
}

// Span returns the byte offsets of the node's first byte and of the byte
// just past its end.
func (f *File) Span(n NodeID) (start, end int) {
	node := &f.Nodes[n]
	return int(node.Start), int(node.End)
}

// Parent returns the node's parent, or NoNode for the root.
func (f *File) Parent(n NodeID) NodeID {
	return f.Nodes[n].Parent
}

// FieldName returns the name of the field under which the parent holds n,
// or "" when it has none.
func (f *File) FieldName(n NodeID) string {
	return fieldNames[f.Nodes[n].Field]
}

// Children iterates over the direct children of n, named or not.
func (f *File) Children(n NodeID) iter.Seq[NodeID] {
	return func(yield func(NodeID) bool) {
		if n == NoNode {
			return
		}
		for c := f.Nodes[n].FirstChild; c != NoNode; c = f.Nodes[c].Next {
			if !yield(c) {
				return
			}
		}
	}
}

// NamedChildren returns the named direct children of n, skipping comments.
func (f *File) NamedChildren(n NodeID) []NodeID {
	var out []NodeID
	for c := range f.Children(n) {
		node := &f.Nodes[c]
		if node.Named() && !node.IsExtra() {
			out = append(out, c)
		}
	}
	return out
}

// Field returns the first child of n held under the named field, such as
// "function" or "arguments" of a call, or NoNode.
func (f *File) Field(n NodeID, name string) NodeID {
	id, ok := fieldIDs[name]
	if !ok || n == NoNode {
		return NoNode
	}
	for c := range f.Children(n) {
		if f.Nodes[c].Field == id {
			return c
		}
	}
	return NoNode
}

// FieldAll returns every child of n held under the named field, in order.
func (f *File) FieldAll(n NodeID, name string) []NodeID {
	id, ok := fieldIDs[name]
	if !ok || n == NoNode {
		return nil
	}
	var out []NodeID
	for c := range f.Children(n) {
		if f.Nodes[c].Field == id {
			out = append(out, c)
		}
	}
	return out
}

// Walk visits n and its descendants in source order. When visit returns
// false the node's descendants are skipped.
func (f *File) Walk(n NodeID, visit func(NodeID) bool) {
	if n == NoNode {
		return
	}
	end := f.subtreeEnd(n)
	for i := n; i < end; {
		if visit(i) {
			i++
			continue
		}
		i = f.subtreeEnd(i)
	}
}

// subtreeEnd returns the index just past the last descendant of n. Nodes are
// in pre-order, so a subtree is a contiguous range of indices.
func (f *File) subtreeEnd(n NodeID) NodeID {
	for ; n != NoNode; n = f.Nodes[n].Parent {
		if next := f.Nodes[n].Next; next != NoNode {
			return next
		}
	}
	return NodeID(len(f.Nodes))
}

// Ancestors iterates from n's parent up to the root.
func (f *File) Ancestors(n NodeID) iter.Seq[NodeID] {
	return func(yield func(NodeID) bool) {
		for p := f.Nodes[n].Parent; p != NoNode; p = f.Nodes[p].Parent {
			if !yield(p) {
				return
			}
		}
	}
}

// Enclosing returns the nearest ancestor of n of one of the given kinds.
func (f *File) Enclosing(n NodeID, kinds ...string) NodeID {
	for p := range f.Ancestors(n) {
		if f.Is(p, kinds...) {
			return p
		}
	}
	return NoNode
}

// Contains reports whether inner lies within outer's subtree (or is outer).
func (f *File) Contains(outer, inner NodeID) bool {
	return inner >= outer && inner < f.subtreeEnd(outer)
}

// StringValue returns the value of a plain string literal node (no
// f-string interpolation, no implicit concatenation) and whether it was one.
// Escape sequences other than quotes are kept as written.
func (f *File) StringValue(n NodeID) (string, bool) {
	if !f.Is(n, "string") {
		return "", false
	}
	var b strings.Builder
	for c := range f.Children(n) {
		switch f.Kind(c) {
		case "string_content", "escape_sequence":
			b.WriteString(f.Text(c))
		case "interpolation":
			return "", false
		}
	}
	return b.String(), true
}
