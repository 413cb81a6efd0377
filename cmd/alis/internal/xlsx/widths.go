package xlsx

import (
	"strings"
	"unicode/utf8"
)

// Width is how many characters wide a cell shows: money and dates as their
// formats show them, text by its longest line (at most 60), a header with
// room for its bold and its filter button.
func Width(c *Cell) int {
	if c.Style == Header {
		plain := *c
		plain.Style = Plain
		return Width(&plain) + 3
	}
	switch {
	case !c.number() && c.Formula == "":
		return textWidth(c.Text)
	case c.Style == Date:
		return 10
	}
	var all, n int // the characters of the number, and of its whole part
	if c.IsInt {
		n, all = intWidths(c.Int, c.Cents)
	} else {
		all, n = len(c.Num), len(whole(c.Num))
	}
	switch c.Style {
	case Money, TotalMoney:
		// 1 234 567,89 kr
		return n + (n-1)/3 + len(",00 kr")
	case Share:
		return n + 2
	}
	return all
}

// textWidth is how many characters wide a text shows: its longest line, at
// most 60.
func textWidth(s string) int {
	if strings.IndexByte(s, '\n') < 0 {
		return min(utf8.RuneCountInString(s), 60)
	}
	w := 0
	for line := range strings.SplitSeq(s, "\n") {
		w = max(w, utf8.RuneCountInString(line))
	}
	return min(w, 60)
}

// widen raises *w to the cell's width, when that is more. A text is no
// wider than its bytes, so one no longer than *w is not measured.
func widen(w *int, c *Cell) {
	if len(c.Text) <= *w && c.Style != Header && c.Formula == "" && !c.number() {
		return
	}
	*w = max(*w, Width(c))
}

// Widths are the widths of columns, fitted to the cells of many rows. A
// column's whole numbers of one style are measured once, at the end, by
// the largest of each sign: a number is no narrower than one of fewer
// digits.
type Widths struct {
	w    []int
	nums []numbers // per column
}

// numbers are the largest magnitudes of a column's whole numbers of one
// style, by sign.
type numbers struct {
	set      bool
	style    Style
	cents    bool
	pos, neg uint64
}

// Fit widens the columns to the cells of a row.
func (ws *Widths) Fit(cells []Cell) {
	for i := range cells {
		ws.fit(i, &cells[i])
	}
}

// grow makes room for n columns.
func (ws *Widths) grow(n int) {
	for len(ws.w) < n {
		ws.w, ws.nums = append(ws.w, 0), append(ws.nums, numbers{})
	}
}

// fit widens column i to a cell.
func (ws *Widths) fit(i int, c *Cell) {
	if i >= len(ws.w) {
		ws.grow(i + 1)
	}
	if c.IsInt && c.Style != Header && c.Formula == "" {
		ws.fitInt(i, c.Int, c.Style, c.Cents)
		return
	}
	widen(&ws.w[i], c)
}

// fitInt widens column i to a whole number (cents: in øre): the largest of
// its sign is kept, to be measured once, when the column's numbers have
// this style (those of the first); one of another style is measured now.
func (ws *Widths) fitInt(i int, v int64, st Style, cents bool) {
	if i >= len(ws.w) {
		ws.grow(i + 1)
	}
	n := &ws.nums[i]
	if st == Header || n.set && (n.style != st || n.cents != cents) {
		c := Cell{Int: v, IsInt: true, Cents: cents, Style: st}
		widen(&ws.w[i], &c)
		return
	}
	n.set, n.style, n.cents = true, st, cents
	if v >= 0 {
		n.pos = max(n.pos, uint64(v))
	} else {
		n.neg = max(n.neg, -uint64(v))
	}
}

// Add widens the columns to those of o, and empties o.
func (ws *Widths) Add(o *Widths) {
	o.settle()
	for len(ws.w) < len(o.w) {
		ws.w, ws.nums = append(ws.w, 0), append(ws.nums, numbers{})
	}
	for i, w := range o.w {
		ws.w[i] = max(ws.w[i], w)
	}
	o.w, o.nums = o.w[:0], o.nums[:0]
}

// Get is the columns' widths in characters.
func (ws *Widths) Get() []int {
	ws.settle()
	return ws.w
}

// settle measures the numbers kept, into the widths.
func (ws *Widths) settle() {
	for i := range ws.nums {
		n := &ws.nums[i]
		if !n.set {
			continue
		}
		pos := Cell{Int: int64(n.pos), IsInt: true, Cents: n.cents, Style: n.style}
		neg := pos
		neg.Int = int64(-n.neg)
		ws.w[i] = max(ws.w[i], Width(&pos))
		if n.neg > 0 {
			ws.w[i] = max(ws.w[i], Width(&neg))
		}
		*n = numbers{}
	}
}

// intWidths is how many characters an integer cell's number has, in its
// whole part and in all (with two decimals for Cents), as appendNumber
// writes it.
func intWidths(v int64, cents bool) (whole, all int) {
	u := uint64(v)
	if v < 0 {
		u, whole = -u, 1
	}
	if cents {
		u /= 100
	}
	whole++
	for ; u >= 10; u /= 10 {
		whole++
	}
	if cents {
		return whole, whole + 3
	}
	return whole, whole
}

// whole is a number's text before its decimal point.
func whole(num string) string {
	if i := strings.IndexByte(num, '.'); i >= 0 {
		return num[:i]
	}
	return num
}
