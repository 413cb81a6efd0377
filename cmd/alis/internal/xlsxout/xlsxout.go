// Package xlsxout writes Excel workbooks (.xlsx) row by row. Numbers are
// written as the decimal text they are given, so amounts never pass through
// a float; money cells carry a "kr" number format and dates a date format,
// so that a spreadsheet program shows, sorts and sums them as what they are.
//
// A sheet's rows go to a spool (compressed, in memory and then in an
// unlinked temporary file) until the sheet ends: only then are its column
// widths known, and they come before the rows in the sheet's XML. The
// spooled rows are copied into the workbook as they were compressed.
package xlsxout

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Style is a cell's format.
type Style uint8

const (
	Plain      Style = iota
	Header           // bold
	Money            // # ##0.00 kr
	Whole            // 0
	Share            // 0.0
	Date             // Options.DateFormat
	TotalMoney       // bold # ##0.00 kr
)

// Cell is text, a number given as its decimal text (Num), or a formula with
// its value as the writer computed it (Formula and Num). A Shared text is
// written once in the workbook's shared strings, where a Local lets it be
// (text that repeats down a column: a scheme, ja/nei, a reason).
//
// A number may be given as an integer instead (Int, IsInt), written as
// its decimal text; with Cents, the integer counts hundredths (øre), and
// is written with two decimals, as calc.Money's String writes it.
type Cell struct {
	Text    string
	Num     string
	Formula string
	Int     int64
	Style   Style
	Shared  bool
	IsInt   bool
	Cents   bool
}

// T is a text cell; N a number cell; I a whole number; Ore an amount in
// øre, written in kroner with two decimals.
func T(s string) Cell             { return Cell{Text: s} }
func N(num string, s Style) Cell  { return Cell{Num: num, Style: s} }
func I(n int64, s Style) Cell     { return Cell{Int: n, IsInt: true, Style: s} }
func Ore(ore int64, s Style) Cell { return Cell{Int: ore, IsInt: true, Cents: true, Style: s} }
func (c Cell) number() bool       { return c.Num != "" || c.IsInt }
func (c *Cell) empty() bool       { return c.Text == "" && c.Formula == "" && !c.number() }
func (c Cell) appendNumber(b []byte) []byte {
	switch {
	case !c.IsInt:
		return append(b, c.Num...)
	case c.Cents:
		return calc.Money(c.Int).AppendTo(b, '.')
	}
	return appendInt(b, c.Int)
}

// Options are a workbook's formats.
type Options struct {
	// DateFormat is the number format of Date cells, as Excel writes it:
	// `dd\.mm\.yyyy` for Norwegian, `yyyy\-mm\-dd` for ISO 8601.
	DateFormat string
}

// DateNB and DateISO are the date formats of Options.
const (
	DateNB  = `dd\.mm\.yyyy`
	DateISO = `yyyy\-mm\-dd`
)

// Writer writes a workbook: sheets one after the other, each row by row.
type Writer struct {
	strings Strings
	zw      *zip.Writer
	opt     Options
	sheets  []sheet
	cur     *sheet
	spool   spool
	buf     []byte
}

type sheet struct {
	name        string
	rows, cols  int
	widths      Widths // of the cells written with Row
	filterRows  int
	printTitles bool // the first row is printed at the top of every page
}

// New starts a workbook on w.
func New(w io.Writer, opt Options) *Writer {
	if opt.DateFormat == "" {
		opt.DateFormat = DateISO
	}
	return &Writer{zw: zip.NewWriter(w), opt: opt}
}

// StartSheet begins a sheet.
func (x *Writer) StartSheet(name string) error {
	if x.cur != nil {
		return msg.Errorf("sheet %s is not ended", x.cur.name)
	}
	x.sheets = append(x.sheets, sheet{name: name})
	x.cur = &x.sheets[len(x.sheets)-1]
	return x.spool.start()
}

// AppendRow appends one row's XML to b, for writing later with WriteRaw;
// it lets many goroutines format rows.
func AppendRow(b []byte, cells []Cell) []byte { return AppendRowShared(b, cells, nil) }

