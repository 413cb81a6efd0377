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
// with the rule and its source. also names the other grant periods the
// agreement has days in.
func WriteText(w io.Writer, ex *calc.Explanation, l calc.Lang, explain bool, also []string) error {
	res := &ex.Result
	r := res.Rules()
	t := wordsFor(l)
	var b strings.Builder
	line := func(label, value string) { fmt.Fprintf(&b, "%-30s %s\n", label+":", value) }

	who := calc.RoleName(res.Role, calc.NB, false)
	if res.GrantType == calc.Veiledning {
		fmt.Fprintf(&b, Pick(l, "Tilskudd %s for veiledning (%s)", "Grant %s for supervision (%s)")+"\n", r.Period, who)
	} else if res.Driftsform == "" {
		fmt.Fprintf(&b, Pick(l, "Tilskudd %s for ALIS-avtale (%s)", "Grant %s for an ALIS-avtale (%s)")+"\n", r.Period, who)
	} else {
		fmt.Fprintf(&b, t.title+"\n", r.Period, ShortDriftsform(res.Driftsform), who)
	}
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
	if len(also) > 0 {
		periods := strings.Join(also, ", ")
		if openEnded(ex) && len(also) > 1 {
			periods = also[0] + Pick(l, " og senere (avtalen har ingen sluttdato)", " and later (the agreement has no end date)")
		}
		line(Pick(l, "Også i perioden", "Also in the period"), periods+Pick(l, " (regnes for seg, med de reglene)", " (computed on its own, under those rules)"))
	}
	if len(res.Lines) > 0 {
		b.WriteString(Pick(l, "Arbeidsforhold:", "Employment:") + "\n")
		for _, ln := range res.Lines {
			fmt.Fprintf(&b, "  – %s\n", lineText(&ln, res, l))
		}
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
	if len(res.Components) > 0 && !(len(res.Components) == 1 && res.Formula == rules.SupervisionRate) {
		for _, c := range res.Components {
			line("  "+ComponentName(c.Name, l), componentText(&c, l))
		}
	}
	if res.Formula == rules.Components && res.Eligible && upTo(res) {
		grant = fmt.Sprintf(t.upTo, grant)
	}
	line(t.grant, grant)
	if u := res.Unknown(); len(u) > 0 && res.Eligible {
		fmt.Fprintf(&b, "  – "+t.unknownNeeds+"\n", strings.Join(u, ", "))
		sets := make([]string, len(u))
		for i, n := range u {
			sets[i] = "--set " + n + "=" + Pick(l, "BELØP", "AMOUNT")
		}
		fmt.Fprintf(&b, "  – %s %s\n", Pick(l, "gi dem for en kjøring med", "give them for a run with"), strings.Join(sets, " "))
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
			return pick(fmt.Sprintf("Ordning: %s, %s dekkes av %s.", calc.DriftsformName(res.Driftsform, l), calc.RoleName(res.Role, l, false), schemeLabel(s.Scheme)),
				fmt.Sprintf("Scheme: a %s %s is covered by %s.", calc.RoleName(res.Role, l, false), calc.DriftsformName(res.Driftsform, l), schemeLabel(s.Scheme)))
		case res.GrantType == calc.Veiledning:
			return pick(fmt.Sprintf("Ordning: veiledning av en %s dekkes av %s.", calc.RoleName(res.Role, l, false), schemeLabel(s.Scheme)),
				fmt.Sprintf("Scheme: supervision of a %s is covered by %s.", calc.RoleName(res.Role, l, false), schemeLabel(s.Scheme)))
		}
		return pick(fmt.Sprintf("Ordning: %s dekkes av %s.", calc.RoleName(res.Role, l, false), schemeLabel(s.Scheme)),
			fmt.Sprintf("Scheme: a %s is covered by %s.", calc.RoleName(res.Role, l, false), schemeLabel(s.Scheme)))
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
	case calc.StepLine:
		ln := calc.Line{Position: s.Position, Percent: s.Percent.String(), From: s.From, To: s.To, Months: s.Months, Covered: s.Covered}
		text := Pick(l, "Arbeidsforhold: ", "Employment: ") + fmt.Sprintf("%s %s %%, ", PositionName(s.Position, l), Number(s.Percent, l))
		if s.From.IsZero() {
			text += Pick(l, "ingen dag i perioden", "no day in the period")
		} else {
			text += Day(s.From, l) + "–" + Day(s.To, l) + ", " + fmt.Sprintf(Pick(l, "%d hele måneder", "%d whole months"), s.Months)
		}
		switch {
		case !ln.Covered:
			return text + Pick(l, "; stillingen dekkes ikke av ordningen, så den gir ikke tilskudd.", "; the scheme does not cover the position, so it gives no grant.")
		case res.Formula == rules.CategoryAmount:
			cat := CategoryName(s.Category, l)
			if s.Flag {
				cat += Pick(l, ", sentralitetsklassen med høyere beløp", ", the sentralitetsklasse with a higher amount")
			}
			a, ok := s.Annual.Get()
			if !ok {
				if s.Months == 0 {
					return text + "."
				}
				return text + fmt.Sprintf(Pick(l, "; beløpet per år for %s er ukjent.", "; the annual amount for %s is unknown."), cat)
			}
			return text + fmt.Sprintf(Pick(l, "; %s: %s per år × %s %% × %d/12 = %s.", "; %s: %s a year × %s %% × %d/12 = %s."), cat, Money(a, l), Number(s.Percent, l), s.Months, Kroner(s.Exact, l))
		}
		return text + fmt.Sprintf(Pick(l, ": %s %% × %d/12 = %s av et år.", ": %s %% × %d/12 = %s of a year."), Number(s.Percent, l), s.Months, Number(s.Percent.Mul(decimal.New(int64(s.Months), 0)).DivRound(decimal.New(1200, 0), 6), l))
	case calc.StepComponent:
		name := ComponentName(s.Component, l)
		switch s.Note {
		case calc.NoteNotPaid:
			return name + Pick(l, ": gis ikke for veiledning alene.", ": not paid for supervision only.")
		case calc.NoteNoPosition:
			return name + Pick(l, ": ingen av stillingene gir den, så 0 kr.", ": none of the positions is paid it, so NOK 0.")
		case calc.NoteOutsideWindow:
			return name + Pick(l, ": ingen arbeidsforhold faller innenfor månedene etter legens første dag som fastlege eller vikar, så 0 kr.",
				": no employment period falls within the months after the doctor's first day as fastlege or vikar, so NOK 0.")
		case calc.NoteNotCentral:
			return name + Pick(l, ": bare kommuner i sentralitetsklassen reglene nevner får tillegget, så 0 kr.", ": only kommuner of the sentralitetsklasse the rules name get it, so NOK 0.")
		}
		if s.Component == calc.Facilitation {
			return name + fmt.Sprintf(Pick(l, ": andelen av de fire elementene over, etter takene: %s.", ": the share of the four elements above, after their caps: %s."), Kroner(s.Exact2, l))
		}
		a, ok := s.Annual.Get()
		if !ok {
			return name + Pick(l, ": ukjent, fordi satsen er ukjent.", ": unknown, as the rate is unknown.")
		}
		text := name + fmt.Sprintf(Pick(l, ": høyst %s per år ved 100 %% × %s år = %s", ": at most %s a year at 100 %% × %s of a year = %s"), Money(a, l), Number(s.Share, l), Kroner(s.Exact, l))
		if c, ok := s.Claimed.Get(); ok {
			what := Pick(l, "oppgitt", "given")
			if s.Component == calc.Supervision && !s.Hours.IsZero() {
				what = fmt.Sprintf(Pick(l, "%s timer × %s", "%s hours × %s"), Number(s.Hours, l), Kroner(s.Rate, l))
			}
			return text + fmt.Sprintf(Pick(l, "; %s %s; det minste er %s.", "; %s %s; the lesser is %s."), what, Money(c, l), Kroner(s.Exact2, l))
		}
		return text + Pick(l, "; intet beløp er oppgitt, så det regnes med taket.", "; no amount is given, so the cap counts.")
	case calc.StepSupervision:
		months := fmt.Sprintf(Pick(l, "%d hele måneder av avtalen", "%d whole months of the agreement"), s.Months)
		if s.Flag {
			months = fmt.Sprintf(Pick(l, "%d måneder med gjennomført veiledning", "%d months of completed supervision"), s.Months)
		}
		capped := ""
		if s.Capped {
			capped = Pick(l, " (taket for året)", " (the most in a year)")
		}
		if !s.Known {
			return fmt.Sprintf(Pick(l, "Veiledning: %s gir %s timer%s; timesatsen er ukjent.", "Supervision: %s give %s hours%s; the hourly rate is unknown."), months, Number(s.Hours, l), capped)
		}
		return fmt.Sprintf(Pick(l, "Veiledning: %s gir %s timer%s × %s = %s.", "Supervision: %s give %s hours%s × %s = %s."), months, Number(s.Hours, l), capped, Kroner(s.Rate, l), Kroner(s.Exact, l))
	case calc.StepTotal:
		unit := Pick(l, "hele kroner", "whole kroner")
		if !s.Unit.Equal(decimal.New(1, 0)) {
			unit = Kroner(s.Unit, l)
		}
		mode := map[string][2]string{"half_up": {"halv opp", "half up"}, "down": {"nedover", "down"}}[s.Mode]
		return fmt.Sprintf(Pick(l, "Tilskudd: %s avrundes én gang til %s (%s): %s.", "Grant: %s is rounded once to %s (%s): %s."), Kroner(s.Exact, l), unit, Pick(l, mode[0], mode[1]), Money(s.Money, l))
	case calc.StepUnknown:
		return fmt.Sprintf(Pick(l, "Tilskudd: ukjent, fordi det bygger på verdier ingen offentlig kilde oppgir: %s.", "Grant: unknown, as it rests on values no public source gives: %s."), strings.Join(res.Unknown(), ", "))
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

// lineText says one employment period of a result.
func lineText(ln *calc.Line, res *calc.Result, l calc.Lang) string {
	pct := Number(decimalOf(ln.Percent), l) + " %"
	days := Pick(l, "ingen dag i perioden", "no day in the period")
	if !ln.From.IsZero() {
		days = Day(ln.From, l) + "–" + Day(ln.To, l) + ", " + fmt.Sprintf(Pick(l, "%d hele måneder", "%d whole months"), ln.Months)
	}
	text := fmt.Sprintf("%s %s, %s", PositionName(ln.Position, l), pct, days)
	switch {
	case !ln.Covered:
		text += Pick(l, " (stillingen dekkes ikke av ordningen)", " (the scheme does not cover the position)")
	case res.Formula == rules.CategoryAmount:
		if a, ok := ln.Amount.Get(); ok && ln.Annual.Ok() {
			text += fmt.Sprintf(": %s × %s × %d/12 = %s", Money(ln.Annual.Or(0), l), pct, ln.Months, Money(a, l))
		} else if !ln.Annual.Ok() && ln.Months > 0 {
			text += fmt.Sprintf(Pick(l, ": beløpet for %s er ukjent", ": the amount for %s is unknown"), CategoryName(ln.Category, l))
		}
	}
	return text
}

// componentText says one element's amount, and why when it is not simply
// the lesser of its cap and what was claimed.
func componentText(c *calc.Component, l calc.Lang) string {
	a, ok := c.Amount.Get()
	if !ok {
		return Pick(l, "ukjent", "unknown")
	}
	text := Money(a, l)
	switch c.Note {
	case calc.NoteUpTo:
		text = fmt.Sprintf(Pick(l, "inntil %s (intet beløp oppgitt)", "up to %s (no amount given)"), text)
	case calc.NoteNotPaid:
		text += Pick(l, " (gis ikke for veiledning alene)", " (not paid for supervision only)")
	case calc.NoteNoPosition:
		text += Pick(l, " (ingen stilling den gis for)", " (no position it is paid for)")
	case calc.NoteOutsideWindow:
		text += Pick(l, " (utenfor månedene etter første dag som fastlege)", " (outside the months after the first day as fastlege)")
	case calc.NoteNotCentral:
		text += Pick(l, " (ikke sentralitetsklassen som får tillegget)", " (not the sentralitetsklasse that gets it)")
	default:
		if cap, ok := c.Cap.Get(); ok && cap > a {
			text += fmt.Sprintf(Pick(l, " (taket er %s)", " (the cap is %s)"), Money(cap, l))
		} else if cl, ok := c.Claimed.Get(); ok && cl > a {
			text += fmt.Sprintf(Pick(l, " (begrenset av taket; oppgitt %s)", " (limited by the cap; %s given)"), Money(cl, l))
		}
	}
	return text
}

// upTo says whether some element counts at its cap for lack of an amount.
func upTo(res *calc.Result) bool {
	for _, c := range res.Components {
		if c.Note == calc.NoteUpTo {
			return true
		}
	}
	return false
}

func decimalOf(s string) decimal.Decimal {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Zero
	}
	return d
}

// ComponentName names an element of a grant.
func ComponentName(name string, l calc.Lang) string {
	n := map[string][2]string{
		calc.PracticeCompensation: {"Praksiskompensasjon", "Practice compensation"},
		calc.LearningActivities:   {"Læringsaktiviteter", "Learning activities"},
		calc.Productivity:         {"Lavere produktivitet", "Lower productivity"},
		calc.Supervision:          {"Veiledning", "Supervision"},
		calc.Facilitation:         {"Tilrettelegging", "Facilitation"},
		calc.CentralitySupplement: {"Sentralitetstillegg", "Centrality supplement"},
	}[name]
	if n[0] == "" {
		return name
	}
	return Pick(l, n[0], n[1])
}

// PositionName names a position.
func PositionName(p calc.Position, l calc.Lang) string {
	switch p {
	case calc.PosFastlege:
		return Pick(l, "fastlege", "fastlege (GP)")
	case calc.Introduksjonslege:
		return "introduksjonslege"
	case calc.Allmennlege:
		return Pick(l, "allmennlege i annet kommunalt legearbeid", "allmennlege (other municipal work)")
	}
	return string(p)
}

// CategoryName names a category of Nasjonal ALIS og veiledning.
func CategoryName(c string, l calc.Lang) string {
	if c == "veiledning" {
		return Pick(l, "veiledning alene", "supervision only")
	}
	return PositionName(calc.Position(c), l)
}

// schemeLabel names a scheme in a sentence: «name» (budget post), without
// the post when no source gives it.
func schemeLabel(s *rules.Scheme) string {
	label := "«" + s.Name() + "»"
	if v := s.Value("budget_post"); v != nil && v.Known() {
		label += " (" + v.Text() + ")"
	}
	return label
}

// openEnded says whether the agreement has no end date.
func openEnded(ex *calc.Explanation) bool {
	for _, s := range ex.Steps {
		if s.Kind == calc.StepPeriod {
			return s.To.IsZero()
		}
	}
	return false
}
