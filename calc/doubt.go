package calc

import (
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

// DoubtCode names an input that the rules allow but that is unlikely as
// written: a typing error, most often. It is said as a warning; the grant
// is computed as given.
type DoubtCode string

const (
	// FirstFastlegeAfterEmployment: the first day as fastlege is after the
	// last day of the employment (or of the agreement).
	FirstFastlegeAfterEmployment DoubtCode = "first_fastlege_after_employment"
	// FirstFastlegeLongAgo: the first day as fastlege is before 1990.
	FirstFastlegeLongAgo DoubtCode = "first_fastlege_before_1990"
	// SignedLongAfter: the agreement was signed more than a year after the
	// period ends.
	SignedLongAfter DoubtCode = "signed_long_after_period"
)

// DoubtCodes lists every doubt, in the order Doubts finds them.
var DoubtCodes = []DoubtCode{FirstFastlegeAfterEmployment, FirstFastlegeLongAgo, SignedLongAfter}

// A Doubt is an input unlikely as written, with the dates that make it so.
type Doubt struct {
	Code  DoubtCode
	Field string    // the input, as FieldFirstFastlegeDate
	Date  date.Date // the date given
	Ref   date.Date // the date it is held against
}

// Message says the doubt in l.
func (d Doubt) Message(l Lang) string {
	day := func(t date.Date) string { return t.Text(l) }
	switch d.Code {
	case FirstFastlegeAfterEmployment:
		return msg.T(l, "the first day as fastlege, %s, is after the employment ends (%s): lavere produktivitet then pays nothing", day(d.Date), day(d.Ref))
	case FirstFastlegeLongAgo:
		return msg.T(l, "the first day as fastlege, %s, is before %s: is the year right?", day(d.Date), day(d.Ref))
	case SignedLongAfter:
		return msg.T(l, "the agreement was signed %s, more than a year after the period ends (%s): is the year right?", day(d.Date), day(d.Ref))
	}
	return string(d.Code)
}

var longAgo = date.MustNew(1990, 1, 1)

// Doubts are the agreement's inputs that the rules allow but that are
// unlikely as written, appended to ds (nil when there are none).
func (e *Engine) Doubts(a *Agreement, ds []Doubt) []Doubt {
	if f := a.FirstFastlegeDate; !f.IsZero() {
		_, last := a.Span()
		for _, p := range a.Employment {
			if !p.To.IsZero() && (last.IsZero() || p.To.After(last)) {
				last = p.To
			}
		}
		if !last.IsZero() && f.After(last) {
			ds = append(ds, Doubt{Code: FirstFastlegeAfterEmployment, Field: FieldFirstFastlegeDate, Date: f, Ref: last})
		}
		if f.Before(longAgo) {
			ds = append(ds, Doubt{Code: FirstFastlegeLongAgo, Field: FieldFirstFastlegeDate, Date: f, Ref: longAgo})
		}
	}
	if s, end := a.Signed, e.rules.ValidTo; !s.IsZero() && s.After(end.AddMonths(12)) {
		ds = append(ds, Doubt{Code: SignedLongAfter, Field: FieldSigned, Date: s, Ref: end})
	}
	return ds
}
