package calc

import (
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Lang is the language of messages: NB (bokmål), NN (nynorsk) or EN.
type Lang = msg.Lang

// The languages.
const (
	NB = msg.NB
	NN = msg.NN
	EN = msg.EN
)

// ParseLang accepts nb (also no, nob, nb_NO.UTF-8), nn and en.
func ParseLang(s string) (Lang, error) { return msg.ParseLang(s) }

// Code names a reason for ineligibility. Codes are stable: scripts may rely on them.
type Code string

const (
	NoScheme               Code = "no_scheme"
	RoleNotCovered         Code = "role_not_covered"
	VikariatTooShort       Code = "vikariat_too_short"
	VikariatLengthUnknown  Code = "vikariat_length_unknown"
	NoDaysInYear           Code = "no_days_in_year"
	MaxGrantYearsReached   Code = "max_grant_years_reached"
	AppliedAfterDeadline   Code = "applied_after_deadline"
	StaffingAgencyExcluded Code = "staffing_agency_excluded"
	NotInTraining          Code = "not_in_training"
	PositionNotCovered     Code = "position_not_covered"
	SignedAfterPeriod      Code = "signed_after_period"
)

// Codes lists every reason code in the order they are checked.
var Codes = []Code{NoScheme, RoleNotCovered, NoDaysInYear, SignedAfterPeriod, VikariatTooShort, VikariatLengthUnknown, MaxGrantYearsReached, AppliedAfterDeadline, StaffingAgencyExcluded, NotInTraining, PositionNotCovered}

// Reason is one reason an agreement gets no grant, with the rule that
// decided it. It marshals as {code, rule}; Message says it in words.
type Reason struct {
	Code  Code   `json:"code"`
	Param string `json:"rule"` // the rule-file value that decided it, as in "vikar.min_months"

	// Facts for the message; which are set depends on the code.
	Period     string     `json:"-"`
	GrantType  GrantType  `json:"-"`
	Driftsform Driftsform `json:"-"`
	Role       Role       `json:"-"`
	Scheme     string     `json:"-"`
	From, To   date.Date  `json:"-"` // a period, or (To) the date a vikariat must reach
	Need       date.Date  `json:"-"` // the day a vikariat must reach; the day the agreement was signed
	// Count is the vikariat's least months, or the doctor's grant years
	// before (MaxGrantYearsReached, of at most MaxYears).
	Count, MaxYears int `json:"-"`
	// AtLeast: a vikariat of exactly Count months qualifies (else it must
	// be longer).
	AtLeast bool `json:"-"`
	// Else is the rule file's note on what covered such agreements
	// instead (no_scheme.DRIFTSFORM), for NoScheme; nil when it has none.
	Else *rules.Value `json:"-"`
}

func (r Reason) day(l Lang, d date.Date) string {
	if l.Norwegian() {
		return d.Norwegian()
	}
	return d.String()
}

// Message says the reason in a full clause, in the given language.
func (r Reason) Message(l Lang) string {
	switch r.Code {
	case NoScheme:
		if r.GrantType == Veiledning {
			return msg.T(l, "no scheme in %s gives grants for supervision only", r.Period)
		}
		text := msg.T(l, "no scheme in %s covers ALIS %s", r.Period, DriftsformName(r.Driftsform, l))
		if r.Else != nil {
			text += "; " + r.Else.NoteIn(l)
		}
		return text
	case RoleNotCovered:
		return msg.T(l, "the scheme %s does not cover %s in %s", r.Scheme, RoleName(r.Role, l, true), r.Period)
	case NoDaysInYear:
		to := r.day(l, r.To)
		if r.To.IsZero() {
			to = msg.S(l, "(open)")
		}
		return msg.T(l, "the agreement period %s to %s has no day in %s", r.day(l, r.From), to, r.Period)
	case SignedAfterPeriod:
		return msg.T(l, "the agreement was signed %s, after its time in %s ends (%s), and there is no grant for the time before it was signed", r.day(l, r.Need), r.Period, r.day(l, r.To))
	case VikariatTooShort:
		if r.AtLeast {
			return msg.T(l, "the vikariat %s to %s does not last at least %d months (it must run until at least %s)", r.day(l, r.From), r.day(l, r.To), r.Count, r.day(l, r.Need))
		}
		return msg.T(l, "the vikariat %s to %s does not last more than %d months (it must run until at least %s)", r.day(l, r.From), r.day(l, r.To), r.Count, r.day(l, r.Need))
	case VikariatLengthUnknown:
		if r.AtLeast {
			return msg.T(l, "the vikariat has no end date, so whether it lasts at least %d months cannot be known", r.Count)
		}
		return msg.T(l, "the vikariat has no end date, so whether it lasts more than %d months cannot be known", r.Count)
	case MaxGrantYearsReached:
		return msg.T(l, "the doctor has already had grants for %d years, and a grant may follow a doctor for at most %d years", r.Count, r.MaxYears)
	case AppliedAfterDeadline:
		return msg.T(l, "the application of %s came after the deadline %s", r.day(l, r.From), r.day(l, r.To))
	case StaffingAgencyExcluded:
		return msg.T(l, "doctors tied to a staffing agency get no grant in %s", r.Period)
	case PositionNotCovered:
		return msg.T(l, "the scheme %s covers none of the agreement's positions in %s", r.Scheme, r.Period)
	case NotInTraining:
		return msg.T(l, "the doctor must be in the new specialist training (LIS3) for a grant in %s", r.Period)
	}
	return string(r.Code)
}

// DriftsformName names a driftsform in a clause: "næringsdrift", "fastlønn
// (ansatt i kommunen)".
func DriftsformName(df Driftsform, l Lang) string {
	switch df {
	case Naering:
		return msg.S(l, "in næringsdrift (self-employed)")
	case Fastlonn:
		return msg.S(l, "on fastlønn (employed by the kommune)")
	}
	return string(df)
}

// RoleName names a role; plural for "fastleger", "vikarer".
func RoleName(r Role, l Lang, plural bool) string {
	switch {
	case r == RoleFastlege && plural:
		return msg.S(l, "fastleger (GPs)")
	case r == RoleFastlege:
		return msg.S(l, "fastlege (GP)")
	case r == RoleVikar && plural:
		return msg.S(l, "vikarer (locums)")
	case r == RoleVikar:
		return msg.S(l, "vikar (locum)")
	}
	return string(r)
}
