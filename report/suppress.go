package report

import (
	"fmt"

	"github.com/flasklint/flasklint/lint"
)

// suppressionOf reports whether a suppression comment or the baseline
// accepted f, and how. Every format asks here rather than reading
// f.Suppressed, so the rule of what counts as suppressed lives in one
// place: sarif and json still list such a finding, marked; text, github
// and gitlab leave it out; junit shows it as a skipped test case.
func suppressionOf(f *lint.Finding) (kind, justification string, ok bool) {
	if f.Suppressed == nil {
		return "", "", false
	}
	return f.Suppressed.Kind, f.Suppressed.Justification, true
}

// isSuppressed is suppressionOf for callers that need only the yes or no.
func isSuppressed(f *lint.Finding) bool {
	_, _, ok := suppressionOf(f)
	return ok
}

// checkSuppression rejects a kind SARIF does not define: the schema
// allows only inSource and external, and an invalid log is refused by
// code scanning as a whole, losing every other result of the upload.
func checkSuppression(i int, f *lint.Finding) error {
	kind, _, ok := suppressionOf(f)
	if !ok || kind == lint.SuppressedInSource || kind == lint.SuppressedExternal {
		return nil
	}
	return fmt.Errorf("finding %d (%s) has suppression kind %q (want %s or %s)",
		i, f.Location.Path, kind, lint.SuppressedInSource, lint.SuppressedExternal)
}

// describeSuppression is the human wording of a suppression, for the
// formats that show it as text.
func describeSuppression(kind, justification string) string {
	how := "suppressed in source"
	if kind == lint.SuppressedExternal {
		how = "suppressed by the baseline"
	}
	if justification == "" {
		return how
	}
	return how + ": " + justification
}
