package digits

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// Every writer agrees with strconv, at each length and its edges and over
// random numbers.
func TestAgreesWithStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 7))
	var ns []uint64
	for p := uint64(1); p < math.MaxUint64/10; p *= 10 {
		ns = append(ns, p-1, p, p+1)
	}
	for range 10000 {
		ns = append(ns, rng.Uint64()>>rng.IntN(64))
	}
	ns = append(ns, 0, math.MaxUint64)
	for _, n := range ns {
		want := strconv.FormatUint(n, 10)
		if got := string(Append([]byte("x"), n)); got != "x"+want {
			t.Fatalf("Append(%d) = %s", n, got)
		}
		if got := count(n); got != len(want) {
			t.Fatalf("count(%d) = %d", n, got)
		}
		if got, g := string(AppendGrouped(nil, n, ' ')), grouped(want); got != g {
			t.Fatalf("AppendGrouped(%d) = %q, want %q", n, got, g)
		}
		if n <= math.MaxInt64 {
			i := int64(n)
			for _, v := range []int64{i, -i} {
				if got, want := string(AppendHundredths(nil, v, ',')), hundredths(v); got != want {
					t.Fatalf("AppendHundredths(%d) = %s, want %s", v, got, want)
				}
			}
		}
	}
}

func grouped(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func hundredths(v int64) string {
	sign := ""
	u := uint64(v)
	if v < 0 {
		sign, u = "-", -u
	}
	frac := strconv.FormatUint(u%100, 10)
	if len(frac) < 2 {
		frac = "0" + frac
	}
	return sign + strconv.FormatUint(u/100, 10) + "," + frac
}
