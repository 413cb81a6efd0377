package calc

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// GrantType is what the kommune applies for: an ALIS-avtale (with
// supervision), or supervision only (veiledning).
type GrantType string

// Driftsform is how the doctor works: in næringsdrift, or employed by the
// kommune on a salary (fastlønn).
type Driftsform string

// Role is the doctor's role: fastlege, or fastlegevikar (vikar).
type Role string

// Position is the doctor's position in an employment period.
type Position string

const (
	AlisAvtale GrantType = "alis_avtale"
	Veiledning GrantType = "veiledning"

	Naering  Driftsform = "naering"
	Fastlonn Driftsform = "fastlonn"

	RoleFastlege Role = "fastlege"
	RoleVikar    Role = "vikar"

	// PositionFastlege is a fastlege or fastlegevikar.
	PositionFastlege Position = rules.PositionFastlege
	// PositionIntroduksjonslege is a doctor in an introduction post.
	PositionIntroduksjonslege Position = rules.PositionIntroduksjonslege
	// PositionAllmennlege is a general practitioner in other municipal
	// work, outside the fastlege scheme.
	PositionAllmennlege Position = rules.PositionAllmennlege
)

// Employment is one employment period of an agreement: the doctor's
// position and stillingsandel from one day to another (both included; To
// zero: open-ended).
type Employment struct {
	Position Position
	Percent  decimal.Decimal // stillingsprosent, 0..100
	From, To date.Date
}

// Agreement is one ALIS-avtale as it stands in one grant period.
type Agreement struct {
	ID      string
	Kommune string // kommune number, 4 digits; optional

	GrantType  GrantType  // "": alis_avtale
	Driftsform Driftsform // needed by the 2019–2021 schemes
	Role       Role       // "": fastlege

	// The agreement's period (End zero: open-ended).
	Start date.Date
	End   date.Date

	// The vikariat, for a vikar. Zero values default to the agreement's dates.
	VikariatStart date.Date
	VikariatEnd   date.Date

	// Cost is the documented costs of the agreement's measures in the
	// period (2019–2021). Without it the result shows the largest grant
	// and the cost needed to reach it.
	Cost Optional[Money]

	PriorYears int       // grant periods this doctor has had before
	Applied    date.Date // application date; zero when not given
	Signed     date.Date // the day the agreement was signed; zero when not given
	// AgreementDated is the date of the ALIS-avtale with the kommune, for
	// rules where a new agreement dated after a day may date back
	// (signing.backdate_if_dated_after); zero when not given.
	AgreementDated date.Date
	StaffingAgency bool // the doctor is tied to a staffing agency (vikarbyrå)
	// InTraining says whether the doctor is in the new specialist training
	// (LIS3); not given: not checked.
	InTraining Optional[bool]

	// Employment periods (2022–). Without any, the agreement's period is
	// one period as fastlege at 100 %.
	Employment        []Employment
	CentralityClass   int       // the kommune's sentralitetsklasse, 1..6; 0 not given
	FirstFastlegeDate date.Date // the doctor's first day as fastlege or vikar

	// What the kommune spent or applies for, which caps the elements of
	// the 2025/26 grant. Not given: the element counts at its cap, and the
	// grant is a maximum that names it (Result.Missing); 0 is 0.
	AbsenceCompensation   Optional[Money]           // praksiskompensasjon paid
	LearningExpenses      Optional[Money]           // læringsaktiviteter
	SupervisionHours      Optional[decimal.Decimal] // hours of veiledning
	SupervisionExpenses   Optional[Money]           // veiledning, in kroner
	ProductivityRequested Optional[Money]           // lavere produktivitet applied for
	CentralityRequested   Optional[Money]           // sentralitetstillegg applied for

	// SupervisionMonths is the months of completed supervision, for the
	// veiledning av LIS3 scheme (2020–2021); not given: the whole months
	// of the agreement in the period.
	SupervisionMonths Optional[int]
}

// Field names, as used in InputError.
const (
	FieldID                    = "id"
	FieldKommune               = "kommune"
	FieldGrantType             = "grant_type"
	FieldDriftsform            = "driftsform"
	FieldRole                  = "role"
	FieldStart                 = "start"
	FieldEnd                   = "end"
	FieldVikariatStart         = "vikariat_start"
	FieldVikariatEnd           = "vikariat_end"
	FieldCost                  = "cost"
	FieldPriorYears            = "prior_years"
	FieldApplied               = "applied"
	FieldSigned                = "signed"
	FieldAgreementDated        = "agreement_dated"
	FieldStaffingAgency        = "staffing_agency"
	FieldInTraining            = "in_training"
	FieldPosition              = "position"
	FieldPercent               = "percent"
	FieldCentralityClass       = "centrality_class"
	FieldFirstFastlegeDate     = "first_fastlege_date"
	FieldAbsenceCompensation   = "absence_compensation"
	FieldLearningExpenses      = "learning_expenses"
	FieldSupervisionHours      = "supervision_hours"
	FieldSupervisionExpenses   = "supervision_expenses"
	FieldProductivityRequested = "productivity_requested"
	FieldCentralityRequested   = "centrality_requested"
	FieldSupervisionMonths     = "supervision_months"
)

