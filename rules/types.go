package rules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/unicode/norm"

	"github.com/alis-tilskudd/alis/internal/clip"
	"github.com/alis-tilskudd/alis/rules/date"
)

// SchemaVersion is the rule-file schema this package reads.
const SchemaVersion = 1

// Basis says how a value is known.
type Basis string

const (
	// Verified: a public source states the value.
	Verified Basis = "verified"
	// Inferred: our arithmetic on verified figures.
	Inferred Basis = "inferred"
	// Assumed: no source was found; a stand-in.
	Assumed Basis = "assumed"
)

// Reference is a source for a value: a title and, where it has one, an address.
type Reference struct {
	Title string `json:"title" yaml:"title"`
	Href  string `json:"href,omitempty" yaml:"href,omitempty"`
}

// Meta is what every value in a rule file carries besides the value itself.
type Meta struct {
	Unit       string      `json:"unit"`
	Basis      Basis       `json:"basis"`
	References []Reference `json:"references"`
	Note       string      `json:"note,omitempty"`
	Quote      string      `json:"quote,omitempty"`
	// Path is the parameter's name in the file, as in "schemes.naering.cap".
	Path string `json:"-"`
	// Line is the line of the parameter in its file (0 when built in code).
	Line int `json:"-"`
}

// Param is one value of a rule file with its unit, basis and references.
type Param[T any] struct {
	Value T
	Meta
}

// Driftsform is how the doctor works.
type Driftsform string

const (
	// Naering is næringsdrift: a self-employed fastlege running a practice.
	Naering Driftsform = "naering"
	// Fastlonn is a doctor employed by the kommune on a salary.
	Fastlonn Driftsform = "fastlonn"
)

// Driftsformer lists every driftsform.
var Driftsformer = []Driftsform{Naering, Fastlonn}

// Role is the doctor's role in the practice.
type Role string

const (
	// Fastlege is a GP with a patient list.
	Fastlege Role = "fastlege"
	// Vikar is a locum (fastlegevikar) covering a fastlege's list.
	Vikar Role = "vikar"
)

// Roles lists every role.
var Roles = []Role{Fastlege, Vikar}

// driftsformNames and roleNames map folded spellings (see fold) to values.
var (
	driftsformNames = map[string]Driftsform{
		"naering": Naering, "naeringsdrift": Naering, "selvstendig": Naering, "selvstendig naeringsdrivende": Naering,
		"naeringsdrivende": Naering, "fastlonn": Fastlonn, "ansatt": Fastlonn, "fast ansatt": Fastlonn,
		"fastlonnet": Fastlonn, "lonnet": Fastlonn,
	}
	roleNames = map[string]Role{"fastlege": Fastlege, "lege": Fastlege, "vikar": Vikar, "fastlegevikar": Vikar, "locum": Vikar}
)

// ParseDriftsform accepts the canonical names and the Norwegian spellings
// users type: næring, næringsdrift, selvstendig, naering; fastlønn, ansatt,
// fastlonn. Case and surrounding space do not matter.
func ParseDriftsform(s string) (Driftsform, error) {
	var buf [64]byte
	if df, ok := driftsformNames[string(fold(buf[:0], s))]; ok {
		return df, nil
	}
	return "", fmt.Errorf("unknown driftsform %s: use naering (næring, næringsdrift, selvstendig) or fastlonn (fastlønn, ansatt)", clip.Quote(s))
}

// ParseRole accepts fastlege and vikar, and fastlegevikar for vikar.
func ParseRole(s string) (Role, error) {
	var buf [64]byte
	if r, ok := roleNames[string(fold(buf[:0], s))]; ok {
		return r, nil
	}
	return "", fmt.Errorf("unknown role %s: use fastlege or vikar (fastlegevikar)", clip.Quote(s))
}

// fold appends s to b lower-cased and trimmed, with æ, ø, å written as ae,
// o, a, so that "Næring", "NAERING" and "næring" compare equal; text in
// decomposed form (å as a and a combining ring, as macOS writes it) is
// composed first (NFC). It does not allocate while b has room and s is
// ASCII.
func fold(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = norm.NFC.String(s)
			break
		}
	}
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r)+'a'-'A')
		case r < utf8.RuneSelf:
			b = append(b, byte(r))
		case r == 'æ' || r == 'Æ':
			b = append(b, 'a', 'e')
		case r == 'ø' || r == 'Ø':
			b = append(b, 'o')
		case r == 'å' || r == 'Å':
			b = append(b, 'a')
		default:
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	return b
}

// RoundingMode is how the grant is rounded to the rounding unit.
type RoundingMode string

const (
	// HalfUp rounds to the nearest unit, halves away from zero (amounts are never negative).
	HalfUp RoundingMode = "half_up"
	// Down truncates to the unit below.
	Down RoundingMode = "down"
)

// ProrationMethod is how the cap is reduced for an agreement covering part of the year.
type ProrationMethod string

const (
	// WholeMonths prorates by complete months: cap × months / 12.
	WholeMonths ProrationMethod = "whole_months"
	// Days prorates by days: cap × days / days in the period.
	Days ProrationMethod = "days"
	// NoProration gives the full cap for any agreement with a day in the year.
	NoProration ProrationMethod = "none"
)

