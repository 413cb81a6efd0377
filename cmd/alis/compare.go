package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
)

// ruleSetSpec is one rule set named on the command line of compare.
type ruleSetSpec struct {
	year int
	file string
	sets []string
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
		return "YEAR"
	case "rules":
		return "FILE"
	}
	return "NAME=VALUE"
}

func (f *specFlag) Set(v string) error {
	switch f.kind {
	case "year":
		y, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not a year", v)
		}
		f.l.specs = append(f.l.specs, ruleSetSpec{year: y})
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
	batchOptions
	specs     specList
	grantYear int
}

func (a *app) newCompareCmd() *cobra.Command {
	o := &compareOptions{}
	c := &cobra.Command{
		Use:   "compare FILE --year A --year B [--rules FILE] [--set NAME=VALUE]",
		Short: "Run the same batch under two or more rule sets and show what changed",
		Long: `compare computes every agreement of a CSV file (- for standard input) under each
rule set given, in the order given: --year for an embedded year, --rules for a rule
file. A --set applies to the rule set named just before it (or to all, given first).

Every rule set is applied to one grant year (--grant-year, default the latest year
of the rule sets): its amounts, shares, coverage and durations apply to that year's
months, and its dated values (the deadline) move to the same day of that year. So
--year 2020 --year 2021 on a 2021 batch answers "what if the 2020 rules had still
applied in 2021?".

Per agreement: the grant and eligibility under each rule set, the difference (last
minus first), and when eligibility changed, the rule that changed it. Per scheme and
in total: the grant under each rule set, the difference in kroner and percent, and
how many agreements gained or lost eligibility; each rule set's budget and use.

` + exitCodesHelp,
		Example: `  # What if the 2020 rules had applied to the 2021 agreements?
  alis compare avtaler.csv --year 2020 --year 2021

  # The 2021 rules against a cap of 300 000 kr, as CSV for a spreadsheet
  alis compare avtaler.csv --year 2021 --year 2021 --set cap=300000 --format csv

  # 2021 against a draft for 2022; both applied to 2022, the latest year
  alis compare avtaler-2022.csv --year 2021 --rules drafts/2022.yaml`,
		Args: exactArgs(1, "one input: the CSV file or workbook to read (- for standard input)"),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.runCompare(o, args[0])
		},
	}
	f := c.Flags()
	o.bindRuleSets(c)
	f.StringVar(&o.format, "format", "table", "output format: table, csv or json")
	f.StringVar(&o.lang, "lang", "nb", "language of messages and summaries: nb or en")
	f.StringVarP(&o.output, "output", "o", "", "write to FILE (atomically) instead of standard output")
	f.BoolVar(&o.summaryOnly, "summary-only", false, "print only the summaries, to standard output")
	_ = c.RegisterFlagCompletionFunc("format", fixedCompletion("table", "csv", "json"))
	return c
}

// bindRuleSets binds the flags that name rule sets in order, and those that
// read the input, shared by compare and report.
func (o *compareOptions) bindRuleSets(c *cobra.Command) {
	f := c.Flags()
	f.Var(&specFlag{&o.specs, "year"}, "year", "an embedded rule year (repeatable; in order)")
	f.Var(&specFlag{&o.specs, "rules"}, "rules", "a rule file (repeatable; in order)")
	f.Var(&specFlag{&o.specs, "set"}, "set", "NAME=VALUE: change a value of the rule set named before it (repeatable)")
	f.IntVar(&o.grantYear, "grant-year", 0, "the grant year every rule set is applied to (default: the latest year of the rule sets)")
	f.StringVar(&o.sheet, "sheet", "", "the sheet to read from an Excel workbook (default: the first)")
	f.StringArrayVar(&o.maps, "map", nil, "'Header=field' names a column alis does not know by its field (repeatable)")
	f.IntVar(&o.workers, "workers", 0, "how many rows to compute at once (default: one per core)")
}

// loadSets loads every rule set, applied to the grant year, with its overrides.
func (o *compareOptions) loadSets(least int) ([]ruleSet, error) {
	if len(o.specs.specs) < least {
		return nil, usagef("name them in order, such as --year 2020 --year 2021", "give two or more rule sets to compare (--year or --rules); %d given", len(o.specs.specs))
	}
	var loaded []*rules.Rules
	grantYear := o.grantYear
	for _, sp := range o.specs.specs {
		ro := ruleOptions{year: sp.year, file: sp.file}
		r, err := ro.loadFile()
		if err != nil {
			return nil, err
		}
		loaded = append(loaded, r)
		if o.grantYear == 0 && r.Year > grantYear {
			grantYear = r.Year // the latest year of the rule sets
		}
	}
	var out []ruleSet
	seen := map[string]int{}
	for i, sp := range o.specs.specs {
		r, err := loaded[i].ForYear(grantYear)
		if err != nil {
			return nil, usagef("", "--grant-year: %v", err)
		}
		if r, err = applySets(r, append(append([]string{}, o.specs.global...), sp.sets...)); err != nil {
			return nil, err
		}
		e, err := calc.NewEngine(r)
		if err != nil {
			return nil, &runError{err: fmt.Errorf("%s: %v", r.Source, err)}
		}
		l := label(r)
		if n := seen[l]; n > 0 {
			l = fmt.Sprintf("%s#%d", l, i+1)
		}
		seen[l]++
		out = append(out, ruleSet{rules: r, engine: e, sum: newSummary(r), label: l})
	}
	return out, nil
}

