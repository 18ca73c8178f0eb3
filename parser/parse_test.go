package parser

import (
	"fmt"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

func newTestParser(t testing.TB) *Parser {
	t.Helper()
	p, err := New(2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// bindingWalk renders a tree with the binding's own cursor, one cgo call
// per step: the slow, obviously correct reference for flatten.
func bindingWalk(tree *sitter.Tree) []string {
	var out []string
	cursor := tree.Walk()
	defer cursor.Close()
	depth := 0
	for {
		node := cursor.Node()
		out = append(out, fmt.Sprintf("%d %s %s %d-%d", depth, cursor.FieldName(),
			node.Kind(), node.StartByte(), node.EndByte()))
		if cursor.GotoFirstChild() {
			depth++
			continue
		}
		for !cursor.GotoNextSibling() {
			if !cursor.GotoParent() {
				return out
			}
			depth--
		}
	}
}

// flatWalk renders a File the same way, using only the parent/child links.
func flatWalk(f *File) []string {
	var out []string
	var visit func(n NodeID, depth int)
	visit = func(n NodeID, depth int) {
		node := &f.Nodes[n]
		out = append(out, fmt.Sprintf("%d %s %s %d-%d", depth, f.FieldName(n), f.Kind(n),
			node.Start, node.End))
		for c := range f.Children(n) {
			visit(c, depth+1)
		}
	}
	visit(f.Root(), 0)
	return out
}

func TestFlattenMatchesBinding(t *testing.T) {
	sources := map[string]string{
		"flask app": "from flask import Flask, redirect as r\napp = Flask(__name__)\n\n" +
			"@app.route('/go', methods=['GET'])\ndef go():\n    return r(request.args['next'])\n",
		"syntax error": "def broken(:\n    pass\nx = [1, 2\n",
		"empty":        "",
		"python 2":     "print 'hello'\nexec code\n",
	}
	p := newTestParser(t)
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			tsp := sitter.NewParser()
			defer tsp.Close()
			if err := tsp.SetLanguage(language); err != nil {
				t.Fatal(err)
			}
			tree := tsp.Parse([]byte(src), nil)
			defer tree.Close()
			want := bindingWalk(tree)
			got := flatWalk(p.Parse("x.py", []byte(src)))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("flat tree differs from binding walk\ngot:\n%s\nwant:\n%s",
					strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestFlattenGrowsBuffer(t *testing.T) {
	// A size hint far too small forces the second call into flatten.
	p := newTestParser(t)
	src := []byte(strings.Repeat("x = f(a, b, c)\n", 200))
	tsp := <-p.pool
	tree := tsp.Parse(src, nil)
	p.pool <- tsp
	defer tree.Close()
	nodes := flattenTree(tree, 1)
	if len(nodes) < 200*8 {
		t.Fatalf("got %d nodes, want at least %d", len(nodes), 200*8)
	}
	if end := nodes[0].End; int(end) != len(src) {
		t.Errorf("root ends at %d, want %d", end, len(src))
	}
}

func TestProblems(t *testing.T) {
	cases := []struct {
		name      string
		src       string
		wantKinds []ProblemKind
		wantNodes bool
	}{
		{"clean", "import flask\n", nil, true},
		{"syntax error", "def f(:\n  pass\n", []ProblemKind{ProblemSyntax}, true},
		{"python 2 print", "print 'x'\n", []ProblemKind{ProblemPython2}, true},
		{"binary", "\x00\x01\x02ELF", []ProblemKind{ProblemSkipped}, false},
		{"invalid utf-8", "x = '\xff\xfe'\n", []ProblemKind{ProblemEncoding}, true},
		{"too large", strings.Repeat("#", MaxFileSize+1), []ProblemKind{ProblemSkipped}, false},
	}
	p := newTestParser(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := p.Parse("x.py", []byte(tc.src))
			var kinds []ProblemKind
			for _, pr := range f.Problems {
				kinds = append(kinds, pr.Kind)
			}
			if fmt.Sprint(kinds) != fmt.Sprint(tc.wantKinds) {
				t.Errorf("problem kinds = %v, want %v (%+v)", kinds, tc.wantKinds, f.Problems)
			}
			if (len(f.Nodes) > 0) != tc.wantNodes {
				t.Errorf("has nodes = %v, want %v", len(f.Nodes) > 0, tc.wantNodes)
			}
		})
	}
}

func TestManySyntaxErrorsAreCapped(t *testing.T) {
	src := strings.Repeat("def f(:\n  pass\n", 20)
	f := newTestParser(t).Parse("x.py", []byte(src))
	if len(f.Problems) != maxSyntaxProblems+1 {
		t.Fatalf("got %d problems, want %d: %+v", len(f.Problems), maxSyntaxProblems+1,
			f.Problems)
	}
	if !strings.Contains(f.Problems[maxSyntaxProblems].Message, "more syntax errors") {
		t.Errorf("last problem = %q", f.Problems[maxSyntaxProblems].Message)
	}
}

func TestNavigation(t *testing.T) {
	src := "redirect(request.args.get('next'), code=302)\n"
	f := newTestParser(t).Parse("x.py", []byte(src))
	call := NoNode
	f.Walk(f.Root(), func(n NodeID) bool {
		if call == NoNode && f.Is(n, "call") {
			call = n
		}
		return true
	})
	if got := f.Text(f.Field(call, "function")); got != "redirect" {
		t.Errorf("function = %q", got)
	}
	args := f.NamedChildren(f.Field(call, "arguments"))
	if len(args) != 2 || f.Kind(args[1]) != "keyword_argument" {
		t.Fatalf("arguments = %v", args)
	}
	inner := args[0]
	if !f.Contains(call, inner) || f.Contains(inner, call) {
		t.Error("Contains is wrong")
	}
	if f.Enclosing(inner, "call") != call {
		t.Error("Enclosing did not find the outer call")
	}
	if v, ok := f.StringValue(f.NamedChildren(f.Field(inner, "arguments"))[0]); !ok || v != "next" {
		t.Errorf("StringValue = %q, %v", v, ok)
	}
}

func TestParseAllKeepsOrder(t *testing.T) {
	paths := []string{"a.py", "b.py", "missing.py", "c.py"}
	read := func(p string) ([]byte, error) {
		if p == "missing.py" {
			return nil, fmt.Errorf("no such file")
		}
		return []byte("name = '" + p + "'\n"), nil
	}
	files := newTestParser(t).ParseAll(paths, read)
	for i, f := range files {
		if f.Path != paths[i] {
			t.Errorf("files[%d] = %s, want %s", i, f.Path, paths[i])
		}
	}
	if len(files[2].Problems) != 1 || files[2].Problems[0].Kind != ProblemSkipped {
		t.Errorf("unreadable file problems = %+v", files[2].Problems)
	}
}