// AppendRowShared is AppendRow with the Shared texts written through loc
// (nil: inline, as every other text).
func AppendRowShared(b []byte, cells []Cell, loc *Local) []byte {
	r := RowWriter{B: b, Loc: loc}
	r.Start()
	for i := range cells {
		r.Cell(&cells[i])
	}
	r.End()
	return r.B
}

// RowWriter appends a row's XML a cell at a time, and fits the columns'
// widths to the cells, for a writer that knows each cell's type and need
// not make Cells. Empty cells are written only when a cell after them is
// not empty: a row ends at its last value, as Excel writes it.
type RowWriter struct {
	B      []byte  // the rows made
	Loc    *Local  // the shared strings; nil: every text inline
	Widths *Widths // nil: not measured
	col    int     // the next cell's column
	empty  int     // empty cells before it, not written yet
}

// Start starts a row.
func (r *RowWriter) Start() {
	r.B = append(r.B, "<row>"...)
	r.col, r.empty = 0, 0
}

// End ends the row.
func (r *RowWriter) End() { r.B = append(r.B, "</row>"...) }

// Col is the next cell's column, from 0.
func (r *RowWriter) Col() int { return r.col }

// Empty is an empty cell.
func (r *RowWriter) Empty() {
	r.col++
	r.empty++
}

// next writes the empty cells before the one to write.
func (r *RowWriter) next() {
	for ; r.empty > 0; r.empty-- {
		r.B = append(r.B, "<c/>"...)
	}
}

// Int is a whole number, as I makes it.
func (r *RowWriter) Int(n int64, st Style) {
	r.next()
	if r.Widths != nil {
		r.Widths.fitInt(r.col, n, st, false)
	}
	r.B = append(r.B, numberOpen[st]...)
	r.B = appendInt(r.B, n)
	r.B = append(r.B, `</v></c>`...)
	r.col++
}

// Ore is an amount in øre, as Ore makes it.
func (r *RowWriter) Ore(ore int64, st Style) {
	r.next()
	if r.Widths != nil {
		r.Widths.fitInt(r.col, ore, st, true)
	}
	r.B = append(r.B, numberOpen[st]...)
	r.B = calc.Money(ore).AppendTo(r.B, '.')
	r.B = append(r.B, `</v></c>`...)
	r.col++
}

// Text is a text cell, kept in the shared strings when shared.
func (r *RowWriter) Text(s string, shared bool) {
	if s == "" {
		r.Empty()
		return
	}
	r.next()
	if ws := r.Widths; ws != nil {
		if r.col >= len(ws.w) {
			ws.grow(r.col + 1)
		}
		if w := &ws.w[r.col]; len(s) > *w {
			*w = max(*w, textWidth(s))
		}
	}
	if shared && r.Loc != nil {
		if id, ok := r.Loc.idAt(r.col, s); ok {
			r.B = appendShared(r.B, Plain, id)
			r.col++
			return
		}
	}
	r.B = appendInline(r.B, Plain, s)
	r.col++
}

// Cell is any cell.
func (r *RowWriter) Cell(c *Cell) {
	if c.empty() {
		r.Empty()
		return
	}
	r.next()
	if r.Widths != nil {
		r.Widths.fit(r.col, c)
	}
	if c.Shared && r.Loc != nil && !c.number() && c.Formula == "" {
		if id, ok := r.Loc.idAt(r.col, c.Text); ok {
			r.B = appendShared(r.B, c.Style, id)
			r.col++
			return
		}
	}
	r.B = appendCell(r.B, c)
	r.col++
}

// Strings is a workbook's shared strings. Any goroutine may add to it,
// through a Local of its own. It holds at most maxShared texts; the texts
// after are written inline.
type Strings struct {
	mu    sync.Mutex
	index map[string]int
	list  []string
}

// maxShared bounds the shared strings, so that memory stays flat (a
// variable for the tests).
var maxShared = 1 << 16

// Local is one goroutine's view of the shared strings: the texts it has
// seen, without the lock.
type Local struct {
	s    *Strings
	seen map[string]keptText // by the kept copy
	last []recent            // per column, the texts last written there
}

