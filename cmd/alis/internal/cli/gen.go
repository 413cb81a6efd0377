package cli

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// newGenCmd is a hidden command that writes a realistic generated CSV export,
// for benchmarks and trials on large inputs.
func (a *App) newGenCmd() *cobra.Command {
	opt := gen.Options{}
	var oldYear int
	var out string
	l := a.Lang
	c := &cobra.Command{
		Use:     "gen",
		Short:   msg.S(l, "Write a realistic generated CSV export of N agreements (for benchmarks)"),
		Long:    msg.S(l, "gen writes N generated agreements as Norwegian Excel exports them: semicolons, decimal commas, Norwegian headers. The same --rows and --seed give the same bytes."),
		Example: "  alis gen --rows 1000000 > avtaler.csv\n  alis gen --rows 100000 -o avtaler.xlsx",
		Hidden:  true,
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opt.Encoding != "utf-8" && opt.Encoding != "windows-1252" {
				return usagef("--encoding: unknown encoding %q", opt.Encoding).withHint("use --encoding utf-8 or --encoding windows-1252")
			}
			if c.Flags().Changed("year") {
				a.diag().Warnf("gen --year is now --grant-year; --year will stop working in the next release")
				opt.Year = oldYear
			}
			if strings.HasSuffix(strings.ToLower(out), ".xlsx") {
				// The same agreements as a workbook, to read as a spreadsheet program saved it.
				return a.toOutput(out, func(w io.Writer) error { return gen.WriteXLSX(w, opt) })
			}
			return a.toOutput(out, func(w io.Writer) error { return gen.Write(w, opt) })
		},
	}
	c.Flags().IntVar(&opt.Rows, "rows", 1000, msg.S(l, "number of agreements"))
	c.Flags().StringVarP(&out, "output", "o", "", msg.S(l, "write to FILE (atomically) instead of standard output; - is standard output"))
	c.Flags().Uint64Var(&opt.Seed, "seed", 2021, msg.S(l, "random seed"))
	c.Flags().StringVar(&opt.Encoding, "encoding", "utf-8", msg.S(l, "utf-8 (with BOM) or windows-1252"))
	c.Flags().IntVar(&opt.Year, "grant-year", 2021, msg.S(l, "the grant year the agreements are about"))
	c.Flags().IntVar(&oldYear, "year", 2021, msg.S(l, "the old name of --grant-year"))
	_ = c.Flags().MarkHidden("year")
	c.Flags().Float64Var(&opt.Bad, "bad", 0.001, msg.S(l, "share of rows with a malformed amount"))
	c.Flags().BoolVar(&opt.Employment, "employment", false, msg.S(l, "add a position and a stillingsprosent to each row, as a register of employment periods"))
	return c
}
