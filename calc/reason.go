package calc

import (
	"fmt"

	"github.com/alis-tilskudd/alis/rules/date"
)

// Lang is the language of messages: NB (bokmål) or EN.
type Lang string

const (
	NB Lang = "nb"
	EN Lang = "en"
)

// ParseLang accepts nb (also no, nob) and en.
func ParseLang(s string) (Lang, error) {
	switch s {
	case "nb", "no", "nob", "nb-NO", "nb_NO":
		return NB, nil
	case "en", "eng", "en-GB", "en-US":
		return EN, nil
	}
	return "", fmt.Errorf("unknown language %q: use nb or en", s)
}

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
)

// Codes lists every reason code in the order they are checked.
var Codes = []Code{NoScheme, RoleNotCovered, NoDaysInYear, VikariatTooShort, VikariatLengthUnknown, MaxGrantYearsReached, AppliedAfterDeadline, StaffingAgencyExcluded, NotInTraining, PositionNotCovered}

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
	Need       date.Date  `json:"-"`
	N, Max     int        `json:"-"`
	Flag       bool       `json:"-"`
}

func (r Reason) day(l Lang, d date.Date) string {
	if l == NB {
		return d.Norwegian()
	}
	return d.String()
}

// Message says the reason in a full clause, in the given language.
func (r Reason) Message(l Lang) string {
	nb := l == NB
	switch r.Code {
	case NoScheme:
		if r.GrantType == Veiledning {
			if nb {
				return fmt.Sprintf("ingen tilskuddsordning i %s gir tilskudd til veiledning alene", r.Period)
			}
			return fmt.Sprintf("no scheme in %s gives grants for supervision only", r.Period)
		}
		if nb {
			return fmt.Sprintf("ingen tilskuddsordning i %s dekker ALIS i %s", r.Period, DriftsformName(r.Driftsform, l))
		}
		return fmt.Sprintf("no scheme in %s covers ALIS %s", r.Period, DriftsformName(r.Driftsform, l))
	case RoleNotCovered:
		if nb {
			return fmt.Sprintf("ordningen %s dekker ikke %s i %s", r.Scheme, RoleName(r.Role, l, true), r.Period)
		}
		return fmt.Sprintf("the scheme %s does not cover %s in %s", r.Scheme, RoleName(r.Role, l, true), r.Period)
	case NoDaysInYear:
		to := r.day(l, r.To)
		if r.To.IsZero() {
			to = map[bool]string{true: "(åpen)", false: "(open)"}[nb]
		}
		if nb {
			return fmt.Sprintf("avtaleperioden %s–%s har ingen dag i %s", r.day(l, r.From), to, r.Period)
		}
		return fmt.Sprintf("the agreement period %s to %s has no day in %s", r.day(l, r.From), to, r.Period)
	case VikariatTooShort:
		if nb {
			if r.Flag {
				return fmt.Sprintf("vikariatet %s–%s varer ikke minst %d måneder (det må vare til minst %s)", r.day(l, r.From), r.day(l, r.To), r.N, r.day(l, r.Need))
			}
			return fmt.Sprintf("vikariatet %s–%s varer ikke mer enn %d måneder (det må vare til minst %s)", r.day(l, r.From), r.day(l, r.To), r.N, r.day(l, r.Need))
		}
		if r.Flag {
			return fmt.Sprintf("the vikariat %s to %s does not last at least %d months (it must run until at least %s)", r.day(l, r.From), r.day(l, r.To), r.N, r.day(l, r.Need))
		}
		return fmt.Sprintf("the vikariat %s to %s does not last more than %d months (it must run until at least %s)", r.day(l, r.From), r.day(l, r.To), r.N, r.day(l, r.Need))
	case VikariatLengthUnknown:
		if nb {
			return fmt.Sprintf("vikariatet har ingen sluttdato, så det kan ikke avgjøres om det varer %s %d måneder", map[bool]string{true: "minst", false: "mer enn"}[r.Flag], r.N)
		}
		return fmt.Sprintf("the vikariat has no end date, so whether it lasts %s %d months cannot be known", map[bool]string{true: "at least", false: "more than"}[r.Flag], r.N)
	case MaxGrantYearsReached:
		if nb {
			return fmt.Sprintf("legen har allerede hatt tilskudd i %d år, og et tilskudd kan følge en lege i høyst %d år", r.N, r.Max)
		}
		return fmt.Sprintf("the doctor has already had grants for %d years, and a grant may follow a doctor for at most %d years", r.N, r.Max)
	case AppliedAfterDeadline:
		if nb {
			return fmt.Sprintf("søknaden %s kom etter fristen %s", r.day(l, r.From), r.day(l, r.To))
		}
		return fmt.Sprintf("the application of %s came after the deadline %s", r.day(l, r.From), r.day(l, r.To))
	case StaffingAgencyExcluded:
		if nb {
			return fmt.Sprintf("leger tilknyttet et vikarbyrå får ikke tilskudd i %s", r.Period)
		}
		return fmt.Sprintf("doctors tied to a staffing agency get no grant in %s", r.Period)
	case PositionNotCovered:
		if nb {
			return fmt.Sprintf("ordningen %s dekker ingen av avtalens stillinger i %s", r.Scheme, r.Period)
		}
		return fmt.Sprintf("the scheme %s covers none of the agreement's positions in %s", r.Scheme, r.Period)
	case NotInTraining:
		if nb {
			return fmt.Sprintf("legen må være i den nye spesialistutdanningen (LIS3) for å få tilskudd i %s", r.Period)
		}
		return fmt.Sprintf("the doctor must be in the new specialist training (LIS3) for a grant in %s", r.Period)
	}
	return string(r.Code)
}

// DriftsformName names a driftsform in a clause: "næringsdrift", "fastlønn
// (ansatt i kommunen)".
func DriftsformName(df Driftsform, l Lang) string {
	switch {
	case df == Naering && l == NB:
		return "næringsdrift"
	case df == Naering:
		return "in næringsdrift (self-employed)"
	case df == Fastlonn && l == NB:
		return "fastlønn (ansatt i kommunen)"
	case df == Fastlonn:
		return "on fastlønn (employed by the kommune)"
	}
	return string(df)
}

// RoleName names a role; plural for "fastleger", "vikarer".
func RoleName(r Role, l Lang, plural bool) string {
	switch {
	case r == Fastlege && l == NB && plural:
		return "fastleger"
	case r == Fastlege && l == NB:
		return "fastlege"
	case r == Vikar && l == NB && plural:
		return "fastlegevikarer"
	case r == Vikar && l == NB:
		return "fastlegevikar"
	case r == Fastlege && plural:
		return "fastleger (GPs)"
	case r == Fastlege:
		return "fastlege (GP)"
	case r == Vikar && plural:
		return "vikarer (locums)"
	case r == Vikar:
		return "vikar (locum)"
	}
	return string(r)
}
