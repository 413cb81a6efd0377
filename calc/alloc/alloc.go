// Package alloc fits grants to a budget: where a scheme's grants add up to
// more than its budget, each is reduced by the same factor, so that they
// add up to the budget exactly, to the unit, and no grant grows.
package alloc

import (
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
)

// Allocation is what Prorata did to a list of grants.
type Allocation struct {
	// Allocated is each grant after allocation, in the order given.
	Allocated []calc.Money
	// Total is the sum of Allocated: the budget when Reduced.
	Total calc.Money
	// Factor is budget ÷ total of the grants, to six decimals (1 when the
	// grants fit the budget).
	Factor decimal.Decimal
	// Reduced is false when the grants fit the budget and are kept.
	Reduced bool
}

// Prorata reduces grants whose total exceeds the budget, all by the same
// factor budget/total, so that they add up to the budget exactly: each
// grant becomes floor(grant × budget / total) whole units, and the units
// left over go one each to the grants with the largest remainders (ties to
// the earlier grant), never raising a grant above what it was. unit is the
// rounding unit (calc.Kroner(1) for whole kroner); the budget should be a
// whole number of units, or the part of a unit left over stays unallocated.
//
// The arithmetic is exact in 128 bits; memory is two words a grant.
func Prorata(grants []calc.Money, budget, unit calc.Money) Allocation {
	var total calc.Money
	for _, g := range grants {
		total += g
	}
	a := Allocation{Allocated: make([]calc.Money, len(grants)), Factor: decimal.New(1, 0)}
	if total <= budget || unit <= 0 {
		copy(a.Allocated, grants)
		a.Total = total
		return a
	}
	a.Reduced = true
	a.Factor = decimal.New(int64(budget), 0).DivRound(decimal.New(int64(total), 0), 6)
	p := newPlan(total, budget, unit)
	var sum calc.Money
	rems := make([]uint64, len(grants))
	for i, g := range grants {
		a.Allocated[i], rems[i] = p.floor(g)
		if rems[i] > 0 && a.Allocated[i]+unit > g {
			rems[i] = 0 // a unit more would raise the grant
		}
		sum += a.Allocated[i]
	}
	left := int((budget - sum) / unit)
	threshold, ties := selectLargest(rems, left)
	for i := range grants {
		if rems[i] > threshold || rems[i] == threshold && rems[i] > 0 && ties > 0 {
			if rems[i] == threshold {
				ties--
			}
			a.Allocated[i] += unit
			sum += unit
		}
	}
	a.Total = sum
	return a
}

// plan is the arithmetic of one reduction: grant × budget ÷ (total × unit).
type plan struct {
	budget, unit calc.Money
	den          uint64 // total × unit; 0 when it does not fit in 64 bits
	total        calc.Money
}

// newPlan prepares the reduction of grants totalling total to budget.
func newPlan(total, budget, unit calc.Money) plan {
	hi, lo := bits.Mul64(uint64(total), uint64(unit))
	p := plan{budget: budget, unit: unit, total: total}
	if hi == 0 {
		p.den = lo
	}
	return p
}

// floor is a grant's whole units after reduction, and the remainder that
// ranks it for one more unit.
func (p plan) floor(g calc.Money) (calc.Money, uint64) {
	if p.den == 0 {
		// total × unit beyond 64 bits: reduce in decimals instead.
		num := decimal.New(int64(g), 0).Mul(decimal.New(int64(p.budget), 0))
		q, r := num.QuoRem(decimal.New(int64(p.total), 0).Mul(decimal.New(int64(p.unit), 0)), 0)
		// The remainder ranks grants against each other; scaled to 64 bits.
		rr := r.Shift(19).Div(decimal.New(int64(p.total), 0).Mul(decimal.New(int64(p.unit), 0))).IntPart()
		return calc.Money(q.IntPart()) * p.unit, uint64(rr)
	}
	hi, lo := bits.Mul64(uint64(g), uint64(p.budget))
	q, r := bits.Div64(hi, lo, p.den)
	return calc.Money(q) * p.unit, r
}

// selectLargest finds the k-th largest non-zero remainder: every remainder
// above threshold gets a unit, and so do the first ties of those equal to
// it. With fewer than k non-zero remainders, every one gets a unit.
func selectLargest(rems []uint64, k int) (threshold uint64, ties int) {
	var nz []uint64
	for _, r := range rems {
		if r > 0 {
			nz = append(nz, r)
		}
	}
	if k <= 0 || len(nz) == 0 {
		return ^uint64(0), 0
	}
	if k >= len(nz) {
		return 1, len(nz) // every non-zero remainder (all are ≥ 1)
	}
	quickselect(nz, k-1)
	threshold = nz[k-1]
	above := 0
	for _, r := range nz {
		if r > threshold {
			above++
		}
	}
	return threshold, k - above
}

