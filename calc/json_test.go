package calc_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/alis-tilskudd/alis/calc"
)

// json.Marshal of a Result writes the shape of alis calc --format json
// (ResultJSON): dates as "YYYY-MM-DD", money as strings with two
// decimals, null for what does not apply, the assumed values by name and
// the rules it was computed under. The command's schema test validates it
// against schemas/result.schema.json.
func TestResultJSON(t *testing.T) {
	res := computeBoth(t, engine(t, "2021"), calc.Agreement{ID: "A-1", Driftsform: calc.Fastlonn, Start: day("2021-08-01"), Cost: calc.Some(kr("400 000"))})
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"format_version": 2.0, "id": "A-1", "kommune": nil, "year": 2021.0, "grant_period": "2021", "grant_type": "alis_avtale",
		"driftsform": "fastlonn", "role": "fastlege", "scheme": "fastlonn", "formula": "cofinanced_cap", "eligible": true, "reasons": []any{},
		"period": map[string]any{"start": "2021-08-01", "end": "2021-12-31"}, "proration": "whole_months", "months": 5.0, "days": 153.0,
		"cap": "240000.00", "cap_prorated": "100000.00", "cofinancing_share": "0.20", "cost": "400000.00", "cost_limit": "320000.00",
		"grant": "100000.00", "grant_unrounded": "100000.00", "grant_basis": "exact", "missing": []any{}, "ignored": []any{},
		"rounding":      map[string]any{"unit": "1", "mode": "half_up", "cofinancing_mode": "down"},
		"kommune_share": "300000.00", "kommune_share_percent": "75.0", "cost_for_full_grant": "125000.00", "limited_by": "cap",
		"assumed": []any{}, "unknown": []any{}, // nothing to round: rounding.mode is not counted
	}
	delete(got, "scheme_name")
	rulesJSON, _ := got["rules"].(map[string]any)
	delete(got, "rules")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON (-want +got):\n%s\n%s", diff, b)
	}
	if rulesJSON["period"] != "2021" || rulesJSON["source"] != "embedded:2021.yaml" {
		t.Errorf("rules: %v", rulesJSON)
	}
	// The zero Result, made by no engine, has no rules to name.
	if b, err := json.Marshal(calc.Result{}); err != nil || !strings.Contains(string(b), `"grant":null`) || strings.Contains(string(b), `"rules"`) {
		t.Errorf("the zero Result: %s, %v", b, err)
	}
}

func TestOptionalJSONRoundTrip(t *testing.T) {
	type doc struct {
		Grant calc.Optional[calc.Money] `json:"grant"`
		Hours calc.Optional[int]        `json:"hours"`
	}
	in := doc{Grant: calc.Some(kr("1 234,5"))}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"grant":"1234.50","hours":null}` {
		t.Fatalf("marshalled %s", b)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if g, ok := out.Grant.Get(); !ok || g != kr("1234.50") || out.Hours.Ok() {
		t.Errorf("read back %v, %v", out.Grant, out.Hours)
	}
	if out.Grant.String() != "1234.50" || out.Hours.String() != "none" {
		t.Errorf("String: %s, %s", out.Grant, out.Hours)
	}
	if err := json.Unmarshal([]byte(`{"grant":"12,3,4"}`), &out); err == nil {
		t.Error("a bad amount was read")
	}
	if err := json.Unmarshal([]byte(`{"hours":"x"}`), &out); err == nil {
		t.Error("a string was read as a number")
	}
}
