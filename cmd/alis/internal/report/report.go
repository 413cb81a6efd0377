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
	"sync/atomic"
	"time"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/internal/kommune"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
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

// headlines are each rule set's total across its schemes, the rules that
// apply first; by period, one total over the periods.
func (r *Sink) headlines(t *batch.Totals) []headline {
	l := r.Lang
	counts := func(c batch.Counts) string {
		return msg.T(l, "%d agreements: %d eligible, %d not eligible, %d rejected", c.Agreements, c.Eligible, c.NotEligible, c.Rejected)
	}
	if t.ByPeriod {
		// A total per period: grants of different periods, under different
		// rules and budgets, are not added together.
		var out []headline
		for _, s := range t.Used() {
			h := headline{Label: s.Rules.Period, Provisional: text.ProvisionalText(s.Rules, l), Total: text.Money(s.Total.Grant, l), Counts: counts(s.Total), Bounds: bounds(s.Total, l), Real: true}
			if t.Beyond > 0 && s.Rules.ValidTo == t.LastRules {
				// What runs past the rules, under the last period with them.
				h.Counts += "; " + msg.N(l, t.Beyond, "%[1]d agreement runs past %[2]s, the last day alis has rules for",
					"%[1]d agreements run past %[2]s, the last day alis has rules for", t.Beyond, text.Day(t.LastRules, l))
			}
			out = append(out, h)
		}
		return out
	}
	var out []headline
	first := -1
	for _, realFirst := range []bool{true, false} {
		for i, set := range r.Sets {
			if applies(set) != realFirst {
				continue
			}
			h := headline{Label: set.Label, Total: text.Money(t.Sets[i].Total.Grant, l), Counts: counts(t.Sets[i].Total),
				Bounds: bounds(t.Sets[i].Total, l), Real: realFirst}
			if first < 0 {
				first = i
			} else {
				h.Delta = output.SignedMoney(t.Sets[i].Total.Grant-t.Sets[first].Total.Grant, l)
			}
			out = append(out, h)
		}
	}
	return out
}

// bounds says what a total of exact grants leaves out: the maxima, and
// the unknown grants.
func bounds(c batch.Counts, l msg.Lang) string {
	var parts []string
	if c.Maxima > 0 {
		parts = append(parts, msg.N(l, c.Maxima, "and up to %[2]s more for %[1]d agreement whose grant is only a maximum (an input is not given)",
			"and up to %[2]s more for %[1]d agreements whose grant is only a maximum (an input is not given)", c.Maxima, text.Money(c.UpTo, l)))
	}
	if c.Unknown > 0 {
		line := msg.N(l, c.Unknown, "%d agreement whose grant is unknown, in no sum", "%d agreements whose grant is unknown, in no sum", c.Unknown)
		var needs []string
		if c.UnknownValues {
			needs = append(needs, msg.S(l, "rule values no public source gives (see the rules used)"))
		}
		if c.UnknownNeeds != 0 {
			needs = append(needs, msg.T(l, "inputs not given: %s", text.InputFlags(c.UnknownNeeds)))
		}
		if len(needs) > 0 {
			line += " (" + msg.T(l, "to complete them: %s", strings.Join(needs, "; ")) + ")"
		}
		parts = append(parts, line)
	}
	return strings.Join(parts, "; ")
}

// facts are what the figures rest on: when and by which alis they were
// made, from which input, under which rules.
func (r *Sink) facts(t *batch.Totals) [][2]string {
	l := r.Lang
	made := r.Meta.Made.Format("02.01.2006 kl. 15:04 (MST)")
	if l == msg.EN {
		made = r.Meta.Made.Format("2006-01-02 15:04 MST")
	}
	facts := [][2]string{
		{msg.S(l, "Made"), made},
		{msg.S(l, "By"), r.Meta.Version},
		{msg.S(l, "Input"), r.Meta.Input},
		{msg.S(l, "Rows"), strconv.Itoa(t.Rows)},
	}
	if r.Meta.SHA256 != nil {
		facts = append(facts, [2]string{msg.S(l, "sha256 of the input"), r.Meta.SHA256()})
	}
	for i, s := range r.Sets {
		if t.ByPeriod && t.Sets[i].Total.Agreements == 0 {
			continue
		}
		facts = append(facts, [2]string{msg.T(l, "sha256 of the rules %s", s.Label), s.Rules.SHA256})
	}
	return facts
}

