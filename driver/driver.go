// Package driver runs flasklint's analyzers over one project: it orders
// them by Requires, gives each a Pass over the project's files, and turns
// their diagnostics into resolved, deterministically ordered findings.
//
// The stock go/analysis drivers load Go packages; this one feeds Python and
// deployment files through Pass.OtherFiles instead (PARSER-NOTES.md).
package driver

import (
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/rule"
)

// Options says what to analyse and with which rules.
type Options struct {
	Root  string       // the project folder
	Files []string     // slash-separated paths relative to Root
	Rules []*rule.Rule // the rules to run
	// Model builds the project model even when no rule needs it, and
	// returns it in Result.Project, for commands that show the model.
	Model bool
}

// Result is the outcome of one run.
type Result struct {
	Findings []lint.Finding // sorted by path, position and rule
	Files    int            // files given to the analyzers
	Project  *model.Project // the project model, when Options.Model asked for it
}

// runAll runs every analyzer as soon as the analyzers it requires are
// done, up to GOMAXPROCS at once: the rules only read the shared model, so
// they run side by side. Findings are sorted afterwards, so the order in
// which analyzers finish never shows in the output.
func (r *run) runAll(order []*analysis.Analyzer) error {
	done := make(map[*analysis.Analyzer]chan struct{}, len(order))
	for _, a := range order {
		done[a] = make(chan struct{})
	}
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	errs := make([]error, len(order))
	var wg sync.WaitGroup
	for i, a := range order {
		wg.Go(func() {
			defer close(done[a])
			for _, req := range a.Requires {
				<-done[req]
			}
			if r.failed(errs) {
				return
			}
			slots <- struct{}{}
			err := r.runAnalyzer(a)
			<-slots
			r.mu.Lock()
			errs[i] = err
			r.mu.Unlock()
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// failed reports whether an analyzer has already failed, so that the
// others stop starting.
func (r *run) failed(errs []error) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.ContainsFunc(errs, func(err error) bool { return err != nil })
}

// diagnostic is a reported diagnostic and the analyzer that reported it.
type diagnostic struct {
	analyzer *analysis.Analyzer
	analysis.Diagnostic
}

// run is the state of one analysis run.
type run struct {
	opts    Options
	fset    *token.FileSet
	pkg     *types.Package
	mu      sync.Mutex // guards results and diags, written by concurrent passes
	results map[*analysis.Analyzer]any
	diags   []diagnostic
}

// Run analyses the project. An error means the run itself failed (an
// invalid analyzer graph, an analyzer that returned an error); problems in
// the project's files are findings, never errors.
func Run(opts Options) (*Result, error) {
	order, err := plan(opts.Rules, opts.Model)
	if err != nil {
		return nil, err
	}

	r := &run{
		opts:    opts,
		fset:    token.NewFileSet(),
		pkg:     types.NewPackage("flasklint.invalid/project", "project"),
		results: make(map[*analysis.Analyzer]any),
	}
	if err := r.runAll(order); err != nil {
		return nil, err
	}

	src, _ := r.results[parser.Analyzer].(*parser.Source)
	findings := r.findings(src, metaByAnalyzer(opts.Rules))
	res := &Result{Findings: findings, Files: len(opts.Files)}
	if opts.Model {
		res.Project, _ = r.results[model.Analyzer].(*model.Project)
	}
	return res, nil
}

// plan validates the analyzers and returns them, with everything they
// require, in an order where each comes after its requirements.
func plan(rules []*rule.Rule, withModel bool) ([]*analysis.Analyzer, error) {
	roots := []*analysis.Analyzer{parser.Analyzer}
	if withModel {
		roots = append(roots, model.Analyzer)
	}
	for _, r := range rules {
		roots = append(roots, r.Analyzer)
	}
	if err := analysis.Validate(roots); err != nil {
		return nil, fmt.Errorf("invalid analyzer set: %w", err)
	}

	var order []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		order = append(order, a)
	}
	for _, a := range roots {
		visit(a)
	}
	return order, nil
}

// PanicError is an analyzer that panicked. Analyzers run on goroutines of
// the driver, so the driver, not the caller, has to catch the panic; the
// caller decides how much of the stack to show.
type PanicError struct {
	Analyzer string
	Value    any
	Stack    []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("analyzer %s panicked: %v", e.Analyzer, e.Value)
}

// runAnalyzer runs one analyzer with the results of its requirements.
func (r *run) runAnalyzer(a *analysis.Analyzer) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Analyzer: a.Name, Value: v, Stack: debug.Stack()}
		}
	}()

	resultOf := make(map[*analysis.Analyzer]any, len(a.Requires))
	r.mu.Lock()
	for _, req := range a.Requires {
		resultOf[req] = r.results[req]
	}
	r.mu.Unlock()
	pass := &analysis.Pass{
		Analyzer:   a,
		Fset:       r.fset,
		OtherFiles: r.opts.Files,
		Pkg:        r.pkg,
		TypesInfo:  &types.Info{},
		TypesSizes: types.SizesFor("gc", "amd64"),
		ResultOf:   resultOf,
		ReadFile:   r.readFile,
		Report: func(d analysis.Diagnostic) {
			r.mu.Lock()
			r.diags = append(r.diags, diagnostic{analyzer: a, Diagnostic: d})
			r.mu.Unlock()
		},
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ExportObjectFact:  func(types.Object, analysis.Fact) {},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
	}
	result, err := a.Run(pass)
	if err != nil {
		return fmt.Errorf("analyzer %s: %w", a.Name, err)
	}
	r.mu.Lock()
	r.results[a] = result
	r.mu.Unlock()
	return nil
}

// readFile reads a project file named relative to the root. It refuses
// paths that climb out of the root.
func (r *run) readFile(name string) ([]byte, error) {
	if filepath.IsAbs(name) || strings.HasPrefix(filepath.Clean(name), "..") {
		return nil, fmt.Errorf("read %s: outside the project root", name)
	}
	return os.ReadFile(filepath.Join(r.opts.Root, filepath.FromSlash(name)))
}

// metaByAnalyzer maps each rule's analyzer to its metadata.
func metaByAnalyzer(rules []*rule.Rule) map[*analysis.Analyzer]*lint.Meta {
	out := make(map[*analysis.Analyzer]*lint.Meta, len(rules))
	for _, r := range rules {
		out[r.Analyzer] = r.Meta
	}
	return out
}
