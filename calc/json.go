package calc

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/rules"
)

// ResultJSON is a result as JSON: the document of alis calc --format json,
// and a line of alis batch --format jsonl (without its rules); stable
// snake_case fields, money as strings with two decimals, null where a value
// does not apply. Result.MarshalJSON writes it, and
// schemas/result.schema.json describes it.
type ResultJSON struct {
	FormatVersion       int          `json:"format_version,omitempty"` // calc's, where the result stands alone
	ID                  string       `json:"id"`
	Kommune             *string      `json:"kommune"`
	Year                int          `json:"year"`
	GrantPeriod         string       `json:"grant_period"`
	GrantType           string       `json:"grant_type"`
	Driftsform          *string      `json:"driftsform"`
	Role                string       `json:"role"`
	Scheme              *string      `json:"scheme"`
	SchemeName          *string      `json:"scheme_name"`
	Formula             *string      `json:"formula"`
	Eligible            bool         `json:"eligible"`
	Reasons             []ReasonJSON `json:"reasons"`
	Period              *PeriodJSON  `json:"period"`
	Proration           string       `json:"proration"`
	Months              int          `json:"months"`
	Days                int          `json:"days"`
	Cap                 *string      `json:"cap"`
	CapProrated         *string      `json:"cap_prorated"`
	CofinancingShare    *string      `json:"cofinancing_share"`
	Cost                *string      `json:"cost"`
	CostLimit           *string      `json:"cost_limit"`
	Grant               *string      `json:"grant"`
	GrantBasis          Basis        `json:"grant_basis"`
	Missing             []string     `json:"missing"`
	Ignored             []string     `json:"ignored"`
	GrantUnrounded      *string      `json:"grant_unrounded,omitempty"`
	Rounding            RoundingJSON `json:"rounding"`
	KommuneShare        *string      `json:"kommune_share"`
	KommuneSharePercent *string      `json:"kommune_share_percent"`
	CostForFullGrant    *string      `json:"cost_for_full_grant"`
	LimitedBy           *string      `json:"limited_by"`
	CentralityClass     *int         `json:"centrality_class,omitempty"`
	// ClassFromTable: the class is the kommune's in the table the rules
	// name, the agreement gave none.
	ClassFromTable bool       `json:"centrality_class_from_table,omitempty"`
	Lines          []LineJSON `json:"employment,omitempty"`
	Components     []CompJSON `json:"components,omitempty"`
	AlsoPeriods    []string   `json:"also_in_periods,omitempty"`
	// BeyondRules is the first day past the last period alis has rules
	// for, when the agreement runs past it.
	BeyondRules *string    `json:"beyond_rules_from,omitempty"`
	Assumed     []string   `json:"assumed"`
	Unknown     []string   `json:"unknown"`
	Rules       *RulesJSON `json:"rules,omitempty"`
}

