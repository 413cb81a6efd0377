package text

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
)

// referenceMoney is Money written plainly: the form the fast one is held to.
func referenceMoney(m calc.Money, l calc.Lang) string {
	neg := m < 0
	if neg {
		m = -m
	}
	whole := strconv.FormatInt(int64(m/100), 10)
	sep, dec := " ", ","
	if l == calc.EN {
		sep, dec = ",", "."
	}
	var parts []string
	for len(whole) > 3 {
		parts = append([]string{whole[len(whole)-3:]}, parts...)
		whole = whole[:len(whole)-3]
	}
	s := strings.Join(append([]string{whole}, parts...), sep)
	if m%100 != 0 {
		s += dec + strconv.FormatInt(int64(m%100)/10, 10) + strconv.FormatInt(int64(m%100)%10, 10)
	}
	if l == calc.EN {
		s = "NOK " + s
	} else {
		s += " kr"
	}
	if neg {
		s = "−" + s
	}
	return s
}

func TestMoneyAgreesWithTheReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	cases := []calc.Money{0, 1, 9, 10, 99, 100, 101, 99999, 100000, 24000000, 2469178, -1, -100, -123456789, 1<<53 + 17, math.MaxInt64, math.MinInt64 + 1}
	for p := calc.Ore(1); p < math.MaxInt64/10; p *= 10 { // each length, at its edges
		cases = append(cases, p-1, p, -p)
	}
	for range 100000 {
		m := calc.Money(rng.Int64N(1 << uint(1+rng.IntN(50))))
		if rng.IntN(5) == 0 {
			m = -m
		}
		cases = append(cases, m)
	}
	for _, m := range cases {
		for _, l := range []calc.Lang{calc.NB, calc.EN} {
			if got, want := Money(m, l), referenceMoney(m, l); got != want {
				t.Fatalf("Money(%d, %s) = %q, want %q", int64(m), l, got, want)
			}
		}
		if got, want := m.Norwegian(), referenceMoney(m, calc.NB); got != want {
			t.Fatalf("%d.Norwegian() = %q, want %q", int64(m), got, want)
		}
	}
}

// Counts and percentages for people have their thousands grouped.
func TestCountsAreGrouped(t *testing.T) {
	for _, c := range []struct {
		n      int
		nb, en string
	}{{0, "0", "0"}, {999, "999", "999"}, {1000, "1 000", "1,000"}, {1665529, "1 665 529", "1,665,529"}, {-12345, "-12 345", "-12,345"}} {
		if got := Count(c.n, calc.NB); got != c.nb {
			t.Errorf("Count(%d, nb) = %q, want %q", c.n, got, c.nb)
		}
		if got := Count(c.n, calc.EN); got != c.en {
			t.Errorf("Count(%d, en) = %q, want %q", c.n, got, c.en)
		}
	}
	if got, ok := PercentText(calc.Kroner(2792057), calc.Kroner(1000), calc.NB); !ok || got != "279 205,7 %" {
		t.Errorf("PercentText = %q, %v", got, ok)
	}
	if got, _ := PercentText(calc.Kroner(1), calc.Kroner(5), calc.EN); got != "20.0 %" {
		t.Errorf("PercentText = %q", got)
	}
}
