package calc_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/alis-tilskudd/alis/calc"
)

// The explanation's steps name the rule values that decided them; each
// printer renders them, so their kinds and values are the contract.
func TestExplanationSteps(t *testing.T) {
	e2021, e2020 := engine(t, "2021"), engine(t, "2020")
	tests := []struct {
		name string
		e    *calc.Engine
		a    calc.Agreement
		want []string // kind: params
	}{
		{
			name: "eligible, with a cost",
			e:    e2021,
			a:    calc.Agreement{Driftsform: calc.Naering, Start: day("2021-03-01"), Cost: calc.Some(kr("100 000"))},
			want: []string{
				"scheme: schemes.naering.grant_types schemes.naering.driftsformer schemes.naering.roles",
				"period: proration.method proration.partial_month_counts proration.month_count",
				"cap: schemes.naering.cap",
				"cofinancing: cofinancing_share",
				"rounding: rounding.unit rounding.mode rounding.cofinancing_mode",
				"kommune_share:",
			},
		},
		{
			name: "eligible, without a cost",
			e:    e2021,
			a:    calc.Agreement{Driftsform: calc.Fastlonn, Start: day("2021-03-01")},
			want: []string{
				"scheme: schemes.fastlonn.grant_types schemes.fastlonn.driftsformer schemes.fastlonn.roles",
				"period: proration.method proration.partial_month_counts proration.month_count",
				"cap: schemes.fastlonn.cap",
				"rounding: rounding.unit rounding.mode",
				"cost_for_full_grant: cofinancing_share",
			},
		},
		{
			name: "a vikariat too short",
			e:    e2021,
			a:    calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleVikar, Start: day("2021-01-01"), End: day("2021-12-31")},
			want: []string{
				"scheme: schemes.naering.grant_types schemes.naering.driftsformer schemes.naering.roles",
				"period: proration.method proration.partial_month_counts proration.month_count",
				"condition: schemes.naering.vikar.min_months schemes.naering.vikar.min_qualifies",
				"cap: schemes.naering.cap",
				"not_eligible:",
			},
		},
		{
			name: "no scheme",
			e:    e2020,
			a:    calc.Agreement{Driftsform: calc.Fastlonn, Start: day("2020-01-01"), Cost: calc.Some(kr("100 000"))},
			want: []string{
				"scheme: schemes.naering.grant_types schemes.naering.driftsformer",
				"period: proration.method proration.partial_month_counts proration.month_count",
				"kommune_share:",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex, err := tc.e.Explain(&tc.a)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range ex.Steps {
				line := string(s.Kind()) + ":"
				for _, v := range s.Rules() {
					if v == nil || v.Path == "" || len(v.References) == 0 {
						t.Errorf("step %s: a rule value without a path or a source: %+v", s.Kind(), v)
						continue
					}
					line += " " + v.Path
				}
				got = append(got, line)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
		})
	}
}

// The rounding step carries the exact values and the rounded ones that the
// result reports, so a printer never re-derives them.
func TestExplanationRoundingStep(t *testing.T) {
	ex, err := engine(t, "2021").Explain(&calc.Agreement{Driftsform: calc.Naering, Start: day("2021-01-01"), Cost: calc.Some(kr("100 001"))})
	if err != nil {
		t.Fatal(err)
	}
	var s *calc.RoundingStep
	for _, st := range ex.Steps {
		if r, ok := st.(*calc.RoundingStep); ok {
			s = r
		}
	}
	if s == nil {
		t.Fatal("no rounding step")
	}
	got := strings.Join([]string{s.Cap.String(), s.CapMode, s.CapRounded.String(), s.CostLimit.String(), s.CostMode, s.CostRounded.String(), string(s.LimitedBy)}, " ")
	if want := "240000 half_up 240000.00 80000.8 down 80000.00 cofinancing"; got != want {
		t.Errorf("rounding step = %q, want %q", got, want)
	}
	if ex.Grant.Or(-1) != kr("80 000") {
		t.Errorf("grant = %v", ex.Grant)
	}
}