// keptText is a shared string: its id, and the copy of its text kept.
type keptText struct {
	id   int
	text string
}

// recent are the texts last written in a column, with their ids; next is
// the one to replace.
type recent struct {
	text [4]string
	id   [4]int
	next int
}

// Local makes a view of the shared strings for one goroutine.
func (x *Writer) Local() *Local { return &Local{s: &x.strings, seen: map[string]keptText{}} }

// idAt is id for a text in column col: a text that repeats one of the few
// written in the column last is found without the map.
func (l *Local) idAt(col int, text string) (int, bool) {
	if col < len(l.last) {
		r := &l.last[col]
		for k := range r.text {
			if r.text[k] == text {
				return r.id[k], true
			}
		}
	}
	id, kept, ok := l.id(text)
	if ok {
		for len(l.last) <= col {
			l.last = append(l.last, recent{})
		}
		r := &l.last[col]
		r.text[r.next], r.id[r.next] = kept, id
		r.next = (r.next + 1) % len(r.text)
	}
	return id, ok
}

// id is the shared string of text, and the copy of text the shared strings
// keep: text itself may be a view of a buffer its caller reuses (a row of
// the input), so what outlives the call is a copy, made once for each text.
func (l *Local) id(text string) (id int, kept string, ok bool) {
	if k, ok := l.seen[text]; ok {
		return k.id, k.text, true
	}
	s := l.s
	s.mu.Lock()
	id, ok = s.index[text]
	if !ok && len(s.list) < maxShared {
		if s.index == nil {
			s.index = map[string]int{}
		}
		text = strings.Clone(text)
		id, ok = len(s.list), true
		s.index[text] = id
		s.list = append(s.list, text)
	}
	if ok {
		kept = s.list[id]
	}
	s.mu.Unlock()
	if ok && len(l.seen) < maxShared {
		l.seen[kept] = keptText{id, kept}
	}
	return id, kept, ok
}

func appendCell(b []byte, c *Cell) []byte {
	if c.Formula == "" && c.number() && int(c.Style) < len(numberOpen) {
		b = append(b, numberOpen[c.Style]...)
		b = c.appendNumber(b)
		return append(b, `</v></c>`...)
	}
	if c.Formula != "" {
		b = appendStyle(append(b, `<c`...), c.Style)
		b = append(b, `><f>`...)
		b = appendEscaped(b, c.Formula)
		b = append(b, `</f>`...)
		if c.Num != "" {
			b = append(b, `<v>`...)
			b = append(b, c.Num...)
			b = append(b, `</v>`...)
		}
		return append(b, `</c>`...)
	}
	if c.number() {
		b = appendStyle(append(b, `<c`...), c.Style)
		b = append(b, `><v>`...)
		b = c.appendNumber(b)
		return append(b, `</v></c>`...)
	}
	if c.Text == "" {
		return append(b, `<c/>`...)
	}
	return appendInline(b, c.Style, c.Text)
}

// appendStyle appends a cell's style attribute, if it has one.
func appendStyle(b []byte, st Style) []byte {
	if st != Plain {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(st), 10)
		b = append(b, '"')
	}
	return b
}

// appendInline appends a cell of text written in it.
func appendInline(b []byte, st Style, text string) []byte {
	b = appendStyle(append(b, `<c t="inlineStr"`...), st)
	if text[0] <= ' ' || text[len(text)-1] <= ' ' {
		b = append(b, `><is><t xml:space="preserve">`...)
	} else {
		b = append(b, `><is><t>`...)
	}
	b = appendEscaped(b, text)
	return append(b, `</t></is></c>`...)
}

// appendShared appends a cell of a shared string.
func appendShared(b []byte, st Style, id int) []byte {
	b = appendStyle(append(b, `<c t="s"`...), st)
	b = append(b, `><v>`...)
	b = appendInt(b, int64(id))
	return append(b, `</v></c>`...)
}

// appendInt appends n in decimal, as strconv.AppendInt does.
func appendInt(b []byte, n int64) []byte {
	if n < 0 {
		return strconv.AppendInt(b, n, 10)
	}
	return calc.AppendDigits(b, uint64(n))
}

