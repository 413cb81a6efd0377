package output

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/rules"
)

// groupName names the groups a summary has besides the schemes.
func groupName(g batch.Group, l calc.Lang) string {
	switch g.ID {
	case "-":
		return Pick(l, "ingen ordning dekker avtalen", "no scheme covers the agreement")
	case "?":
		return Pick(l, "avvist, ukjent ordning", "rejected, scheme unknown")
	}
	return g.Name
}

const payoutNoteNB = "Utbetalt: Helsedirektoratet, årsrapport 2023, tabell 5.8 (hele millioner; kolonneplasseringen er rekonstruert). Tilsagn: årsrapport 2021, tabell 6.1."
const payoutNoteEN = "Paid out: Helsedirektoratet, annual report 2023, table 5.8 (whole millions; the column placement is reconstructed). Granted: annual report 2021, table 6.1."

// WriteSummary writes a summary for people, as an aligned table.
func WriteSummary(w io.Writer, s *batch.Summary, l calc.Lang) {
	table := [][]string{{Pick(l, "ordning", "scheme"), Pick(l, "avtaler", "agreements"), Pick(l, "berettiget", "eligible"),
		Pick(l, "ikke berettiget", "not eligible"), Pick(l, "avvist", "rejected"), Pick(l, "tilskudd", "grant"),
		Pick(l, "kommunens andel", "kommune's share"), Pick(l, "budsjett", "budget"), Pick(l, "brukt", "used"),
		Pick(l, "gjenstår", "remaining")}}
	line := func(id string, t batch.Counts, budget calc.Money, hasBudget, unknownBudget bool) {
		used, rest, b := "", "", "–"
		switch {
		case hasBudget:
			used, _ = PercentText(t.Grant, budget, l)
			rest = Money(budget-t.Grant, l)
			b = Money(budget, l)
		case unknownBudget:
			b = Pick(l, "ukjent", "unknown")
		}
		table = append(table, []string{id, strconv.Itoa(t.Agreements), strconv.Itoa(t.Eligible), strconv.Itoa(t.NotEligible),
			strconv.Itoa(t.Rejected), Money(t.Grant, l), Money(t.KommuneShare, l), b, used, rest})
	}
	withRecord := len(s.Recorded) > 0
	if withRecord {
		table[0] = append(table[0], Pick(l, "utbetalt", "paid out"), Pick(l, "tilsagn", "granted"))
	}
	record := func(rec *batch.Recorded) {
		if !withRecord {
			return
		}
		paid, granted := "", ""
		if rec != nil && rec.PayoutMill >= 0 {
			paid = fmt.Sprintf(Pick(l, "%d mill. kr", "NOK %d million"), rec.PayoutMill)
		}
		if rec != nil && rec.HasGranted {
			granted = Money(rec.Granted, l)
		}
		table[len(table)-1] = append(table[len(table)-1], paid, granted)
	}
	var budget calc.Money
	all := true
	var notes []string
	rows := s.Rows()
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
	line(Pick(l, "totalt", "total"), s.Total, budget, all && budget > 0, false)
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
			grantedText = Money(granted, l)
		}
		table[len(table)-1] = append(table[len(table)-1], fmt.Sprintf(Pick(l, "%d mill. kr", "NOK %d million"), paid), grantedText)
		notes = append(notes, Pick(l, payoutNoteNB, payoutNoteEN))
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (%s)\n", Pick(l, "Sammendrag for tilskuddsperioden", "Summary for the grant period"), s.Rules.Period, s.Rules.Source)
	b.WriteString(RulesChanges(s.Rules, l))
	WriteAligned(&b, table)
	for _, n := range notes {
		b.WriteString(n + "\n")
	}
	for _, g := range rows {
		a := g.Allocation
		if a == nil {
			continue
		}
		switch {
		case !a.HasBudget:
			fmt.Fprintf(&b, Pick(l, "Fordeling %s: ingen kjent budsjett; tilskuddene er uendret.\n", "Allocation %s: no known budget; the grants are unchanged.\n"), g.ID)
		case a.Reduced:
			fmt.Fprintf(&b, Pick(l, "Fordeling %s: tilskuddene overstiger budsjettet og er satt ned med faktor %s, til %s i alt.\n",
				"Allocation %s: the grants exceed the budget and are reduced by the factor %s, to %s in all.\n"), g.ID, Number(mustDecimal(a.Factor), l), Money(a.Total, l))
		default:
			fmt.Fprintf(&b, Pick(l, "Fordeling %s: innenfor budsjettet; tilskuddene er uendret (%s).\n", "Allocation %s: within the budget; the grants are unchanged (%s).\n"), g.ID, Money(a.Total, l))
		}
	}
	if n := s.Total.WithoutCost; n > 0 {
		what := Pick(l, Plural(n, "berettiget avtale", "berettigede avtaler"), Plural(n, "eligible agreement", "eligible agreements"))
		without := Pick(l, "uten kostnad", "without a cost")
		for _, sc := range s.Rules.Schemes {
			if sc.Formula == rules.Components {
				without = Pick(l, "uten beløp for et element", "without the amount of an element")
			}
		}
		fmt.Fprintf(&b, Pick(l, "%d %s %s er regnet med sitt største mulige tilskudd.\n",
			"%d %s %s counted at the largest possible grant.\n"), n, what, without)
	}
	if n := s.Total.Unknown; n > 0 {
		what := Pick(l, Plural(n, "berettiget avtale", "berettigede avtaler"), Plural(n, "eligible agreement", "eligible agreements"))
		fmt.Fprintf(&b, Pick(l, "%d %s har ukjent tilskudd (beløpet bygger på verdier ingen offentlig kilde oppgir) og er ikke med i summen.\n",
			"%d %s have an unknown grant (the amount rests on values no public source gives) and are not in the total.\n"), n, what)
	}
	_, _ = io.WriteString(w, b.String())
}

