package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

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
	if !l.Norwegian() {
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
