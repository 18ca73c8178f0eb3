package hcflask016

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// maxEvalDepth bounds how many names are followed to evaluate a size, so
// that `A = B` and `B = A` in a broken project cannot loop.
const maxEvalDepth = 4

// sizer evaluates byte sizes written as Python expressions, looking up
// environment variables in the production deployment files.
type sizer struct {
	p   *model.Project
	env map[string]string // production environment variables with a value
}

// newSizer collects the environment variables that production files give a
// value: production and unnamed dotenv files that are not examples, and
// the environment of production server processes.
func newSizer(p *model.Project) *sizer {
	s := &sizer{p: p, env: map[string]string{}}
	d := p.Deployment()
	for _, ef := range d.EnvFiles {
		if ef.Example || !ef.Environment.ReachesProduction() {
			continue
		}
		for _, v := range ef.Env.Entries {
			if v.HasValue {
				s.env[v.Key] = v.Value
			}
		}
	}
	for _, pr := range d.ProductionProcesses() {
		for _, v := range pr.Env {
			if v.HasValue {
				s.env[v.Key] = v.Value
			}
		}
	}
	return s
}

// bytes evaluates an integer size expression: literals, arithmetic such as
// `16 * 1024 * 1024`, names assigned one, `int(...)` around one, and
// environment lookups, which take the value production files give the
// variable, else the lookup's default.
func (s *sizer) bytes(m *model.Module, n parser.NodeID, depth int) (int64, bool) {
	f := m.File
	if depth > maxEvalDepth || n == parser.NoNode {
		return 0, false
	}
	switch f.Kind(n) {
	case "integer", "float":
		return parseNumber(f.Text(n))
	case "string":
		text, ok := f.StringValue(n) // int("4096"), or an environment default
		if !ok {
			return 0, false
		}
		return parseNumber(strings.TrimSpace(text))
	case "parenthesized_expression":
		if inner := f.NamedChildren(n); len(inner) == 1 {
			return s.bytes(m, inner[0], depth)
		}
	case "binary_operator":
		return s.arithmetic(m, n, depth)
	case "identifier", "attribute":
		if mod, rhs := s.p.AssignedValue(m, n); rhs != parser.NoNode {
			return s.bytes(mod, rhs, depth+1)
		}
	case "call":
		return s.callBytes(m, n, depth)
	case "subscript":
		return s.envBytes(m, n, depth)
	}
	return 0, false
}

// callBytes evaluates `int(x)` and `float(x)` around a size, and
// environment lookups.
func (s *sizer) callBytes(m *model.Module, call parser.NodeID, depth int) (int64, bool) {
	switch s.p.CalleeName(m, call) {
	case "int", "float":
		if args := model.PositionalArgs(m.File, call); len(args) == 1 {
			return s.bytes(m, args[0], depth)
		}
		return 0, false
	}
	return s.envBytes(m, call, depth)
}

// envBytes evaluates an environment lookup: the value production files
// give the variable, else the lookup's default.
func (s *sizer) envBytes(m *model.Module, n parser.NodeID, depth int) (int64, bool) {
	v := s.p.ValueOf(m, n)
	if v.Kind != model.ValueEnv {
		return 0, false
	}
	if text, ok := s.env[v.EnvVar]; ok {
		return parseNumber(strings.TrimSpace(text))
	}
	if v.Default == nil || v.Default.Node == parser.NoNode {
		return 0, false
	}
	return s.bytes(m, v.Default.Node, depth+1)
}

// arithmetic evaluates + - * / // ** and << on two evaluable sides.
func (s *sizer) arithmetic(m *model.Module, n parser.NodeID, depth int) (int64, bool) {
	f := m.File
	l, okL := s.bytes(m, f.Field(n, "left"), depth)
	r, okR := s.bytes(m, f.Field(n, "right"), depth)
	if !okL || !okR {
		return 0, false
	}
	var v float64
	switch f.Text(f.Field(n, "operator")) {
	case "*":
		v = float64(l) * float64(r)
	case "+":
		v = float64(l) + float64(r)
	case "-":
		v = float64(l) - float64(r)
	case "/", "//":
		if r == 0 {
			return 0, false
		}
		v = math.Floor(float64(l) / float64(r))
	case "**":
		v = math.Pow(float64(l), float64(r))
	case "<<":
		v = float64(l) * math.Pow(2, float64(r))
	default:
		return 0, false
	}
	if v < 0 || v > math.MaxInt64/2 {
		return 0, false
	}
	return int64(v), true
}

// parseNumber reads a Python integer or float literal, or a plain number
// from an environment file, as a whole number of bytes.
func parseNumber(text string) (int64, bool) {
	text = strings.ReplaceAll(text, "_", "")
	if i, err := strconv.ParseInt(text, 0, 64); err == nil {
		return i, i >= 0
	}
	fl, err := strconv.ParseFloat(text, 64)
	if err != nil || fl < 0 || fl > math.MaxInt64/2 {
		return 0, false
	}
	return int64(fl), true
}

// nginxSize reads an nginx size such as "10m", "512k", "1g" or "1048576"
// in bytes. nginx's units are powers of 1024 and case-insensitive.
func nginxSize(arg string) (int64, bool) {
	if arg == "" {
		return 0, false
	}
	mult := int64(1)
	switch arg[len(arg)-1] {
	case 'k', 'K':
		mult = 1 << 10
	case 'm', 'M':
		mult = 1 << 20
	case 'g', 'G':
		mult = 1 << 30
	}
	digits := arg
	if mult != 1 {
		digits = arg[:len(arg)-1]
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, false
	}
	return n * mult, true
}

// formatSize writes a byte count the way nginx would spell it when it is a
// whole number of its units, else in bytes.
func formatSize(b int64) string {
	switch {
	case b > 0 && b%(1<<30) == 0:
		return fmt.Sprintf("%dg", b>>30)
	case b > 0 && b%(1<<20) == 0:
		return fmt.Sprintf("%dm", b>>20)
	case b > 0 && b%(1<<10) == 0:
		return fmt.Sprintf("%dk", b>>10)
	}
	return fmt.Sprintf("%d bytes", b)
}

// nginxSpelling is the smallest nginx size at least b bytes, for advice:
// 16000000 bytes becomes "16m", since nginx counts in powers of 1024.
func nginxSpelling(b int64) string {
	for _, u := range []struct {
		size   int64
		suffix string
	}{{1 << 30, "g"}, {1 << 20, "m"}, {1 << 10, "k"}} {
		if b >= u.size {
			return fmt.Sprintf("%d%s", (b+u.size-1)/u.size, u.suffix)
		}
	}
	return strconv.FormatInt(b, 10)
}
