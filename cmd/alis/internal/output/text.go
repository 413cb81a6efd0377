package output

import (
	"io"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Also is what a result says of the periods beyond its own: the other
// grant periods the agreement has days in (each computed on its own), and
// the first day past the last period alis has rules for, when the agreement
// runs past it (zero otherwise).
type Also struct {
	Periods     []string
	BeyondRules date.Date
}

// WriteText writes a result as the library says it (text.Result), wrapped
// to width.
func WriteText(w io.Writer, ex *calc.Explanation, l calc.Lang, explain bool, beyond Also, width int) error {
	t := text.Result(ex, l, text.Options{Explain: explain, Also: beyond.Periods, BeyondRules: beyond.BeyondRules})
	_, err := io.WriteString(w, Wrap(t, width))
	return err
}
