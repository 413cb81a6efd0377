package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// The help in the App's language: cobra's usage, written here so that its
// headings, the kinds of flag values and their defaults are in bokmål or
// English like the rest.

// valueNames names the kinds of flag values, by pflag's type.
var valueNames = map[string]string{
	"string":      msg.Key("TEXT"),
	"stringArray": msg.Key("TEXT"),
	"int":         msg.Key("NUMBER"),
	"uint64":      msg.Key("NUMBER"),
	"float64":     msg.Key("NUMBER"),
	"PERIOD":      msg.Key("PERIOD"),
	"YEAR":        msg.Key("YEAR"),
	"FILE":        msg.Key("FILE"),
	"NAME=VALUE":  msg.Key("NAME=VALUE"),
}

// flagValueNames name the values of some flags better than their kind.
var flagValueNames = map[string]string{
	"output": msg.Key("FILE"),
	"rules":  msg.Key("FILE"),
	"set":    msg.Key("NAME=VALUE"),
	"map":    msg.Key("HEADER=FIELD"),
	"lang":   msg.Key("LANGUAGE"),
	"format": msg.Key("FORMAT"),
	"sheet":  msg.Key("SHEET"),
}

// usage writes a command's usage: how to call it, its examples, its
// commands and its flags.
func (a *App) usage(c *cobra.Command) error {
	l := a.Lang
	var b strings.Builder
	b.WriteString(msg.S(l, "Usage:"))
	if c.Runnable() {
		b.WriteString("\n  " + strings.Replace(c.UseLine(), "[flags]", msg.S(l, "[flags]"), 1))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n  " + c.CommandPath() + " " + msg.S(l, "COMMAND"))
	}
	if len(c.Aliases) > 0 {
		b.WriteString("\n\n" + msg.S(l, "Aliases:") + "\n  " + c.NameAndAliases())
	}
	if c.HasExample() {
		b.WriteString("\n\n" + msg.S(l, "Examples:") + "\n" + c.Example)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + msg.S(l, "Commands:"))
		width := 0
		for _, sub := range c.Commands() {
			width = max(width, len(sub.Name()))
		}
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s  %s", width, sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString("\n\n" + msg.S(l, "Flags:") + "\n" + flagUsages(c.LocalFlags(), l))
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString("\n\n" + msg.S(l, "Flags of every command:") + "\n" + flagUsages(c.InheritedFlags(), l))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + msg.T(l, "See \"%s COMMAND --help\" for a command's help.", c.CommandPath()))
	}
	b.WriteString("\n")
	_, err := fmt.Fprint(c.OutOrStderr(), b.String())
	return err
}

// flagUsages lists flags as pflag does, aligned, with the kind of value
// each takes and its default in l.
func flagUsages(fs *pflag.FlagSet, l msg.Lang) string {
	type row struct{ head, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		head := "      --" + f.Name
		if f.Shorthand != "" {
			head = "  -" + f.Shorthand + ", --" + f.Name
		}
		if t := f.Value.Type(); t != "bool" {
			name := t
			if k, ok := flagValueNames[f.Name]; ok {
				name = msg.Dyn(l, k)
			} else if k, ok := valueNames[t]; ok {
				name = msg.Dyn(l, k)
			}
			head += " " + name
		}
		usage := f.Usage
		if d := defaultOf(f); d != "" {
			usage += " " + msg.T(l, "(default %s)", d)
		}
		width = max(width, len([]rune(head)))
		rows = append(rows, row{head, usage})
	})
	var b strings.Builder
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s%s   %s", r.head, strings.Repeat(" ", width-len([]rune(r.head))), r.usage)
	}
	return b.String()
}

// defaultOf is a flag's default as the help shows it, or "" for none.
func defaultOf(f *pflag.Flag) string {
	switch d := f.DefValue; {
	case d == "", d == "[]", d == "false", d == "<nil>":
		return ""
	case d == "0" && f.Value.Type() != "string":
		return ""
	case f.Value.Type() == "string":
		return fmt.Sprintf("%q", d)
	default:
		return d
	}
}
