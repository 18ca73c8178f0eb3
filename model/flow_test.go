package model

import (
	"strconv"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/parser"
)

// testFact is the only fact of the test spec: "validated".
const flowTestFact Facts = 1

// testSpec is a small taint question for the engine's tests: request
// data, url_for and secure_filename as sanitisers, is_safe(x) and
// allow-list membership as guards, uploaded files labelled "file".
func flowTestSpec() *FlowSpec {
	return &FlowSpec{
		Sources:    RequestData,
		Labels:     map[string]string{"flask.request.files": "file"},
		PathParams: true,
		Sanitizers: []string{"flask.url_for", "werkzeug.utils.secure_filename"},
		Attr:       flowTestAttr,
		CleanItem: func(fc *FlowContext, n parser.NodeID, i int) bool {
			n = fc.Resolve(n)
			return fc.File.Is(n, "call") && i == 1 &&
				fc.Project.CalleeName(fc.Module, n) == "os.path.splitext"
		},
		Guard: flowTestGuard,
	}
}

// testAttr turns an uploaded file into its file name, and makes its
// content clean.
func flowTestAttr(fc *FlowContext, n parser.NodeID, obj Taint) (Taint, bool) {
	if obj.Label != "file" {
		return obj, true
	}
	switch fc.File.Text(fc.File.Field(n, "attribute")) {
	case "filename":
		return Taint{Source: fc.Ref(n), Name: "upload filename", Label: "name"}, true
	case "stream", "read":
		return Taint{}, false
	}
	return obj, true
}

// testGuard: is_safe(x) validates x when true; `x in NAMES` when true and
// `x not in NAMES` when false.
func flowTestGuard(fc *FlowContext, cond parser.NodeID, when bool) []Fact {
	f := fc.File
	switch f.Kind(cond) {
	case "call":
		if when && f.Text(f.Field(cond, "function")) == "is_safe" {
			return []Fact{{PositionalArgs(f, cond)[0], flowTestFact}}
		}
	case "comparison_operator":
		ops := flowComparisonOps(f, cond)
		operands := f.NamedChildren(cond)
		if len(ops) == 1 && (ops[0] == "in" && when || ops[0] == "not in" && !when) {
			return []Fact{{operands[0], flowTestFact}}
		}
	}
	return nil
}

// comparisonOps returns the operator tokens of a comparison.
func flowComparisonOps(f *parser.File, n parser.NodeID) []string {
	var out []string
	for c := range f.Children(n) {
		if f.FieldName(c) == "operators" {
			out = append(out, f.Text(c))
		}
	}
	return out
}

// flowPrelude is prepended to every case.
const flowPrelude = `import os, uuid, hashlib
import flask
from flask import Flask, request, url_for as u, abort
from werkzeug.utils import secure_filename as sf
app = Flask(__name__)
`

// TestFlowTaint checks, for each `sink(expr)` call of a case, that expr
// is tainted or clean as the comment on its line says. `# tainted NAME`
// also checks the source's Name, `# tainted =TEXT` its source text.
func TestFlowTaint(t *testing.T) {
	for _, tc := range flowCases {
		t.Run(tc.name, func(t *testing.T) {
			src := flowPrelude + tc.src
			proj := buildFromSources(t, map[string]string{"app.py": src})
			flowCheckSinks(t, proj, proj.Modules[0], flowTestSpec())
		})
	}
}

// checkSinks compares each sink argument with its line's expectation.
func flowCheckSinks(t *testing.T, proj *Project, m *Module, spec *FlowSpec) {
	t.Helper()
	f := m.File
	lines := strings.Split(string(f.Src), "\n")
	flows := proj.Flows(spec)
	sinks := 0
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if !f.Is(n, "call") || f.Text(f.Field(n, "function")) != "sink" {
			return true
		}
		sinks++
		line := flowLineAt(lines, f, n)
		want, detail := flowExpectation(t, line)
		var st *FlowState
		if s := flows.At(Ref{m, n}); s != nil {
			st = s
		} else {
			st = proj.Flow(m, UnitOf(f, n), spec)
		}
		arg := PositionalArgs(f, n)[0]
		got, ok := st.Tainted(arg)
		flowCheckOne(t, strings.TrimSpace(line), want, detail, got, ok)
		return true
	})
	if sinks == 0 {
		t.Fatal("case has no sink")
	}
}

