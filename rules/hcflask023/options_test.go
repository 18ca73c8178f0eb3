package hcflask023

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

func TestEndpointsOptionParsing(t *testing.T) {
	var l endpointList
	if err := l.Set(" verify_otp, /mfa/verify ,"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"verify_otp", "/mfa/verify"}; !slices.Equal(l, want) {
		t.Errorf("items %v, want %v", l, want)
	}
	for _, bad := range []string{"verify otp", "1view", "mfa/verify", "a.b"} {
		if err := l.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted an item that is neither a name nor a rule", bad)
		}
	}
}

// otpProject has two one-time-code views: neither name nor body says
// "password", so the rule does not know them as credential endpoints
// unless the configuration names them. WANT1 and WANT2 mark their lines.
const otpProject = `from flask import Flask, request, session

app = Flask(__name__)


@app.post("/mfa/verify")  WANT1
def verify_otp():
    session["mfa"] = request.form["code"] == "123456"
    return "ok"


@app.post("/pair")  WANT2
def pair_device():
    session["device"] = request.form["pin"]
    return "ok"
`

// writeOTPProject writes the project with the given expectation lines.
func writeOTPProject(t *testing.T, want1, want2 string) string {
	t.Helper()
	dir := t.TempDir()
	src := strings.NewReplacer("WANT1", want1, "WANT2", want2).Replace(otpProject)
	if err := os.WriteFile(filepath.Join(dir, "app.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEndpointsOptionAddsCredentialViews(t *testing.T) {
	t.Cleanup(func() { _ = Rule.Analyzer.Flags.Set(endpointsOption, "") })
	const want = `# want "is configured as a credential endpoint and no rate limit covers it"`

	// Without the option neither view is a credential endpoint.
	ruletest.RunFixture(t, Rule, writeOTPProject(t, "", ""))

	// A function name and a URL rule each add their view.
	if err := Rule.Analyzer.Flags.Set(endpointsOption, "verify_otp,/pair"); err != nil {
		t.Fatal(err)
	}
	ruletest.RunFixture(t, Rule, writeOTPProject(t, want, want))

	// The default clears the list for the next project.
	if err := Rule.Analyzer.Flags.Set(endpointsOption, ""); err != nil {
		t.Fatal(err)
	}
	ruletest.RunFixture(t, Rule, writeOTPProject(t, "", ""))
}