// numberOpen opens a number cell of each style.
var numberOpen = func() (open [TotalMoney + 1]string) {
	open[Plain] = `<c><v>`
	for st := Plain + 1; st < Style(len(open)); st++ {
		open[st] = `<c s="` + strconv.Itoa(int(st)) + `"><v>`
	}
	return open
}()

// appendEscaped appends s escaped for XML text, without the control
// characters XML 1.0 cannot hold. The bytes that need nothing are appended
// a run at a time.
func appendEscaped(b []byte, s string) []byte {
	run := 0 // s[run:i] is still to append as it is
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= ' ' && c < utf8.RuneSelf && !xmlSpecial[c] || c == '\t' || c == '\n' {
			continue
		}
		var with string // what stands for s[i:i+n]
		n := 1
		switch c {
		case '<':
			with = "&lt;"
		case '>':
			with = "&gt;"
		case '&':
			with = "&amp;"
		case '"':
			with = "&#34;"
		case '\'':
			with = "&#39;"
		case '\r':
			with = "&#xD;"
		default:
			if c >= utf8.RuneSelf {
				var r rune
				r, n = utf8.DecodeRuneInString(s[i:])
				if !(r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF) {
					i += n - 1
					continue // a character XML holds
				}
				with = "\uFFFD"
			}
			// other control characters are left out
		}
		b = append(append(b, s[run:i]...), with...)
		i += n - 1
		run = i + 1
	}
	return append(b, s[run:]...)
}

// xmlSpecial are the ASCII characters XML text writes as references.
var xmlSpecial = [utf8.RuneSelf]bool{'<': true, '>': true, '&': true, '"': true, '\'': true}

// epoch is day 0 of Excel's date serials (the 1900 system).
var epoch = date.MustNew(1899, time.December, 30)

// DateSerial is a date as Excel stores it: days since 30 December 1899.
// Dates before March 1900 have none (Excel counts a 29 February 1900 that
// was not), and give false.
func DateSerial(d date.Date) (string, bool) {
	n, ok := DateSerialInt(d)
	if !ok {
		return "", false
	}
	return strconv.FormatInt(n, 10), true
}

// DateSerialInt is DateSerial as a number, for I.
func DateSerialInt(d date.Date) (int64, bool) {
	if d.Year() <= 1900 {
		return 0, false
	}
	return int64(d.DayNumber() - epoch.DayNumber()), true
}

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

// Row writes one row; its cells' widths count toward the columns' widths.
func (x *Writer) Row(cells []Cell) error {
	x.cur.widths.Fit(cells)
	x.buf = AppendRow(x.buf[:0], cells)
	return x.WriteRaw(x.buf, 1, len(cells))
}

// WriteRaw writes rows made by AppendRow: n rows, cols cells wide at most.
func (x *Writer) WriteRaw(rows []byte, n, cols int) error {
	x.cur.rows += n
	x.cur.cols = max(x.cur.cols, cols)
	_, err := x.spool.Write(rows)
	return err
}

// Block is rows made by AppendRow and compressed on their own, in any
// goroutine, for WriteBlock: many goroutines compress while the writer
// only copies.
type Block struct {
	fz    *flate.Writer
	z     bytes.Buffer
	crc   uint32
	n     int64
	rows  int
	cols  int
	ready bool
}

// Set compresses n rows (made by AppendRow), cols cells wide at most, into
// the block, replacing what it held.
func (b *Block) Set(rows []byte, n, cols int) error {
	b.z.Reset()
	if b.fz == nil {
		var err error
		if b.fz, err = flate.NewWriter(&b.z, level); err != nil {
			return err
		}
	} else {
		b.fz.Reset(&b.z)
	}
	if _, err := b.fz.Write(rows); err != nil {
		return err
	}
	// A sync flush ends the block on a byte, without ending the stream.
	if err := b.fz.Flush(); err != nil {
		return err
	}
	b.crc, b.n, b.rows, b.cols, b.ready = crc32.ChecksumIEEE(rows), int64(len(rows)), n, cols, true
	return nil
}

