package calc

import (
	"fmt"

	"github.com/alis-tilskudd/alis/rules"
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
)

// Codes lists every reason code in the order they are checked.
var Codes = []Code{NoScheme, RoleNotCovered, NoDaysInYear, VikariatTooShort, VikariatLengthUnknown, MaxGrantYearsReached, AppliedAfterDeadline, StaffingAgencyExcluded}

// Reason is one reason an agreement gets no grant, with the rule that decided it.
type Reason struct {
	Code  Code
	Param string // the rule-file parameter that decided it, as in "vikar.min_months"

	// Facts for the message; which are set depends on the code.
	Year       int
	Driftsform rules.Driftsform
	Role       rules.Role
	Scheme     string
	From, To   date.Date // a period, or (To) the date a vikariat must reach
	Need       date.Date
	N, Max     int
	Flag       bool
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
		if nb {
			return fmt.Sprintf("ingen tilskuddsordning i %d dekker ALIS i %s", r.Year, DriftsformName(r.Driftsform, l))
		}
		return fmt.Sprintf("no scheme in %d covers ALIS %s", r.Year, DriftsformName(r.Driftsform, l))
	case RoleNotCovered:
		if nb {
			return fmt.Sprintf("ordningen %s dekker ikke %s i %d", r.Scheme, RoleName(r.Role, l, true), r.Year)
		}
		return fmt.Sprintf("the scheme %s does not cover %s in %d", r.Scheme, RoleName(r.Role, l, true), r.Year)
	case NoDaysInYear:
		to := r.day(l, r.To)
		if r.To.IsZero() {
			to = map[bool]string{true: "(åpen)", false: "(open)"}[nb]
		}
		if nb {
			return fmt.Sprintf("avtaleperioden %s–%s har ingen dag i %d", r.day(l, r.From), to, r.Year)
		}
		return fmt.Sprintf("the agreement period %s to %s has no day in %d", r.day(l, r.From), to, r.Year)
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
			return fmt.Sprintf("leger tilknyttet et vikarbyrå får ikke tilskudd i %d", r.Year)
		}
		return fmt.Sprintf("doctors tied to a staffing agency get no grant in %d", r.Year)
	}
	return string(r.Code)
}

// DriftsformName names a driftsform in a clause: "næringsdrift", "fastlønn
// (ansatt i kommunen)".
func DriftsformName(df rules.Driftsform, l Lang) string {
	switch {
	case df == rules.Naering && l == NB:
		return "næringsdrift"
	case df == rules.Naering:
		return "in næringsdrift (self-employed)"
	case df == rules.Fastlonn && l == NB:
		return "fastlønn (ansatt i kommunen)"
	case df == rules.Fastlonn:
		return "on fastlønn (employed by the kommune)"
	}
	return string(df)
}

// RoleName names a role; plural for "fastleger", "vikarer".
func RoleName(r rules.Role, l Lang, plural bool) string {
	switch {
	case r == rules.Fastlege && l == NB && plural:
		return "fastleger"
	case r == rules.Fastlege && l == NB:
		return "fastlege"
	case r == rules.Vikar && l == NB && plural:
		return "fastlegevikarer"
	case r == rules.Vikar && l == NB:
		return "fastlegevikar"
	case r == rules.Fastlege && plural:
		return "fastleger (GPs)"
	case r == rules.Fastlege:
		return "fastlege (GP)"
	case r == rules.Vikar && plural:
		return "vikarer (locums)"
	case r == rules.Vikar:
		return "vikar (locum)"
	}
	return string(r)
}
