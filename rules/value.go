package rules

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Basis says how a value is known.
type Basis string

const (
	// Verified: a public source states the value.
	Verified Basis = "verified"
	// Inferred: our arithmetic on verified figures.
	Inferred Basis = "inferred"
	// Assumed: no source was found; a stand-in.
	Assumed Basis = "assumed"
	// Unknown: no source gives the value and none is assumed. The file
	// says what was searched; a result that needs it has no amount.
	Unknown Basis = "unknown"
)

// Bases lists every basis, in order of confidence.
var Bases = []Basis{Verified, Inferred, Assumed, Unknown}

// Reference is a source for a value: a title and, where it has one, an address.
type Reference struct {
	Title string `json:"title" yaml:"title"`
	Href  string `json:"href,omitempty" yaml:"href,omitempty"`
}

// Meta is what every value in a rule file carries besides the value itself.
type Meta struct {
	Unit       string      `json:"unit"`
	Basis      Basis       `json:"basis"`
	References []Reference `json:"references"`
	Note       string      `json:"note,omitempty"`
	NoteNB     string      `json:"note_nb,omitempty"` // the note in bokmål, where the file gives it
	NoteNN     string      `json:"note_nn,omitempty"` // the note in nynorsk, where the file gives it
	Quote      string      `json:"quote,omitempty"`
	// Path is the value's full name, as in "schemes.naering.cap".
	Path string `json:"path"`
	// Line is the line of the value in its file (0 when made in code).
	Line int `json:"-"`
}

// NoteIn is the note in l: the bokmål or nynorsk note where the file
// gives one, else the note as it is (for nynorsk: the bokmål where the file
// has no nynorsk; NoteInBokmal says when).
func (m *Meta) NoteIn(l msg.Lang) string { return noteIn(l, m.Note, m.NoteNB, m.NoteNN) }

// NoteInBokmal reports whether NoteIn(l) is bokmål where nynorsk was asked
// for: the file has a bokmål note and no nynorsk one.
func (m *Meta) NoteInBokmal(l msg.Lang) bool { return inBokmal(l, m.NoteNB, m.NoteNN) }

// noteIn is a note in l, of its English, bokmål and nynorsk: each language
// falls back to the one before it (nynorsk to bokmål, bokmål to English).
func noteIn(l msg.Lang, en, nb, nn string) string {
	switch {
	case l == msg.NN && nn != "":
		return nn
	case l.Norwegian() && nb != "":
		return nb
	}
	return en
}

// inBokmal reports whether noteIn(l, …) gives the bokmål for nynorsk.
func inBokmal(l msg.Lang, nb, nn string) bool { return l == msg.NN && nn == "" && nb != "" }

// Value is one value of a rule file: its descriptor, its metadata, and the
// value itself, unless the basis is Unknown.
type Value struct {
	Meta
	Param *Param `json:"-"`

	dec  decimal.Decimal
	num  int
	flag bool
	day  date.Date
	text string
	list []string
}

// Known reports whether the value is given: false for basis Unknown.
func (v *Value) Known() bool { return v != nil && v.Basis != Unknown }

// Decimal is a decimal value (amounts, shares, hours, factors).
func (v *Value) Decimal() decimal.Decimal { return v.dec }

// Int is a whole-number value (months, years, a class).
func (v *Value) Int() int { return v.num }

// Bool is a boolean value.
func (v *Value) Bool() bool { return v.flag }

// Date is a date value.
func (v *Value) Date() date.Date { return v.day }

// Text is a text or enum value.
func (v *Value) Text() string { return v.text }

// List is a list value.
func (v *Value) List() []string { return v.list }

// Has reports whether a list value holds s.
func (v *Value) Has(s string) bool {
	for _, x := range v.list {
		if x == s {
			return true
		}
	}
	return false
}

