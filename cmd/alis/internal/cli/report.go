package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"strings"
	"time"

	"github.com/alis-tilskudd/alis/internal/kommune"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/report"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// reportOptions are report's flags: compare's (the rule sets, the input),
// and the report's title and kommune.
type reportOptions struct {
	compareOptions
	title, kommune string
}

func (a *App) newReportCmd() *cobra.Command {
	o := &reportOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:   "report FILE -o rapport.html [--year PERIOD ...] [--rules FILE] [--set NAME=VALUE]",
		Short: msg.S(l, "Write a one-file HTML report of a batch: totals against budgets and payouts, with charts"),
		Long: msg.S(l, `report computes a batch (a CSV file or an Excel workbook) under one or more rule
sets and writes one self-contained HTML file: no scripts, fonts or images from
elsewhere, so it opens offline and prints on A4. In bokmål by default (--lang nn, --lang en).

It shows the totals per scheme against the budget and the recorded payouts as bar
charts (inline SVG, each with a title and its figures for screen readers), with
several rule sets the comparison per scheme and the agreements whose eligibility
changed, the agreements that are not eligible with their reasons, the rejected rows
with theirs, and the rules used (period, sha256, overrides) with the assumed values
the figures rest on. Each list shows at most 500 agreements and counts the rest.

Rule sets are given as for compare; without one, each agreement is computed under
the grant period that holds its first day.`) + "\n\n" +
			msg.S(l, "It lists every agreement (at most 10 000) with its grant and the kind of figure it is, names the kommune where every agreement gives the same, and ends with lines to sign on; --title gives it a title of its own.") +
			"\n\n" + exitCodesHelp(l),
		Example: `  alis report avtaler.csv -o rapport.html
  alis report avtaler.xlsx --year 2020 --year 2021 -o rapport.html --lang en
  alis report avtaler.csv --year 2021 --year 2021 --set cap=300000 -o hva-om.html`,
		Args: exactArgs(1, inputArg),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.runReport(o, args[0])
		},
	}
	f := c.Flags()
	o.bindRuleSets(c, l)
	o.inputOptions.bind(c, l)
	f.StringVarP(&o.output, "output", "o", "", msg.S(l, "the HTML file to write (required; - is standard output)"))
	f.StringVar(&o.title, "title", "", msg.S(l, "the report's title (default: ALIS grants: report)"))
	f.StringVar(&o.kommune, "kommune", "", msg.S(l, "the kommune the report is for, by its number (default: the input's, where every agreement gives the same)"))
	return c
}

func (a *App) runReport(o *reportOptions, input string) error {
	if o.output == "" {
		return usagef("-o: the report is written to a file").withHint("name the file: -o rapport.html")
	}
	if k := strings.TrimSpace(o.kommune); k != "" {
		if _, ok := kommune.Lookup(k); !ok {
			return usagef("--kommune: %s is not the number of a kommune of 2024", msg.Quote(k)).withHint("give its four digits, such as 1804 for Bodø")
		}
	}
	if err := a.checkInputOptions(&o.inputOptions); err != nil {
		return err
	}
	lang := a.Lang
	var (
		sets []batch.RuleSet
		err  error
	)
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
	meta, restore, err := a.reportMeta(input)
	if err != nil {
		return err
	}
	defer restore()
	meta.Title, meta.Kommune = o.title, strings.TrimSpace(o.kommune)
	run, err := a.runSets(&o.inputOptions, input, setsRun{sets: sets, byPeriod: byPeriod, sink: func(in *batch.Input) batch.Sink {
		r := report.New(lang, sets, meta)
		r.Cols = in.Cols
		return r
	}})
	if err != nil {
		return err
	}
	if o.output != "-" {
		a.diag().Sayf("wrote %s", o.output)
	}
	return a.rejected(run)
}

// reportMeta is what a report says of its run and input: the version, the
// time, the input's name and its sha256. Standard input is hashed as it is
// read (restore puts the App's own reader back); a file is hashed first.
func (a *App) reportMeta(input string) (meta report.Meta, restore func(), err error) {
	meta = report.Meta{Version: version(), Made: time.Now(), Input: input}
	restore = func() {}
	h := sha256.New()
	if input == "-" {
		meta.Input = msg.S(a.Lang, "standard input")
		in := a.In
		restore = func() { a.In = in }
		a.In = io.TeeReader(in, h)
	} else if f, err := os.Open(input); err == nil {
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return meta, restore, &runError{err: msg.Errorf("%s: %w", input, err)}
		}
	}
	meta.SHA256 = func() string { return hex.EncodeToString(h.Sum(nil)) }
	return meta, restore, nil
}
