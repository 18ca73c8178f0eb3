// Package parser turns Python source into flat syntax trees with
// tree-sitter, and reports per-file problems (binary content, invalid UTF-8,
// Python 2, syntax errors) without ever failing the whole run.
//
// It knows nothing of Flask. The tree-sitter binding is used here and
// nowhere else: other packages see only File and Node.
package parser

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"unicode/utf8"

	sitter "github.com/tree-sitter/go-tree-sitter"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// MaxFileSize is the largest Python file parsed. Larger files are almost
// always generated or vendored code, and parsing one costs seconds.
const MaxFileSize = 4 << 20

// parseTimeoutMicros bounds the time spent on one file, so that input the
// grammar handles pathologically cannot hang the run.
const parseTimeoutMicros = 20_000_000

var (
	language   = sitter.NewLanguage(python.Language())
	kindNames  = symbolNames(language)
	fieldNames = fieldNameTable(language)
	fieldIDs   = invert(fieldNames)
)

// symbolNames lists the grammar's node type name for every symbol ID.
func symbolNames(lang *sitter.Language) []string {
	names := make([]string, lang.NodeKindCount()+1)
	for id := range names {
		names[id] = lang.NodeKindForId(uint16(id))
	}
	return names
}

// fieldNameTable lists the grammar's field name for every field ID; ID 0
// means "no field".
func fieldNameTable(lang *sitter.Language) []string {
	names := make([]string, lang.FieldCount()+1)
	for id := 1; id < len(names); id++ {
		names[id] = lang.FieldNameForId(uint16(id))
	}
	return names
}

// invert maps each field name to its ID.
func invert(names []string) map[string]uint16 {
	ids := make(map[string]uint16, len(names))
	for id, name := range names {
		if name != "" {
			ids[name] = uint16(id)
		}
	}
	return ids
}

// Parser parses Python files. It owns one tree-sitter parser per worker and
// must be closed. It is safe for concurrent use.
type Parser struct {
	pool chan *sitter.Parser
	all  []*sitter.Parser
}

// New returns a Parser that parses up to workers files at once; zero means
// one per CPU.
func New(workers int) (*Parser, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := &Parser{pool: make(chan *sitter.Parser, workers)}
	for range workers {
		tsp := sitter.NewParser()
		if err := tsp.SetLanguage(language); err != nil {
			tsp.Close()
			p.Close()
			return nil, fmt.Errorf("load python grammar: %w", err)
		}
		// The replacement, ParseWithOptions, checks a deadline through a Go
		// callback from C many times per file; the C-side timeout costs
		// nothing. Revisit when the binding drops it (0.26).
		tsp.SetTimeoutMicros(parseTimeoutMicros) //nolint:staticcheck // SA1019, see above
		p.all = append(p.all, tsp)
		p.pool <- tsp
	}
	return p, nil
}

// Close frees the tree-sitter parsers. Files already returned stay valid.
func (p *Parser) Close() {
	for _, tsp := range p.all {
		tsp.Close()
	}
	p.all = nil
}

// Workers is how many files the Parser parses at once.
func (p *Parser) Workers() int { return cap(p.pool) }

// Parse parses one file's source. It always returns a File; what went wrong
// is in File.Problems, and the Nodes hold whatever could be recovered.
func (p *Parser) Parse(path string, src []byte) *File {
	f := &File{Path: path, Src: src}
	if reason := unreadable(src); reason != "" {
		f.Problems = append(f.Problems, Problem{Kind: ProblemSkipped, Message: reason})
		return f
	}
	if !utf8.Valid(src) {
		f.Problems = append(f.Problems, invalidUTF8(src))
		f.Src = sanitizeUTF8(src)
	}

	tsp := <-p.pool
	tree := tsp.Parse(f.Src, nil)
	p.pool <- tsp
	if tree == nil {
		f.Problems = append(f.Problems, Problem{Kind: ProblemSkipped,
			Message: "parsing took too long and was abandoned"})
		return f
	}
	f.Nodes = flattenTree(tree, len(f.Src)/3)
	tree.Close()

	f.Problems = append(f.Problems, syntaxProblems(f)...)
	return f
}

// ParseAll parses the given files in parallel and returns them in the same
// order. read supplies each file's content.
func (p *Parser) ParseAll(paths []string, read func(string) ([]byte, error)) []*File {
	out := make([]*File, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for range p.Workers() {
		wg.Go(func() {
			for i := range next {
				out[i] = p.parseOne(paths[i], read)
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// parseOne reads and parses one file, turning a read error into a Problem.
func (p *Parser) parseOne(path string, read func(string) ([]byte, error)) *File {
	src, err := read(path)
	if err != nil {
		return &File{Path: path, Problems: []Problem{{Kind: ProblemSkipped,
			Message: fmt.Sprintf("cannot read file: %v", err)}}}
	}
	return p.Parse(path, src)
}

// unreadable says why src should not be parsed at all, or returns "".
func unreadable(src []byte) string {
	if len(src) > MaxFileSize {
		return fmt.Sprintf("file is %d MiB, larger than the %d MiB limit; skipped",
			len(src)>>20, MaxFileSize>>20)
	}
	head := src[:min(len(src), 8000)]
	if bytes.IndexByte(head, 0) >= 0 {
		return "file looks binary (it contains NUL bytes); skipped"
	}
	return ""
}

// sanitizeUTF8 replaces each byte of an invalid UTF-8 sequence with '?',
// keeping every byte offset where it was.
func sanitizeUTF8(src []byte) []byte {
	out := make([]byte, len(src))
	copy(out, src)
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRune(out[i:])
		if r == utf8.RuneError && size == 1 {
			out[i] = '?'
		}
		i += size
	}
	return out
}