// InputError is an agreement that cannot be computed: a value is missing,
// malformed or contradicts another.
type InputError struct {
	Field   string
	Missing bool  // the value is not given (its message begins "missing")
	Err     error // what is wrong; Text says it in bokmål or English
}

func (e *InputError) Error() string { return e.Field + ": " + e.Err.Error() }

// Text is the error in l, after the field's name.
func (e *InputError) Text(l Lang) string { return e.Field + ": " + msg.Text(l, e.Err) }

// Unwrap is what is wrong.
func (e *InputError) Unwrap() error { return e.Err }

// InputErrorf is an *InputError for the field; a format that begins
// "missing" says the value is not given.
//
//msg:format
func InputErrorf(field, format string, args ...any) *InputError {
	return &InputError{Field: field, Missing: strings.HasPrefix(format, "missing"), Err: msg.Errorf(format, args...)}
}

// The bounds of an agreement's values.
const (
	MaxPriorYears = 100
	// MaxHours bounds hours of supervision in a period.
	MaxHours = 10_000
	// MaxEmployment bounds the employment periods of an agreement.
	MaxEmployment = 100
)

// grantType, role are the agreement's, with their defaults.
func (a *Agreement) grantType() GrantType {
	if a.GrantType == "" {
		return AlisAvtale
	}
	return a.GrantType
}

func (a *Agreement) role() Role {
	if a.Role == "" {
		return RoleFastlege
	}
	return a.Role
}

// Validate checks that the agreement can be computed.
func (a *Agreement) Validate() error {
	if a.Kommune != "" && !isKommuneNumber(a.Kommune) {
		return InputErrorf(FieldKommune, "%s is not a kommune number (4 digits, such as 0301)", msg.Quote(a.Kommune))
	}
	switch a.grantType() {
	case AlisAvtale, Veiledning:
	default:
		return InputErrorf(FieldGrantType, "unknown grant type %s", msg.Quote(string(a.GrantType)))
	}
	switch a.Driftsform {
	case Naering, Fastlonn, "":
	default:
		return InputErrorf(FieldDriftsform, "unknown driftsform %s", msg.Quote(string(a.Driftsform)))
	}
	switch a.role() {
	case RoleFastlege, RoleVikar:
	default:
		return InputErrorf(FieldRole, "unknown role %s", msg.Quote(string(a.Role)))
	}
	if a.Start.IsZero() && len(a.Employment) == 0 {
		return InputErrorf(FieldStart, "missing: the agreement's start date is required")
	}
	if !a.End.IsZero() && a.End.Before(a.Start) {
		return InputErrorf(FieldEnd, "%s is before the start %s", a.End, a.Start)
	}
	vs, ve := a.Vikariat()
	if !ve.IsZero() && ve.Before(vs) {
		return InputErrorf(FieldVikariatEnd, "%s is before the vikariat's start %s", ve, vs)
	}
	for _, m := range []struct {
		field string
		v     Optional[Money]
	}{{FieldCost, a.Cost}, {FieldAbsenceCompensation, a.AbsenceCompensation}, {FieldLearningExpenses, a.LearningExpenses},
		{FieldSupervisionExpenses, a.SupervisionExpenses}, {FieldProductivityRequested, a.ProductivityRequested}, {FieldCentralityRequested, a.CentralityRequested}} {
		if v, ok := m.v.Get(); ok {
			if v < 0 {
				return InputErrorf(m.field, "%s is negative", v)
			}
			if v > MaxCost {
				return InputErrorf(m.field, "%s is more than %s, the most alis accepts for one agreement", v, MaxCost)
			}
		}
	}
	if h, ok := a.SupervisionHours.Get(); ok && (h.Sign() < 0 || h.GreaterThan(decimal.New(MaxHours, 0)) || !h.Equal(h.Round(2))) {
		return InputErrorf(FieldSupervisionHours, "%s is not a number of hours from 0 to %d with at most two decimals", h, MaxHours)
	}
	if n, ok := a.SupervisionMonths.Get(); ok && (n < 0 || n > 12) {
		return InputErrorf(FieldSupervisionMonths, "%d is outside 0..12 months", n)
	}
	if a.PriorYears < 0 || a.PriorYears > MaxPriorYears {
		return InputErrorf(FieldPriorYears, "%d is outside 0..%d", a.PriorYears, MaxPriorYears)
	}
	if a.CentralityClass < 0 || a.CentralityClass > 6 {
		return InputErrorf(FieldCentralityClass, "%d is not a sentralitetsklasse (1 to 6)", a.CentralityClass)
	}
	if len(a.Employment) > MaxEmployment {
		return InputErrorf(FieldPosition, "%d employment periods; at most %d are read", len(a.Employment), MaxEmployment)
	}
	for i, e := range a.Employment {
		switch e.Position {
		case PositionFastlege, PositionIntroduksjonslege, PositionAllmennlege:
		default:
			return InputErrorf(FieldPosition, "employment period %d: unknown position %s", i+1, msg.Quote(string(e.Position)))
		}
		if h, ok := Hundredths(e.Percent); !ok || h < 0 || h > 100_00 {
			return InputErrorf(FieldPercent, "employment period %d: %s is not a stillingsprosent from 0 to 100", i+1, e.Percent)
		}
		if e.From.IsZero() {
			return InputErrorf(FieldStart, "employment period %d: missing its first day", i+1)
		}
		if !e.To.IsZero() && e.To.Before(e.From) {
			return InputErrorf(FieldEnd, "employment period %d: %s is before its start %s", i+1, e.To, e.From)
		}
	}
	if len(a.Employment) < 2 {
		return nil
	}
	if ov, ok := FirstOverlap(a.Employment); ok {
		return InputErrorf(FieldPercent, "from %s to %s, employment periods %s add up to %s %%: periods at the same time may add up to at most 100 %%",
			ov.From, ov.End(), ov.List(func(i int) string { return strconv.Itoa(i + 1) }), ov.Percent)
	}
	return nil
}