func (a *app) runCompare(o *compareOptions, input string) error {
	switch o.format {
	case "table", "csv", "json":
	default:
		return usagef("use --format table, csv or json", "--format: unknown format %q", o.format)
	}
	run, err := a.runOverSets(o, input, 2, func(l calc.Lang, cols *columns, sets []ruleSet) rowWriter {
		return newCompareOut(o.format, l, cols, sets)
	})
	if err != nil {
		return err
	}
	if !o.summaryOnly && o.format != "json" {
		writeCompareSummaries(a.err, run)
	}
	return run.rejected()
}

// runOverSets computes the input under the rule sets of o (at least least of
// them) in one pass, writing with the writer that mk makes.
func (a *app) runOverSets(o *compareOptions, input string, least int, mk func(calc.Lang, *columns, []ruleSet) rowWriter) (*batchRun, error) {
	lang, err := calc.ParseLang(o.lang)
	if err != nil {
		return nil, usagef("use --lang nb or --lang en", "--lang: %v", err)
	}
	sets, err := o.loadSets(least)
	if err != nil {
		return nil, err
	}
	out, err := a.openOutput(o.output)
	if err != nil {
		return nil, err
	}
	defer out.Abort()
	in, err := a.openBatchInput(input, o.output, o.sheet, o.maps, false)
	if err != nil {
		return nil, err
	}
	defer in.close()
	run := &batchRun{a: a, o: &o.batchOptions, name: in.name, lang: lang, cols: in.cols, cell: in.cell, sets: sets, cmp: newCompareSum(sets)}
	run.out = mk(lang, in.cols, sets)
	if err := run.write(in, out); err != nil {
		return nil, err
	}
	run.warnDuplicates()
	run.warnNoDays()
	return run, nil
}

// paramValues maps each rule set's parameters to their values, to say which
// rule changed an agreement's eligibility.
func paramValues(r *rules.Rules) map[string]string {
	m := map[string]string{}
	for _, p := range r.Params() {
		m[p.Path] = p.Value
	}
	return m
}

// whyChanged says why eligibility differs between the first and the last
// rule set: each reason of the side that is not eligible, with the value of
// its rule under both. "" when eligibility did not change.
func whyChanged(values []map[string]string, res []calc.Result, l calc.Lang) string {
	first, last := &res[0], &res[len(res)-1]
	if first.Eligible == last.Eligible {
		return ""
	}
	from, to := values[0], values[len(values)-1]
	side, other, prefix := first, last, pickLang(l, "nå berettiget", "now eligible")
	if first.Eligible {
		side, other, prefix = last, first, pickLang(l, "ikke lenger berettiget", "no longer eligible")
	}
	var parts []string
	for _, r := range side.Reasons {
		if r.Code == calc.NoScheme {
			// The scheme that covers the driftsform, on each side.
			a, b := orNone("", false, l), other.Scheme
			if side == last {
				a, b = b, a
			}
			parts = append(parts, fmt.Sprintf("%s %s: %s → %s", pickLang(l, "ordning for", "scheme for"), calc.DriftsformName(r.Driftsform, l), a, b))
			continue
		}
		a, okA := from[r.Param]
		b, okB := to[r.Param]
		switch {
		case okA && okB && a != b:
			parts = append(parts, fmt.Sprintf("%s %s → %s", r.Param, a, b))
		case okA != okB:
			parts = append(parts, fmt.Sprintf("%s %s → %s", r.Param, orNone(a, okA, l), orNone(b, okB, l)))
		default:
			parts = append(parts, r.Message(l))
		}
	}
	return prefix + ": " + strings.Join(parts, "; ")
}

func orNone(v string, ok bool, l calc.Lang) string {
	if ok {
		return v
	}
	return pickLang(l, "(ingen)", "(none)")
}

// compareOut writes one line per agreement with its grant under each rule set.
type compareOut struct {
	format string
	lang   calc.Lang
	cols   *columns
	sets   []ruleSet
	values []map[string]string
	jsonDoc
}

// newCompareOut prepares the writer; everything the workers read is set
// here, before the pipeline starts, and never written after.
func newCompareOut(format string, l calc.Lang, cols *columns, sets []ruleSet) *compareOut {
	c := &compareOut{format: format, lang: l, cols: cols, sets: sets}
	for _, s := range sets {
		c.values = append(c.values, paramValues(s.rules))
	}
	return c
}

