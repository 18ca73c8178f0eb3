package hcflask017

import (
	"strings"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser"
)

// sink is a path argument of a filesystem call.
type sink struct {
	path   parser.NodeID
	what   string // how the message names the use, e.g. "open() path (for writing)"
	serves bool   // the path is read and sent back, not written
}

// openFuncs open a file by path.
var openFuncs = map[string]bool{"open": true, "io.open": true, "codecs.open": true}

// sendFuncs send a file by path; send_from_directory is safe and absent.
var sendFuncs = map[string]bool{"flask.send_file": true, "werkzeug.utils.send_file": true}

// pathFuncs take paths in every positional argument: removal, moves,
// copies, directory creation.
var pathFuncs = map[string]bool{
	"os.remove": true, "os.unlink": true, "os.rmdir": true, "os.removedirs": true,
	"os.rename": true, "os.renames": true, "os.replace": true, "os.makedirs": true,
	"os.mkdir": true, "shutil.rmtree": true, "shutil.move": true, "shutil.copy": true,
	"shutil.copy2": true, "shutil.copyfile": true, "shutil.copytree": true,
}

// pathMethods are pathlib methods that write, delete or read through
// their receiver; str has none of them, so a tainted receiver is a path.
var pathMethods = map[string]bool{
	"write_text": true, "write_bytes": true, "touch": true, "unlink": true,
	"mkdir": true, "rmdir": true, "read_text": true, "read_bytes": true,
	"symlink_to": true, "hardlink_to": true,
}

// sinks returns the path arguments of a call that reaches the filesystem.
func (c *checker) sinks(st *model.FlowState, call parser.NodeID) []sink {
	f := st.Unit.File()
	q := c.p.CalleeName(st.Unit.Module, call)
	args := model.PositionalArgs(f, call)
	switch {
	case openFuncs[q]:
		return openSink(f, call, args)
	case sendFuncs[q]:
		return one(firstArg(f, call, args, "path_or_file", "filename_or_fp"),
			q[strings.LastIndexByte(q, '.')+1:]+"() path", true)
	case pathFuncs[q]:
		var out []sink
		for _, a := range args {
			out = append(out, sink{path: a, what: q + "() path"})
		}
		return out
	}
	return c.methodSinks(st, call, args)
}

// methodSinks handles FileStorage.save(dst) and pathlib methods.
func (c *checker) methodSinks(st *model.FlowState, call parser.NodeID,
	args []parser.NodeID) []sink {
	f := st.Unit.File()
	fn := f.Field(call, "function")
	if !f.Is(fn, "attribute") {
		return nil
	}
	recv := f.Field(fn, "object")
	method := f.Text(f.Field(fn, "attribute"))
	rt, tainted := st.Tainted(recv)
	switch {
	case method == "save" && tainted && rt.Label == labelFile:
		return one(firstArg(f, call, args, "dst"), f.Text(recv)+".save() destination", false)
	case pathMethods[method]:
		read := strings.HasPrefix(method, "read_")
		return one(recv, "Path."+method+"() path", read)
	case method == "open" && isWriteMode(f, call, 0):
		return one(recv, "Path.open() path (for writing)", false)
	}
	return nil
}

// openSink is open(path, mode): written or read.
func openSink(f *parser.File, call parser.NodeID, args []parser.NodeID) []sink {
	path := firstArg(f, call, args, "file")
	if isWriteMode(f, call, 1) {
		return one(path, "open() path (for writing)", false)
	}
	return one(path, "open() path (for reading)", true)
}

// isWriteMode reports whether a call's mode (positional at index, or
// mode=) opens for writing, appending or creating.
func isWriteMode(f *parser.File, call parser.NodeID, index int) bool {
	mode := model.KeywordArg(f, call, "mode")
	if args := model.PositionalArgs(f, call); len(args) > index {
		mode = args[index]
	}
	s, ok := f.StringValue(mode)
	return ok && strings.ContainsAny(s, "wax+")
}

// firstArg returns the first positional argument or one of the keywords.
func firstArg(f *parser.File, call parser.NodeID, args []parser.NodeID,
	keywords ...string) parser.NodeID {
	if len(args) > 0 {
		return args[0]
	}
	for _, k := range keywords {
		if v := model.KeywordArg(f, call, k); v != parser.NoNode {
			return v
		}
	}
	return parser.NoNode
}

// one wraps a single sink, or none when there is no path argument.
func one(path parser.NodeID, what string, serves bool) []sink {
	if path == parser.NoNode {
		return nil
	}
	return []sink{{path: path, what: what, serves: serves}}
}
