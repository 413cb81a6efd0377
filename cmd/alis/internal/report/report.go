// Package report writes a batch as one self-contained HTML file: totals
// per scheme against budgets and recorded payouts as inline SVG charts,
// the comparison of rule sets, the agreements worth a look, and the rules
// used. No scripts, fonts or images from elsewhere: it opens offline and
// prints on A4.
package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// MaxListed bounds each list of agreements in a report; the rest are counted.
const MaxListed = 500

// reportRow is one agreement a report lists.
type reportRow struct {
	Kind    string // ineligible, changed, rejected
	Line    int
	Where   string
	ID      string
	Scheme  string
	Grants  []string
	Reasons []string
}

// Sink collects what a report shows: the workers mark the agreements worth
// listing, and the writer keeps the first MaxListed of each kind. It writes
// the page at the end.
type Sink struct {
	Lang  calc.Lang
	Sets  []batch.RuleSet
	Input string

	mu                                sync.Mutex // the rows a job marks, until the writer takes them
	pending                           map[*batch.Buf][]reportRow
	ineligible, changed, rejectedRows []reportRow
	counts                            map[string]int
}

// New makes a report sink.
func New(l calc.Lang, sets []batch.RuleSet, input string) *Sink {
	return &Sink{Lang: l, Sets: sets, Input: input, pending: map[*batch.Buf][]reportRow{}, counts: map[string]int{}}
}

func (r *Sink) Begin(io.Writer) error { return nil }

// Row marks an agreement worth listing: one whose eligibility changed, one
// that is not eligible, a rejected row.
func (r *Sink) Row(b *batch.Buf, row *batch.Row) {
	var marked []reportRow
	l := r.Lang
	if rej := row.Rejected; rej != nil {
		where := rej.Cell
		if where == "" {
			where = msg.S(l, "line ") + strconv.Itoa(rej.Line)
		}
		marked = append(marked, reportRow{Kind: "rejected", Line: rej.Line, Where: where, ID: rej.ID, Reasons: []string{rej.Text(l)}})
	} else {
		res := row.Results
		last := &res[len(res)-1]
		if why := output.WhyText(res, l); why != "" {
			grants := make([]string, len(res))
			for i := range res {
				grants[i] = grantText(&res[i], l)
			}
			marked = append(marked, reportRow{Kind: "changed", Line: row.Line, ID: row.ID, Scheme: last.Scheme, Grants: grants, Reasons: []string{why}})
		}
		if !last.Eligible {
			var reasons []string
			for _, rs := range last.Reasons {
				reasons = append(reasons, rs.Message(l))
			}
			marked = append(marked, reportRow{Kind: "ineligible", Line: row.Line, ID: row.ID, Scheme: last.Scheme, Reasons: reasons})
		}
	}
	if len(marked) == 0 {
		return
	}
	// Rows go with the job's buffer; one worker fills a buffer at a time.
	r.mu.Lock()
	r.pending[b] = append(r.pending[b], marked...)
	r.mu.Unlock()
}

func grantText(res *calc.Result, l calc.Lang) string {
	if g, ok := res.Grant.Get(); ok {
		return output.Money(g, l)
	}
	return msg.S(l, "unknown")
}

// Write takes the rows a job marked, in input order.
func (r *Sink) Write(_ io.Writer, b *batch.Buf) error {
	r.mu.Lock()
	rows := r.pending[b]
	delete(r.pending, b)
	r.mu.Unlock()
	for _, row := range rows {
		r.counts[row.Kind]++
		list := map[string]*[]reportRow{"ineligible": &r.ineligible, "changed": &r.changed, "rejected": &r.rejectedRows}[row.Kind]
		if len(*list) < MaxListed {
			*list = append(*list, row)
		}
	}
	return nil
}

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