func (c *compareOut) begin(w *bufio.Writer) error {
	switch c.format {
	case "csv":
		var b []byte
		b = append(b, "line,id"...)
		for _, s := range c.sets {
			b = append(b, ',')
			b = appendCell(b, "grant@"+s.label, ',')
			b = append(b, ',')
			b = appendCell(b, "eligible@"+s.label, ',')
		}
		b = append(b, ",delta,change,error\r\n"...)
		_, err := w.Write(b)
		return err
	case "json":
		var rs []*rulesJSON
		for _, s := range c.sets {
			j := newRulesJSON(s.rules)
			rs = append(rs, j)
		}
		_, err := fmt.Fprintf(w, "{\n\"rule_sets\": %s,\n\"results\": [", mustJSON(rs))
		return err
	}
	var head []string
	for _, s := range c.sets {
		head = append(head, fmt.Sprintf("%16s", s.label))
	}
	_, err := fmt.Fprintf(w, "%6s  %-14s %s %16s  %s\n", pickLang(c.lang, "linje", "line"), "id", strings.Join(head, " "), pickLang(c.lang, "differanse", "difference"), pickLang(c.lang, "endring", "change"))
	return err
}

func (c *compareOut) result(b []byte, line int, rec []string, res []calc.Result, alloc *calc.Money) []byte {
	id := c.cols.idOf(rec)
	delta := res[len(res)-1].Grant - res[0].Grant
	why := whyChanged(c.values, res, c.lang)
	switch c.format {
	case "csv":
		b = strconv.AppendInt(b, int64(line), 10)
		b = append(b, ',')
		b = appendCell(b, id, ',')
		for i := range res {
			b = append(b, ',')
			b = res[i].Grant.AppendTo(b, '.')
			b = append(b, ',')
			b = strconv.AppendBool(b, res[i].Eligible)
		}
		b = append(b, ',')
		b = delta.AppendTo(b, '.')
		b = append(b, ',')
		b = appendCell(b, why, ',')
		return append(b, ',', '\r', '\n')
	case "json":
		type under struct {
			RuleSet  string       `json:"rule_set"`
			Scheme   *string      `json:"scheme"`
			Eligible bool         `json:"eligible"`
			Grant    string       `json:"grant"`
			Reasons  []reasonJSON `json:"reasons"`
		}
		row := struct {
			Line   int     `json:"line"`
			ID     string  `json:"id"`
			Under  []under `json:"under"`
			Delta  string  `json:"delta"`
			Change *string `json:"change"`
		}{Line: line, ID: id, Delta: delta.String()}
		for i := range res {
			u := under{RuleSet: c.sets[i].label, Eligible: res[i].Eligible, Grant: res[i].Grant.String(), Reasons: []reasonJSON{}}
			if res[i].Scheme != "" {
				u.Scheme = ptr(res[i].Scheme)
			}
			for _, r := range res[i].Reasons {
				u.Reasons = append(u.Reasons, reasonJSON{Code: r.Code, Rule: r.Param, Message: r.Message(c.lang)})
			}
			row.Under = append(row.Under, u)
		}
		if why != "" {
			row.Change = ptr(why)
		}
		return marshalLine(b, row)
	}
	var cells []string
	for i := range res {
		mark := " "
		if !res[i].Eligible {
			mark = "×"
		}
		cells = append(cells, fmt.Sprintf("%15s%s", money(res[i].Grant, c.lang), mark))
	}
	return fmt.Appendf(b, "%6d  %-14s %s %16s  %s\n", line, clip(id, 14), strings.Join(cells, " "), signedMoney(delta, c.lang), why)
}

func signedMoney(m calc.Money, l calc.Lang) string {
	if m > 0 {
		return "+" + money(m, l)
	}
	return money(m, l)
}

func (c *compareOut) rejected(b []byte, rec []string, rej *rejection) []byte {
	id := rej.id
	switch c.format {
	case "csv":
		b = strconv.AppendInt(b, int64(rej.line), 10)
		b = append(b, ',')
		b = appendCell(b, id, ',')
		for range c.sets {
			b = append(b, ',', ',') // grant@, eligible@
		}
		b = append(b, ',', ',', ',') // delta, change, error
		b = appendCell(b, rej.cellText(), ',')
		return append(b, '\r', '\n')
	case "json":
		return b
	}
	return fmt.Appendf(b, "%6d  %-14s %s  %s\n", rej.line, clip(id, 14), pickLang(c.lang, "AVVIST", "REJECTED"), rej.text())
}

func (c *compareOut) spooled(b []byte, rej *rejection) []byte {
	if c.format != "json" {
		return b
	}
	return marshalLine(b, rejectedJSON{Line: rej.line, ID: rej.id, Rejected: true, Message: rej.msg, Column: nilIfEmpty(rej.column), Field: nilIfEmpty(rej.field)})
}

func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (c *compareOut) write(w *bufio.Writer, rows []byte) error {
	if c.format != "json" {
		_, err := w.Write(rows)
		return err
	}
	return c.jsonDoc.write(w, rows)
}

func (c *compareOut) end(w *bufio.Writer, run *batchRun) error {
	if c.format != "json" {
		return nil
	}
	return c.close(w, compareSummaryJSON(run))
}

func (c *compareOut) summaryOnly(w *bufio.Writer, run *batchRun) error {
	if c.format == "json" {
		return writeJSON(w, compareSummaryJSON(run))
	}
	writeCompareSummaries(w, run)
	return nil
}
