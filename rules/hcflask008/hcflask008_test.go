package hcflask008

import (
	"testing"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, Rule, "../../testdata/rules/hcflask008")
}

// lastSetCookie returns the last set_cookie call of a module.
func lastSetCookie(m *model.Module) parser.NodeID {
	f := m.File
	call := parser.NoNode
	f.Walk(f.Root(), func(n parser.NodeID) bool {
		if f.Is(n, "call") && f.Text(f.Field(f.Field(n, "function"), "attribute")) == "set_cookie" {
			call = n
		}
		return true
	})
	return call
}

func TestSetCookieProblem(t *testing.T) {
	cases := []struct {
		code string
		want string // "" for no finding, "skip" when the call is not judged
	}{
		{`r.set_cookie("a", v, secure=True, httponly=True, samesite="Lax")`, ""},
		{`r.set_cookie("a", v, secure=True, httponly=False, samesite="Lax")`, ""},
		{`r.set_cookie("a", v, secure=True, httponly=True)`,
			`set_cookie("a") is missing samesite; pass samesite="Lax"`},
		{`r.set_cookie("a", v, secure=True, httponly=True, samesite=None)`,
			`set_cookie("a") is missing samesite; pass samesite="Lax"`},
		{`r.set_cookie("a", v, secure=False, httponly=True, samesite="none")`,
			`set_cookie("a") sets samesite="None" without secure=True, so browsers ` +
				`reject the cookie; pass secure=True`},
		{`r.set_cookie("a", v, samesite="None", secure=True)`,
			`set_cookie("a") is missing httponly=True; pass httponly=True`},
		{`r.set_cookie("a", v, None, None, "/", None, True, True, "Strict")`, ""},
		{`r.set_cookie("a", v, None, None, "/", None, False, True, "Strict")`,
			`set_cookie("a") sets secure=False; pass secure=True`},
		{`r.set_cookie(key=NAME, value=v, secure=0, samesite="Lax")`,
			`set_cookie(NAME) sets secure=False and is missing httponly=True; ` +
				`pass secure=True and httponly=True`},
		{"OPTS = {\"secure\": True}\nr.set_cookie(\"a\", v, **OPTS)",
			`set_cookie("a") is missing httponly=True and samesite; ` +
				`pass httponly=True and samesite="Lax"`},
		{`r.set_cookie("a", v, **{"secure": True, "httponly": True, "samesite": "Lax"})`, ""},
		{`r.set_cookie("a", v, **settings())`, "skip"},
		{`r.set_cookie(*args)`, "skip"},
		{`r.set_cookie("a", "", max_age=0)`, "skip"},
	}
	for _, tc := range cases {
		p, m := ruletest.Module(t, "views.py", tc.code+"\n")
		call := lastSetCookie(m)
		args, ok := cookieArgs(p, m, call)
		got := "skip"
		if ok && args["key"].node != parser.NoNode && !deletesCookie(args) {
			got = setCookieProblem(p, cookieName(args["key"]), args)
		}
		if got != tc.want {
			t.Errorf("%s\n got %q\nwant %q", tc.code, got, tc.want)
		}
	}
}

func TestJoinAnd(t *testing.T) {
	cases := map[string][]string{
		"":           nil,
		"a":          {"a"},
		"a and b":    {"a", "b"},
		"a, b and c": {"a", "b", "c"},
	}
	for want, words := range cases {
		if got := joinAnd(words); got != want {
			t.Errorf("joinAnd(%q) = %q, want %q", words, got, want)
		}
	}
}
