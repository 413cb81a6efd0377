package cli

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Positional arguments and flag errors in alis's own sentences: cobra's and
// pflag's messages never reach the user.

// noArgs is for commands that take flags only.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return usagef("give each value after its flag, as --staffing-agency nei; see '"+c.CommandPath()+" --help'",
		"%s takes no arguments, only flags; %s was given", c.Name(), quoteList(args))
}

// exactArgs is for commands that read n arguments, described by what.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		switch {
		case len(args) == n:
			return nil
		case len(args) < n:
			return usagef("see '"+c.CommandPath()+" --help'", "%s needs %s", c.Name(), what)
		}
		return usagef("see '"+c.CommandPath()+" --help'", "%s takes %s; %d arguments were given: %s", c.Name(), what, len(args), quoteList(args))
	}
}

// minArgs is for commands that read n or more arguments.
func minArgs(n int, what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) >= n {
			return nil
		}
		return usagef("see '"+c.CommandPath()+" --help'", "%s needs %s", c.Name(), what)
	}
}

// flagError turns pflag's errors into sentences of ours, with a suggestion
// for a misspelled flag.
func flagError(c *cobra.Command, err error) error {
	help := fmt.Sprintf("see '%s --help'", c.CommandPath())
	var (
		notExist *pflag.NotExistError
		needsVal *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		flag := "--" + name
		if notExist.GetSpecifiedShortnames() != "" {
			flag = "-" + name
		}
		hint := help
		if s := suggestFlags(c, name); len(s) > 0 {
			hint = "did you mean " + strings.Join(s, " or ") + "? " + help
		}
		return usagef(hint, "%s has no flag %s", c.CommandPath(), flag)
	case errors.As(err, &needsVal):
		return usagef(help, "--%s needs a value: %s", needsVal.GetFlag().Name, needsVal.GetFlag().Usage)
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		kind := map[string]string{"int": "a whole number", "uint64": "a whole number", "float64": "a number", "bool": "true or false"}[f.Value.Type()]
		if kind == "" {
			return usagef(help, "--%s: %v", f.Name, errors.Unwrap(err))
		}
		return usagef(help, "--%s: %q is not %s", f.Name, invalid.GetValue(), kind)
	case errors.As(err, &syntax):
		return usagef(help, "%q is not a flag: write --name or --name=value", syntax.GetSpecifiedFlag())
	}
	return usagef(help, "%v", err)
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
func unknownCommand(root *cobra.Command, err error) error {
	msg := err.Error()
	if !strings.HasPrefix(msg, "unknown command ") {
		return err
	}
	name := strings.TrimPrefix(msg, "unknown command ")
	name, _, _ = strings.Cut(name, " for ")
	name = strings.Trim(name, `"`)
	var cmds []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() && c.Name() != "help" && c.Name() != "completion" {
			cmds = append(cmds, c.Name())
		}
	}
	hint := "the commands are " + strings.Join(cmds, ", ") + "; see 'alis --help'"
	if s := root.SuggestionsFor(name); len(s) > 0 {
		hint = "did you mean " + strings.Join(s, " or ") + "? " + hint
	}
	return usagef(hint, "alis has no command %q", name)
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
