package calc_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
)

func TestWhyEligibilityChanged(t *testing.T) {
	r2021, err := rules.Embedded("2021")
	if err != nil {
		t.Fatal(err)
	}
	// The same file with a shorter vikariat required: a vikar of seven
	// months is eligible under it and not under the file itself.
	shorter, err := r2021.Set("vikar.min_months=6")
	if err != nil {
		t.Fatal(err)
	}
	e2021, eShorter := mustEngine(t, r2021), mustEngine(t, shorter)
	// 2020 covers neither fastlønn nor vikarer.
	e2020 := engine(t, "2020")

	vikar := calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleVikar, Start: day("2021-01-01"), End: day("2021-07-31")}
	fastlonn := calc.Agreement{Driftsform: calc.Fastlonn, Start: day("2021-01-01")}
	fastlege := calc.Agreement{Driftsform: calc.Naering, Start: day("2021-01-01")}

	tests := []struct {
		name          string
		first, second *calc.Engine
		a             calc.Agreement
		shifted       bool // compute the second under the first's year
		want          calc.Change
		changed       bool
	}{
		{
			name: "same eligibility", first: e2021, second: eShorter, a: fastlege,
		},
		{
			name: "a shorter vikariat required", first: e2021, second: eShorter, a: vikar, changed: true,
			want: calc.Change{Gained: true, Causes: []calc.Cause{{Param: "schemes.naering.vikar.min_months", From: "12", To: "6", HasFrom: true, HasTo: true}}},
		},
		{
			name: "the other way round", first: eShorter, second: e2021, a: vikar, changed: true,
			want: calc.Change{Gained: false, Causes: []calc.Cause{{Param: "schemes.naering.vikar.min_months", From: "6", To: "12", HasFrom: true, HasTo: true}}},
		},
		{
			name: "no scheme for fastlønn in the first", first: e2020, second: e2021, a: fastlonn, shifted: true, changed: true,
			want: calc.Change{Gained: true, Causes: []calc.Cause{{Scheme: true, Driftsform: calc.Fastlonn, From: "", To: "fastlonn"}}},
		},
		{
			name: "no scheme for fastlønn in the second", first: e2021, second: e2020, a: fastlonn, shifted: true, changed: true,
			want: calc.Change{Gained: false, Causes: []calc.Cause{{Scheme: true, Driftsform: calc.Fastlonn, From: "fastlonn", To: ""}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			first := computeBoth(t, tc.first, shiftTo(tc.a, tc.first))
			second := computeBoth(t, tc.second, shiftTo(tc.a, tc.second))
			got, changed := calc.Why(&first, &second)
			if changed != tc.changed {
				t.Fatalf("changed = %v, want %v (eligible %v, %v)", changed, tc.changed, first.Eligible, second.Eligible)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Why (-want +got):\n%s", diff)
			}
		})
	}
}

// A reason whose rule value is the same on both sides (the period moved
// under the agreement) is given as the reason itself.
func TestWhyNamesTheReasonWhenTheValueIsTheSame(t *testing.T) {
	e2021 := engine(t, "2021")
	r2021, err := rules.Embedded("2021")
	if err != nil {
		t.Fatal(err)
	}
	later, err := r2021.Shift(1)
	if err != nil {
		t.Fatal(err)
	}
	eLater := mustEngine(t, later)
	// Four grant years already, and a fifth starting: not eligible in any
	// period. One year less than the limit under 2021, so eligible there.
	a := calc.Agreement{Driftsform: calc.Naering, Start: day("2021-01-01"), PriorYears: 3}
	first := computeBoth(t, e2021, a)
	b := a
	b.PriorYears = 4
	b.Start = day("2022-01-01")
	second := computeBoth(t, eLater, b)
	got, changed := calc.Why(&first, &second)
	if !changed || got.Gained || len(got.Causes) != 1 {
		t.Fatalf("Why = %+v, %v", got, changed)
	}
	c := got.Causes[0]
	if c.Param != "schemes.naering.max_grant_years" || c.From != "4" || c.To != "4" || c.Reason == nil || c.Reason.Code != calc.MaxGrantYearsReached {
		t.Errorf("cause = %+v", c)
	}
}

func mustEngine(t *testing.T, r *rules.Rules) *calc.Engine {
	t.Helper()
	e, err := calc.NewEngine(r)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// shiftTo moves an agreement of 2021 into the engine's first year.
func shiftTo(a calc.Agreement, e *calc.Engine) calc.Agreement {
	n := e.Rules().Year() - 2021
	a.Start = a.Start.AddMonths(12 * n)
	if !a.End.IsZero() {
		a.End = a.End.AddMonths(12 * n)
	}
	return a
}
