package main

import (
	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
)

// resultJSON is one result in JSON: stable snake_case fields, money as
// strings with two decimals, null where a value does not apply.
type resultJSON struct {
	ID                  string       `json:"id"`
	Kommune             *string      `json:"kommune"`
	Year                int          `json:"year"`
	Driftsform          string       `json:"driftsform"`
	Role                string       `json:"role"`
	Scheme              *string      `json:"scheme"`
	SchemeName          *string      `json:"scheme_name"`
	Eligible            bool         `json:"eligible"`
	Reasons             []reasonJSON `json:"reasons"`
	Period              *periodJSON  `json:"period"`
	Proration           string       `json:"proration"`
	Months              int          `json:"months"`
	Days                int          `json:"days"`
	Cap                 *string      `json:"cap"`
	CapProrated         *string      `json:"cap_prorated"`
	CofinancingShare    string       `json:"cofinancing_share"`
	Cost                *string      `json:"cost"`
	CostLimit           *string      `json:"cost_limit"`
	Grant               string       `json:"grant"`
	GrantUnrounded      *string      `json:"grant_unrounded,omitempty"`
	Rounding            roundingJSON `json:"rounding"`
	KommuneShare        *string      `json:"kommune_share"`
	KommuneSharePercent *string      `json:"kommune_share_percent"`
	CostForFullGrant    *string      `json:"cost_for_full_grant"`
	LimitedBy           *string      `json:"limited_by"`
	Assumed             []string     `json:"assumed"`
	Rules               *rulesJSON   `json:"rules,omitempty"`
}

type reasonJSON struct {
	Code    calc.Code `json:"code"`
	Rule    string    `json:"rule"`
	Message string    `json:"message"`
}

type periodJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type roundingJSON struct {
	Unit            string `json:"unit"`
	Mode            string `json:"mode"`
	CofinancingMode string `json:"cofinancing_mode"`
}

type rulesJSON struct {
	Year      int      `json:"year"`
	FromYear  *int     `json:"from_year,omitempty"`
	Title     string   `json:"title"`
	Source    string   `json:"source"`
	SHA256    string   `json:"sha256"`
	Overrides []string `json:"overrides"`
}

func newRulesJSON(r *rules.Rules) *rulesJSON {
	j := &rulesJSON{Year: r.Year, Title: r.Title, Source: r.Source, SHA256: r.SHA256, Overrides: append([]string{}, r.Overrides...)}
	if r.FromYear != 0 {
		j.FromYear = ptr(r.FromYear)
	}
	return j
}

func ptr[T any](v T) *T { return &v }

func moneyPtr(m calc.Money, ok bool) *string {
	if !ok {
		return nil
	}
	return ptr(m.String())
}

func newResultJSON(r *rules.Rules, res *calc.Result, l calc.Lang, withRules bool) resultJSON {
	j := resultJSON{
		ID:               res.ID,
		Year:             res.Year,
		Driftsform:       string(res.Driftsform),
		Role:             string(res.Role),
		Eligible:         res.Eligible,
		Reasons:          []reasonJSON{},
		Proration:        string(res.Proration),
		Months:           res.Months,
		Days:             res.Days,
		CofinancingShare: exactDecimal(r.CofinancingShare.Value),
		Grant:            res.Grant.String(),
		Rounding:         roundingJSON{Unit: r.Rounding.Unit.Value.String(), Mode: string(r.Rounding.Mode.Value), CofinancingMode: string(r.Rounding.CofinancingMode.Value)},
		Cap:              moneyPtr(res.Cap, res.HasScheme),
		CapProrated:      moneyPtr(res.CapProrated, res.HasScheme),
		Cost:             moneyPtr(res.Cost, res.HasCost),
		CostLimit:        moneyPtr(res.CostLimit, res.HasCost && res.HasScheme),
		KommuneShare:     moneyPtr(res.KommuneShare, res.HasCost),
		CostForFullGrant: moneyPtr(res.CostForFullGrant, res.HasCostForFullGrant),
		Assumed:          append([]string{}, res.Assumed...),
	}
	if res.Kommune != "" {
		j.Kommune = ptr(res.Kommune)
	}
	if res.HasScheme {
		j.Scheme, j.SchemeName = ptr(res.Scheme), ptr(res.SchemeName)
	}
	for _, rs := range res.Reasons {
		j.Reasons = append(j.Reasons, reasonJSON{Code: rs.Code, Rule: rs.Param, Message: rs.Message(l)})
	}
	if !res.PeriodStart.IsZero() {
		j.Period = &periodJSON{Start: res.PeriodStart.String(), End: res.PeriodEnd.String()}
	}
	if res.Detail != nil && res.Eligible {
		j.GrantUnrounded = ptr(exactDecimal(res.Detail.GrantUnrounded))
	}
	if pct, ok := percent(res.KommuneShare, res.Cost, '.'); ok && res.HasCost {
		j.KommuneSharePercent = ptr(pct)
	}
	if res.LimitedBy != "" {
		j.LimitedBy = ptr(string(res.LimitedBy))
	}
	if withRules {
		j.Rules = newRulesJSON(r)
	}
	return j
}
