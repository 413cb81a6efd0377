package rules

import (
	"testing"

	"github.com/alis-tilskudd/alis/rules/date"
)

func TestEmbeddedPeriodsLoad(t *testing.T) {
	ps := Periods()
	if len(ps) < 3 {
		t.Fatalf("embedded periods = %v, want at least 2019, 2020, 2021", ps)
	}
	for _, p := range ps {
		r := embedded(t, p)
		if r.Period != p {
			t.Errorf("embedded %s says period %s", p, r.Period)
		}
		for _, v := range r.Params() {
			if v.Basis == "" || len(v.References) == 0 || v.Unit == "" {
				t.Errorf("%s: %s lacks basis, unit or references", p, v.Path)
			}
			if v.Basis == Unknown && v.Note == "" {
				t.Errorf("%s: %s is unknown without a note of what was searched", p, v.Path)
			}
		}
	}
	for in, want := range map[string]string{"2021": "2021", "2024-25": "2024/25", "2024/2025": "2024/25", " 2025/26 ": "2025/26"} {
		if got := PeriodName(in); got != want {
			t.Errorf("PeriodName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := PeriodOf(date.MustNew(2021, 3, 1)); got != "2021" {
		t.Errorf("PeriodOf(2021-03-01) = %q", got)
	}
	if got := PeriodOf(date.MustNew(1999, 3, 1)); got != "" {
		t.Errorf("PeriodOf(1999-03-01) = %q", got)
	}
}

// The embedded files say what domain.md says, with the same basis. A value
// promoted from assumed to verified, or a changed figure, fails here.
func TestEmbeddedFiguresAndBases(t *testing.T) {
	type want struct {
		period string
		path   string
		value  string
		basis  Basis
	}
	wants := []want{
		{"2021", "schemes.naering.cap", "240000", Verified},
		{"2021", "schemes.fastlonn.cap", "240000", Verified},
		{"2021", "schemes.naering.budget", "48000000", Verified},
		{"2021", "schemes.fastlonn.budget", "54000000", Verified},
		{"2021", "cofinancing_share", "0.20", Verified},
		{"2021", "vikar.min_months", "12", Verified},
		{"2021", "vikar.min_qualifies", "false", Verified},
		{"2021", "max_grant_years", "4", Verified},
		{"2021", "deadline", "2021-11-16", Verified},
		{"2021", "proration.method", "whole_months", Inferred},
		{"2021", "proration.partial_month_counts", "false", Inferred},
		{"2021", "rounding.unit", "1", Inferred},
		{"2021", "rounding.mode", "half_up", Assumed},
		{"2021", "rounding.cofinancing_mode", "down", Inferred},
		{"2021", "staffing_agency_excluded", "false", Inferred},
		{"2019", "schemes.naering.budget", "30000000", Verified},
		{"2019", "deadline", "2019-11-25", Verified},
		{"2019", "schemes.naering.cap", "240000", Assumed},
		{"2019", "cofinancing_share", "0.20", Assumed},
		{"2019", "schemes.naering.roles", "fastlege", Inferred},
		{"2020", "schemes.naering.cap", "240000", Assumed},
		{"2020", "schemes.naering.driftsformer", "naering", Verified},
		{"2020", "schemes.naering.roles", "fastlege", Inferred},
	}
	params := map[string]map[string]*Value{}
	for _, p := range Periods() {
		params[p] = map[string]*Value{}
		for _, v := range embedded(t, p).Params() {
			params[p][v.Path] = v
		}
	}
	for _, w := range wants {
		v, ok := params[w.period][w.path]
		if !ok {
			t.Errorf("%s: %s is missing", w.period, w.path)
			continue
		}
		if v.String() != w.value || v.Basis != w.basis {
			t.Errorf("%s: %s = %s (%s), want %s (%s)", w.period, w.path, v, v.Basis, w.value, w.basis)
		}
	}
	// Not found in any source, so left out rather than guessed.
	for _, path := range []string{"deadline", "schemes.naering.budget"} {
		if _, ok := params["2020"][path]; ok {
			t.Errorf("2020: %s is given, but no source for it was found", path)
		}
	}
	if _, ok := params["2020"]["schemes.fastlonn.cap"]; ok {
		t.Error("2020 has a fastlønn scheme")
	}
}

// Every descriptor of the registry is read and written: a rule file with
// every value loads, marshals and loads again to the same values.
func TestRegistryIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Registry() {
		key := p.Name
		if p.Scheme {
			key = "schemes." + p.Name + " " + joinStrings(p.Formulas)
		}
		if seen[key] {
			t.Errorf("%s is described twice", key)
		}
		seen[key] = true
		if p.Unit == "" || p.Doc == "" || (p.Need.When != nil && p.Need.Why == "") {
			t.Errorf("%s lacks a unit, a doc or why it is needed", p.Name)
		}
		if p.Kind == KindEnum || p.Kind == KindList {
			if len(p.Enum) == 0 {
				t.Errorf("%s has no words", p.Name)
			}
		}
	}
}
