package calc

import (
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// supervisionRate is the formula of veiledning av LIS3 (2020–2021): an
// hourly rate for a number of hours per month of completed supervision, up
// to a number of hours a year:
//
//	hours = min(months × hours_per_month, max_hours_per_year)
//	grant = hours × hourly_rate, rounded once
//
// The months are the months of completed supervision the kommune reports
// (Agreement.SupervisionMonths), or else the whole months of the agreement
// in the period.
type supervisionRate struct {
	e                       *Engine
	s                       *rules.Scheme
	rate, perMonth, maxYear *rules.Value
}

func newSupervisionRate(e *Engine, s *rules.Scheme) (*supervisionRate, error) {
	return &supervisionRate{e: e, s: s, rate: s.Get(rules.HourlyRate), perMonth: s.Get(rules.HoursPerMonth), maxYear: s.Get(rules.MaxHoursPerYear)}, nil
}

func (f *supervisionRate) check(a *Agreement) error {
	n, ok := a.SupervisionMonths.Get()
	if !ok {
		return nil
	}
	// A month of supervision is a month the agreement has a day in.
	r := f.e.rules
	start, end := a.Span()
	from, to := date.Max(start, r.ValidFrom), r.ValidTo
	if !end.IsZero() {
		to = date.Min(end, r.ValidTo)
	}
	touched := 0
	if !to.Before(from) {
		touched = (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month()) + 1
	}
	if n > touched {
		return InputErrorf(FieldSupervisionMonths, "%d months of supervision, but the agreement has days in only %d months of %s", n, touched, r.Period)
	}
	return nil
}

func (f *supervisionRate) reads() InputSet { return inSupervisionMonths }

func (f *supervisionRate) compute(a *Agreement, as assessment, res *Result, ex *Explanation) {
	e := f.e
	months, given := a.SupervisionMonths.Get()
	c := Component{Name: Supervision}
	if !given {
		// The months of completed supervision are at most the agreement's
		// whole months in the period: the largest grant.
		months = res.Months
		c.Missing = inSupervisionMonths
		res.Missing |= inSupervisionMonths
	}
	e.use(res, f.perMonth)
	e.use(res, f.maxYear)
	e.use(res, f.rate)
	hours := f.perMonth.Decimal().Mul(decimal.New(int64(months), 0))
	capped := hours.GreaterThan(f.maxYear.Decimal())
	if capped {
		hours = f.maxYear.Decimal()
	}
	known := f.rate.Known()
	c.Basis = basisOf(known, c.Missing)
	var num decimal.Decimal // × 1200, as the national formulas keep it
	if known {
		rate := f.rate.Decimal()
		num = hours.Mul(rate).Mul(twelveHundred)
		capNum := f.maxYear.Decimal().Mul(rate).Mul(twelveHundred)
		c.Cap, c.Amount, c.Exact = Some(display(capNum)), Some(display(num)), Some(exactText(num))
	}
	res.Components = append(res.Components, c)
	if ex != nil {
		ex.add(&SupervisionStep{Months: months, Given: given, Hours: hours, Capped: capped, Rate: f.rate.Decimal(),
			Annual: optionalMoney(f.rate), Amount: num.DivRound(twelveHundred, DivScale), Known: known,
			Sources: Sources{f.perMonth, f.maxYear, f.rate}})
	}
	e.finish(res, num, known, ex)
}

// optionalMoney is a known value as money, or none.
func optionalMoney(v *rules.Value) Optional[Money] {
	if v == nil || !v.Known() {
		return Optional[Money]{}
	}
	return Some(MoneyFromDecimal(v.Decimal()))
}