// WriteSummaries writes the summaries of a batch: by period, one for each
// period that had rows, and the rejected rows of no known period.
func WriteSummaries(w io.Writer, t *batch.Totals, l calc.Lang) {
	if len(t.Used()) == 0 && t.Unplaced == 0 {
		fmt.Fprintln(w, Pick(l, "Sammendrag: ingen avtaler i inndataene.", "Summary: no agreements in the input."))
		return
	}
	for i, s := range t.Used() {
		if i > 0 {
			_, _ = io.WriteString(w, "\n")
		}
		WriteSummary(w, s, l)
	}
	if t.Unplaced > 0 {
		fmt.Fprintf(w, Pick(l, "%d %s avvist uten tilskuddsperiode (startdatoen mangler, kan ikke leses eller ligger utenfor periodene).\n",
			"%d %s rejected with no grant period (the start date is missing, cannot be read, or is outside the periods).\n"), t.Unplaced,
			Pick(l, Plural(t.Unplaced, "rad", "rader"), Plural(t.Unplaced, "row", "rows")))
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

// WriteAligned writes a table: the first column to the left, the others to the right.
func WriteAligned(w io.Writer, table [][]string) {
	widths := make([]int, len(table[0]))
	for _, row := range table {
		for i, c := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], utf8.RuneCountInString(c))
			}
		}
	}
	var b strings.Builder
	for _, row := range table {
		var cells []string
		for i, c := range row {
			pad := strings.Repeat(" ", max(0, widths[min(i, len(widths)-1)]-utf8.RuneCountInString(c)))
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
	Rows     int         `json:"rows"`
	Rejected int         `json:"rejected"`
	Schemes  []GroupJSON `json:"schemes"`
	Total    GroupJSON   `json:"total"`
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
	WithoutCost       int     `json:"eligible_without_cost"`
	UnknownGrant      int     `json:"eligible_unknown_grant"`
	Grant             string  `json:"grant"`
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
		Rejected: t.Rejected, WithoutCost: t.WithoutCost, UnknownGrant: t.Unknown, Grant: t.Grant.String(), KommuneShare: t.KommuneShare.String()}
	if hasBudget {
		g.Budget = ptr(budget.String())
		g.BudgetRemaining = ptr((budget - t.Grant).String())
		if p, ok := Percent(t.Grant, budget, '.'); ok {
			g.BudgetUsedPercent = ptr(p)
		}
	}
	return g
}

// NewSummaryJSON makes the JSON of a summary.
func NewSummaryJSON(s *batch.Summary, l calc.Lang) SummaryJSON {
	out := SummaryJSON{Rows: s.Total.Agreements, Rejected: s.Total.Rejected, Schemes: []GroupJSON{}}
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
