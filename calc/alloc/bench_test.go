package alloc_test

import (
	"math/rand/v2"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/alloc"
)

func benchGrants() []calc.Money {
	rng := rand.New(rand.NewPCG(1, 1))
	grants := make([]calc.Money, 1_000_000)
	for i := range grants {
		grants[i] = calc.Kroner(int64(20_000 * (1 + rng.IntN(12)))) // a cap by whole months
		if rng.IntN(4) == 0 {
			grants[i] = calc.Money(rng.Int64N(24_000_000))
		}
	}
	return grants
}

// BenchmarkProrata allocates a budget over a million grants held in memory.
func BenchmarkProrata(b *testing.B) {
	grants := benchGrants()
	b.ResetTimer()
	for range b.N {
		alloc.Prorata(grants, calc.Kroner(48_000_000), calc.Kroner(1))
	}
}

// BenchmarkPlan plans the same allocation as batch does, a grant at a
// time, and allocates every grant.
func BenchmarkPlan(b *testing.B) {
	grants := benchGrants()
	b.ResetTimer()
	for range b.N {
		pl := alloc.NewPlan(func(yield func(calc.Money)) {
			for _, g := range grants {
				yield(g)
			}
		}, calc.Kroner(48_000_000), calc.Kroner(1))
		for i, g := range grants {
			pl.Allocate(g, i)
		}
	}
}
