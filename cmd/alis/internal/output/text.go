package output

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
	steps, rules, unknown, unknownNeeds string
}

var nbWords = words{
	title: "Tilskudd %s for ALIS-avtale (%s, %s)", scheme: "Ordning", noScheme: "ingen",
	period: "Periode i %s", months: "%d hele måneder", days: "%d dager", eligible: "Berettiget", yes: "ja", no: "nei",
	grant: "Tilskudd", upTo: "inntil %s", kommune: "Kommunens andel", ofCosts: "%s av kostnadene på %s",
	costFull: "Kostnader for fullt tilskudd", atLeast: "minst %s", notReachable: "kan ikke nås (egenfinansieringen er 100 %)",
	limCap: "begrenset av taket", limCof: "begrenset av egenfinansieringen", limCost: "begrenset av kostnadene",
	open: "(åpen)", steps: "Utregning", rules: "Regler", unknown: "ukjent",
	unknownNeeds: "beløpet bygger på verdier ingen offentlig kilde oppgir: %s",
}

var enWords = words{
	title: "Grant %s for an ALIS-avtale (%s, %s)", scheme: "Scheme", noScheme: "none",
	period: "Period in %s", months: "%d whole months", days: "%d days", eligible: "Eligible", yes: "yes", no: "no",
	grant: "Grant", upTo: "up to %s", kommune: "Kommune's share", ofCosts: "%s of the costs of %s",
	costFull: "Costs for the full grant", atLeast: "at least %s", notReachable: "cannot be reached (co-financing is 100 %)",
	limCap: "limited by the cap", limCof: "limited by co-financing", limCost: "limited by the costs",
	open: "(open)", steps: "How it is computed", rules: "Rules", unknown: "unknown",
	unknownNeeds: "the amount rests on values no public source gives: %s",
}

func wordsFor(l calc.Lang) *words {
	if l == calc.EN {
		return &enWords
	}
	return &nbWords
}

// WriteText writes a result as a short answer, and with explain every step
// with the rule and its source.
func WriteText(w io.Writer, ex *calc.Explanation, l calc.Lang, explain bool) error {
	res := &ex.Result
	r := res.Rules()
	t := wordsFor(l)
	var b strings.Builder
	line := func(label, value string) { fmt.Fprintf(&b, "%-30s %s\n", label+":", value) }

	who := calc.RoleName(res.Role, calc.NB, false)
	what := ShortDriftsform(res.Driftsform)
	if res.GrantType == calc.Veiledning {
		what = Pick(l, "veiledning", "supervision")
	}
	fmt.Fprintf(&b, t.title+"\n", r.Period, what, who)
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
		if res.Proration == "days" {
			unit = fmt.Sprintf(t.days, res.Days)
		}
		line(fmt.Sprintf(t.period, r.Period), Day(res.PeriodStart, l)+"–"+Day(res.PeriodEnd, l)+", "+unit)
	}
	if res.Eligible {
		line(t.eligible, t.yes)
	} else {
		line(t.eligible, t.no)
		for _, rs := range res.Reasons {
			fmt.Fprintf(&b, "  – %s [%s]\n", rs.Message(l), rs.Param)
		}
	}
	grant := t.unknown
	if g, ok := res.Grant.Get(); ok {
		grant = Money(g, l)
		if !res.Cost.Ok() && res.Eligible && res.Formula == rules.CofinancedCap {
			grant = fmt.Sprintf(t.upTo, grant)
		}
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
	if u := res.Unknown(); len(u) > 0 && res.Eligible {
		fmt.Fprintf(&b, "  – "+t.unknownNeeds+"\n", strings.Join(u, ", "))
	}
	if k, ok := res.KommuneShare.Get(); ok {
		text := Money(k, l)
		if pct, ok := PercentText(k, res.Cost.Or(0), l); ok {
			text += " (" + fmt.Sprintf(t.ofCosts, pct, Money(res.Cost.Or(0), l)) + ")"
		}
		line(t.kommune, text)
	}
	if !res.Cost.Ok() && res.HasScheme && res.Eligible && res.Formula == rules.CofinancedCap {
		if c, ok := res.CostForFullGrant.Get(); ok {
			line(t.costFull, fmt.Sprintf(t.atLeast, Money(c, l)))
		} else {
			line(t.costFull, t.notReachable)
		}
	}
	if explain {
		b.WriteString("\n" + t.steps + ":\n")
		n := 0
		for _, s := range ex.Steps {
			text := stepText(&s, ex, l)
			if text == "" {
				continue
			}
			n++
			fmt.Fprintf(&b, "%2d. %s\n", n, text)
			for _, c := range Cites(s.Params, l) {
				fmt.Fprintf(&b, "    %s\n", c)
			}
		}
	}
	fmt.Fprintf(&b, "\n%s: %s (%s, sha256 %s)\n", t.rules, r.Title, r.Source, r.SHA256[:12])
	b.WriteString(RulesChanges(r, l))
	_, err := io.WriteString(w, b.String())
	return err
}

