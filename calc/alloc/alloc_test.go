package alloc_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/alloc"
)

func TestProrata(t *testing.T) {
	kr := calc.Kroner(1)
	// Three grants of 240 000, 240 000 and 120 000 kr against a budget of 500 000 kr.
	a := alloc.Prorata([]calc.Money{240000 * kr, 240000 * kr, 120000 * kr}, 500000*kr, kr)
	if !slices.Equal(a.Allocated, []calc.Money{200000 * kr, 200000 * kr, 100000 * kr}) {
		t.Errorf("allocated %v", a.Allocated)
	}
	if a.Factor.String() != "0.833333" || !a.Reduced || a.Total != 500000*kr {
		t.Errorf("factor %s reduced %v total %s", a.Factor, a.Reduced, a.Total)
	}
	// Remainders: 3 × 100 kr against 200 kr gives 66.67 each; the first two get 67.
	a = alloc.Prorata([]calc.Money{100 * kr, 100 * kr, 100 * kr}, 200*kr, kr)
	if !slices.Equal(a.Allocated, []calc.Money{67 * kr, 67 * kr, 66 * kr}) {
		t.Errorf("largest remainder with ties: %v", a.Allocated)
	}
	// Under the budget nothing changes.
	a = alloc.Prorata([]calc.Money{5 * kr, 7 * kr}, 100*kr, kr)
	if a.Reduced || !slices.Equal(a.Allocated, []calc.Money{5 * kr, 7 * kr}) || a.Total != 12*kr {
		t.Errorf("under budget: %+v", a)
	}
}

// reference is the allocation written as plainly as it can be: big
// integers and a stable sort of every remainder.
func reference(grants []calc.Money, budget, unit calc.Money) []calc.Money {
	var total calc.Money
	for _, g := range grants {
		total += g
	}
	out := make([]calc.Money, len(grants))
	if total <= budget {
		copy(out, grants)
		return out
	}
	den := new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(int64(unit)))
	rems := make([]*big.Int, len(grants))
	var sum calc.Money
	for i, g := range grants {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(int64(g)), big.NewInt(int64(budget))), den, new(big.Int))
		out[i] = calc.Money(q.Int64()) * unit
		rems[i] = r
		sum += out[i]
	}
	order := make([]int, len(grants))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return rems[order[x]].Cmp(rems[order[y]]) > 0 })
	for _, i := range order {
		if sum+unit > budget {
			break
		}
		if rems[i].Sign() == 0 || out[i]+unit > grants[i] {
			continue
		}
		out[i] += unit
		sum += unit
	}
	return out
}

// Over many random schemes, Prorata gives what the plain reference gives;
// the allocated grants add up to the budget exactly, none grows, all are
// whole units, and each is within one unit of its exact share.
func TestProrataAgreesWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for n := 0; n < 3000; n++ {
		unit := []calc.Money{calc.Kroner(1), calc.Ore(1), calc.Kroner(10), calc.Ore(5)}[rng.IntN(4)]
		grants := make([]calc.Money, 1+rng.IntN(300))
		var total calc.Money
		for i := range grants {
			switch rng.IntN(5) {
			case 0:
				grants[i] = calc.Kroner(240000) // many ties
			case 1:
				grants[i] = calc.Ore(rng.Int64N(500)) // smaller than a unit or two
			default:
				grants[i] = calc.Ore(rng.Int64N(24_000_001))
			}
			total += grants[i]
		}
		if total == 0 {
			continue
		}
		if total < unit {
			continue
		}
		budget := calc.Ore(rng.Int64N(int64(total/unit))) * unit
		a := alloc.Prorata(grants, budget, unit)
		if want := reference(grants, budget, unit); !slices.Equal(a.Allocated, want) {
			t.Fatalf("case %d: Prorata and the reference differ\n%v\n%v", n, a.Allocated, want)
		}
		var sum calc.Money
		for i, g := range a.Allocated {
			if g > grants[i] || g < 0 || g%unit != 0 {
				t.Fatalf("grant %s allocated %s", grants[i], g)
			}
			d := new(big.Int).Sub(new(big.Int).Mul(big.NewInt(int64(g)), big.NewInt(int64(total))), new(big.Int).Mul(big.NewInt(int64(grants[i])), big.NewInt(int64(budget))))
			if d.Abs(d).Cmp(new(big.Int).Mul(big.NewInt(int64(unit)), big.NewInt(int64(total)))) >= 0 {
				t.Fatalf("grant %s: allocated %s, more than a unit from its exact share", grants[i], g)
			}
			sum += g
		}
		if sum != a.Total {
			t.Fatalf("allocated sum %s, total %s", sum, a.Total)
		}
	}
}

// Grants of 580 000 kr against a budget of 500 000 kr: each is reduced by
// 500/580 to whole kroner (206 896, 206 896 and 86 206 kr, 2 kr short), and
// the 2 kr go to the largest remainders (0,90 of the third, then 0,55 of the
// first, which is earlier than the second).
func ExampleProrata() {
	grants := []calc.Money{calc.Kroner(240000), calc.Kroner(240000), calc.Kroner(100000)}
	a := alloc.Prorata(grants, calc.Kroner(500000), calc.Kroner(1))
	fmt.Println(a.Allocated, a.Total, a.Factor)
	// Output: [206897.00 206896.00 86207.00] 500000.00 0.862069
}

// Plan gives every grant what Prorata gives it, over many generated lists
// of grants: few distinct amounts (many ties), many, in øre and in kroner,
// budgets far below and just below the total.
func TestPlanAgreesWithProrata(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for n := 0; n < 3000; n++ {
		count := 1 + rng.IntN(400)
		distinct := 1 + rng.IntN(20)
		if rng.IntN(3) == 0 {
			distinct = 1_000_000
		}
		amounts := make([]calc.Money, distinct%1000+1)
		for i := range amounts {
			amounts[i] = calc.Money(1 + rng.Int64N(30_000_000))
			if rng.IntN(2) == 0 {
				amounts[i] = amounts[i] / 100 * 100
			}
		}
		grants := make([]calc.Money, count)
		var total calc.Money
		for i := range grants {
			if distinct == 1_000_000 {
				grants[i] = calc.Money(rng.Int64N(30_000_000))
			} else {
				grants[i] = amounts[rng.IntN(len(amounts))]
			}
			total += grants[i]
		}
		unit := calc.Kroner(1)
		if rng.IntN(4) == 0 {
			unit = 1
		}
		budget := calc.Money(rng.Int64N(int64(total) + 1))
		if rng.IntN(3) == 0 {
			budget = total - calc.Money(rng.Int64N(1000))
		}
		budget = budget / unit * unit
		want := alloc.Prorata(grants, budget, unit)
		pl := alloc.NewPlan(func(yield func(calc.Money)) {
			for _, g := range grants {
				yield(g)
			}
		}, budget, unit)
		if pl.Reduced != want.Reduced || pl.Total != want.Total || !pl.Factor.Equal(want.Factor) {
			t.Fatalf("case %d: plan %v %v %v, Prorata %v %v %v", n, pl.Reduced, pl.Total, pl.Factor, want.Reduced, want.Total, want.Factor)
		}
		// In any order.
		for _, i := range rng.Perm(count) {
			if got := pl.Allocate(grants[i], i); got != want.Allocated[i] {
				t.Fatalf("case %d, grant %d (%v of %v, budget %v): plan %v, Prorata %v", n, i, grants[i], total, budget, got, want.Allocated[i])
			}
		}
	}
}
