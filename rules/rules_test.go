package rules

import (
	"testing"
)

func TestEmbeddedYearsLoad(t *testing.T) {
	ys := Years()
	if len(ys) < 3 {
		t.Fatalf("embedded years = %v, want at least 2019, 2020, 2021", ys)
	}
	for _, y := range ys {
		r, err := Embedded(y)
		if err != nil {
			t.Fatalf("%d: %v", y, err)
		}
		if r.Year != y {
			t.Errorf("embedded %d.yaml says year %d", y, r.Year)
		}
		for _, p := range r.Params() {
			if p.Basis == "" || len(p.References) == 0 || p.Unit == "" {
				t.Errorf("%d: %s lacks basis, unit or references", y, p.Path)
			}
		}
	}
}
