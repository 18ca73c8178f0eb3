package parser

// NodeID indexes File.Nodes. The root module is node 0.
type NodeID int32

// NoNode is the NodeID of a child, parent or sibling that does not exist.
const NoNode NodeID = -1

// Node is one syntax node, copied out of tree-sitter so that the C tree can
// be freed right after parsing. It mirrors the C struct FlatNode in
// flatten.h byte for byte.
type Node struct {
	Start      uint32 // byte offset of the first byte
	End        uint32 // byte offset just past the last byte
	Parent     NodeID
	FirstChild NodeID
	Next       NodeID // next sibling
	Symbol     uint16 // tree-sitter symbol, named through kindNames
	Field      uint16 // field under which the parent holds this node, 0 if none
	Flags      uint8
	_          [3]uint8
}

// Node flags, as flatten.h defines them.
const (
	flagNamed   = 1
	flagError   = 2
	flagMissing = 4
	flagExtra   = 8
)

// Named reports whether the node is a named node of the grammar, as opposed
// to punctuation or a keyword.
func (n *Node) Named() bool { return n.Flags&flagNamed != 0 }

// IsError reports whether the node is an ERROR node: input the grammar
// could not fit.
func (n *Node) IsError() bool { return n.Flags&flagError != 0 }

// IsMissing reports whether the parser invented the node to recover from an
// error, such as a closing parenthesis that is not in the source.
func (n *Node) IsMissing() bool { return n.Flags&flagMissing != 0 }

// IsExtra reports whether the node can appear anywhere, like a comment.
func (n *Node) IsExtra() bool { return n.Flags&flagExtra != 0 }
