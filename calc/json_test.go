package calc_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/alis-tilskudd/alis/calc"
)

// json.Marshal of a Result writes dates as "YYYY-MM-DD", money as strings
// with two decimals, null for what does not apply, and the assumed values
// by name.
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
		"id": "A-1", "period": "2021", "grant_type": "alis_avtale", "driftsform": "fastlonn", "role": "fastlege",
		"scheme": "fastlonn", "formula": "cofinanced_cap", "eligible": true, "reasons": []any{},
		"proration": "whole_months", "period_start": "2021-08-01", "period_end": "2021-12-31", "months": 5.0, "days": 153.0,
		"grant": "100000.00", "grant_basis": "exact", "missing": []any{}, "ignored": []any{}, "cap": "240000.00", "cap_prorated": "100000.00", "cost": "400000.00", "cost_limit": "320000.00",
		"kommune_share": "300000.00", "cost_for_full_grant": "125000.00", "limited_by": "cap", "grant_exact": nil,
		"assumed": []any{}, "unknown": []any{}, // nothing to round: rounding.mode is not counted
	}
	delete(got, "scheme_name")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON (-want +got):\n%s\n%s", diff, b)
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
