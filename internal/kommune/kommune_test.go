package kommune

import "testing"

// The embedded table has the properties checked when it was made: 357
// kommuner, the class counts of the 2024 index, every index value inside
// its class's bounds, numbers of four digits, each once.
func TestTheTableHoldsItsChecks(t *testing.T) {
	all := All()
	if len(all) != 357 {
		t.Fatalf("%d kommuner, want 357", len(all))
	}
	counts := map[int]int{}
	bounds := map[int][2]int{1: {925, 1000}, 2: {870, 924}, 3: {775, 869}, 4: {670, 774}, 5: {565, 669}, 6: {0, 564}}
	seen := map[string]bool{}
	for _, k := range all {
		counts[k.Class]++
		b, ok := bounds[k.Class]
		if !ok || k.Index < b[0] || k.Index > b[1] {
			t.Errorf("%s %s: index %d outside class %d", k.Number, k.Name, k.Index, k.Class)
		}
		if len(k.Number) != 4 || seen[k.Number] || k.Name == "" {
			t.Errorf("the row %+v", k)
		}
		seen[k.Number] = true
	}
	for class, want := range map[int]int{1: 5, 2: 21, 3: 54, 4: 65, 5: 104, 6: 108} {
		if counts[class] != want {
			t.Errorf("class %d: %d kommuner, want %d", class, counts[class], want)
		}
	}
	if k, ok := Lookup("1804"); !ok || k.Name != "Bodø" || k.Class != 3 {
		t.Errorf("1804: %+v %v", k, ok)
	}
	if _, ok := Lookup("9999"); ok {
		t.Error("9999 is no kommune")
	}
}
