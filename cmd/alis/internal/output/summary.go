package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// groupName names the groups a summary has besides the schemes.
func groupName(g batch.Group, l calc.Lang) string {
	switch g.ID {
	case "-":
		return msg.S(l, "no scheme covers the agreement")
	case "?":
		return msg.S(l, "rejected, scheme unknown")
	}
	return g.Name
}

// PayoutNote says where the recorded payouts and grants come from.
func PayoutNote(l calc.Lang) string {
	return msg.S(l, "Paid out: Helsedirektoratet, annual report 2023, table 5.8 (whole millions; the column placement is reconstructed). Granted: annual report 2021, table 6.1.")
}

// WriteSummary writes a summary for people, as an aligned table, within
// width: a table too wide for it has a row a block.
func WriteSummary(w io.Writer, s *batch.Summary, l calc.Lang, width int) {
	table, notes, rows := summaryTable(s, l)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (%s)\n", msg.S(l, "Summary for the grant period"), s.Rules.Period, s.Rules.Source)
	if p := text.ProvisionalText(s.Rules, l); p != "" {
		b.WriteString(Wrap(strings.ToUpper(p[:1])+p[1:]+": "+s.Rules.Provisional.NoteIn(l), width))
		b.WriteByte('\n')
	}
	b.WriteString(text.RulesChanges(s.Rules, l))
	WriteAligned(&b, table, width)
	for _, n := range notes {
		b.WriteString(n + "\n")
	}
	writeAllocations(&b, rows, l)
	if s.Total.Maxima+s.Total.Unknown > 0 {
		fmt.Fprint(&b, msg.S(l, "grant: the exact grants; up to: the sum of the grants that are only a maximum, for an input not given (they are not in grant); unknown: the grants with no figure, in no sum.")+"\n")
	}
	if n := s.NotComputed; n > 0 {
		b.WriteString(msg.N(l, n, "%[1]d agreement has days in %[2]s but cannot be computed under its rules: its rows lack what the formula needs (not_computed_in says what).\n",
			"%[1]d agreements have days in %[2]s but cannot be computed under its rules: their rows lack what the formula needs (not_computed_in says what).\n", n, s.Rules.Period))
	}
	if n := s.Total.Maxima; n > 0 {
		fmt.Fprint(&b, msg.N(l, n, "%d eligible agreement has only a maximum (up to %s), as an input it needs is not given: the row names it.\n",
			"%d eligible agreements have only a maximum (up to %s in all), as an input they need is not given: each row names it.\n", n, text.Money(s.Total.UpTo, l)))
	}
	if n := s.Total.Unknown; n > 0 {
		b.WriteString(msg.N(l, n, "%d eligible agreement has an unknown grant (it rests on a value no public source gives, or an input with no largest value is not given) and is in no sum.\n",
			"%d eligible agreements have an unknown grant (they rest on values no public source gives, or an input with no largest value is not given) and are in no sum.\n", n))
	}
	_, _ = io.WriteString(w, Wrap(b.String(), width))
}

