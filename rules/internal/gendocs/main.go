// Command gendocs writes docs/rules/ from the rules' metadata. It is run by
// `go generate ./rules` from the rules folder.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/flasklint/flasklint/rules"
)

func main() {
	root := ".." // go generate runs in rules/; the docs live beside it
	for path, content := range rules.DocFiles() {
		dst := filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(dst, []byte(content), 0o644); err != nil {
			fail(err)
		}
	}
}

// fail prints the error and exits non-zero.
func fail(err error) {
	fmt.Fprintln(os.Stderr, "gendocs:", err)
	os.Exit(1)
}
