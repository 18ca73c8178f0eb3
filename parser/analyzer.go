package parser

import (
	"fmt"
	"go/token"
	"reflect"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// ProblemCategory is the diagnostic category of per-file parse problems.
const ProblemCategory = "FLASKLINT-PARSE"

// Analyzer reads every file named in pass.OtherFiles, parses the Python
// ones in parallel and registers all of them in pass.Fset, in the order
// given, so that positions are the same on every run. Its result is a
// *Source. Like go/analysis/passes/inspect it is a building block: rules
// reach it through the project model.
var Analyzer = &analysis.Analyzer{
	Name:       "pyparse",
	Doc:        "parse the project's Python files with tree-sitter",
	Run:        run,
	ResultType: reflect.TypeFor[*Source](),
}

// Source is every file of the analysed project, parsed where it is Python.
type Source struct {
	Python []*File      // .py files, in path order
	Other  []*OtherFile // everything else the driver passed, in path order
	byPath map[string]*token.File
}

// OtherFile is a non-Python file, such as a Dockerfile or nginx.conf,
// registered in the FileSet so that findings can point into it.
type OtherFile struct {
	Path  string
	Src   []byte
	Err   error // why the file could not be read, if it could not
	Token *token.File
}

// Pos returns the token.Pos of a byte offset in the file.
func (o *OtherFile) Pos(offset int) token.Pos {
	return o.Token.Pos(min(max(offset, 0), o.Token.Size()))
}

// LinePos returns the token.Pos of the start of a 1-based line, clamped to
// the lines the file has.
func (o *OtherFile) LinePos(line int) token.Pos {
	if o.Token.LineCount() == 0 {
		return o.Pos(0)
	}
	return o.Token.LineStart(min(max(line, 1), o.Token.LineCount()))
}

// TokenFile returns the token.File of a path passed to the analyzer.
func (s *Source) TokenFile(path string) *token.File { return s.byPath[path] }

// IsPython reports whether the path names a file parsed as Python.
func IsPython(path string) bool { return strings.HasSuffix(path, ".py") }

func run(pass *analysis.Pass) (any, error) {
	p, err := New(runtime.GOMAXPROCS(0))
	if err != nil {
		return nil, err
	}
	defer p.Close()

	paths := slices.Clone(pass.OtherFiles)
	slices.Sort(paths)
	var pyPaths []string
	for _, path := range paths {
		if IsPython(path) {
			pyPaths = append(pyPaths, path)
		}
	}
	parsed := p.ParseAll(pyPaths, pass.ReadFile)

	src := &Source{byPath: make(map[string]*token.File, len(paths))}
	next := 0
	for _, path := range paths {
		if IsPython(path) {
			f := parsed[next]
			next++
			f.Base = src.register(pass.Fset, path, f.Src)
			src.Python = append(src.Python, f)
			reportProblems(pass, f)
			continue
		}
		data, err := pass.ReadFile(path)
		o := &OtherFile{Path: path, Src: data, Err: err}
		src.register(pass.Fset, path, data)
		o.Token = src.byPath[path]
		src.Other = append(src.Other, o)
	}
	return src, nil
}

// register adds a file to the FileSet and returns its base.
func (s *Source) register(fset *token.FileSet, path string, data []byte) int {
	tf := fset.AddFile(path, -1, len(data))
	tf.SetLinesForContent(data)
	s.byPath[path] = tf
	return tf.Base()
}

// reportProblems turns a file's problems into diagnostics.
func reportProblems(pass *analysis.Pass, f *File) {
	for _, pr := range f.Problems {
		pass.Report(analysis.Diagnostic{
			Pos:      token.Pos(f.Base + pr.Offset),
			Category: ProblemCategory,
			Message:  pr.Message,
		})
	}
}

// String describes the source set for debugging output.
func (s *Source) String() string {
	return fmt.Sprintf("%d Python files, %d other files", len(s.Python), len(s.Other))
}