// End writes the page.
func (r *Sink) End(w io.Writer, t *batch.Totals) error {
	l := r.Lang
	tw := reportWords(l)
	page := reportPage{Lang: string(l), Title: tw["title"], Input: r.Input, T: tw}
	for i, set := range r.Sets {
		if t.ByPeriod && t.Sets[i].Total.Agreements == 0 {
			continue // by period: only the periods the agreements fall in
		}
		page.Sets = append(page.Sets, r.setSection(set, t.Sets[i], tw))
	}
	if t.Compare != nil {
		page.Comparison = r.comparisonSection(t, tw)
	}
	var labels []string
	for _, s := range r.Sets {
		labels = append(labels, msg.S(l, "grant ")+s.Label)
	}
	if t.ByPeriod {
		labels = []string{msg.S(l, "grant")}
	}
	page.Changed = reportList{Rows: r.changed, Total: r.counts["changed"], More: r.counts["changed"] - len(r.changed),
		Head: append(append([]string{tw["line"], "id", tw["scheme"]}, labels...), tw["change"])}
	page.Ineligible = reportList{Rows: r.ineligible, Total: r.counts["ineligible"], More: r.counts["ineligible"] - len(r.ineligible),
		Head: []string{tw["line"], "id", tw["scheme"], tw["reasons"]}}
	page.Rejected = reportList{Rows: r.rejectedRows, Total: r.counts["rejected"], More: r.counts["rejected"] - len(r.rejectedRows),
		Head: []string{tw["where"], "id", tw["reason"]}}
	return reportTemplate.Execute(w, page)
}

// setSection is one rule set's totals per scheme, against budget and payouts.
func (r *Sink) setSection(set batch.RuleSet, sum *batch.Summary, tw map[string]string) reportSet {
	l := r.Lang
	rs := set.Rules
	sec := reportSet{Label: set.Label, Title: rs.Title, Source: rs.Source, SHA256: rs.SHA256, Overrides: strings.Join(rs.Overrides, ", "),
		Head: []string{tw["scheme"], tw["agreements"], tw["eligible"], tw["rejected"], tw["grant"], tw["budget"], tw["used"], tw["paid"]}}
	for _, p := range rs.Params() {
		if p.Basis == rules.Assumed {
			sec.Assumed = append(sec.Assumed, p.Path+" = "+p.String())
		}
	}
	c := chart{ID: "set-" + strconv.Itoa(len(sec.Label)) + "-" + sanitizeID(set.Label), Title: fmt.Sprintf(tw["chartSet"], set.Label, rs.Period)}
	for _, g := range sum.Rows() {
		bars := []bar{{Label: tw["grant"], Value: g.Counts.Grant, Class: "grant"}}
		if g.HasBudget {
			bars = append(bars, bar{Label: tw["budget"], Value: g.Budget, Class: "budget"})
		}
		paid := ""
		if g.Recorded != nil && g.Recorded.PayoutMill >= 0 {
			v := calc.Kroner(g.Recorded.PayoutMill * 1_000_000)
			bars = append(bars, bar{Label: tw["paid"], Value: v, Class: "paid"})
			paid = output.Money(v, l)
		}
		c.Groups = append(c.Groups, barGroup{Label: g.ID, Bars: bars})
		used, budget := "", ""
		if g.HasBudget {
			used, _ = output.PercentText(g.Counts.Grant, g.Budget, l)
			budget = output.Money(g.Budget, l)
		}
		sec.Rows = append(sec.Rows, []string{g.ID, strconv.Itoa(g.Counts.Agreements), strconv.Itoa(g.Counts.Eligible), strconv.Itoa(g.Counts.Rejected),
			output.Money(g.Counts.Grant, l), budget, used, paid})
	}
	sec.Chart = c.render(l)
	return sec
}

func (r *Sink) comparisonSection(t *batch.Totals, tw map[string]string) *reportComparison {
	l := r.Lang
	rows, total := output.Comparison(t)
	c := chart{ID: "comparison", Title: tw["chartCompare"]}
	out := &reportComparison{Head: []string{tw["scheme"]}}
	for _, s := range r.Sets {
		out.Head = append(out.Head, msg.S(l, "grant ")+s.Label)
	}
	out.Head = append(out.Head, tw["difference"], tw["gained"], tw["lost"])
	for _, row := range append(rows, total) {
		g := barGroup{Label: row.ID}
		cells := []string{row.ID}
		for k, v := range row.Grants {
			g.Bars = append(g.Bars, bar{Label: r.Sets[k].Label, Value: v, Class: "set" + strconv.Itoa(k%4)})
			cells = append(cells, output.Money(v, l))
		}
		c.Groups = append(c.Groups, g)
		cells = append(cells, output.SignedMoney(row.Grants[len(row.Grants)-1]-row.Grants[0], l), strconv.Itoa(row.Gained), strconv.Itoa(row.Lost))
		out.Rows = append(out.Rows, cells)
	}
	out.Chart = c.render(l)
	return out
}

func sanitizeID(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(s))
}
