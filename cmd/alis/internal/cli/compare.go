package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// ruleSetSpec is one rule set named on the command line of compare.
type ruleSetSpec struct {
	period string
	file   string
	sets   []string
}

// specList keeps --year, --rules and --set in the order they were given: a
// --set belongs to the rule set named before it, or to all when none was.
type specList struct {
	specs  []ruleSetSpec
	global []string
}

type specFlag struct {
	l    *specList
	kind string // year, rules or set
}

func (f *specFlag) String() string { return "" }
func (f *specFlag) Type() string {
	switch f.kind {
	case "year":
		return "PERIOD"
	case "rules":
		return "FILE"
	}
	return "NAME=VALUE"
}

func (f *specFlag) Set(v string) error {
	switch f.kind {
	case "year":
		var p string
		if err := (periodFlag{&p}).Set(v); err != nil {
			return err
		}
		f.l.specs = append(f.l.specs, ruleSetSpec{period: p})
	case "rules":
		f.l.specs = append(f.l.specs, ruleSetSpec{file: v})
	default:
		if n := len(f.l.specs); n > 0 {
			f.l.specs[n-1].sets = append(f.l.specs[n-1].sets, v)
		} else {
			f.l.global = append(f.l.global, v)
		}
	}
	return nil
}

type compareOptions struct {
	inputOptions
	format    string
	specs     specList
	grantYear string
}

func (a *App) newCompareCmd() *cobra.Command {
	o := &compareOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:   "compare FILE --year A --year B [--rules FILE] [--set NAME=VALUE]",
		Short: msg.S(l, "Run the same batch under two or more rule sets and show what changed"),
		Long: msg.S(l, `compare computes every agreement of a CSV file (- for standard input) or a
workbook under each rule set given, in the order given: --year for an embedded
period, --rules for a rule file. A --set applies to the rule set named just before it
(or to all, given first).

Every rule set is applied to one grant period (--grant-year, default the latest year
of the rule sets): its amounts, shares, coverage and durations apply to that period,
and its dates move with it. So --year 2020 --year 2021 on a 2021 batch answers "what
if the 2020 rules had still applied in 2021?".

Per agreement: the grant and eligibility under each rule set, the difference (last
minus first), and when eligibility changed, the rule that changed it. Per scheme and
in total: the grant under each rule set, the difference in kroner and percent, and
how many agreements gained or lost eligibility; each rule set's budget and use.`) + "\n\n" + exitCodesHelp(l),
		Example: msg.S(l, `  # What if the 2020 rules had applied to the 2021 agreements?
  alis compare avtaler.csv --year 2020 --year 2021

  # The 2021 rules against a cap of 300 000 kr, as CSV for a spreadsheet
  alis compare avtaler.csv --year 2021 --year 2021 --set cap=300000 --format csv

  # 2021 against a draft for 2022; both applied to 2022, the latest year
  alis compare avtaler-2022.csv --year 2021 --rules drafts/2022.yaml`),
		Args: exactArgs(1, inputArg),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.runCompare(o, args[0])
		},
	}
	f := c.Flags()
	o.bindRuleSets(c, l)
	o.inputOptions.bind(c, l)
	f.StringVar(&o.format, "format", "table", msg.S(l, "output format: table (text), csv, json or jsonl (an agreement a line)"))
	f.StringVarP(&o.output, "output", "o", "", msg.S(l, "write to FILE (atomically) instead of standard output; - is standard output"))
	f.BoolVar(&o.summaryOnly, "summary-only", false, msg.S(l, "print only the summaries, to standard output"))
	a.completion(c, "format", fixedCompletion(commandFormats["compare"]...))
	return c
}

// bindRuleSets binds the flags that name rule sets in order, shared by
// compare and report.
func (o *compareOptions) bindRuleSets(c *cobra.Command, l msg.Lang) {
	f := c.Flags()
	f.Var(&specFlag{&o.specs, "year"}, "year", msg.S(l, "an embedded rule period (repeatable; in order)"))
	f.Var(&specFlag{&o.specs, "rules"}, "rules", msg.S(l, "a rule file (repeatable; in order)"))
	f.Var(&specFlag{&o.specs, "set"}, "set", msg.S(l, "NAME=VALUE: change a value of the rule set named before it (repeatable)"))
	f.Var(grantFlag{&o.grantYear}, "grant-year", msg.S(l, "the grant year every rule set is applied to (default: the latest year of the rule sets)"))
}

// loadSets loads every rule set, applied to the grant year, with its overrides.
func (o *compareOptions) loadSets(least int) ([]batch.RuleSet, error) {
	if len(o.specs.specs) < least {
		return nil, usagef("give two or more rule sets to compare (--year or --rules); %d given", len(o.specs.specs)).withHint("name them in order, such as --year 2020 --year 2021")
	}
	var loaded []*rules.Rules
	grantYear := 0 // the year the rule sets are applied to, by the year periods are named for
	if o.grantYear != "" {
		grantYear, _ = strconv.Atoi(o.grantYear[:4])
	}
	for _, sp := range o.specs.specs {
		ro := ruleOptions{period: sp.period, file: sp.file}
		r, err := ro.loadFile()
		if err != nil {
			return nil, err
		}
		loaded = append(loaded, r)
		if y := output.PeriodYear(r); o.grantYear == "" && y > grantYear {
			grantYear = y // the latest year of the rule sets
		}
	}
	var out []batch.RuleSet
	seen := map[string]int{}
	for i, sp := range o.specs.specs {
		r, err := loaded[i].ShiftToYear(grantYear)
		if err != nil {
			return nil, usagef("--grant-year: %v", err)
		}
		if r, err = applySets(r, append(append([]string{}, o.specs.global...), sp.sets...)); err != nil {
			return nil, err
		}
		e, err := calc.NewEngine(r)
		if err != nil {
			return nil, &runError{err: msg.Errorf("%s: %w", r.Source, err)}
		}
		l := r.Label()
		if n := seen[l]; n > 0 {
			l = fmt.Sprintf("%s#%d", l, i+1)
		}
		seen[l]++
		out = append(out, batch.RuleSet{Rules: r, Engine: e, Label: l})
	}
	return out, nil
}

func (a *App) runCompare(o *compareOptions, input string) error {
	format, err := a.checkFormat(o.format, commandFormats["compare"]...)
	if err != nil {
		return err
	}
	o.format = format
	if err := a.checkInputOptions(&o.inputOptions); err != nil {
		return err
	}
	lang := a.Lang
	sets, err := o.loadSets(2)
	if err != nil {
		return err
	}
	run, err := a.runSets(&o.inputOptions, input, setsRun{sets: sets, sink: func(*batch.Input) batch.Sink {
		if o.summaryOnly {
			return &output.CompareSummarySink{Format: o.format, Lang: lang, Sets: sets, Width: a.outWidth(o.output)}
		}
		return &output.CompareSink{Format: o.format, Lang: lang, Sets: sets, Width: a.outWidth(o.output)}
	}})
	if err != nil {
		return err
	}
	if !o.summaryOnly && o.format != "json" {
		if !a.Quiet {
			output.WriteCompareSummaries(a.Err, run.Totals(), sets, lang, widthOf(a.Err))
		}
	}
	return a.rejected(run)
}
