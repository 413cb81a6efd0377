package output

import (
	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
)

// The JSON of a result is the library's (calc.ResultJSON), one shape for
// alis calc, a line of alis batch and an embedder's json.Marshal.
type (
	ResultJSON   = calc.ResultJSON
	ReasonJSON   = calc.ReasonJSON
	PeriodJSON   = calc.PeriodJSON
	RoundingJSON = calc.RoundingJSON
	LineJSON     = calc.LineJSON
	CompJSON     = calc.CompJSON
	RulesJSON    = calc.RulesJSON
)

// FormatVersion is the version of alis's JSON formats (calc.FormatVersion).
const FormatVersion = calc.FormatVersion

// RulesRef names the rules of a result in a JSON line.
type RulesRef struct {
	Period string `json:"period"`
	// ProvisionalFrom is the period provisional rules are carried from.
	ProvisionalFrom string `json:"provisional_from,omitempty"`
	Source          string `json:"source"`
	SHA256          string `json:"sha256"`
}

// NewRulesRef names rules in a JSON line.
func NewRulesRef(r *rules.Rules) *RulesRef {
	return &RulesRef{Period: r.Period, ProvisionalFrom: r.ProvisionalFrom(), Source: r.Source, SHA256: r.SHA256}
}

// NewRulesJSON names rules for JSON.
func NewRulesJSON(r *rules.Rules) *RulesJSON { return calc.NewRulesJSON(r) }

// PeriodYear is the year a period is named by: 2021 for "2021", 2024 for
// "2024/25".
func PeriodYear(r *rules.Rules) int { return calc.PeriodYear(r) }

func ptr[T any](v T) *T { return &v }

// NewResultJSON makes the JSON of a result, its reasons in l; withRules
// keeps the rules it was computed under (calc does; batch has them once for
// the document).
func NewResultJSON(res *calc.Result, l calc.Lang, withRules bool) ResultJSON {
	j := res.JSON(l)
	if !withRules {
		j.Rules, j.FormatVersion = nil, 0
	}
	return j
}