// lineAt returns the source line a node starts on.
func flowLineAt(lines []string, f *parser.File, n parser.NodeID) string {
	start := int(f.Nodes[n].Start)
	return lines[strings.Count(string(f.Src[:start]), "\n")]
}

// expectation reads `# tainted [NAME|=TEXT]` or `# clean` from a line.
func flowExpectation(t *testing.T, line string) (tainted bool, detail string) {
	t.Helper()
	_, comment, ok := strings.Cut(line, "# ")
	if !ok {
		t.Fatalf("sink line without expectation: %s", line)
	}
	word, detail, _ := strings.Cut(strings.TrimSpace(comment), " ")
	switch word {
	case "tainted":
		return true, detail
	case "clean":
		return false, ""
	}
	t.Fatalf("bad expectation %q", comment)
	return false, ""
}

// checkOne compares one sink's taint with its expectation.
func flowCheckOne(t *testing.T, line string, want bool, detail string, got Taint, ok bool) {
	t.Helper()
	switch {
	case want && !ok:
		t.Errorf("%s\n\tgot clean, want tainted", line)
	case !want && ok:
		t.Errorf("%s\n\tgot tainted from %s (%s), want clean", line, got.Name, got.Source.Text())
	case !ok || detail == "":
	case strings.HasPrefix(detail, "="):
		if got.Source.Text() != detail[1:] {
			t.Errorf("%s\n\tsource text %q, want %q", line, got.Source.Text(), detail[1:])
		}
	case got.Name != detail:
		t.Errorf("%s\n\tsource %q, want %q", line, got.Name, detail)
	}
}

