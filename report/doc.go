// Package report renders the findings of a flasklint run in the formats
// the CLI offers with --format. It knows nothing of the rules beyond the
// lint.Meta values the driver hands over.
//
// # text
//
// The default, for people. One block per finding:
//
//	app/views.py:14:21: HC-FLASK-022 redirect target taken from the request [FLASK-3fa2c1]
//	  14 |     return redirect(request.args["next"])
//	     |                     ^~~~~~~~~~~~~~~~~~~~
//	  app/views.py:10:2: note: route registered here
//	  help: compare urlsplit(target).netloc with request.host
//
// then a summary line and the number of findings per rule. Colour is used
// only when Options.Color is set. Suppressed findings are not shown; the
// summary line ends with how many there were ("; 2 suppressed").
//
// # json
//
// For scripts. The output is deterministic (no timings) and has this
// shape; keys are only ever added:
//
//	{
//	  "version": "0.1.0",
//	  "findings": [
//	    {
//	      "rule_id": "HC-FLASK-022", "rule_name": "open-redirect",
//	      "severity": "error", "confidence": "high",
//	      "message": "...", "path": "app/views.py",
//	      "line": 14, "column": 21, "end_line": 14, "end_column": 38,
//	      "issue_key": "FLASK-3fa2c1",
//	      "related": [{"path": "...", "line": 10, "column": 2, "message": "..."}],
//	      "fix": "...",
//	      "suppressed": null
//	    }
//	  ],
//	  "summary": {
//	    "files": 12, "findings": 1, "suppressed": 0,
//	    "by_rule": {"HC-FLASK-022": 1},
//	    "by_severity": {"error": 1, "warning": 0, "note": 0}
//	  }
//	}
//
// Paths are slash-separated and relative to the analysis root; lines and
// columns are 1-based and columns count Unicode code points. findings and
// related are arrays even when empty, and fix is "" when there is no hint.
// Suppressed findings are listed too, with
// "suppressed": {"kind": "inSource" or "external", "justification": "..."};
// summary.findings, by_rule and by_severity count only the others, and
// summary.suppressed counts them.
//
// # sarif
//
// SARIF 2.1.0 for GitHub code scanning and SARIF viewers: one run, every
// rule that ran in tool.driver.rules, artifact URIs relative to
// %SRCROOT%, columnKind unicodeCodePoints, and the Issue-Key as the
// partial fingerprint "flasklintIssueKey/v1". A suppressed finding is
// still a result, with suppressions [{kind, status "accepted",
// justification}]. ValidateSARIF checks a log against the vendored
// schema.
//
// # github
//
// GitHub Actions workflow commands (::error, ::warning, ::notice), one per
// finding that is not suppressed, which the runner shows as annotations.
//
// # gitlab
//
// A GitLab Code Quality report: a JSON array with one issue per finding
// that is not suppressed, each with description, check_name (the rule ID),
// fingerprint, severity and location {path, lines {begin, end}}. Errors
// are "major", or "critical" for rules with a security score of 9.0 or
// more; warnings are "minor" and notes "info". The fingerprint hashes the
// Issue-Key, rule and path, so it survives edits above the finding, and
// never repeats within a report.
//
// # junit
//
// JUnit XML for CI test dashboards: one testsuite "flasklint" holding a
// testcase per finding (classname the path, name "RULE-ID line:col"), a
// failure for a finding that stands and skipped for a suppressed one. A
// run where nothing stands gets one passing testcase, "no findings".
//
// Every format but text is deterministic: the same findings give the same
// bytes, whatever the elapsed time.
package report
