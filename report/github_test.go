package report_test

import (
	"testing"

	"github.com/flasklint/flasklint/lint"
	"github.com/flasklint/flasklint/report"
)

func TestGitHub(t *testing.T) {
	tests := []struct {
		name string
		res  *report.Result
		want string
	}{
		{
			name: "full",
			res:  fullResult(),
			want: lines(
				"::notice file=app/config.py,line=3,col=1,endLine=5,endColumn=2,"+
					"title=HC-FLASK-015 (production-config-inherits-debug)::"+
					"ProductionConfig inherits DEBUG = True from Config [FLASK-0c1d2e]",
				"::error file=app/views.py,line=14,col=21,endLine=14,endColumn=38,"+
					"title=HC-FLASK-022 (open-redirect)::"+
					"redirect target taken from request.args without a host check [FLASK-3fa2c1]",
				"::error file=app/views.py,line=20,col=21,title=HC-FLASK-022 (open-redirect)::"+
					"redirect target taken from a variable set from the request [FLASK-9e8d7c]",
				"::warning file=legacy/py2.py,line=1,col=1,endLine=1,endColumn=14,"+
					"title=FLASKLINT-PARSE (unparsable-file)::"+
					"Python 2 print statement; the rest of the file was skipped [FLASK-77aa01]",
				"::warning file=wsgi.py,line=7,col=10,endLine=7,endColumn=20,"+
					"title=HC-FLASK-008 (debug-mode-enabled)::"+
					"app.run called with debug=True [FLASK-5b6c7d]",
			),
		},
		{
			name: "empty",
			res:  emptyResult(),
			want: "",
		},
		{
			name: "suppressed findings get no annotation",
			res:  suppressedResult(),
			want: "::error file=app/config.py,line=4,col=18,endLine=4,endColumn=34," +
				"title=HC-FLASK-001 (hardcoded-secret-key)::" +
				"SECRET_KEY is a string literal; read it from the environment [FLASK-a1b2c3]\n",
		},
		{
			name: "escaping",
			res: &report.Result{Findings: []lint.Finding{{
				Rule:     debugRule,
				Message:  "50% done\r\nnext: line, here",
				Location: at("odd:dir/a,b%.py", 2, 3, 0, 0),
				Key:      "FLASK-000001",
			}}},
			want: "::warning file=odd%3Adir/a%2Cb%25.py,line=2,col=3," +
				"title=HC-FLASK-008 (debug-mode-enabled)::" +
				"50%25 done%0D%0Anext: line, here [FLASK-000001]\n",
		},
		{
			name: "whole file, default severity",
			res: &report.Result{Findings: []lint.Finding{{
				Rule:     lint.ParseMeta,
				Message:  "binary file skipped",
				Location: lint.Location{Path: "static/logo.py"},
			}}},
			want: "::warning file=static/logo.py,title=FLASKLINT-PARSE (unparsable-file)::" +
				"binary file skipped\n",
		},
		{
			name: "severity overridden by configuration",
			res: &report.Result{Findings: []lint.Finding{{
				Rule:     redirectRule,
				Severity: lint.SeverityNote,
				Message:  "m",
				Location: at("a.py", 1, 1, 1, 2),
			}}},
			want: "::notice file=a.py,line=1,col=1,endLine=1,endColumn=2," +
				"title=HC-FLASK-022 (open-redirect)::m\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, "github", tc.res, report.Options{})
			if got != tc.want {
				t.Errorf("github output mismatch\n got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}
