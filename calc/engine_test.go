package calc_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

func engine(t testing.TB, period string) *calc.Engine {
	t.Helper()
	r, err := rules.Embedded(period)
	if err != nil {
		t.Fatal(err)
	}
	e, err := calc.NewEngine(r)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func day(s string) date.Date {
	d, err := date.ParseISO(s)
	if err != nil {
		panic(err)
	}
	return d
}

func kr(s string) calc.Money {
	m, err := calc.ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return m
}

// computeBoth computes an agreement with Compute and with Explain (the
// decimal reference) and fails unless they agree.
func computeBoth(t *testing.T, e *calc.Engine, a calc.Agreement) calc.Result {
	t.Helper()
	got, err := e.Compute(&a)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	ex, err := e.Explain(&a)
	if err != nil {
		t.Fatalf("Explain: %v", err)
	}
	if !sameResult(ex.Result, got) {
		t.Fatalf("Compute differs from Explain (-explain +compute):\n%s", diffResults(ex.Result, got))
	}
	return got
}

func codes(rs []calc.Reason) []calc.Code {
	out := []calc.Code{}
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

// The worked 2021 examples of the issue, and the 2020 one.
func TestWorkedExamples(t *testing.T) {
	tests := []struct {
		name     string
		year     string
		a        calc.Agreement
		eligible bool
		reasons  []calc.Code
		months   int
		capPro   calc.Money
		grant    calc.Money
		kommune  calc.Money
	}{
		{
			name: "næring fastlege full year, cost 300 000", year: "2021",
			a:        calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2021-01-01"), Cost: calc.Some(kr("300000"))},
			eligible: true, months: 12, capPro: kr("240000"), grant: kr("240000"), kommune: kr("60000"),
		},
		{
			name: "fastlønn fastlege from August, cost 400 000", year: "2021",
			a:        calc.Agreement{Driftsform: calc.Fastlonn, Role: calc.RoleFastlege, Start: day("2021-08-01"), Cost: calc.Some(kr("400000"))},
			eligible: true, months: 5, capPro: kr("100000"), grant: kr("100000"), kommune: kr("300000"),
		},
		{
			name: "næring vikar exactly one year is not eligible", year: "2021",
			a:        calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleVikar, Start: day("2021-01-01"), End: day("2021-12-31"), Cost: calc.Some(kr("200000"))},
			eligible: false, reasons: []calc.Code{calc.VikariatTooShort}, months: 12, capPro: kr("240000"), grant: 0, kommune: kr("200000"),
		},
		{
			name: "næring vikar to 2022-01-31 is eligible", year: "2021",
			a:        calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleVikar, Start: day("2021-01-01"), End: day("2022-01-31"), Cost: calc.Some(kr("200000"))},
			eligible: true, months: 12, capPro: kr("240000"), grant: kr("160000"), kommune: kr("40000"),
		},
		{
			name: "fastlønn under the 2020 rules: no scheme", year: "2020",
			a:        calc.Agreement{Driftsform: calc.Fastlonn, Role: calc.RoleFastlege, Start: day("2020-01-01"), Cost: calc.Some(kr("300000"))},
			eligible: false, reasons: []calc.Code{calc.NoScheme}, months: 12, grant: 0, kommune: kr("300000"),
		},
		{
			name: "næring fastlege, cost 123 456,78", year: "2021",
			a:        calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2021-01-01"), End: day("2021-12-31"), Cost: calc.Some(kr("123 456,78"))},
			eligible: true, months: 12, capPro: kr("240000"), grant: kr("98765"), kommune: kr("24691,78"),
		},
		{
			name: "cost 250 000 gives 200 000", year: "2021",
			a:        calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2021-01-01"), Cost: calc.Some(kr("250000"))},
			eligible: true, months: 12, capPro: kr("240000"), grant: kr("200000"), kommune: kr("50000"),
		},
		{
			name: "cost 500 000 gives the cap; the kommune pays 260 000", year: "2021",
			a:        calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2021-01-01"), Cost: calc.Some(kr("500000"))},
			eligible: true, months: 12, capPro: kr("240000"), grant: kr("240000"), kommune: kr("260000"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := computeBoth(t, engine(t, tt.year), tt.a)
			if res.Eligible != tt.eligible {
				t.Errorf("eligible = %v, want %v (reasons %v)", res.Eligible, tt.eligible, codes(res.Reasons))
			}
			want := tt.reasons
			if want == nil {
				want = []calc.Code{}
			}
			if diff := cmp.Diff(want, codes(res.Reasons)); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
			if res.Months != tt.months {
				t.Errorf("months = %d, want %d", res.Months, tt.months)
			}
			if got := res.CapProrated.Or(0); got != tt.capPro {
				t.Errorf("cap prorated = %s, want %s", got, tt.capPro)
			}
			if got := res.Grant.Or(-1); got != tt.grant {
				t.Errorf("grant = %s, want %s", got, tt.grant)
			}
			if got := res.KommuneShare.Or(-1); got != tt.kommune {
				t.Errorf("kommune share = %s, want %s", got, tt.kommune)
			}
			if res.Grant.Or(0)+res.KommuneShare.Or(0) != res.Cost.Or(-1) {
				t.Errorf("grant %s + kommune %s != cost %s", res.Grant.Or(0), res.KommuneShare.Or(0), res.Cost.Or(0))
			}
		})
	}
}

