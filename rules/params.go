package rules

import "fmt"

// FileParam is the handle of a value at the top of a rule file, which
// Rules.Get reads. Only this package makes them, one per entry of the
// registry, so a handle that names no value cannot be written.
type FileParam struct{ name string }

// SchemeParam is the handle of a value of a scheme, which Scheme.Get reads.
type SchemeParam struct{ name string }

// Name is the value's path, as a rule file and --set write it.
func (p FileParam) Name() string { return p.name }

// Name is the value's path within its scheme, as in "cap".
func (p SchemeParam) Name() string { return p.name }

// Get is the value p names, or nil when the file does not give it.
func (r *Rules) Get(p FileParam) *Value { return r.values[p.name] }

// Get is the scheme's value p names, or nil when the scheme does not give
// it.
func (s *Scheme) Get(p SchemeParam) *Value { return s.values[p.name] }

// fileParams and schemeParams are every handle made, for the test that
// holds them to the registry.
var fileParams, schemeParams []string

func fileParam(name string) FileParam {
	fileParams = append(fileParams, name)
	return FileParam{name}
}

func schemeParam(name string) SchemeParam {
	schemeParams = append(schemeParams, name)
	return SchemeParam{name}
}

// The values at the top of a rule file.
var (
	RoundingUnit           = fileParam("rounding.unit")
	RoundingMode           = fileParam("rounding.mode")
	CofinancingMode        = fileParam("rounding.cofinancing_mode")
	ProrationMethod        = fileParam("proration.method")
	PartialMonthCounts     = fileParam("proration.partial_month_counts")
	MonthCount             = fileParam("proration.month_count")
	CofinancingShare       = fileParam("cofinancing_share")
	StaffingAgencyExcluded = fileParam("staffing_agency_excluded")
	SigningRequired        = fileParam("signing.required")
	BackdateTo             = fileParam("signing.backdate_to")
	BackdateIfHiredAfter   = fileParam("signing.backdate_if_hired_after")
	BackdateIfDatedAfter   = fileParam("signing.backdate_if_dated_after")
	TrainingRequired       = fileParam("training_required")
	noSchemeNaering        = fileParam("no_scheme.naering")
	noSchemeFastlonn       = fileParam("no_scheme.fastlonn")
)

// NoSchemeFor is the handle of what covered a driftsform (one of
// DriftsformWords) in a period no scheme of the file covers it.
func NoSchemeFor(driftsform string) FileParam {
	switch driftsform {
	case "naering":
		return noSchemeNaering
	case "fastlonn":
		return noSchemeFastlonn
	}
	panic(fmt.Sprintf("rules: %q is no driftsform", driftsform)) //msg:ok a mistake in the program, not a message to a user
}

// The values of a scheme.
var (
	SchemeName         = schemeParam("name")
	SchemeShortName    = schemeParam("short_name")
	BudgetPost         = schemeParam("budget_post")
	Budget             = schemeParam("budget")
	SchemeGrantTypes   = schemeParam("grant_types")
	SchemeDriftsformer = schemeParam("driftsformer")
	SchemeRoles        = schemeParam("roles")
	SchemePositions    = schemeParam("positions")
	Deadline           = schemeParam("deadline")
	MaxGrantYears      = schemeParam("max_grant_years")
	VikarMinMonths     = schemeParam("vikar.min_months")
	VikarMinQualifies  = schemeParam("vikar.min_qualifies")

	// cofinanced_cap
	Cap = schemeParam("cap")

	// supervision_rate, and components (its hourly rate)
	HourlyRate      = schemeParam("hourly_rate")
	HoursPerMonth   = schemeParam("hours_per_month")
	MaxHoursPerYear = schemeParam("max_hours_per_year")

	// category_amount and components
	CentralityClass = schemeParam("centrality.class")
	CentralityTable = schemeParam("centrality.table")

	// components
	PracticeCompensationShare     = schemeParam("practice_compensation.share")
	PracticeCompensationMaxHours  = schemeParam("practice_compensation.max_hours")
	PracticeCompensationPositions = schemeParam("practice_compensation.positions")
	LearningActivitiesMax         = schemeParam("learning_activities.max")
	ProductivityMax               = schemeParam("productivity.max")
	ProductivityWindowMonths      = schemeParam("productivity.window_months")
	ProductivityPositions         = schemeParam("productivity.positions")
	SupervisionRateFactor         = schemeParam("supervision.rate_factor")
	SupervisionMaxHours           = schemeParam("supervision.max_hours")
	FacilitationShare             = schemeParam("facilitation.share")
	CentralityMax                 = schemeParam("centrality.max")
	VeiledningComponents          = schemeParam("veiledning_components")
)

// amounts and centralAmounts are category_amount's handles, by category.
var amounts, centralAmounts = func() (a, c map[string]SchemeParam) {
	a, c = map[string]SchemeParam{}, map[string]SchemeParam{}
	for _, cat := range Categories {
		a[cat], c[cat] = schemeParam("amount."+cat), schemeParam("amount_centrality."+cat)
	}
	return a, c
}()

// AmountFor is the handle of category_amount's annual amount for a
// category (one of Categories).
func AmountFor(category string) SchemeParam { return byCategory(amounts, category) }

// CentralAmountFor is the handle of category_amount's higher annual amount
// for a category in a kommune of the sentralitetsklasse centrality.class.
func CentralAmountFor(category string) SchemeParam { return byCategory(centralAmounts, category) }

func byCategory(m map[string]SchemeParam, category string) SchemeParam {
	p, ok := m[category]
	if !ok {
		panic(fmt.Sprintf("rules: %q is no category", category)) //msg:ok a mistake in the program, not a message to a user
	}
	return p
}

// SplitsByDriftsform says whether the scheme covers some driftsformer and
// not others, so that an agreement's driftsform decides it.
func (s *Scheme) SplitsByDriftsform() bool { return s.Get(SchemeDriftsformer) != nil }

// SplitsByDriftsform says whether a scheme of the rules tells agreements
// apart by their driftsform, so that an ALIS-avtale needs one.
func (r *Rules) SplitsByDriftsform() bool {
	for _, s := range r.Schemes {
		if s.SplitsByDriftsform() {
			return true
		}
	}
	return false
}
