package text

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// stepText says one step of an explanation in words ("" for a step with
// no words).
func stepText(s calc.Step, ex *calc.Explanation, l calc.Lang) string {
	res := &ex.Result
	switch s := s.(type) {
	case *calc.SchemeStep:
		return schemeStep(s, res, l)
	case *calc.PeriodStep:
		return periodStep(s, res, l)
	case *calc.VikariatStep:
		return vikariatStep(s, l)
	case *calc.ConditionStep:
		return conditionStep(s, l)
	case *calc.CapStep:
		return capStep(s, l)
	case *calc.CofinancingStep:
		return cofinancingStep(s, l)
	case *calc.NotEligibleStep:
		return msg.S(l, "Grant: the agreement is not eligible, so the grant is NOK 0.")
	case *calc.RoundingStep:
		return roundingStep(s, res, l)
	case *calc.KommuneShareStep:
		return kommuneShareStep(s, res, l)
	case *calc.LineStep:
		return lineStep(s, res, l)
	case *calc.ComponentStep:
		return componentStep(s, l)
	case *calc.SupervisionStep:
		return supervisionStep(s, l)
	case *calc.TotalStep:
		return totalStep(s, l)
	case *calc.UnknownStep:
		return unknownStep(res, l)
	case *calc.CostForFullGrantStep:
		return costForFullGrantStep(s, l)
	}
	return ""
}

// openEnd is the last day of a period, or that it is open-ended.
func openEnd(to date.Date, l calc.Lang) string {
	if to.IsZero() {
		return msg.S(l, "open-ended")
	}
	return Day(to, l)
}

func schemeStep(s *calc.SchemeStep, res *calc.Result, l calc.Lang) string {
	r := res.Rules()
	switch {
	case s.Scheme == nil && res.GrantType == calc.Veiledning:
		return msg.T(l, "Scheme: no scheme in %s gives grants for supervision only.", r.Period)
	case s.Scheme == nil && s.Reason != nil && s.Reason.Else != nil:
		return msg.T(l, "Scheme: no scheme in %s covers ALIS %s; %s.", r.Period, calc.DriftsformName(res.Driftsform, l), s.Reason.Else.NoteIn(l))
	case s.Scheme == nil:
		return msg.T(l, "Scheme: no scheme in %s covers ALIS %s.", r.Period, calc.DriftsformName(res.Driftsform, l))
	case s.Reason != nil:
		return msg.T(l, "Scheme: %s belongs to «%s», which does not cover %s.", calc.DriftsformName(res.Driftsform, l), s.Scheme.Name(), calc.RoleName(res.Role, l, true))
	case res.Driftsform != "":
		return msg.T(l, "Scheme: a %s %s is covered by %s.", calc.RoleName(res.Role, l, false), calc.DriftsformName(res.Driftsform, l), schemeLabel(s.Scheme))
	case res.GrantType == calc.Veiledning:
		return msg.T(l, "Scheme: supervision of a %s is covered by %s.", calc.RoleName(res.Role, l, false), schemeLabel(s.Scheme))
	}
	return msg.T(l, "Scheme: a %s is covered by %s.", calc.RoleName(res.Role, l, false), schemeLabel(s.Scheme))
}

func periodStep(s *calc.PeriodStep, res *calc.Result, l calc.Lang) string {
	r := res.Rules()
	end := openEnd(s.To, l)
	if s.PeriodStart.IsZero() {
		return msg.T(l, "Period: the agreement %s to %s has no day in %s (%s to %s).", Day(s.From, l), end, r.Period, Day(r.ValidFrom, l), Day(r.ValidTo, l))
	}
	signed := ""
	if !s.Signed.IsZero() {
		signed = msg.T(l, " (the agreement was signed %s; there is no grant for the time before)", Day(s.Signed, l))
	}
	switch s.Method {
	case "whole_months":
		partial := msg.S(l, "a started month does not count")
		if s.PartialCounts {
			partial = msg.S(l, "a started month counts as whole")
		}
		return msg.T(l, "Months: the agreement %s to %s covers %s to %s of %s%s, %d whole months counted from its first day (%d days); %s. Whole months are counted from the first day, so 15.03–14.05 is 2: the rules say whole months, not how to count them, and this count is inferred.", Day(s.From, l), end, Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed, s.Months, s.Days, partial)
	case "days":
		return msg.T(l, "Days: the agreement covers %s to %s of %s%s, %d days.", Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed, s.Days)
	}
	return msg.T(l, "Period: the agreement covers %s to %s of %s%s; the amount is not prorated.", Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed)
}

