package calc_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// variants returns rule sets that differ from the embedded 2021 file in the
// values the arithmetic depends on, so that both paths are held to the same
// results on odd caps, shares, units, modes and proration methods too.
func variants(t testing.TB) []*rules.Rules {
	base, err := rules.Embedded(2021)
	if err != nil {
		t.Fatal(err)
	}
	var out []*rules.Rules
	caps := []string{"240000", "250000", "199999.99", "0", "100000000", "12345.67"}
	shares := []string{"0.20", "0", "0.333333", "0.125", "1", "0.999999", "0.5"}
	units := []string{"1", "0.01", "10", "100", "0.05", "1000"}
	modes := []rules.RoundingMode{rules.HalfUp, rules.Down}
	cofModes := []rules.RoundingMode{rules.Down, rules.Down, rules.HalfUp}
	methods := []rules.ProrationMethod{rules.WholeMonths, rules.Days, rules.NoProration}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 60; i++ {
		r := *base
		r.Schemes = append([]rules.Scheme(nil), base.Schemes...)
		for j := range r.Schemes {
			r.Schemes[j].Cap.Value = decimal.RequireFromString(caps[rng.IntN(len(caps))])
		}
		r.CofinancingShare.Value = decimal.RequireFromString(shares[rng.IntN(len(shares))])
		r.Rounding.Unit.Value = decimal.RequireFromString(units[rng.IntN(len(units))])
		r.Rounding.Mode.Value = modes[rng.IntN(len(modes))]
		r.Rounding.CofinancingMode.Value = cofModes[rng.IntN(len(cofModes))]
		r.Proration.Method.Value = methods[rng.IntN(len(methods))]
		r.Proration.PartialMonthCounts.Value = rng.IntN(2) == 0
		if i%7 == 0 {
			r.Year, r.ValidFrom, r.ValidTo = 2024, date.MustNew(2024, 1, 1), date.MustNew(2024, 12, 31) // a leap year
		}
		out = append(out, &r)
	}
	return append(out, base)
}

// genAgreement makes a plausible agreement, with edge cases over-represented.
func genAgreement(rng *rand.Rand, year int) calc.Agreement {
	pick := func(xs ...int) int { return xs[rng.IntN(len(xs))] }
	d := func(y int) date.Date {
		m := pick(1, 1, 2, 3, 6, 8, 12, rng.IntN(12)+1)
		dd := pick(1, 1, 14, 15, 28, 29, 30, 31, rng.IntN(31)+1)
		if last := date.DaysIn(y, time.Month(m)); dd > last {
			dd = last
		}
		return date.MustNew(y, time.Month(m), dd)
	}
	a := calc.Agreement{
		ID:         fmt.Sprint(rng.IntN(1e6)),
		Driftsform: []rules.Driftsform{rules.Naering, rules.Fastlonn}[rng.IntN(2)],
		Role:       []rules.Role{rules.Fastlege, rules.Fastlege, rules.Vikar}[rng.IntN(3)],
		Start:      d(year + pick(-1, 0, 0, 0, 1)),
	}
	if rng.IntN(3) > 0 {
		end := d(year + pick(0, 0, 1, 2))
		if end.Before(a.Start) {
			end = a.Start.AddMonths(rng.IntN(30))
		}
		a.End = end
	}
	if a.Role == rules.Vikar && rng.IntN(3) == 0 {
		a.VikariatStart = a.Start.AddMonths(-rng.IntN(12))
		a.VikariatEnd = a.VikariatStart.AddMonths(rng.IntN(24)).AddDays(rng.IntN(3) - 1)
		if a.VikariatEnd.Before(a.VikariatStart) {
			a.VikariatEnd = a.VikariatStart
		}
	}
	if rng.IntN(10) > 0 {
		a.HasCost = true
		switch rng.IntN(6) {
		case 0:
			a.Cost = calc.Money(rng.IntN(1000)) // tiny: rounding beyond the cost
		case 1:
			a.Cost = calc.MaxCost - calc.Money(rng.IntN(100))
		case 2:
			a.Cost = calc.Money(pick(300000, 250000, 125000, 100000)) * 100
		default:
			a.Cost = calc.Money(rng.Int64N(60_000_000))
		}
	}
	a.PriorYears = pick(0, 0, 0, 1, 3, 4, 5)
	if rng.IntN(4) == 0 {
		a.Applied = d(year)
	}
	a.StaffingAgency = rng.IntN(8) == 0
	return a
}

func TestDecimalAndIntegerPathsAgree(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	rng := rand.New(rand.NewPCG(7, 11))
	var res calc.Result
	compared := 0
	for _, r := range variants(t) {
		e, err := calc.NewEngine(r)
		if err != nil {
			t.Fatalf("variant: %v", err)
		}
		for i := 0; i < n; i++ {
			a := genAgreement(rng, r.Year)
			want, err1 := e.Compute(&a)
			err2 := e.ComputeInto(&a, &res)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("%+v: errors differ: %v / %v", a, err1, err2)
			}
			if err1 != nil {
				continue
			}
			want.Detail = nil
			if !sameResult(want, res) {
				diff := cmp.Diff(want, res, cmpopts.EquateEmpty())
				t.Fatalf("cap %s share %s unit %s %s %s: %+v\n(-decimal +integer):\n%s",
					r.Schemes[0].Cap.Value, r.CofinancingShare.Value, r.Rounding.Unit.Value, r.Rounding.Mode.Value, r.Proration.Method.Value, a, diff)
			}
			checkInvariants(t, r, &a, &res)
			compared++
		}
	}
	if compared < n*len(variants(t))/2 {
		t.Fatalf("only %d agreements compared", compared)
	}
}

