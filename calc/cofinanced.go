package calc

import (
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// cofinanced is the formula of the ALIS-avtaler 2019–2021: the grant is the
// lesser of the annual cap, prorated by the part of the period, and the
// costs less the kommune's co-financing share; each limit is rounded once
// on its own, by its own mode.
type cofinanced struct {
	e      *Engine
	s      *rules.Scheme
	cap    decimal.Decimal
	capOre int64
	share  decimal.Decimal
	// 1 − share = keepNum / shareDen
	keepNum, shareDen int64
	costMode          roundingMode
	capV, shareV      *rules.Value
	unitV, modeV      *rules.Value
	costModeV         *rules.Value
	// What resting on the values adds to a result: the ones every result
	// rests on, and each rounding mode.
	mAlways, mMode, mCostMode mark
}

func newCofinanced(e *Engine, s *rules.Scheme) (*cofinanced, error) {
	r := e.rules
	f := &cofinanced{e: e, s: s, capV: s.Get(rules.Cap), shareV: r.Get(rules.CofinancingShare),
		unitV: r.Get(rules.RoundingUnit), modeV: r.Get(rules.RoundingMode), costModeV: r.Get(rules.CofinancingMode)}
	f.cap = f.capV.Decimal()
	c := f.cap.Shift(2)
	if !c.IsInteger() || c.Sign() < 0 || c.GreaterThan(decimal.New(100_000_000_00, 0)) {
		return nil, msg.Errorf("cap %s cannot be computed with", f.cap)
	}
	f.capOre = c.IntPart()
	f.share = f.shareV.Decimal()
	num, den, ok := fraction(f.share)
	if !ok || num < 0 || num > den {
		return nil, msg.Errorf("co-financing share %s cannot be computed with", f.share)
	}
	f.keepNum, f.shareDen = den-num, den
	f.costMode = roundingMode(f.costModeV.Text())
	f.mAlways, f.mMode, f.mCostMode = e.markOf(f.capV, f.shareV, f.unitV), e.markOf(f.modeV), e.markOf(f.costModeV)
	for _, m := range []roundingMode{e.mode, f.costMode} {
		if m != halfUp && m != downward {
			return nil, msg.Errorf("rounding mode %q is not known", m)
		}
	}
	return f, nil
}

func (f *cofinanced) check(*Agreement) error { return nil }

func (f *cofinanced) reads() InputSet { return inCost }

// uses notes the values every co-financed result rests on.
func (f *cofinanced) uses(res *Result) {
	f.mAlways.apply(res)
}

// fast computes with integer arithmetic on øre and exact fractions.
// compute is fast on the batch path (no explanation) and reference, in
// decimal arithmetic and step by step, when it explains.
func (f *cofinanced) compute(a *Agreement, as assessment, res *Result, ex *Explanation) {
	if ex == nil {
		f.fast(a, as, res)
		return
	}
	f.reference(a, as, res, ex)
}

func (f *cofinanced) fast(a *Agreement, as assessment, res *Result) {
	f.uses(res)
	res.Cap = Some(Money(f.capOre))
	// The prorated cap is aNum/aDen øre.
	aNum, aDen := f.capOre*int64(as.num), int64(as.den)
	res.CapProrated = Some(Money(divHalfUp(aNum, aDen)))
	cost, hasCost := a.Cost.Get()
	var bNum, bDen int64
	if hasCost {
		// The cost limit is bNum/bDen øre.
		bNum, bDen = int64(cost)*f.keepNum, f.shareDen
		res.Cost = Some(cost)
		res.CostLimit = Some(Money(divHalfUp(bNum, bDen)))
	} else {
		res.Missing |= inCost
	}
	unit := f.e.unitOre
	capR, capRem := roundFrac(aNum, aDen, unit, f.e.mode)
	grant, by, rem, mode := capR, LimitCap, capRem, &f.mMode
	if hasCost {
		costR, costRem := roundFrac(bNum, bDen, unit, f.costMode)
		if costR < capR || costR == capR && bNum*aDen < aNum*bDen {
			grant, by, rem, mode = costR, LimitCofinancing, costRem, &f.mCostMode
		}
	}
	if rem {
		mode.apply(res)
	}
	if hasCost && grant > cost {
		grant, by = cost, LimitCost
	}
	if f.keepNum > 0 {
		// The least cost whose co-financing limit, rounded, reaches the
		// rounded cap (see reference), in øre: need × shareDen / keepNum,
		// rounded up, with need doubled to keep a half unit whole.
		need := 2 * int64(capR)
		if f.costMode == halfUp && capR > 0 {
			need -= unit
		}
		n, d := need*f.shareDen, 2*f.keepNum
		c := n / d
		if n%d != 0 {
			c++
		}
		res.CostForFullGrant = Some(Money(c))
	}
	res.Grant, res.LimitedBy = Some(grant), by
}

// reference computes in decimal arithmetic and says each step.
func (f *cofinanced) reference(a *Agreement, as assessment, res *Result, ex *Explanation) {
	f.uses(res)
	e := f.e
	res.Cap = Some(MoneyFromDecimal(f.cap))
	capProrated := proratedCap(f.cap, as.num, as.den)
	res.CapProrated = Some(MoneyFromDecimal(capProrated))
	ex.add(&CapStep{Cap: res.Cap.Or(0), Num: as.num, Den: as.den, Prorated: capProrated, Sources: Sources{f.capV}})
	keep := one.Sub(f.share)
	cost, hasCost := a.Cost.Get()
	var costLimit decimal.Decimal
	if hasCost {
		costLimit = costLimitOf(cost, f.share)
		res.Cost = Some(cost)
		res.CostLimit = Some(MoneyFromDecimal(costLimit))
		ex.add(&CofinancingStep{Cost: cost, Share: f.share, Limit: costLimit, Sources: Sources{f.shareV}})
	} else {
		res.Missing |= inCost
	}

	unitOre := e.unit.Mul(hundred)
	capR, capRem := roundDecimal(capProrated, unitOre, e.mode)
	grant, by, rem, mode := capR, LimitCap, capRem, f.modeV
	round := &RoundingStep{Unit: e.unit, Cap: capProrated, CapMode: string(e.mode), CapRounded: capR,
		Sources: Sources{f.unitV, f.modeV}}
	if hasCost {
		costR, costRem := roundDecimal(costLimit, unitOre, f.costMode)
		round.CostLimit, round.CostMode, round.CostRounded = costLimit, string(f.costMode), costR
		round.Sources = append(round.Sources, f.costModeV)
		if costR < capR || costR == capR && costLimit.LessThan(capProrated) {
			grant, by, rem, mode = costR, LimitCofinancing, costRem, f.costModeV
		}
	}
	if rem {
		e.use(res, mode)
	}
	if hasCost && grant > cost {
		grant, by = cost, LimitCost
	}
	round.LimitedBy = by
	if res.Eligible {
		ex.add(round)
	} else {
		ex.add(&NotEligibleStep{})
	}
	if !keep.IsZero() {
		need := decimal.New(int64(capR), 0)
		if f.costMode == halfUp && capR > 0 {
			need = need.Sub(unitOre.Div(two))
		}
		cq, cr := need.QuoRem(keep, 0)
		if cr.Sign() > 0 {
			cq = cq.Add(one)
		}
		res.CostForFullGrant = Some(Money(cq.IntPart()))
		if res.Eligible && !hasCost {
			ex.add(&CostForFullGrantStep{CapRounded: capR, Share: f.share, Cost: res.CostForFullGrant.Or(0), Sources: Sources{f.shareV}})
		}
	}
	res.Grant, res.LimitedBy = Some(grant), by
}

// proratedCap is the cap for num/den of the period, exact to DivScale
// decimals, in kroner.
func proratedCap(cap decimal.Decimal, num, den int) decimal.Decimal {
	return cap.Mul(decimal.NewFromInt(int64(num))).DivRound(decimal.NewFromInt(int64(den)), DivScale)
}

// costLimitOf is the costs less the kommune's share of them, exact, in
// kroner.
func costLimitOf(cost Money, share decimal.Decimal) decimal.Decimal {
	return cost.Decimal().Mul(one.Sub(share))
}

// unrounded is the co-financed grant before it was rounded, exact, as the
// reference computes it: the prorated cap, or the cost limit where that
// (or the cost itself) decided the grant. It is made again from the result
// for its JSON, so that the batch path does no decimal arithmetic for it.
func (res *Result) cofinancedUnrounded() (decimal.Decimal, bool) {
	r := res.rules
	if r == nil || res.Formula != rules.CofinancedCap || !res.Eligible {
		return decimal.Decimal{}, false
	}
	if res.LimitedBy != LimitCap {
		cost, ok := res.Cost.Get()
		return costLimitOf(cost, r.Get(rules.CofinancingShare).Decimal()), ok
	}
	capOre, ok := res.Cap.Get()
	num, den := prorationFraction(res.Proration, res.Months, res.Days, date.DaysInclusive(r.ValidFrom, r.ValidTo))
	return proratedCap(capOre.Decimal(), num, den), ok
}
