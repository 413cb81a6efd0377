package main

import (
	"math/rand/v2"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
)

func TestAllocateProrata(t *testing.T) {
	kr := calc.Money(100)
	// Three grants of 240 000, 240 000 and 120 000 kr against a budget of 500 000 kr.
	a := allocateProrata([]calc.Money{240000 * kr, 240000 * kr, 120000 * kr}, 500000*kr, kr)
	want := []calc.Money{200000 * kr, 200000 * kr, 100000 * kr}
	for i := range want {
		if a.allocated[i] != want[i] {
			t.Errorf("grant %d: %s, want %s", i, a.allocated[i], want[i])
		}
	}
	if a.factor.String() != "0.833333" || !a.reduced || a.total != 500000*kr {
		t.Errorf("factor %s reduced %v total %s", a.factor, a.reduced, a.total)
	}
	// Remainders: 3 × 100 kr against 200 kr gives 66.67 each; the first two get 67.
	a = allocateProrata([]calc.Money{100 * kr, 100 * kr, 100 * kr}, 200*kr, kr)
	if a.allocated[0] != 67*kr || a.allocated[1] != 67*kr || a.allocated[2] != 66*kr {
		t.Errorf("largest remainder with ties: %v", a.allocated)
	}
	// Under the budget nothing changes.
	a = allocateProrata([]calc.Money{5 * kr, 7 * kr}, 100*kr, kr)
	if a.reduced || a.allocated[0] != 5*kr || a.allocated[1] != 7*kr || a.total != 12*kr {
		t.Errorf("under budget: %+v", a)
	}
}

// Over many random schemes: the allocated grants add up to the budget
// exactly, none grows, all are whole units, and the reduction is even (no
// two grants' shares differ by more than one unit from the exact factor).
func TestAllocateProrataProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	kr := calc.Money(100)
	for n := 0; n < 2000; n++ {
		grants := make([]calc.Money, 1+rng.IntN(300))
		var total calc.Money
		for i := range grants {
			grants[i] = calc.Money(rng.Int64N(240001)) * kr
			total += grants[i]
		}
		if total == 0 {
			continue
		}
		budget := calc.Money(rng.Int64N(int64(total/kr))) * kr
		a := allocateProrata(grants, budget, kr)
		var sum calc.Money
		for i, g := range a.allocated {
			if g > grants[i] || g < 0 || g%kr != 0 {
				t.Fatalf("grant %s allocated %s", grants[i], g)
			}
			// Within one unit of the exact share grant × budget / total,
			// compared in integers: |g × total − grant × budget| < unit × total.
			d := int64(g)*int64(total) - int64(grants[i])*int64(budget)
			if d < 0 {
				d = -d
			}
			if d >= int64(kr)*int64(total) {
				t.Fatalf("grant %s: allocated %s, more than a unit from its exact share", grants[i], g)
			}
			sum += g
		}
		if sum != budget || a.total != budget {
			t.Fatalf("allocated %s (total %s), budget %s", sum, a.total, budget)
		}
	}
}
