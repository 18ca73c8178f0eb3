// Package baseline lets a team adopt flasklint on an existing code base:
// the findings of today are written to a file, and later runs report only
// what is new.
//
// Entries match findings by rule, path and Issue-Key. The key does not
// depend on line numbers, so unrelated edits and shifted lines keep
// matching. Each entry carries a count and matches at most that many
// findings: a baseline that accepted one finding does not absorb a second,
// identical one. (Identical lines already get different keys, since the key
// counts earlier identical lines; the count guards the rest.)
package baseline

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/flasklint/flasklint/lint"
)

// formatVersion changes when the file's meaning changes.
const formatVersion = 1

// File is a baseline file.
type File struct {
	Version int     `json:"version"`
	Entries []Entry `json:"findings"`
}

// Entry is one accepted finding, or several identical ones.
type Entry struct {
	Rule    string `json:"rule"`
	Path    string `json:"path"`
	Key     string `json:"key"`
	Count   int    `json:"count"`
	Message string `json:"message"` // for reviewers; not used to match
}

// entryID is what an entry matches on.
type entryID struct{ rule, path, key string }

// FromFindings builds a baseline of the findings that are not already
// suppressed, sorted so that the file diffs well in review.
func FromFindings(findings []lint.Finding) *File {
	index := map[entryID]int{}
	b := &File{Version: formatVersion, Entries: []Entry{}}
	for _, f := range findings {
		if f.Suppressed != nil {
			continue
		}
		id := entryID{f.Rule.ID, f.Location.Path, f.Key}
		if i, ok := index[id]; ok {
			b.Entries[i].Count++
			continue
		}
		index[id] = len(b.Entries)
		b.Entries = append(b.Entries, Entry{Rule: id.rule, Path: id.path, Key: id.key,
			Count: 1, Message: f.Message})
	}
	slices.SortFunc(b.Entries, func(x, y Entry) int {
		return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(x.Rule, y.Rule),
			cmp.Compare(x.Key, y.Key))
	})
	return b
}

// Write encodes the baseline as indented JSON with a final newline.
func (b *File) Write(w io.Writer) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// Load reads a baseline file.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	var b File
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s is not valid JSON: %w", path, err)
	}
	if b.Version != formatVersion {
		return nil, fmt.Errorf("baseline %s has version %d, want %d; rewrite it with "+
			"--write-baseline", path, b.Version, formatVersion)
	}
	return &b, nil
}

// Apply marks the findings the baseline accepts as suppressed externally,
// and returns the entries (or parts of their counts) that matched nothing:
// findings that were fixed since, which the file can now drop.
func (b *File) Apply(findings []lint.Finding) (stale []Entry) {
	left := map[entryID]int{}
	for _, e := range b.Entries {
		left[entryID{e.Rule, e.Path, e.Key}] += max(e.Count, 1)
	}
	for i := range findings {
		f := &findings[i]
		id := entryID{f.Rule.ID, f.Location.Path, f.Key}
		if f.Suppressed != nil || left[id] == 0 {
			continue
		}
		left[id]--
		f.Suppressed = &lint.Suppression{Kind: lint.SuppressedExternal,
			Justification: "accepted in the baseline"}
	}
	for _, e := range b.Entries {
		id := entryID{e.Rule, e.Path, e.Key}
		if n := left[id]; n > 0 {
			e.Count = n
			left[id] = 0
			stale = append(stale, e)
		}
	}
	return stale
}