func vikariatStep(s *calc.VikariatStep, l calc.Lang) string {
	rule := msg.T(l, "more than %d months", s.MinMonths)
	if s.AtLeast {
		rule = msg.T(l, "at least %d months", s.MinMonths)
	}
	verdict := msg.S(l, "met")
	if s.Reason != nil {
		verdict = s.Reason.Message(l)
	}
	vend := msg.S(l, "no end date")
	if !s.To.IsZero() {
		vend = Day(s.To, l)
	}
	return msg.T(l, "Vikariat: %s to %s; a vikar's vikariat must last %s: %s.", Day(s.From, l), vend, rule, verdict)
}

func conditionStep(s *calc.ConditionStep, l calc.Lang) string {
	label := map[calc.Code]string{calc.MaxGrantYearsReached: msg.S(l, "Years: "), calc.AppliedAfterDeadline: msg.S(l, "Deadline: "),
		calc.StaffingAgencyExcluded: msg.S(l, "Staffing agency: "), calc.NotInTraining: msg.S(l, "Specialist training: ")}[s.Reason.Code]
	return label + s.Reason.Message(l) + "."
}

func capStep(s *calc.CapStep, l calc.Lang) string {
	return msg.T(l, "Cap: %s a year × %d/%d = %s.", Money(s.Cap, l), s.Num, s.Den, Kroner(s.Prorated, l))
}

func cofinancingStep(s *calc.CofinancingStep, l calc.Lang) string {
	return msg.T(l, "Co-financing: the kommune funds at least %s; %s × (1 − %s) = %s.", Share(s.Share, l), Money(s.Cost, l), Share(s.Share, l), Kroner(s.Limit, l))
}

func roundingStep(s *calc.RoundingStep, res *calc.Result, l calc.Lang) string {
	unit := msg.S(l, "whole kroner")
	if !s.Unit.Equal(decimal.New(1, 0)) {
		unit = Kroner(s.Unit, l)
	}
	mode := func(m string) string { return RoundingName(m, l) }
	var text string
	if s.CostMode != "" {
		text = msg.T(l, "Grant: each limit is rounded once to %s: the cap %s (%s) is %s, the co-financing limit %s (%s) is %s; the lesser is %s", unit, Kroner(s.Cap, l), mode(s.CapMode), Money(s.CapRounded, l), Kroner(s.CostLimit, l), mode(s.CostMode), Money(s.CostRounded, l), Money(res.Grant.Or(0), l))
	} else {
		text = msg.T(l, "Grant: without costs the largest grant is the cap, rounded once to %s (%s): %s", unit, mode(s.CapMode), Money(res.Grant.Or(0), l))
	}
	if s.LimitedBy == calc.LimitCost {
		text += msg.S(l, ", held to the costs")
	}
	return text + "."
}

func kommuneShareStep(s *calc.KommuneShareStep, res *calc.Result, l calc.Lang) string {
	k := fmt.Sprintf("%s − %s = %s", Money(s.Cost, l), Money(res.Grant.Or(0), l), Money(s.Share, l))
	if pct, ok := PercentText(s.Share, s.Cost, l); ok {
		k += " (" + pct + ")"
	}
	return msg.S(l, "The kommune's share: ") + k + "."
}

func lineStep(s *calc.LineStep, res *calc.Result, l calc.Lang) string {
	ln := calc.Line{Position: s.Position, Percent: s.Percent.String(), From: s.From, To: s.To, Months: s.Months, Covered: s.Covered}
	text := msg.S(l, "Employment: ") + fmt.Sprintf("%s %s %%, ", PositionName(s.Position, l), Number(s.Percent, l))
	if s.From.IsZero() {
		text += msg.S(l, "no day in the period")
	} else {
		text += Day(s.From, l) + "–" + Day(s.To, l) + ", " + msg.T(l, "%d whole months", s.Months)
	}
	switch {
	case !ln.Covered:
		return text + msg.S(l, "; the scheme does not cover the position, so it gives no grant.")
	case res.Formula == rules.CategoryAmount:
		cat := CategoryName(s.Category, l)
		if s.Central {
			cat += msg.S(l, ", the sentralitetsklasse with a higher amount")
		}
		a, ok := s.Annual.Get()
		if s.Missing != 0 {
			return text + msg.T(l, "; the amount for %s depends on the sentralitetsklasse, which is not given.", cat)
		}
		if !ok {
			if s.Months == 0 {
				return text + "."
			}
			return text + msg.T(l, "; the annual amount for %s is unknown.", cat)
		}
		return text + msg.T(l, "; %s: %s a year × %s %% × %d/12 = %s.", cat, Money(a, l), Number(s.Percent, l), s.Months, Kroner(s.Exact, l))
	}
	return text + msg.T(l, ": %s %% × %d/12 = %s of a year.", Number(s.Percent, l), s.Months, Number(s.Percent.Mul(decimal.New(int64(s.Months), 0)).DivRound(decimal.New(1200, 0), 6), l))
}

