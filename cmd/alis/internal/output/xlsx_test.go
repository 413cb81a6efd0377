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
	hits, alone := 0, 0
	for i := range 20_000 {
		if rng.IntN(3) > 0 {
			rs = rs[:0:0]
			for range rng.IntN(3) {
				rs = append(rs, reasons[rng.IntN(len(reasons))])
			}
		}
		l := []calc.Lang{calc.NB, calc.EN}[rng.IntN(2)]
		var parts []string
		repeats := len(rs) > 0
		for _, r := range rs {
			parts = append(parts, r.Message(l))
			repeats = repeats && r.From.IsZero() && r.To.IsZero() && r.Need.IsZero()
		}
		before := c.next
		got, shared := c.text(rs, l)
		if want := strings.Join(parts, "; "); got != want || shared != repeats {
			t.Fatalf("row %d (%s, %v): %q shared %v, want %q shared %v", i, l, rs, got, shared, want, repeats)
		}
		if c.next == before && len(rs) > 0 {
			hits++
		}
		if len(rs) > 0 && !shared {
			alone++
		}
	}
	if hits == 0 {
		t.Fatal("no list of reasons was found among those remembered")
	}
	if alone == 0 {
		t.Fatal("no list of reasons named a day of the agreement's own")
	}
}
