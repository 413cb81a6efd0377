package cli

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// genOptions are gen's flags.
type genOptions struct {
	opt     gen.Options
	oldYear int
	out     string
}

// newGenCmd is a hidden command that writes a realistic generated CSV export,
// for benchmarks and trials on large inputs.
func (a *App) newGenCmd() *cobra.Command {
	o := &genOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:     "gen",
		Short:   msg.S(l, "Write a realistic generated CSV export of N agreements (for benchmarks)"),
		Long:    msg.S(l, "gen writes N generated agreements as Norwegian Excel exports them: semicolons, decimal commas, Norwegian headers. The same --rows and --seed give the same bytes."),
		Example: "  alis gen --rows 1000000 > avtaler.csv\n  alis gen --rows 100000 -o avtaler.xlsx",
		Hidden:  true,
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return a.runGen(o, c)
		},
	}
	c.Flags().IntVar(&o.opt.Rows, "rows", 1000, msg.S(l, "number of agreements"))
	c.Flags().StringVarP(&o.out, "output", "o", "", msg.S(l, "write to FILE (atomically) instead of standard output; - is standard output"))
	c.Flags().Uint64Var(&o.opt.Seed, "seed", 2021, msg.S(l, "random seed"))
	c.Flags().StringVar(&o.opt.Encoding, "encoding", "utf-8", msg.S(l, "utf-8 (with BOM) or windows-1252"))
	c.Flags().IntVar(&o.opt.Year, "grant-year", 2021, msg.S(l, "the grant year the agreements are about"))
	c.Flags().IntVar(&o.oldYear, "year", 2021, msg.S(l, "the old name of --grant-year"))
	_ = c.Flags().MarkHidden("year")
	c.Flags().Float64Var(&o.opt.Bad, "bad", 0.001, msg.S(l, "share of rows with a malformed amount"))
	c.Flags().BoolVar(&o.opt.Employment, "employment", false, msg.S(l, "add a position and a stillingsprosent to each row, as a register of employment periods"))
	return c
}

func (a *App) runGen(o *genOptions, c *cobra.Command) error {
	if o.opt.Encoding != "utf-8" && o.opt.Encoding != "windows-1252" {
		return usagef("--encoding: unknown encoding %q", o.opt.Encoding).withHint("use --encoding utf-8 or --encoding windows-1252")
	}
	if c.Flags().Changed("year") {
		a.diag().Warnf("gen --year is now --grant-year; --year will stop working in the next release")
		o.opt.Year = o.oldYear
	}
	if strings.HasSuffix(strings.ToLower(o.out), ".xlsx") {
		// The same agreements as a workbook, to read as a spreadsheet program saved it.
		return a.toOutput(o.out, func(w io.Writer) error { return gen.WriteXLSX(w, o.opt) })
	}
	return a.toOutput(o.out, func(w io.Writer) error { return gen.Write(w, o.opt) })
}
