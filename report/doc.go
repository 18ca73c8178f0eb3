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
// only when Options.Color is set.
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
//	      "fix": "..."
//	    }
//	  ],
//	  "summary": {
//	    "files": 12, "findings": 1,
//	    "by_rule": {"HC-FLASK-022": 1},
//	    "by_severity": {"error": 1, "warning": 0, "note": 0}
//	  }
//	}
//
// Paths are slash-separated and relative to the analysis root; lines and
// columns are 1-based and columns count Unicode code points. findings and
// related are arrays even when empty, and fix is "" when there is no hint.
//
// # sarif
//
// SARIF 2.1.0 for GitHub code scanning and SARIF viewers: one run, every
// rule that ran in tool.driver.rules, artifact URIs relative to
// %SRCROOT%, columnKind unicodeCodePoints, and the Issue-Key as the
// partial fingerprint "flasklintIssueKey/v1". ValidateSARIF checks a log
// against the vendored schema.
//
// # github
//
// GitHub Actions workflow commands (::error, ::warning, ::notice), one per
// finding, which the runner shows as annotations.
package report
