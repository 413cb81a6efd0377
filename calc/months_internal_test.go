package calc

import (
	"testing"

	"github.com/alis-tilskudd/alis/rules/date"
)

// wholeMonths computes directly what counting month by month gives: held
// to the count over every pair of days in three years, leap years and
// month ends included.
func TestWholeMonthsAgreesWithCounting(t *testing.T) {
	counting := func(from, to date.Date) (int, bool) {
		after, n := to.Next(), 0
		for from.AddMonths(n+1).Compare(after) <= 0 {
			n++
		}
		return n, from.AddMonths(n) != after
	}
	first := date.MustNew(2023, 11, 1).DayNumber()
	last := date.MustNew(2025, 3, 31).DayNumber()
	step := 1
	if testing.Short() {
		step = 7
	}
	for f := first; f <= last; f += step {
		from := date.FromDayNumber(f)
		for u := f; u <= last; u++ {
			to := date.FromDayNumber(u)
			n, p := wholeMonths(from, to)
			wn, wp := counting(from, to)
			if n != wn || p != wp {
				t.Fatalf("wholeMonths(%s, %s) = %d, %v; counting gives %d, %v", from, to, n, p, wn, wp)
			}
		}
	}
}
