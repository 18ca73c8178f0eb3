package parser

import (
	"fmt"
	"strings"
)

// Dump renders the named nodes under n as an indented outline with field
// names and spans, for tests and for rule authors exploring the grammar.
func (f *File) Dump(n NodeID) string {
	var b strings.Builder
	f.dump(&b, n, 0)
	return b.String()
}

func (f *File) dump(b *strings.Builder, n NodeID, depth int) {
	node := &f.Nodes[n]
	indent := strings.Repeat("  ", depth)
	field := ""
	if name := f.FieldName(n); name != "" {
		field = name + ": "
	}
	fmt.Fprintf(b, "%s%s%s [%d-%d]", indent, field, f.Kind(n), node.Start, node.End)
	if node.FirstChild == NoNode {
		fmt.Fprintf(b, " %q", f.Text(n))
	}
	b.WriteByte('\n')
	for _, c := range f.NamedChildren(n) {
		f.dump(b, c, depth+1)
	}
}
