package calc

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/internal/digits"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// Money is an amount in øre (hundredths of a krone). Amounts that are given
// with at most two decimals are exact in Money, and sums of them are exact.
// Make one with Kroner or Ore, which say their unit: Money(300000) is 3 000
// kr, which is rarely what was meant.
type Money int64

// Kroner is an amount of whole kroner.
func Kroner(kr int64) Money { return Money(kr * 100) }

// Ore is an amount of øre.
func Ore(ore int64) Money { return Money(ore) }

// MaxCost is the largest amount alis accepts for one agreement in one
// period (a cost, an expense, an amount applied for): 100 000 000 kr. It
// keeps every product in the exact integer arithmetic inside int64.
const MaxCost Money = 100_000_000 * 100

// Decimal returns m as a decimal number of kroner.
func (m Money) Decimal() decimal.Decimal { return decimal.New(int64(m), -2) }

// MarshalText writes m as String does: JSON gets "240000.00", a string, so
// that no reader takes it for a float.
func (m Money) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads what MarshalText writes, or any amount ParseAmount reads.
func (m *Money) UnmarshalText(b []byte) error {
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// String writes m with two decimals and a point: 240000.00. It is the form
// used in JSON and CSV.
func (m Money) String() string {
	neg := m < 0
	if neg {
		m = -m
	}
	s := strconv.FormatInt(int64(m/100), 10) + "." + twoDigits(int64(m%100))
	if neg {
		s = "-" + s
	}
	return s
}

// AppendTo appends m as String would, with decimalSep before the øre,
// without allocating.
func (m Money) AppendTo(b []byte, decimalSep byte) []byte {
	return digits.AppendHundredths(b, int64(m), decimalSep)
}

func twoDigits(n int64) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// Text writes m for a message in l: "240 000 kr" in bokmål, "240000.00"
// in English.
func (m Money) Text(l Lang) string {
	if l.Norwegian() {
		return m.Norwegian()
	}
	return m.String()
}

// Norwegian writes m the Norwegian way: "240 000 kr", "24 691,78 kr". Whole
// kroner are written without decimals; thousands are grouped with a space.
func (m Money) Norwegian() string {
	var arr [32]byte
	return string(m.AppendNorwegian(arr[:0]))
}

// AppendNorwegian appends m as Norwegian writes it to b.
func (m Money) AppendNorwegian(b []byte) []byte {
	u := uint64(m)
	if m < 0 {
		b = append(b, "−"...)
		u = -u
	}
	b = digits.AppendGrouped(b, u/100, ' ')
	if u%100 != 0 {
		b = append(b, ',', byte('0'+u%100/10), byte('0'+u%10))
	}
	return append(b, " kr"...)
}

// MoneyFromDecimal converts kroner to Money, rounding half away from zero to
// the øre. It is for display of intermediate values only.
func MoneyFromDecimal(d decimal.Decimal) Money {
	return Money(d.Shift(2).Round(0).IntPart())
}

// ErrAmount is wrapped by every error ParseAmount returns.
var ErrAmount = msg.Errorf("not an amount")

// ParseAmount reads an amount of kroner as people write it: 312500.50,
// 312500,50, 312 500,50 (space or no-break space between thousands),
// 312.500,50 or 312,500.50 (with a full group of three after every
// separator), with an optional "kr" or "NOK" before or after. At most two
// decimals. It never guesses: "1.234,5.6", "1e6", "12,3,4", "1,234" and
// "1.234" (a thousands group or three decimals?) are errors.
func ParseAmount(s string) (Money, error) {
	if m, ok := parsePlainAmount(s); ok {
		return m, nil
	}
	return parseAmount(s)
}

// parsePlainAmount reads the shape nearly every export writes, kroner in
// digits, their thousands perhaps grouped by single spaces, and perhaps
// one or two decimals after a comma or a point (209104, 209 104,
// 341 147,13, 209104.5 as a workbook gives it); ok is false for anything
// else, which parseAmount reads. A test holds the two to the same answer.
func parsePlainAmount(s string) (m Money, ok bool) {
	var ore int64
	switch n := len(s); {
	case n >= 4 && (s[n-3] == ',' || s[n-3] == '.') && isDigit(s[n-2]) && isDigit(s[n-1]):
		ore, s = int64(s[n-2]-'0')*10+int64(s[n-1]-'0'), s[:n-3]
	case n >= 3 && (s[n-2] == ',' || s[n-2] == '.') && isDigit(s[n-1]):
		ore, s = int64(s[n-1]-'0')*10, s[:n-2]
	}
	if len(s) == 0 || len(s) > 15 {
		return 0, false
	}
	var n int64
	digits, run := 0, 0
	spaced := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
			digits++
			run++
		case c == ' ' && run > 0 && run <= 3 && (!spaced && i == run || spaced && run == 3):
			spaced, run = true, 0
		default:
			return 0, false
		}
	}
	if digits > 12 || spaced && run != 3 {
		return 0, false
	}
	return Money(n*100 + ore), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// parseAmount is ParseAmount for every shape.