// WriteBlock writes the rows of a block and empties it.
func (x *Writer) WriteBlock(b *Block) error {
	if !b.ready {
		return nil
	}
	b.ready = false
	x.cur.rows += b.rows
	x.cur.cols = max(x.cur.cols, b.cols)
	return x.spool.writeBlock(b)
}

// Rows is how many rows the current sheet has.
func (x *Writer) Rows() int { return x.cur.rows }

// Layout is how a sheet shows.
type Layout struct {
	// Frozen keeps the first row in view.
	Frozen bool
	// Widths are the columns' widths in characters; nil: the widths of
	// the cells written with Row.
	Widths []int
	// FilterRows is how many rows, from the first, the filter buttons of
	// the first row cover; 0: no filter.
	FilterRows int
	// Hidden are the columns that are hidden (and can be shown again).
	Hidden []bool
	// Print is how the sheet prints; nil: as the spreadsheet program likes.
	Print *Print
}

// Print is how a sheet prints: on A4, landscape, as many pages tall as it
// takes and one wide, the first row at the top of every page, a footer.
type Print struct {
	// HeaderRow repeats the first row at the top of every page.
	HeaderRow bool
	// FooterLeft and FooterRight are the footer's text; in either, &P is
	// the page's number and &N the number of pages.
	FooterLeft, FooterRight string
}

// footerText escapes text for a footer: a & that is not &P or &N is
// written as &&, so that it shows as itself.
func footerText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '&' && !(i+1 < len(s) && (s[i+1] == 'P' || s[i+1] == 'N')) {
			b.WriteString("&&")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// EndSheet ends the sheet.
func (x *Writer) EndSheet(l Layout) error {
	s := x.cur
	if s == nil {
		return msg.Errorf("no sheet is started")
	}
	x.cur = nil
	tail := "</sheetData>"
	if l.FilterRows > 0 && s.cols > 0 {
		s.filterRows = min(l.FilterRows, s.rows)
		tail += fmt.Sprintf(`<autoFilter ref="A1:%s%d"/>`, ColName(s.cols-1), s.filterRows)
	}
	if p := l.Print; p != nil {
		// In the schema's order: margins, the page (A4, landscape, one page
		// wide), the footer.
		tail += `<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>` +
			`<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>`
		if p.FooterLeft != "" || p.FooterRight != "" {
			foot := string(appendEscaped(nil, "&L"+footerText(p.FooterLeft)+"&R"+footerText(p.FooterRight)))
			tail += `<headerFooter><oddFooter>` + foot + `</oddFooter></headerFooter>`
		}
		s.printTitles = p.HeaderRow && s.rows > 0
	}
	if _, err := io.WriteString(&x.spool, tail+"</worksheet>"); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	if l.Print != nil {
		b.WriteString(`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`)
	}
	if l.Frozen {
		b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	}
	widths := l.Widths
	if widths == nil {
		widths = s.widths.Get()
	}
	if len(widths) > 0 {
		b.WriteString("<cols>")
		for i, w := range widths {
			// Two characters of margin; Excel's width unit is a digit's
			// width, and text runs a little wider.
			hidden := ""
			if i < len(l.Hidden) && l.Hidden[i] {
				hidden = ` hidden="1"`
			}
			fmt.Fprintf(&b, `<col min="%d" max="%d" width="%d" customWidth="1"%s/>`, i+1, i+1, max(w+w/10+2, 6), hidden)
		}
		b.WriteString("</cols>")
	}
	b.WriteString("<sheetData>")
	return x.spool.finish(x.zw, fmt.Sprintf("xl/worksheets/sheet%d.xml", len(x.sheets)), b.String())
}

// ColName is a column's letters: 0 is A, 26 is AA.
func ColName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// Close writes the workbook's other parts and ends the file.
func (x *Writer) Close() error {
	if x.cur != nil {
		return msg.Errorf("sheet %s is not ended", x.cur.name)
	}
	x.spool.close()
	var wb, rels, types strings.Builder
	wb.WriteString(xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	types.WriteString(xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	shared := len(x.strings.list) > 0
	if shared {
		types.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	}
	var defined strings.Builder
	for i, s := range x.sheets {
		name := string(appendEscaped(nil, s.name))
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		if s.filterRows > 0 {
			fmt.Fprintf(&defined, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">'%s'!$A$1:$%s$%d</definedName>`,
				i, strings.ReplaceAll(name, "'", "''"), ColName(s.cols-1), s.filterRows)
		}
		if s.printTitles {
			fmt.Fprintf(&defined, `<definedName name="_xlnm.Print_Titles" localSheetId="%d">'%s'!$1:$1</definedName>`, i, strings.ReplaceAll(name, "'", "''"))
		}
	}
	wb.WriteString("</sheets>")
	if defined.Len() > 0 {
		wb.WriteString("<definedNames>" + defined.String() + "</definedNames>")
	}
	// Formulas carry the values alis computed; a spreadsheet program
	// computes them again on opening all the same.
	wb.WriteString(`<calcPr fullCalcOnLoad="1"/></workbook>`)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(x.sheets)+1)
	if shared {
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, len(x.sheets)+2)
	}
	rels.WriteString("</Relationships>")
	types.WriteString("</Types>")
	parts := []struct{ name, body string }{
		{"xl/workbook.xml", wb.String()},
		{"xl/_rels/workbook.xml.rels", rels.String()},
		{"xl/styles.xml", x.styles()},
		{"xl/sharedStrings.xml", x.sharedStrings()},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"[Content_Types].xml", types.String()},
	}
	for _, p := range parts {
		if p.body == "" {
			continue
		}
		w, err := x.zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			return err
		}
	}
	return x.zw.Close()
}

