package rules

import (
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// Kind is what a value is.
type Kind int

const (
	KindDecimal Kind = iota // amounts, shares, hours, factors: exact decimals
	KindInt                 // months, years, a class
	KindBool
	KindDate // YYYY-MM-DD
	KindText
	KindEnum // one word of Param.Enum
	KindList // words of Param.Enum, each at most once
)

// Formula names the shape of a scheme's rule: how its grant is computed.
// A scheme generation whose rule has a new shape gets a new formula (and
// its parameters below), never flags inside an old one.
type Formula string

const (
	// CofinancedCap: ALIS-avtaler 2019–2021. The lesser of an annual cap,
	// prorated by the part of the year, and the costs less the kommune's
	// co-financing share.
	CofinancedCap Formula = "cofinanced_cap"
	// SupervisionRate: veiledning av LIS3, 2020–2021. An hourly rate for a
	// number of hours per month of completed supervision, up to a number
	// of hours a year.
	SupervisionRate Formula = "supervision_rate"
	// CategoryAmount: Nasjonal ALIS og veiledning, 2022–2024/25. An annual
	// amount for the doctor's category (higher in sentralitetsklasse 6) ×
	// stillingsandel × whole months / 12, per employment period.
	CategoryAmount Formula = "category_amount"
	// Components: Nasjonal ALIS og veiledning from 2025/26. A sum of
	// elements, each an annual amount prorated like CategoryAmount and
	// capped by what the kommune spent or applied for.
	Components Formula = "components"
)

// Formulas lists every formula.
var Formulas = []Formula{CofinancedCap, SupervisionRate, CategoryAmount, Components}

// The words rule files use for whom a scheme covers.
var (
	// GrantTypes: an ALIS-avtale (with supervision), or supervision only.
	GrantTypes = []string{"alis_avtale", "veiledning"}
	// DriftsformWords: næringsdrift, or employed by the kommune (fastlønn).
	DriftsformWords = []string{"naering", "fastlonn"}
	// RoleWords: a fastlege, or a fastlegevikar.
	RoleWords = []string{"fastlege", "vikar"}
	// PositionWords: the doctor's position in an employment period.
	PositionWords = []string{PositionFastlege, PositionIntroduksjonslege, PositionAllmennlege}
	// Categories of CategoryAmount: the positions, and supervision only.
	Categories = []string{PositionFastlege, PositionIntroduksjonslege, PositionAllmennlege, CategoryVeiledning}
	// ComponentWords: the elements of a Components grant, in the order
	// they are computed.
	ComponentWords = []string{PracticeCompensation, LearningActivities, Productivity, Supervision, Facilitation, CentralitySupplement}
)

// The positions of an employment period, and the category of supervision
// only: the one definition of the words, which calc's Position uses.
const (
	PositionFastlege          = "fastlege"
	PositionIntroduksjonslege = "introduksjonslege"
	PositionAllmennlege       = "allmennlege"
	CategoryVeiledning        = "veiledning"
)

// The elements of a Components grant, by name: the one definition of the
// words, which calc and the command's columns use.
const (
	PracticeCompensation = "practice_compensation"
	LearningActivities   = "learning_activities"
	Productivity         = "productivity"
	Supervision          = "supervision"
	Facilitation         = "facilitation"
	CentralitySupplement = "centrality_supplement"
)

// Param describes one value a rule file may give: its name, where it is,
// what it is, its bounds and whether it is required. Loading, writing,
// --set, listing, cloning and comparing rule sets are all derived from the
// table of them (registry); adding a value to the rules is one entry here
// and its use in the formula that reads it.
type Param struct {
	// Name is the value's path within its scope: "rounding.unit" at the top
	// of a file, "cap" or "practice_compensation.share" in a scheme.
	Name string
	// Scheme: the value belongs to each scheme, under schemes.ID.
	Scheme bool
	// Formulas are the formulas a scheme value belongs to; nil: every one.
	Formulas []Formula
	Kind     Kind
	Unit     string
	Enum     []string
	// Bounds of a decimal: at least Min, more than Above, at most Max, at
	// most Decimals decimals (-1: any).
	Min, Above, Max *decimal.Decimal
	Decimals        int32
	// Bounds of an integer.
	MinInt, MaxInt int
	// Need says when the value must be given: Required, Optional, or a
	// condition on the rest of the rules.
	Need Need
	// Unknowable values may be given as basis: unknown.
	Unknowable bool
	// Doc says what the value means, for rules show and --set.
	Doc string
}

// Need says when a value must be given: always (Required), never
// (Optional), or when the rest of the rules use it (When, with Why saying
// when that is). A conditional value given when nothing uses it is a
// problem of the file (When false, or Unused true).
type Need struct {
	Always bool
	When   func(r *Rules, s *Scheme) bool
	// Unused, for a value that is never required: given while it holds,
	// the value is a problem of the file. (With When and no Unused, a
	// value given while When does not hold is one.)
	Unused func(r *Rules, s *Scheme) bool
	Why    *msg.Msg
}

var (
	// Required values must always be given.
	Required = Need{Always: true}
	// Optional values may be left out.
	Optional = Need{}
)

func (n Need) required(r *Rules, s *Scheme) bool {
	return n.Always || n.When != nil && n.When(r, s)
}

// unused says that a value given would be used by nothing.
func (n Need) unused(r *Rules, s *Scheme) bool {
	if n.Unused != nil {
		return n.Unused(r, s)
	}
	return n.When != nil && !n.When(r, s)
}

// anyScheme requires a file value when some scheme uses one of the formulas.
func anyScheme(fs ...Formula) Need {
	return Need{Why: msg.New("only rules with a scheme of formula %s use it", joinStrings(fs)), When: func(r *Rules, _ *Scheme) bool {
		for _, s := range r.Schemes {
			if contains(fs, s.Formula) {
				return true
			}
		}
		return false
	}}
}

// coversVikar: a scheme's vikar rule is used only when it covers
// fastlegevikarer; it is never required (veiledning av LIS3 covers vikarer
// with no minimum).
var coversVikar = Need{Why: msg.New("only a scheme whose roles include vikar uses it"), Unused: noVikar}

// givesVikarMin requires vikar.min_qualifies beside vikar.min_months.
var givesVikarMin = Need{Why: msg.New("only a scheme whose roles include vikar uses it"), When: func(_ *Rules, s *Scheme) bool {
	return s.Get(VikarMinMonths) != nil
}, Unused: noVikar}

// noVikar: the scheme's roles (when they could be read) leave out vikar.
func noVikar(_ *Rules, s *Scheme) bool {
	v := s.Get(SchemeRoles)
	return v != nil && !v.Has("vikar")
}

var wholeMonths = Need{Why: msg.New("only proration.method whole_months uses it"), When: func(r *Rules, _ *Scheme) bool {
	v := r.Get(ProrationMethod)
	return v != nil && v.Text() == "whole_months"
}}

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// Bounds that keep every amount inside the exact integer arithmetic of the
// batch path (see package calc).
var (
	maxAmount = dec("100000000") // an annual amount per agreement, in kroner
	maxBudget = dec("1000000000000")
	maxHours  = dec("10000")
	zero      = dec("0")
	one       = dec("1")
)

// MaxShareDecimals is the most decimals a share may have.
const MaxShareDecimals = 6

// amount is an annual amount per agreement, in kroner.
func amount(name, doc string, fs []Formula, need Need) Param {
	return Param{Name: name, Scheme: true, Formulas: fs, Kind: KindDecimal, Unit: "NOK/year", Min: zero, Max: maxAmount, Decimals: 2, Need: need, Doc: doc}
}

func share(name, doc string, scheme bool, fs []Formula, need Need) Param {
	return Param{Name: name, Scheme: scheme, Formulas: fs, Kind: KindDecimal, Unit: "share", Min: zero, Max: one, Decimals: MaxShareDecimals, Need: need, Doc: doc}
}

func hours(name, doc string, fs []Formula) Param {
	return Param{Name: name, Scheme: true, Formulas: fs, Kind: KindDecimal, Unit: "hours", Min: zero, Max: maxHours, Decimals: 2, Need: Required, Doc: doc}
}

var (
	cofinanced = []Formula{CofinancedCap}
	lis3       = []Formula{SupervisionRate}
	category   = []Formula{CategoryAmount}
	components = []Formula{Components}
	national   = []Formula{CategoryAmount, Components}
)

// CentralityTableSSB2024 names the table of kommuner and their
// sentralitetsklasse in SSB's 2024 version of the index.
const CentralityTableSSB2024 = "ssb_2024"

// registry is every value a rule file may give, in the order they are
// written.
var registry = func() []Param {
	ps := []Param{
		{Name: RoundingUnit.name, Kind: KindDecimal, Unit: "NOK", Above: zero, Max: dec("1000"), Decimals: 2, Need: Required,
			Doc: "the unit the grant is rounded to, in kroner (1: whole kroner)"},
		{Name: RoundingMode.name, Kind: KindEnum, Unit: "mode", Enum: []string{"half_up", "down"}, Need: Required,
			Doc: "how the grant is rounded to the unit: half_up or down (for cofinanced_cap: how the prorated cap rounds)"},
		{Name: CofinancingMode.name, Kind: KindEnum, Unit: "mode", Enum: []string{"half_up", "down"}, Need: anyScheme(CofinancedCap),
			Doc: "how the co-financing limit rounds: down (the kommune pays at least its share) or half_up"},
		{Name: ProrationMethod.name, Kind: KindEnum, Unit: "method", Enum: []string{"whole_months", "days", "none"}, Need: Required,
			Doc: "how a part of the period reduces an annual amount: whole_months, days or none"},
		{Name: PartialMonthCounts.name, Kind: KindBool, Unit: "boolean", Need: wholeMonths,
			Doc: "with whole_months: whether a started month counts as a month"},
		{Name: MonthCount.name, Kind: KindEnum, Unit: "convention", Enum: []string{"from_first_day"}, Need: Optional,
			Doc: "with whole_months: how whole months are counted: from_first_day (15.03–14.05 is 2 months)"},
		share(CofinancingShare.name, "the kommune's minimum share of the costs, 0..1", false, nil, anyScheme(CofinancedCap)),
		{Name: StaffingAgencyExcluded.name, Kind: KindBool, Unit: "boolean", Need: Required,
			Doc: "whether doctors tied to a staffing agency (vikarbyrå) are excluded"},
		{Name: SigningRequired.name, Kind: KindBool, Unit: "boolean", Need: Optional,
			Doc: "whether there is no grant for time before the agreement was signed"},
		{Name: BackdateTo.name, Kind: KindDate, Unit: "date", Need: Optional,
			Doc: "the earliest day an agreement may date back to, for a doctor hired after signing.backdate_if_hired_after"},
		{Name: BackdateIfHiredAfter.name, Kind: KindDate, Unit: "date", Need: Optional,
			Doc: "doctors hired after this day may have their agreement date back to signing.backdate_to"},
		{Name: noSchemeNaering.name, Kind: KindText, Unit: "text", Need: Optional,
			Doc: "what covered ALIS in næringsdrift in a period no scheme of the file covers them: a name, with its note said beside the reason"},
		{Name: noSchemeFastlonn.name, Kind: KindText, Unit: "text", Need: Optional,
			Doc: "what covered ALIS in fastlønn in a period no scheme of the file covers them: a name, with its note said beside the reason"},
		{Name: BackdateIfDatedAfter.name, Kind: KindDate, Unit: "date", Need: Optional,
			Doc: "a new agreement with the kommune dated after this day may date back to signing.backdate_to"},
		{Name: TrainingRequired.name, Kind: KindBool, Unit: "boolean", Need: Optional,
			Doc: "whether the doctor must be in the new specialist training (LIS3)"},

		// Every scheme.
		{Name: SchemeName.name, Scheme: true, Kind: KindText, Unit: "text", Need: Required, Doc: "the scheme's name"},
		{Name: SchemeShortName.name, Scheme: true, Kind: KindText, Unit: "text", Need: Optional,
			Doc: "a short form of the scheme's name, for narrow columns (left out: the name)"},
		{Name: BudgetPost.name, Scheme: true, Kind: KindText, Unit: "text", Need: Required, Unknowable: true, Doc: "the budget chapter and post"},
		{Name: Budget.name, Scheme: true, Kind: KindDecimal, Unit: "NOK", Min: zero, Max: maxBudget, Decimals: 2, Need: Optional, Unknowable: true,
			Doc: "the scheme's budget for the period, in kroner"},
		{Name: SchemeGrantTypes.name, Scheme: true, Kind: KindList, Unit: "list", Enum: GrantTypes, Need: Required,
			Doc: "the grant types the scheme covers: alis_avtale, veiledning"},
		{Name: SchemeDriftsformer.name, Scheme: true, Kind: KindList, Unit: "list", Enum: DriftsformWords, Need: Optional,
			Doc: "the driftsformer the scheme covers (left out: every one)"},
		{Name: SchemeRoles.name, Scheme: true, Kind: KindList, Unit: "list", Enum: RoleWords, Need: Required,
			Doc: "the roles the scheme covers: fastlege, vikar"},
		{Name: SchemePositions.name, Scheme: true, Formulas: national, Kind: KindList, Unit: "list", Enum: PositionWords, Need: Required,
			Doc: "the positions the scheme covers: fastlege, introduksjonslege, allmennlege"},
		{Name: Deadline.name, Scheme: true, Kind: KindDate, Unit: "date", Need: Optional,
			Doc: "the application deadline"},
		{Name: MaxGrantYears.name, Scheme: true, Kind: KindInt, Unit: "years", MinInt: 1, MaxInt: 100, Need: Optional,
			Doc: "how many years a grant may follow one doctor"},
		{Name: VikarMinMonths.name, Scheme: true, Kind: KindInt, Unit: "months", MinInt: 0, MaxInt: 120, Need: coversVikar,
			Doc: "the vikariat's minimum length in months (a scheme that covers vikar without it sets no minimum)"},
		{Name: VikarMinQualifies.name, Scheme: true, Kind: KindBool, Unit: "boolean", Need: givesVikarMin,
			Doc: "whether a vikariat of exactly the minimum qualifies (at least) or must be longer (more than)"},

		// cofinanced_cap
		amount(Cap.name, "the most a grant may be a year per agreement, in kroner", cofinanced, Required),

		// supervision_rate
		{Name: HourlyRate.name, Scheme: true, Formulas: lis3, Kind: KindDecimal, Unit: "NOK/hour", Min: zero, Max: dec("100000"), Decimals: 2, Need: Required, Unknowable: true,
			Doc: "the grant per hour of supervision"},
		{Name: HoursPerMonth.name, Scheme: true, Formulas: lis3, Kind: KindDecimal, Unit: "hours/month", Min: zero, Max: dec("744"), Decimals: 2, Need: Required,
			Doc: "hours of supervision paid per month of completed supervision"},
		hours(MaxHoursPerYear.name, "the most hours paid in a year", lis3),
	}
	// category_amount: an amount per category, and a higher one in sentralitetsklasse 6.
	for _, c := range Categories {
		a := amount(AmountFor(c).name, "the annual amount for "+c+" at 100 % stilling", category, Required)
		a.Unknowable = true
		ps = append(ps, a)
	}
	for _, c := range Categories {
		a := amount(CentralAmountFor(c).name, "the annual amount for "+c+" at 100 % stilling in a kommune of the sentralitetsklasse centrality.class", category, Required)
		a.Unknowable = true
		ps = append(ps, a)
	}
	ps = append(ps,
		Param{Name: CentralityClass.name, Scheme: true, Formulas: national, Kind: KindInt, Unit: "class", MinInt: 1, MaxInt: 6, Need: Required,
			Doc: "the sentralitetsklasse whose kommuner get the higher amount or the centrality supplement"},
		Param{Name: CentralityTable.name, Scheme: true, Formulas: national, Kind: KindEnum, Unit: "table", Enum: []string{CentralityTableSSB2024}, Need: Optional,
			Doc: "the table whose class fills a sentralitetsklasse not given, from the kommune number: ssb_2024 (SSB's 2024 version; left out: none)"},

		// components
		Param{Name: HourlyRate.name, Scheme: true, Formulas: components, Kind: KindDecimal, Unit: "NOK/hour", Min: zero, Max: dec("1000000"), Decimals: 2, Need: Required, Unknowable: true,
			Doc: "the hourly rate that praksiskompensasjon and veiledning are reckoned from"},
		share(PracticeCompensationShare.name, "praksiskompensasjon: the share of the hourly rate paid", true, components, Required),
		hours(PracticeCompensationMaxHours.name, "praksiskompensasjon: the most hours a year", components),
		Param{Name: PracticeCompensationPositions.name, Scheme: true, Formulas: components, Kind: KindList, Unit: "list", Enum: PositionWords, Need: Required,
			Doc: "praksiskompensasjon: the positions whose employment periods it is paid for"},
		amount(LearningActivitiesMax.name, "læringsaktiviteter: the most a year", components, Required),
		amount(ProductivityMax.name, "lavere produktivitet: the most a year", components, Required),
		Param{Name: ProductivityWindowMonths.name, Scheme: true, Formulas: components, Kind: KindInt, Unit: "months", MinInt: 1, MaxInt: 120, Need: Required,
			Doc: "lavere produktivitet: the months from the doctor's first day as fastlege or vikar it is paid in"},
		Param{Name: ProductivityPositions.name, Scheme: true, Formulas: components, Kind: KindList, Unit: "list", Enum: PositionWords, Need: Required,
			Doc: "lavere produktivitet: the positions whose employment periods it is paid for"},
		Param{Name: SupervisionRateFactor.name, Scheme: true, Formulas: components, Kind: KindDecimal, Unit: "factor", Min: zero, Max: dec("10"), Decimals: 6, Need: Required,
			Doc: "veiledning: the hourly rate times this factor"},
		hours(SupervisionMaxHours.name, "veiledning: the most hours a year", components),
		share(FacilitationShare.name, "tilrettelegging: the share of the four elements above, after their caps", true, components, Required),
		amount(CentralityMax.name, "sentralitetstillegg: the most a year", components, Required),
		Param{Name: VeiledningComponents.name, Scheme: true, Formulas: components, Kind: KindList, Unit: "list", Enum: ComponentWords, Need: Required,
			Doc: "the elements a grant for veiledning only pays (an ALIS-avtale pays every element)"},
	)
	for i := range ps {
		if ps[i].Kind == KindDecimal && ps[i].Decimals == 0 {
			ps[i].Decimals = -1
		}
	}
	return ps
}()

// Registry returns the descriptors of every value a rule file may give.
func Registry() []Param { return append([]Param(nil), registry...) }

// lookupParam finds a descriptor by its name within a scope, for a formula.
func lookupParam(name string, scheme bool, f Formula) *Param {
	for i := range registry {
		p := &registry[i]
		if p.Name == name && p.Scheme == scheme && (p.Formulas == nil || contains(p.Formulas, f)) {
			return p
		}
	}
	return nil
}

// paramsFor lists the descriptors of a scope, for a formula (file scope:
// f is "").
func paramsFor(scheme bool, f Formula) []*Param {
	var out []*Param
	for i := range registry {
		p := &registry[i]
		if p.Scheme == scheme && (!scheme || p.Formulas == nil || contains(p.Formulas, f)) {
			out = append(out, p)
		}
	}
	return out
}
