package input

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Trim is strings.TrimSpace, which a cell that starts and ends with a
// visible ASCII character (nearly every cell) does not need.
func Trim(s string) string {
	if len(s) > 0 && (s[0] <= ' ' || s[len(s)-1] <= ' ' || s[0] >= utf8.RuneSelf || s[len(s)-1] >= utf8.RuneSelf) {
		return strings.TrimSpace(s)
	}
	return s
}

// EmploymentPeriod reads one employment period: a position (fastlege when
// empty, as the role is), a stillingsprosent (100, 80,5, 80 %; required)
// and its days.
func EmploymentPeriod(position, percent string, from, to date.Date) (calc.Employment, error) {
	e := calc.Employment{Position: calc.PositionFastlege, From: from, To: to}
	if p := strings.TrimSpace(position); p != "" {
		pos, err := calc.ParsePosition(p)
		if err != nil {
			return e, &calc.InputError{Field: calc.FieldPosition, Err: err}
		}
		e.Position = pos
	}
	p := strings.TrimSpace(percent)
	if p == "" {
		return e, calc.InputErrorf(calc.FieldPercent, "missing: give the stillingsprosent of the employment period (100, 80,5 or 80 %%)")
	}
	d, err := ParsePercent(p)
	if err != nil {
		return e, &calc.InputError{Field: calc.FieldPercent, Err: err}
	}
	e.Percent = d
	if from.IsZero() {
		return e, calc.InputErrorf(calc.FieldStart, "missing: give the employment period's first day")
	}
	if !to.IsZero() && to.Before(from) {
		return e, calc.InputErrorf(calc.FieldEnd, "%s is before the employment period's first day %s", to, from)
	}
	return e, nil
}

var (
	dateToken    = regexp.MustCompile(`\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}`)
	percentToken = regexp.MustCompile(`(^|\s)(\d{1,3}(?:[.,]\d{1,2})?)\s*(%|prosent)?(\s|$)`)
	numberToken  = regexp.MustCompile(`(^|\s)(-?\d+(?:[.,]\d+)*)\s*(%|prosent)?(\s|$)`)
)

// ParseEmployment reads an employment period as written on the command
// line: its position, stillingsprosent and days, in that order, as
// "fastlege 100 % 01.06.2025–31.12.2025", "introduksjonslege 50% 2025-06-01
// 2025-11-30" or "allmennlege 80 01.06.2025-" (open-ended). The position
// may be left out (fastlege).
func ParseEmployment(s string) (calc.Employment, error) {
	bad := func(err *calc.InputError) (calc.Employment, error) { return calc.Employment{}, err }
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2009", " ").Replace(s) // no-break and thin spaces, as Norwegian text has them
	form := msg.New("write POSITION PERCENT FROM–TO, such as \"fastlege 100 %% 01.06.2025–31.12.2025\"")
	dates := dateToken.FindAllStringIndex(s, -1)
	if len(dates) == 0 || len(dates) > 2 {
		return bad(calc.InputErrorf(calc.FieldStart, "%s: %s", msg.Quote(s), form))
	}
	from, err := ParseDate(s[dates[0][0]:dates[0][1]])
	if err != nil {
		return bad(&calc.InputError{Field: calc.FieldStart, Err: err})
	}
	var to date.Date
	if len(dates) == 2 {
		if to, err = ParseDate(s[dates[1][0]:dates[1][1]]); err != nil {
			return bad(&calc.InputError{Field: calc.FieldEnd, Err: err})
		}
	}
	head := s[:dates[0][0]]
	between := strings.TrimSpace(s[dates[0][1]:])
	if len(dates) == 2 {
		between = strings.TrimSpace(s[dates[0][1]:dates[1][0]])
		if rest := strings.TrimSpace(s[dates[1][1]:]); rest != "" {
			return bad(calc.InputErrorf(calc.FieldEnd, "%s after the last day: %s", msg.Quote(rest), form))
		}
	}
	switch strings.ToLower(between) {
	case "", "-", "–", "—", "..", "til", "to":
	default:
		return bad(calc.InputErrorf(calc.FieldEnd, "%s between the days: %s", msg.Quote(between), form))
	}
	m := percentToken.FindStringSubmatchIndex(head)
	if m == nil {
		if n := numberToken.FindStringSubmatch(head); n != nil {
			// A number that is no stillingsprosent as written: say why.
			if _, err := ParsePercent(n[2]); err != nil {
				return bad(&calc.InputError{Field: calc.FieldPercent, Err: err})
			}
		}
		return bad(calc.InputErrorf(calc.FieldPercent, "%s has no stillingsprosent: %s", msg.Quote(s), form))
	}
	position := strings.TrimSpace(head[:m[0]])
	if rest := strings.TrimSpace(head[m[1]:]); rest != "" {
		return bad(calc.InputErrorf(calc.FieldPosition, "%s after the stillingsprosent: %s", msg.Quote(rest), form))
	}
	return EmploymentPeriod(position, head[m[4]:m[5]], from, to)
}

