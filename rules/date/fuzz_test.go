package date

import (
	"testing"

	"github.com/alis-tilskudd/alis/internal/fuzzseed"
)

// FuzzParseDate: any text either fails or gives a real date whose two
// written forms read back to it.
func FuzzParseDate(f *testing.F) {
	for _, b := range fuzzseed.Files(f, "date") {
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		if d.Day() < 1 || d.Day() > DaysIn(d.Year(), d.Month()) {
			t.Fatalf("%q gave an impossible date %v", s, d)
		}
		for _, form := range []string{d.String(), d.Norwegian()} {
			back, err := Parse(form)
			if err != nil || back != d {
				t.Fatalf("%q → %s → %q → %s, %v", s, d, form, back, err)
			}
		}
		if d.AddMonths(1).Before(d) || !d.Next().After(d) || FromDayNumber(d.DayNumber()) != d {
			t.Fatalf("arithmetic on %s is inconsistent", d)
		}
	})
}