func TestNoCostShowsMaximumAndCostNeeded(t *testing.T) {
	e := engine(t, "2021")
	res := computeBoth(t, e, calc.Agreement{Driftsform: calc.Fastlonn, Role: calc.RoleFastlege, Start: day("2021-08-01")})
	if res.Cost.Ok() || res.Grant.Or(-1) != kr("100000") || res.KommuneShare.Ok() {
		t.Errorf("without cost: grant %v kommune %v cost %v; want the maximum 100000.00", res.Grant, res.KommuneShare, res.Cost)
	}
	if res.CostForFullGrant.Or(-1) != kr("125000") {
		t.Errorf("cost for full grant = %v, want 125000.00", res.CostForFullGrant)
	}
	full := computeBoth(t, e, calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2021-01-01")})
	if full.CostForFullGrant.Or(-1) != kr("300000") {
		t.Errorf("full year: cost for full grant = %v, want 300000.00 (cap ÷ (1 − share))", full.CostForFullGrant)
	}
}

// Months covered: complete months from the first day of the period in the
// year; a period starting on the 15th completes a month on the 14th.
func TestMonthsCovered(t *testing.T) {
	e := engine(t, "2021")
	tests := []struct {
		start, end string
		months     int
		days       int
	}{
		{"2021-01-01", "", 12, 365},
		{"2020-06-01", "", 12, 365},
		{"2021-01-01", "2021-12-31", 12, 365},
		{"2021-01-01", "2021-12-30", 11, 364},
		{"2021-08-01", "", 5, 153},
		{"2021-01-15", "2021-02-14", 1, 31},
		{"2021-01-15", "2021-02-13", 0, 30},
		{"2021-01-15", "", 11, 351},
		{"2021-12-01", "", 1, 31},
		{"2021-12-02", "", 0, 30},
		{"2021-01-31", "2021-02-27", 1, 28}, // 31 Jan + 1 month = 28 Feb: complete on the 27th
		{"2021-01-31", "2021-02-26", 0, 27},
		{"2021-01-31", "2021-03-30", 2, 59},
		{"2021-03-31", "2021-04-29", 1, 30},
		{"2021-02-28", "2021-03-27", 1, 28},
		{"2021-06-15", "2021-06-15", 0, 1},
	}
	for _, tt := range tests {
		a := calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day(tt.start), Cost: calc.Some(kr("500000"))}
		if tt.end != "" {
			a.End = day(tt.end)
		}
		res := computeBoth(t, e, a)
		if res.Months != tt.months || res.Days != tt.days {
			t.Errorf("%s..%s: %d months, %d days; want %d months, %d days", tt.start, tt.end, res.Months, res.Days, tt.months, tt.days)
		}
		if want := calc.Money(tt.months) * kr("20000"); res.Grant.Or(-1) != want {
			t.Errorf("%s..%s: grant %v, want %s", tt.start, tt.end, res.Grant, want)
		}
	}
}

// "More than N months" means the end date falls on or after start + N
// months; month arithmetic clamps to the end of a shorter month.
func TestVikariatBoundaries(t *testing.T) {
	e := engine(t, "2021")
	tests := []struct {
		vs, ve string
		ok     bool
	}{
		{"2021-01-01", "2021-12-31", false},
		{"2021-01-01", "2022-01-01", true},
		{"2020-03-01", "2021-02-28", false},
		{"2020-03-01", "2021-03-01", true},
		{"2020-02-29", "2021-02-27", false},
		{"2020-02-29", "2021-02-28", true}, // 29 Feb 2020 + 12 months clamps to 28 Feb 2021
		{"2021-01-31", "2022-01-30", false},
		{"2021-01-31", "2022-01-31", true},
	}
	for _, tt := range tests {
		a := calc.Agreement{Driftsform: calc.Fastlonn, Role: calc.RoleVikar, Start: day("2021-01-01"), VikariatStart: day(tt.vs), VikariatEnd: day(tt.ve), Cost: calc.Some(kr("300000"))}
		res := computeBoth(t, e, a)
		if res.Eligible != tt.ok {
			t.Errorf("vikariat %s..%s: eligible %v, want %v (%v)", tt.vs, tt.ve, res.Eligible, tt.ok, codes(res.Reasons))
		}
	}
}

