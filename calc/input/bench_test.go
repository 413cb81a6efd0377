package input

import (
	"testing"

	"github.com/alis-tilskudd/alis/calc"
)

// BenchmarkParse reads the fields of one row as a batch worker does: an
// amount, two dates, the words of a driftsform and a role, a count.
func BenchmarkParse(b *testing.B) {
	row := [][2]string{{calc.FieldCost, "312 500,50"}, {calc.FieldStart, "01.08.2021"}, {calc.FieldEnd, "2022-01-31"},
		{calc.FieldDriftsform, "Næringsdrift"}, {calc.FieldRole, "Fastlegevikar"}, {calc.FieldPriorYears, "2"}}
	var a calc.Agreement
	for range b.N {
		for _, f := range row {
			if err := Set(&a, f[0], f[1]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
