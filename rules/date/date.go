// Package date is a civil calendar date: a day with no time of day and no
// time zone, as agreements, deadlines and rule-file periods are written.
//
// Month arithmetic clamps to the last day of a shorter month: 31 January plus
// one month is 28 February (29 in a leap year), never 3 March as
// time.AddDate would give.
package date

import (
	"fmt"
	"strings"
	"time"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// Date is a calendar day. The zero value is not a valid date; use IsZero.
// Dates compare with Before, After and Compare, or by value with ==.
type Date struct {
	y int
	m time.Month
	d int
}

// New returns the date y-m-d. It reports an error for a day that does not
// exist (2021-02-30) instead of normalising it.
func New(y int, m time.Month, d int) (Date, error) {
	if y < 1 || y > 9999 {
		return Date{}, msg.Errorf("year %d is out of range 1..9999", y)
	}
	if m < 1 || m > 12 {
		return Date{}, msg.Errorf("month %d does not exist", int(m))
	}
	if d < 1 || d > DaysIn(y, m) {
		return Date{}, msg.Errorf("%04d-%02d-%02d does not exist: %s %d has %d days", y, int(m), d, msg.Month(m), y, DaysIn(y, m))
	}
	return Date{y, m, d}, nil
}

// MustNew is New for constants in code and tests; it panics on an invalid date.
func MustNew(y int, m time.Month, d int) Date {
	t, err := New(y, m, d)
	if err != nil {
		panic(err)
	}
	return t
}

// ParseISO parses exactly YYYY-MM-DD.
func ParseISO(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, msg.Errorf("%s is not a date of the form YYYY-MM-DD", msg.Quote(s))
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, msg.Errorf("%s is not a date of the form YYYY-MM-DD", msg.Quote(s))
	}
	return New(y, time.Month(m), d)
}

// Parse accepts the two forms Norwegian users write: 2021-08-01 and
// 01.08.2021 (day and month may have one digit: 1.8.2021).
func Parse(s string) (Date, error) {
	if d, ok := parseDotted10(s); ok {
		return d, nil
	}
	return parse(s)
}

// parseDotted10 reads the form exports write most, 01.08.2021, when s is
// a real date in it; false for anything else, which parse reads (or
// refuses, saying why).
func parseDotted10(s string) (Date, bool) {
	if len(s) != 10 || s[2] != '.' || s[5] != '.' {
		return Date{}, false
	}
	var v [8]int
	for k, i := range [8]int{0, 1, 3, 4, 6, 7, 8, 9} {
		c := s[i]
		if c < '0' || c > '9' {
			return Date{}, false
		}
		v[k] = int(c - '0')
	}
	d, m, y := v[0]*10+v[1], time.Month(v[2]*10+v[3]), v[4]*1000+v[5]*100+v[6]*10+v[7]
	if y < 1 || m < 1 || m > 12 || d < 1 || d > DaysIn(y, m) {
		return Date{}, false
	}
	return Date{y, m, d}, true
}

// parse is Parse without parseDotted10.
func parse(s string) (Date, error) {
	if len(s) == 10 && s[4] == '-' {
		return ParseISO(s)
	}
	var parts [3]string
	n, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if n == 3 {
				n = 4
				break
			}
			parts[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	if n != 3 || len(parts[0]) < 1 || len(parts[0]) > 2 || len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		if p := strings.Split(s, "/"); len(p) == 3 && len(p[2]) == 4 && len(p[0]) <= 2 && len(p[1]) <= 2 {
			// 03/04/2021 is 3 April in Norway and March 4 in an American
			// export: never guessed.
			return Date{}, msg.Errorf("%s is not a date alis reads: with slashes, day and month cannot be told apart; write 2021-08-01 or 01.08.2021", msg.Quote(s))
		}
		return Date{}, msg.Errorf("%s is not a date: write 2021-08-01 or 01.08.2021", msg.Quote(s))
	}
	d, ok1 := digits(parts[0])
	m, ok2 := digits(parts[1])
	y, ok3 := digits(parts[2])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, msg.Errorf("%s is not a date: write 2021-08-01 or 01.08.2021", msg.Quote(s))
	}
	return New(y, time.Month(m), d)
}

func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// DaysIn is the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if IsLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// IsLeap reports whether y is a leap year in the Gregorian calendar.
func IsLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// Year, Month and Day return the parts of the date.
func (t Date) Year() int         { return t.y }
func (t Date) Month() time.Month { return t.m }
func (t Date) Day() int          { return t.d }
func (t Date) IsZero() bool      { return t.y == 0 }
func (t Date) String() string {
	var b [10]byte
	return string(t.AppendTo(b[:0]))
}

