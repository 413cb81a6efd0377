package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
)

// maxListed bounds each list of agreements in a report; the rest are counted.
const maxListed = 500

func (a *app) newReportCmd() *cobra.Command {
	o := &compareOptions{}
	c := &cobra.Command{
		Use:   "report FILE -o rapport.html [--year Y ...] [--rules FILE] [--set NAME=VALUE]",
		Short: "Write a one-file HTML report of a batch: totals against budgets and payouts, with charts",
		Long: `report computes a batch (a CSV file or an Excel workbook) under one or more rule
sets and writes one self-contained HTML file: no scripts, fonts or images from
elsewhere, so it opens offline and prints on A4. In bokmål by default (--lang en).

It shows the totals per scheme against the budget and the recorded payouts as bar
charts (inline SVG, each with a title and its figures for screen readers), with
several rule sets the comparison per scheme and the agreements whose eligibility
changed, the agreements that are not eligible with their reasons, the rejected rows
with theirs, and the rules used (year, sha256, overrides) with the assumed values
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
	f.StringVar(&o.lang, "lang", "nb", "language of the report: nb or en")
	f.StringVarP(&o.output, "output", "o", "", "the HTML file to write (required)")
	return c
}

func (a *app) runReport(o *compareOptions, input string) error {
	if o.output == "" {
		return usagef("name the file: -o rapport.html", "-o: the report is written to a file")
	}
	if len(o.specs.specs) == 0 {
		o.specs.specs = []ruleSetSpec{{year: defaultYear, sets: o.specs.global}}
	}
	name := input
	if input == "-" {
		name = "standard input"
	}
	run, err := a.runOverSets(o, input, 1, func(l calc.Lang, cols *columns, sets []ruleSet) rowWriter {
		return &reportOut{lang: l, cols: cols, sets: sets, values: newCompareOut("", l, cols, sets).values, input: name}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.err, "alis: wrote %s\n", o.output)
	return run.rejected()
}

// reportRow is one agreement a report lists.
type reportRow struct {
	Kind    string   `json:"k"` // ineligible, changed, rejected
	Line    int      `json:"l"`
	Where   string   `json:"w"`
	ID      string   `json:"i"`
	Scheme  string   `json:"s"`
	Grants  []string `json:"g"`
	Reasons []string `json:"r"`
}

// reportOut collects what a report shows; the workers mark the agreements
// worth listing, and the writer keeps the first maxListed of each kind.
type reportOut struct {
	lang   calc.Lang
	cols   *columns
	sets   []ruleSet
	values []map[string]string
	input  string

	ineligible, changed, rejectedRows []reportRow
	counts                            map[string]int
}

func (r *reportOut) begin(*bufio.Writer) error { r.counts = map[string]int{}; return nil }

func (r *reportOut) result(b []byte, line int, rec []string, res []calc.Result, _ *calc.Money) []byte {
	l := r.lang
	id := r.cols.idOf(rec)
	last := &res[len(res)-1]
	if why := whyChanged(r.values, res, l); why != "" {
		grants := make([]string, len(res))
		for i := range res {
			grants[i] = money(res[i].Grant, l)
		}
		b = marshalLine(b, reportRow{Kind: "changed", Line: line, ID: id, Scheme: last.Scheme, Grants: grants, Reasons: []string{why}})
	}
	if !last.Eligible {
		var reasons []string
		for _, rs := range last.Reasons {
			reasons = append(reasons, rs.Message(l))
		}
		b = marshalLine(b, reportRow{Kind: "ineligible", Line: line, ID: id, Scheme: last.Scheme, Reasons: reasons})
	}
	return b
}

func (r *reportOut) rejected(b []byte, rec []string, rej *rejection) []byte {
	return marshalLine(b, reportRow{Kind: "rejected", Line: rej.line, Where: rej.where(), ID: rej.id, Reasons: []string{rej.text()}})
}

func (r *reportOut) spooled(b []byte, _ *rejection) []byte { return b }
func (r *reportOut) spool([]byte) error                    { return nil }

func (r *reportOut) write(_ *bufio.Writer, rows []byte) error {
	for len(rows) > 0 {
		i := bytes.IndexByte(rows, '\n')
		var row reportRow
		if err := json.Unmarshal(rows[:i], &row); err != nil {
			return err
		}
		rows = rows[i+1:]
		r.counts[row.Kind]++
		list := map[string]*[]reportRow{"ineligible": &r.ineligible, "changed": &r.changed, "rejected": &r.rejectedRows}[row.Kind]
		if len(*list) < maxListed {
			*list = append(*list, row)
		}
	}
	return nil
}

func (r *reportOut) summaryOnly(w *bufio.Writer, run *batchRun) error { return r.end(w, run) }

// The report's page, in the language chosen.
type reportPage struct {
	Lang, Title, Input, Generated string
	T                             map[string]string
	Sets                          []reportSet
	Comparison                    *reportComparison
	Changed, Ineligible, Rejected reportList
}

type reportSet struct {
	Label, Title, Source, SHA256, Overrides string
	Assumed                                 []string
	Chart                                   chart
	Rows                                    [][]string
	Head                                    []string
}

type reportComparison struct {
	Chart chart
	Head  []string
	Rows  [][]string
}

type reportList struct {
	Rows  []reportRow
	Total int
	More  int
	Head  []string
}

func (r *reportOut) end(w *bufio.Writer, run *batchRun) error {
	l := r.lang
	t := reportWords(l)
	page := reportPage{Lang: string(l), Title: t["title"], Input: r.input, T: t}
	for _, set := range run.sets {
		page.Sets = append(page.Sets, r.setSection(set, t))
	}
	if len(run.sets) > 1 {
		page.Comparison = r.comparisonSection(run, t)
	}
	var labels []string
	for _, s := range run.sets {
		labels = append(labels, pickLang(l, "tilskudd ", "grant ")+s.label)
	}
	page.Changed = reportList{Rows: r.changed, Total: r.counts["changed"], More: r.counts["changed"] - len(r.changed),
		Head: append(append([]string{t["line"], "id", t["scheme"]}, labels...), t["change"])}
	page.Ineligible = reportList{Rows: r.ineligible, Total: r.counts["ineligible"], More: r.counts["ineligible"] - len(r.ineligible),
		Head: []string{t["line"], "id", t["scheme"], t["reasons"]}}
	page.Rejected = reportList{Rows: r.rejectedRows, Total: r.counts["rejected"], More: r.counts["rejected"] - len(r.rejectedRows),
		Head: []string{t["where"], "id", t["reason"]}}
	return reportTemplate.Execute(w, page)
}

// setSection is one rule set's totals per scheme, against budget and payouts.
func (r *reportOut) setSection(set ruleSet, t map[string]string) reportSet {
	l := r.lang
	rs := set.rules
	sec := reportSet{Label: set.label, Title: rs.Title, Source: rs.Source, SHA256: rs.SHA256, Overrides: strings.Join(rs.Overrides, ", "),
		Head: []string{t["scheme"], t["agreements"], t["eligible"], t["rejected"], t["grant"], t["budget"], t["used"], t["paid"]}}
	for _, p := range rs.Params() {
		if p.Basis == rules.Assumed {
			sec.Assumed = append(sec.Assumed, p.Path+" = "+p.Value)
		}
	}
	j := set.sum.json(l)
	c := chart{ID: "set-" + strconv.Itoa(len(sec.Label)) + "-" + sanitizeID(set.label), Title: fmt.Sprintf(t["chartSet"], set.label, rs.Year)}
	for _, g := range j.Schemes {
		grant := mustMoney(g.Grant)
		bars := []bar{{Label: t["grant"], Value: grant, Class: "grant"}}
		if g.Budget != nil {
			bars = append(bars, bar{Label: t["budget"], Value: mustMoney(*g.Budget), Class: "budget"})
		}
		if g.RecordedPayout != nil {
			bars = append(bars, bar{Label: t["paid"], Value: calc.Money(*g.RecordedPayout) * 100_000_000, Class: "paid"})
		}
		c.Groups = append(c.Groups, barGroup{Label: g.Scheme, Bars: bars})
		used, paid := "", ""
		if g.BudgetUsedPercent != nil {
			used, _ = percentText(grant, mustMoney(*g.Budget), l)
		}
		if g.RecordedPayout != nil {
			paid = money(calc.Money(*g.RecordedPayout)*100_000_000, l)
		}
		budget := ""
		if g.Budget != nil {
			budget = money(mustMoney(*g.Budget), l)
		}
		sec.Rows = append(sec.Rows, []string{g.Scheme, strconv.Itoa(g.Agreements), strconv.Itoa(g.Eligible), strconv.Itoa(g.Rejected), money(grant, l), budget, used, paid})
	}
	sec.Chart = c.render(l)
	return sec
}

func (r *reportOut) comparisonSection(run *batchRun, t map[string]string) *reportComparison {
	l := r.lang
	rows, total := comparison(run)
	c := chart{ID: "comparison", Title: t["chartCompare"]}
	out := &reportComparison{Head: []string{t["scheme"]}}
	for _, s := range run.sets {
		out.Head = append(out.Head, pickLang(l, "tilskudd ", "grant ")+s.label)
	}
	out.Head = append(out.Head, t["difference"], t["gained"], t["lost"])
	for _, row := range append(rows, total) {
		g := barGroup{Label: row.id}
		cells := []string{row.id}
		for k, v := range row.grants {
			g.Bars = append(g.Bars, bar{Label: run.sets[k].label, Value: v, Class: "set" + strconv.Itoa(k%4)})
			cells = append(cells, money(v, l))
		}
		c.Groups = append(c.Groups, g)
		cells = append(cells, signedMoney(row.grants[len(row.grants)-1]-row.grants[0], l), strconv.Itoa(row.gained), strconv.Itoa(row.lost))
		out.Rows = append(out.Rows, cells)
	}
	out.Chart = c.render(l)
	return out
}

func mustMoney(s string) calc.Money {
	m, err := calc.ParseAmount(s)
	if err != nil {
		panic(err) // the summary writes its own amounts
	}
	return m
}

func sanitizeID(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(s))
}