// checkInvariants holds for every result, whatever the rules.
func checkInvariants(t *testing.T, r *rules.Rules, a *calc.Agreement, res *calc.Result) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%+v under cap %s share %s unit %s: %s", *a, r.Schemes[0].Cap.Value, r.CofinancingShare.Value, r.Rounding.Unit.Value, fmt.Sprintf(format, args...))
	}
	if res.Grant < 0 {
		fail("negative grant %s", res.Grant)
	}
	if !res.Eligible && res.Grant != 0 {
		fail("ineligible but grant %s", res.Grant)
	}
	unit := calc.MoneyFromDecimal(r.Rounding.Unit.Value)
	if res.Grant > res.CapProrated+unit/2 {
		fail("grant %s above the prorated cap %s rounded to the unit", res.Grant, res.CapProrated)
	}
	if a.HasCost {
		if res.Grant+res.KommuneShare != a.Cost {
			fail("grant %s + kommune %s != cost %s", res.Grant, res.KommuneShare, a.Cost)
		}
		if res.Grant > a.Cost {
			fail("grant %s above the cost %s", res.Grant, a.Cost)
		}
		if res.Grant > res.CostLimit+unit/2+1 {
			fail("grant %s above the cost limit %s rounded to the unit", res.Grant, res.CostLimit)
		}
		// With the co-financing limit rounded down, the kommune pays at
		// least its share after rounding: grant ≤ cost × (1 − share), exactly.
		if r.Rounding.CofinancingMode.Value == rules.Down {
			keep := decimal.New(1, 0).Sub(r.CofinancingShare.Value)
			if res.Grant.Kroner().GreaterThan(a.Cost.Kroner().Mul(keep)) {
				fail("grant %s above cost × (1 − %s) = %s: the kommune pays less than its share", res.Grant, r.CofinancingShare.Value, a.Cost.Kroner().Mul(keep))
			}
		}
	}
}

// The grant never falls when the cost rises, all else equal.
func TestGrantMonotonicInCost(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, r := range variants(t) {
		e, err := calc.NewEngine(r)
		if err != nil {
			t.Fatal(err)
		}
		var lo, hi calc.Result
		for i := 0; i < 300; i++ {
			a := genAgreement(rng, r.Year)
			a.HasCost = true
			a.Cost = calc.Money(rng.Int64N(40_000_000))
			b := a
			b.Cost += calc.Money(rng.Int64N(1_000_000))
			if e.ComputeInto(&a, &lo) != nil || e.ComputeInto(&b, &hi) != nil {
				continue
			}
			if hi.Grant < lo.Grant {
				t.Fatalf("cost %s → grant %s, but cost %s → grant %s", a.Cost, lo.Grant, b.Cost, hi.Grant)
			}
		}
	}
}

// sameResult is reflect.DeepEqual with empty and nil slices alike; cmp.Diff
// is kept for the message, as it is too slow to run on every pair.
func sameResult(a, b calc.Result) bool {
	norm := func(r *calc.Result) {
		if len(r.Reasons) == 0 {
			r.Reasons = nil
		}
		if len(r.Assumed) == 0 {
			r.Assumed = nil
		}
	}
	norm(&a)
	norm(&b)
	return reflect.DeepEqual(a, b)
}

// The grant never falls when the agreement covers more of the year, all else
// equal: a later end date adds months and days, and a longer vikariat can
// only meet the minimum. An open end is "later" only for a fastlege: for a
// vikar it makes the vikariat's length unknown, which is a reason of its own.
func TestGrantMonotonicInMonths(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, r := range variants(t) {
		e, err := calc.NewEngine(r)
		if err != nil {
			t.Fatal(err)
		}
		var short, long calc.Result
		checked := 0
		for i := 0; i < 300; i++ {
			a := genAgreement(rng, r.Year)
			if a.End.IsZero() {
				a.End = a.Start.AddMonths(rng.IntN(14))
			}
			a.VikariatStart, a.VikariatEnd = date.Date{}, date.Date{}
			b := a
			if rng.IntN(4) == 0 && a.Role == rules.Fastlege {
				b.End = date.Date{}
			} else {
				b.End = a.End.AddDays(1 + rng.IntN(400))
			}
			if e.ComputeInto(&a, &short) != nil || e.ComputeInto(&b, &long) != nil {
				continue
			}
			checked++
			if long.Grant < short.Grant || long.Months < short.Months {
				t.Fatalf("%+v: to %s gives %s (%d months), to %s gives %s (%d months)", a, a.End, short.Grant, short.Months, b.End, long.Grant, long.Months)
			}
		}
		if checked < 100 {
			t.Fatalf("only %d pairs checked", checked)
		}
	}
}
