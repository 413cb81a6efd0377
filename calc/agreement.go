package calc

import (
	"fmt"

	"github.com/alis-tilskudd/alis/internal/clip"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Agreement is one ALIS-avtale as it stands in one grant year.
type Agreement struct {
	ID      string
	Kommune string // kommune number, 4 digits; optional

	Driftsform rules.Driftsform
	Role       rules.Role

	Start date.Date
	End   date.Date // zero: open-ended, running past the year

	// The vikariat, for a vikar. Zero values default to the agreement's dates.
	VikariatStart date.Date
	VikariatEnd   date.Date

	// Cost is the documented costs of the agreement's measures in the year.
	// Without it (HasCost false) the result shows the largest grant and the
	// cost needed to reach it.
	Cost    Money
	HasCost bool

	PriorYears     int       // grant years this doctor has had before
	Applied        date.Date // application date; zero when not given
	StaffingAgency bool      // the doctor is tied to a staffing agency (vikarbyrå)
}

// Field names, as used in InputError and as canonical CSV column names.
const (
	FieldID             = "id"
	FieldKommune        = "kommune"
	FieldDriftsform     = "driftsform"
	FieldRole           = "role"
	FieldStart          = "start"
	FieldEnd            = "end"
	FieldVikariatStart  = "vikariat_start"
	FieldVikariatEnd    = "vikariat_end"
	FieldCost           = "cost"
	FieldPriorYears     = "prior_years"
	FieldApplied        = "applied"
	FieldStaffingAgency = "staffing_agency"
)

// InputError is an agreement that cannot be computed: a value is missing,
// malformed or contradicts another.
type InputError struct {
	Field string
	Msg   string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Msg }

// MaxPriorYears bounds the prior grant years accepted.
const MaxPriorYears = 100

// Validate checks that the agreement can be computed.
func (a *Agreement) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &InputError{Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if a.Kommune != "" && !isKommuneNumber(a.Kommune) {
		return bad(FieldKommune, "%s is not a kommune number (4 digits, such as 0301)", clip.Quote(a.Kommune))
	}
	switch a.Driftsform {
	case rules.Naering, rules.Fastlonn:
	case "":
		return bad(FieldDriftsform, "missing: give naering or fastlonn")
	default:
		return bad(FieldDriftsform, "unknown driftsform %s", clip.Quote(string(a.Driftsform)))
	}
	switch a.Role {
	case rules.Fastlege, rules.Vikar:
	case "":
		return bad(FieldRole, "missing: give fastlege or vikar")
	default:
		return bad(FieldRole, "unknown role %s", clip.Quote(string(a.Role)))
	}
	if a.Start.IsZero() {
		return bad(FieldStart, "missing: the agreement's start date is required")
	}
	if !a.End.IsZero() && a.End.Before(a.Start) {
		return bad(FieldEnd, "%s is before the start %s", a.End, a.Start)
	}
	vs, ve := a.Vikariat()
	if !ve.IsZero() && ve.Before(vs) {
		return bad(FieldVikariatEnd, "%s is before the vikariat's start %s", ve, vs)
	}
	if a.HasCost && (a.Cost < 0 || a.Cost > MaxCost) {
		if a.Cost < 0 {
			return bad(FieldCost, "%s is negative", a.Cost)
		}
		return bad(FieldCost, "%s is more than %s, the most alis accepts for one agreement", a.Cost, MaxCost)
	}
	if a.PriorYears < 0 || a.PriorYears > MaxPriorYears {
		return bad(FieldPriorYears, "%d is outside 0..%d", a.PriorYears, MaxPriorYears)
	}
	return nil
}

// Vikariat returns the vikariat's dates, defaulting to the agreement's.
func (a *Agreement) Vikariat() (start, end date.Date) {
	start, end = a.VikariatStart, a.VikariatEnd
	if start.IsZero() {
		start = a.Start
	}
	if end.IsZero() {
		end = a.End
	}
	return start, end
}

func isKommuneNumber(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
