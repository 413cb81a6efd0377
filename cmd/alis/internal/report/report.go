// Package report writes a batch as one self-contained HTML file: totals
// per scheme against budgets and recorded payouts as inline SVG charts,
// the comparison of rule sets, the agreements worth a look, and the rules
// used. No scripts, fonts or images from elsewhere: it opens offline and
// prints on A4.
package report

import (
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/internal/kommune"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// MaxListed bounds each list of agreements in a report; the rest are counted.
const MaxListed = 500

// MaxAgreements bounds the table of every agreement: a report of 10 000
// agreements stays one file that opens at once; beyond it they are counted.
const MaxAgreements = 10_000

// reportRow is one agreement a report lists.
type reportRow struct {
	Kind    string // ineligible, changed, rejected, agreement
	Line    int
	Where   string
	ID      string
	Scheme  string
	Grants  []string
	Reasons []string
	kind    int
	// An agreement's row of the table of every agreement: its kommune,
	// period and months.
	Kommune, Period string
	Months          int
}

// The kinds of rows a report lists.
const (
	kindIneligible = iota
	kindChanged
	kindRejected
	kindAgreement
	numKinds
)

// maxOf is how many rows of a kind the report lists.
func maxOf(kind int) int {
	if kind == kindAgreement {
		return MaxAgreements
	}
	return MaxListed
}

// Sink collects what a report shows: the workers mark the agreements worth
// listing, and the writer keeps the first MaxListed of each kind. It writes
// the page at the end.
type Sink struct {
	Lang calc.Lang
	Sets []batch.RuleSet
	Meta Meta
	// Cols are the input's columns, which name the inputs an agreement
	// lacks; nil: they are named by their flags.
	Cols *batch.Columns

	ineligible, changed, rejectedRows, agreements []reportRow
	lists                                         [numKinds]*[]reportRow
	// kommuner are the kommune numbers of the agreements, up to two: one
	// names the report's kommune.
	kommuner []string
	counts   [numKinds]int
	// full says, per kind, that its list has all the rows it lists: the
	// rows of later jobs are counted only, without their texts.
	full [numKinds]atomic.Bool
	// shown is the rule set whose results the table of every agreement
	// shows (by period, each row's own).
	shown int
}

// Meta is what a report says of its making, so that a reader can tell
// what the figures rest on: when, by which alis, from which input.
type Meta struct {
	Title   string // the report's title; "" for the usual one
	Kommune string // the kommune's number; "": the input's, where every agreement gives the same
	Version string // "alis v1.2.3"
	Made    time.Time
	Input   string // the input's name
	// SHA256 gives the input's sha256 in hex once it has been read whole.
	SHA256 func() string
}

// New makes a report sink.
func New(l calc.Lang, sets []batch.RuleSet, meta Meta) *Sink {
	r := &Sink{Lang: l, Sets: sets, Meta: meta}
	r.lists = [numKinds]*[]reportRow{&r.ineligible, &r.changed, &r.rejectedRows, &r.agreements}
	r.shown = 0
	for i, s := range sets {
		if applies(s) {
			r.shown = i // the table of every agreement shows the rules that apply
			break
		}
	}
	return r
}

func (r *Sink) Begin(io.Writer) error { return nil }

// Row marks an agreement worth listing: one whose eligibility changed, one
// that is not eligible, a rejected row. Once a kind's list is full, its
// rows are only counted.
func (r *Sink) Row(b *batch.Buf, row *batch.Row) {
	st, _ := b.State.(*marks)
	if st == nil {
		st = &marks{}
		b.State = st
	}
	l := r.Lang
	counted := func(kind int) bool {
		if r.full[kind].Load() {
			st.counted[kind]++
			return true
		}
		return false
	}
	if rej := row.Rejected; rej != nil {
		if counted(kindRejected) {
			return
		}
		where := rej.Cell
		if where == "" {
			where = msg.S(l, "line ") + strconv.Itoa(rej.Line)
		}
		st.rows = append(st.rows, reportRow{Kind: "rejected", kind: kindRejected, Line: rej.Line, Where: where, ID: strings.Clone(rej.ID), Reasons: []string{rej.Text(l)}})
		return
	}
	res := row.Results
	last := &res[len(res)-1]
	if !counted(kindAgreement) {
		a := &res[min(r.shown, len(res)-1)]
		reasons := []string{}
		for _, rs := range a.Reasons {
			reasons = append(reasons, rs.Message(l))
		}
		if a.Eligible && a.Missing != 0 {
			names := text.InputFlags(a.Missing)
			if r.Cols != nil {
				names = r.Cols.ColumnsOf(a.Missing)
			}
			reasons = append(reasons, msg.T(l, "not given: %s", names))
		}
		if u := a.UnknownValues(); a.Eligible && len(u) > 0 {
			reasons = append(reasons, msg.T(l, "the amount rests on values no public source gives: %s", strings.Join(u, ", ")))
		}
		scheme := schemeShort(a)
		period := ""
		if rs := a.Rules(); rs != nil {
			period = rs.Period
		}
		st.rows = append(st.rows, reportRow{Kind: "agreement", kind: kindAgreement, Line: row.Line, ID: strings.Clone(row.ID),
			Kommune: kommuneCell(a.Kommune, l), Period: period, Scheme: scheme, Months: a.Months,
			Grants: []string{basisGrantText(a, l)}, Reasons: reasons})
	}
	if res[0].Eligible != last.Eligible && !counted(kindChanged) { // what WhyText has words for
		grants := make([]string, len(res))
		for i := range res {
			grants[i] = grantText(&res[i], l)
		}
		st.rows = append(st.rows, reportRow{Kind: "changed", kind: kindChanged, Line: row.Line, ID: strings.Clone(row.ID), Scheme: schemeShort(last), Grants: grants, Reasons: []string{output.WhyText(res, l)}})
	}
	if !last.Eligible && !counted(kindIneligible) {
		var reasons []string
		for _, rs := range last.Reasons {
			reasons = append(reasons, rs.Message(l))
		}
		st.rows = append(st.rows, reportRow{Kind: "ineligible", kind: kindIneligible, Line: row.Line, ID: strings.Clone(row.ID), Scheme: schemeShort(last), Reasons: reasons})
	}
}

// kommuneCell is a kommune number with its name for the table of
// agreements ("" when the row gives none).
func kommuneCell(number string, l calc.Lang) string {
	if number == "" {
		return ""
	}
	return text.KommuneText(number, l)
}

// schemeShort is the short name of the scheme a result is under, or "–".
func schemeShort(res *calc.Result) string {
	if rs := res.Rules(); rs != nil {
		if sc := rs.Scheme(res.Scheme); sc != nil {
			return sc.ShortName()
		}
	}
	return "–"
}

// marks are the rows of a job worth listing, and the rows only counted.
type marks struct {
	rows    []reportRow
	counted [numKinds]int
}

// basisGrantText is a grant with its kind of figure: "240 000 kr",
// "inntil 240 000 kr", "ukjent".
func basisGrantText(res *calc.Result, l calc.Lang) string {
	if g, ok := res.Grant.Get(); ok {
		if res.GrantBasis == calc.BasisMaximum {
			return msg.T(l, "up to %s", text.Money(g, l))
		}
		return text.Money(g, l)
	}
	return msg.S(l, "unknown")
}

func grantText(res *calc.Result, l calc.Lang) string {
	if g, ok := res.Grant.Get(); ok {
		return text.Money(g, l)
	}
	return msg.S(l, "unknown")
}

// Write takes the rows a job marked, in input order.
func (r *Sink) Write(_ io.Writer, b *batch.Buf) error {
	st, _ := b.State.(*marks)
	if st == nil {
		return nil
	}
	for _, row := range st.rows {
		r.counts[row.kind]++
		if row.kind == kindAgreement {
			r.kommune(row.Kommune)
		}
		list := r.lists[row.kind]
		if len(*list) < maxOf(row.kind) {
			*list = append(*list, row)
			if len(*list) == maxOf(row.kind) {
				r.full[row.kind].Store(true)
			}
		}
	}
	for k, n := range st.counted {
		if n > 0 && len(*r.lists[k]) < maxOf(k) {
			// Only a job after the listed ones counts rows: never here.
			panic("report: a row to list was only counted")
		}
		r.counts[k] += n
	}
	st.rows, st.counted = st.rows[:0], [numKinds]int{}
	return nil
}

// kommune notes an agreement's kommune number, so that a report of one
// kommune's agreements can name it.
func (r *Sink) kommune(k string) {
	if k == "" || len(r.kommuner) == 2 || len(r.kommuner) == 1 && r.kommuner[0] == k {
		return
	}
	r.kommuner = append(r.kommuner, k)
}

// The report's page, in the language chosen.
type reportPage struct {
	Lang, Title                   string
	T                             map[string]string
	Headline                      []headline
	Facts                         [][2]string // what the figures rest on
	Sets                          []reportSet
	Comparison                    *reportComparison
	Changed, Ineligible, Rejected reportList
	// Agreements is the table of every agreement; Kommune the kommune
	// number when every agreement that gives one gives the same.
	Agreements reportList
	Kommune    string
	// Signoff says what the signature approves; Periods are the grant
	// periods the figures are for.
	Signoff string
	Periods []string
}

// headline is a rule set's total across its schemes.
type headline struct {
	Label, Total, Counts, Delta string
	// Provisional says the rules are provisional ("" when they are not).
	Provisional string
	// Bounds says what Total, the sum of the exact grants, leaves out: the
	// maxima, summed apart, and the grants that are unknown.
	Bounds string
	Real   bool
}

type reportSet struct {
	Label, Title, Source, SHA256, Overrides string
	// Provisional says the rules are provisional, and ProvisionalNote why
	// ("" when they are not).
	Provisional, ProvisionalNote string
	Real                         bool
	Assumptions                  []assumption
	Chart, Context               chart
	ContextNote                  string
	Rows                         [][]string
	Head                         []string
}

// assumption is a sentence on a group of a rule set's values that are
// assumed (or unknown), and their keys.
type assumption struct {
	Text string
	Keys []string
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

// applies says whether a rule set is the one that applies: its rule file as
// it is, for its own period; not a what-if (--set) nor rules moved to
// another period.
func applies(s batch.RuleSet) bool { return len(s.Rules.Overrides) == 0 && s.Rules.ShiftedFrom == "" }

// End writes the page.
func (r *Sink) End(w io.Writer, t *batch.Totals) error {
	l := r.Lang
	tw := reportWords(l)
	page := reportPage{Lang: string(l), Title: tw["title"], T: tw}
	if r.Meta.Title != "" {
		page.Title = r.Meta.Title
	}
	page.Signoff = msg.N(l, t.Rows, "The figures of this report are computed by %[2]s from %[3]s (%[1]d row) under the rules named above; the sums of exact grants, the maxima and the unknown grants are kept apart.",
		"The figures of this report are computed by %[2]s from %[3]s (%[1]d rows) under the rules named above; the sums of exact grants, the maxima and the unknown grants are kept apart.",
		t.Rows, r.Meta.Version, r.Meta.Input)
	for _, s := range t.Used() {
		page.Periods = append(page.Periods, s.Rules.Period)
	}
	if k := r.Meta.Kommune; k != "" {
		r.kommuner = []string{k}
	}
	if len(r.kommuner) == 1 {
		page.Kommune = r.kommuner[0]
		if k, ok := kommune.Lookup(page.Kommune); ok {
			page.Kommune += " " + k.Name
		}
	}
	page.Agreements = reportList{Rows: r.agreements, Total: r.counts[kindAgreement], More: r.counts[kindAgreement] - len(r.agreements),
		Head: []string{tw["line"], "id", tw["kommune"], tw["period"], tw["scheme"], tw["months"], tw["grant"], tw["reasons"]}}
	page.Headline = r.headlines(t)
	page.Facts = r.facts(t)
	// The figures under the rules that apply first, then the what-ifs.
	var order []int
	for _, realFirst := range []bool{true, false} {
		for i, set := range r.Sets {
			if applies(set) == realFirst {
				order = append(order, i)
			}
		}
	}
	for _, i := range order {
		if t.ByPeriod && t.Sets[i].Total.Agreements == 0 {
			continue // by period: only the periods the agreements fall in
		}
		page.Sets = append(page.Sets, r.setSection(r.Sets[i], t.Sets[i], tw))
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
	page.Changed = reportList{Rows: r.changed, Total: r.counts[kindChanged], More: r.counts[kindChanged] - len(r.changed),
		Head: append(append([]string{tw["line"], "id", tw["scheme"]}, labels...), tw["change"])}
	page.Ineligible = reportList{Rows: r.ineligible, Total: r.counts[kindIneligible], More: r.counts[kindIneligible] - len(r.ineligible),
		Head: []string{tw["line"], "id", tw["scheme"], tw["reasons"]}}
	page.Rejected = reportList{Rows: r.rejectedRows, Total: r.counts[kindRejected], More: r.counts[kindRejected] - len(r.rejectedRows),
		Head: []string{tw["where"], "id", tw["reason"]}}
	return reportTemplate.Execute(w, page)
}
