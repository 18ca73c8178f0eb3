package hcflask019

import (
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// excKind is what the text of a caught exception may hold, which decides
// whether sending it to the client leaks anything. Kinds are ordered: an
// except clause naming several classes takes the highest.
type excKind int

const (
	// kindSafe: text meant for the client. HTTPException descriptions,
	// validation errors (marshmallow, pydantic, jsonschema, WTForms) and
	// the project's own exception classes, whose messages the project
	// writes.
	kindSafe excKind = iota
	// kindInput: errors from parsing the client's input (ValueError,
	// KeyError, JSONDecodeError) and library exceptions the rule does not
	// know: their text is about the request, unless the response says the
	// server failed (a 5xx status).
	kindInput
	// kindInternal: broad catches (Exception, bare except) and errors of
	// the system, database, network and other services, whose text holds
	// paths, SQL, hosts or credentials.
	kindInternal
	// kindTraceback: a formatted traceback.
	kindTraceback
)

// broadClasses catch everything, internal errors included.
var broadClasses = map[string]bool{
	"Exception": true, "BaseException": true, "StandardError": true,
}

// internalClasses are builtin exceptions whose text describes the server:
// file paths, programming errors, connections.
var internalClasses = map[string]bool{
	"OSError": true, "IOError": true, "EnvironmentError": true, "FileNotFoundError": true,
	"FileExistsError": true, "PermissionError": true, "IsADirectoryError": true,
	"NotADirectoryError": true, "ConnectionError": true, "ConnectionRefusedError": true,
	"ConnectionResetError": true, "ConnectionAbortedError": true, "BrokenPipeError": true,
	"TimeoutError": true, "RuntimeError": true, "AttributeError": true, "NameError": true,
	"ImportError": true, "ModuleNotFoundError": true, "AssertionError": true,
	"RecursionError": true, "MemoryError": true, "SystemError": true,
	"NotImplementedError": true, "UnboundLocalError": true, "BlockingIOError": true,
	"ChildProcessError": true, "InterruptedError": true, "ProcessLookupError": true,
}

// internalPrefixes are modules whose exceptions describe databases,
// networks, other services or the operating system.
var internalPrefixes = []string{
	"sqlalchemy.", "flask_sqlalchemy.", "psycopg2.", "psycopg.", "pymysql.", "MySQLdb.",
	"mysql.", "sqlite3.", "pymongo.", "mongoengine.", "peewee.", "redis.", "requests.",
	"urllib.", "urllib3.", "httpx.", "aiohttp.", "botocore.", "boto3.", "smtplib.",
	"socket.", "subprocess.", "ldap.", "ldap3.", "paramiko.", "elasticsearch.", "kombu.",
	"celery.", "cx_Oracle.", "oracledb.", "pyodbc.", "grpc.", "shutil.", "os.", "zipfile.",
	"tarfile.",
}

// validationPrefixes are libraries whose exceptions carry messages written
// for the client about the input it sent.
var validationPrefixes = []string{
	"marshmallow.", "pydantic.", "jsonschema.", "wtforms.", "cerberus.", "voluptuous.",
	"webargs.", "email_validator.", "schema.", "flask_marshmallow.", "apispec.",
}

// classify returns the kind of an except clause's class expression: a
// name, a dotted name or a tuple of them.
func classify(p *model.Project, m *model.Module, n parser.NodeID) excKind {
	f := m.File
	switch f.Kind(n) {
	case "tuple", "parenthesized_expression":
		k := kindSafe
		for _, c := range f.NamedChildren(n) {
			k = max(k, classify(p, m, c))
		}
		return k
	case "identifier", "attribute":
		return classifyName(p, p.QualifiedName(m, n))
	}
	return kindInput // a class the rule cannot read
}

// classifyName returns the kind of an exception class by qualified name.
func classifyName(p *model.Project, q string) excKind {
	switch {
	case broadClasses[q] || internalClasses[q] || hasAnyPrefix(q, internalPrefixes):
		return kindInternal
	case strings.HasPrefix(q, "werkzeug.exceptions."),
		hasAnyPrefix(q, validationPrefixes),
		strings.HasSuffix(q, "ValidationError"),
		isProjectClass(p, q):
		return kindSafe
	}
	return kindInput
}

// hasAnyPrefix reports whether s starts with one of the prefixes.
func hasAnyPrefix(s string, prefixes []string) bool {
	for _, prefix := range prefixes {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// isProjectClass reports whether a qualified name is a class defined in
// one of the project's modules.
func isProjectClass(p *model.Project, q string) bool {
	m, _ := p.Definition(q, "class_definition")
	return m != nil
}

// handlerKind returns the kind of the exception an error handler receives.
// A handler for a status code receives an HTTPException (for 500, an
// InternalServerError whose description is generic); Flask-RESTX's bare
// errorhandler receives everything.
func handlerKind(p *model.Project, h *model.ErrorHandler) excKind {
	switch {
	case h.Code != 0:
		return kindSafe
	case h.Exception == "":
		return kindInternal
	}
	return classifyName(p, h.Exception)
}