// summaryTable is the summary's table, a row per scheme and the total,
// with the notes below it.
func summaryTable(s *batch.Summary, l calc.Lang) (table [][]string, notes []string, rows []batch.Group) {
	table = [][]string{{msg.S(l, "scheme"), msg.S(l, "agreements"), msg.S(l, "eligible"),
		msg.S(l, "not eligible"), msg.S(l, "rejected"), msg.S(l, "grant"), msg.S(l, "up to"), msg.S(l, "unknown"),
		msg.S(l, "kommune's share"), msg.S(l, "budget"), msg.S(l, "used"),
		msg.S(l, "remaining")}}
	line := func(id string, t batch.Counts, budget calc.Money, hasBudget, unknownBudget bool) {
		used, rest, b := "", "", "–"
		switch {
		case hasBudget:
			used, _ = text.PercentText(t.Grant, budget, l)
			rest = text.Money(budget-t.Grant, l)
			b = text.Money(budget, l)
		case unknownBudget:
			b = msg.S(l, "unknown")
		}
		upTo, unknown := "", ""
		if t.Maxima > 0 {
			upTo = text.Money(t.UpTo, l)
		}
		if t.Unknown > 0 {
			unknown = text.Count(t.Unknown, l)
		}
		table = append(table, []string{id, text.Count(t.Agreements, l), text.Count(t.Eligible, l), text.Count(t.NotEligible, l),
			text.Count(t.Rejected, l), text.Money(t.Grant, l), upTo, unknown, text.Money(t.KommuneShare, l), b, used, rest})
	}
	withRecord := len(s.Recorded) > 0
	if withRecord {
		table[0] = append(table[0], msg.S(l, "paid out"), msg.S(l, "granted"))
	}
	record := func(rec *batch.Recorded) {
		if !withRecord {
			return
		}
		paid, granted := "", ""
		if rec != nil && rec.PayoutMill >= 0 {
			paid = msg.T(l, "NOK %d million", rec.PayoutMill)
		}
		if rec != nil && rec.HasGranted {
			granted = text.Money(rec.Granted, l)
		}
		table[len(table)-1] = append(table[len(table)-1], paid, granted)
	}
	var budget calc.Money
	all := true
	rows = s.Rows()
	for _, g := range rows {
		line(g.ID, g.Counts, g.Budget, g.HasBudget, g.BudgetUnknown)
		record(g.Recorded)
		budget += g.Budget
		if g.ID == "-" || g.ID == "?" {
			notes = append(notes, g.ID+": "+groupName(g, l))
		} else if !g.HasBudget {
			all = false
		}
	}
	line(msg.S(l, "total"), s.Total, budget, all && budget > 0, false)
	if withRecord {
		var paid int64
		var granted calc.Money
		anyGranted := false
		for _, rec := range s.Recorded {
			paid += max(rec.PayoutMill, 0)
			granted += rec.Granted
			anyGranted = anyGranted || rec.HasGranted
		}
		grantedText := ""
		if anyGranted {
			grantedText = text.Money(granted, l)
		}
		table[len(table)-1] = append(table[len(table)-1], msg.T(l, "NOK %d million", paid), grantedText)
		notes = append(notes, PayoutNote(l))
	}

	// The columns of maxima and unknown grants, only where there are any.
	const upToCol, unknownCol = 6, 7
	for _, c := range []struct {
		col  int
		none bool
	}{{unknownCol, s.Total.Unknown == 0}, {upToCol, s.Total.Maxima == 0}} {
		if c.none {
			for i := range table {
				table[i] = append(table[i][:c.col], table[i][c.col+1:]...)
			}
		}
	}
	return table, notes, rows
}

// writeAllocations says what allocating the budget did to each scheme's
// grants.
func writeAllocations(b *strings.Builder, rows []batch.Group, l calc.Lang) {
	for _, g := range rows {
		a := g.Allocation
		if a == nil {
			continue
		}
		switch {
		case !a.HasBudget:
			fmt.Fprint(b, msg.T(l, "Allocation %s: no known budget; the grants are unchanged.\n", g.ID))
		case a.Reduced:
			fmt.Fprint(b, msg.T(l, "Allocation %s: the grants exceed the budget and are reduced by the factor %s, to %s in all.\n", g.ID, text.Number(decimal.RequireFromString(a.Factor), l), text.Money(a.Total, l)))
		default:
			fmt.Fprint(b, msg.T(l, "Allocation %s: within the budget; the grants are unchanged (%s).\n", g.ID, text.Money(a.Total, l)))
		}
	}
}

// WriteSummaries writes the summaries of a batch: by period, one for each
// period that had rows, and the rejected rows of no known period.
func WriteSummaries(w io.Writer, t *batch.Totals, l calc.Lang, width int) {
	if len(t.Used()) == 0 && t.Unplaced == 0 {
		fmt.Fprintln(w, msg.S(l, "Summary: no agreements in the input."))
		return
	}
	for i, s := range t.Used() {
		if i > 0 {
			_, _ = io.WriteString(w, "\n")
		}
		WriteSummary(w, s, l, width)
	}
	if t.Beyond > 0 {
		_, _ = io.WriteString(w, Wrap(msg.N(l, t.Beyond, "%[1]d agreement runs past %[2]s, the last day alis has rules for: its time after it is not computed (beyond_rules_from).\n",
			"%[1]d agreements run past %[2]s, the last day alis has rules for: their time after it is not computed (beyond_rules_from).\n", t.Beyond, text.Day(t.LastRules, l)), width))
	}
	if t.Unplaced > 0 {
		_, _ = io.WriteString(w, Wrap(msg.N(l, t.Unplaced, "%d row rejected with no grant period (the start date is missing, cannot be read, or is outside the periods).\n",
			"%d rows rejected with no grant period (the start date is missing, cannot be read, or is outside the periods).\n", t.Unplaced), width))
	}
}

// PeriodSummaryJSON is one period's rules and summary, in a batch by period.
type PeriodSummaryJSON struct {
	Rules   *RulesJSON  `json:"rules"`
	Summary SummaryJSON `json:"summary"`
}

// NewPeriodsJSON makes the summaries of a batch by period.
func NewPeriodsJSON(t *batch.Totals, l calc.Lang) []PeriodSummaryJSON {
	out := []PeriodSummaryJSON{}
	for _, s := range t.Used() {
		out = append(out, PeriodSummaryJSON{NewRulesJSON(s.Rules), NewSummaryJSON(s, l)})
	}
	return out
}

