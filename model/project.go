// Package model builds the whole-project model that every rule reads: the
// modules and how their names resolve, the Flask apps, factories,
// blueprints and routes, the configuration, the deployment files, and an
// index of calls and references. It is built once per run by Analyzer.
//
// Rules ask the model questions; they do not walk files to rediscover what
// the model already knows.
package model

import (
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/flasklint/flasklint/parser"
)

// Analyzer builds the *Project from the parsed source.
var Analyzer = &analysis.Analyzer{
	Name:       "flaskmodel",
	Doc:        "build the flasklint project model of a Flask code base",
	Requires:   []*analysis.Analyzer{parser.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Project](),
}

// Project is the model of one analysed repository.
type Project struct {
	Source  *parser.Source
	Modules []*Module // in path order

	Apps         []*App
	Factories    []*Function // functions that create and return an app
	FactoryCalls []Ref       // calls of those functions, e.g. in wsgi.py
	Blueprints   []*Blueprint
	Routes       []*Route
	Wrappers     []*Wrapper // assignments that wrap an app or its wsgi_app

	byName   map[string]*Module
	bySuffix map[string]*Module
	byFile   map[*parser.File]*Module
	index    *refIndex
	deploy   deploymentCache // built on first use by Deployment
	config   configSlot      // built on first use by Config

	extOnce    sync.Once
	extensions []*Extension // built on first use by Extensions
	hooksOnce  sync.Once
	hooks      []*Hook // built on first use by ResponseHooks
}

func run(pass *analysis.Pass) (any, error) {
	src := pass.ResultOf[parser.Analyzer].(*parser.Source)
	return Build(src), nil
}

// Build constructs the model from parsed source. Every step reads only what
// the previous steps produced, in this order.
func Build(src *parser.Source) *Project {
	p := &Project{Source: src, byFile: make(map[*parser.File]*Module)}
	p.Modules = newModules(src.Python)
	for _, m := range p.Modules {
		p.byFile[m.File] = m
	}
	p.indexModules()
	p.index = buildRefIndex(p)
	p.findFlaskObjects()
	p.findRoutes()
	p.findWrappers()
	return p
}

// ModuleOf returns the module of a parsed file.
func (p *Project) ModuleOf(f *parser.File) *Module { return p.byFile[f] }
