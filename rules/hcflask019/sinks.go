package hcflask019

import (
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// sink is a call whose arguments end up in what the client receives.
type sink struct {
	desc string // for messages: "jsonify(...)"
	// skipFirst: the first argument is the status, not content (abort).
	skipFirst bool
	// stringifies: the exception object itself is turned into text
	// (a template renders {{ error }}, abort's description is str()'d);
	// jsonify and response bodies reject a bare exception object instead.
	stringifies bool
	statusArg   int    // positional index of the status argument, -1 for none
	statusKw    string // keyword of the status argument
	status      int    // status the callee implies (werkzeug exception classes)
}

// The kinds of sink, by how they treat their arguments.
var (
	jsonSink     = sink{desc: "jsonify(...)", statusArg: -1}
	makeSink     = sink{desc: "make_response(...)", statusArg: 1}
	templateSink = sink{desc: "render_template(...)", stringifies: true, statusArg: -1}
	stringSink   = sink{desc: "render_template_string(...)", stringifies: true, statusArg: -1}
	flashSink    = sink{desc: "flash(...)", stringifies: true, statusArg: -1}
	abortSink    = sink{desc: "abort(...)", skipFirst: true, stringifies: true, statusArg: 0}
)

// sinks are the response-building calls by qualified name.
var sinks = map[string]sink{
	"flask.jsonify":                    jsonSink,
	"flask.json.jsonify":               jsonSink,
	"flask.make_response":              makeSink,
	"flask.helpers.make_response":      makeSink,
	"flask.render_template":            templateSink,
	"flask.render_template_string":     stringSink,
	"flask.templating.render_template": templateSink,
	"flask.flash":                      flashSink,
	"flask.abort":                      abortSink,
	"werkzeug.exceptions.abort":        abortSink,
	"flask_restful.abort":              abortSink,
	"flask_restx.abort":                abortSink,
	"flask_smorest.abort":              abortSink,
}

// responseClasses are the Response classes a view may build directly.
var responseClasses = map[string]bool{
	"flask.Response": true, "flask.wrappers.Response": true, "werkzeug.Response": true,
	"werkzeug.wrappers.Response": true, "werkzeug.wrappers.response.Response": true,
}

// werkzeugStatus are the statuses of werkzeug's HTTP exception classes,
// whose description is rendered into the error page.
var werkzeugStatus = map[string]int{
	"BadRequest": 400, "Unauthorized": 401, "Forbidden": 403, "NotFound": 404,
	"MethodNotAllowed": 405, "NotAcceptable": 406, "RequestTimeout": 408, "Conflict": 409,
	"Gone": 410, "LengthRequired": 411, "PreconditionFailed": 412,
	"RequestEntityTooLarge": 413, "UnsupportedMediaType": 415, "UnprocessableEntity": 422,
	"Locked": 423, "TooManyRequests": 429, "InternalServerError": 500,
	"NotImplemented": 501, "BadGateway": 502, "ServiceUnavailable": 503,
	"GatewayTimeout": 504,
}

// sinkOf returns the sink a call is, if any.
func sinkOf(p *model.Project, m *model.Module, call parser.NodeID) (sink, bool) {
	q := p.CalleeName(m, call)
	if s, ok := sinks[q]; ok {
		return s, true
	}
	fn := m.File.Field(call, "function")
	if responseClasses[q] || strings.HasSuffix(m.File.Text(fn), ".response_class") {
		return sink{desc: "Response(...)", statusArg: 1, statusKw: "status"}, true
	}
	if name, ok := strings.CutPrefix(q, "werkzeug.exceptions."); ok &&
		name != "Aborter" && !strings.Contains(name, ".") {
		return sink{desc: name + "(...)", stringifies: true, statusArg: -1,
			status: werkzeugStatus[name]}, true
	}
	return sink{}, false
}

// contentArgs returns the arguments of a sink call that become content:
// values of positional and keyword arguments, without the status.
func (s sink) contentArgs(f *parser.File, call parser.NodeID) []parser.NodeID {
	var out []parser.NodeID
	i := 0
	for _, a := range f.NamedChildren(f.Field(call, "arguments")) {
		if f.Is(a, "keyword_argument") {
			if f.Text(f.Field(a, "name")) != s.statusKw {
				out = append(out, f.Field(a, "value"))
			}
			continue
		}
		if i != s.statusArg && (!s.skipFirst || i != 0) {
			out = append(out, a)
		}
		i++
	}
	return out
}

// ownStatus returns the status a sink call gives its response, when it
// gives one the rule can read.
func (s sink) ownStatus(p *model.Project, m *model.Module, call parser.NodeID) (int, bool) {
	if s.status != 0 {
		return s.status, true
	}
	f := m.File
	if s.statusKw != "" {
		if kw := model.KeywordArg(f, call, s.statusKw); kw != parser.NoNode {
			return p.StatusCode(m, kw)
		}
	}
	if args := model.PositionalArgs(f, call); s.statusArg >= 0 && s.statusArg < len(args) {
		return p.StatusCode(m, args[s.statusArg])
	}
	return 0, false
}

// enclosingStatus returns the status that the statement around n gives
// the response n is part of: the status of a make_response, Response or
// abort call around it, or the second item of a returned tuple such as
// `return jsonify(...), 500`.
func enclosingStatus(p *model.Project, m *model.Module, n parser.NodeID) (int, bool) {
	f := m.File
	for child, a := n, f.Parent(n); a != parser.NoNode; child, a = a, f.Parent(a) {
		switch f.Kind(a) {
		case "call":
			if s, ok := sinkOf(p, m, a); ok && f.Field(a, "arguments") == child {
				if code, known := s.ownStatus(p, m, a); known {
					return code, true
				}
			}
		case "expression_list", "tuple":
			if items := f.NamedChildren(a); len(items) >= 2 && items[0] == child &&
				isReturnValue(f, a) {
				return p.StatusCode(m, items[1])
			}
		case "return_statement", "expression_statement", "block", "function_definition":
			return 0, false
		}
	}
	return 0, false
}

// isReturnValue reports whether n is the value of a return statement,
// possibly in parentheses.
func isReturnValue(f *parser.File, n parser.NodeID) bool {
	parent := f.Parent(n)
	for f.Is(parent, "parenthesized_expression") {
		parent = f.Parent(parent)
	}
	return f.Is(parent, "return_statement")
}

// returnParts splits a return statement's value into the body and the
// status node of a `return body, status` tuple (NoNode when there is none).
func returnParts(f *parser.File, ret parser.NodeID) (body, status parser.NodeID) {
	vals := f.NamedChildren(ret)
	if len(vals) == 0 {
		return parser.NoNode, parser.NoNode
	}
	v := vals[0]
	for f.Is(v, "parenthesized_expression") && len(f.NamedChildren(v)) == 1 {
		v = f.NamedChildren(v)[0]
	}
	if f.Is(v, "expression_list", "tuple") {
		items := f.NamedChildren(v)
		if len(items) >= 2 && len(items) <= 3 {
			return items[0], items[1]
		}
	}
	return v, parser.NoNode
}