// sharedStrings is the shared strings part; "" when there are none.
func (x *Writer) sharedStrings() string {
	list := x.strings.list
	if len(list) == 0 {
		return ""
	}
	var b []byte
	b = append(b, xml.Header...)
	b = fmt.Appendf(b, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(list), len(list))
	for _, s := range list {
		if s[0] <= ' ' || s[len(s)-1] <= ' ' {
			b = append(b, `<si><t xml:space="preserve">`...)
		} else {
			b = append(b, `<si><t>`...)
		}
		b = appendEscaped(b, s)
		b = append(b, `</t></si>`...)
	}
	return string(append(b, `</sst>`...))
}

// styles holds the cell formats, in the order of the Style constants.
func (x *Writer) styles() string {
	var date bytes.Buffer
	_ = xml.EscapeText(&date, []byte(x.opt.DateFormat))
	return xml.Header + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00\ &quot;kr&quot;"/><numFmt numFmtId="165" formatCode="0.0"/>` +
		`<numFmt numFmtId="166" formatCode="` + date.String() + `"/></numFmts>` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="7">` +
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
		`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
		`<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
		`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
		`<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
		`<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>` +
		`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
}

// spool holds a sheet's rows compressed: in memory up to spoolMemory, then
// in a temporary file that is removed at once (on systems that let an open
// file be removed) or when the sheet ends.
type spool struct {
	mem     bytes.Buffer
	file    *os.File
	removed bool // the file is unlinked already
	fz      *flate.Writer
	dirty   bool // fz has taken rows since its last flush
	crc     uint32
	n       int64
}

// spoolMemory is how much compressed XML a sheet keeps in memory before it
// goes to a file (a variable for the tests).
var spoolMemory = 4 << 20

const level = flate.BestSpeed

// target is where the compressor writes: memory, then the file.
type target struct{ s *spool }

func (t target) Write(p []byte) (int, error) {
	if t.s.file != nil {
		return t.s.file.Write(p)
	}
	return t.s.mem.Write(p)
}

func (s *spool) start() error {
	s.close()
	s.crc, s.n, s.dirty = 0, 0, false
	if s.fz == nil {
		var err error
		if s.fz, err = flate.NewWriter(target{s}, level); err != nil {
			return err
		}
	} else {
		s.fz.Reset(target{s})
	}
	return nil
}

func (s *spool) Write(p []byte) (int, error) {
	s.crc = crc32.Update(s.crc, crc32.IEEETable, p)
	s.n += int64(len(p))
	s.dirty = true
	n, err := s.fz.Write(p)
	if err == nil && s.file == nil && s.mem.Len() > spoolMemory {
		err = s.toFile()
	}
	return n, err
}

