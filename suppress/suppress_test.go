package suppress

import (
	"slices"
	"testing"
)

func TestParseComment(t *testing.T) {
	cases := []struct {
		text   string
		rules  []string
		reason string
		err    bool
		isNil  bool
	}{
		{text: "# noqa: HC-FLASK-008", rules: []string{"HC-FLASK-008"}},
		{text: "#noqa:hc-flask-008,HC-FLASK-022", rules: []string{"HC-FLASK-008", "HC-FLASK-022"}},
		{text: "# noqa: E501, HC-FLASK-017", rules: []string{"HC-FLASK-017"}},
		{text: "# noqa", isNil: true},
		{text: "# noqa: E501", isNil: true},
		{text: "# an ordinary comment", isNil: true},
		{text: "# flasklint: ignore[HC-FLASK-008] -- read by a legacy client",
			rules: []string{"HC-FLASK-008"}, reason: "read by a legacy client"},
		{text: "# flasklint: ignore[HC-FLASK-008, HC-FLASK-015] -- both fine here",
			rules: []string{"HC-FLASK-008", "HC-FLASK-015"}, reason: "both fine here"},
		{text: "# flasklint: ignore[HC-FLASK-008]", rules: []string{"HC-FLASK-008"}, err: true},
		{text: "# flasklint: ignore[] -- why", err: true},
		{text: "# flasklint: ignore -- why", err: true},
		{text: "# flasklint: ignore[not an id!] -- why", err: true, rules: []string{"NOT", "AN",
			"ID!"}},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			c := ParseComment(tc.text)
			if tc.isNil {
				if c != nil {
					t.Fatalf("got %+v, want nil", c)
				}
				return
			}
			if c == nil {
				t.Fatal("got nil")
			}
			if (c.Error != "") != tc.err {
				t.Errorf("error = %q, want error: %v", c.Error, tc.err)
			}
			if tc.rules != nil && !slices.Equal(c.Rules, tc.rules) {
				t.Errorf("rules = %q, want %q", c.Rules, tc.rules)
			}
			if c.Reason != tc.reason && !tc.err {
				t.Errorf("reason = %q, want %q", c.Reason, tc.reason)
			}
		})
	}
}

func TestMatchesPrefix(t *testing.T) {
	c := ParseComment("# noqa: HC-FLASK-02")
	if !c.Matches("HC-FLASK-022") || c.Matches("HC-FLASK-015") {
		t.Error("prefix matching is wrong")
	}
	if ParseComment("# noqa: HC-FLASK-").Matches("HC-FLASK-022") {
		t.Error("a prefix that names no rule family must not match everything")
	}
}
