// Declarations shared by flatten.c and the cgo preamble in flatten.go.
//
// The tree-sitter C library is compiled and linked by the official Go
// binding (github.com/tree-sitter/go-tree-sitter). Its header lives in that
// module's source tree, which cgo cannot reach portably, so the few types and
// functions used here are declared again, exactly as api.h of v0.25.0 has
// them. flatten_test.go fails if the layout assumption stops holding.
#ifndef FLASKLINT_FLATTEN_H
#define FLASKLINT_FLATTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct TSTree TSTree;

typedef struct {
	uint32_t context[4];
	const void *id;
	const TSTree *tree;
} TSNode;

typedef struct {
	const void *tree;
	const void *id;
	uint32_t context[3];
} TSTreeCursor;

TSNode ts_tree_root_node(const TSTree *self);
uint16_t ts_node_symbol(TSNode self);
uint32_t ts_node_start_byte(TSNode self);
uint32_t ts_node_end_byte(TSNode self);
bool ts_node_is_named(TSNode self);
bool ts_node_is_missing(TSNode self);
bool ts_node_is_error(TSNode self);
bool ts_node_is_extra(TSNode self);
TSTreeCursor ts_tree_cursor_new(TSNode node);
void ts_tree_cursor_delete(TSTreeCursor *self);
TSNode ts_tree_cursor_current_node(const TSTreeCursor *self);
uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *self);
bool ts_tree_cursor_goto_parent(TSTreeCursor *self);
bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *self);
bool ts_tree_cursor_goto_first_child(TSTreeCursor *self);
void ts_set_allocator(void *(*new_malloc)(size_t), void *(*new_calloc)(size_t, size_t),
                      void *(*new_realloc)(void *, size_t), void (*new_free)(void *));

// Flags of a flat node.
enum {
	FL_NAMED = 1,
	FL_ERROR = 2,
	FL_MISSING = 4,
	FL_EXTRA = 8,
};

// One syntax node, in pre-order, linked by indices into the same array.
// Its Go twin is parser.Node; the two must keep the same layout.
typedef struct {
	uint32_t start;
	uint32_t end;
	int32_t parent;
	int32_t first_child;
	int32_t next_sibling;
	uint16_t symbol;
	uint16_t field;
	uint8_t flags;
	uint8_t pad[3];
} FlatNode;

// flatten writes the nodes of tree into out, in pre-order, and returns how
// many nodes the tree has. When that is more than cap, only the first cap
// nodes are written and the caller calls again with a larger buffer.
int64_t flatten(const TSTree *tree, FlatNode *out, int64_t cap);

// use_libc_allocator makes tree-sitter allocate with libc instead of calling
// back into Go for every allocation.
void use_libc_allocator(void);

#endif
