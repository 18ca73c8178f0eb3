package hcflask005

import (
	"testing"

	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, Rule, "../../testdata/rules/hcflask005")
}