// quickselect reorders xs so that xs[k] is the value that would be there
// were xs sorted from the largest down, in expected linear time.
func quickselect(xs []uint64, k int) {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		// The median of three as the pivot.
		mid := lo + (hi-lo)/2
		a, b, c := xs[lo], xs[mid], xs[hi]
		pivot := max(min(a, b), min(max(a, b), c))
		i, j := lo, hi
		for i <= j {
			for xs[i] > pivot {
				i++
			}
			for xs[j] < pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

// Plan is Prorata a grant at a time, for grants too many to hold: made
// from the grants in their order (given by a function that can go over
// them again), it gives each grant's allocation from the grant and its
// place among them, in any order, and holds nothing per grant. Plan and
// Prorata give the same allocation to every grant.
type Plan struct {
	Total   calc.Money      // the sum of the allocations: the budget when Reduced
	Factor  decimal.Decimal // budget ÷ total of the grants, to six decimals
	Reduced bool

	p         plan
	unit      calc.Money
	threshold uint64 // a remainder above gets one more unit
	lastTie   int    // and one equal to it, up to the grant at this place
}

// Grants calls yield with each grant, in order; NewPlan calls it a few
// times.
type Grants func(yield func(calc.Money))

// NewPlan plans the reduction of grants to budget in units of unit, as
// Prorata does. It goes over the grants up to seven times (the total, the
// whole units, four 16-bit passes of the selection, the ties); memory is a
// histogram of 64 K counters.
func NewPlan(grants Grants, budget, unit calc.Money) *Plan {
	var total calc.Money
	n := 0
	grants(func(g calc.Money) { total += g; n++ })
	pl := &Plan{Total: total, Factor: decimal.New(1, 0), unit: unit}
	if total <= budget || unit <= 0 {
		return pl
	}
	pl.Reduced = true
	pl.Factor = decimal.New(int64(budget), 0).DivRound(decimal.New(int64(total), 0), 6)
	pl.p = newPlan(total, budget, unit)
	var sum calc.Money
	nonzero := 0
	grants(func(g calc.Money) {
		a, r := pl.rem(g)
		sum += a
		if r > 0 {
			nonzero++
		}
	})
	left := int((budget - sum) / unit)
	// The units left go one each to that many grants with a remainder.
	pl.Total = sum + calc.Money(max(0, min(left, nonzero)))*unit
	var ties int
	switch {
	case left <= 0 || nonzero == 0:
		pl.threshold, ties = ^uint64(0), 0
	case left >= nonzero:
		pl.threshold, ties = 1, nonzero
	default:
		pl.threshold, ties = pl.radixSelect(grants, left)
	}
	// The first ties grants whose remainder is the threshold get a unit:
	// find the place of the last of them.
	pl.lastTie = -1
	i, seen := 0, 0
	grants(func(g calc.Money) {
		if _, r := pl.rem(g); r == pl.threshold && r > 0 && seen < ties {
			seen++
			pl.lastTie = i
		}
		i++
	})
	return pl
}

// rem is a grant's whole units after reduction, and the remainder that
// ranks it for one more unit: 0 when one more would raise the grant.
func (pl *Plan) rem(g calc.Money) (calc.Money, uint64) {
	a, r := pl.p.floor(g)
	if r > 0 && a+pl.unit > g {
		r = 0
	}
	return a, r
}

// radixSelect finds the k-th largest non-zero remainder (k ≥ 1, fewer than
// there are), 16 bits at a time from the top, and how many of those equal
// to it get a unit.
func (pl *Plan) radixSelect(grants Grants, k int) (threshold uint64, ties int) {
	var prefix, mask uint64
	hist := make([]int, 1<<16)
	for shift := 48; shift >= 0; shift -= 16 {
		clear(hist)
		grants(func(g calc.Money) {
			if _, r := pl.rem(g); r > 0 && r&mask == prefix {
				hist[r>>shift&0xFFFF]++
			}
		})
		for b := len(hist) - 1; b >= 0; b-- {
			if hist[b] >= k {
				prefix |= uint64(b) << shift
				break
			}
			k -= hist[b]
		}
		mask |= 0xFFFF << shift
	}
	return prefix, k
}

// Allocate is the allocation of grant g at place i among the grants.
func (pl *Plan) Allocate(g calc.Money, i int) calc.Money {
	if !pl.Reduced {
		return g
	}
	a, r := pl.rem(g)
	if r > pl.threshold || r == pl.threshold && r > 0 && i <= pl.lastTie {
		a += pl.unit
	}
	return a
}