// AppendTo appends the date as String writes it: 2021-08-01.
func (t Date) AppendTo(b []byte) []byte {
	if t.y < 0 || t.y > 9999 {
		return fmt.Appendf(b, "%04d-%02d-%02d", t.y, int(t.m), t.d)
	}
	return append(b, byte('0'+t.y/1000), byte('0'+t.y/100%10), byte('0'+t.y/10%10), byte('0'+t.y%10), '-',
		byte('0'+int(t.m)/10), byte('0'+int(t.m)%10), '-', byte('0'+t.d/10), byte('0'+t.d%10))
}
func (t Date) Before(u Date) bool { return t.Compare(u) < 0 }
func (t Date) After(u Date) bool  { return t.Compare(u) > 0 }

// Compare returns -1, 0 or +1 as t is before, equal to or after u.
func (t Date) Compare(u Date) int {
	switch {
	case t.y != u.y:
		return sign(t.y - u.y)
	case t.m != u.m:
		return sign(int(t.m) - int(u.m))
	}
	return sign(t.d - u.d)
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

// Text is the date for a message in l: 01.08.2021 in bokmål and nynorsk, 2021-08-01
// in English.
func (t Date) Text(l msg.Lang) string {
	if l.Norwegian() {
		return t.Norwegian()
	}
	return t.String()
}

// Norwegian formats the date as Norwegians write it: 01.08.2021.
func (t Date) Norwegian() string { return fmt.Sprintf("%02d.%02d.%04d", t.d, int(t.m), t.y) }

// AddMonths adds n months (n may be negative), clamping the day to the last
// day of the resulting month: 2021-01-31 + 1 = 2021-02-28.
func (t Date) AddMonths(n int) Date {
	idx := t.y*12 + int(t.m) - 1 + n
	y, m := idx/12, time.Month(idx%12+1)
	d := t.d
	if last := DaysIn(y, m); d > last {
		d = last
	}
	return Date{y, m, d}
}

// AddDays adds n days (n may be negative).
func (t Date) AddDays(n int) Date { return FromDayNumber(t.DayNumber() + n) }

// DayNumber is the number of days since 0001-01-01 (which is day 0). The
// difference of two day numbers is the number of days between the dates.
func (t Date) DayNumber() int {
	// Days before year y, then before month m, then the day itself.
	y := t.y - 1
	n := y*365 + y/4 - y/100 + y/400 + daysBefore[t.m]
	if t.m > time.February && IsLeap(t.y) {
		n++
	}
	return n + t.d - 1
}

// daysBefore is the number of days in a common year before month m.
var daysBefore = [13]int{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

// FromDayNumber is the inverse of DayNumber.
func FromDayNumber(n int) Date {
	if n < 0 || n > lastDay {
		return fromDayNumberByTime(n)
	}
	// Howard Hinnant's civil_from_days, on years that start in March so
	// that the leap day comes last: z counts days from 0000-03-01.
	z := n + 306
	era := z / 146097
	doe := z - era*146097                                  // day of the era, 0..146096
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // year of the era, 0..399
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // day of the year from 1 March, 0..365
	mp := (5*doy + 2) / 153                                // month from March, 0..11
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	y := yoe + era*400
	if m > 12 {
		m -= 12
		y++
	}
	return Date{y, time.Month(m), d}
}

// lastDay is the day number of 9999-12-31.
var lastDay = Date{9999, time.December, 31}.DayNumber()

// fromDayNumberByTime is FromDayNumber through the time package: for day
// numbers outside years 1 to 9999, and the reference in a test.
func fromDayNumberByTime(n int) Date {
	tm := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	return Date{tm.Year(), tm.Month(), tm.Day()}
}

// DaysInclusive counts the days from t to u, both included; 0 when u is
// before t.
func DaysInclusive(t, u Date) int {
	if u.Before(t) {
		return 0
	}
	return u.DayNumber() - t.DayNumber() + 1
}

// Min and Max return the earlier and the later of two dates.
func Min(t, u Date) Date {
	if u.Before(t) {
		return u
	}
	return t
}

func Max(t, u Date) Date {
	if u.After(t) {
		return u
	}
	return t
}

// Next is the day after t.
func (t Date) Next() Date {
	if t.d < DaysIn(t.y, t.m) {
		return Date{t.y, t.m, t.d + 1}
	}
	if t.m < time.December {
		return Date{t.y, t.m + 1, 1}
	}
	return Date{t.y + 1, time.January, 1}
}

// MarshalText writes the date as YYYY-MM-DD; the zero date as "".
func (t Date) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return []byte{}, nil
	}
	return []byte(t.String()), nil
}

// UnmarshalText reads YYYY-MM-DD, and "" as the zero date.
func (t *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*t = Date{}
		return nil
	}
	d, err := ParseISO(string(b))
	if err != nil {
		return err
	}
	*t = d
	return nil
}

// Equal reports whether t and u are the same day.
func (t Date) Equal(u Date) bool { return t == u }
