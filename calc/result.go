package calc

import (
	"encoding/json"

	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// LimitedBy says which limit decided a co-financed grant.
type LimitedBy string

const (
	// LimitCap: the (prorated) cap per agreement.
	LimitCap LimitedBy = "cap"
	// LimitCofinancing: the costs less the kommune's minimum share.
	LimitCofinancing LimitedBy = "cofinancing"
	// LimitCost: the grant, rounded up to the unit, would have exceeded the
	// costs themselves; it is held to the costs. Only tiny costs hit this.
	LimitCost LimitedBy = "cost"
)

// Result is the eligibility and the grant of one agreement in one grant
// period. It marshals to JSON with stable snake_case names, money as
// strings with two decimals, dates as "YYYY-MM-DD", and null for what does
// not apply.
type Result struct {
	rules *rules.Rules
	paths map[string]*rules.Value // the rules' values by path (the engine's index)

	ID      string `json:"id"`
	Kommune string `json:"kommune,omitempty"`
	Period  string `json:"period"`

	GrantType  GrantType  `json:"grant_type"`
	Driftsform Driftsform `json:"driftsform,omitempty"`
	Role       Role       `json:"role"`

	HasScheme  bool          `json:"-"`
	Scheme     string        `json:"scheme"`
	SchemeName string        `json:"scheme_name"`
	Formula    rules.Formula `json:"formula"`

	Eligible bool     `json:"eligible"`
	Reasons  []Reason `json:"reasons"` // why not eligible; empty when eligible

	// The part of the agreement within the period (zero when none), and
	// its whole months (plus a started one where the rules count it) and
	// days.
	Proration   string    `json:"proration"`
	PeriodStart date.Date `json:"period_start"`
	PeriodEnd   date.Date `json:"period_end"`
	Months      int       `json:"months"`
	Days        int       `json:"days"`

	// Grant is the grant, rounded once to the rules' unit; without a cost,
	// the largest grant. None when it rests on a value no source gives
	// (see UnknownValues); 0 when not eligible.
	Grant Optional[Money] `json:"grant"`
	// GrantBasis says what kind of figure Grant is: exact; a maximum, the
	// largest grant for the inputs that were not given (Missing); or
	// unknown, with no figure (UnknownValues and Missing say what would complete
	// it). An ineligible agreement's 0 is exact.
	GrantBasis Basis `json:"grant_basis"`
	// Missing names the inputs not given that make the grant a maximum or
	// leave it unknown; empty for an exact grant.
	Missing InputSet `json:"missing"`
	// Ignored names the inputs given that the formula of the agreement's
	// scheme does not read (costs under 2025/26, say).
	Ignored InputSet `json:"ignored"`

	// The co-financed cap (2019–2021): the cap, prorated; the costs and
	// what is left of them after the kommune's share; the kommune's share;
	// and, without a cost, the cost that reaches the full grant.
	// CapProrated and CostLimit are the exact values rounded half up to the
	// øre, for display; the grant is computed from the exact values.
	Cap              Optional[Money] `json:"cap"`
	CapProrated      Optional[Money] `json:"cap_prorated"`
	Cost             Optional[Money] `json:"cost"`
	CostLimit        Optional[Money] `json:"cost_limit"`
	KommuneShare     Optional[Money] `json:"kommune_share"`
	CostForFullGrant Optional[Money] `json:"cost_for_full_grant"`
	LimitedBy        LimitedBy       `json:"limited_by,omitempty"`

	// Lines are the grant per employment period (2022–), and Components
	// the elements of the grant (2025/26).
	Lines      []Line      `json:"lines,omitempty"`
	Components []Component `json:"components,omitempty"`
	// Exact is the grant before it was rounded (2020–: the formulas other
	// than the co-financed cap); none when unknown or not computed.
	Exact Optional[string] `json:"grant_exact"`
	// CentralityClass is the sentralitetsklasse the grant was computed
	// with (0: not given, computed as outside the class that gets more).
	CentralityClass int `json:"centrality_class,omitempty"`
	// ClassFromTable: CentralityClass is the kommune's in the table the
	// rules name (centrality.table), the agreement gave none. TableClass
	// is the class the table gives the kommune (0: not looked up).
	ClassFromTable bool `json:"centrality_class_from_table,omitempty"`
	TableClass     int  `json:"-"`

	assumed, unknown paramSet
	read             InputSet // the formula inputs given that the formula read
}

// Read is the set of formula inputs the agreement gave that its scheme's
// formula read (those it gave and the formula did not are Ignored).
func (r *Result) Read() InputSet { return r.read }

// Line is the part of a grant that one employment period gives.
type Line struct {
	Position Position `json:"position"`
	Percent  string   `json:"percent"`
	// From and To are the employment period's days within the period and
	// the agreement (zero when it has none); Months its whole months.
	From   date.Date `json:"from"`
	To     date.Date `json:"to"`
	Months int       `json:"months"`
	// Covered: the scheme covers the position (a line that is not covered
	// gives nothing).
	Covered bool `json:"covered"`
	// Category and Annual: the category's annual amount at 100 %
	// (category_amount); none when unknown.
	Category string          `json:"category,omitempty"`
	Annual   Optional[Money] `json:"annual"`
	// Amount is the line's exact amount rounded half up to the øre, for
	// display; none when it rests on an unknown value, or when the formula
	// pays by element (components).
	Amount Optional[Money] `json:"amount"`
}

// The elements of a grant of elements (2025/26), by name.
const (
	PracticeCompensation = rules.PracticeCompensation
	LearningActivities   = rules.LearningActivities
	Productivity         = rules.Productivity
	Supervision          = rules.Supervision
	Facilitation         = rules.Facilitation
	CentralitySupplement = rules.CentralitySupplement
)

// ComponentNames lists the elements in the order they are computed and
// written (rules.ComponentWords).
var ComponentNames = rules.ComponentWords

// ComponentNote says why an element is what it is, where that is not
// simply the lesser of its cap and what was spent.
type ComponentNote string

const (
	// NoteUpTo: nothing spent or applied for was given; the element counts
	// at its cap, as the largest grant.
	NoteUpTo ComponentNote = "up_to_cap"
	// NoteNotPaid: the grant type does not pay this element.
	NoteNotPaid ComponentNote = "not_paid_for_grant_type"
	// NoteNoPosition: no employment period is of a position the element
	// is paid for.
	NoteNoPosition ComponentNote = "no_position"
	// NoteOutsideWindow: no employment period falls within the months
	// after the doctor's first day as fastlege or vikar.
	NoteOutsideWindow ComponentNote = "outside_window"
	// NoteNotCentral: the kommune is not in the sentralitetsklasse that
	// gets the supplement.
	NoteNotCentral ComponentNote = "not_centrality_class"
	// NoteClassNotGiven: no sentralitetsklasse was given, so whether the
	// supplement is paid is not known (unless none was applied for).
	NoteClassNotGiven ComponentNote = "centrality_class_not_given"
	// NoteWindowNotKnown: the doctor's first day as fastlege or vikar was
	// not given; every employment period of the positions it is paid for
	// counts as within the window, for the largest grant.
	NoteWindowNotKnown ComponentNote = "window_not_known"
)

// Component is one element of a grant: of a grant of elements (2025/26),
// or the supervision of veiledning av LIS3 (2020–2021).
type Component struct {
	Name string `json:"name"`
	// Cap is the element's cap, prorated; Claimed what the kommune spent
	// or applied for (none when not given); Amount the lesser (the cap
	// when nothing was claimed), each rounded half up to the øre for
	// display, and none when it rests on an unknown value. Exact is the
	// amount as computed, before the grant is rounded.
	Cap     Optional[Money]  `json:"cap"`
	Claimed Optional[Money]  `json:"claimed"`
	Amount  Optional[Money]  `json:"amount"`
	Exact   Optional[string] `json:"amount_exact"`
	Note    ComponentNote    `json:"note,omitempty"`
	// Basis and Missing are the element's kind of figure and the inputs
	// that would make it exact, as for the whole grant.
	Basis   Basis    `json:"basis"`
	Missing InputSet `json:"missing"`
}

// ComponentAmount returns the amount of an element by its name; none when
// the result has no such element.
func (r *Result) ComponentAmount(name string) Optional[Money] {
	for i := range r.Components {
		if r.Components[i].Name == name {
			return r.Components[i].Amount
		}
	}
	return Optional[Money]{}
}

// AssumedValues names every rule value marked assumed that the result rests on:
// a value is counted when it could change this result (the rounding mode
// only when there was something to round, the deadline only when an
// application date was given, and so on).
func (r *Result) AssumedValues() []string { return r.names(r.assumed) }

// UnknownValues names every rule value the grant needs that no source gives; a
// result with one has no grant. Each can be given with rules.Rules.Set.
func (r *Result) UnknownValues() []string { return r.names(r.unknown) }

// RestsOnUnknown says, without naming them, whether the result rests on a
// rule value that no source gives.
func (r *Result) RestsOnUnknown() bool { return r.unknown != (paramSet{}) }

func (r *Result) names(s paramSet) []string {
	out := []string{}
	if r.rules == nil || s == (paramSet{}) {
		return out
	}
	for i, v := range r.rules.Params() {
		if s.has(i) {
			out = append(out, v.Path)
		}
	}
	return out
}

// Rules returns the rules the result was computed under.
func (r *Result) Rules() *rules.Rules { return r.rules }

// MarshalJSON writes the result as ResultJSON, with its reasons in
// English: the shape of alis calc --format json.
func (r Result) MarshalJSON() ([]byte, error) { return json.Marshal(r.JSON(EN)) }

// maxParams is the most values the rules of one period may have.
const maxParams = 128

// paramSet is a set of the rules' values, by their place in Params.
type paramSet [maxParams / 64]uint64

func (s *paramSet) add(i int)     { s[i/64] |= 1 << (i % 64) }
func (s paramSet) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }
