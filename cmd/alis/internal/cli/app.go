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
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/outfile"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
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

// App is the program on its streams.
type App struct {
	In               io.Reader
	Out              io.Writer
	Err              io.Writer
	StderrIsTerminal bool
	// Lang is the language of every message and of the output for people:
	// --lang, else ALIS_LANG, else bokmål.
	Lang msg.Lang
	lang string // --lang as given
	env  string // ALIS_LANG as given
	// stdoutClosed: the process was started with standard output closed.
	stdoutClosed bool
}

// langEnv is the environment variable that sets the language for scripts.
const langEnv = "ALIS_LANG"

// Main is the process: the program on the process's streams and arguments,
// stopped cleanly by SIGINT and SIGTERM. It returns the exit code.
func Main() int {
	closed := reserveClosedStreams()
	stopSignals := onSignal(os.Stderr, langOf(os.Args[1:], os.Getenv(langEnv)))
	defer stopSignals()
	env := os.Getenv(langEnv)
	a := &App{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, StderrIsTerminal: isTerminal(os.Stderr), Lang: langOf(os.Args[1:], env), env: env, stdoutClosed: closed[1]}
	return a.execute(os.Args[1:])
}

// reserveClosedStreams finds which of standard input, output and error the
// process was started without (alis batch f.csv >&-). The Go runtime opens
// the null device, read and write, in the place of each one closed, so that
// no file the run opens takes its number; startedClosed tells that apart
// from a stream a shell sent to /dev/null (write only, or read only).
func reserveClosedStreams() (closed [3]bool) {
	for i, f := range []*os.File{os.Stdin, os.Stdout, os.Stderr} {
		if _, err := f.Stat(); err != nil {
			closed[i] = true
			flag := os.O_WRONLY
			if i == 0 {
				flag = os.O_RDONLY
			}
			os.OpenFile(os.DevNull, flag, 0) // takes the lowest number free: this one's
			continue
		}
		closed[i] = startedClosed(f)
	}
	return closed
}

// Run is the program on the streams it is given; it returns the exit code.
// ALIS_LANG is read from the environment.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := os.Getenv(langEnv)
	a := &App{In: stdin, Out: stdout, Err: stderr, StderrIsTerminal: isTerminal(stderr), Lang: langOf(args, env), env: env}
	return a.execute(args)
}

// langOf is the language the arguments and ALIS_LANG ask for, known before
// the flags are parsed so that the help is in it: the last --lang before
// "--", else ALIS_LANG, else bokmål. A language alis does not know is passed
// over here; the flag, or ALIS_LANG, is then reported as an error.
func langOf(args []string, env string) msg.Lang {
	l := msg.NB
	if e, err := msg.ParseLang(env); err == nil {
		l = e
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		given, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			given, ok = args[i+1], true
			i++
		}
		if g, err := msg.ParseLang(given); ok && err == nil {
			l = g
		}
	}
	return l
}

// diag writes to standard error in the App's language.
func (a *App) diag() msg.Diag { return msg.Diag{W: a.Err, L: a.Lang} }

// checkLang holds --lang and ALIS_LANG to the languages alis has.
func (a *App) checkLang() error {
	if a.lang != "" {
		if _, err := msg.ParseLang(a.lang); err != nil {
			return usage(msg.Errorf("--lang: %w", err)).withHint("use --lang nb or --lang en")
		}
		return nil
	}
	if a.env != "" {
		if _, err := msg.ParseLang(a.env); err != nil {
			return usage(msg.Errorf("%s: %w", langEnv, err)).withHint("set ALIS_LANG=nb or ALIS_LANG=en, or leave it unset")
		}
	}
	return nil
}

// onSignal makes SIGINT, SIGTERM, SIGHUP (a closed terminal, a dropped
// ssh) and SIGQUIT remove every temporary output file and end the process
// with 128 + the signal's number (130, 143, 129, 131), as a shell reports a
// process stopped by them. SIGPIPE is taken too, so that a write to a reader
// that has gone fails with EPIPE, which ends the run quietly (pipeClosed),
// rather than killing the process with a temporary file left behind.
func onSignal(stderr io.Writer, l msg.Lang) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGPIPE)
	done := make(chan struct{})
	go func() {
		var s os.Signal
		for s == nil || s == syscall.SIGPIPE { // a SIGPIPE is the EPIPE of the write that caused it
			select {
			case s = <-ch:
			case <-done:
				return
			}
		}
		d := msg.Diag{W: stderr, L: l}
		if outfile.RemoveTemporary() > 0 {
			d.Errorf("stopped by %s; the output file was not written", signalName(s))
		} else {
			d.Errorf("stopped by %s", signalName(s))
		}
		code := 128 + 2
		if sig, ok := s.(syscall.Signal); ok {
			code = 128 + int(sig)
		}
		os.Exit(code)
	}()
	return func() { signal.Stop(ch); close(done) }
}

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGQUIT:
		return "SIGQUIT"
	}
	return s.String()
}

// isTerminal reports whether w is a character device (a terminal).
// widthOf is the width of text for people written to w: COLUMNS, else
// the terminal's, else output.DefaultWidth.
func widthOf(w io.Writer) int {
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return max(n, output.MinWidth)
	}
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		if n, _, err := term.GetSize(int(f.Fd())); err == nil && n > 0 {
			return max(n, output.MinWidth)
		}
	}
	return output.DefaultWidth
}

// outWidth is the width of text for people written to -o name: standard
// output's when there is no name, or it is "-".
func (a *App) outWidth(name string) int {
	if name == "" || name == "-" {
		return widthOf(a.Out)
	}
	return widthOf(nil)
}

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

