package calc_test

import (
	"fmt"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// A kommune's service computes the grant for one agreement under the
// embedded 2021 rules.
func ExampleEngine_Compute() {
	r, err := rules.Embedded("2021")
	if err != nil {
		panic(err)
	}
	e, err := calc.NewEngine(r)
	if err != nil {
		panic(err)
	}
	res, err := e.Compute(&calc.Agreement{
		Driftsform: calc.Fastlonn,
		Start:      date.MustNew(2021, 8, 1),
		Cost:       calc.Some(calc.Kroner(400000)),
	})
	if err != nil {
		panic(err)
	}
	grant, _ := res.Grant.Get()
	share, _ := res.KommuneShare.Get()
	fmt.Println(res.Scheme, res.Eligible, res.Months, grant, share, res.LimitedBy)
	// Output: fastlonn true 5 100000.00 300000.00 cap
}

// A batch total: every agreement computed into one reused Result, and the
// grants added up per scheme, exactly.
func ExampleEngine_ComputeInto() {
	r, _ := rules.Embedded("2021")
	e, _ := calc.NewEngine(r)
	agreements := []calc.Agreement{
		{ID: "A", Driftsform: calc.Naering, Start: date.MustNew(2021, 1, 1), Cost: calc.Some(calc.Kroner(300000))},
		{ID: "B", Driftsform: calc.Naering, Start: date.MustNew(2021, 1, 1), Cost: calc.Some(calc.Ore(12345678))},
		{ID: "C", Driftsform: calc.Fastlonn, Start: date.MustNew(2021, 7, 1)},
		{ID: "D", Driftsform: calc.Naering, Role: calc.RoleVikar, Start: date.MustNew(2021, 1, 1), End: date.MustNew(2021, 12, 31)},
	}
	totals := map[string]calc.Money{}
	var res calc.Result
	for i := range agreements {
		if err := e.ComputeInto(&agreements[i], &res); err != nil {
			panic(err)
		}
		totals[res.Scheme] += res.Grant.Or(0)
	}
	fmt.Println(totals["naering"], totals["fastlonn"])
	// Output: 338765.00 120000.00
}

// Explain gives the same result, with each step and the rule values behind
// it; a printer says them in words.
func ExampleEngine_Explain() {
	r, _ := rules.Embedded("2021")
	e, _ := calc.NewEngine(r)
	ex, _ := e.Explain(&calc.Agreement{Driftsform: calc.Naering, Start: date.MustNew(2021, 1, 1), Cost: calc.Some(calc.Ore(10000100))})
	for _, s := range ex.Steps {
		var paths []string
		for _, v := range s.Params {
			paths = append(paths, v.Path+" ("+string(v.Basis)+")")
		}
		fmt.Println(s.Kind, paths)
	}
	fmt.Println(ex.Grant)
	// Output:
	// scheme [schemes.naering.grant_types (verified) schemes.naering.driftsformer (verified) schemes.naering.roles (verified)]
	// period [proration.method (inferred) proration.partial_month_counts (inferred) proration.month_count (inferred)]
	// cap [schemes.naering.cap (verified)]
	// cofinancing [cofinancing_share (verified)]
	// rounding [rounding.unit (inferred) rounding.mode (assumed) rounding.cofinancing_mode (inferred)]
	// kommune_share []
	// 80000.00
}
