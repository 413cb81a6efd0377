package output

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
)

// The reasons' text a chunk remembers is their messages joined, row after
// row, in either language, whether the reasons repeat a row before or not.
func TestReasonTextsAgreeWithTheMessages(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	reasons := testReasons
	var c reasonTexts
	var rs []calc.Reason
	hits := 0
	for i := range 20_000 {
		if rng.IntN(3) > 0 {
			rs = rs[:0:0]
			for range rng.IntN(3) {
				rs = append(rs, reasons[rng.IntN(len(reasons))])
			}
		}
		l := []calc.Lang{calc.NB, calc.EN}[rng.IntN(2)]
		var parts []string
		for _, r := range rs {
			parts = append(parts, r.Message(l))
		}
		before := c.next
		if got, want := c.text(rs, l), strings.Join(parts, "; "); got != want {
			t.Fatalf("row %d (%s, %v): %q, want %q", i, l, rs, got, want)
		}
		if c.next == before && len(rs) > 0 {
			hits++
		}
	}
	if hits == 0 {
		t.Fatal("no list of reasons was found among those remembered")
	}
}
