package batch

import (
	"testing"

	"github.com/alis-tilskudd/alis/calc"
)

// The store gives the grants back in order, across its blocks and after a
// grant too wide for four bytes.
func TestGrantStoreKeepsOrder(t *testing.T) {
	var s grantStore
	var want []calc.Money
	for i := range 3*storeBlock + 5 {
		g := calc.Money(i * 7)
		if i == 2*storeBlock+1 {
			g = 1 << 40 // 10 995 116 277,76 kr: wider than four bytes
		}
		s.add(g)
		want = append(want, g)
	}
	i := 0
	s.each(func(g calc.Money) {
		if i >= len(want) || g != want[i] {
			t.Fatalf("grant %d is %v, want %v", i, g, want[min(i, len(want)-1)])
		}
		i++
	})
	if i != len(want) || s.n != len(want) {
		t.Fatalf("%d grants back (n %d), want %d", i, s.n, len(want))
	}
}