// flowCases are the engine's behaviours, one concern each.
var flowCases = []struct {
	name, src string
}{
	{"sources and their names", `
@app.route("/a")
def a():
    sink(request.args.get("next"))  # tainted request.args
    sink(request.form["x"])  # tainted =request.form["x"]
    sink(flask.request.values.get("v", ""))  # tainted request.values
    sink(request.get_json()["url"])  # tainted request.get_json
    sink(request.headers.get("X-Next").strip())  # tainted =request.headers.get("X-Next").strip()
    sink(request.host)  # clean
    sink(request.method)  # clean
    sink(os.environ.get("NEXT"))  # clean
`},
	{"assignments and reassignment", `
def v():
    target = request.args.get("next")
    alias = target
    sink(alias)  # tainted request.args
    target = "/home"
    sink(target)  # clean
    sink(alias)  # tainted
    a = b = request.form["x"]
    sink(a)  # tainted
    sink(b)  # tainted
    c: str = request.args["c"]
    sink(c)  # tainted
`},
	{"tuple unpacking", `
def v():
    x, y = request.args["x"], "/"
    sink(x)  # tainted
    sink(y)  # clean
    p, q = request.args.get("p"), request.args.get("q")
    p, q = q, "/"
    sink(p)  # tainted
    sink(q)  # clean
    k, w = request.args.to_dict().popitem()
    sink(k)  # tainted
    sink(w)  # tainted
    root, ext = os.path.splitext(request.args["f"])
    sink(root)  # tainted
    sink(ext)  # clean
    sink(os.path.splitext(request.args["f"])[1])  # clean
    sink(os.path.splitext(request.args["f"])[0])  # tainted
`},
	{"augmented assignment", `
def v():
    url = "/search?q="
    url += request.args["q"]
    sink(url)  # tainted
    n = 0
    n += 1
    sink(n)  # clean
`},
	{"or defaults do not clean", `
def v():
    sink(request.args.get("next") or u("index"))  # tainted request.args
    target = request.args.get("next") or "/"
    sink(target)  # tainted
    sink(u("index") or "/")  # clean
`},
	{"conditional expressions", `
def v():
    nxt = request.args.get("next")
    sink(nxt if nxt else "/")  # tainted
    sink("/" if nxt else "/home")  # clean
    sink(nxt if is_safe(nxt) else "/")  # clean
    sink("/" if is_safe(nxt) else nxt)  # tainted
`},
	{"string building", `
def v():
    q = request.args["q"]
    sink("/s?q=" + q)  # tainted
    sink(f"/s/{q}")  # tainted
    sink(f"/s/{q!r:>10}")  # tainted
    sink("/s/%s" % q)  # tainted
    sink("/s/{}".format(q))  # tainted
    sink("/".join(["", q]))  # tainted
    sink("/".join(part for part in [q]))  # tainted
    sink(f"/s/{len(q)}")  # clean
    sink("/s" "/t")  # clean
`},
	{"methods of tainted strings", `
def v():
    q = request.args["q"]
    sink(q.strip().lower())  # tainted
    sink(q.replace("..", ""))  # tainted
    sink(q.split("/")[-1])  # tainted
    sink(q.startswith("/"))  # clean
    sink(q.count("/"))  # clean
`},
	{"attributes and subscripts of tainted values", `
@app.post("/upload")
def upload():
    f = request.files["doc"]
    sink(f.filename)  # tainted =f.filename
    sink(f.filename.rsplit(".", 1)[1])  # tainted upload filename
    sink(f.stream)  # clean
    sink(request.files["doc"].filename)  # tainted upload filename
    for g in request.files.getlist("more"):
        sink(g.filename)  # tainted upload filename
    data = request.get_json()
    sink(data["next"])  # tainted
    sink(data.get("next"))  # tainted
`},
	{"unknown callees keep taint, known-safe ones clean", `
def v():
    q = request.args["q"]
    sink(os.path.join("/srv", q))  # tainted
    sink(helper(q))  # tainted
    sink(str(q))  # tainted
    sink(int(q))  # clean
    sink(len(q))  # clean
    sink(bool(q))  # clean
    sink(uuid.uuid4().hex)  # clean
    sink(str(uuid.uuid4()) + ".png")  # clean
    sink(hashlib.sha256(q.encode()).hexdigest())  # clean
    sink(helper())  # clean
    sink(request.args.get("page", 1, type=int))  # clean
`},
	{"sanitisers under any alias", `
import werkzeug.utils
def v():
    q = request.args["q"]
    sink(u("index", next=q))  # clean
    sink(flask.url_for("index"))  # clean
    sink(sf(q))  # clean
    sink(werkzeug.utils.secure_filename(q))  # clean
    name = sf(request.files["f"].filename)
    sink(name)  # clean
`},
	{"lookups on clean receivers", `
ROUTES = {"home": "/"}
def v():
    key = request.args["k"]
    sink(ROUTES.get(key))  # clean
    sink(ROUTES.get(key, "/"))  # clean
    sink(ROUTES.get("x", key))  # tainted
    sink(ROUTES[key])  # clean
    sink(Doc.query.filter_by(name=key).first())  # clean
    sink(flask.session.get("next"))  # clean
`},
	{"early exit guards", `
def a():
    t = request.args.get("next")
    if not is_safe(t):
        abort(400)
    sink(t)  # clean

def b():
    t = request.args.get("next")
    if not is_safe(t):
        return "bad", 400
    sink(t)  # clean

def c():
    t = request.args.get("next")
    if not is_safe(t):
        raise ValueError(t)
    sink(t)  # clean

def d():
    t = request.args.get("next")
    if not is_safe(t):
        log(t)
    sink(t)  # tainted

def e():
    t = request.args.get("next")
    if t not in ALLOWED:
        flask.abort(404)
    sink(t)  # clean

def f():
    if not is_safe(request.args.get("next")):
        abort(400)
    sink(request.args.get("next"))  # clean
    sink(request.args.get("other"))  # tainted
`},
	{"guarded branches", `
def a():
    t = request.args.get("next")
    if is_safe(t):
        sink(t)  # clean
    else:
        sink(t)  # tainted
    sink(t)  # tainted

def b():
    t = request.args.get("next")
    if not is_safe(t):
        t = u("index")
    sink(t)  # clean

def c():
    t = request.args.get("next")
    if t in ALLOWED and other():
        sink(t)  # clean
    if t in ALLOWED or other():
        sink(t)  # tainted
    if not (t not in ALLOWED or other()):
        sink(t)  # clean

def d():
    t = request.args.get("next")
    if x:
        pass
    elif is_safe(t):
        sink(t)  # clean
    elif other():
        sink(t)  # tainted

def e():
    t = request.args.get("next")
    assert is_safe(t)
    sink(t)  # clean
`},
	{"branches join", `
def v(flag):
    if flag:
        t = request.args["a"]
    else:
        t = "/"
    sink(t)  # tainted
    if flag:
        s = "/a"
    else:
        s = "/b"
    sink(s)  # clean
    if flag:
        r = request.args["r"]
        return r
    else:
        r = "/"
    sink(r)  # clean
`},
	{"loops", `
def v():
    acc = ""
    for part in request.args.getlist("p"):
        sink(part)  # tainted
        acc = acc + part
    sink(acc)  # tainted
    prev = "/"
    cur = "/"
    for i in range(3):
        sink(prev)  # tainted
        prev = cur
        cur = request.args["c"]
    found = "/"
    while True:
        found = request.args["f"]
        if found:
            break
        found = "/"
    sink(found)  # tainted
`},
	{"try and with", `
def v():
    try:
        t = request.args["t"]
    except KeyError as err:
        sink(err)  # clean
        t = "/"
    sink(t)  # tainted
    with open(request.args["p"], "rb") as fh:
        sink(fh)  # tainted
    with lock:
        s = request.form["s"]
    sink(s)  # tainted
`},
	{"comprehensions and walrus", `
def v():
    urls = [x for x in request.args.getlist("u")]
    sink(urls)  # tainted
    safe = [x for x in request.args.getlist("u") if is_safe(x)]
    sink(safe)  # clean
    x = "/"
    names = [x.strip() for x in request.args.getlist("n")]
    sink(x)  # clean
    if (n := request.args.get("n")):
        sink(n)  # tainted
`},
	{"parameters shadow imports, path parameters are sources", `
@app.route("/go/<path:target>")
def go(target):
    sink(target)  # tainted the <path:target> URL parameter

@app.route("/file/<name>")
def file(name):
    sink(name)  # clean

def helper(request):
    sink(request.args["x"])  # clean
`},
	{"dead code and nested functions", `
def outer():
    t = request.args["t"]
    def inner():
        sink(t)  # clean
    return inner
    sink(t)  # clean
`},
	{"access paths", `
class V:
    def post(self):
        self.target = request.form["next"]
        sink(self.target)  # tainted
        self.target = "/"
        sink(self.target)  # clean
        data = {}
        data["url"] = request.args["u"]
        sink(data["url"])  # tainted
        sink(data["other"])  # clean
`},
	{"module level", `
NEXT = request.args.get("next")
sink(NEXT)  # tainted
SAFE = u("index")
sink(SAFE)  # clean
`},
	{"match statement", `
def v(kind):
    t = "/"
    match kind:
        case "a":
            t = request.args["a"]
        case _:
            pass
    sink(t)  # tainted
`},
}

