package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
)

// words are the fixed phrases of the text output in one language.
type words struct {
	title, scheme, noScheme, period, months, days, eligible, yes, no, grant, upTo,
	kommune, ofCosts, costFull, atLeast, notReachable, limCap, limCof, limCost, open,
	steps, rules string
}

var nbWords = words{
	title: "Tilskudd %d for ALIS-avtale (%s, %s)", scheme: "Ordning", noScheme: "ingen",
	period: "Periode i %d", months: "%d hele måneder", days: "%d dager", eligible: "Berettiget", yes: "ja", no: "nei",
	grant: "Tilskudd", upTo: "inntil %s", kommune: "Kommunens andel", ofCosts: "%s av kostnadene på %s",
	costFull: "Kostnader for fullt tilskudd", atLeast: "minst %s", notReachable: "kan ikke nås (egenfinansieringen er 100 %)",
	limCap: "begrenset av taket", limCof: "begrenset av egenfinansieringen", limCost: "begrenset av kostnadene",
	open: "(åpen)", steps: "Utregning", rules: "Regler",
}

var enWords = words{
	title: "Grant %d for an ALIS-avtale (%s, %s)", scheme: "Scheme", noScheme: "none",
	period: "Period in %d", months: "%d whole months", days: "%d days", eligible: "Eligible", yes: "yes", no: "no",
	grant: "Grant", upTo: "up to %s", kommune: "Kommune's share", ofCosts: "%s of the costs of %s",
	costFull: "Costs for the full grant", atLeast: "at least %s", notReachable: "cannot be reached (co-financing is 100 %)",
	limCap: "limited by the cap", limCof: "limited by co-financing", limCost: "limited by the costs",
	open: "(open)", steps: "How it is computed", rules: "Rules",
}

func wordsFor(l calc.Lang) *words {
	if l == calc.EN {
		return &enWords
	}
	return &nbWords
}

// writeText writes the result as a short answer, and with explain every
// step with the rule and its source.
func writeText(w io.Writer, r *rules.Rules, a *calc.Agreement, res *calc.Result, l calc.Lang, explain bool) error {
	t := wordsFor(l)
	var b strings.Builder
	line := func(label, value string) { fmt.Fprintf(&b, "%-30s %s\n", label+":", value) }

	fmt.Fprintf(&b, t.title+"\n", res.Year, shortDriftsform(res.Driftsform), calc.RoleName(res.Role, calc.NB, false))
	if res.ID != "" {
		line("ID", res.ID)
	}
	if res.HasScheme {
		line(t.scheme, res.SchemeName+" ("+res.Scheme+")")
	} else {
		line(t.scheme, t.noScheme)
	}
	if !res.PeriodStart.IsZero() {
		unit := fmt.Sprintf(t.months, res.Months)
		if res.Proration == rules.Days {
			unit = fmt.Sprintf(t.days, res.Days)
		}
		line(fmt.Sprintf(t.period, res.Year), day(res.PeriodStart, l)+"–"+day(res.PeriodEnd, l)+", "+unit)
	}
	if res.Eligible {
		line(t.eligible, t.yes)
	} else {
		line(t.eligible, t.no)
		for _, rs := range res.Reasons {
			fmt.Fprintf(&b, "  – %s [%s]\n", rs.Message(l), rs.Param)
		}
	}
	grant := money(res.Grant, l)
	if !res.HasCost && res.Eligible {
		grant = fmt.Sprintf(t.upTo, grant)
	}
	switch res.LimitedBy {
	case calc.LimitCap:
		grant += " (" + t.limCap + ")"
	case calc.LimitCofinancing:
		grant += " (" + t.limCof + ")"
	case calc.LimitCost:
		grant += " (" + t.limCost + ")"
	}
	line(t.grant, grant)
	if res.HasCost {
		k := money(res.KommuneShare, l)
		if pct, ok := percentText(res.KommuneShare, res.Cost, l); ok {
			k += " (" + fmt.Sprintf(t.ofCosts, pct, money(res.Cost, l)) + ")"
		}
		line(t.kommune, k)
	}
	if !res.HasCost && res.HasScheme && res.Eligible {
		if res.HasCostForFullGrant {
			line(t.costFull, fmt.Sprintf(t.atLeast, money(res.CostForFullGrant, l)))
		} else {
			line(t.costFull, t.notReachable)
		}
	}
	if explain {
		b.WriteString("\n" + t.steps + ":\n")
		for i, s := range steps(r, a, res, l) {
			fmt.Fprintf(&b, "%2d. %s\n", i+1, s.text)
			for _, c := range cites(s.cites, l) {
				fmt.Fprintf(&b, "    %s\n", c)
			}
		}
	}
	fmt.Fprintf(&b, "\n%s: %s (%s, sha256 %s)\n", t.rules, r.Title, r.Source, r.SHA256[:12])
	b.WriteString(rulesChanges(r, l))
	_, err := io.WriteString(w, b.String())
	return err
}

