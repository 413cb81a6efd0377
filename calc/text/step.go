package text

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// stepTexts say each kind of step in words, one function a kind.
var stepTexts = map[calc.StepKind]func(s *calc.Step, res *calc.Result, l calc.Lang) string{
	calc.StepScheme:           schemeStep,
	calc.StepPeriod:           periodStep,
	calc.StepCondition:        conditionStep,
	calc.StepCap:              capStep,
	calc.StepCofinancing:      cofinancingStep,
	calc.StepNotEligible:      notEligibleStep,
	calc.StepRounding:         roundingStep,
	calc.StepKommuneShare:     kommuneShareStep,
	calc.StepLine:             lineStep,
	calc.StepComponent:        componentStep,
	calc.StepSupervision:      supervisionStep,
	calc.StepTotal:            totalStep,
	calc.StepUnknown:          unknownStep,
	calc.StepCostForFullGrant: costForFullGrantStep,
}

// stepText says one step of an explanation in words ("" for a kind with no
// words).
func stepText(s *calc.Step, ex *calc.Explanation, l calc.Lang) string {
	if f := stepTexts[s.Kind]; f != nil {
		return f(s, &ex.Result, l)
	}
	return ""
}

// stepEnd is a step's last day, or that it is open-ended.
func stepEnd(s *calc.Step, l calc.Lang) string {
	if s.To.IsZero() {
		return msg.S(l, "open-ended")
	}
	return Day(s.To, l)
}

func schemeStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
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

func periodStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	r := res.Rules()
	end := stepEnd(s, l)
	if s.PeriodStart.IsZero() {
		return msg.T(l, "Period: the agreement %s to %s has no day in %s (%s to %s).", Day(s.From, l), end, r.Period, Day(r.ValidFrom, l), Day(r.ValidTo, l))
	}
	signed := ""
	if !s.Need.IsZero() {
		signed = msg.T(l, " (the agreement was signed %s; there is no grant for the time before)", Day(s.Need, l))
	}
	switch s.Mode {
	case "whole_months":
		partial := msg.S(l, "a started month does not count")
		if s.Flag {
			partial = msg.S(l, "a started month counts as whole")
		}
		return msg.T(l, "Months: the agreement %s to %s covers %s to %s of %s%s, %d whole months counted from its first day (%d days); %s. Whole months are counted from the first day, so 15.03–14.05 is 2: the rules say whole months, not how to count them, and this count is inferred.", Day(s.From, l), end, Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed, s.Months, s.Days, partial)
	case "days":
		return msg.T(l, "Days: the agreement covers %s to %s of %s%s, %d days.", Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed, s.Days)
	}
	return msg.T(l, "Period: the agreement covers %s to %s of %s%s; the amount is not prorated.", Day(s.PeriodStart, l), Day(s.PeriodEnd, l), r.Period, signed)
}

func conditionStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	if s.Reason == nil || s.Reason.Code == calc.VikariatTooShort || s.Reason.Code == calc.VikariatLengthUnknown {
		rule := msg.T(l, "more than %d months", s.N)
		if s.Flag {
			rule = msg.T(l, "at least %d months", s.N)
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
	label := map[calc.Code]string{calc.MaxGrantYearsReached: msg.S(l, "Years: "), calc.AppliedAfterDeadline: msg.S(l, "Deadline: "),
		calc.StaffingAgencyExcluded: msg.S(l, "Staffing agency: "), calc.NotInTraining: msg.S(l, "Specialist training: ")}[s.Reason.Code]
	return label + s.Reason.Message(l) + "."
}

func capStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	return msg.T(l, "Cap: %s a year × %d/%d = %s.", Money(s.Amount, l), s.Num, s.Den, Kroner(s.Exact, l))
}

func cofinancingStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	return msg.T(l, "Co-financing: the kommune funds at least %s; %s × (1 − %s) = %s.", Share(s.Share, l), Money(s.Amount, l), Share(s.Share, l), Kroner(s.Exact, l))
}

func notEligibleStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	return msg.S(l, "Grant: the agreement is not eligible, so the grant is NOK 0.")
}

func roundingStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	unit := msg.S(l, "whole kroner")
	if !s.Unit.Equal(decimal.New(1, 0)) {
		unit = Kroner(s.Unit, l)
	}
	mode := func(m string) string { return RoundingName(m, l) }
	var text string
	if s.Mode2 != "" {
		text = msg.T(l, "Grant: each limit is rounded once to %s: the cap %s (%s) is %s, the co-financing limit %s (%s) is %s; the lesser is %s", unit, Kroner(s.Exact, l), mode(s.Mode), Money(s.Money, l), Kroner(s.Exact2, l), mode(s.Mode2), Money(s.Money2, l), Money(res.Grant.Or(0), l))
	} else {
		text = msg.T(l, "Grant: without costs the largest grant is the cap, rounded once to %s (%s): %s", unit, mode(s.Mode), Money(res.Grant.Or(0), l))
	}
	if s.LimitedBy == calc.LimitCost {
		text += msg.S(l, ", held to the costs")
	}
	return text + "."
}

func kommuneShareStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	k := fmt.Sprintf("%s − %s = %s", Money(s.Amount, l), Money(res.Grant.Or(0), l), Money(s.Money, l))
	if pct, ok := PercentText(s.Money, s.Amount, l); ok {
		k += " (" + pct + ")"
	}
	return msg.S(l, "The kommune's share: ") + k + "."
}

func lineStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
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
		if s.Flag {
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

func componentStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
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
		return name + msg.T(l, ": the share of the four elements above, after their caps: %s.", Kroner(s.Exact2, l))
	}
	a, ok := s.Annual.Get()
	if !ok {
		return name + msg.S(l, ": unknown, as the rate is unknown.")
	}
	text := name + msg.T(l, ": at most %s a year at 100 %% × %s of a year = %s", Money(a, l), Number(s.Share, l), Kroner(s.Exact, l))
	if s.Note == calc.NoteWindowNotKnown {
		text += msg.S(l, " (the doctor's first day as fastlege or vikar is not given, so every period counts, for the largest grant)")
	}
	if c, ok := s.Claimed.Get(); ok {
		what := msg.S(l, "given")
		if s.Component == calc.Supervision && !s.Hours.IsZero() {
			what = msg.T(l, "%s hours × %s", Number(s.Hours, l), Kroner(s.Rate, l))
		}
		return text + msg.T(l, "; %s %s; the lesser is %s.", what, Money(c, l), Kroner(s.Exact2, l))
	}
	return text + msg.S(l, "; no amount is given, so the cap counts.")
}

func supervisionStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	months := msg.T(l, "%d whole months of the agreement", s.Months)
	if s.Flag {
		months = msg.T(l, "%d months of completed supervision", s.Months)
	}
	capped := ""
	if s.Capped {
		capped = msg.S(l, " (the most in a year)")
	}
	if !s.Known {
		return msg.T(l, "Supervision: %s give %s hours%s; the hourly rate is unknown.", months, Number(s.Hours, l), capped)
	}
	return msg.T(l, "Supervision: %s give %s hours%s × %s = %s.", months, Number(s.Hours, l), capped, Kroner(s.Rate, l), Kroner(s.Exact, l))
}

func totalStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	unit := msg.S(l, "whole kroner")
	if !s.Unit.Equal(decimal.New(1, 0)) {
		unit = Kroner(s.Unit, l)
	}
	return msg.T(l, "Grant: %s is rounded once to %s (%s): %s.", Kroner(s.Exact, l), unit, RoundingName(s.Mode, l), Money(s.Money, l))
}

func unknownStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	u := res.UnknownValues()
	switch {
	case len(u) == 0:
		return msg.T(l, "Grant: unknown, as %s is not given.", InputFlags(res.Missing))
	case res.Missing != 0:
		return msg.T(l, "Grant: unknown, as it rests on values no public source gives: %s; and %s is not given.", strings.Join(u, ", "), InputFlags(res.Missing))
	}
	return msg.T(l, "Grant: unknown, as it rests on values no public source gives: %s.", strings.Join(u, ", "))
}

func costForFullGrantStep(s *calc.Step, res *calc.Result, l calc.Lang) string {
	return msg.T(l, "Costs for the full grant: %s ÷ (1 − %s) = %s (rounded up to the øre).", Money(s.Money, l), Share(s.Share, l), Money(s.Money2, l))
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
