package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
)

// totals are the counts and sums of one group of rows.
type totals struct {
	agreements, eligible, notEligible, rejected int
	withoutCost                                 int // eligible rows without a cost: their grant is the largest possible
	grant, kommune                              calc.Money
}

func (t *totals) add(u *totals) {
	t.agreements += u.agreements
	t.eligible += u.eligible
	t.notEligible += u.notEligible
	t.rejected += u.rejected
	t.withoutCost += u.withoutCost
	t.grant += u.grant
	t.kommune += u.kommune
}

// summary is the batch's totals per scheme: the rule file's schemes in order,
// then rows no scheme covers, then rejected rows whose driftsform is unknown.
type summary struct {
	alloc    *allocPlan // with --allocate
	rules    *rules.Rules
	recorded map[string]recorded // by scheme id, for the rules' year
	ids      []string
	groups   []totals
	noScheme int
	unknown  int
	total    totals
}

// recorded is what Helsedirektoratet recorded for a scheme in a year.
type recorded struct {
	payoutMill int64 // paid out, whole millions of kroner; -1 when not recorded
	granted    calc.Money
	grants     int
	hasGranted bool
}

func newSummary(r *rules.Rules) *summary {
	s := &summary{rules: r, recorded: map[string]recorded{}}
	if h, err := rules.LoadHistory(); err == nil {
		for _, sc := range h.Payouts.Schemes {
			if v, ok := sc.Years[r.Year]; ok {
				s.recorded[sc.ID] = recorded{payoutMill: v}
			}
		}
		for _, e := range h.Granted.Entries {
			if e.Year == r.Year {
				rec, ok := s.recorded[e.Scheme]
				if !ok {
					rec.payoutMill = -1
				}
				rec.granted, rec.grants, rec.hasGranted = calc.Money(e.Amount*100), e.Grants, true
				s.recorded[e.Scheme] = rec
			}
		}
	}
	for _, sc := range r.Schemes {
		s.ids = append(s.ids, sc.ID)
	}
	s.noScheme = len(s.ids)
	s.unknown = len(s.ids) + 1
	s.groups = make([]totals, len(s.ids)+2)
	return s
}

// index is the group of a scheme id ("" for no scheme).
func (s *summary) index(id string) int {
	for i, x := range s.ids {
		if x == id {
			return i
		}
	}
	return s.noScheme
}

func (s *summary) add(p *partialSum) {
	for i := range p.groups {
		s.groups[i].add(&p.groups[i])
		s.total.add(&p.groups[i])
	}
}

// partialSum is a job's share of the summary, merged by the writer in order.
type partialSum struct {
	s      *summary
	groups []totals
}

func newPartial(s *summary) partialSum {
	return partialSum{s: s, groups: make([]totals, len(s.groups))}
}

func (p *partialSum) reset() {
	for i := range p.groups {
		p.groups[i] = totals{}
	}
}

func (p *partialSum) addResult(res *calc.Result) {
	g := &p.groups[p.s.index(res.Scheme)]
	g.agreements++
	if res.Eligible {
		g.eligible++
		if !res.HasCost {
			g.withoutCost++
		}
	} else {
		g.notEligible++
	}
	g.grant += res.Grant
	g.kommune += res.KommuneShare
}

func (p *partialSum) addRejected(group int) {
	if group < 0 {
		group = p.s.unknown
	}
	p.groups[group].agreements++
	p.groups[group].rejected++
}

// summaryRow is one line of the summary, ready to print.
type summaryRow struct {
	id, name  string
	t         totals
	budget    calc.Money
	hasBudget bool
}

// rows lists the groups to show: every scheme of the rules, and the other
// groups when they have rows.
func (s *summary) rows(l calc.Lang) []summaryRow {
	var out []summaryRow
	for i, sc := range s.rules.Schemes {
		r := summaryRow{id: sc.ID, name: sc.Name.Value, t: s.groups[i]}
		if sc.Budget != nil {
			r.budget, r.hasBudget = calc.MoneyFromDecimal(sc.Budget.Value), true
		}
		out = append(out, r)
	}
	if g := s.groups[s.noScheme]; g.agreements > 0 {
		out = append(out, summaryRow{id: "-", name: pickLang(l, "ingen ordning dekker driftsformen", "no scheme covers the driftsform"), t: g})
	}
	if g := s.groups[s.unknown]; g.agreements > 0 {
		out = append(out, summaryRow{id: "?", name: pickLang(l, "avvist, ukjent ordning", "rejected, scheme unknown"), t: g})
	}
	return out
}