// TestFlowVia checks that data passed through an unknown call is marked
// with that call, and as opaque when the callee is project code.
func TestFlowVia(t *testing.T) {
	proj := buildFromSources(t, map[string]string{
		"app.py": flowPrelude + `
import base64
from helpers import dump_csv

def build(x):
    return x

def v(store):
    q = request.args["q"]
    sink(os.path.join("/srv", "/".join([q])))  # tainted
    sink(base64.b64decode(q))  # tainted
    sink(dump_csv(name=q))  # tainted
    sink(build(q))  # tainted
    sink(store.open(q))  # tainted
    sink(os.path.join("/srv", build(q)))  # tainted
`,
		"helpers.py": "def dump_csv(name):\n    return name\n",
	})
	m := proj.ModuleByName("app")
	want := map[string]string{ // sink argument -> Via text, "!" prefix when opaque
		`os.path.join("/srv", "/".join([q]))`: "",
		`base64.b64decode(q)`:                 "base64.b64decode(q)",
		`dump_csv(name=q)`:                    "!dump_csv(name=q)",
		`build(q)`:                            "!build(q)",
		`store.open(q)`:                       "!store.open(q)",
		`os.path.join("/srv", build(q))`:      "!build(q)",
	}
	st := proj.Flow(m, m.Defs["v"], flowTestSpec())
	seen := 0
	m.File.Walk(m.Defs["v"], func(n parser.NodeID) bool {
		if !m.File.Is(n, "call") || m.File.Text(m.File.Field(n, "function")) != "sink" {
			return true
		}
		seen++
		arg := PositionalArgs(m.File, n)[0]
		tt, _ := st.Tainted(arg)
		got := ""
		if tt.Via != (Ref{}) {
			got = tt.Via.Text()
		}
		if tt.Opaque {
			got = "!" + got
		}
		if w := want[m.File.Text(arg)]; got != w {
			t.Errorf("%s: via %q, want %q", m.File.Text(arg), got, w)
		}
		return true
	})
	if seen != len(want) {
		t.Errorf("checked %d sinks, want %d", seen, len(want))
	}
}

