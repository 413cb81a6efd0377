package calc_test

import (
	"math/rand/v2"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
)

// Explain (the decimal reference) and Compute (integer arithmetic) on the
// same generated agreements: the ratio of their ns/op is what the integer
// path saves in a batch.
func benchAgreements(b *testing.B) []calc.Agreement {
	rng := rand.New(rand.NewPCG(1, 1))
	out := make([]calc.Agreement, 1024)
	for i := range out {
		out[i] = genAgreement(rng, 2021)
	}
	return out
}

func BenchmarkExplain(b *testing.B) {
	e, as := engine(b, "2021"), benchAgreements(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, _ = e.Explain(&as[i%len(as)])
	}
}

func BenchmarkCompute(b *testing.B) {
	e, as := engine(b, "2021"), benchAgreements(b)
	var res calc.Result
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = e.ComputeInto(&as[i%len(as)], &res)
	}
}
