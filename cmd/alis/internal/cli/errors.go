package cli

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/outfile"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// Exit codes. They are documented in the root command's help and the README.
const (
	exitOK       = 0 // computed (an ineligible agreement is a result, not an error)
	exitRejected = 1 // some input rows were rejected
	exitCannot   = 2 // could not run: bad flags, a bad value, a bad rule file, an output that cannot be written
	exitInternal = 3 // an internal error: a bug in alis
	// exitPipeClosed: the output's reader closed it before the end (alis
	// batch big.csv | head): the run stops quietly, as if it had finished.
	exitPipeClosed = 0
	// Stopped by a signal: 128 + its number, 130 for SIGINT (Ctrl-C) and
	// 143 for SIGTERM, as shells report them.
)

// exitCodesHelp documents the exit codes in the help of every command.
func exitCodesHelp(l msg.Lang) string {
	return msg.S(l, `Exit codes:
  0    computed (an agreement that is not eligible is a result, not an error)
  1    some input rows were rejected (alis batch); the others were computed
  2    could not run: a bad flag or value, a bad rule file, an output that cannot be written
  3    internal error: a bug in alis; please report it
  129  stopped by SIGHUP (a closed terminal); 130 by Ctrl-C (SIGINT); 131 by SIGQUIT;
       143 by SIGTERM. No output file is left behind
A reader that closes the output early (alis batch f.csv | head) ends the run quietly, with 0`)
}

// usageError is a bad flag or flag value; runError is anything else that
// stops a run before it computes. rowsRejected reports rows a batch
// rejected; reported is an error whose details were printed already. Their
// texts and hints say themselves in either language (msg).
type (
	usageError struct {
		err  error
		hint msg.Texter
	}
	runError struct {
		err  error
		hint msg.Texter
	}
	rowsRejected struct{ n int }
	reported     struct{ err error }
)

func (e *usageError) Error() string { return e.err.Error() }

func (e *runError) Error() string { return e.err.Error() }

func (e *rowsRejected) Error() string { return fmt.Sprintf("%d rows were rejected", e.n) } //msg:ok never shown: the rows are reported one by one

func (e *reported) Error() string { return e.err.Error() }

func (e *usageError) Text(l msg.Lang) string { return msg.Text(l, e.err) }

func (e *runError) Text(l msg.Lang) string { return msg.Text(l, e.err) }

func (e *usageError) Unwrap() error { return e.err }

func (e *runError) Unwrap() error { return e.err }

func (e *usageError) Hint(l msg.Lang) string { return textOf(l, e.hint) }

func (e *runError) Hint(l msg.Lang) string { return textOf(l, e.hint) }

func textOf(l msg.Lang, t msg.Texter) string {
	if t == nil {
		return ""
	}
	return t.Text(l)
}

// usagef is a bad flag or value.
//
//msg:format
func usagef(format string, args ...any) *usageError {
	return &usageError{err: msg.Errorf(format, args...)}
}

// usage is err as a bad flag or value.
func usage(err error) *usageError { return &usageError{err: err} }

// withHint adds what to do.
//
//msg:format
func (e *usageError) withHint(format string, args ...any) *usageError {
	e.hint = msg.New(format, args...)
	return e
}

// withHint adds what to do.
//
//msg:format
func (e *runError) withHint(format string, args ...any) *runError {
	e.hint = msg.New(format, args...)
	return e
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
func hintOf(l msg.Lang, err error) string {
	var h interface{ Hint(msg.Lang) string }
	var le *rules.LoadError
	switch {
	case errors.As(err, &h):
		return h.Hint(l)
	case errors.As(err, &le):
		return msg.S(l, "each line above names the file, the line and the parameter; fix them and run again")
	}
	return ""
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
	d := msg.Diag{W: a.Err, L: a.Lang} // an error says its hint, --quiet or not
	if value != nil {
		outfile.RemoveTemporary()
		fmt.Fprintf(a.Err, "alis: %s: %v\n", msg.S(a.Lang, "internal error"), value)
		if os.Getenv("ALIS_TRACE") != "" {
			a.Err.Write(stack)
		}
		d.Hintf("this is a bug in alis, not a fault in your input: please report it with the command you ran (ALIS_TRACE=1 shows where it happened)")
		return
	}
	var r *reported
	if errors.As(err, &r) {
		err = r.err
	}
	d.Error(err)
	if h := hintOf(a.Lang, err); h != "" {
		d.Hintf("%s", h)
	}
}
