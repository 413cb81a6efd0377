// Command alis computes the state's grant for ALIS-avtaler under each year's
// rules: one agreement with `alis calc`, explained step by step.
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/outfile"
)

func main() { os.Exit(mainCode()) }

// mainCode is the process: the program on the process's streams, stopped
// cleanly by SIGINT and SIGTERM.
func mainCode() int {
	stopSignals := onSignal(os.Stderr)
	defer stopSignals()
	return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// onSignal makes SIGINT and SIGTERM remove every temporary output file and
// end the process with 128 + the signal's number (130, 143), as a shell
// reports a process stopped by them.
func onSignal(stderr io.Writer) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			n := outfile.RemoveTemporary()
			what := ""
			if n > 0 {
				what = "; the output file was not written"
			}
			fmt.Fprintf(stderr, "alis: error: stopped by %s%s\n", signalName(s), what)
			code := 128 + 2
			if sig, ok := s.(syscall.Signal); ok {
				code = 128 + int(sig)
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
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