// stepText says one step of an explanation in words.
func stepText(s *calc.Step, ex *calc.Explanation, l calc.Lang) string {
	res := &ex.Result
	r := res.Rules()
	pick := func(nb, en string) string { return Pick(l, nb, en) }
	end := func(d calc.Step) string {
		if d.To.IsZero() {
			return pick("åpen", "open")
		}
		return Day(d.To, l)
	}
	switch s.Kind {
	case calc.StepScheme:
		switch {
		case s.Scheme == nil && res.GrantType == calc.Veiledning:
			return pick(fmt.Sprintf("Ordning: ingen ordning i %s gir tilskudd til veiledning alene.", r.Period),
				fmt.Sprintf("Scheme: no scheme in %s gives grants for supervision only.", r.Period))
		case s.Scheme == nil:
			return pick(fmt.Sprintf("Ordning: ingen ordning i %s dekker %s.", r.Period, calc.DriftsformName(res.Driftsform, l)),
				fmt.Sprintf("Scheme: no scheme in %s covers ALIS %s.", r.Period, calc.DriftsformName(res.Driftsform, l)))
		case s.Reason != nil:
			return pick(fmt.Sprintf("Ordning: %s hører til «%s», som ikke dekker %s.", calc.DriftsformName(res.Driftsform, l), s.Scheme.Name(), calc.RoleName(res.Role, l, true)),
				fmt.Sprintf("Scheme: %s belongs to «%s», which does not cover %s.", calc.DriftsformName(res.Driftsform, l), s.Scheme.Name(), calc.RoleName(res.Role, l, true)))
		case res.Driftsform != "":
			return pick(fmt.Sprintf("Ordning: %s, %s dekkes av «%s» (%s).", calc.DriftsformName(res.Driftsform, l), calc.RoleName(res.Role, l, false), s.Scheme.Name(), s.Scheme.Value("budget_post").Text()),
				fmt.Sprintf("Scheme: a %s %s is covered by «%s» (%s).", calc.RoleName(res.Role, l, false), calc.DriftsformName(res.Driftsform, l), s.Scheme.Name(), s.Scheme.Value("budget_post").Text()))
		}
		return pick(fmt.Sprintf("Ordning: %s dekkes av «%s» (%s).", calc.RoleName(res.Role, l, false), s.Scheme.Name(), s.Scheme.Value("budget_post").Text()),
			fmt.Sprintf("Scheme: a %s is covered by «%s» (%s).", calc.RoleName(res.Role, l, false), s.Scheme.Name(), s.Scheme.Value("budget_post").Text()))
	case calc.StepPeriod:
		if s.PeriodStart.IsZero() {
			return pick(fmt.Sprintf("Periode: avtalen %s–%s har ingen dag i %s (%s–%s).", Day(s.From, l), end(*s), r.Period, Day(r.ValidFrom, l), Day(r.ValidTo, l)),
				fmt.Sprintf("Period: the agreement %s to %s has no day in %s (%s to %s).", Day(s.From, l), end(*s), r.Period, Day(r.ValidFrom, l), Day(r.ValidTo, l)))
		}
		signed := ""
		if !s.Need.IsZero() {
			signed = pick(fmt.Sprintf(" (avtalen ble signert %s; det gis ikke tilskudd for tiden før)", Day(s.Need, l)),
				fmt.Sprintf(" (the agreement was signed %s; there is no grant for the time before)", Day(s.Need, l)))
		}
		switch s.Mode {
		case "whole_months":
			partial := pick("en påbegynt måned teller ikke", "a started month does not count")
			if s.Flag {
				partial = pick("en påbegynt måned teller som hel", "a started month counts as whole")
			}
			return pick(fmt.Sprintf("Måneder: avtalen %s–%s dekker %s–%s av %s%s, %d hele måneder regnet fra første dag (%d dager); %s.", Day(s.From, l), end(*s), Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed, s.Months, s.Days, partial),
				fmt.Sprintf("Months: the agreement %s to %s covers %s to %s of %s%s, %d whole months counted from its first day (%d days); %s.", Day(s.From, l), end(*s), Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed, s.Months, s.Days, partial))
		case "days":
			return pick(fmt.Sprintf("Dager: avtalen dekker %s–%s av %s%s, %d dager.", Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed, s.Days),
				fmt.Sprintf("Days: the agreement covers %s to %s of %s%s, %d days.", Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed, s.Days))
		}
		return pick(fmt.Sprintf("Periode: avtalen dekker %s–%s av %s%s; beløpet deles ikke for en del av perioden.", Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed),
			fmt.Sprintf("Period: the agreement covers %s to %s of %s%s; the amount is not prorated.", Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed))
	case calc.StepCondition:
		if s.Reason == nil || s.Reason.Code == calc.VikariatTooShort || s.Reason.Code == calc.VikariatLengthUnknown {
			rule := pick(fmt.Sprintf("mer enn %d måneder", s.N), fmt.Sprintf("more than %d months", s.N))
			if s.Flag {
				rule = pick(fmt.Sprintf("minst %d måneder", s.N), fmt.Sprintf("at least %d months", s.N))
			}
			verdict := pick("oppfylt", "met")
			if s.Reason != nil {
				verdict = s.Reason.Message(l)
			}
			vend := pick("ingen sluttdato", "no end date")
			if !s.To.IsZero() {
				vend = Day(s.To, l)
			}
			return pick(fmt.Sprintf("Vikariat: %s–%s; en vikar må ha vikariat som varer %s: %s.", Day(s.From, l), vend, rule, verdict),
				fmt.Sprintf("Vikariat: %s to %s; a vikar's vikariat must last %s: %s.", Day(s.From, l), vend, rule, verdict))
		}
		label := map[calc.Code][2]string{calc.MaxGrantYearsReached: {"Antall år: ", "Years: "}, calc.AppliedAfterDeadline: {"Søknadsfrist: ", "Deadline: "},
			calc.StaffingAgencyExcluded: {"Vikarbyrå: ", "Staffing agency: "}, calc.NotInTraining: {"Spesialistutdanning: ", "Specialist training: "}}[s.Reason.Code]
		return pick(label[0], label[1]) + s.Reason.Message(l) + "."
	case calc.StepCap:
		return pick(fmt.Sprintf("Tak: %s per år × %d/%d = %s.", Money(s.Amount, l), s.Num, s.Den, Kroner(s.Exact, l)),
			fmt.Sprintf("Cap: %s a year × %d/%d = %s.", Money(s.Amount, l), s.Num, s.Den, Kroner(s.Exact, l)))
	case calc.StepCofinancing:
		return pick(fmt.Sprintf("Egenfinansiering: kommunen dekker minst %s; %s × (1 − %s) = %s.", Share(s.Share, l), Money(s.Amount, l), Share(s.Share, l), Kroner(s.Exact, l)),
			fmt.Sprintf("Co-financing: the kommune funds at least %s; %s × (1 − %s) = %s.", Share(s.Share, l), Money(s.Amount, l), Share(s.Share, l), Kroner(s.Exact, l)))
	case calc.StepNotEligible:
		return pick("Tilskudd: avtalen er ikke berettiget, så tilskuddet er 0 kr.", "Grant: the agreement is not eligible, so the grant is NOK 0.")
	case calc.StepRounding:
		unit := pick("hele kroner", "whole kroner")
		if !s.Unit.Equal(decimal.New(1, 0)) {
			unit = Kroner(s.Unit, l)
		}
		mode := func(m string) string {
			return map[string][2]string{"half_up": {"halv opp", "half up"}, "down": {"nedover", "down"}}[m][map[bool]int{true: 0, false: 1}[l == calc.NB]]
		}
		var text string
		if s.Mode2 != "" {
			text = pick(fmt.Sprintf("Tilskudd: hver grense avrundes én gang til %s: taket %s (%s) blir %s, egenfinansieringsgrensen %s (%s) blir %s; det minste er %s",
				unit, Kroner(s.Exact, l), mode(s.Mode), Money(s.Money, l), Kroner(s.Exact2, l), mode(s.Mode2), Money(s.Money2, l), Money(res.Grant.Or(0), l)),
				fmt.Sprintf("Grant: each limit is rounded once to %s: the cap %s (%s) is %s, the co-financing limit %s (%s) is %s; the lesser is %s",
					unit, Kroner(s.Exact, l), mode(s.Mode), Money(s.Money, l), Kroner(s.Exact2, l), mode(s.Mode2), Money(s.Money2, l), Money(res.Grant.Or(0), l)))
		} else {
			text = pick(fmt.Sprintf("Tilskudd: uten kostnader er det største tilskuddet taket, avrundet én gang til %s (%s): %s", unit, mode(s.Mode), Money(res.Grant.Or(0), l)),
				fmt.Sprintf("Grant: without costs the largest grant is the cap, rounded once to %s (%s): %s", unit, mode(s.Mode), Money(res.Grant.Or(0), l)))
		}
		if s.LimitedBy == calc.LimitCost {
			text += pick(", holdt til kostnadene", ", held to the costs")
		}
		return text + "."
	case calc.StepKommuneShare:
		k := fmt.Sprintf("%s − %s = %s", Money(s.Amount, l), Money(res.Grant.Or(0), l), Money(s.Money, l))
		if pct, ok := PercentText(s.Money, s.Amount, l); ok {
			k += " (" + pct + ")"
		}
		return pick("Kommunens andel: ", "The kommune's share: ") + k + "."
	case calc.StepCostForFullGrant:
		return pick(fmt.Sprintf("Kostnader for fullt tilskudd: %s ÷ (1 − %s) = %s (rundet opp til øre).", Money(s.Money, l), Share(s.Share, l), Money(s.Money2, l)),
			fmt.Sprintf("Costs for the full grant: %s ÷ (1 − %s) = %s (rounded up to the øre).", Money(s.Money, l), Share(s.Share, l), Money(s.Money2, l)))
	}
	return ""
}

// ShortDriftsform names a driftsform in a heading, by its Norwegian term in
// either language.
func ShortDriftsform(df calc.Driftsform) string {
	switch df {
	case calc.Fastlonn:
		return "fastlønn"
	case calc.Naering:
		return "næringsdrift"
	}
	return "ALIS"
}

// RulesChanges says how the rules were changed for this run, if they were:
// moved to another grant period, values set on the command line.
func RulesChanges(r *rules.Rules, l calc.Lang) string {
	var b strings.Builder
	if r.ShiftedFrom != "" {
		fmt.Fprintf(&b, Pick(l, "Reglene for %s, brukt på tilskuddsperioden %s.\n", "The %s rules, applied to the grant period %s.\n"), r.ShiftedFrom, r.Period)
	}
	if len(r.Overrides) > 0 {
		fmt.Fprintf(&b, Pick(l, "Endret for denne kjøringen: %s\n", "Changed for this run: %s\n"), strings.Join(r.Overrides, ", "))
	}
	return b.String()
}
