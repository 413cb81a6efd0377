// Package cli is alis's command line: one file per command, each with an
// options struct, a newXCmd that binds the flags, and a runX that does the
// work on the streams the App was given. Every error becomes an exit code
// in one place (exitCode), and is printed once (printError).
package cli

// Messages follow one set of rules:
//   - data goes to the output stream the command was given, never to stderr;
//   - errors go to stderr once, as "alis: error: what failed", in lower case,
//     followed where it helps by "alis: hint: what to do";
//   - warnings go to stderr as "alis: warning: ..." (or "alis: advarsel: ..." with --lang nb);
//   - the same input gives the same bytes on a terminal and in a pipe.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/outfile"
	"github.com/alis-tilskudd/alis/rules"
)

// Exit codes. They are documented in the root command's help and the README.
const (
	exitOK       = 0 // computed (an ineligible agreement is a result, not an error)
	exitRejected = 1 // some input rows were rejected
	exitCannot   = 2 // could not run: bad flags, a bad value, a bad rule file, an output that cannot be written
	exitInternal = 3 // an internal error: a bug in alis
	// Stopped by a signal: 128 + its number, 130 for SIGINT (Ctrl-C) and
	// 143 for SIGTERM, as shells report them.
)

const exitCodesHelp = `Exit codes:
  0    computed (an agreement that is not eligible is a result, not an error)
  1    some input rows were rejected (alis batch); the others were computed
  2    could not run: a bad flag or value, a bad rule file, an output that cannot be written
  3    internal error: a bug in alis; please report it
  130  stopped by Ctrl-C (SIGINT); 143 stopped by SIGTERM. No output file is left behind`

// App is the program on its streams.
type App struct {
	In               io.Reader
	Out              io.Writer
	Err              io.Writer
	StderrIsTerminal bool
}

// Main is the process: the program on the process's streams and arguments,
// stopped cleanly by SIGINT and SIGTERM. It returns the exit code.
func Main() int {
	stopSignals := onSignal(os.Stderr)
	defer stopSignals()
	return Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// Run is the program on the streams it is given; it returns the exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &App{In: stdin, Out: stdout, Err: stderr, StderrIsTerminal: isTerminal(stderr)}
	return a.execute(args)
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

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// usageError is a bad flag or flag value; runError is anything else that
// stops a run before it computes. rowsRejected reports rows a batch
// rejected; reported is an error whose details were printed already.
type (
	usageError struct {
		err  error
		hint string
	}
	runError struct {
		err  error
		hint string
	}
	rowsRejected struct{ n int }
	reported     struct{ err error }
)

func (e *usageError) Error() string   { return e.err.Error() }
func (e *runError) Error() string     { return e.err.Error() }
func (e *rowsRejected) Error() string { return fmt.Sprintf("%d rows were rejected", e.n) }
func (e *reported) Error() string     { return e.err.Error() }
func (e *usageError) Hint() string    { return e.hint }
func (e *runError) Hint() string      { return e.hint }

func usagef(hint, format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...), hint: hint}
}

// internalError is a panic, recovered: a bug in alis, not in the input.
type internalError struct {
	value any
	stack []byte
}

func (e *internalError) Error() string { return fmt.Sprint(e.value) }

// recovered turns a recovered panic into an *internalError; nil stays nil.
func recovered(p any) error {
	if p == nil {
		return nil
	}
	return &internalError{value: p, stack: debug.Stack()}
}

// exitCode maps every kind of error to its exit code, in one place.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, new(*internalError)), errors.As(err, new(*batch.InternalError)):
		return exitInternal
	case errors.As(err, new(*rowsRejected)):
		return exitRejected
	}
	return exitCannot
}

// hintOf is what to do about an error, if anything helps.
func hintOf(err error) string {
	var h interface{ Hint() string }
	var le *rules.LoadError
	switch {
	case errors.As(err, &h):
		return h.Hint()
	case errors.As(err, &le):
		return "each line above names the file, the line and the parameter; fix them and run again"
	}
	return ""
}

func (a *App) execute(args []string) (code int) {
	defer func() {
		if err := recovered(recover()); err != nil {
			a.printError(err)
			code = exitInternal
		}
	}()
	root := a.newRootCmd()
	root.SetArgs(args)
	root.SetIn(a.In)
	root.SetOut(a.Out)
	root.SetErr(a.Err)
	err := root.Execute()
	if err != nil {
		err = unknownCommand(root, err)
		if !errors.As(err, new(*rowsRejected)) {
			a.printError(err)
		}
	}
	return exitCode(err)
}

func (a *App) printError(err error) {
	var (
		ie *internalError
		be *batch.InternalError
	)
	value, stack := any(nil), []byte(nil)
	switch {
	case errors.As(err, &ie):
		value, stack = ie.value, ie.stack
	case errors.As(err, &be):
		value, stack = be.Value, be.Stack
	}
	if value != nil {
		outfile.RemoveTemporary()
		fmt.Fprintf(a.Err, "alis: internal error: %v\n", value)
		if os.Getenv("ALIS_TRACE") != "" {
			a.Err.Write(stack)
		}
		fmt.Fprintf(a.Err, "alis: hint: this is a bug in alis, not a fault in your input: please report it with the command you ran (ALIS_TRACE=1 shows where it happened)\n")
		return
	}
	var r *reported
	if errors.As(err, &r) {
		err = r.err
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(a.Err, "alis: error: %s\n", line)
	}
	if h := hintOf(err); h != "" {
		fmt.Fprintf(a.Err, "alis: hint: %s\n", h)
	}
}

func (a *App) newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "alis",
		Short: "Compute the state's grant for ALIS-avtaler, period by period",
		Long: `alis computes the eligibility and the grant (tilskudd) that the state pays a
kommune for an ALIS-avtale, under the rules of a grant period. The rules of each
period are embedded rule files, every value with its source and basis (verified,
inferred, assumed, or unknown where no source gives it); --rules FILE uses a rule
file from disk instead.

Amounts are computed exactly and rounded once, at the end, as the rule file says.

` + exitCodesHelp,
		Example: `  alis calc --driftsform næring --start 2021-01-01 --cost "300 000"
  alis calc --driftsform fastlønn --start 01.08.2021 --cost 400000 --explain
  alis calc --driftsform naering --role vikar --start 2021-01-01 --end 2021-12-31 --cost 200000 --lang en`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(a.newCalcCmd(), a.newBatchCmd(), a.newCompareCmd(), a.newReportCmd(), a.newRulesCmd(), a.newHistoryCmd(), a.newVersionCmd(), a.newGenCmd())
	return root
}

// openOutput opens -o FILE, or standard output for "" and "-", before any
// work is done: a folder or a device that cannot be written fails here.
func (a *App) openOutput(name string) (*outfile.File, error) {
	if name == "" {
		name = "-"
	}
	f, err := outfile.Open(name, a.Out)
	if err != nil {
		return nil, &runError{err: err}
	}
	return f, nil
}

// toOutput writes what write writes to -o name: atomically to a file (a
// failed run leaves none), directly to a device or a pipe, or to standard
// output for "" and "-".
func (a *App) toOutput(name string, write func(w io.Writer) error) error {
	f, err := a.openOutput(name)
	if err != nil {
		return err
	}
	defer f.Abort()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return &runError{err: fmt.Errorf("writing: %w", err)}
	}
	if err := f.Commit(); err != nil {
		return &runError{err: err}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func fixedCompletion(words ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	}
}