// WriteAligned writes a table: the first column to the left, the others to
// the right, two spaces between them. A table wider than width (when it is
// above 0) has a row a block, its cells as "header: value".
func WriteAligned(w io.Writer, table [][]string, width int) {
	widths := make([]int, len(table[0]))
	for _, row := range table {
		for i, c := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], TextWidth(c))
			}
		}
	}
	var b strings.Builder
	total := 2 * (len(widths) - 1)
	for _, n := range widths {
		total += n
	}
	if width > 0 && total > width && len(table) > 1 {
		narrowTable(&b, table, max(width, MinWidth))
		_, _ = io.WriteString(w, b.String())
		return
	}
	for _, row := range table {
		var cells []string
		for i, c := range row {
			pad := strings.Repeat(" ", max(0, widths[min(i, len(widths)-1)]-TextWidth(c)))
			if i == 0 {
				cells = append(cells, c+pad)
			} else {
				cells = append(cells, pad+c)
			}
		}
		b.WriteString(strings.TrimRight(strings.Join(cells, "  "), " ") + "\n")
	}
	_, _ = io.WriteString(w, b.String())
}

// SummaryJSON is a summary in JSON.
type SummaryJSON struct {
	Rows     int `json:"rows"`
	Rejected int `json:"rejected"`
	// NotComputed, by period: agreements with days in the period that
	// cannot be computed under its rules.
	NotComputed int         `json:"not_computed"`
	Schemes     []GroupJSON `json:"schemes"`
	Total       GroupJSON   `json:"total"`
}

// GroupJSON is one line of a summary in JSON.
type GroupJSON struct {
	FormatVersion     int     `json:"format_version,omitempty"` // in JSON lines
	Period            string  `json:"period,omitempty"`         // in JSON lines, where the groups stand alone
	Scheme            string  `json:"scheme"`
	Name              string  `json:"name,omitempty"`
	Agreements        int     `json:"agreements"`
	Eligible          int     `json:"eligible"`
	NotEligible       int     `json:"not_eligible"`
	Rejected          int     `json:"rejected"`
	Maxima            int     `json:"eligible_maximum"`
	UnknownGrant      int     `json:"eligible_unknown_grant"`
	Grant             string  `json:"grant"`
	GrantMaximum      string  `json:"grant_maximum"`
	KommuneShare      string  `json:"kommune_share"`
	Budget            *string `json:"budget"`
	BudgetUsedPercent *string `json:"budget_used_percent"`
	BudgetRemaining   *string `json:"budget_remaining"`
	AllocatedTotal    *string `json:"allocated_total,omitempty"`
	AllocationFactor  *string `json:"allocation_factor,omitempty"`
	RecordedPayout    *int64  `json:"recorded_payout_mill_nok,omitempty"`
	RecordedGranted   *string `json:"recorded_granted,omitempty"`
}

func newGroupJSON(id, name string, t batch.Counts, budget calc.Money, hasBudget bool) GroupJSON {
	g := GroupJSON{Scheme: id, Name: name, Agreements: t.Agreements, Eligible: t.Eligible, NotEligible: t.NotEligible,
		Rejected: t.Rejected, Maxima: t.Maxima, UnknownGrant: t.Unknown, Grant: t.Grant.String(), GrantMaximum: t.UpTo.String(),
		KommuneShare: t.KommuneShare.String()}
	if hasBudget {
		g.Budget = ptr(budget.String())
		g.BudgetRemaining = ptr((budget - t.Grant).String())
		if p, ok := calc.Percent(t.Grant, budget, '.'); ok {
			g.BudgetUsedPercent = ptr(p)
		}
	}
	return g
}

// NewSummaryJSON makes the JSON of a summary.
func NewSummaryJSON(s *batch.Summary, l calc.Lang) SummaryJSON {
	out := SummaryJSON{Rows: s.Total.Agreements, Rejected: s.Total.Rejected, NotComputed: s.NotComputed, Schemes: []GroupJSON{}}
	var budget calc.Money
	all := true
	for _, g := range s.Rows() {
		j := newGroupJSON(g.ID, groupName(g, l), g.Counts, g.Budget, g.HasBudget)
		if a := g.Allocation; a != nil && a.HasBudget {
			j.AllocatedTotal, j.AllocationFactor = ptr(a.Total.String()), ptr(a.Factor)
		}
		if rec := g.Recorded; rec != nil {
			if rec.PayoutMill >= 0 {
				j.RecordedPayout = ptr(rec.PayoutMill)
			}
			if rec.HasGranted {
				j.RecordedGranted = ptr(rec.Granted.String())
			}
		}
		out.Schemes = append(out.Schemes, j)
		budget += g.Budget
		if !g.HasBudget && g.ID != "-" && g.ID != "?" {
			all = false
		}
	}
	out.Total = newGroupJSON("total", "", s.Total, budget, all && budget > 0)
	return out
}
