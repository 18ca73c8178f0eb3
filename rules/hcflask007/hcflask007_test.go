package hcflask007

import (
	"testing"

	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

// TestFixtures runs the rule over every fixture project.
func TestFixtures(t *testing.T) {
	ruletest.Run(t, Rule, "../../testdata/rules/hcflask007")
}
