package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/report"
)

func (a *App) newReportCmd() *cobra.Command {
	o := &compareOptions{}
	c := &cobra.Command{
		Use:   "report FILE -o rapport.html [--year PERIOD ...] [--rules FILE] [--set NAME=VALUE]",
		Short: "Write a one-file HTML report of a batch: totals against budgets and payouts, with charts",
		Long: `report computes a batch (a CSV file or an Excel workbook) under one or more rule
sets and writes one self-contained HTML file: no scripts, fonts or images from
elsewhere, so it opens offline and prints on A4. In bokmål by default (--lang en).

It shows the totals per scheme against the budget and the recorded payouts as bar
charts (inline SVG, each with a title and its figures for screen readers), with
several rule sets the comparison per scheme and the agreements whose eligibility
changed, the agreements that are not eligible with their reasons, the rejected rows
with theirs, and the rules used (period, sha256, overrides) with the assumed values
the figures rest on. Each list shows at most 500 agreements and counts the rest.

Rule sets are given as for compare; without one, the 2021 rules are used.

` + exitCodesHelp,
		Example: `  alis report avtaler.csv -o rapport.html
  alis report avtaler.xlsx --year 2020 --year 2021 -o rapport.html --lang en
  alis report avtaler.csv --year 2021 --year 2021 --set cap=300000 -o hva-om.html`,
		Args: exactArgs(1, "one input: the CSV file or workbook to read (- for standard input)"),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.runReport(o, args[0])
		},
	}
	f := c.Flags()
	o.bindRuleSets(c)
	o.inputOptions.bind(c)
	f.StringVarP(&o.output, "output", "o", "", "the HTML file to write (required; - is standard output)")
	return c
}

func (a *App) runReport(o *compareOptions, input string) error {
	if o.output == "" {
		return usagef("name the file: -o rapport.html", "-o: the report is written to a file")
	}
	lang, err := a.checkInputOptions(&o.inputOptions)
	if err != nil {
		return err
	}
	var sets []batch.RuleSet
	byPeriod := len(o.specs.specs) == 0
	if byPeriod {
		// Each agreement under the period that holds its first day.
		ro := ruleOptions{sets: o.specs.global, grantYear: o.grantYear}
		sets, _, err = ro.ruleSets(false)
	} else {
		sets, err = o.loadSets(1)
	}
	if err != nil {
		return err
	}
	name := input
	if input == "-" {
		name = "standard input"
	}
	run, err := a.runSets(&o.inputOptions, input, sets, byPeriod, false, false, func(*batch.Input) batch.Sink {
		return report.New(lang, sets, name)
	})
	if err != nil {
		return err
	}
	if o.output != "-" {
		fmt.Fprintf(a.Err, "alis: wrote %s\n", o.output)
	}
	return a.rejected(run)
}