// Overlap is a stretch of days on which employment periods add up to more
// than 100 %.
type Overlap struct {
	Periods  []int // the periods at the same time, by their place
	From, To date.Date
	Percent  decimal.Decimal // their stillingsprosent in all
}

// List names the periods, each by name(place): "1, 2, 3".
func (o Overlap) List(name func(int) string) string {
	parts := make([]string, len(o.Periods))
	for i, p := range o.Periods {
		parts[i] = name(p)
	}
	return strings.Join(parts, ", ")
}

// End is the overlap's last day for a message (dates are written in the
// message's language), or "…" when the periods are open-ended.
func (o Overlap) End() any {
	if o.To.IsZero() {
		return "…"
	}
	return o.To
}

// FirstOverlap finds the first day on which employment periods at the same
// time add up to more than 100 %, and how long they stay at the same time.
// Two periods in sequence (one ends the day before the next begins) are
// never at the same time.
func FirstOverlap(es []Employment) (Overlap, bool) {
	var best Overlap
	found := false
	if len(es) < 2 {
		return best, false // one period is at most 100 % (Validate)
	}
	covers := func(e *Employment, d date.Date) bool {
		return !d.Before(e.From) && (e.To.IsZero() || !d.After(e.To))
	}
	for j := range es {
		d := es[j].From
		if found && !d.Before(best.From) {
			continue
		}
		var sum int64 // hundredths of a percent
		exact := true
		for i := range es {
			if e := &es[i]; !e.From.IsZero() && covers(e, d) {
				h, ok := Hundredths(e.Percent)
				sum, exact = sum+h, exact && ok
			}
		}
		if !exact || sum <= 100_00 {
			continue // a percent Validate refuses on its own, or within 100 %
		}
		best, found = Overlap{From: d, Percent: decimal.New(sum, -2)}, true
		for i := range es {
			if e := &es[i]; !e.From.IsZero() && covers(e, d) {
				best.Periods = append(best.Periods, i)
				if !e.To.IsZero() && (best.To.IsZero() || e.To.Before(best.To)) {
					best.To = e.To
				}
			}
		}
	}
	if found {
		best.Percent = best.Percent.Truncate(2) // 120, not 120.00
		if best.Percent.IsInteger() {
			best.Percent = best.Percent.Truncate(0)
		}
	}
	return best, found
}

// Hundredths is a stillingsprosent in hundredths of a percent (80,5 is
// 8050), and whether it has at most two decimals and fits: the integer
// form of the checks on percents, without decimal arithmetic.
func Hundredths(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 18 { // then the coefficient is no int64 (NumDigits is cheap where it is)
		return 0, false
	}
	c, exp := d.CoefficientInt64(), d.Exponent()
	for exp < -2 && c%10 == 0 {
		c, exp = c/10, exp+1
	}
	switch {
	case exp < -2, exp > 4:
		return 0, c == 0
	case exp == -2:
		return c, true
	}
	for ; exp > -2; exp-- {
		if c > 1e15 || c < -1e15 {
			return 0, false
		}
		c *= 10
	}
	return c, true
}

