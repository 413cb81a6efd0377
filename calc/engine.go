package calc

import (
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// DivScale is the number of decimals kept where the decimal path divides
// (the prorated cap: cap × months ÷ 12, or cap × days ÷ days in the year).
// It is far finer than needed for the rounding to the unit to come out as
// with exact fractions: such a fraction is a multiple of 1/(100 × 366) kr, so
// it is never within 10⁻¹² of a rounding boundary without being on it.
const DivScale = 12

// LimitedBy says which limit decided the grant.
type LimitedBy string

const (
	// LimitCap: the (prorated) cap per agreement.
	LimitCap LimitedBy = "cap"
	// LimitCofinancing: the costs less the kommune's minimum share.
	LimitCofinancing LimitedBy = "cofinancing"
	// LimitCost: the grant, rounded up to the unit, would have exceeded the
	// costs themselves; it is held to the costs. Only tiny costs hit this.
	LimitCost LimitedBy = "cost"
)

// Result is the eligibility and grant for one agreement in one year.
//
// Money fields are øre. Grant and KommuneShare are exact. CapProrated and
// CostLimit are the exact intermediate values rounded half up to the øre for
// display; the grant is computed from the exact values, not from these.
type Result struct {
	ID         string
	Kommune    string
	Year       int
	Driftsform rules.Driftsform
	Role       rules.Role

	Scheme     string // the scheme's id; "" when no scheme covers the driftsform
	SchemeName string
	Eligible   bool
	Reasons    []Reason // why not eligible; empty when eligible

	Proration   rules.ProrationMethod
	PeriodStart date.Date // the part of the agreement within the year; zero when none
	PeriodEnd   date.Date
	Months      int // complete months (plus a started one where the rules count it)
	Days        int // days of the agreement within the year

	HasScheme   bool
	Cap         Money // the scheme's annual cap per agreement
	CapProrated Money

	HasCost   bool
	Cost      Money
	CostLimit Money // cost × (1 − co-financing share)

	// Grant is the grant, rounded to the rules' unit. Without a cost it is
	// the largest grant the agreement can get. Zero when not eligible.
	Grant        Money
	KommuneShare Money // Cost − Grant; zero without a cost
	LimitedBy    LimitedBy

	// CostForFullGrant is the cost needed for the full prorated cap, rounded
	// up to the øre; unset when the co-financing share is 1.
	HasCostForFullGrant bool
	CostForFullGrant    Money

	// Assumed lists the rule parameters with basis "assumed" that this
	// result rests on.
	Assumed []string

	// Detail holds the exact decimal values; only Compute fills it.
	Detail *Detail
}

// Detail is the exact arithmetic behind a Result, for explanation.
type Detail struct {
	Share          decimal.Decimal // the co-financing share
	CapProrated    decimal.Decimal // at DivScale where the division does not end
	CostLimit      decimal.Decimal // exact
	GrantUnrounded decimal.Decimal // the lesser limit, before rounding
	// CapRounded and CostLimitRounded are each limit rounded to the unit
	// by its own mode; the grant is the lesser.
	CapRounded       Money
	CostLimitRounded Money
	RoundingUnit     decimal.Decimal
	RoundingMode     rules.RoundingMode
	ProrationNum     int // months or days
	ProrationDen     int // 12, or days in the year
}

// Engine computes grants under one set of rules. It is safe for concurrent
// use: it is never written after NewEngine.
//
// Compute is the reference: shopspring/decimal arithmetic with an
// explanation. ComputeInto gives the same Result (without Detail) with
// integer arithmetic on øre and exact fractions, for batches; a differential
// test holds the two to the same results.
type Engine struct {
	rules *rules.Rules

	capOre   []int64 // per scheme
	keepNum  int64   // 1 − share = keepNum / shareDen
	shareDen int64
	unitOre  int64
	daysYear int
	yearFrom date.Date
	yearTo   date.Date
}

// NewEngine prepares an engine for the rules.
func NewEngine(r *rules.Rules) (*Engine, error) {
	e := &Engine{rules: r, yearFrom: r.ValidFrom, yearTo: r.ValidTo}
	e.daysYear = date.DaysInclusive(r.ValidFrom, r.ValidTo)
	hundred := decimal.New(100, 0)
	for i := range r.Schemes {
		c := r.Schemes[i].Cap.Value.Mul(hundred)
		if !c.IsInteger() || c.GreaterThan(rules.MaxCap.Mul(hundred)) || c.Sign() < 0 {
			return nil, fmt.Errorf("cap %s of scheme %s cannot be computed with", r.Schemes[i].Cap.Value, r.Schemes[i].ID)
		}
		e.capOre = append(e.capOre, c.IntPart())
	}
	u := r.Rounding.Unit.Value.Mul(hundred)
	if !u.IsInteger() || u.Sign() <= 0 || u.GreaterThan(rules.MaxRoundingUnit.Mul(hundred)) {
		return nil, fmt.Errorf("rounding unit %s cannot be computed with", r.Rounding.Unit.Value)
	}
	e.unitOre = u.IntPart()
	num, den, ok := fraction(r.CofinancingShare.Value)
	if !ok || num < 0 || num > den {
		return nil, fmt.Errorf("co-financing share %s cannot be computed with", r.CofinancingShare.Value)
	}
	e.keepNum, e.shareDen = den-num, den
	for _, m := range []rules.RoundingMode{r.Rounding.Mode.Value, r.Rounding.CofinancingMode.Value} {
		switch m {
		case rules.HalfUp, rules.Down:
		default:
			return nil, fmt.Errorf("rounding mode %q is not known", m)
		}
	}
	switch r.Proration.Method.Value {
	case rules.WholeMonths, rules.Days, rules.NoProration:
	default:
		return nil, fmt.Errorf("proration method %q is not known", r.Proration.Method.Value)
	}
	return e, nil
}

// fraction writes a decimal with at most rules.MaxShareDecimals decimals as
// num/den with den a power of ten, in lowest such terms.
func fraction(d decimal.Decimal) (num, den int64, ok bool) {
	den = 1
	exp := d.Exponent()
	coef := d.Coefficient()
	for ; exp > 0; exp-- {
		coef.Mul(coef, big.NewInt(10))
	}
	for ; exp < 0; exp++ {
		den *= 10
		if den > 1e12 {
			return 0, 0, false
		}
	}
	if !coef.IsInt64() {
		return 0, 0, false
	}
	num = coef.Int64()
	for den > 1 && num%10 == 0 {
		num /= 10
		den /= 10
	}
	if den > 1_000_000 {
		return 0, 0, false
	}
	return num, den, true
}

// assessment is what the integer and the decimal paths share: the scheme,
// the reasons and the part of the year, all without money.
type assessment struct {
	scheme *rules.Scheme
	idx    int
	num    int // proration numerator: months, days, or 1
	den    int // proration denominator
}

// assess fills the non-money part of res and returns what the money part needs.
func (e *Engine) assess(a *Agreement, res *Result) assessment {
	r := e.rules
	*res = Result{
		ID: a.ID, Kommune: a.Kommune, Year: r.Year, Driftsform: a.Driftsform, Role: a.Role,
		Reasons: res.Reasons[:0], Assumed: res.Assumed[:0],
		HasCost: a.HasCost, Cost: a.Cost, Proration: r.Proration.Method.Value,
	}
	use := func(m *rules.Meta) {
		if m.Basis == rules.Assumed {
			res.Assumed = append(res.Assumed, m.Path)
		}
	}
	why := func(rs Reason) { res.Reasons = append(res.Reasons, rs) }

	as := assessment{idx: -1, den: 1}
	for i := range r.Schemes {
		s := &r.Schemes[i]
		if s.Covers(a.Driftsform, a.Role) {
			as.scheme, as.idx = s, i
			break
		}
		if as.scheme == nil && s.CoversDriftsform(a.Driftsform) {
			as.scheme, as.idx = s, i
		}
	}
	switch {
	case as.scheme == nil:
		for i := range r.Schemes {
			use(&r.Schemes[i].Driftsformer.Meta)
		}
		why(Reason{Code: NoScheme, Param: "schemes", Year: r.Year, Driftsform: a.Driftsform})
	case !as.scheme.Covers(a.Driftsform, a.Role):
		use(&as.scheme.Driftsformer.Meta)
		use(&as.scheme.Roles.Meta)
		why(Reason{Code: RoleNotCovered, Param: as.scheme.Roles.Path, Year: r.Year, Role: a.Role, Scheme: as.scheme.ID})
	default:
		use(&as.scheme.Driftsformer.Meta)
		use(&as.scheme.Roles.Meta)
	}
	if as.scheme != nil {
		res.HasScheme = true
		res.Scheme = as.scheme.ID
		res.SchemeName = as.scheme.Name.Value
	}

	// The part of the agreement within the year.
	from := date.Max(a.Start, e.yearFrom)
	to := e.yearTo
	if !a.End.IsZero() {
		to = date.Min(a.End, e.yearTo)
	}
	if to.Before(from) {
		why(Reason{Code: NoDaysInYear, Param: "valid_from", Year: r.Year, From: a.Start, To: a.End})
	} else {
		res.PeriodStart, res.PeriodEnd = from, to
		res.Days = date.DaysInclusive(from, to)
		full, partial := wholeMonths(from, to)
		res.Months = full
		if r.Proration.Method.Value == rules.WholeMonths && partial {
			if as.scheme != nil {
				use(&r.Proration.PartialMonthCounts.Meta)
			}
			if r.Proration.PartialMonthCounts.Value {
				res.Months++
			}
		}
	}
	if as.scheme != nil {
		use(&r.Proration.Method.Meta)
	}
	switch r.Proration.Method.Value {
	case rules.WholeMonths:
		as.num, as.den = res.Months, 12
	case rules.Days:
		as.num, as.den = res.Days, e.daysYear
	default:
		as.num = min(res.Days, 1)
	}

	if a.Role == rules.Vikar && r.Vikar != nil {
		v := r.Vikar
		use(&v.MinMonths.Meta)
		use(&v.MinQualifies.Meta)
		vs, ve := a.Vikariat()
		n, atLeast := v.MinMonths.Value, v.MinQualifies.Value
		switch {
		case ve.IsZero():
			why(Reason{Code: VikariatLengthUnknown, Param: v.MinMonths.Path, N: n, Flag: atLeast})
		default:
			// "More than N months": the end falls on or after start + N months.
			// "At least N months": on or after the day before that.
			need := vs.AddMonths(n)
			if atLeast {
				need = need.AddDays(-1)
			}
			if ve.Before(need) {
				why(Reason{Code: VikariatTooShort, Param: v.MinMonths.Path, From: vs, To: ve, Need: need, N: n, Flag: atLeast})
			}
		}
	}
	if m := r.MaxGrantYears; m != nil && a.PriorYears > 0 {
		use(&m.Meta)
		if a.PriorYears >= m.Value {
			why(Reason{Code: MaxGrantYearsReached, Param: m.Path, N: a.PriorYears, Max: m.Value})
		}
	}
	if d := r.Deadline; d != nil && !a.Applied.IsZero() {
		use(&d.Meta)
		if a.Applied.After(d.Value) {
			why(Reason{Code: AppliedAfterDeadline, Param: d.Path, From: a.Applied, To: d.Value})
		}
	}
	if a.StaffingAgency {
		use(&r.StaffingAgencyExcluded.Meta)
		if r.StaffingAgencyExcluded.Value {
			why(Reason{Code: StaffingAgencyExcluded, Param: r.StaffingAgencyExcluded.Path, Year: r.Year})
		}
	}
	res.Eligible = len(res.Reasons) == 0
	if as.scheme != nil {
		use(&as.scheme.Cap.Meta)
		use(&r.CofinancingShare.Meta)
		use(&r.Rounding.Unit.Meta)
	}
	return as
}

// wholeMonths counts the complete months from the first day of the period
// (a period starting on the 15th completes a month on the 14th of the next),
// and reports whether days remain after them.
func wholeMonths(from, to date.Date) (n int, partial bool) {
	after := to.Next()
	for from.AddMonths(n+1).Compare(after) <= 0 {
		n++
	}
	return n, from.AddMonths(n) != after
}

var (
	one     = decimal.New(1, 0)
	hundred = decimal.New(100, 0)
)

// Compute is the reference computation, in decimal arithmetic, with the
// exact values in Result.Detail.
func (e *Engine) Compute(a *Agreement) (Result, error) {
	var res Result
	if err := a.Validate(); err != nil {
		return res, err
	}
	as := e.assess(a, &res)
	if as.scheme == nil {
		e.settle(a, &res, 0, "")
		return res, nil
	}
	r := e.rules
	d := &Detail{
		Share:        r.CofinancingShare.Value,
		RoundingUnit: r.Rounding.Unit.Value,
		RoundingMode: r.Rounding.Mode.Value,
		ProrationNum: as.num,
		ProrationDen: as.den,
	}
	res.Detail = d
	capD := as.scheme.Cap.Value
	res.Cap = MoneyFromDecimal(capD)
	d.CapProrated = capD.Mul(decimal.NewFromInt(int64(as.num))).DivRound(decimal.NewFromInt(int64(as.den)), DivScale)
	res.CapProrated = MoneyFromDecimal(d.CapProrated)
	keep := one.Sub(d.Share)

	exact := d.CapProrated
	if a.HasCost {
		d.CostLimit = a.Cost.Kroner().Mul(keep)
		res.CostLimit = MoneyFromDecimal(d.CostLimit)
		if d.CostLimit.LessThan(exact) {
			exact = d.CostLimit
		}
	}
	d.GrantUnrounded = exact

	// Round each limit once, to a whole number of units, by its own mode;
	// the grant is the lesser.
	unitOre := d.RoundingUnit.Mul(hundred)
	roundTo := func(x decimal.Decimal, mode rules.RoundingMode) (Money, bool) {
		q, rem := x.Mul(hundred).QuoRem(unitOre, 0)
		if !rem.IsZero() && mode == rules.HalfUp && rem.Mul(decimal.New(2, 0)).GreaterThanOrEqual(unitOre) {
			q = q.Add(one)
		}
		return Money(q.Mul(unitOre).IntPart()), !rem.IsZero()
	}
	capR, capRem := roundTo(d.CapProrated, r.Rounding.Mode.Value)
	d.CapRounded = capR
	grant, by, remainder, mode := capR, LimitCap, capRem, &r.Rounding.Mode.Meta
	if a.HasCost {
		costR, costRem := roundTo(d.CostLimit, r.Rounding.CofinancingMode.Value)
		d.CostLimitRounded = costR
		if costR < capR || costR == capR && d.CostLimit.LessThan(d.CapProrated) {
			grant, by, remainder, mode = costR, LimitCofinancing, costRem, &r.Rounding.CofinancingMode.Meta
		}
	}
	if remainder {
		res.Assumed = useMeta(res.Assumed, mode)
	}
	if a.HasCost && grant > a.Cost {
		grant, by = a.Cost, LimitCost
	}
	if !keep.IsZero() {
		// The least cost whose co-financing limit, rounded, reaches the
		// rounded cap: cost × keep ≥ cap (down), or ≥ cap − unit/2 (half up).
		need := decimal.New(int64(capR), 0)
		if r.Rounding.CofinancingMode.Value == rules.HalfUp && capR > 0 {
			need = need.Sub(unitOre.Div(decimal.New(2, 0)))
		}
		cq, cr := need.QuoRem(keep, 0)
		if cr.Sign() > 0 {
			cq = cq.Add(one)
		}
		res.HasCostForFullGrant, res.CostForFullGrant = true, Money(cq.IntPart())
	}
	e.settle(a, &res, grant, by)
	return res, nil
}

// settle sets the grant and the kommune's share; an ineligible agreement gets nothing.
func (e *Engine) settle(a *Agreement, res *Result, grant Money, by LimitedBy) {
	if !res.Eligible {
		grant, by = 0, ""
	}
	res.Grant, res.LimitedBy = grant, by
	if a.HasCost {
		res.KommuneShare = a.Cost - grant
	}
}

func useMeta(list []string, m *rules.Meta) []string {
	if m.Basis == rules.Assumed {
		list = append(list, m.Path)
	}
	return list
}

// ComputeInto computes like Compute, with integer arithmetic on øre and
// exact fractions and without Detail, into res, reusing its slices. It is
// the batch path: it allocates nothing once res has grown.
func (e *Engine) ComputeInto(a *Agreement, res *Result) error {
	if err := a.Validate(); err != nil {
		*res = Result{Reasons: res.Reasons[:0], Assumed: res.Assumed[:0]}
		return err
	}
	as := e.assess(a, res)
	if as.scheme == nil {
		e.settle(a, res, 0, "")
		return nil
	}
	capOre := e.capOre[as.idx]
	res.Cap = Money(capOre)
	// The prorated cap is aNum/aDen øre.
	aNum, aDen := capOre*int64(as.num), int64(as.den)
	res.CapProrated = Money(divHalfUp(aNum, aDen))
	var bNum, bDen int64
	if a.HasCost {
		// The cost limit is bNum/bDen øre.
		bNum, bDen = int64(a.Cost)*e.keepNum, e.shareDen
		res.CostLimit = Money(divHalfUp(bNum, bDen))
	}
	// Round each limit once, to a whole number of units, by its own mode;
	// the grant is the lesser.
	capR, capRem := roundFrac(aNum, aDen, e.unitOre, e.rules.Rounding.Mode.Value)
	grant, by, remainder, mode := capR, LimitCap, capRem, &e.rules.Rounding.Mode.Meta
	if a.HasCost {
		costR, costRem := roundFrac(bNum, bDen, e.unitOre, e.rules.Rounding.CofinancingMode.Value)
		if costR < capR || costR == capR && bNum*aDen < aNum*bDen {
			grant, by, remainder, mode = costR, LimitCofinancing, costRem, &e.rules.Rounding.CofinancingMode.Meta
		}
	}
	if remainder {
		res.Assumed = useMeta(res.Assumed, mode)
	}
	if a.HasCost && grant > a.Cost {
		grant, by = a.Cost, LimitCost
	}
	if e.keepNum > 0 {
		// The least cost whose co-financing limit, rounded, reaches the
		// rounded cap (see Compute), in øre: need × shareDen / keepNum,
		// rounded up, with need doubled to keep a half unit whole.
		need := 2 * int64(capR)
		if e.rules.Rounding.CofinancingMode.Value == rules.HalfUp && capR > 0 {
			need -= e.unitOre
		}
		n, d := need*e.shareDen, 2*e.keepNum
		c := n / d
		if n%d != 0 {
			c++
		}
		res.HasCostForFullGrant, res.CostForFullGrant = true, Money(c)
	}
	e.settle(a, res, grant, by)
	return nil
}

// roundFrac rounds num/den øre to a whole number of units (unit øre) by
// mode, and reports whether there was a remainder.
func roundFrac(num, den, unit int64, mode rules.RoundingMode) (Money, bool) {
	u := den * unit
	q, rem := num/u, num%u
	if rem != 0 && mode == rules.HalfUp && 2*rem >= u {
		q++
	}
	return Money(q * unit), rem != 0
}

// divHalfUp is num/den rounded half up, for non-negative num and positive den.
func divHalfUp(num, den int64) int64 {
	q, r := num/den, num%den
	if 2*r >= den {
		q++
	}
	return q
}
