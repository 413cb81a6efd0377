package calc

import (
	"encoding/json"
	"strings"
)

// Basis says what kind of figure a grant, or an element of one, is.
type Basis string

const (
	// BasisExact: every input the formula needs was given; the figure is
	// the grant.
	BasisExact Basis = "exact"
	// BasisMaximum: an input that was not given was taken at its largest
	// value (the costs, an element's amount); the figure is the most the
	// grant can be ("inntil"). Missing names the inputs that would make it
	// exact.
	BasisMaximum Basis = "maximum"
	// BasisUnknown: the grant rests on a rule value no source gives
	// (Result.Unknown) or on an input without a largest value, such as the
	// sentralitetsklasse (Missing); there is no figure.
	BasisUnknown Basis = "unknown"
)

// Bases lists the kinds of figure, in the order summaries show them.
var Bases = []Basis{BasisExact, BasisMaximum, BasisUnknown}

// The inputs that one formula reads and another does not, as members of an
// InputSet; formulaInputs says what each one is.
const (
	inDriftsform InputSet = 1 << iota
	inCost
	inSupervisionMonths
	inPercent
	inCentralityClass
	inFirstFastlegeDate
	inAbsenceCompensation
	inLearningExpenses
	inProductivityRequested
	inSupervisionHours
	inSupervisionExpenses
	inCentralityRequested
	inAgreementDated
)

// formulaInputs names each input of an InputSet, in the order of its bits.
// A new input is a constant above, an entry here and a line in given;
// TestFormulaInputs checks that the three agree.
var formulaInputs = [...]struct {
	in    InputSet
	field string
}{
	{inDriftsform, FieldDriftsform},
	{inCost, FieldCost},
	{inSupervisionMonths, FieldSupervisionMonths},
	{inPercent, FieldPercent},
	{inCentralityClass, FieldCentralityClass},
	{inFirstFastlegeDate, FieldFirstFastlegeDate},
	{inAbsenceCompensation, FieldAbsenceCompensation},
	{inLearningExpenses, FieldLearningExpenses},
	{inProductivityRequested, FieldProductivityRequested},
	{inSupervisionHours, FieldSupervisionHours},
	{inSupervisionExpenses, FieldSupervisionExpenses},
	{inCentralityRequested, FieldCentralityRequested},
	{inAgreementDated, FieldAgreementDated},
}

// FormulaInputs are the inputs that one formula reads and another does not,
// by field name: the ones a result may say are missing (InputSet) or were
// given but not used. The rest (the agreement's dates, role, grant type,
// the conditions of eligibility) every formula reads.
var FormulaInputs = func() []string {
	names := make([]string, len(formulaInputs))
	for i, f := range formulaInputs {
		names[i] = f.field
	}
	return names
}()

// InputSet is a set of FormulaInputs. It marshals to JSON as their names,
// in FormulaInputs' order.
type InputSet uint32

// Has says whether the set holds the input of that field name.
func (s InputSet) Has(field string) bool {
	for i, f := range FormulaInputs {
		if f == field {
			return s&(1<<i) != 0
		}
	}
	return false
}

// Names lists the set's inputs by field name.
func (s InputSet) Names() []string {
	out := []string{}
	for i, f := range FormulaInputs {
		if s&(1<<i) != 0 {
			out = append(out, f)
		}
	}
	return out
}

// String is the names, separated by spaces.
func (s InputSet) String() string { return strings.Join(s.Names(), " ") }

// AppendTo appends the names, separated by sep, without allocating.
func (s InputSet) AppendTo(b []byte, sep byte) []byte {
	if s == 0 {
		return b
	}
	first := true
	for i, f := range FormulaInputs {
		if s&(1<<i) != 0 {
			if !first {
				b = append(b, sep)
			}
			b, first = append(b, f...), false
		}
	}
	return b
}

// MarshalJSON writes the names.
func (s InputSet) MarshalJSON() ([]byte, error) { return json.Marshal(s.Names()) }

// given is the set of formula inputs an agreement gives.
func given(a *Agreement) InputSet {
	var s InputSet
	if a.Driftsform != "" {
		s |= inDriftsform
	}
	if a.Cost.Ok() {
		s |= inCost
	}
	if a.SupervisionMonths.Ok() {
		s |= inSupervisionMonths
	}
	if len(a.Employment) > 0 {
		s |= inPercent
	}
	if a.CentralityClass != 0 {
		s |= inCentralityClass
	}
	if !a.FirstFastlegeDate.IsZero() {
		s |= inFirstFastlegeDate
	}
	if a.AbsenceCompensation.Ok() {
		s |= inAbsenceCompensation
	}
	if a.LearningExpenses.Ok() {
		s |= inLearningExpenses
	}
	if a.ProductivityRequested.Ok() {
		s |= inProductivityRequested
	}
	if a.SupervisionHours.Ok() {
		s |= inSupervisionHours
	}
	if a.SupervisionExpenses.Ok() {
		s |= inSupervisionExpenses
	}
	if a.CentralityRequested.Ok() {
		s |= inCentralityRequested
	}
	if !a.AgreementDated.IsZero() {
		s |= inAgreementDated
	}
	return s
}

// basisOf is the kind of figure of a grant or an element: unknown without
// a figure, a maximum when an input was taken at its largest value.
func basisOf(known bool, missing InputSet) Basis {
	switch {
	case !known:
		return BasisUnknown
	case missing != 0:
		return BasisMaximum
	}
	return BasisExact
}
