package main

// Messages follow one set of rules:
//   - data goes to the output stream the command was given, never to stderr;
//   - errors go to stderr once, as "alis: error: what failed", in lower case,
//     followed where it helps by "alis: hint: what to do";
//   - warnings go to stderr as "alis: warning: ..." (or "alis: advarsel: ..." with --lang nb);
//   - the same input gives the same bytes on a terminal and in a pipe.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

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

type app struct {
	in               io.Reader
	out              io.Writer
	err              io.Writer
	stderrIsTerminal bool
}

// usageError is a bad flag or flag value; runError is anything else that
// stops a run before it computes. rowsRejected reports rows a batch rejected.
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
)

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

func (e *usageError) Error() string   { return e.err.Error() }
func (e *runError) Error() string     { return e.err.Error() }
func (e *rowsRejected) Error() string { return fmt.Sprintf("%d rows were rejected", e.n) }

func usagef(hint, format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...), hint: hint}
}

// exitCode maps every kind of error to its exit code, in one place.
func exitCode(err error) int {
	var (
		ue *usageError
		re *runError
		rr *rowsRejected
		le *rules.LoadError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, new(*internalError)):
		return exitInternal
	case errors.As(err, &rr):
		return exitRejected
	case errors.As(err, &ue), errors.As(err, &re), errors.As(err, &le), errors.As(err, new(*reported)):
		return exitCannot
	}
	return exitCannot
}

func hintOf(err error) string {
	var (
		ue *usageError
		re *runError
		le *rules.LoadError
	)
	switch {
	case errors.As(err, &ue):
		return ue.hint
	case errors.As(err, &re):
		return re.hint
	case errors.As(err, &le):
		return "each line above names the file, the line and the parameter; fix them and run again"
	}
	return ""
}

func (a *app) execute(args []string) (code int) {
	defer func() {
		if err := recovered(recover()); err != nil {
			a.printError(err)
			code = exitInternal
		}
	}()
	root := a.newRootCmd()
	root.SetArgs(args)
	root.SetIn(a.in)
	root.SetOut(a.out)
	root.SetErr(a.err)
	err := root.Execute()
	if err != nil {
		err = unknownCommand(root, err)
		var rr *rowsRejected
		if !errors.As(err, &rr) {
			a.printError(err)
		}
	}
	return exitCode(err)
}

func (a *app) printError(err error) {
	var ie *internalError
	if errors.As(err, &ie) {
		outfile.RemoveTemporary()
		fmt.Fprintf(a.err, "alis: internal error: %v\n", ie.value)
		if os.Getenv("ALIS_TRACE") != "" {
			a.err.Write(ie.stack)
		}
		fmt.Fprintf(a.err, "alis: hint: this is a bug in alis, not a fault in your input: please report it with the command you ran (ALIS_TRACE=1 shows where it happened)\n")
		return
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(a.err, "alis: error: %s\n", line)
	}
	if h := hintOf(err); h != "" {
		fmt.Fprintf(a.err, "alis: hint: %s\n", h)
	}
}

func (a *app) newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "alis",
		Short: "Compute the state's grant for ALIS-avtaler, year by year",
		Long: `alis computes the eligibility and the grant (tilskudd) that the state pays a
kommune for an ALIS-avtale, under the rules of a grant year. The rules of each
year are embedded rule files, every value with its source and basis (verified,
inferred or assumed); --rules FILE uses a rule file from disk instead.

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
