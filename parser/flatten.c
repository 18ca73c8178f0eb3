#include <stdlib.h>

#include "flatten.h"

// The walk stays in C so that a whole tree costs one cgo crossing instead of
// several per node; see PARSER-NOTES.md for why that matters.
int64_t flatten(const TSTree *tree, FlatNode *out, int64_t cap) {
	TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
	int64_t count = 0;
	int64_t parent = -1;
	int64_t last_child = -1; // previous sibling of the node about to be written

	for (;;) {
		TSNode node = ts_tree_cursor_current_node(&cursor);
		int64_t index = count++;

		if (index < cap) {
			FlatNode *flat = &out[index];
			uint8_t flags = 0;
			flags |= ts_node_is_named(node) ? FL_NAMED : 0;
			flags |= ts_node_is_error(node) ? FL_ERROR : 0;
			flags |= ts_node_is_missing(node) ? FL_MISSING : 0;
			flags |= ts_node_is_extra(node) ? FL_EXTRA : 0;
			flat->start = ts_node_start_byte(node);
			flat->end = ts_node_end_byte(node);
			flat->parent = (int32_t)parent;
			flat->first_child = -1;
			flat->next_sibling = -1;
			flat->symbol = ts_node_symbol(node);
			flat->field = ts_tree_cursor_current_field_id(&cursor);
			flat->flags = flags;
			if (last_child >= 0 && last_child < cap) {
				out[last_child].next_sibling = (int32_t)index;
			} else if (parent >= 0 && parent < cap) {
				out[parent].first_child = (int32_t)index;
			}
		}

		if (ts_tree_cursor_goto_first_child(&cursor)) {
			parent = index;
			last_child = -1;
			continue;
		}
		last_child = index;
		while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
			if (!ts_tree_cursor_goto_parent(&cursor)) {
				ts_tree_cursor_delete(&cursor);
				return count;
			}
			last_child = parent;
			parent = (parent >= 0 && parent < cap) ? out[parent].parent : -2;
		}
	}
}

void use_libc_allocator(void) {
	ts_set_allocator(malloc, calloc, realloc, free);
}
