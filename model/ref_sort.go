package model

import (
	"cmp"
	"slices"
)

// sortRefs orders references by file path, then by position.
func sortRefs(refs []Ref) {
	slices.SortFunc(refs, func(a, b Ref) int {
		if c := cmp.Compare(a.Module.File.Path, b.Module.File.Path); c != 0 {
			return c
		}
		return cmp.Compare(a.Node, b.Node)
	})
}
