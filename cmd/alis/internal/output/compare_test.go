package output

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/rules/date"
)

// testReasons are reasons of several codes, some alike but for a fact.
var testReasons = []calc.Reason{
	{Code: calc.NoScheme, Param: "schemes", Period: "2020", Driftsform: calc.Fastlonn},
	{Code: calc.NoScheme, Param: "schemes", Period: "2020", Driftsform: calc.Naering},
	{Code: calc.MaxGrantYearsReached, Param: "schemes.naering.max_grant_years", Count: 5, MaxYears: 5},
	{Code: calc.MaxGrantYearsReached, Param: "schemes.naering.max_grant_years", Count: 6, MaxYears: 5},
	{Code: calc.StaffingAgencyExcluded, Param: "staffing_agency_excluded", Period: "2021"},
	{Code: calc.NoDaysInYear, Param: "year"},
	{Code: calc.VikariatTooShort, Param: "vikar_min_months", Count: 12, From: date.MustNew(2021, 3, 1), To: date.MustNew(2021, 9, 30), Need: date.MustNew(2022, 3, 1)},
}

// A chunk's cached why text is the text WhyText gives, row after row,
// whether the results repeat the row before or not.
func TestWhyCacheAgreesWithWhyText(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	reasons := testReasons
	result := func() calc.Result {
		r := calc.Result{Eligible: rng.IntN(2) == 0, Scheme: []string{"", "naering", "fastlonn"}[rng.IntN(3)]}
		if !r.Eligible {
			for range 1 + rng.IntN(2) {
				r.Reasons = append(r.Reasons, reasons[rng.IntN(len(reasons))])
			}
		}
		return r
	}
	var c whyCache
	res := []calc.Result{result(), result(), result()}
	for i := range 20_000 {
		if rng.IntN(3) > 0 { // a new row, else the one before again
			res = []calc.Result{result(), result(), result()}
		}
		for _, l := range []calc.Lang{calc.NB, calc.EN} {
			if got, want := c.text(res, l), WhyText(res, l); got != want {
				t.Fatalf("row %d (%s): cached %q, WhyText %q", i, l, got, want)
			}
		}
	}
}

// Every column of the output is a reserved name, which a carried input
// column may not take.
func TestResultColumnsAreReserved(t *testing.T) {
	for _, name := range append([]string{"line", "lines", "id", "allocated_grant"}, ResultColumns...) {
		if !slices.Contains(batch.ReservedNames, name) {
			t.Errorf("%s is an output column but not reserved", name)
		}
	}
}
