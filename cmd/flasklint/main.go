// Command flasklint finds deployment and security mistakes in Flask
// projects by building one model of the whole repository and asking rules
// questions about it.
//
// Usage:
//
//	flasklint [flags] [path ...]        analyse each path as a project
//	flasklint rules [--format json]     list every rule
//	flasklint explain HC-FLASK-022      show a rule's documentation
//
// Exit codes: 0 when no finding is at or above --fail-on, 1 when one is,
// 2 for a usage or configuration error. Run `flasklint --help` for the
// flags.
package main

import "os"

// main only wires the process to run, so that every behaviour can be
// tested in-process.
func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
