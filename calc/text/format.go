// Package text says what package calc computes in words, in bokmål (NB),
// nynorsk (NN) or English (EN): a result with its explanation, each step with the rule
// values and sources that decided it (Result), and the number, date and
// name formats every printer of alis shares (Money, Day, ComponentName …).
// A kommune's service that embeds calc gets the same text as alis calc
// --explain from it.
package text

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/internal/digits"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Money writes an amount for people: "240 000 kr" in nb, "NOK 240,000" in en.
func Money(m calc.Money, l calc.Lang) string {
	var arr [32]byte
	return string(AppendMoney(arr[:0], m, l))
}

// AppendMoney appends an amount for people to b, as Money writes it.
func AppendMoney(b []byte, m calc.Money, l calc.Lang) []byte {
	if l.Norwegian() {
		return m.AppendNorwegian(b)
	}
	u := uint64(m)
	if m < 0 {
		b = append(b, "−"...)
		u = -u
	}
	b = append(b, "NOK "...)
	b = digits.AppendGrouped(b, u/100, ',')
	if u%100 != 0 {
		b = append(b, '.', byte('0'+u%100/10), byte('0'+u%10))
	}
	return b
}

// group puts sep between groups of three digits from the right.
func group(digits string, sep rune) string {
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteRune(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// number writes a decimal for people, exactly, with up to six decimals
// (a longer one is rounded there and marked ≈): "0,20", "98 765,424".
func Number(d decimal.Decimal, l calc.Lang) string {
	approx := ""
	if !d.Equal(d.Round(6)) {
		d, approx = d.Round(6), "≈ "
	}
	s := d.String()
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	sep, dec := ' ', ","
	if l == calc.EN {
		sep, dec = ',', "."
	}
	out := group(intPart, sep)
	if frac != "" {
		out += dec + frac
	}
	if neg {
		out = "−" + out
	}
	return approx + out
}

// kroner writes an exact decimal amount: "98 765,424 kr".
func Kroner(d decimal.Decimal, l calc.Lang) string {
	if l.Norwegian() {
		return Number(d, l) + " kr"
	}
	return "NOK " + Number(d, l)
}

// decimalMark is the decimal separator of l: a comma in Norwegian.
func decimalMark(l calc.Lang) string {
	if l.Norwegian() {
		return ","
	}
	return "."
}

// share writes a co-financing share with at least two decimals: "0,20".
func Share(d decimal.Decimal, l calc.Lang) string {
	return strings.Replace(calc.ExactDecimal(d), ".", decimalMark(l), 1)
}

// PercentText is percent for people, its thousands grouped: "20,0 %" and
// "279 205,7 %" in nb, "20.0 %" and "279,205.7 %" in en.
func PercentText(part, whole calc.Money, l calc.Lang) (string, bool) {
	dec := byte(',')
	if l == calc.EN {
		dec = '.'
	}
	s, ok := calc.Percent(part, whole, dec)
	if !ok {
		return " %", false
	}
	whole10, tenth, _ := strings.Cut(s, string(dec))
	n, _ := strconv.Atoi(whole10)
	return Count(n, l) + string(dec) + tenth + " %", true
}

// Count writes a whole number for people, its thousands grouped:
// "1 665 529" in nb, "1,665,529" in en.
func Count(n int, l calc.Lang) string {
	sep := byte(' ')
	if l == calc.EN {
		sep = ','
	}
	var arr [24]byte
	b := arr[:0]
	u := uint64(n)
	if n < 0 {
		b, u = append(b, '-'), uint64(-n)
	}
	return string(digits.AppendGrouped(b, u, sep))
}

// Day writes a date: 01.08.2021 in nb, 2021-08-01 in en.
func Day(d date.Date, l calc.Lang) string {
	if l.Norwegian() {
		return d.Norwegian()
	}
	return d.String()
}

// GrantBasisName names the kind of figure a grant is, as a person reads it
// beside the figure: nøyaktig, inntil, ukjent.
func GrantBasisName(b calc.Basis, l calc.Lang) string {
	switch b {
	case calc.BasisExact:
		return msg.S(l, "exact")
	case calc.BasisMaximum:
		return msg.S(l, "up to")
	case calc.BasisUnknown:
		return msg.S(l, "unknown")
	}
	return string(b)
}

// BasisName names a basis: verified, inferred, assumed, unknown.
func BasisName(b rules.Basis, l calc.Lang) string {
	switch b {
	case rules.Verified:
		return msg.S(l, "verified")
	case rules.Inferred:
		return msg.S(l, "inferred")
	case rules.Assumed:
		return msg.S(l, "assumed")
	case rules.Unknown:
		return msg.S(l, "unknown")
	}
	return string(b)
}

// unitNames are the units of rule values, as rule files write them.
var unitNames = map[string]string{
	"NOK": msg.Key("NOK"), "NOK/hour": msg.Key("NOK/hour"), "NOK/year": msg.Key("NOK/year"), "boolean": msg.Key("boolean"),
	"class": msg.Key("class"), "date": msg.Key("date"), "factor": msg.Key("factor"), "hours": msg.Key("hours"),
	"hours/month": msg.Key("hours/month"), "list": msg.Key("list"), "method": msg.Key("method"), "mode": msg.Key("mode"),
	"months": msg.Key("months"), "share": msg.Key("share"), "text": msg.Key("text"), "years": msg.Key("years"),
}

// UnitName names the unit of a rule value in l: kr/år for NOK/year.
func UnitName(unit string, l calc.Lang) string {
	if k, ok := unitNames[unit]; ok {
		return msg.Dyn(l, k)
	}
	return unit
}

// cites names the sources and basis of rule-file values, one line for each
// group of consecutive values that share their sources and basis.
func Cites(vs []*rules.Value, l calc.Lang) []string {
	var ms []rules.Meta
	for _, v := range vs {
		if v != nil {
			ms = append(ms, v.Meta)
		}
	}
	var out []string
	for i := 0; i < len(ms); {
		j := i + 1
		paths := []string{ms[i].Path}
		for j < len(ms) && ms[j].Basis == ms[i].Basis && sameRefs(ms[j].References, ms[i].References) {
			paths = append(paths, ms[j].Path)
			j++
		}
		m := ms[i]
		m.Path = strings.Join(paths, ", ")
		out = append(out, cite(m, l))
		i = j
	}
	return out
}

func sameRefs(a, b []rules.Reference) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// cite names a rule-file value's sources and basis.
func cite(m rules.Meta, l calc.Lang) string {
	var refs []string
	for _, r := range m.References {
		s := r.Title
		if r.Href != "" {
			s += " <" + r.Href + ">"
		}
		refs = append(refs, s)
	}
	return msg.S(l, "Source") + " (" + m.Path + ", " + BasisName(m.Basis, l) + "): " + strings.Join(refs, "; ")
}