func componentStep(s *calc.ComponentStep, l calc.Lang) string {
	name := ComponentName(s.Component, l)
	switch s.Note {
	case calc.NoteNotPaid:
		return name + msg.S(l, ": not paid for supervision only.")
	case calc.NoteNoPosition:
		return name + msg.S(l, ": none of the positions is paid it, so NOK 0.")
	case calc.NoteOutsideWindow:
		return name + msg.S(l, ": no employment period falls within the months after the doctor's first day as fastlege or vikar, so NOK 0.")
	case calc.NoteNotCentral:
		return name + msg.S(l, ": only kommuner of the sentralitetsklasse the rules name get it, so NOK 0.")
	case calc.NoteClassNotGiven:
		return name + msg.S(l, ": only kommuner of the sentralitetsklasse the rules name get it, and no sentralitetsklasse is given, so it is unknown.")
	}
	if s.Component == calc.Facilitation {
		return name + msg.T(l, ": the share of the four elements above, after their caps: %s.", Kroner(s.Amount, l))
	}
	a, ok := s.Annual.Get()
	if !ok {
		return name + msg.S(l, ": unknown, as the rate is unknown.")
	}
	text := name + msg.T(l, ": at most %s a year at 100 %% × %s of a year = %s", Money(a, l), Number(s.Share, l), Kroner(s.Cap, l))
	if s.Note == calc.NoteWindowNotKnown {
		text += msg.S(l, " (the doctor's first day as fastlege or vikar is not given, so every period counts, for the largest grant)")
	}
	if c, ok := s.Claimed.Get(); ok {
		what := msg.S(l, "given")
		if s.Component == calc.Supervision && !s.Hours.IsZero() {
			what = msg.T(l, "%s hours × %s", Number(s.Hours, l), Kroner(s.Rate, l))
		}
		return text + msg.T(l, "; %s %s; the lesser is %s.", what, Money(c, l), Kroner(s.Amount, l))
	}
	return text + msg.S(l, "; no amount is given, so the cap counts.")
}

func supervisionStep(s *calc.SupervisionStep, l calc.Lang) string {
	months := msg.T(l, "%d whole months of the agreement", s.Months)
	if s.Given {
		months = msg.T(l, "%d months of completed supervision", s.Months)
	}
	capped := ""
	if s.Capped {
		capped = msg.S(l, " (the most in a year)")
	}
	if !s.Known {
		return msg.T(l, "Supervision: %s give %s hours%s; the hourly rate is unknown.", months, Number(s.Hours, l), capped)
	}
	return msg.T(l, "Supervision: %s give %s hours%s × %s = %s.", months, Number(s.Hours, l), capped, Kroner(s.Rate, l), Kroner(s.Amount, l))
}

func totalStep(s *calc.TotalStep, l calc.Lang) string {
	unit := msg.S(l, "whole kroner")
	if !s.Unit.Equal(decimal.New(1, 0)) {
		unit = Kroner(s.Unit, l)
	}
	return msg.T(l, "Grant: %s is rounded once to %s (%s): %s.", Kroner(s.Exact, l), unit, RoundingName(s.Mode, l), Money(s.Grant, l))
}

func unknownStep(res *calc.Result, l calc.Lang) string {
	u := res.UnknownValues()
	switch {
	case len(u) == 0:
		return msg.T(l, "Grant: unknown, as %s is not given.", InputFlags(res.Missing))
	case res.Missing != 0:
		return msg.T(l, "Grant: unknown, as it rests on values no public source gives: %s; and %s is not given.", strings.Join(u, ", "), InputFlags(res.Missing))
	}
	return msg.T(l, "Grant: unknown, as it rests on values no public source gives: %s.", strings.Join(u, ", "))
}

func costForFullGrantStep(s *calc.CostForFullGrantStep, l calc.Lang) string {
	return msg.T(l, "Costs for the full grant: %s ÷ (1 − %s) = %s (rounded up to the øre).", Money(s.CapRounded, l), Share(s.Share, l), Money(s.Cost, l))
}

// schemeLabel names a scheme in a sentence: «name» (budget post), without
// the post when no source gives it.
func schemeLabel(s *rules.Scheme) string {
	label := "«" + s.Name() + "»"
	if v := s.Get(rules.BudgetPost); v != nil && v.Known() {
		label += " (" + v.Text() + ")"
	}
	return label
}
