package calc_test

import (
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/internal/fuzzseed"
)

// addSeeds adds every file of testdata/fuzz/<dir> to the corpus.
func addSeeds(f *testing.F, dir string) {
	for _, b := range fuzzseed.Files(f, dir) {
		f.Add(string(b))
	}
}

// FuzzParseAmount: any text either fails with ErrAmount or gives a
// non-negative amount that reads back the same from its canonical form.
func FuzzParseAmount(f *testing.F) {
	addSeeds(f, "amount")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := calc.ParseAmount(s)
		if err != nil {
			if m != 0 {
				t.Fatalf("%q: error with a value %s", s, m)
			}
			return
		}
		if m < 0 || m > calc.Ore(999_999_999_999_99) {
			t.Fatalf("%q: out of range %s", s, m)
		}
		back, err := calc.ParseAmount(m.String())
		if err != nil || back != m {
			t.Fatalf("%q → %s → %s, %v", s, m, back, err)
		}
		n := m.Norwegian()
		back, err = calc.ParseAmount(n)
		if err != nil || back != m {
			t.Fatalf("%q → %s → %q → %s, %v", s, m, n, back, err)
		}
	})
}
