package rules

import (
	"testing"
)

func TestEmbeddedYearsLoad(t *testing.T) {
	ys := Years()
	if len(ys) < 3 {
		t.Fatalf("embedded years = %v, want at least 2019, 2020, 2021", ys)
	}
	for _, y := range ys {
		r, err := Embedded(y)
		if err != nil {
			t.Fatalf("%d: %v", y, err)
		}
		if r.Year != y {
			t.Errorf("embedded %d.yaml says year %d", y, r.Year)
		}
		for _, p := range r.Params() {
			if p.Basis == "" || len(p.References) == 0 || p.Unit == "" {
				t.Errorf("%d: %s lacks basis, unit or references", y, p.Path)
			}
		}
	}
}

// The embedded files say what domain.md says, with the same basis. A value
// promoted from assumed to verified, or a changed figure, fails here.
func TestEmbeddedFiguresAndBases(t *testing.T) {
	type want struct {
		year  int
		path  string
		value string
		basis Basis
	}
	wants := []want{
		{2021, "schemes.naering.cap", "240000", Verified},
		{2021, "schemes.fastlonn.cap", "240000", Verified},
		{2021, "schemes.naering.budget", "48000000", Verified},
		{2021, "schemes.fastlonn.budget", "54000000", Verified},
		{2021, "cofinancing_share", "0.20", Verified},
		{2021, "vikar.min_months", "12", Verified},
		{2021, "vikar.min_qualifies", "false", Verified},
		{2021, "max_grant_years", "4", Verified},
		{2021, "deadline", "2021-11-16", Verified},
		{2021, "proration.method", "whole_months", Inferred},
		{2021, "proration.partial_month_counts", "false", Inferred},
		{2021, "rounding.unit", "1", Inferred},
		{2021, "rounding.mode", "half_up", Assumed},
		{2021, "staffing_agency_excluded", "false", Inferred},
		{2019, "schemes.naering.budget", "30000000", Verified},
		{2019, "deadline", "2019-11-25", Verified},
		{2019, "schemes.naering.cap", "240000", Assumed},
		{2019, "cofinancing_share", "0.20", Assumed},
		{2019, "schemes.naering.roles", "fastlege", Inferred},
		{2020, "schemes.naering.cap", "240000", Assumed},
		{2020, "schemes.naering.driftsformer", "naering", Verified},
		{2020, "schemes.naering.roles", "fastlege", Inferred},
	}
	params := map[int]map[string]ParamInfo{}
	for _, y := range Years() {
		r, err := Embedded(y)
		if err != nil {
			t.Fatal(err)
		}
		params[y] = map[string]ParamInfo{}
		for _, p := range r.Params() {
			params[y][p.Path] = p
		}
	}
	for _, w := range wants {
		p, ok := params[w.year][w.path]
		if !ok {
			t.Errorf("%d: %s is missing", w.year, w.path)
			continue
		}
		if p.Value != w.value || p.Basis != w.basis {
			t.Errorf("%d: %s = %s (%s), want %s (%s)", w.year, w.path, p.Value, p.Basis, w.value, w.basis)
		}
	}
	// Not found in any source, so left out rather than guessed.
	for _, path := range []string{"deadline", "schemes.naering.budget"} {
		if _, ok := params[2020][path]; ok {
			t.Errorf("2020: %s is given, but no source for it was found", path)
		}
	}
	if _, ok := params[2020]["schemes.fastlonn.cap"]; ok {
		t.Error("2020 has a fastlønn scheme")
	}
}
