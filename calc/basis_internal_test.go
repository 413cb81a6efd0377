package calc

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/rules/date"
)

// Each input of formulaInputs holds the bit of its place, so that Names,
// Has and FormulaInputs name the input that given set; and each is given
// by its own field of an agreement and by no other.
func TestFormulaInputs(t *testing.T) {
	seen := map[string]bool{}
	for i, f := range formulaInputs {
		if f.in != 1<<i {
			t.Errorf("formulaInputs[%d] (%s) holds bit %b, want %b", i, f.field, f.in, 1<<i)
		}
		if seen[f.field] {
			t.Errorf("%s listed twice", f.field)
		}
		seen[f.field] = true
		if FormulaInputs[i] != f.field {
			t.Errorf("FormulaInputs[%d] = %s, want %s", i, FormulaInputs[i], f.field)
		}
	}
	if g := given(&Agreement{}); g != 0 {
		t.Errorf("an empty agreement gives %v", g)
	}
	day := date.MustNew(2025, time.September, 1)
	one := map[string]func(a *Agreement){
		FieldDriftsform:            func(a *Agreement) { a.Driftsform = "naering" },
		FieldCost:                  func(a *Agreement) { a.Cost = Some(Money(0)) },
		FieldSupervisionMonths:     func(a *Agreement) { a.SupervisionMonths = Some(0) },
		FieldPercent:               func(a *Agreement) { a.Employment = []Employment{{From: day, To: day}} },
		FieldCentralityClass:       func(a *Agreement) { a.CentralityClass = 3 },
		FieldFirstFastlegeDate:     func(a *Agreement) { a.FirstFastlegeDate = day },
		FieldAbsenceCompensation:   func(a *Agreement) { a.AbsenceCompensation = Some(Money(0)) },
		FieldLearningExpenses:      func(a *Agreement) { a.LearningExpenses = Some(Money(0)) },
		FieldProductivityRequested: func(a *Agreement) { a.ProductivityRequested = Some(Money(0)) },
		FieldSupervisionHours:      func(a *Agreement) { a.SupervisionHours = Some(decimal.Zero) },
		FieldSupervisionExpenses:   func(a *Agreement) { a.SupervisionExpenses = Some(Money(0)) },
		FieldCentralityRequested:   func(a *Agreement) { a.CentralityRequested = Some(Money(0)) },
		FieldAgreementDated:        func(a *Agreement) { a.AgreementDated = day },
	}
	if len(one) != len(formulaInputs) {
		t.Fatalf("the test sets %d inputs, formulaInputs has %d", len(one), len(formulaInputs))
	}
	for field, set := range one {
		var a Agreement
		set(&a)
		if got := given(&a).Names(); len(got) != 1 || got[0] != field {
			t.Errorf("an agreement with only %s gives %v", field, got)
		}
	}
}
