package rules_test

import (
	"fmt"

	"github.com/alis-tilskudd/alis/rules"
)

// Every value of a rule set carries its unit, its basis and its sources; a
// what-if changes one for a run, and the diff says what changed.
func ExampleRules_Set() {
	r, err := rules.Embedded("2021")
	if err != nil {
		panic(err)
	}
	cap := r.Scheme("naering").Value("cap")
	fmt.Println(cap.Path, cap, cap.Unit, cap.Basis)
	whatIf, err := r.Set("cap=300000")
	if err != nil {
		panic(err)
	}
	for _, c := range rules.Diff(r, whatIf) {
		fmt.Println(c.Kind, c.Param, c.From.Value, "→", c.To.Value, c.To.Basis)
	}
	fmt.Println(whatIf.Label())
	// Output:
	// schemes.naering.cap 240000 NOK/year verified
	// changed schemes.naering.cap 240000 → 300000 assumed
	// changed schemes.fastlonn.cap 240000 → 300000 assumed
	// 2021+cap=300000
}