// ParsePercent reads a stillingsprosent: 100, 80,5, 80.5, 80 %, 80%.
func ParsePercent(s string) (decimal.Decimal, error) {
	if n, ok := wholePercent(s); ok {
		return wholePercents[n], nil
	}
	return parsePercent(s)
}

// wholePercents are the whole percents 0 to 100, made once: most cells are
// one of them, and a decimal is never changed once made.
var wholePercents = func() (t [101]decimal.Decimal) {
	for i := range t {
		t[i] = decimal.New(int64(i), 0)
	}
	return t
}()

// wholePercent reads a cell that is a whole percent from 0 to 100 written
// as 1 to 3 digits (100, 80, 5), nothing else: the commonest cells, read
// without decimal arithmetic. Any other cell goes to parsePercent.
func wholePercent(s string) (int, bool) {
	if len(s) == 0 || len(s) > 3 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = 10*n + int(c-'0')
	}
	return n, n <= 100
}

// parsePercent is ParsePercent for every cell.
func parsePercent(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	t = strings.Replace(t, ",", ".", 1)
	d, err := decimal.NewFromString(t)
	if err != nil || strings.ContainsAny(t, "eE") || d.Sign() < 0 || d.GreaterThan(decimal.New(100, 0)) {
		return decimal.Decimal{}, msg.Errorf("%s is not a stillingsprosent from 0 to 100 (write 100, 80,5 or 80 %%)", msg.Quote(s))
	}
	if !d.Equal(d.Round(2)) {
		return decimal.Decimal{}, msg.Errorf("%s has more than two decimals: a stillingsprosent is given to the hundredth, as 33,33", msg.Quote(s))
	}
	return d, nil
}

// ParseHours reads hours with at most two decimals: 57,75 or 57.75.
func ParseHours(s string) (decimal.Decimal, error) {
	t := strings.Replace(strings.TrimSpace(s), ",", ".", 1)
	d, err := decimal.NewFromString(t)
	if err != nil || strings.ContainsAny(t, "eE") || d.Sign() < 0 || d.GreaterThan(decimal.New(calc.MaxHours, 0)) || !d.Equal(d.Round(2)) {
		return decimal.Decimal{}, msg.Errorf("%s is not a number of hours from 0 to %d with at most two decimals", msg.Quote(s), calc.MaxHours)
	}
	return d, nil
}

// ParseDate reads 2021-08-01 and 01.08.2021 (1.8.2021 too).
func ParseDate(s string) (date.Date, error) { return date.Parse(s) }

// ParseYesNo reads ja/nei, j/n, yes/no, true/false, sant/usant, 1/0, and x
// for yes and empty for no, in any case.
func ParseYesNo(s string) (bool, error) {
	switch s { // as exports write them, without folding
	case "", "ja", "Ja", "JA", "x", "X", "1":
		return s != "", nil
	case "nei", "Nei", "NEI", "0":
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ja", "j", "yes", "y", "true", "sant", "1", "x":
		return true, nil
	case "nei", "n", "no", "false", "usant", "0", "":
		return false, nil
	}
	return false, msg.Errorf("%s is not yes or no (ja/nei, true/false, 1/0, x or empty)", msg.Quote(s))
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
