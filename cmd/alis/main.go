// Command alis computes the state's grant for ALIS-avtaler under each year's
// rules: one agreement with `alis calc`, explained step by step.
package main

import (
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program on the streams it is given; it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{in: stdin, out: stdout, err: stderr, stderrIsTerminal: isTerminal(stderr)}
	return a.execute(args)
}

// isTerminal reports whether w is a character device (a terminal), without
// a dependency beyond the standard library.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