// TestFlowsUnits checks that only bodies that mention a source are
// candidates, and that At answers nil for the others.
func TestFlowsUnits(t *testing.T) {
	proj := buildFromSources(t, map[string]string{"app.py": flowPrelude + `
def plain():
    return "x"

def reads():
    return request.args["x"]

@app.route("/p/<path:p>")
def pathview(p):
    return p
`})
	m := proj.Modules[0]
	fl := proj.Flows(flowTestSpec())
	var names []string
	for _, u := range fl.Units() {
		names = append(names, m.File.Text(m.File.Field(u.Node, "name")))
	}
	if strings.Join(names, ",") != "reads,pathview" {
		t.Errorf("units = %v, want [reads pathview]", names)
	}
	plain := m.Defs["plain"]
	if fl.At(Ref{m, plain}) != nil {
		t.Error("At(plain) is not nil")
	}
	ret := m.File.NamedChildren(m.File.Field(m.Defs["reads"], "body"))[0]
	if s := fl.At(Ref{m, ret}); s == nil || s != fl.State(s.Unit) {
		t.Error("At(reads) is not the memoised state")
	}
}

// TestFlowFactsAndDefs checks that facts too weak to clean are kept for
// the rule's message, and that Def follows a variable to its value.
func TestFlowFactsAndDefs(t *testing.T) {
	proj := buildFromSources(t, map[string]string{"app.py": flowPrelude + `
def v():
    t = request.args.get("next")
    if not is_safe(t):
        abort(400)
    resp = flask.make_response("")
    resp.location = t
`})
	m := proj.Modules[0]
	f := m.File
	spec := flowTestSpec()
	spec.Validated = func(fs Facts) bool { return fs&2 != 0 }
	st := proj.Flow(m, m.Defs["v"], spec)
	target, resp := parser.NoNode, parser.NoNode
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if f.Is(n, "assignment") && f.Text(f.Field(n, "left")) == "resp.location" {
			target = f.Field(n, "right")
			resp = f.Field(f.Field(n, "left"), "object")
		}
		return true
	})
	if _, ok := st.Tainted(target); !ok {
		t.Fatal("t is clean after a guard whose fact does not validate")
	}
	if st.Facts(target) != flowTestFact {
		t.Errorf("facts = %b, want %b", st.Facts(target), flowTestFact)
	}
	if d := st.Def(resp); !strings.HasPrefix(f.Text(d), "flask.make_response") {
		t.Errorf("Def(resp) = %q", f.Text(d))
	}
}

// TestFlowLargeBody checks that a long body with many branches and loops
// is analysed in time linear in its size: a quadratic walk over this one
// would take seconds.
func TestFlowLargeBody(t *testing.T) {
	var b strings.Builder
	b.WriteString("def big():\n    t = request.args['t']\n")
	for i := range 3000 {
		b.WriteString("    if cond():\n        t = t + 'x'\n")
		b.WriteString("    for i in range(2):\n        v" + strconv.Itoa(i%50) + " = t\n")
	}
	b.WriteString("    sink(t)  # tainted\n")
	proj := buildFromSources(t, map[string]string{"app.py": flowPrelude + b.String()})
	flowCheckSinks(t, proj, proj.Modules[0], flowTestSpec())
}