func parseAmount(s string) (Money, error) {
	orig := s
	fail := func(why error) (Money, error) {
		return 0, msg.Errorf("%w: %s %w", ErrAmount, msg.Quote(orig), why)
	}
	s, err := trimAmount(s)
	if err != nil {
		return fail(err)
	}
	var arr [48]byte
	b, spaced, err := normalAmount(s, arr[:0])
	if err != nil {
		return fail(err)
	}
	intPart, frac, group, err := splitAmount(b, spaced)
	if err != nil {
		return fail(err)
	}
	m, err := wholeOf(intPart, group, len(frac) > 0)
	if err != nil {
		return fail(err)
	}
	m *= 100
	switch len(frac) {
	case 1:
		m += int64(frac[0]-'0') * 10
	case 2:
		m += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	return Money(m), nil
}

// trimAmount takes the unit (kr, NOK) and the sign of whole kroner (",-")
// off an amount, and refuses one that is empty or negative.
func trimAmount(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, unit := range [...]string{"kr.", "kr", "NOK", "nok", "Kr"} {
		if strings.HasSuffix(s, unit) {
			s = strings.TrimSpace(s[:len(s)-len(unit)])
			break
		}
		if strings.HasPrefix(s, unit) {
			s = strings.TrimSpace(s[len(unit):])
			break
		}
	}
	// "300 000,-" (and with an en or em dash): whole kroner, as Norwegian
	// price tags and invoices write them.
	for _, whole := range [...]string{",-", ",–", ",—"} {
		if strings.HasSuffix(s, whole) {
			s = strings.TrimSpace(s[:len(s)-len(whole)])
			if s == "" || strings.ContainsAny(s, ",") {
				return "", msg.Errorf("is not an amount of whole kroner")
			}
			s += ",00" // whole kroner: a . before it groups thousands
			break
		}
	}
	if s == "" {
		return "", msg.Errorf("is empty")
	}
	if s[0] == '-' || strings.HasPrefix(s, "−") {
		return "", msg.Errorf("is negative")
	}
	if s[0] == '+' {
		s = s[1:]
	}
	return s, nil
}

// normalAmount appends the amount to b (a buffer on the caller's stack) as
// digits, '.', ',' and ' ' for any space (plain, no-break, narrow
// no-break), which groups thousands; spaced says whether it had one.
func normalAmount(s string, b []byte) (_ []byte, spaced bool, _ error) {
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == '.', r == ',':
			b = append(b, byte(r))
		case r == ' ' || r == '\u00a0' || r == '\u202f':
			b = append(b, ' ')
			spaced = true
		case r == 'e' || r == 'E':
			return nil, false, msg.Errorf("has an exponent; write the amount out")
		case r == utf8.RuneError:
			return nil, false, msg.Errorf("is not valid text")
		default:
			return nil, false, msg.Errorf("has %q, which is not part of an amount", r)
		}
		if len(b) == cap(b) {
			return nil, false, msg.Errorf("is too long")
		}
	}
	return b, spaced, nil
}

// splitAmount cuts a normal amount into its whole kroner and its
// decimals, and says what groups the thousands of the whole (0: nothing).
func splitAmount(b []byte, spaced bool) (intPart, frac []byte, group byte, _ error) {
	dots, commas := 0, 0
	lastDot, lastComma := -1, -1
	for i, c := range b {
		switch c {
		case '.':
			dots++
			lastDot = i
		case ',':
			commas++
			lastComma = i
		}
	}
	switch {
	case dots == 0 && commas == 0:
		intPart = b
	case dots > 0 && commas > 0:
		// The last one is the decimal separator and must occur once; the other groups thousands.
		n, i, grp := commas, lastComma, byte('.')
		if lastDot > lastComma {
			n, i, grp = dots, lastDot, ','
		}
		if n != 1 {
			return nil, nil, 0, msg.Errorf("mixes . and , so that the decimals cannot be told")
		}
		intPart, frac, group = b[:i], b[i+1:], grp
	default:
		sep, n, i := byte('.'), dots, lastDot
		if commas > 0 {
			sep, n, i = ',', commas, lastComma
		}
		switch {
		case n > 1:
			// 1.234.567 or 1,234,567: only thousands groups, no decimals.
			intPart, group = b, sep
		case len(b)-i-1 == 3 && !spaced:
			return nil, nil, 0, msg.Errorf("is ambiguous: is %c a decimal or a thousands separator? write 1234 or 1234%c50", sep, sep)
		default:
			intPart, frac = b[:i], b[i+1:]
		}
	}
	if spaced && group != 0 {
		return nil, nil, 0, msg.Errorf("groups thousands with both space and %s", string(group))
	}
	if spaced {
		group = ' '
	}
	for _, c := range frac {
		if c < '0' || c > '9' {
			return nil, nil, 0, msg.Errorf("has a space among the decimals")
		}
	}
	if len(frac) > 2 {
		return nil, nil, 0, msg.Errorf("has more than two decimals")
	}
	return intPart, frac, group, nil
}

// wholeOf reads the whole kroner, their thousands grouped by group (0:
// not grouped); hasFrac says whether decimals follow, so that no digits
// before them is 0.
func wholeOf(intPart []byte, group byte, hasFrac bool) (int64, error) {
	var m int64
	digits, sig, ok := 0, 0, true
	for i, run := 0, 0; i < len(intPart); i++ {
		c := intPart[i]
		if c >= '0' && c <= '9' {
			m = m*10 + int64(c-'0')
			digits++
			if m != 0 { // leading zeros are no part of the size
				sig++
			}
			run++
			if sig > 12 {
				return 0, msg.Errorf("is too large")
			}
			continue
		}
		// A thousands separator: after one to three digits at the start, after exactly three later.
		if group == 0 || c != group || run == 0 || run > 3 || (i > run && run != 3) {
			ok = false
			break
		}
		run = 0
	}
	if ok && group != 0 && len(intPart) > 0 {
		// The last group must have three digits.
		last := len(intPart) - 1 - bytes.LastIndexByte(intPart, group)
		if bytes.IndexByte(intPart, group) >= 0 && last != 3 {
			ok = false
		}
	}
	if !ok {
		return 0, msg.Errorf("has misplaced thousands separators")
	}
	if digits == 0 && !hasFrac {
		return 0, msg.Errorf("has no digits")
	}
	return m, nil
}
