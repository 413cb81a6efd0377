package calc_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// variants returns rule sets that differ from the embedded 2021 file in the
// values the arithmetic depends on, so that both paths are held to the same
// results on odd caps, shares, units, modes and proration methods too.
func variants(t testing.TB) []*rules.Rules {
	base, err := rules.Embedded("2021")
	if err != nil {
		t.Fatal(err)
	}
	var out []*rules.Rules
	caps := []string{"240000", "250000", "199999.99", "0", "100000000", "12345.67"}
	shares := []string{"0.20", "0", "0.333333", "0.125", "1", "0.999999", "0.5"}
	units := []string{"1", "0.01", "10", "100", "0.05", "1000"}
	modes := []string{"half_up", "down"}
	cofModes := []string{"down", "down", "half_up"}
	methods := []string{"whole_months", "days", "none"}
	rng := rand.New(rand.NewPCG(1, 2))
	set := func(r *rules.Rules, nv string) *rules.Rules {
		c, err := r.Set(nv)
		if err != nil {
			t.Fatalf("set %s: %v", nv, err)
		}
		return c
	}
	for i := 0; i < 60; i++ {
		r := base
		for _, s := range base.Schemes {
			if s.Formula == rules.CofinancedCap {
				r = set(r, "schemes."+s.ID+".cap="+caps[rng.IntN(len(caps))])
			}
		}
		r = set(r, "cofinancing_share="+shares[rng.IntN(len(shares))])
		r = set(r, "rounding.unit="+units[rng.IntN(len(units))])
		r = set(r, "rounding.mode="+modes[rng.IntN(len(modes))])
		r = set(r, "rounding.cofinancing_mode="+cofModes[rng.IntN(len(cofModes))])
		r = set(r, "proration.partial_month_counts="+[]string{"true", "false"}[rng.IntN(2)])
		r = set(r, "proration.method="+methods[rng.IntN(len(methods))])
		if i%7 == 0 {
			// A leap year.
			if r, err = r.Shift(3); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, r)
	}
	return append(out, base)
}

// genAgreement makes a plausible agreement, with edge cases over-represented.
func genAgreement(rng *rand.Rand, year int) calc.Agreement {
	// The 2021 schemes tell agreements apart by driftsform.
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
		Driftsform: []calc.Driftsform{calc.Naering, calc.Fastlonn}[rng.IntN(2)],
		Role:       []calc.Role{calc.RoleFastlege, calc.RoleFastlege, calc.RoleVikar}[rng.IntN(3)],
		Start:      d(year + pick(-1, 0, 0, 0, 1)),
	}
	if rng.IntN(3) > 0 {
		end := d(year + pick(0, 0, 1, 2))
		if end.Before(a.Start) {
			end = a.Start.AddMonths(rng.IntN(30))
		}
		a.End = end
	}
	if a.Role == calc.RoleVikar && rng.IntN(3) == 0 {
		a.VikariatStart = a.Start.AddMonths(-rng.IntN(12))
		a.VikariatEnd = a.VikariatStart.AddMonths(rng.IntN(24)).AddDays(rng.IntN(3) - 1)
		if a.VikariatEnd.Before(a.VikariatStart) {
			a.VikariatEnd = a.VikariatStart
		}
	}
	if rng.IntN(10) > 0 {
		switch rng.IntN(6) {
		case 0:
			a.Cost = calc.Some(calc.Ore(int64(rng.IntN(1000)))) // tiny: rounding beyond the cost
		case 1:
			a.Cost = calc.Some(calc.MaxCost - calc.Ore(int64(rng.IntN(100))))
		case 2:
			a.Cost = calc.Some(calc.Kroner(int64(pick(300000, 250000, 125000, 100000))))
		default:
			a.Cost = calc.Some(calc.Ore(rng.Int64N(60_000_000)))
		}
	}
	a.PriorYears = pick(0, 0, 0, 1, 3, 4, 5)
	if rng.IntN(4) == 0 {
		a.Applied = d(year)
	}
	a.StaffingAgency = rng.IntN(8) == 0
	return a
}

// Compute (integer arithmetic on øre, the batch path) and Explain (the
// decimal reference) give the same result, over generated agreements and
// rule variants.
func TestDecimalAndIntegerPathsAgree(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	rng := rand.New(rand.NewPCG(7, 11))
	var res calc.Result
	compared := 0
	vs := variants(t)
	for _, r := range vs {
		e, err := calc.NewEngine(r)
		if err != nil {
			t.Fatalf("variant: %v", err)
		}
		for i := 0; i < n; i++ {
			a := genAgreement(rng, r.Year())
			ex, err1 := e.Explain(&a)
			err2 := e.ComputeInto(&a, &res)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("%+v: errors differ: %v / %v", a, err1, err2)
			}
			if err1 != nil {
				continue
			}
			if !sameResult(ex.Result, res) {
				t.Fatalf("%s: %+v\n(-decimal +integer):\n%s", r.Label(), a, diffResults(ex.Result, res))
			}
			checkInvariants(t, r, &a, &res)
			compared++
		}
	}
	if compared < n*len(vs)/2 {
		t.Fatalf("only %d agreements compared", compared)
	}
}

