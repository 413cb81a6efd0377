package calc_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
)

// Employment periods at the same time may add up to 100 %, not more; two
// periods in sequence are never at the same time, whatever their share.
func TestEmploymentPeriodsAtTheSameTime(t *testing.T) {
	p := func(pct int64, from, to string) calc.Employment {
		e := calc.Employment{Position: calc.PositionFastlege, Percent: decimal.New(pct, 0), From: day(from)}
		if to != "" {
			e.To = day(to)
		}
		return e
	}
	tests := []struct {
		name     string
		es       []calc.Employment
		overlap  bool
		from, to string
		periods  []int
		percent  string
	}{
		{"one period", []calc.Employment{p(100, "2023-01-01", "2023-12-31")}, false, "", "", nil, ""},
		{"two of one position in sequence", []calc.Employment{p(100, "2023-01-01", "2023-03-15"), p(100, "2023-03-16", "2023-12-31")}, false, "", "", nil, ""},
		{"two halves at once", []calc.Employment{p(50, "2023-01-01", "2023-12-31"), p(50, "2023-01-01", "2023-12-31")}, false, "", "", nil, ""},
		{"three identical full-time periods", []calc.Employment{p(100, "2023-01-01", "2023-12-31"), p(100, "2023-01-01", "2023-12-31"), p(100, "2023-01-01", "2023-12-31")},
			true, "2023-01-01", "2023-12-31", []int{0, 1, 2}, "300"},
		{"a second period from March to May", []calc.Employment{p(100, "2023-01-01", "2023-12-31"), p(20, "2023-03-01", "2023-05-31")},
			true, "2023-03-01", "2023-05-31", []int{0, 1}, "120"},
		{"open-ended periods", []calc.Employment{p(80, "2023-01-01", ""), p(30, "2023-06-01", "")}, true, "2023-06-01", "", []int{0, 1}, "110"},
		{"a day in common", []calc.Employment{p(100, "2023-01-01", "2023-03-16"), p(100, "2023-03-16", "2023-12-31")}, true, "2023-03-16", "2023-03-16", []int{0, 1}, "200"},
	}
	checked := 0
	for _, tt := range tests {
		ov, ok := calc.FirstOverlap(tt.es)
		if ok != tt.overlap {
			t.Errorf("%s: overlap %v, want %v", tt.name, ok, tt.overlap)
			continue
		}
		a := calc.Agreement{Employment: tt.es}
		err := a.Validate()
		if (err != nil) != tt.overlap {
			t.Errorf("%s: Validate %v", tt.name, err)
		}
		if !ok {
			continue
		}
		checked++
		to := ""
		if !ov.To.IsZero() {
			to = ov.To.String()
		}
		if ov.From.String() != tt.from || to != tt.to || ov.Percent.String() != tt.percent || len(ov.Periods) != len(tt.periods) {
			t.Errorf("%s: %s–%s %s %% %v, want %s–%s %s %% %v", tt.name, ov.From, to, ov.Percent, ov.Periods, tt.from, tt.to, tt.percent, tt.periods)
		}
		if ie, isInput := err.(*calc.InputError); !isInput || ie.Field != calc.FieldPercent {
			t.Errorf("%s: error %v, want one of the percent", tt.name, err)
		}
	}
	if checked < 4 {
		t.Fatalf("only %d overlaps checked", checked)
	}
}

// Hundredths is the integer form of the checks on a stillingsprosent: it
// agrees with decimal arithmetic on every value of up to four decimals
// from -200 to 200, and on a few far outside.
func TestHundredthsAgreesWithDecimals(t *testing.T) {
	hundred := decimal.New(100, 0)
	check := func(d decimal.Decimal) {
		h, ok := calc.Hundredths(d)
		two := d.Equal(d.Round(2))
		if ok != two && !(two && d.Abs().GreaterThan(decimal.New(1, 13))) { // too large to hold is refused too
			t.Fatalf("%s: ok %v, but at most two decimals is %v", d, ok, two)
		}
		if ok && !decimal.New(h, -2).Equal(d) {
			t.Fatalf("%s: %d hundredths", d, h)
		}
		valid := ok && h >= 0 && h <= 100_00
		if want := d.Sign() >= 0 && !d.GreaterThan(hundred) && two; valid != want {
			t.Fatalf("%s: valid %v, decimals say %v", d, valid, want)
		}
	}
	n := 0
	for c := int64(-2_000_000); c <= 2_000_000; c += 7 {
		check(decimal.New(c, -4))
		n++
	}
	for _, s := range []string{"0", "100", "100.00", "80.500", "1e3", "1e20", "123456789012345678901234567890", "0.001", "-0", "100.001"} {
		check(decimal.RequireFromString(s))
	}
	if n < 500_000 {
		t.Fatalf("only %d values", n)
	}
}
