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
	"errors"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/outfile"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/serve"
	"github.com/alis-tilskudd/alis/internal/msg"
)

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
	// Quiet (--quiet): no summary on stderr, no warnings, hints or notes;
	// errors still.
	Quiet bool
	// settings are the settings file's (loadSettings); settingsErr says
	// why it could not be read.
	settings    *settings
	settingsErr error
	env         string // ALIS_LANG as given
	// stdoutClosed: the process was started with standard output closed.
	stdoutClosed bool
	// completing: the run is the shell's request for completions
	// (__complete), the one run that needs the flags' completion functions.
	completing bool
	// register: the run is alis serve's computation of a register
	// (RunRegister), batch writing every output the page needs.
	register *serve.Outputs
}

// Main is the process: the program on the process's streams and arguments,
// stopped cleanly by SIGINT and SIGTERM. It returns the exit code.
func Main() int {
	closed := reserveClosedStreams()
	stopSignals := onSignal(os.Stderr, langOf(os.Args[1:], os.Getenv(langEnv)))
	defer stopSignals()
	env := os.Getenv(langEnv)
	a := &App{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, StderrIsTerminal: isTerminal(os.Stderr), env: env, stdoutClosed: closed[1]}
	a.setUp(os.Args[1:])
	return a.execute(os.Args[1:])
}

// Run is the program on the streams it is given; it returns the exit code.
// ALIS_LANG is read from the environment.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := os.Getenv(langEnv)
	a := &App{In: stdin, Out: stdout, Err: stderr, StderrIsTerminal: isTerminal(stderr), env: env}
	a.setUp(args)
	return a.execute(args)
}

// setUp reads the settings file and chooses the language before the
// commands are made: --lang, else ALIS_LANG, else the settings', else
// bokmål.
func (a *App) setUp(args []string) {
	a.completing = len(args) > 0 && strings.HasPrefix(args[0], "__complete")
	a.settings, a.settingsErr = loadSettings(args, os.Getenv)
	if a.settings == nil {
		a.settings = &settings{Formats: map[string]string{}}
	}
	env := a.env
	if env == "" {
		env = a.settings.Lang
	}
	a.Lang = langOf(args, env)
}

// completion gives a flag its completions, in a run that completes: cobra
// keeps every flag given one in a map of its own for as long as the process
// runs, and a flag's value points into the App, so that registering them on
// every run would keep every App (and its output) of a long-running process
// (alis serve) alive.
func (a *App) completion(c *cobra.Command, flag string, f cobra.CompletionFunc) {
	if a.completing {
		_ = c.RegisterFlagCompletionFunc(flag, f)
	}
}

// diag writes to standard error in the App's language.
func (a *App) diag() msg.Diag { return msg.Diag{W: a.Err, L: a.Lang, Quiet: a.Quiet} }

func (a *App) execute(args []string) (code int) {
	defer func() {
		if err := recovered(recover()); err != nil {
			a.printError(err)
			code = exitInternal
		}
	}()
	if a.settings == nil { // an App made without setUp: no settings
		a.settings = &settings{Formats: map[string]string{}}
	}
	if a.settingsErr != nil {
		err := &usageError{err: a.settingsErr}
		a.printError(err)
		return exitCode(err)
	}
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
Messages and the output for people are in bokmål; --lang nn (or ALIS_LANG=nn) gives
nynorsk and --lang en English. Codes, JSON keys and CSV headers for scripts are the
same in all three.`) + "\n\n" + exitCodesHelp(l),
		Example: `  alis calc --driftsform næring --start 2021-01-01 --cost "300 000"
  alis calc --driftsform fastlønn --start 01.08.2021 --cost 400000 --explain
  alis calc --driftsform naering --role vikar --start 2021-01-01 --end 2021-12-31 --cost 200000 --lang en`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
		PersistentPreRunE: func(c *cobra.Command, _ []string) error {
			if err := a.checkLang(); err != nil {
				return err
			}
			return a.settings.apply(c)
		},
	}
	root.PersistentFlags().StringVar(&a.lang, "lang", "", msg.S(l, "language of messages and of the output for people: nb (bokmål, the default), nn (nynorsk) or en; ALIS_LANG sets it for scripts"))
	a.completion(root, "lang", fixedCompletion("nb", "nn", "en"))
	root.PersistentFlags().StringVar(new(string), "config", "", msg.S(l, "the settings file to read (default: config.yaml in the user's configuration folder; ALIS_CONFIG sets it for scripts); see 'alis config'"))
	root.PersistentFlags().BoolVarP(&a.Quiet, "quiet", "q", false, msg.S(l, "say nothing on standard error but errors: no summary, no warnings, no progress"))
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(a.flagError)
	root.AddCommand(a.newCalcCmd(), a.newBatchCmd(), a.newCompareCmd(), a.newReportCmd(), a.newRulesCmd(), a.newHistoryCmd(), a.newMalCmd(), a.newVersionCmd(), a.newConfigCmd(), a.newManCmd(), a.newServeCmd(), a.newGenCmd())
	a.localize(root)
	return root
}

func fixedCompletion(words ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	}
}