// setSection is one rule set's totals per scheme: a chart of the batch's
// grants (against its own budget, where the run sets one), scaled to the
// batch so that a small one reads; the national budget and payouts beside
// them as context, in a chart of their own.
func (r *Sink) setSection(set batch.RuleSet, sum *batch.Summary, tw map[string]string) reportSet {
	l := r.Lang
	rs := set.Rules
	sec := reportSet{Label: set.Label, Provisional: text.ProvisionalText(rs, l), Title: rs.Title, Source: rs.Source, SHA256: rs.SHA256, Overrides: strings.Join(rs.Overrides, ", "), Real: applies(set),
		Head: []string{tw["scheme"], tw["agreements"], tw["eligible"], tw["rejected"], tw["grant"], tw["upTo"], tw["unknownGrants"], tw["budget"], tw["used"], tw["paid"]}}
	if rs.Provisional != nil {
		sec.ProvisionalNote = rs.Provisional.NoteIn(l)
	}
	// The assumed values in words: grouped by the source they rest on
	// (the last a value names, its most particular), a sentence each, the
	// keys under it; and the unknown values.
	var order []string
	groups := map[string][]string{}
	var unknown []string
	for _, p := range rs.Params() {
		switch p.Basis {
		case rules.Assumed:
			src := msg.S(l, "no source")
			if n := len(p.References); n > 0 {
				src = p.References[n-1].Title
			}
			if _, ok := groups[src]; !ok {
				order = append(order, src)
			}
			groups[src] = append(groups[src], p.Path+" = "+p.String())
		case rules.Unknown:
			unknown = append(unknown, p.Path)
		}
	}
	for _, src := range order {
		keys := groups[src]
		sec.Assumptions = append(sec.Assumptions, assumption{Text: msg.N(l, len(keys), "%[1]d value is assumed, from: %[2]s", "%[1]d values are assumed, from: %[2]s", len(keys), src), Keys: keys})
	}
	if len(unknown) > 0 {
		sec.Assumptions = append(sec.Assumptions, assumption{Text: msg.N(l, len(unknown), "%d value is unknown: no source gives it, and the grants that need it are unknown",
			"%d values are unknown: no source gives them, and the grants that need them are unknown", len(unknown)), Keys: unknown})
	}
	id := "set-" + strconv.Itoa(len(sec.Label)) + "-" + sanitizeID(set.Label)
	c := chart{ID: id, Title: fmt.Sprintf(tw["chartSet"], set.Label, rs.Period)}
	ctx := chart{ID: id + "-national", Title: fmt.Sprintf(tw["chartContext"], rs.Period)}
	var national calc.Money
	for _, g := range sum.Rows() {
		bars := []bar{{Label: tw["grant"], Value: g.Counts.Grant, Class: "grant"}}
		var context []bar
		if g.HasBudget {
			b := bar{Label: tw["budget"], Value: g.Budget, Class: "budget"}
			if g.OwnBudget {
				bars = append(bars, b)
			} else {
				context = append(context, b)
				national += g.Budget
			}
		}
		paid := ""
		if g.Recorded != nil && g.Recorded.PayoutMill >= 0 {
			v := calc.Kroner(g.Recorded.PayoutMill * 1_000_000)
			context = append(context, bar{Label: tw["paid"], Value: v, Class: "paid"})
			paid = text.Money(v, l)
		}
		label := g.Short // the scheme by its short name; "-" and "?" by their marks
		if label == "" {
			label = g.ID
		}
		c.Groups = append(c.Groups, barGroup{Label: label, Bars: bars})
		if len(context) > 0 {
			ctx.Groups = append(ctx.Groups, barGroup{Label: label, Bars: context})
		}
		used, budget := "", ""
		if g.HasBudget {
			used, _ = text.PercentText(g.Counts.Grant, g.Budget, l)
			budget = text.Money(g.Budget, l)
		}
		upTo := ""
		if g.Counts.Maxima > 0 {
			upTo = text.Money(g.Counts.UpTo, l)
		}
		name := g.Name // the scheme by name; "-" and "?" by their marks
		if name == "" {
			name = g.ID
		}
		sec.Rows = append(sec.Rows, []string{name, strconv.Itoa(g.Counts.Agreements), strconv.Itoa(g.Counts.Eligible), strconv.Itoa(g.Counts.Rejected),
			text.Money(g.Counts.Grant, l), upTo, strconv.Itoa(g.Counts.Unknown), budget, used, paid})
	}
	sec.Chart = c.render(l)
	if len(ctx.Groups) > 0 {
		sec.Context = ctx.render(l)
		if pct, ok := text.PercentText(sum.Total.Grant, national, l); ok {
			sec.ContextNote = msg.T(l, "The grants of this batch are %s of the national budgets.", pct)
		}
	}
	return sec
}

// shortName is the short name of the scheme with that id in the first rule
// set that has it, or the id ("total", "-", "?" and ids no set has).
func (r *Sink) shortName(id string) string {
	for _, s := range r.Sets {
		if sc := s.Rules.Scheme(id); sc != nil {
			return sc.ShortName()
		}
	}
	return id
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
		name := r.shortName(row.ID)
		g := barGroup{Label: name}
		cells := []string{name}
		for k, v := range row.Grants {
			g.Bars = append(g.Bars, bar{Label: r.Sets[k].Label, Value: v, Class: "set" + strconv.Itoa(k%4)})
			cell := text.Money(v, l)
			if row.UpTo[k] != 0 {
				cell += " + " + msg.T(l, "up to %s", text.Money(row.UpTo[k], l))
			}
			cells = append(cells, cell)
		}
		c.Groups = append(c.Groups, g)
		diff := msg.S(l, "unknown")
		if d, ok := row.Delta().Get(); ok {
			diff = output.SignedMoney(d, l)
		}
		cells = append(cells, diff, strconv.Itoa(row.Gained), strconv.Itoa(row.Lost))
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