func pickLang(l calc.Lang, nb, en string) string {
	if l == calc.EN {
		return en
	}
	return nb
}

// writeText writes the summary for people, as an aligned table.
func (s *summary) writeText(w io.Writer, l calc.Lang) {
	table := [][]string{{pickLang(l, "ordning", "scheme"), pickLang(l, "avtaler", "agreements"), pickLang(l, "berettiget", "eligible"),
		pickLang(l, "ikke berettiget", "not eligible"), pickLang(l, "avvist", "rejected"), pickLang(l, "tilskudd", "grant"),
		pickLang(l, "kommunens andel", "kommune's share"), pickLang(l, "budsjett", "budget"), pickLang(l, "brukt", "used"),
		pickLang(l, "gjenstår", "remaining")}}
	line := func(id string, t totals, budget calc.Money, hasBudget bool) {
		used, rest := "", ""
		if hasBudget {
			used, _ = percentText(t.grant, budget, l)
			rest = money(budget-t.grant, l)
		}
		table = append(table, []string{id, strconv.Itoa(t.agreements), strconv.Itoa(t.eligible), strconv.Itoa(t.notEligible),
			strconv.Itoa(t.rejected), money(t.grant, l), money(t.kommune, l), orDash(hasBudget, money(budget, l)), used, rest})
	}
	withRecord := len(s.recorded) > 0
	if withRecord {
		table[0] = append(table[0], pickLang(l, "utbetalt", "paid out"), pickLang(l, "tilsagn", "granted"))
	}
	record := func(id string) {
		if !withRecord {
			return
		}
		rec, ok := s.recorded[id]
		paid, granted := "", ""
		if ok && rec.payoutMill >= 0 {
			paid = fmt.Sprintf(pickLang(l, "%d mill. kr", "NOK %d million"), rec.payoutMill)
		}
		if ok && rec.hasGranted {
			granted = money(rec.granted, l)
		}
		table[len(table)-1] = append(table[len(table)-1], paid, granted)
	}
	var budget calc.Money
	all := true
	var notes []string
	for _, r := range s.rows(l) {
		line(r.id, r.t, r.budget, r.hasBudget)
		record(r.id)
		budget += r.budget
		if r.id == "-" || r.id == "?" {
			notes = append(notes, r.id+": "+r.name)
		} else if !r.hasBudget {
			all = false
		}
	}
	line(pickLang(l, "totalt", "total"), s.total, budget, all && budget > 0)
	if withRecord {
		var paid int64
		var granted calc.Money
		anyGranted := false
		for _, rec := range s.recorded {
			paid += max(rec.payoutMill, 0)
			granted += rec.granted
			anyGranted = anyGranted || rec.hasGranted
		}
		grantedText := ""
		if anyGranted {
			grantedText = money(granted, l)
		}
		table[len(table)-1] = append(table[len(table)-1], fmt.Sprintf(pickLang(l, "%d mill. kr", "NOK %d million"), paid), grantedText)
		notes = append(notes, pickLang(l,
			"Utbetalt: Helsedirektoratet, årsrapport 2023, tabell 5.8 (hele millioner; kolonneplasseringen er rekonstruert). Tilsagn: årsrapport 2021, tabell 6.1.",
			"Paid out: Helsedirektoratet, annual report 2023, table 5.8 (whole millions; the column placement is reconstructed). Granted: annual report 2021, table 6.1."))
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%s %d (%s)\n", pickLang(l, "Sammendrag for tilskuddsåret", "Summary for the grant year"), s.rules.Year, s.rules.Source)
	b.WriteString(rulesChanges(s.rules, l))
	writeAligned(&b, table)
	for _, n := range notes {
		b.WriteString(n + "\n")
	}
	if s.alloc != nil {
		for gi, sc := range s.rules.Schemes {
			g := s.alloc.groups[gi]
			switch {
			case !g.hasBudget:
				fmt.Fprintf(&b, pickLang(l, "Fordeling %s: ingen kjent budsjett; tilskuddene er uendret.\n", "Allocation %s: no known budget; the grants are unchanged.\n"), sc.ID)
			case g.reduced:
				fmt.Fprintf(&b, pickLang(l, "Fordeling %s: tilskuddene overstiger budsjettet og er satt ned med faktor %s, til %s i alt.\n",
					"Allocation %s: the grants exceed the budget and are reduced by the factor %s, to %s in all.\n"), sc.ID, number(g.factor, l), money(g.total, l))
			default:
				fmt.Fprintf(&b, pickLang(l, "Fordeling %s: innenfor budsjettet; tilskuddene er uendret (%s).\n", "Allocation %s: within the budget; the grants are unchanged (%s).\n"), sc.ID, money(g.total, l))
			}
		}
	}
	if n := s.total.withoutCost; n > 0 {
		what := pickLang(l, plural(n, "berettiget avtale", "berettigede avtaler"), plural(n, "eligible agreement", "eligible agreements"))
		fmt.Fprintf(&b, pickLang(l, "%d %s uten kostnad er regnet med sitt største mulige tilskudd.\n",
			"%d %s without a cost counted at the largest possible grant.\n"), n, what)
	}
	_, _ = io.WriteString(w, b.String())
}

func orDash(ok bool, s string) string {
	if ok {
		return s
	}
	return "–"
}

// summaryJSON is the summary in JSON.
type summaryJSON struct {
	Rows     int         `json:"rows"`
	Rejected int         `json:"rejected"`
	Schemes  []groupJSON `json:"schemes"`
	Total    groupJSON   `json:"total"`
}

type groupJSON struct {
	Scheme            string  `json:"scheme"`
	Name              string  `json:"name,omitempty"`
	Agreements        int     `json:"agreements"`
	Eligible          int     `json:"eligible"`
	NotEligible       int     `json:"not_eligible"`
	Rejected          int     `json:"rejected"`
	WithoutCost       int     `json:"eligible_without_cost"`
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

func newGroupJSON(id, name string, t totals, budget calc.Money, hasBudget bool) groupJSON {
	g := groupJSON{Scheme: id, Name: name, Agreements: t.agreements, Eligible: t.eligible, NotEligible: t.notEligible,
		Rejected: t.rejected, WithoutCost: t.withoutCost, Grant: t.grant.String(), KommuneShare: t.kommune.String()}
	if hasBudget {
		g.Budget = ptr(budget.String())
		g.BudgetRemaining = ptr((budget - t.grant).String())
		if p, ok := percent(t.grant, budget, '.'); ok {
			g.BudgetUsedPercent = ptr(p)
		}
	}
	return g
}

func (s *summary) json(l calc.Lang) summaryJSON {
	out := summaryJSON{Rows: s.total.agreements, Rejected: s.total.rejected, Schemes: []groupJSON{}}
	var budget calc.Money
	all := true
	for _, r := range s.rows(l) {
		g := newGroupJSON(r.id, r.name, r.t, r.budget, r.hasBudget)
		if s.alloc != nil {
			if a, ok := s.alloc.groups[s.index(r.id)]; ok && a.hasBudget && s.index(r.id) < len(s.rules.Schemes) {
				g.AllocatedTotal, g.AllocationFactor = ptr(a.total.String()), ptr(a.factor.StringFixed(6))
			}
		}
		if rec, ok := s.recorded[r.id]; ok {
			if rec.payoutMill >= 0 {
				g.RecordedPayout = ptr(rec.payoutMill)
			}
			if rec.hasGranted {
				g.RecordedGranted = ptr(rec.granted.String())
			}
		}
		out.Schemes = append(out.Schemes, g)
		budget += r.budget
		if !r.hasBudget && r.id != "-" && r.id != "?" {
			all = false
		}
	}
	out.Total = newGroupJSON("total", "", s.total, budget, all && budget > 0)
	return out
}