func TestEveryReasonIsReported(t *testing.T) {
	e := engine(t, "2021")
	a := calc.Agreement{
		Driftsform: calc.Naering, Role: calc.RoleVikar, Start: day("2022-01-01"),
		PriorYears: 4, Applied: day("2021-11-17"), StaffingAgency: true,
	}
	res := computeBoth(t, e, a)
	want := []calc.Code{calc.NoDaysInYear, calc.VikariatLengthUnknown, calc.MaxGrantYearsReached, calc.AppliedAfterDeadline}
	if diff := cmp.Diff(want, codes(res.Reasons)); diff != "" {
		t.Errorf("reasons (-want +got):\n%s", diff)
	}
	if res.Grant.Or(-1) != 0 || res.Eligible {
		t.Errorf("grant %v eligible %v, want nothing", res.Grant, res.Eligible)
	}
	// On the deadline is in time; three prior years is allowed.
	a = calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2021-01-01"), PriorYears: 3, Applied: day("2021-11-16")}
	if res := computeBoth(t, e, a); !res.Eligible {
		t.Errorf("applied on the deadline with 3 prior years: not eligible: %v", codes(res.Reasons))
	}
	// 2020 does not cover vikarer at all.
	res = computeBoth(t, engine(t, "2020"), calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleVikar, Start: day("2020-01-01"), End: day("2021-12-31")})
	if diff := cmp.Diff([]calc.Code{calc.RoleNotCovered}, codes(res.Reasons)); diff != "" {
		t.Errorf("2020 vikar (-want +got):\n%s", diff)
	}
}

