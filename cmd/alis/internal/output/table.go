package output

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// TableSink writes an aligned table for people at a terminal: a row an
// agreement, two spaces at least between columns (a value wider than its
// column pushes the rest of its line along, never into the next value),
// the reasons last, wrapped within Width.
type TableSink struct {
	Cols     *batch.Columns
	Lang     calc.Lang
	Width    int  // of a line; 0: no limit
	Allocate bool // a column for the grant after allocation
	table    textTable
	// narrow: the line is too short for every column, so the amounts go
	// under the row with the reasons, each with its label.
	narrow bool
}

// textTable lays out rows of text: each cell in its column, two spaces at
// least between columns (a cell wider than its column pushes the rest of
// its line along, never into the next cell), the last cell free and
// wrapped within width: beside the row where that leaves it half the
// line, else under the row.
type textTable struct {
	cols  []tableCol // the last column's width is not used
	width int        // 0: no limit
}

type tableCol struct {
	width int
	right bool
}

func (t *TableSink) Begin(w io.Writer) error {
	l := t.Lang
	cols := []tableCol{{6, true}, {14, false}, {7, false}, {15, false}, {5, false}, {4, true}, {17, true}}
	head := []string{msg.S(l, "line"), "id", msg.S(l, "period"), msg.S(l, "scheme"), msg.S(l, "elig."), msg.S(l, "mon"), msg.S(l, "grant")}
	if t.Allocate {
		cols = append(cols, tableCol{13, true})
		head = append(head, msg.S(l, "allocated"))
	}
	cols = append(cols, tableCol{15, true}, tableCol{0, false})
	head = append(head, msg.S(l, "kommune's share"), msg.S(l, "reason"))
	wide := 0
	for _, c := range cols[:len(cols)-1] {
		wide += c.width + 2
	}
	if t.Width > 0 && wide > t.Width {
		// Too narrow for every column: the row's first six, and under
		// them its amounts and reasons.
		t.narrow = true
		cols = append(cols[:6:6], tableCol{0, false})
		head = append(head[:6:6], msg.S(l, "grant, kommune's share; reason"))
	}
	t.table = textTable{cols: cols, width: t.Width}
	_, err := w.Write(t.table.appendLine(nil, head))
	return err
}

// appendLine lays out one row.
func (t *textTable) appendLine(b []byte, cells []string) []byte {
	start := len(b)
	col, want := 0, 0 // where the line is, and where this cell's column starts
	for i, c := range cells {
		spec := t.cols[i]
		n := len(c)
		if !plainASCII(c) { // the rare cell: measured by what a terminal shows
			c = Printable(c)
			n = TextWidth(c)
		}
		if i == len(cells)-1 && c == "" {
			break
		}
		if i > 0 {
			gap := max(want-col, 2)
			b = appendSpaces(b, gap)
			col += gap
		}
		if i == len(cells)-1 {
			text := c
			if t.width > 0 && col+n > t.width {
				if col > t.width/2 {
					// The reasons go under the row.
					col = 8
					b = trimSpaces(b, start)
					b = append(b, '\n')
					b = appendSpaces(b, col)
				}
				if col+n > t.width {
					text = WrapFrom(c, col, col, t.width)
				}
			}
			b = append(b, text...)
			break
		}
		pad := max(spec.width-n, 0)
		if spec.right {
			b = appendSpaces(b, pad)
			b = append(b, c...)
		} else {
			b = append(b, c...)
			b = appendSpaces(b, pad)
		}
		col += pad + n
		want += spec.width + 2
	}
	return append(trimSpaces(b, start), '\n')
}

func appendSpaces(b []byte, n int) []byte {
	for n > len(spaces) {
		b = append(b, spaces...)
		n -= len(spaces)
	}
	return append(b, spaces[:max(n, 0)]...)
}

const spaces = "                                " // 32

