package calc

import (
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// The formulas of Nasjonal ALIS og veiledning (2022–) pay per employment
// period: an annual amount at 100 % stilling × stillingsprosent / 100 ×
// whole months / 12. Every such fraction is kept as a numerator over
// twelve hundred (stillingsprosent × months), so that the grant is summed
// exactly and rounded once.
var twelveHundred = decimal.New(1200, 0)

// line is an employment period within the period and the agreement.
type line struct {
	e        *Employment
	from, to date.Date // zero when the period has no day in it
	months   int
	covered  bool
	weight   decimal.Decimal // stillingsprosent × months: its share of a year is weight / 1200
}

// employmentLines clips each employment period to the part of the
// agreement within the period, counts its months, and says whether the
// scheme covers its position.
func employmentLines(e *Engine, a *Agreement, as assessment, positions *rules.Value, buf []line) []line {
	buf = buf[:0]
	for i := range a.Employment {
		p := &a.Employment[i]
		l := line{e: p, covered: positions == nil || positions.Has(string(p.Position))}
		if !as.from.IsZero() {
			from, to := date.Max(p.From, as.from), as.to
			if !p.To.IsZero() {
				to = date.Min(p.To, as.to)
			}
			if !to.Before(from) {
				l.from, l.to = from, to
				l.months = e.months(from, to)
			}
		}
		l.weight = p.Percent.Mul(decimal.New(int64(l.months), 0))
		buf = append(buf, l)
	}
	return buf
}

// needEmployment refuses an agreement without employment periods under a
// formula that pays per period.
func needEmployment(r *rules.Rules, a *Agreement) error {
	if len(a.Employment) == 0 {
		return InputErrorf(FieldPosition, "missing: the rules of %s pay per employment period: give each period's position, stillingsprosent and dates", r.Period)
	}
	return nil
}

// roundTotal rounds num/1200 kroner once to the unit, by the mode, and
// reports whether there was anything to round. It is exact: the quotient
// and remainder are whole numbers of øre-units.
func (e *Engine) roundTotal(num decimal.Decimal) (Money, bool) {
	divisor := twelveHundred.Mul(decimal.New(e.unitOre, 0))
	q, rem := num.Mul(hundred).QuoRem(divisor, 0)
	if !rem.IsZero() && e.mode == halfUp && rem.Mul(two).GreaterThanOrEqual(divisor) {
		q = q.Add(one)
	}
	return Money(q.IntPart() * e.unitOre), !rem.IsZero()
}

// display is num/1200 kroner rounded half up to the øre, for display.
func display(num decimal.Decimal) Money {
	return MoneyFromDecimal(num.DivRound(twelveHundred, DivScale))
}

// exactText writes num/1200 kroner exactly where it terminates, else to
// DivScale decimals, without trailing zeros.
func exactText(num decimal.Decimal) string {
	q := num.DivRound(twelveHundred, DivScale)
	return q.String()
}

// categoryAmount is the formula of Nasjonal ALIS og veiledning 2022–2024/25:
// per employment period, the annual amount for the doctor's category
// (higher in the sentralitetsklasse the rules name) × stillingsprosent ×
// whole months / 12, summed and rounded once.
type categoryAmount struct {
	e         *Engine
	s         *rules.Scheme
	positions *rules.Value
	class     *rules.Value
	amount    map[string]*rules.Value
	central   map[string]*rules.Value
}

func newCategoryAmount(e *Engine, s *rules.Scheme) (*categoryAmount, error) {
	if e.proration != "whole_months" {
		return nil, msg.Errorf("the formula %s prorates by whole months: proration.method must be whole_months, not %s", s.Formula, e.proration)
	}
	f := &categoryAmount{e: e, s: s, positions: s.Get(rules.SchemePositions), class: s.Get(rules.CentralityClass),
		amount: map[string]*rules.Value{}, central: map[string]*rules.Value{}}
	for _, c := range rules.Categories {
		f.amount[c], f.central[c] = s.Get(rules.AmountFor(c)), s.Get(rules.CentralAmountFor(c))
	}
	return f, nil
}

func (f *categoryAmount) check(a *Agreement) error { return needEmployment(f.e.rules, a) }

func (f *categoryAmount) reads() InputSet { return inPercent | inCentralityClass }

// category is the category an employment period is paid as.
func category(a *Agreement, p *Employment) string {
	if a.grantType() == Veiledning {
		return "veiledning"
	}
	return string(p.Position)
}

func (f *categoryAmount) compute(a *Agreement, as assessment, res *Result, ex *Explanation) {
	e := f.e
	var buf [4]line
	lines := employmentLines(e, a, as, f.positions, buf[:0])
	e.use(res, f.positions)
	central := as.class != 0 && as.class == f.class.Int()
	res.CentralityClass = as.class
	if as.class != 0 {
		e.use(res, f.class)
	}
	// Without a sentralitetsklasse, an amount is known only where the
	// class cannot change it.
	classUnknown := as.class == 0 && f.class != nil
	total, known, covered := decimal.Zero, true, false
	for i := range lines {
		l := &lines[i]
		cat := category(a, l.e)
		out := Line{Position: l.e.Position, Percent: l.e.Percent.String(), From: l.from, To: l.to, Months: l.months, Covered: l.covered, Category: cat}
		v := f.amount[cat]
		if central {
			v = f.central[cat]
		}
		var num decimal.Decimal
		var lineMissing InputSet
		switch {
		case !l.covered:
			out.Amount = Some(Money(0))
		case l.months == 0:
			covered = true
			out.Amount = Some(Money(0))
			if v.Known() {
				out.Annual = Some(MoneyFromDecimal(v.Decimal()))
			}
		case classUnknown && !sameAmount(v, f.central[cat]):
			covered = true
			e.use(res, v)
			known = false
			lineMissing = inCentralityClass
			res.Missing |= inCentralityClass
		default:
			covered = true
			e.use(res, v)
			if v.Known() {
				out.Annual = Some(MoneyFromDecimal(v.Decimal()))
				num = v.Decimal().Mul(l.weight)
				total = total.Add(num)
				out.Amount = Some(display(num))
			} else {
				known = false
			}
		}
		res.Lines = append(res.Lines, out)
		if ex != nil {
			ex.add(&LineStep{Position: l.e.Position, Percent: l.e.Percent, From: l.from, To: l.to, Months: l.months,
				Category: cat, Central: central, Covered: l.covered, Annual: out.Annual, Amount: out.Amount, Exact: num.DivRound(twelveHundred, DivScale),
				Known: out.Amount.Ok(), Missing: lineMissing, Sources: Sources{v}})
		}
	}
	if !covered && len(lines) > 0 && res.Eligible {
		res.Reasons = append(res.Reasons, Reason{Code: PositionNotCovered, Param: f.positions.Path, Period: e.rules.Period, Scheme: f.s.ID})
		res.Eligible = false
	}
	f.e.finish(res, total, known, ex)
}

// sameAmount says whether two amounts are known and equal (or the second
// is not in the rules).
func sameAmount(v, w *rules.Value) bool {
	return w == nil || v.Known() && w.Known() && v.Decimal().Equal(w.Decimal())
}

// finish rounds a grant of num/1200 kroner once, or leaves it unknown.
func (e *Engine) finish(res *Result, num decimal.Decimal, known bool, ex *Explanation) {
	if !known {
		if ex != nil {
			ex.add(&UnknownStep{})
		}
		return
	}
	grant, rem := e.roundTotal(num)
	if rem {
		e.use(res, e.rules.Get(rules.RoundingMode))
	}
	e.use(res, e.rules.Get(rules.RoundingUnit))
	res.Grant = Some(grant)
	res.Exact = Some(exactText(num))
	if ex != nil {
		if res.Eligible {
			ex.add(&TotalStep{Exact: num.DivRound(twelveHundred, DivScale), Unit: e.unit, Mode: string(e.mode), Grant: grant,
				Sources: Sources{e.rules.Get(rules.RoundingUnit), e.rules.Get(rules.RoundingMode)}})
		} else {
			ex.add(&NotEligibleStep{})
		}
	}
}