// ReasonJSON is a reason with its message.
type ReasonJSON struct {
	Code    Code   `json:"code"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// PeriodJSON is the part of an agreement within the grant period.
type PeriodJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// RoundingJSON is how the grant was rounded.
type RoundingJSON struct {
	Unit            string  `json:"unit"`
	Mode            string  `json:"mode"`
	CofinancingMode *string `json:"cofinancing_mode,omitempty"`
}

// LineJSON is one employment period's part of a grant.
type LineJSON struct {
	Position string  `json:"position"`
	Percent  string  `json:"percent"`
	From     *string `json:"from"`
	To       *string `json:"to"`
	Months   int     `json:"months"`
	Covered  bool    `json:"covered"`
	Category string  `json:"category,omitempty"`
	Annual   *string `json:"annual,omitempty"`
	Amount   *string `json:"amount"`
}

// CompJSON is one element of a grant made of elements.
type CompJSON struct {
	Name        string   `json:"name"`
	Cap         *string  `json:"cap"`
	Claimed     *string  `json:"claimed"`
	Amount      *string  `json:"amount"`
	AmountExact *string  `json:"amount_exact"`
	Note        *string  `json:"note"`
	Basis       string   `json:"basis"`
	Missing     []string `json:"missing"`
}

// FormatVersion is the version of alis's JSON formats: it changes when a
// field is removed or changes meaning, not when one is added. The schemas
// are in the repository's schemas/ folder.
const FormatVersion = 2

// RulesJSON names the rules a result was computed under.
type RulesJSON struct {
	Period string  `json:"period"`
	Year   int     `json:"year"`
	From   *string `json:"shifted_from,omitempty"`
	// ProvisionalFrom is the period provisional rules are carried from.
	ProvisionalFrom string   `json:"provisional_from,omitempty"`
	Title           string   `json:"title"`
	Source          string   `json:"source"`
	SHA256          string   `json:"sha256"`
	Overrides       []string `json:"overrides"`
}

// NewRulesJSON names rules for JSON.
func NewRulesJSON(r *rules.Rules) *RulesJSON {
	j := &RulesJSON{Period: r.Period, Year: PeriodYear(r), ProvisionalFrom: r.ProvisionalFrom(), Title: r.Title, Source: r.Source, SHA256: r.SHA256, Overrides: append([]string{}, r.Overrides...)}
	if r.ShiftedFrom != "" {
		j.From = ptr(r.ShiftedFrom)
	}
	return j
}

// PeriodYear is the year a period is named by: 2021 for "2021", 2024 for
// "2024/25".
func PeriodYear(r *rules.Rules) int {
	if len(r.Period) >= 4 {
		if y, err := strconv.Atoi(r.Period[:4]); err == nil {
			return y
		}
	}
	return r.ValidFrom.Year()
}

// JSON is the result as JSON, with its reasons in l, and the rules it was
// computed under.
func (res *Result) JSON(l Lang) ResultJSON {
	r := res.Rules()
	j := ResultJSON{
		ID:               res.ID,
		Kommune:          TextOrNull(res.Kommune),
		GrantType:        string(res.GrantType),
		Driftsform:       TextOrNull(string(res.Driftsform)),
		Role:             string(res.Role),
		Eligible:         res.Eligible,
		Reasons:          []ReasonJSON{},
		Proration:        res.Proration,
		Months:           res.Months,
		Days:             res.Days,
		Grant:            MoneyOrNull(res.Grant),
		GrantBasis:       res.GrantBasis,
		Missing:          res.Missing.Names(),
		Ignored:          res.Ignored.Names(),
		Cap:              MoneyOrNull(res.Cap),
		CapProrated:      MoneyOrNull(res.CapProrated),
		Cost:             MoneyOrNull(res.Cost),
		CostLimit:        MoneyOrNull(res.CostLimit),
		KommuneShare:     MoneyOrNull(res.KommuneShare),
		CostForFullGrant: MoneyOrNull(res.CostForFullGrant),
		Assumed:          res.AssumedValues(),
		Unknown:          res.UnknownValues(),
	}
	if r != nil { // a Result the engine made; the zero Result has no rules
		j.Year, j.GrantPeriod = PeriodYear(r), r.Period
		j.Rounding = RoundingJSON{Unit: r.Get(rules.RoundingUnit).Decimal().String(), Mode: r.Get(rules.RoundingMode).Text()}
		if v := r.Get(rules.CofinancingMode); v != nil {
			j.Rounding.CofinancingMode = ptr(v.Text())
		}
	}
	if res.HasScheme {
		j.Scheme, j.SchemeName, j.Formula = ptr(res.Scheme), ptr(res.SchemeName), ptr(string(res.Formula))
		if res.Formula == rules.CofinancedCap && r != nil {
			j.CofinancingShare = ptr(ExactDecimal(r.Get(rules.CofinancingShare).Decimal()))
		}
	}
	for _, rs := range res.Reasons {
		j.Reasons = append(j.Reasons, ReasonJSON{Code: rs.Code, Rule: rs.Param, Message: rs.Message(l)})
	}
	if !res.PeriodStart.IsZero() {
		j.Period = &PeriodJSON{Start: res.PeriodStart.String(), End: res.PeriodEnd.String()}
	}
	if x, ok := res.Exact.Get(); ok && res.Eligible {
		j.GrantUnrounded = ptr(x)
	} else if x, ok := res.cofinancedUnrounded(); ok {
		j.GrantUnrounded = ptr(ExactDecimal(x))
	}
	if res.CentralityClass != 0 {
		j.CentralityClass, j.ClassFromTable = ptr(res.CentralityClass), res.ClassFromTable
	}
	if k, ok := res.KommuneShare.Get(); ok {
		if pct, ok := Percent(k, res.Cost.Or(0), '.'); ok {
			j.KommuneSharePercent = ptr(pct)
		}
	}
	if res.LimitedBy != "" {
		j.LimitedBy = ptr(string(res.LimitedBy))
	}
	for _, ln := range res.Lines {
		lj := LineJSON{Position: string(ln.Position), Percent: ln.Percent, Months: ln.Months, Covered: ln.Covered, Category: ln.Category,
			Annual: MoneyOrNull(ln.Annual), Amount: MoneyOrNull(ln.Amount)}
		if !ln.From.IsZero() {
			lj.From, lj.To = ptr(ln.From.String()), ptr(ln.To.String())
		}
		j.Lines = append(j.Lines, lj)
	}
	for _, c := range res.Components {
		cj := CompJSON{Name: c.Name, Cap: MoneyOrNull(c.Cap), Claimed: MoneyOrNull(c.Claimed), Amount: MoneyOrNull(c.Amount), Note: TextOrNull(string(c.Note)),
			Basis: string(c.Basis), Missing: c.Missing.Names()}
		if x, ok := c.Exact.Get(); ok {
			cj.AmountExact = ptr(x)
		}
		j.Components = append(j.Components, cj)
	}
	if r != nil {
		j.Rules = NewRulesJSON(r)
		j.FormatVersion = FormatVersion
	}
	return j
}

func ptr[T any](v T) *T { return &v }

// MoneyOrNull writes an optional amount for JSON: "240000.00", or null.
func MoneyOrNull(m Optional[Money]) *string {
	if v, ok := m.Get(); ok {
		return ptr(v.String())
	}
	return nil
}

// TextOrNull is text for JSON: null when empty.
func TextOrNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ExactDecimal writes an exact amount with at least two decimals and a
// point: 240000.00, 312500.505.
func ExactDecimal(d decimal.Decimal) string {
	s := d.String()
	intPart, frac, _ := strings.Cut(s, ".")
	for len(frac) < 2 {
		frac += "0"
	}
	return intPart + "." + frac
}

// Percent writes part/whole as a percentage with one decimal, rounded half
// up, with the given decimal separator: "20.0". Both must be non-negative.
func Percent(part, whole Money, dec byte) (string, bool) {
	if whole <= 0 || part < 0 {
		return "", false
	}
	tenths := (int64(part)*2000 + int64(whole)) / (int64(whole) * 2)
	return strconv.FormatInt(tenths/10, 10) + string(dec) + strconv.FormatInt(tenths%10, 10), true
}