// trimSpaces drops the spaces that end b, back to start at most.
func trimSpaces(b []byte, start int) []byte {
	for len(b) > start && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

func (t *TableSink) Row(b *batch.Buf, row *batch.Row) {
	l := t.Lang
	line, id := strconv.Itoa(row.Line), Clip(row.ID, 14)
	if row.Rejected != nil {
		period := ""
		if r := row.Rejected.Rules; r != nil {
			period = r.Period
		}
		cells := []string{line, id, period, msg.S(l, "REJECTED"), "", ""}
		if t.narrow {
			b.Main = t.table.appendLine(b.Main, append(cells, row.Rejected.Text(l)))
			return
		}
		cells = append(cells, "")
		if t.Allocate {
			cells = append(cells, "")
		}
		b.Main = t.table.appendLine(b.Main, append(cells, "", row.Rejected.Text(l)))
		return
	}
	res := &row.Results[0]
	elig := msg.S(l, "no")
	if res.Eligible {
		elig = msg.S(l, "yes")
	}
	kommune := ""
	if k, ok := res.KommuneShare.Get(); ok {
		kommune = text.Money(k, l)
	}
	var why []string
	for _, r := range res.Reasons {
		why = append(why, r.Message(l))
	}
	scheme := res.Scheme
	if scheme == "" {
		scheme = "–"
	}
	grant := msg.S(l, "unknown")
	if g, ok := res.Grant.Get(); ok {
		grant = text.Money(g, l)
		if res.GrantBasis == calc.BasisMaximum {
			grant = msg.T(l, "up to %s", grant)
		}
	}
	if res.Eligible && res.Missing != 0 {
		// What would make the figure exact, or complete it.
		why = append(why, msg.T(l, "not given: %s", t.Cols.ColumnsOf(res.Missing)))
	}
	if u := res.UnknownValues(); res.Eligible && len(u) > 0 {
		why = append(why, msg.T(l, "the amount rests on values no public source gives: %s", strings.Join(u, ", ")))
	}
	if nc := NotComputedText(row, l); nc != "" {
		why = append(why, msg.T(l, "not computed in %s", nc))
	}
	if d := row.BeyondRules; !d.IsZero() {
		why = append(why, msg.T(l, "runs past the rules from %s", text.Day(d, l)))
	}

	cells := []string{line, id, res.Rules().Period, scheme, elig, strconv.Itoa(res.Months)}
	allocated := ""
	if row.Allocated != nil {
		allocated = text.Money(*row.Allocated, l)
	}
	if t.narrow {
		amounts := msg.T(l, "grant %s", grant)
		if t.Allocate {
			amounts += " · " + msg.T(l, "allocated %s", allocated)
		}
		if kommune != "" {
			amounts += " · " + msg.T(l, "kommune's share %s", kommune)
		}
		b.Main = t.table.appendLine(b.Main, append(cells, strings.Join(append([]string{amounts}, why...), "; ")))
		return
	}
	cells = append(cells, grant)
	if t.Allocate {
		cells = append(cells, allocated)
	}
	b.Main = t.table.appendLine(b.Main, append(cells, kommune, strings.Join(why, "; ")))
}

func (t *TableSink) Write(w io.Writer, b *batch.Buf) error {
	_, err := w.Write(b.Main)
	return err
}

func (t *TableSink) End(io.Writer, *batch.Totals) error { return nil }

// Clip shortens text to n columns for a column, with control characters
// as spaces and the bidirectional controls left out: a column measured in
// what a terminal shows, a wide character two, a combining mark none.
func Clip(s string, n int) string {
	plain := len(s) <= n
	for i := 0; plain && i < len(s); i++ {
		plain = s[i] >= ' ' && s[i] < utf8.RuneSelf
	}
	if plain {
		return s // short, printable ASCII: as it is
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case isBidi(r):
			return -1
		case r < ' ', r == 0x7f, r >= 0x80 && r <= 0x9f:
			return ' '
		}
		return r
	}, s)
	if TextWidth(s) <= n {
		return s
	}
	w := 0
	for i, r := range s {
		rw := runeWidth(r)
		if w+rw > n-1 {
			return s[:i] + "…"
		}
		w += rw
	}
	return s
}
