package calc_test

import (
	"fmt"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
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
		for _, v := range s.Rules() {
			paths = append(paths, v.Path+" ("+string(v.Basis)+")")
		}
		fmt.Println(s.Kind(), paths)
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

// The library says a result in words, as alis calc --explain does: each
// step with the rule and the source behind it, here in bokmål.
func Example_explanationInBokmal() {
	r, _ := rules.Embedded("2021")
	e, _ := calc.NewEngine(r)
	ex, _ := e.Explain(&calc.Agreement{Driftsform: calc.Naering, Start: date.MustNew(2021, 1, 1), Cost: calc.Some(calc.Kroner(300000))})
	words := text.Result(&ex, calc.NB, text.Options{Explain: true})
	words, _, _ = strings.Cut(words, "\nRegler:") // the rule file, with its checksum
	fmt.Print(words)
	// Output:
	// Tilskudd 2021 for ALIS-avtale (næringsdrift, fastlege)
	// Ordning:                       ALIS-avtaler for fastleger i næringsdrift og fastlegevikarer i næringsdrift utover et års varighet (naering)
	// Periode i 2021:                01.01.2021–31.12.2021, 12 hele måneder
	// Berettiget:                    ja
	// Tilskudd:                      240 000 kr (begrenset av taket)
	// Kommunens andel:               60 000 kr (20,0 % av kostnadene på 300 000 kr)
	//
	// Utregning:
	//  1. Ordning: næringsdrift, fastlege dekkes av «ALIS-avtaler for fastleger i næringsdrift og fastlegevikarer i næringsdrift utover et års varighet» (kap. 762, post 63).
	//     Kilde (schemes.naering.grant_types, schemes.naering.driftsformer, schemes.naering.roles, verifisert): Helsedirektoratet: Endring i tilskuddsordningen ALIS-avtaler for kommuner med rekrutteringsutfordringer (03.03.2021)
	//  2. Måneder: avtalen 01.01.2021–åpen dekker 01.01.2021–31.12.2021 av 2021, 12 hele måneder regnet fra første dag (365 dager); en påbegynt måned teller ikke. Hele måneder telles fra første dag, så 15.03–14.05 er 2: reglene sier hele måneder, ikke hvordan de telles, og denne tellingen er utledet.
	//     Kilde (proration.method, proration.partial_month_counts, utledet): Helsedirektoratet: årsrapport 2021, tabell 6.1 (tilsagn per 31.12.2021)
	//     Kilde (proration.month_count, utledet): Statsforvalteren i Oslo og Viken: ALIS-avtaler og veiledning for fastleger i 2022 (22.03.2022), «antall hele måneder»; alis domain reference: Earlier and later years (the month count)
	//  3. Tak: 240 000 kr per år × 12/12 = 240 000 kr.
	//     Kilde (schemes.naering.cap, verifisert): Helsedirektoratet: Endring i tilskuddsordningen ALIS-avtaler for kommuner med rekrutteringsutfordringer (03.03.2021)
	//  4. Egenfinansiering: kommunen dekker minst 0,20; 300 000 kr × (1 − 0,20) = 240 000 kr.
	//     Kilde (cofinancing_share, verifisert): Helsedirektoratet: Endring i tilskuddsordningen ALIS-avtaler for kommuner med rekrutteringsutfordringer (03.03.2021)
	//  5. Tilskudd: hver grense avrundes én gang til hele kroner: taket 240 000 kr (halv opp) blir 240 000 kr, egenfinansieringsgrensen 240 000 kr (nedover) blir 240 000 kr; det minste er 240 000 kr.
	//     Kilde (rounding.unit, utledet): Helsedirektoratet: årsrapport 2021, tabell 6.1 (tilsagn per 31.12.2021)
	//     Kilde (rounding.mode, antatt): alis domain reference: 2021 rules (rounding to whole kroner at the very end)
	//     Kilde (rounding.cofinancing_mode, utledet): Helsedirektoratet: Endring i tilskuddsordningen ALIS-avtaler for kommuner med rekrutteringsutfordringer (03.03.2021)
	//  6. Kommunens andel: 300 000 kr − 240 000 kr = 60 000 kr (20,0 %).
}