func (e *usageError) Error() string          { return e.err.Error() }
func (e *runError) Error() string            { return e.err.Error() }
func (e *rowsRejected) Error() string        { return fmt.Sprintf("%d rows were rejected", e.n) } //msg:ok never shown: the rows are reported one by one
func (e *reported) Error() string            { return e.err.Error() }
func (e *usageError) Text(l msg.Lang) string { return msg.Text(l, e.err) }
func (e *runError) Text(l msg.Lang) string   { return msg.Text(l, e.err) }
func (e *usageError) Unwrap() error          { return e.err }
func (e *runError) Unwrap() error            { return e.err }
func (e *usageError) Hint(l msg.Lang) string { return textOf(l, e.hint) }
func (e *runError) Hint(l msg.Lang) string   { return textOf(l, e.hint) }
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
	if errors.Is(err, syscall.EPIPE) {
		// The reader of the output went away before the end (as head does):
		// nothing more is wanted, no file is left, and the run ends quietly.
		outfile.RemoveTemporary()
		return exitPipeClosed
	}
	if err != nil {
		err = a.unknownCommand(root, err)
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
	d := a.diag()
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

func (a *App) newRootCmd() *cobra.Command {
	l := a.Lang
	root := &cobra.Command{
		Use:   "alis",
		Short: msg.S(l, "Compute the state's grant for ALIS-avtaler, period by period"),
		Long: msg.S(l, `alis computes the eligibility and the grant (tilskudd) that the state pays a
kommune for an ALIS-avtale, under the rules of a grant period. The rules of each
period are embedded rule files, every value with its source and basis (verified,
inferred, assumed, or unknown where no source gives it); --rules FILE uses a rule
file from disk instead.

Amounts are computed exactly and rounded once, at the end, as the rule file says.
Messages and the output for people are in bokmål; --lang en (or ALIS_LANG=en) gives
English. Codes, JSON keys and CSV headers for scripts are the same in both.`) + "\n\n" + exitCodesHelp(l),
		Example: `  alis calc --driftsform næring --start 2021-01-01 --cost "300 000"
  alis calc --driftsform fastlønn --start 01.08.2021 --cost 400000 --explain
  alis calc --driftsform naering --role vikar --start 2021-01-01 --end 2021-12-31 --cost 200000 --lang en`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		Version:           version(),
		PersistentPreRunE: func(*cobra.Command, []string) error { return a.checkLang() },
	}
	root.PersistentFlags().StringVar(&a.lang, "lang", "", msg.S(l, "language of messages and of the output for people: nb (bokmål, the default) or en; ALIS_LANG sets it for scripts"))
	_ = root.RegisterFlagCompletionFunc("lang", fixedCompletion("nb", "en"))
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(a.flagError)
	root.AddCommand(a.newCalcCmd(), a.newBatchCmd(), a.newCompareCmd(), a.newReportCmd(), a.newRulesCmd(), a.newHistoryCmd(), a.newVersionCmd(), a.newGenCmd())
	a.localize(root)
	return root
}

// localize puts cobra's own words in the App's language: the headings of
// the help, the help and version flags, and the help and completion
// commands.
func (a *App) localize(root *cobra.Command) {
	l := a.Lang
	root.SetUsageFunc(a.usage)
	root.Flags().BoolP("version", "v", false, msg.S(l, "print the version of alis"))
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().BoolP("help", "h", false, msg.T(l, "help for %s", c.CommandPath()))
		switch c.Name() {
		case "help":
			c.Short = msg.S(l, "Help about any command")
			c.Long = msg.S(l, "Help for any command: alis help COMMAND is alis COMMAND --help.")
		case "completion":
			c.Short = msg.S(l, "Write the script for tab completion in a shell")
			c.Long = msg.S(l, "Write the script that completes alis's commands, flags and their values with the Tab key, for bash, zsh, fish or powershell; see the help of each.")
		case "bash", "zsh", "fish", "powershell":
			if c.HasParent() && c.Parent().Name() == "completion" {
				c.Short = msg.T(l, "Write the completion script for %s", c.Name())
				c.Long = msg.T(l, "Write the completion script for %s to standard output: load it in the shell's start-up file.", c.Name())
				if f := c.Flags().Lookup("no-descriptions"); f != nil {
					f.Usage = msg.S(l, "leave out the descriptions of the completions")
				}
			}
		}
		if c.HasSubCommands() && c != root && !c.Runnable() {
			// A group of commands (rules, completion): a word that is none
			// of them is an error, not its help with exit 0.
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) == 0 {
					return c.Help()
				}
				return a.noSubcommand(c, args[0])
			}
		}
		if c.Name() == "help" && c.Parent() == root {
			c.Run = nil
			c.RunE = func(_ *cobra.Command, args []string) error {
				target, rest, err := root.Find(args)
				if err != nil || target == nil || len(rest) > 0 || len(args) > 0 && target == root {
					word := strings.Join(args, " ")
					if len(rest) > 0 {
						word = rest[0]
					}
					parent := root
					if target != nil && target != root {
						parent = target
					}
					return a.noSubcommand(parent, word)
				}
				return target.Help()
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// openOutput opens -o FILE, or standard output for "" and "-", before any
// work is done: a folder or a device that cannot be written fails here.
func (a *App) openOutput(name string) (*outfile.File, error) {
	if name == "" {
		name = "-"
	}
	if a.stdoutClosed && name == "-" {
		return nil, usagef("standard output is closed, so the results would go nowhere").withHint("give -o FILE, or run alis with its output to a file or a pipe")
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
		return &runError{err: msg.Errorf("writing: %w", err)}
	}
	if err := f.Commit(); err != nil {
		return &runError{err: err}
	}
	return nil
}

func fixedCompletion(words ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	}
}
