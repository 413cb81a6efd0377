package date

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestAddMonthsClamps(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2021-01-31", 1, "2021-02-28"},
		{"2020-01-31", 1, "2020-02-29"},
		{"2021-01-30", 1, "2021-02-28"},
		{"2021-01-29", 1, "2021-02-28"},
		{"2021-01-28", 1, "2021-02-28"},
		{"2021-03-31", 1, "2021-04-30"},
		{"2021-01-31", 2, "2021-03-31"},
		{"2021-08-01", 5, "2022-01-01"},
		{"2021-01-01", 12, "2022-01-01"},
		{"2021-12-15", 1, "2022-01-15"},
		{"2021-03-31", -1, "2021-02-28"},
		{"2021-01-15", -1, "2020-12-15"},
		{"2020-02-29", 12, "2021-02-28"},
	}
	for _, tt := range tests {
		got := MustParseISO(t, tt.from).AddMonths(tt.n)
		if got.String() != tt.want {
			t.Errorf("%s + %d months = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func MustParseISO(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseISO(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParse(t *testing.T) {
	good := map[string]string{
		"2021-08-01": "2021-08-01",
		"01.08.2021": "2021-08-01",
		"1.8.2021":   "2021-08-01",
		"29.02.2020": "2020-02-29",
		"31.12.2021": "2021-12-31",
	}
	for in, want := range good {
		d, err := Parse(in)
		if err != nil || d.String() != want {
			t.Errorf("Parse(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	bad := map[string]string{
		"2021-02-30":  `2021-02-30 does not exist: February 2021 has 28 days`,
		"29.02.2021":  `2021-02-29 does not exist: February 2021 has 28 days`,
		"2021-13-01":  `month 13 does not exist`,
		"2021/08/01":  `"2021/08/01" is not a date: write 2021-08-01 or 01.08.2021`,
		"01.08.21":    `"01.08.21" is not a date: write 2021-08-01 or 01.08.2021`,
		"1.8.2021.":   `"1.8.2021." is not a date: write 2021-08-01 or 01.08.2021`,
		"":            `"" is not a date: write 2021-08-01 or 01.08.2021`,
		"2021-8-01x":  `"2021-8-01x" is not a date of the form YYYY-MM-DD`,
		"0000-01-01":  `year 0 is out of range 1..9999`,
		"aa.bb.cccc":  `"aa.bb.cccc" is not a date: write 2021-08-01 or 01.08.2021`,
		"2021-00-10":  `month 0 does not exist`,
		"2021-04-31":  `2021-04-31 does not exist: April 2021 has 30 days`,
		"+1.08.2021":  `"+1.08.2021" is not a date: write 2021-08-01 or 01.08.2021`,
		"2021-0a-01":  `"2021-0a-01" is not a date of the form YYYY-MM-DD`,
		"01.08.2021 ": `"01.08.2021 " is not a date: write 2021-08-01 or 01.08.2021`,
	}
	for in, want := range bad {
		_, err := Parse(in)
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%q) error = %v, want %q", in, err, want)
		}
	}
}

func TestDayNumberAgreesWithTime(t *testing.T) {
	// Walk every day from 1899 to 2101 and compare with the standard library.
	tm := time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC)
	d := MustNew(1899, 1, 1)
	n := d.DayNumber()
	if want := int((tm.Unix() - time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()) / 86400); n != want {
		t.Fatalf("%s: day number %d, want %d", d, n, want)
	}
	for i := 0; i < 202*366; i++ {
		if d.Year() != tm.Year() || d.Month() != tm.Month() || d.Day() != tm.Day() {
			t.Fatalf("day %d: got %s, want %s", i, d, tm.Format(time.DateOnly))
		}
		if d.DayNumber() != n+i {
			t.Fatalf("%s: day number %d, want %d", d, d.DayNumber(), n+i)
		}
		tm = tm.AddDate(0, 0, 1)
		d = d.AddDays(1)
	}
}

func TestCompareAndDays(t *testing.T) {
	a, b := MustNew(2021, 1, 1), MustNew(2021, 12, 31)
	if !a.Before(b) || !b.After(a) || a.Compare(a) != 0 {
		t.Fatal("ordering is wrong")
	}
	if got := DaysInclusive(a, b); got != 365 {
		t.Errorf("days in 2021 = %d, want 365", got)
	}
	if got := DaysInclusive(b, a); got != 0 {
		t.Errorf("reversed range = %d days, want 0", got)
	}
	if Min(a, b) != a || Max(a, b) != b {
		t.Error("Min/Max wrong")
	}
	if got := MustNew(2021, 8, 1).Norwegian(); got != "01.08.2021" {
		t.Errorf("Norwegian() = %s", got)
	}
}

func TestDateText(t *testing.T) {
	d := MustNew(2024, time.February, 29)
	b, err := d.MarshalText()
	if err != nil || string(b) != "2024-02-29" {
		t.Fatalf("MarshalText = %q, %v", b, err)
	}
	var back Date
	if err := back.UnmarshalText(b); err != nil || !back.Equal(d) {
		t.Fatalf("UnmarshalText = %v, %v", back, err)
	}
	if b, _ := (Date{}).MarshalText(); len(b) != 0 {
		t.Errorf("the zero date marshals as %q", b)
	}
	if err := back.UnmarshalText(nil); err != nil || !back.IsZero() {
		t.Errorf("empty text gives %v, %v", back, err)
	}
	if err := back.UnmarshalText([]byte("2023-02-29")); err == nil {
		t.Error("2023-02-29 was read")
	}
	if d.Equal(d.Next()) {
		t.Error("a day equals the next")
	}
}

func TestParseRefusesSlashes(t *testing.T) {
	for _, s := range []string{"15/03/2021", "03/04/2021", "2021/03/15"} {
		_, err := Parse(s)
		if err == nil || !strings.Contains(err.Error(), "write 2021-08-01 or 01.08.2021") {
			t.Errorf("Parse(%q) = %v", s, err)
		}
	}
	if _, err := Parse("15/03/2021"); err == nil || !strings.Contains(err.Error(), "day and month cannot be told apart") {
		t.Errorf("15/03/2021: %v", err)
	}
}

// The fast reading of 01.08.2021 gives what the full one gives, for every
// text of its shape it accepts, and accepts every real date of that shape.
func TestDottedAgreesWithParse(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	chars := "0123456789012345678901234567890123456789.-/ xæ"
	for range 300_000 {
		b := []byte("00.00.0000")
		for _, i := range []int{0, 1, 3, 4, 6, 7, 8, 9} {
			if rng.IntN(40) == 0 {
				b[i] = chars[rng.IntN(len(chars))]
			} else {
				b[i] = byte('0' + rng.IntN(10))
			}
		}
		if rng.IntN(3) == 0 { // mostly real days, months and years
			d, m, y := 1+rng.IntN(31), 1+rng.IntN(12), 1900+rng.IntN(200)
			copy(b, fmt.Sprintf("%02d.%02d.%04d", d, m, y))
		}
		s := string(b)
		fast, ok := parseDotted10(s)
		full, err := parse(s)
		if ok && (err != nil || fast != full) || !ok && err == nil {
			t.Fatalf("%q: fast %v %v, full %v %v", s, fast, ok, full, err)
		}
	}
}

// Every day of years 1 to 9999, and some beyond, comes back from its day
// number as the time package counts it.
func TestFromDayNumberAgreesWithTime(t *testing.T) {
	for n := -800; n <= lastDay+800; n++ {
		got, want := FromDayNumber(n), fromDayNumberByTime(n)
		if got != want {
			t.Fatalf("day %d: %v, want %v", n, got, want)
		}
		if n >= 0 && n <= lastDay && got.DayNumber() != n {
			t.Fatalf("day %d: %v has day number %d", n, got, got.DayNumber())
		}
	}
}
