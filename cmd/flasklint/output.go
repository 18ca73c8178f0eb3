package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/flasklint/flasklint/report"
)

// writeReport renders the result to standard output or, with --output,
// to a file that is replaced in one step.
func (c *cli) writeReport(opts *options, cfg *checkConfig, res *report.Result) error {
	write := func(w io.Writer) error {
		return report.Write(w, cfg.format, res, report.Options{Color: c.useColor(opts.color, w)})
	}
	if opts.output == "" {
		return write(c.stdout)
	}

	if err := writeAtomic(c.abs(opts.output), write); err != nil {
		return fmt.Errorf("cannot write %s: %w", opts.output, err)
	}
	c.logf(opts, "wrote %s", opts.output)
	return nil
}

// writeAtomic writes a file through a temporary file in the same folder
// and renames it into place, so that a reader (a CI upload step, an
// editor) never sees half a report and a failed run leaves the old file
// as it was. An existing file keeps its permissions, and a symbolic link
// keeps pointing where it did. A device or pipe such as /dev/stdout
// cannot be replaced and is written directly.
func writeAtomic(path string, write func(io.Writer) error) error {
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		path = resolved
	}
	perm := fs.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		switch {
		case info.IsDir():
			return errors.New("it is a directory")
		case !info.Mode().IsRegular():
			return writeDirect(path, write)
		}
		perm = info.Mode().Perm()
	}

	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	if err := fillFile(tmp, perm, write); err != nil {
		_ = os.Remove(tmp.Name()) // best effort: the write error is the one to report
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// fillFile writes, flushes and closes a temporary file.
func fillFile(f *os.File, perm fs.FileMode, write func(io.Writer) error) error {
	err := write(f)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	return err
}

// writeDirect writes to an existing file that is not a regular file.
func writeDirect(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	err = write(f)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	return err
}

// isTerminal reports whether w is a terminal, the condition for colour in
// --color auto.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}