// PeriodAmounts are the inputs that belong to one grant period: the costs,
// what was spent or applied for, the months of supervision. An agreement
// that reaches several periods gives them to the first period whose
// formula reads them; a later period is computed without them (as the
// largest grant, which says what would make it exact).
const PeriodAmounts = inCost | inSupervisionMonths | inAbsenceCompensation | inLearningExpenses | inProductivityRequested |
	inSupervisionHours | inSupervisionExpenses | inCentralityRequested

// ClearPeriodAmounts clears the period amounts of s (see PeriodAmounts).
func (a *Agreement) ClearPeriodAmounts(s InputSet) {
	s &= PeriodAmounts
	clear := func(in InputSet, f func()) {
		if s&in != 0 {
			f()
		}
	}
	clear(inCost, func() { a.Cost = Optional[Money]{} })
	clear(inSupervisionMonths, func() { a.SupervisionMonths = Optional[int]{} })
	clear(inAbsenceCompensation, func() { a.AbsenceCompensation = Optional[Money]{} })
	clear(inLearningExpenses, func() { a.LearningExpenses = Optional[Money]{} })
	clear(inProductivityRequested, func() { a.ProductivityRequested = Optional[Money]{} })
	clear(inSupervisionHours, func() { a.SupervisionHours = Optional[decimal.Decimal]{} })
	clear(inSupervisionExpenses, func() { a.SupervisionExpenses = Optional[Money]{} })
	clear(inCentralityRequested, func() { a.CentralityRequested = Optional[Money]{} })
}

// Vikariat returns the vikariat's dates, defaulting to the agreement's.
func (a *Agreement) Vikariat() (start, end date.Date) {
	start, end = a.VikariatStart, a.VikariatEnd
	s, e := a.Span()
	if start.IsZero() {
		start = s
	}
	if end.IsZero() {
		end = e
	}
	return start, end
}

// Span is the agreement's period: Start and End when Start is given, else
// from the first employment period's first day to the last one's last (End
// zero: open-ended).
func (a *Agreement) Span() (start, end date.Date) {
	if !a.Start.IsZero() || len(a.Employment) == 0 {
		return a.Start, a.End
	}
	start, end = a.Employment[0].From, a.Employment[0].To
	for _, e := range a.Employment[1:] {
		start = date.Min(start, e.From)
		if end.IsZero() || e.To.IsZero() {
			end = date.Date{}
			continue
		}
		end = date.Max(end, e.To)
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

// ParseGrantType reads alis_avtale (ALIS-avtale, avtale) or veiledning
// (kun veiledning, veiledning av ALIS), in any case.
func ParseGrantType(s string) (GrantType, error) {
	switch w := rules.Word(s); w {
	case string(AlisAvtale), string(Veiledning):
		return GrantType(w), nil
	}
	return "", msg.Errorf("unknown grant type %s: use alis_avtale (ALIS-avtale) or veiledning (veiledning av ALIS)", msg.Quote(s))
}

// ParseDriftsform accepts the canonical names and the Norwegian spellings
// users type: næring, næringsdrift, selvstendig, naering; fastlønn, ansatt,
// fastlonn. Case and surrounding space do not matter.
func ParseDriftsform(s string) (Driftsform, error) {
	switch w := rules.Word(s); w {
	case string(Naering), string(Fastlonn):
		return Driftsform(w), nil
	}
	return "", msg.Errorf("unknown driftsform %s: use naering (næring, næringsdrift, selvstendig) or fastlonn (fastlønn, ansatt)", msg.Quote(s))
}

// ParseRole accepts fastlege and vikar, and fastlegevikar for vikar.
func ParseRole(s string) (Role, error) {
	switch w := rules.Word(s); w {
	case string(RoleFastlege), "lege":
		return RoleFastlege, nil
	case string(RoleVikar):
		return RoleVikar, nil
	}
	return "", msg.Errorf("unknown role %s: use fastlege or vikar (fastlegevikar)", msg.Quote(s))
}

// ParsePosition accepts fastlege (and fastlegevikar), introduksjonslege and
// allmennlege (allmennlege i annet kommunalt legearbeid). A fastlegevikar's
// position is fastlege, with the role vikar.
func ParsePosition(s string) (Position, error) {
	switch w := rules.Word(s); w {
	case string(PositionFastlege), "vikar":
		return PositionFastlege, nil
	case string(PositionIntroduksjonslege), string(PositionAllmennlege):
		return Position(w), nil
	}
	return "", msg.Errorf("unknown position %s: use fastlege, introduksjonslege or allmennlege", msg.Quote(s))
}