// checkInvariants holds for every result, whatever the rules.
func checkInvariants(t *testing.T, r *rules.Rules, a *calc.Agreement, res *calc.Result) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%+v under %s: %s", *a, r.Label(), fmt.Sprintf(format, args...))
	}
	grant, ok := res.Grant.Get()
	if !ok {
		fail("no grant")
	}
	if grant < 0 {
		fail("negative grant %s", grant)
	}
	if !res.Eligible && grant != 0 {
		fail("ineligible but grant %s", grant)
	}
	unit := calc.MoneyFromDecimal(r.Value("rounding.unit").Decimal())
	if grant > res.CapProrated.Or(0)+unit/2 {
		fail("grant %s above the prorated cap %v rounded to the unit", grant, res.CapProrated)
	}
	if cost, ok := a.Cost.Get(); ok {
		if grant+res.KommuneShare.Or(0) != cost {
			fail("grant %s + kommune %v != cost %s", grant, res.KommuneShare, cost)
		}
		if grant > cost {
			fail("grant %s above the cost %s", grant, cost)
		}
		if grant > res.CostLimit.Or(0)+unit/2+1 {
			fail("grant %s above the cost limit %v rounded to the unit", grant, res.CostLimit)
		}
		// With the co-financing limit rounded down, the kommune pays at
		// least its share after rounding: grant ≤ cost × (1 − share), exactly.
		if r.Value("rounding.cofinancing_mode").Text() == "down" {
			keep := decimal.New(1, 0).Sub(r.Value("cofinancing_share").Decimal())
			if grant.Decimal().GreaterThan(cost.Decimal().Mul(keep)) {
				fail("grant %s above cost × %s = %s: the kommune pays less than its share", grant, keep, cost.Decimal().Mul(keep))
			}
		}
	}
}

// The grant never falls when the cost rises, all else equal.
func TestGrantMonotonicInCost(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	checked, rose := 0, 0
	for _, r := range variants(t) {
		e, err := calc.NewEngine(r)
		if err != nil {
			t.Fatal(err)
		}
		var lo, hi calc.Result
		for i := 0; i < 300; i++ {
			a := genAgreement(rng, r.Year())
			c := calc.Ore(rng.Int64N(40_000_000))
			a.Cost = calc.Some(c)
			b := a
			b.Cost = calc.Some(c + calc.Ore(rng.Int64N(1_000_000)))
			if e.ComputeInto(&a, &lo) != nil || e.ComputeInto(&b, &hi) != nil || !lo.Eligible {
				continue
			}
			checked++
			if hi.Grant.Or(0) > lo.Grant.Or(0) {
				rose++
			}
			if hi.Grant.Or(0) < lo.Grant.Or(0) {
				t.Fatalf("cost %v → grant %v, but cost %v → grant %v", a.Cost, lo.Grant, b.Cost, hi.Grant)
			}
		}
	}
	// Enough eligible pairs, and enough where the cost decided the grant,
	// for the test to say something.
	t.Logf("%d eligible pairs checked, %d where the grant rose with the cost", checked, rose)
	if checked < 1000 || rose < 100 {
		t.Fatalf("only %d eligible pairs checked, %d where the grant rose with the cost", checked, rose)
	}
}

// sameResult compares two results field by field, the assumed and unknown
// values too, with empty and nil lists alike.
func sameResult(a, b calc.Result) bool {
	for _, r := range []*calc.Result{&a, &b} {
		if len(r.Reasons) == 0 {
			r.Reasons = nil
		}
		if len(r.Lines) == 0 {
			r.Lines = nil
		}
		if len(r.Components) == 0 {
			r.Components = nil
		}
	}
	return reflect.DeepEqual(a, b)
}

func diffResults(a, b calc.Result) string {
	ja, _ := json.MarshalIndent(a, "", " ")
	jb, _ := json.MarshalIndent(b, "", " ")
	return cmp.Diff(string(ja), string(jb))
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
			a := genAgreement(rng, r.Year())
			if a.End.IsZero() {
				a.End = a.Start.AddMonths(rng.IntN(14))
			}
			a.VikariatStart, a.VikariatEnd = date.Date{}, date.Date{}
			b := a
			if rng.IntN(4) == 0 && a.Role == calc.RoleFastlege {
				b.End = date.Date{}
			} else {
				b.End = a.End.AddDays(1 + rng.IntN(400))
			}
			if e.ComputeInto(&a, &short) != nil || e.ComputeInto(&b, &long) != nil {
				continue
			}
			checked++
			if long.Grant.Or(0) < short.Grant.Or(0) || long.Months < short.Months {
				t.Fatalf("%+v: to %s gives %s (%d months), to %s gives %s (%d months)", a, a.End, short.Grant, short.Months, b.End, long.Grant, long.Months)
			}
		}
		if checked < 100 {
			t.Fatalf("only %d pairs checked", checked)
		}
	}
}
