package parser

/*
#include "flatten.h"
*/
import "C"

import (
	"fmt"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

func init() {
	// The binding routes every C allocation through Go, which costs about a
	// third of parse time (PARSER-NOTES.md). Its own init has run by now, so
	// this replaces its allocator for the whole process.
	C.use_libc_allocator()

	if unsafe.Sizeof(Node{}) != C.sizeof_FlatNode {
		panic(fmt.Sprintf("parser.Node is %d bytes, C FlatNode is %d",
			unsafe.Sizeof(Node{}), C.sizeof_FlatNode))
	}
}

// rawTree returns the C tree held by a binding Tree.
//
// The binding keeps the pointer in its only, unexported field. Reading it
// lets flatten walk the tree in one cgo call. TestFlattenMatchesBinding
// compares the result with the binding's own cursor walk, so a change of
// layout in a future binding version fails the tests instead of the users.
func rawTree(t *sitter.Tree) *C.TSTree {
	return *(**C.TSTree)(unsafe.Pointer(t))
}

// flattenTree copies every node of t into a slice, in pre-order.
func flattenTree(t *sitter.Tree, sizeHint int) []Node {
	nodes := make([]Node, max(sizeHint, 64))
	for {
		n := int(C.flatten(rawTree(t), (*C.FlatNode)(unsafe.Pointer(&nodes[0])),
			C.int64_t(len(nodes))))
		if n <= len(nodes) {
			return nodes[:n:n]
		}
		nodes = make([]Node, n)
	}
}
