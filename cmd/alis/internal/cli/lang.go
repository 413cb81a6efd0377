package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// langEnv is the environment variable that sets the language for scripts.
const langEnv = "ALIS_LANG"

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

// checkLang holds --lang and ALIS_LANG to the languages alis has.
func (a *App) checkLang() error {
	if a.lang != "" {
		if _, err := msg.ParseLang(a.lang); err != nil {
			return usage(msg.Errorf("--lang: %w", err)).withHint("use --lang nb, --lang nn or --lang en")
		}
		return nil
	}
	if a.env != "" {
		if _, err := msg.ParseLang(a.env); err != nil {
			return usage(msg.Errorf("%s: %w", langEnv, err)).withHint("set ALIS_LANG=nb, ALIS_LANG=nn or ALIS_LANG=en, or leave it unset")
		}
	}
	return nil
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
