package xlsx

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/rules/date"
)

// PercentColumns names the columns whose numbers, where formatted as a
// percentage, are read ×100: a stillingsprosent of 100 % that Excel stores
// as 1 reads as 100.
func (rd *Reader) PercentColumns(cols []int) {
	for _, c := range cols {
		for len(rd.percents) <= c {
			rd.percents = append(rd.percents, false)
		}
		rd.percents[c] = true
	}
}

// percentCell is the text of a number in a percent column formatted as a
// percentage, ×100 (exactly, on its decimal text; the float noise some
// programs write, 0.57999999999999996, rounded away at 12 decimals); any
// other cell as it is.
func (rd *Reader) percentCell(col int, style []byte, hasStyle bool, typ string, v string) string {
	if !hasStyle || col >= len(rd.percents) || !rd.percents[col] || typ != "" && typ != "n" || v == "" {
		return v
	}
	i, err := strconv.Atoi(string(style))
	if err != nil || i < 0 || i >= len(rd.percentStyle) || !rd.percentStyle[i] {
		return v
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		return v // not a number: read as it is, and refused as a percent
	}
	return d.Shift(2).Round(12).String()
}

// DateColumns names the columns whose numbers are date serials.
func (rd *Reader) DateColumns(cols []int) {
	for _, c := range cols {
		for len(rd.dates) <= c {
			rd.dates = append(rd.dates, false)
		}
		rd.dates[c] = true
	}
}

// The epochs of Excel's two date systems. In the 1900 system serial 1 is
// 1900-01-01, counting the 29 February 1900 that never was, so from March
// 1900 on the serial is the number of days since 30 December 1899. In the
// 1904 system serial 0 is 1 January 1904.
var (
	epoch1900 = date.MustNew(1899, time.December, 30)
	epoch1904 = date.MustNew(1904, time.January, 1)
)

// appendSerialDate appends a date serial (a whole number, or with a time
// of day as a fraction) as YYYY-MM-DD in the given date system; anything
// else as it is, for the date parser to judge.
func appendSerialDate(b []byte, s string, date1904 bool) []byte {
	if d, ok := serialDate(s, date1904); ok {
		return d.AppendTo(b)
	}
	return append(b, s...)
}

// serialDate is the date of a date serial; false for anything else.
func serialDate(s string, date1904 bool) (date.Date, bool) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" || strings.Trim(frac, "0123456789") != "" {
		return date.Date{}, false
	}
	n, err := strconv.Atoi(whole)
	if err != nil {
		return date.Date{}, false
	}
	if date1904 {
		if n < 0 || n > 2957003 { // to 9999-12-31
			return date.Date{}, false
		}
		return epoch1904.AddDays(n), true
	}
	if n < 61 || n > 2958465 { // from 1900-03-01 to 9999-12-31
		return date.Date{}, false
	}
	return epoch1900.AddDays(n), true
}
