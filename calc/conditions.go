package calc

import (
	"github.com/alis-tilskudd/alis/internal/kommune"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// classFromTable looks the agreement's kommune up in the table the rules
// name: the sentralitetsklasse it gives fills one not given (as.class),
// and Result.TableClass keeps it, so that a class given that differs can be
// said. A kommune the table does not have is an error only where the class
// is needed.
func (e *Engine) classFromTable(a *Agreement, res *Result, info *schemeInfo, as *assessment) error {
	k, ok := kommune.Lookup(a.Kommune)
	if !ok {
		if a.CentralityClass != 0 {
			return nil
		}
		return InputErrorf(FieldKommune, "%s is not a kommune number of 2024 (the numbers changed in 2020 and 2024), so its sentralitetsklasse cannot be looked up: give the number the kommune has now, or its sentralitetsklasse", msg.Quote(a.Kommune))
	}
	res.TableClass = k.Class
	if a.CentralityClass != 0 {
		return nil
	}
	as.class = k.Class
	res.ClassFromTable = true
	info.classTable.apply(res)
	return nil
}

// months counts the months of from–to as the rules prorate: whole months,
// and a started one where the rules count it.
func (e *Engine) months(from, to date.Date) int {
	n, partial := wholeMonths(from, to)
	if partial && e.partialCount {
		n++
	}
	return n
}

// signingStart is the first day an agreement signed on a.Signed is paid
// from: the signing date, or for a doctor hired after
// signing.backdate_if_hired_after, the earlier of it and signing.backdate_to.
func (e *Engine) signingStart(a *Agreement, res *Result) date.Date {
	r := e.rules
	start := a.Signed
	back := r.Get(rules.BackdateTo)
	if back == nil {
		return start
	}
	after, dated := r.Get(rules.BackdateIfHiredAfter), r.Get(rules.BackdateIfDatedAfter)
	hired, _ := a.Span()
	for _, p := range a.Employment {
		hired = date.Min(hired, p.From)
	}
	backdated := date.Min(start, date.Max(back.Date(), hired))
	if after != nil && hired.After(after.Date()) {
		e.use(res, after)
		e.use(res, back)
		return backdated
	}
	if dated != nil && backdated.Before(start) {
		// A new agreement dated after the day may date back too; without
		// its date, the grant is the largest it can be.
		e.use(res, dated)
		switch {
		case a.AgreementDated.IsZero():
			e.use(res, back)
			res.Missing |= inAgreementDated
			return backdated
		case a.AgreementDated.After(dated.Date()):
			e.use(res, back)
			return backdated
		}
	}
	return start
}

// conditions adds the reasons that exclude an agreement: its scheme's
// (info; nil when none covers it) and the file's.
func (e *Engine) conditions(a *Agreement, role Role, res *Result, info *schemeInfo) {
	r := e.rules
	why := func(rs Reason) { res.Reasons = append(res.Reasons, rs) }
	if info != nil {
		if mm := info.vikar.Value; role == RoleVikar && mm != nil {
			mq := info.vikarQ
			info.vikar.apply(res)
			vs, ve := a.Vikariat()
			n, atLeast := mm.Int(), mq.Bool()
			if ve.IsZero() {
				why(Reason{Code: VikariatLengthUnknown, Param: mm.Path, Count: n, AtLeast: atLeast})
			} else if need := vikariatNeed(vs, n, atLeast); ve.Before(need) {
				why(Reason{Code: VikariatTooShort, Param: mm.Path, From: vs, To: ve, Need: need, Count: n, AtLeast: atLeast})
			}
		}
		if m := info.maxYrs.Value; m != nil && a.PriorYears > 0 {
			info.maxYrs.apply(res)
			if a.PriorYears >= m.Int() {
				why(Reason{Code: MaxGrantYearsReached, Param: m.Path, Count: a.PriorYears, MaxYears: m.Int()})
			}
		}
		if d := info.dead.Value; d != nil && !a.Applied.IsZero() {
			info.dead.apply(res)
			if a.Applied.After(d.Date()) {
				why(Reason{Code: AppliedAfterDeadline, Param: d.Path, From: a.Applied, To: d.Date()})
			}
		}
	}
	if a.StaffingAgency {
		v := e.agency.Value
		e.agency.apply(res)
		if v != nil && v.Bool() {
			why(Reason{Code: StaffingAgencyExcluded, Param: v.Path, Period: r.Period})
		}
	}
	if t := e.train.Value; t != nil && t.Bool() {
		if in, ok := a.InTraining.Get(); ok {
			e.train.apply(res)
			if !in {
				why(Reason{Code: NotInTraining, Param: t.Path, Period: r.Period})
			}
		}
	}
}

// vikariatNeed is the day a vikariat from vs must reach: "more than N
// months" is on or after vs + N months; "at least N months" the day before.
func vikariatNeed(vs date.Date, n int, atLeast bool) date.Date {
	need := vs.AddMonths(n)
	if atLeast {
		need = need.AddDays(-1)
	}
	return need
}

// wholeMonths counts the complete months from the first day of the period
// (a period starting on the 15th completes a month on the 14th of the next),
// and reports whether days remain after them.
func wholeMonths(from, to date.Date) (n int, partial bool) {
	after := to.Next()
	// The months between the two calendar months, less one when the day
	// of the month is not yet reached (AddMonths is monotonic).
	n = (after.Year()-from.Year())*12 + int(after.Month()) - int(from.Month())
	if n > 0 && from.AddMonths(n).After(after) {
		n--
	}
	n = max(n, 0)
	return n, from.AddMonths(n) != after
}