func TestAssumedValuesAreNamed(t *testing.T) {
	// 2021: the rounding mode is assumed, and only matters when there is something to round.
	e := engine(t, "2021")
	res := computeBoth(t, e, calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2021-01-01"), Cost: calc.Some(kr("300000"))})
	if len(res.AssumedValues()) != 0 {
		t.Errorf("exact 240 000: assumed %v, want none", res.AssumedValues())
	}
	// The co-financing limit rounds down, which is inferred, not assumed.
	res = computeBoth(t, e, calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2021-01-01"), Cost: calc.Some(kr("123456,78"))})
	if len(res.AssumedValues()) != 0 {
		t.Errorf("grant limited by co-financing: assumed %v, want none", res.AssumedValues())
	}
	// A prorated cap with a part of a krone rests on the assumed mode.
	r, err := rules.Embedded("2021")
	if err != nil {
		t.Fatal(err)
	}
	if r, err = r.Set("proration.partial_month_counts=false"); err != nil {
		t.Fatal(err)
	}
	r = r.Clone()
	if r, err = r.Set("proration.method=days"); err != nil {
		t.Fatal(err)
	}
	de, err := calc.NewEngine(r)
	if err != nil {
		t.Fatal(err)
	}
	res = computeBoth(t, de, calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2021-03-16"), Cost: calc.Some(kr("300000"))})
	if diff := cmp.Diff([]string{"rounding.mode", "proration.method"}, res.AssumedValues()); diff != "" || res.Grant.Or(-1) != kr("191342") {
		t.Errorf("rounded cap: grant %v, assumed (-want +got):\n%s", res.Grant, diff)
	}
	res = computeBoth(t, engine(t, "2019"), calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2019-01-01"), Cost: calc.Some(kr("300000"))})
	want := []string{"rounding.unit", "proration.method", "cofinancing_share", "schemes.naering.cap"}
	if diff := cmp.Diff(want, res.AssumedValues()); diff != "" {
		t.Errorf("2019: assumed (-want +got):\n%s", diff)
	}
}

func TestInvalidAgreements(t *testing.T) {
	e := engine(t, "2021")
	ok := calc.Agreement{Driftsform: calc.Naering, Role: calc.RoleFastlege, Start: day("2021-01-01")}
	tests := []struct {
		name  string
		edit  func(*calc.Agreement)
		field string
		msg   string
	}{
		{"end before start", func(a *calc.Agreement) { a.End = day("2020-12-31") }, "end", "2020-12-31 is before the start 2021-01-01"},
		{"no start", func(a *calc.Agreement) { a.Start = date.Date{} }, "start", "missing: the agreement's start date is required"},
		{"no driftsform", func(a *calc.Agreement) { a.Driftsform = "" }, "driftsform", "missing: the rules of 2021 tell the schemes apart by driftsform: give naering (næring) or fastlonn (fastlønn)"},
		{"bad role", func(a *calc.Agreement) { a.Role = "overlege" }, "role", `unknown role "overlege"`},
		{"negative cost", func(a *calc.Agreement) { a.Cost = calc.Some(calc.Ore(-1)) }, "cost", "-0.01 is negative"},
		{"huge cost", func(a *calc.Agreement) { a.Cost = calc.Some(calc.MaxCost + 1) }, "cost", "100000000.01 is more than 100000000.00, the most alis accepts for one agreement"},
		{"kommune", func(a *calc.Agreement) { a.Kommune = "301" }, "kommune", `"301" is not a kommune number (4 digits, such as 0301)`},
		{"prior years", func(a *calc.Agreement) { a.PriorYears = -1 }, "prior_years", "-1 is outside 0..100"},
		{"vikariat reversed", func(a *calc.Agreement) { a.VikariatEnd = day("2020-01-01") }, "vikariat_end", "2020-01-01 is before the vikariat's start 2021-01-01"},
	}
	for _, tt := range tests {
		a := ok
		tt.edit(&a)
		_, err := e.Compute(&a)
		_, err2 := e.Explain(&a)
		ie, isInput := err.(*calc.InputError)
		if !isInput || ie.Field != tt.field || ie.Err.Error() != tt.msg {
			t.Errorf("%s: error %v, want %s: %s", tt.name, err, tt.field, tt.msg)
		}
		if err2 == nil || err2.Error() != err.Error() {
			t.Errorf("%s: Explain gives the error %v, Compute %v", tt.name, err2, err)
		}
	}
}

// What a formula needs, and is not given, is an input error naming it.
func TestInvalidAgreementsOfTheLaterFormulas(t *testing.T) {
	full := calc.Employment{Position: calc.PositionFastlege, Percent: decimal.New(100, 0), From: day("2025-06-01"), To: day("2026-05-31")}
	tests := []struct {
		name, period string
		a            calc.Agreement
		field, msg   string
	}{
		{"no employment period in 2023", "2023", calc.Agreement{Start: day("2022-10-01")}, "position",
			"missing: the rules of 2023 pay per employment period: give each period's position, stillingsprosent and dates"},
		{"no employment period in 2025/26", "2025/26", calc.Agreement{Start: day("2025-06-01")}, "position",
			"missing: the rules of 2025/26 pay per employment period: give each period's position, stillingsprosent and dates"},
		{"more supervision months than the agreement has", "2021", calc.Agreement{GrantType: calc.Veiledning, Start: day("2021-10-15"), SupervisionMonths: calc.Some(4)},
			"supervision_months", "4 months of supervision, but the agreement has days in only 3 months of 2021"},
		{"a percent above 100", "2025/26", calc.Agreement{FirstFastlegeDate: day("2025-06-01"), Employment: []calc.Employment{{Position: calc.PositionFastlege, Percent: decimal.New(101, 0), From: day("2025-06-01")}}},
			"percent", "employment period 1: 101 is not a stillingsprosent from 0 to 100"},
	}
	for _, tt := range tests {
		e := engine(t, tt.period)
		_, err := e.Compute(&tt.a)
		ie, isInput := err.(*calc.InputError)
		if !isInput || ie.Field != tt.field || ie.Err.Error() != tt.msg {
			t.Errorf("%s: error %v, want %s: %s", tt.name, err, tt.field, tt.msg)
		}
	}
	// Veiledning only needs no first day: it pays no lavere produktivitet.
	if res, err := engine(t, "2025/26").Compute(&calc.Agreement{GrantType: calc.Veiledning, Employment: []calc.Employment{full}}); err != nil || res.Missing.Has(calc.FieldFirstFastlegeDate) {
		t.Errorf("veiledning only: %v, missing %v", err, res.Missing)
	}
	// Without the first day, an ALIS-avtale is computed as the largest grant
	// and says which day would make it exact.
	res, err := engine(t, "2025/26").Compute(&calc.Agreement{CentralityClass: 3, Employment: []calc.Employment{full}})
	if err != nil || res.GrantBasis != calc.BasisMaximum || !res.Missing.Has(calc.FieldFirstFastlegeDate) {
		t.Errorf("no first day: %v, %s, missing %v", err, res.GrantBasis, res.Missing)
	}
}
