package model

import (
	"runtime"
	"sync"

	"github.com/flasklint/flasklint/parser"
)

// inParallel calls fn for every index below n on GOMAXPROCS goroutines and
// returns the results by index, so that callers merge them in a fixed
// order whatever the number of cores.
func inParallel[T any](n int, fn func(i int) T) []T {
	out := make([]T, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := range next {
				out[i] = fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// perModule runs fn on every module at once; fn may only read the project.
func perModule[T any](p *Project, fn func(*Module) T) []T {
	return inParallel(len(p.Modules), func(i int) T { return fn(p.Modules[i]) })
}

// newModules builds the modules of the parsed files, with their import
// tables and top-level definitions, in parallel and in file order.
func newModules(files []*parser.File) []*Module {
	built := inParallel(len(files), func(i int) *Module {
		f := files[i]
		if len(f.Nodes) == 0 {
			return nil // skipped file: its problem is already reported
		}
		name, isPkg := moduleName(f.Path)
		m := &Module{Name: name, File: f, IsPackage: isPkg}
		m.collectImports()
		m.collectDefs()
		return m
	})
	var out []*Module
	for _, m := range built {
		if m != nil {
			out = append(out, m)
		}
	}
	return out
}
