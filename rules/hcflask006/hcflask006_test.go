package hcflask006

import (
	"testing"

	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

// TestFixtures runs the rule over every fixture project.
func TestFixtures(t *testing.T) {
	ruletest.Run(t, Rule, "../../testdata/rules/hcflask006")
}

// TestAnyOrigin tells origins entries that match everything from lists.
func TestAnyOrigin(t *testing.T) {
	cases := map[string]bool{
		"*": true, ".*": true, "^.*$": true, "https?://.*": true, "https://*": true,
		" * ":                     true, //nolint:gocritic // mapKey: surrounding spaces are the case under test
		"https://app.example.com": false, `https://.*\.example\.com`: false,
		"": false, "null": false,
	}
	for origin, want := range cases {
		if got := anyOrigin(origin); got != want {
			t.Errorf("anyOrigin(%q) = %v, want %v", origin, got, want)
		}
	}
}