// String writes the value as a rule file holds it: 0.20 stays 0.20; a list
// as a, b; an unknown value as "unknown".
func (v *Value) String() string {
	if !v.Known() {
		return "unknown"
	}
	switch v.Param.Kind {
	case KindDecimal:
		return writtenDecimal(v.dec)
	case KindInt:
		return strconv.Itoa(v.num)
	case KindBool:
		return strconv.FormatBool(v.flag)
	case KindDate:
		return v.day.String()
	case KindList:
		return strings.Join(v.list, ", ")
	}
	return v.text
}

// clone copies a value, its list too.
func (v *Value) clone() *Value {
	c := *v
	c.list = append([]string(nil), v.list...)
	c.References = append([]Reference(nil), v.References...)
	return &c
}

// writtenDecimal keeps the decimals a value was written with: 0.20 stays 0.20.
func writtenDecimal(d decimal.Decimal) string {
	if d.Exponent() < 0 {
		return d.StringFixed(-d.Exponent())
	}
	return d.String()
}

// parseText reads a value of the parameter's kind from text, as a rule
// file or --set gives it, and checks its bounds.
func (p *Param) parseText(s string) (Value, error) {
	v := Value{Param: p}
	s = strings.TrimSpace(s)
	switch p.Kind {
	case KindDecimal:
		if !decimalText.MatchString(s) {
			return v, msg.Errorf("%s is not a decimal number (write %s: no spaces, commas or exponents)", quote(s), p.example())
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			return v, msg.Errorf("%s is not a decimal number", quote(s))
		}
		v.dec = d
	case KindInt:
		n, err := strconv.Atoi(s)
		if err != nil || len(s) > 9 {
			return v, msg.Errorf("%s is not a whole number", quote(s))
		}
		v.num = n
	case KindBool:
		switch s {
		case "true":
			v.flag = true
		case "false":
		default:
			return v, msg.Errorf("%s is not true or false", quote(s))
		}
	case KindDate:
		d, err := date.ParseISO(s)
		if err != nil {
			return v, err
		}
		v.day = d
	case KindText:
		if s == "" {
			return v, msg.Errorf("must not be empty")
		}
		v.text = s
	case KindEnum:
		if !contains(p.Enum, s) {
			return v, msg.Errorf("%s is not one of: %s", quote(s), strings.Join(p.Enum, ", "))
		}
		v.text = s
	case KindList:
		return v, msg.Errorf("a list is written as [a, b]")
	}
	return v, p.check(&v)
}

// check holds a value to the parameter's bounds.
func (p *Param) check(v *Value) error {
	switch p.Kind {
	case KindDecimal:
		d := v.dec
		if p.Unit == "share" && (d.Sign() < 0 || d.GreaterThan(*one)) {
			return msg.Errorf("%s is outside 0..1 (write 20 %% as 0.20)", d)
		}
		if p.Min != nil && d.LessThan(*p.Min) {
			if p.Min.IsZero() {
				return msg.Errorf("%s is negative", d)
			}
			return msg.Errorf("%s is less than %s", d, p.Min)
		}
		if p.Above != nil && !d.GreaterThan(*p.Above) {
			return msg.Errorf("must be more than %s", p.Above)
		}
		if p.Max != nil && d.GreaterThan(*p.Max) {
			return msg.Errorf("%s is more than %s, the largest alis computes with", d, p.Max)
		}
		if p.Decimals >= 0 && !d.Equal(d.Round(p.Decimals)) {
			if p.Decimals == 2 {
				return msg.Errorf("%s has more than two decimals (øre)", d)
			}
			return msg.Errorf("%s has more than %d decimals", d, p.Decimals)
		}
	case KindInt:
		if v.num < p.MinInt || v.num > p.MaxInt {
			return msg.Errorf("%d is outside %d..%d %s", v.num, p.MinInt, p.MaxInt, p.Unit)
		}
	}
	return nil
}

func (p *Param) example() string {
	switch p.Unit {
	case "share":
		return "0.20"
	case "hours", "hours/month", "factor":
		return "3.5"
	}
	return "240000"
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