// Rounding says the unit the grant is rounded to, and how. Each limit is
// rounded on its own, and the grant is the lesser: the prorated cap by
// Mode, the co-financing limit by CofinancingMode (down keeps the
// kommune's share at least the co-financing share after rounding).
type Rounding struct {
	Unit            Param[decimal.Decimal]
	Mode            Param[RoundingMode]
	CofinancingMode Param[RoundingMode]
}

// Proration says how a part of a year reduces the cap.
type Proration struct {
	Method Param[ProrationMethod]
	// PartialMonthCounts: with whole_months, whether a started month that is
	// not complete counts as a month.
	PartialMonthCounts Param[bool]
}

// VikarRule is the minimum duration of a vikariat for a vikar to qualify.
type VikarRule struct {
	MinMonths Param[int]
	// MinQualifies: whether a vikariat of exactly MinMonths qualifies
	// ("at least N months") or must be longer ("more than N months").
	MinQualifies Param[bool]
}

// Scheme is one tilskuddsordning of the year.
type Scheme struct {
	ID           string
	Line         int
	Name         Param[string]
	BudgetPost   Param[string]
	Cap          Param[decimal.Decimal]
	Budget       *Param[decimal.Decimal] // nil when not known
	Driftsformer Param[[]Driftsform]
	Roles        Param[[]Role]
}

// Covers reports whether the scheme covers the driftsform and the role.
func (s *Scheme) Covers(df Driftsform, r Role) bool {
	return s.CoversDriftsform(df) && contains(s.Roles.Value, r)
}

// CoversDriftsform reports whether the scheme covers the driftsform.
func (s *Scheme) CoversDriftsform(df Driftsform) bool { return contains(s.Driftsformer.Value, df) }

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Rules is one year's rule file, loaded and validated.
type Rules struct {
	Schema    int
	Year      int
	Title     string
	Note      string
	ValidFrom date.Date
	ValidTo   date.Date

	Rounding               Rounding
	Proration              Proration
	Deadline               *Param[date.Date] // nil: no deadline known
	CofinancingShare       Param[decimal.Decimal]
	Vikar                  *VikarRule  // nil: no scheme covers vikarer
	MaxGrantYears          *Param[int] // nil: no limit
	StaffingAgencyExcluded Param[bool]
	Schemes                []Scheme

	// Source names where the rules came from: "embedded:2021.yaml" or a path.
	Source string
	// SHA256 is the hex digest of the file's bytes, and of the overrides
	// when there are any.
	SHA256 string
	// Overrides lists the values set on the command line, as NAME=VALUE,
	// in the order they were applied.
	Overrides []string
	// FromYear is the year of the rule file when ForYear moved the rules
	// to another grant year; 0 when they apply to their own year.
	FromYear int
}

// Scheme finds the scheme for a driftsform and a role. When no scheme covers
// both, it returns the scheme that covers the driftsform (if any) and false.
func (r *Rules) Scheme(df Driftsform, role Role) (*Scheme, bool) {
	var byDF *Scheme
	for i := range r.Schemes {
		s := &r.Schemes[i]
		if s.Covers(df, role) {
			return s, true
		}
		if byDF == nil && s.CoversDriftsform(df) {
			byDF = s
		}
	}
	return byDF, false
}

// ParamInfo describes one value of the rules for listing and explanation.
type ParamInfo struct {
	Meta
	Value string
}

// Params lists every value of the rules in file order with its metadata.
func (r *Rules) Params() []ParamInfo {
	var out []ParamInfo
	add := func(m Meta, v string) { out = append(out, ParamInfo{m, v}) }
	add(r.Rounding.Unit.Meta, writtenDecimal(r.Rounding.Unit.Value))
	add(r.Rounding.Mode.Meta, string(r.Rounding.Mode.Value))
	add(r.Rounding.CofinancingMode.Meta, string(r.Rounding.CofinancingMode.Value))
	add(r.Proration.Method.Meta, string(r.Proration.Method.Value))
	if r.Proration.PartialMonthCounts.Path != "" {
		add(r.Proration.PartialMonthCounts.Meta, fmt.Sprint(r.Proration.PartialMonthCounts.Value))
	}
	if r.Deadline != nil {
		add(r.Deadline.Meta, r.Deadline.Value.String())
	}
	add(r.CofinancingShare.Meta, writtenDecimal(r.CofinancingShare.Value))
	if r.Vikar != nil {
		add(r.Vikar.MinMonths.Meta, fmt.Sprint(r.Vikar.MinMonths.Value))
		add(r.Vikar.MinQualifies.Meta, fmt.Sprint(r.Vikar.MinQualifies.Value))
	}
	if r.MaxGrantYears != nil {
		add(r.MaxGrantYears.Meta, fmt.Sprint(r.MaxGrantYears.Value))
	}
	add(r.StaffingAgencyExcluded.Meta, fmt.Sprint(r.StaffingAgencyExcluded.Value))
	for i := range r.Schemes {
		s := &r.Schemes[i]
		add(s.Name.Meta, s.Name.Value)
		add(s.BudgetPost.Meta, s.BudgetPost.Value)
		add(s.Cap.Meta, writtenDecimal(s.Cap.Value))
		if s.Budget != nil {
			add(s.Budget.Meta, writtenDecimal(s.Budget.Value))
		}
		add(s.Driftsformer.Meta, joinStrings(s.Driftsformer.Value))
		add(s.Roles.Meta, joinStrings(s.Roles.Value))
	}
	return out
}

func joinStrings[T ~string](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = string(x)
	}
	return strings.Join(parts, ", ")
}