// writeBlock appends a block's compressed rows. What the spool's own
// compressor holds is flushed first, and the compressor starts afresh
// after, so that none of its back-references reach into the block.
func (s *spool) writeBlock(b *Block) error {
	if s.dirty {
		if err := s.fz.Flush(); err != nil {
			return err
		}
		s.dirty = false
	}
	s.fz.Reset(target{s})
	if _, err := (target{s}).Write(b.z.Bytes()); err != nil {
		return err
	}
	s.crc = crc32Combine(s.crc, b.crc, b.n)
	s.n += b.n
	if s.file == nil && s.mem.Len() > spoolMemory {
		return s.toFile()
	}
	return nil
}

// toFile moves the spool from memory to a temporary file.
func (s *spool) toFile() error {
	f, err := os.CreateTemp("", "alis-sheet-*")
	if err != nil {
		return err
	}
	s.file, s.removed = f, os.Remove(f.Name()) == nil
	_, err = s.mem.WriteTo(f)
	return err
}

// finish writes the sheet into zw as name: prefix, then the spooled rows.
// The prefix is compressed on its own and ends with a sync block; the rows'
// compressed stream follows it unchanged, and the checksum of the whole is
// combined from the two.
func (s *spool) finish(zw *zip.Writer, name, prefix string) error {
	if err := s.fz.Close(); err != nil {
		return err
	}
	var head bytes.Buffer
	hz, err := flate.NewWriter(&head, level)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(hz, prefix); err != nil {
		return err
	}
	if err := hz.Flush(); err != nil {
		return err
	}
	var body io.Reader = &s.mem
	size := int64(s.mem.Len())
	if s.file != nil {
		if size, err = s.file.Seek(0, io.SeekCurrent); err != nil {
			return err
		}
		if _, err := s.file.Seek(0, io.SeekStart); err != nil {
			return err
		}
		body = s.file
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name:               name,
		Method:             zip.Deflate,
		CRC32:              crc32Combine(crc32.ChecksumIEEE([]byte(prefix)), s.crc, s.n),
		CompressedSize64:   uint64(int64(head.Len()) + size),
		UncompressedSize64: uint64(int64(len(prefix)) + s.n),
	})
	if err != nil {
		return err
	}
	if _, err := head.WriteTo(w); err != nil {
		return err
	}
	if _, err := io.CopyN(w, body, size); err != nil {
		return err
	}
	s.close()
	return nil
}

// close removes the spool's file.
func (s *spool) close() {
	if s.file != nil {
		name := s.file.Name()
		s.file.Close()
		if !s.removed {
			os.Remove(name)
		}
		s.file = nil
	}
	s.mem.Reset()
}

// crc32Combine is the CRC-32 (IEEE) of A followed by B, from crc1 of A,
// crc2 of B and B's length: zlib's crc32_combine, which multiplies crc1 by
// x to the power of B's bits, modulo the polynomial.
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1
	}
	p := uint32(1) << 31 // x^0
	for k := 3; len2 != 0; len2, k = len2>>1, k+1 {
		if len2&1 != 0 {
			p = multModP(x2n[k&31], p)
		}
	}
	return multModP(p, crc1) ^ crc2
}

// x2n[k] is x^(2^k) modulo the polynomial, in CRC-32's reflected order.
var x2n = func() (t [32]uint32) {
	p := uint32(1) << 30 // x^1
	t[0] = p
	for k := 1; k < 32; k++ {
		p = multModP(p, p)
		t[k] = p
	}
	return t
}()

// multModP is a times b modulo the polynomial, both in reflected order.
func multModP(a, b uint32) uint32 {
	var p uint32
	if a == 0 {
		return 0
	}
	for m := uint32(1) << 31; ; m >>= 1 {
		if a&m != 0 {
			p ^= b
			if a&(m-1) == 0 {
				return p
			}
		}
		if b&1 != 0 {
			b = b>>1 ^ 0xedb88320
		} else {
			b >>= 1
		}
	}
}
