package cli

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// Positional arguments and flag errors in alis's own sentences: cobra's and
// pflag's messages never reach the user.

// noArgs is for commands that take flags only.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return usagef("%s takes no arguments, only flags; %s was given", c.Name(), quoteList(args)).
		withHint("give each value after its flag, as --staffing-agency nei; see '%s --help'", c.CommandPath())
}

// exactArgs is for commands that read n arguments, described by what.
func exactArgs(n int, what msg.Texter) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		switch {
		case len(args) == n:
			return nil
		case len(args) < n:
			return usagef("%s needs %s", c.Name(), what).withHint("see '%s --help'", c.CommandPath())
		}
		return usagef("%s takes %s; %d arguments were given: %s", c.Name(), what, len(args), quoteList(args)).withHint("see '%s --help'", c.CommandPath())
	}
}

// maxArgs is for commands that read at most n arguments.
func maxArgs(n int, what msg.Texter) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) <= n {
			return nil
		}
		return usagef("%s takes %s; %d arguments were given: %s", c.Name(), what, len(args), quoteList(args)).withHint("see '%s --help'", c.CommandPath())
	}
}

// minArgs is for commands that read n or more arguments.
func minArgs(n int, what msg.Texter) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) >= n {
			return nil
		}
		return usagef("%s needs %s", c.Name(), what).withHint("see '%s --help'", c.CommandPath())
	}
}

// flagError turns pflag's errors into sentences of ours, with a suggestion
// for a misspelled flag.
func (a *App) flagError(c *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		needsVal *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	path := c.CommandPath()
	switch {
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		flag := "--" + name
		if notExist.GetSpecifiedShortnames() != "" {
			flag = "-" + name
		}
		e := usagef("%s has no flag %s", path, flag)
		if s := suggestFlags(c, name); len(s) > 0 {
			return e.withHint("did you mean %s? see '%s --help'", orList(a.Lang, s), path)
		}
		return e.withHint("see '%s --help'", path)
	case errors.As(err, &needsVal):
		return usagef("--%s needs a value: %s", needsVal.GetFlag().Name, needsVal.GetFlag().Usage).withHint("see '%s --help'", path)
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		var kind msg.Texter
		switch f.Value.Type() {
		case "int", "uint64":
			kind = msg.New("a whole number")
		case "float64":
			kind = msg.New("a number")
		case "bool":
			kind = msg.New("true or false")
		default:
			return usagef("--%s: %v", f.Name, errors.Unwrap(err)).withHint("see '%s --help'", path)
		}
		return usagef("--%s: %q is not %s", f.Name, invalid.GetValue(), kind).withHint("see '%s --help'", path)
	case errors.As(err, &syntax):
		return usagef("%q is not a flag: write --name or --name=value", syntax.GetSpecifiedFlag()).withHint("see '%s --help'", path)
	}
	return usage(err).withHint("see '%s --help'", path)
}

// orList joins names with "or".
func orList(l msg.Lang, xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return msg.T(l, "%s or %s", strings.Join(xs[:len(xs)-1], ", "), xs[len(xs)-1])
}

// suggestFlags lists the command's flags within two edits of name, or that
// start with it.
func suggestFlags(c *cobra.Command, name string) []string {
	var out []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if d := editDistance(name, f.Name); d <= 2 || (len(name) >= 3 && strings.HasPrefix(f.Name, name)) {
			out = append(out, "--"+f.Name)
		}
	})
	sort.Strings(out)
	return out
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// unknownCommand rewrites cobra's "unknown command" error.
func (a *App) unknownCommand(root *cobra.Command, err error) error {
	text := err.Error()
	if !strings.HasPrefix(text, "unknown command ") {
		return err
	}
	name := strings.TrimPrefix(text, "unknown command ")
	name, _, _ = strings.Cut(name, " for ")
	name = strings.Trim(name, `"`)
	var cmds []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() && c.Name() != "help" && c.Name() != "completion" {
			cmds = append(cmds, c.Name())
		}
	}
	e := usagef("alis has no command %q", name)
	if s := root.SuggestionsFor(name); len(s) > 0 {
		return e.withHint("did you mean %s? the commands are %s; see 'alis --help'", orList(a.Lang, s), strings.Join(cmds, ", "))
	}
	return e.withHint("the commands are %s; see 'alis --help'", strings.Join(cmds, ", "))
}

// noSubcommand is a word that is none of c's commands, with the ones it
// might have meant.
func (a *App) noSubcommand(c *cobra.Command, word string) error {
	var cmds []string
	for _, s := range c.Commands() {
		if s.IsAvailableCommand() && s.Name() != "help" {
			cmds = append(cmds, s.Name())
		}
	}
	e := usagef("%s has no command %q", c.CommandPath(), word)
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2
	}
	if s := c.SuggestionsFor(word); len(s) > 0 {
		return e.withHint("did you mean %s? the commands are %s; see '%s --help'", orList(a.Lang, s), strings.Join(cmds, ", "), c.CommandPath())
	}
	return e.withHint("the commands are %s; see '%s --help'", strings.Join(cmds, ", "), c.CommandPath())
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
