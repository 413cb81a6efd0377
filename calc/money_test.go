package calc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	good := map[string]string{
		"312500.50":       "312500.50",
		"312500,50":       "312500.50",
		"312 500,50":      "312500.50",
		"312\u00a0500,50": "312500.50",
		"312\u202f500,50": "312500.50",
		"1 234 567":       "1234567.00",
		"312.500,50":      "312500.50",
		"312,500.50":      "312500.50",
		"1.234.567":       "1234567.00",
		"1,234,567":       "1234567.00",
		"1.234.567,5":     "1234567.50",
		"300000":          "300000.00",
		"300 000 kr":      "300000.00",
		"kr 300 000":      "300000.00",
		"300000 NOK":      "300000.00",
		"kr. 5":           "5.00",
		"300 000 kr.":     "300000.00",
		"0":               "0.00",
		"0,5":             "0.50",
		",5":              "0.50",
		"5,":              "5.00",
		"+12":             "12.00",
		"1,5":             "1.50",
		"12.34":           "12.34",
		"123 456,78":      "123456.78",
		" 42 ":            "42.00",
		"999999999999":    "999999999999.00",
		"300 000,-":       "300000.00",
		"300 000,–":       "300000.00",
		"300000,—":        "300000.00",
		"kr 1.500,-":      "1500.00",
		"300 000,- kr":    "300000.00",
	}
	for in, want := range good {
		m, err := ParseAmount(in)
		if err != nil || m.String() != want {
			t.Errorf("ParseAmount(%q) = %s, %v; want %s", in, m, err, want)
		}
	}
	bad := map[string]string{
		"1.234,5.6":             `mixes . and , so that the decimals cannot be told`,
		"1e6":                   `has an exponent; write the amount out`,
		"12,3,4":                `has misplaced thousands separators`,
		"1,234":                 `is ambiguous: is , a decimal or a thousands separator? write 1234 or 1234,50`,
		"1.234":                 `is ambiguous: is . a decimal or a thousands separator? write 1234 or 1234.50`,
		"":                      `is empty`,
		"kr":                    `is empty`,
		"-5":                    `is negative`,
		"−5":                    `is negative`,
		"12a":                   `has 'a', which is not part of an amount`,
		"1,234.5,6":             `mixes . and , so that the decimals cannot be told`,
		"1 234.567,5":           `groups thousands with both space and .`,
		"12 34":                 `has misplaced thousands separators`,
		"1234 567":              `has misplaced thousands separators`,
		"1,2345,678":            `has misplaced thousands separators`,
		"1,5 0":                 `has a space among the decimals`,
		"1,505":                 `is ambiguous: is , a decimal or a thousands separator? write 1234 or 1234,50`,
		"1 000,505":             `has more than two decimals`,
		"1000000000000":         `is too large`,
		"1e30":                  `has an exponent; write the amount out`,
		"=SUM(A1)":              `has '=', which is not part of an amount`,
		"\xff":                  `is not valid text`,
		".":                     `has no digits`,
		strings.Repeat("1", 60): `is too long`,
		",-":                    `is not an amount of whole kroner`,
		"1,50,-":                `is not an amount of whole kroner`,
	}
	for in, want := range bad {
		m, err := ParseAmount(in)
		if err == nil || !strings.HasSuffix(err.Error(), want) || !strings.HasPrefix(err.Error(), "not an amount: ") {
			t.Errorf("ParseAmount(%q) = %s, %v; want error ending %q", in, m, err, want)
		}
	}
}

func TestParseAmountAllocatesNothing(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := ParseAmount("312 500,50 kr"); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("ParseAmount allocates %v times", allocs)
	}
}

func TestMoneyFormats(t *testing.T) {
	for m, want := range map[Money]string{0: "0 kr", 5: "0,05 kr", 24069178: "240 691,78 kr", 24000000: "240 000 kr", 100: "1 kr", 123456789000: "1 234 567 890 kr"} {
		if got := m.Norwegian(); got != want {
			t.Errorf("Norwegian(%d) = %q, want %q", m, got, want)
		}
	}
	if got := string(Money(-150).AppendTo(nil, ',')); got != "-1,50" {
		t.Errorf("AppendTo = %q", got)
	}
}

// The plain-amount fast path gives what the full reader gives, on every
// text it takes; and it takes the shapes exports write.
func TestPlainAmountAgreesWithParseAmount(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "0123456789012345678901234567890123456789   ,.+-k"
	taken := 0
	for range 300_000 {
		b := make([]byte, rng.IntN(17))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(b)
		if rng.IntN(2) == 0 { // whole kroner, grouped by spaces or not
			s = strconv.FormatInt(rng.Int64N(int64(math.Pow10(1+rng.IntN(13)))), 10) // 1 to 13 digits
			if rng.IntN(2) == 0 {
				s = groupBy(s, " ")
			}
			if rng.IntN(2) == 0 { // and decimals
				s += []string{",", "."}[rng.IntN(2)] + strconv.Itoa(rng.IntN(100))
			}
		}
		fast, ok := parsePlainAmount(s)
		if !ok {
			continue
		}
		taken++
		slow, err := parseAmount(s)
		if err != nil || slow != fast {
			t.Fatalf("%q: fast path %s, full reader %s, %v", s, fast, slow, err)
		}
	}
	if taken < 100_000 {
		t.Fatalf("the fast path took only %d texts", taken)
	}
	for _, s := range []string{"209104", "209 104", "1 234 567", "0", "999999999999", "341 147,13", "0,05", "1234,50", "1,5", "209104.5", "1 234.56", "0.05"} {
		if _, ok := parsePlainAmount(s); !ok {
			t.Errorf("%q: not taken by the fast path", s)
		}
	}
	for _, s := range []string{"1  234", " 42", "42 ", "12 34", "1234 567", "1 234 56", "9999999999999", "1,234", "1.234", ",50", ".5", "1 234,567", "12,345", "1,2,3", "1.2.3"} {
		if _, ok := parsePlainAmount(s); ok {
			t.Errorf("%q: taken by the fast path", s)
		}
	}
}

// groupBy puts sep between groups of three digits from the right.
func groupBy(digits, sep string) string {
	for i := len(digits) - 3; i > 0; i -= 3 {
		digits = digits[:i] + sep + digits[i:]
	}
	return digits
}

// AppendTo writes what String writes (its decimal separator aside), for
// amounts of every size and sign, the extremes of int64 among them, and
// appends to what b holds.
func TestAppendToAgreesWithString(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	ms := []Money{0, 1, -1, 99, -99, 100, -100, math.MaxInt64, math.MinInt64 + 1, math.MinInt64}
	for range 100_000 {
		m := Money(rng.Int64N(int64(math.Pow10(1 + rng.IntN(18)))))
		if rng.IntN(2) == 0 {
			m = -m
		}
		ms = append(ms, m)
	}
	for _, m := range ms {
		u := uint64(m)
		if m < 0 {
			u = -u
		}
		want := fmt.Sprintf("%d.%02d", u/100, u%100)
		if m < 0 {
			want = "-" + want
		}
		if got := string(m.AppendTo([]byte("x;"), '.')); got != "x;"+want {
			t.Fatalf("AppendTo(%d) = %q, want %q", int64(m), got, "x;"+want)
		}
		if m != math.MinInt64 && m.String() != want {
			t.Fatalf("String(%d) = %q, want %q", int64(m), m.String(), want)
		}
	}
}