type step struct {
	text  string
	cites []rules.Meta
}

// steps explains the computation one rule at a time.
func steps(r *rules.Rules, a *calc.Agreement, res *calc.Result, l calc.Lang) []step {
	nb := l == calc.NB
	pick := func(no, en string) string {
		if nb {
			return no
		}
		return en
	}
	var out []step
	add := func(text string, cites ...rules.Meta) { out = append(out, step{text, cites}) }

	// The scheme.
	s, _ := r.Scheme(res.Driftsform, res.Role)
	switch {
	case s == nil:
		var cites []rules.Meta
		for _, sc := range r.Schemes {
			cites = append(cites, sc.Driftsformer.Meta)
		}
		add(pick(
			fmt.Sprintf("Ordning: ingen ordning i %d dekker %s.", r.Year, calc.DriftsformName(res.Driftsform, l)),
			fmt.Sprintf("Scheme: no scheme in %d covers ALIS %s.", r.Year, calc.DriftsformName(res.Driftsform, l))), cites...)
	case !s.Covers(res.Driftsform, res.Role):
		add(pick(
			fmt.Sprintf("Ordning: %s hører til «%s», som ikke dekker %s.", calc.DriftsformName(res.Driftsform, l), s.Name.Value, calc.RoleName(res.Role, l, true)),
			fmt.Sprintf("Scheme: %s belongs to «%s», which does not cover %s.", calc.DriftsformName(res.Driftsform, l), s.Name.Value, calc.RoleName(res.Role, l, true))), s.Driftsformer.Meta, s.Roles.Meta)
	default:
		add(pick(
			fmt.Sprintf("Ordning: %s, %s dekkes av «%s» (%s).", calc.DriftsformName(res.Driftsform, l), calc.RoleName(res.Role, l, false), s.Name.Value, s.BudgetPost.Value),
			fmt.Sprintf("Scheme: a %s %s is covered by «%s» (%s).", calc.RoleName(res.Role, l, false), calc.DriftsformName(res.Driftsform, l), s.Name.Value, s.BudgetPost.Value)), s.Driftsformer.Meta, s.Roles.Meta)
	}

	// The part of the year.
	end := pick("åpen", "open")
	if !a.End.IsZero() {
		end = day(a.End, l)
	}
	if res.PeriodStart.IsZero() {
		add(pick(
			fmt.Sprintf("Periode: avtalen %s–%s har ingen dag i %d (%s–%s).", day(a.Start, l), end, r.Year, day(r.ValidFrom, l), day(r.ValidTo, l)),
			fmt.Sprintf("Period: the agreement %s to %s has no day in %d (%s to %s).", day(a.Start, l), end, r.Year, day(r.ValidFrom, l), day(r.ValidTo, l))), r.Proration.Method.Meta)
	} else {
		var txt string
		switch res.Proration {
		case rules.WholeMonths:
			partial := pick("en påbegynt måned teller ikke", "a started month does not count")
			if r.Proration.PartialMonthCounts.Value {
				partial = pick("en påbegynt måned teller som hel", "a started month counts as whole")
			}
			txt = pick(
				fmt.Sprintf("Måneder: avtalen %s–%s dekker %s–%s av %d, %d hele måneder regnet fra første dag (%d dager); %s.", day(a.Start, l), end, day(res.PeriodStart, l), day(res.PeriodEnd, l), r.Year, res.Months, res.Days, partial),
				fmt.Sprintf("Months: the agreement %s to %s covers %s to %s of %d, %d whole months counted from its first day (%d days); %s.", day(a.Start, l), end, day(res.PeriodStart, l), day(res.PeriodEnd, l), r.Year, res.Months, res.Days, partial))
			add(txt, r.Proration.Method.Meta, r.Proration.PartialMonthCounts.Meta)
		case rules.Days:
			add(pick(
				fmt.Sprintf("Dager: avtalen dekker %s–%s av %d, %d dager.", day(res.PeriodStart, l), day(res.PeriodEnd, l), r.Year, res.Days),
				fmt.Sprintf("Days: the agreement covers %s to %s of %d, %d days.", day(res.PeriodStart, l), day(res.PeriodEnd, l), r.Year, res.Days)), r.Proration.Method.Meta)
		default:
			add(pick(
				fmt.Sprintf("Periode: avtalen dekker %s–%s av %d; taket deles ikke for en del av året.", day(res.PeriodStart, l), day(res.PeriodEnd, l), r.Year),
				fmt.Sprintf("Period: the agreement covers %s to %s of %d; the cap is not prorated.", day(res.PeriodStart, l), day(res.PeriodEnd, l), r.Year)), r.Proration.Method.Meta)
		}
	}

	// Conditions that may exclude the agreement.
	if res.Role == rules.Vikar && r.Vikar != nil {
		vs, ve := a.Vikariat()
		n := r.Vikar.MinMonths.Value
		rule := pick(fmt.Sprintf("mer enn %d måneder", n), fmt.Sprintf("more than %d months", n))
		if r.Vikar.MinQualifies.Value {
			rule = pick(fmt.Sprintf("minst %d måneder", n), fmt.Sprintf("at least %d months", n))
		}
		verdict := pick("oppfylt", "met")
		for _, rs := range res.Reasons {
			if rs.Code == calc.VikariatTooShort || rs.Code == calc.VikariatLengthUnknown {
				verdict = rs.Message(l)
			}
		}
		vend := pick("ingen sluttdato", "no end date")
		if !ve.IsZero() {
			vend = day(ve, l)
		}
		add(pick(
			fmt.Sprintf("Vikariat: %s–%s; en vikar må ha vikariat som varer %s: %s.", day(vs, l), vend, rule, verdict),
			fmt.Sprintf("Vikariat: %s to %s; a vikar's vikariat must last %s: %s.", day(vs, l), vend, rule, verdict)), r.Vikar.MinMonths.Meta, r.Vikar.MinQualifies.Meta)
	}
	for _, rs := range res.Reasons {
		switch rs.Code {
		case calc.MaxGrantYearsReached:
			add(pick("Antall år: ", "Years: ")+rs.Message(l)+".", r.MaxGrantYears.Meta)
		case calc.AppliedAfterDeadline:
			add(pick("Søknadsfrist: ", "Deadline: ")+rs.Message(l)+".", r.Deadline.Meta)
		case calc.StaffingAgencyExcluded:
			add(pick("Vikarbyrå: ", "Staffing agency: ")+rs.Message(l)+".", r.StaffingAgencyExcluded.Meta)
		}
	}
	if s == nil || res.Detail == nil {
		return out
	}
	d := res.Detail

	// The amounts.
	capText := pick(
		fmt.Sprintf("Tak: %s per år × %d/%d = %s.", money(res.Cap, l), d.ProrationNum, d.ProrationDen, kroner(d.CapProrated, l)),
		fmt.Sprintf("Cap: %s a year × %d/%d = %s.", money(res.Cap, l), d.ProrationNum, d.ProrationDen, kroner(d.CapProrated, l)))
	add(capText, s.Cap.Meta)
	if res.HasCost {
		add(pick(
			fmt.Sprintf("Egenfinansiering: kommunen dekker minst %s; %s × (1 − %s) = %s.", share(d.Share, l), money(res.Cost, l), share(d.Share, l), kroner(d.CostLimit, l)),
			fmt.Sprintf("Co-financing: the kommune funds at least %s; %s × (1 − %s) = %s.", share(d.Share, l), money(res.Cost, l), share(d.Share, l), kroner(d.CostLimit, l))), r.CofinancingShare.Meta)
	}
	if !res.Eligible {
		add(pick("Tilskudd: avtalen er ikke berettiget, så tilskuddet er 0 kr.", "Grant: the agreement is not eligible, so the grant is NOK 0."))
	} else {
		unit := pick("hele kroner", "whole kroner")
		if !d.RoundingUnit.Equal(decimal.New(1, 0)) {
			unit = kroner(d.RoundingUnit, l)
		}
		mode := func(m rules.RoundingMode) string {
			return map[rules.RoundingMode][2]string{rules.HalfUp: {"halv opp", "half up"}, rules.Down: {"nedover", "down"}}[m][map[bool]int{true: 0, false: 1}[nb]]
		}
		text := pick("Tilskudd: ", "Grant: ")
		if res.HasCost {
			text += pick(
				fmt.Sprintf("hver grense avrundes én gang til %s: taket %s (%s) blir %s, egenfinansieringsgrensen %s (%s) blir %s; det minste er %s",
					unit, kroner(d.CapProrated, l), mode(d.RoundingMode), money(d.CapRounded, l), kroner(d.CostLimit, l), mode(r.Rounding.CofinancingMode.Value), money(d.CostLimitRounded, l), money(res.Grant, l)),
				fmt.Sprintf("each limit is rounded once to %s: the cap %s (%s) is %s, the co-financing limit %s (%s) is %s; the lesser is %s",
					unit, kroner(d.CapProrated, l), mode(d.RoundingMode), money(d.CapRounded, l), kroner(d.CostLimit, l), mode(r.Rounding.CofinancingMode.Value), money(d.CostLimitRounded, l), money(res.Grant, l)))
		} else {
			text += pick(
				fmt.Sprintf("uten kostnader er det største tilskuddet taket, avrundet én gang til %s (%s): %s", unit, mode(d.RoundingMode), money(res.Grant, l)),
				fmt.Sprintf("without costs the largest grant is the cap, rounded once to %s (%s): %s", unit, mode(d.RoundingMode), money(res.Grant, l)))
		}
		if res.LimitedBy == calc.LimitCost {
			text += pick(", holdt til kostnadene", ", held to the costs")
		}
		add(text+".", r.Rounding.Unit.Meta, r.Rounding.Mode.Meta, r.Rounding.CofinancingMode.Meta)
	}
	if res.HasCost {
		k := fmt.Sprintf("%s − %s = %s", money(res.Cost, l), money(res.Grant, l), money(res.KommuneShare, l))
		if pct, ok := percentText(res.KommuneShare, res.Cost, l); ok {
			k += " (" + pct + ")"
		}
		add(pick("Kommunens andel: ", "The kommune's share: ") + k + ".")
	} else if res.HasCostForFullGrant {
		add(pick(
			fmt.Sprintf("Kostnader for fullt tilskudd: %s ÷ (1 − %s) = %s (rundet opp til øre).", kroner(d.CapProrated, l), share(d.Share, l), money(res.CostForFullGrant, l)),
			fmt.Sprintf("Costs for the full grant: %s ÷ (1 − %s) = %s (rounded up to the øre).", kroner(d.CapProrated, l), share(d.Share, l), money(res.CostForFullGrant, l))), r.CofinancingShare.Meta)
	}
	return out
}

// shortDriftsform names a driftsform in a heading, by its Norwegian term in
// either language.
func shortDriftsform(df rules.Driftsform) string {
	if df == rules.Fastlonn {
		return "fastlønn"
	}
	return "næringsdrift"
}

// rulesChanges says how the rules were changed for this run, if they were:
// moved to another grant year, values set on the command line.
func rulesChanges(r *rules.Rules, l calc.Lang) string {
	var b strings.Builder
	if r.FromYear != 0 {
		fmt.Fprintf(&b, pickLang(l, "Reglene for %d, brukt på tilskuddsåret %d.\n", "The %d rules, applied to the grant year %d.\n"), r.FromYear, r.Year)
	}
	if len(r.Overrides) > 0 {
		fmt.Fprintf(&b, pickLang(l, "Endret for denne kjøringen: %s\n", "Changed for this run: %s\n"), strings.Join(r.Overrides, ", "))
	}
	return b.String()
}
