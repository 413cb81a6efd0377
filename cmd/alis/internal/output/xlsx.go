package output

import (
	"io"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx"
	"github.com/alis-tilskudd/alis/internal/kommune"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// XLSXSink writes a batch as a workbook that opens ready to read: a results
// sheet with the line, every input column in its type (amounts in kroner,
// dates as dates, counts as numbers; a cell that does not read stays text)
// and then the result columns under headers in the reader's language, the
// header frozen and filterable, the columns as wide as their content and a
// total row whose sums follow the filter; and a summary sheet per rule set.
type XLSXSink struct {
	Cols  *batch.Columns
	Input string // the input's name, in the printed pages' footer
	// Periods are the rule sets' rules by period, whose totals the results
	// sheet keeps apart; nil under one rule set.
	Periods     []*rules.Rules
	Lang        calc.Lang
	Rules       *rules.Rules
	Allocate    bool
	SummaryOnly bool
	x           *xlsx.Writer
	resolved    []byte         // a chunk's rows with their pending texts in place (Write)
	kinds       []cellKind     // per input column
	shared      []bool         // per input column: its texts repeat (a field's words, not an id or a note)
	typed       []*input.Input // per input column: the input whose value the agreement holds typed, or nil (written from its text)
	yesNo       [2]string
	bases       [3]string // the grant's basis by basisSlot, in the reader's language
	basisCol    int       // the column of the grant's basis
	periodCol   int       // the column of the result's period
	head        xlsx.Widths
	width       int
	moneyCol    []int // per column: its index among the money columns, or -1
	nMoney      int
	all         xlsxChunk // the merged widths and sums, in the writer
}

// cellKind is how an input column's cells are written.
type cellKind uint8

const (
	kindText cellKind = iota
	kindDate
	kindMoney
	kindWhole
	kindNumber
)

func fieldKind(field string) cellKind {
	in, ok := input.Lookup(field)
	if !ok {
		return kindText
	}
	switch in.Kind {
	case input.Date:
		return kindDate
	case input.Amount:
		return kindMoney
	case input.Whole:
		return kindWhole
	case input.Percent, input.Hours:
		return kindNumber
	}
	return kindText
}

// moneyColumns are the result columns in kroner, besides the elements.
var moneyColumns = []string{"cap_prorated", "cost_limit", "grant", "allocated_grant", "kommune_share"}

// columnLabels are the result columns' headers, in English, but for the
// elements of a grant, which ComponentName names; the workbook shows them
// in the reader's language.
var columnLabels = map[string]string{
	"line":              msg.Key("Line"),
	"kommune_name":      msg.Key("Kommune name"),
	"year":              msg.Key("Year"),
	"period":            msg.Key("Period"),
	"scheme":            msg.Key("Scheme"),
	"eligible":          msg.Key("Eligible"),
	"months":            msg.Key("Months"),
	"cap_prorated":      msg.Key("Cap for the months"),
	"cost_limit":        msg.Key("Limit by the costs"),
	"grant":             msg.Key("Grant"),
	"grant_basis":       msg.Key("Grant is"),
	"allocated_grant":   msg.Key("Grant after allocation"),
	"kommune_share":     msg.Key("Kommune's share"),
	"unknown":           msg.Key("Values not known"),
	"missing":           msg.Key("Inputs not given"),
	"not_computed_in":   msg.Key("Not computed in"),
	"beyond_rules_from": msg.Key("Past the rules from"),
	"reasons":           msg.Key("Reasons"),
	"error":             msg.Key("Error"),
}

// ColumnLabel is a result column's header for a person.
func ColumnLabel(l calc.Lang, name string) string {
	if label, ok := columnLabels[name]; ok {
		return msg.Dyn(l, label)
	}
	return text.ComponentName(name, l) // an element, or any other name as it is
}

// kommuneCol is the input's kommune column, or -1.
func (o *XLSXSink) kommuneCol() int {
	if o.Cols == nil {
		return -1
	}
	if i, ok := o.Cols.ColOf[calc.FieldKommune]; ok {
		return i
	}
	return -1
}

// resultNames are the result columns of the workbook, in order.
func (o *XLSXSink) resultNames() []string {
	var names []string
	if o.kommuneCol() >= 0 {
		names = append(names, "kommune_name")
	}
	for _, name := range ResultColumns {
		if name == "error_code" {
			continue
		}
		names = append(names, name)
		if name == "grant" && o.Allocate {
			names = append(names, "allocated_grant")
		}
	}
	return names
}

func (o *XLSXSink) Begin(w io.Writer) error {
	format := xlsx.DateNB
	if o.Lang == msg.EN {
		format = xlsx.DateISO
	}
	o.x = xlsx.New(w, xlsx.Options{DateFormat: format})
	if o.SummaryOnly {
		return nil
	}
	o.yesNo = [2]string{msg.S(o.Lang, "no"), msg.S(o.Lang, "yes")}
	for _, b := range calc.Bases {
		o.bases[basisSlot(b)] = text.GrantBasisName(b, o.Lang)
	}
	_, perRow := o.Cols.ColOf[calc.FieldPercent] // each row an employment period, with its own days
	for _, field := range o.Cols.FieldOf {
		o.kinds = append(o.kinds, fieldKind(field))
		o.shared = append(o.shared, field != "" && field != calc.FieldID)
		var typed *input.Input
		if in, ok := input.Lookup(field); ok && !in.Employment && !(perRow && (field == calc.FieldStart || field == calc.FieldEnd)) {
			typed = in
		}
		o.typed = append(o.typed, typed)
	}
	// Every header unique: an input column named as a result column is
	// (Praksiskompensasjon, given, beside the element computed) is marked
	// as the input's.
	results := map[string]bool{strings.ToLower(ColumnLabel(o.Lang, "line")): true}
	for _, name := range o.resultNames() {
		results[strings.ToLower(ColumnLabel(o.Lang, name))] = true
	}
	h := []xlsx.Cell{{Text: ColumnLabel(o.Lang, "line"), Style: xlsx.Header}}
	for _, name := range o.Cols.OutName {
		if results[strings.ToLower(strings.TrimSpace(name))] {
			name = msg.T(o.Lang, "Input: %s", name)
		}
		h = append(h, xlsx.Cell{Text: name, Style: xlsx.Header})
	}
	for _, name := range o.resultNames() {
		h = append(h, xlsx.Cell{Text: ColumnLabel(o.Lang, name), Style: xlsx.Header})
	}
	o.width = len(h)
	o.moneyCol = make([]int, o.width)
	for i := range o.moneyCol {
		o.moneyCol[i] = -1
	}
	money := func(i int) { o.moneyCol[i] = o.nMoney; o.nMoney++ }
	for i, k := range o.kinds {
		if k == kindMoney {
			money(1 + i)
		}
	}
	for i, name := range o.resultNames() {
		switch name {
		case "grant_basis":
			o.basisCol = 1 + len(o.kinds) + i
		case "period":
			o.periodCol = 1 + len(o.kinds) + i
		}
		switch {
		case slices.Contains(moneyColumns, name), slices.Contains(calc.ComponentNames, name):
			money(1 + len(o.kinds) + i)
		}
	}
	o.all = o.newChunk()
	o.head.Fit(h) // apart from the data: a column with no data is hidden
	if err := o.x.StartSheet(msg.S(o.Lang, "Results")); err != nil {
		return err
	}
	return o.x.Row(h)
}

// xlsxChunk is what the rows of one chunk add up to: each column's width
// and each money column's sums in øre (128 bits, so no batch overflows
// them), kept apart by the kind of figure of the row's grant: the rows of
// exact grants, and the rows of maxima. Rejected rows and rows of unknown
// grants add to no sum; unknown counts the latter.
type xlsxChunk struct {
	block   xlsx.Block // the chunk's rows, compressed in the worker
	rows    int
	w       xlsx.RowWriter // makes the rows, with the shared strings as this chunk's worker sees them
	pending xlsx.Pending   // the rows' shared texts that no chunk before had given an id
	widths  xlsx.Widths
	sums    [][2]uint64 // hi, lo; money column i's sum of slot k at i×slots+k
	seen    []bool      // the money column has an amount in the slot
	slots   int         // 2 a period: its exact grants, its maxima
	slot    int         // the row's: 2 × its period + basisSlot of its grant, or -1 for none
	unknown []int       // per period
	why     reasonTexts
}

// basisSlot is where the sums of rows of a kind of grant are kept: 0 exact,
// 1 maximum, 2 unknown (kept in no sum).
func basisSlot(b calc.Basis) int {
	switch b {
	case calc.BasisMaximum:
		return 1
	case calc.BasisUnknown:
		return 2
	}
	return 0
}

func (o *XLSXSink) newChunk() xlsxChunk {
	slots := 2 * o.periods()
	return xlsxChunk{sums: make([][2]uint64, slots*o.nMoney), seen: make([]bool, slots*o.nMoney), slots: slots, unknown: make([]int, o.periods())}
}

// periods is how many periods the sheet's totals are kept for: by period,
// each of Periods; else one.
func (o *XLSXSink) periods() int { return max(len(o.Periods), 1) }

// periodOf is the place of a result's period among Periods (0 when not
// by period).
func (o *XLSXSink) periodOf(r *rules.Rules) int {
	for i, p := range o.Periods {
		if p == r {
			return i
		}
	}
	return 0
}

func (c *xlsxChunk) add(i int, m calc.Money) {
	if c.slot < 0 {
		return
	}
	i = i*c.slots + c.slot
	c.seen[i] = true
	s := &c.sums[i]
	var carry uint64
	s[1], carry = bits.Add64(s[1], uint64(m), 0)
	s[0] += carry
	if m < 0 {
		s[0]-- // two's complement: m's high word is all ones
	}
}

func (c *xlsxChunk) merge(d *xlsxChunk) {
	c.widths.Add(&d.widths)
	for i, s := range d.sums {
		lo, carry := bits.Add64(c.sums[i][1], s[1], 0)
		c.sums[i] = [2]uint64{c.sums[i][0] + s[0] + carry, lo}
		d.sums[i] = [2]uint64{}
		c.seen[i] = c.seen[i] || d.seen[i]
		d.seen[i] = false
	}
	for i, n := range d.unknown {
		c.unknown[i] += n
		d.unknown[i] = 0
	}
}

// sum is a money column's total as decimal text: 1234.50.
func (c *xlsxChunk) sum(i int) string {
	n := new(big.Int).SetUint64(c.sums[i][0])
	n.Lsh(n, 64).Or(n, new(big.Int).SetUint64(c.sums[i][1]))
	if c.sums[i][0]>>63 != 0 { // negative
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), 128))
	}
	neg := n.Sign() < 0
	s := new(big.Int).Abs(n).String()
	for len(s) < 3 {
		s = "0" + s
	}
	s = s[:len(s)-2] + "." + s[len(s)-2:]
	if neg {
		s = "-" + s
	}
	return s
}

// reasonTexts are the reasons of the rows last written, with their text:
// rows in a run share a few lists of reasons, whose messages are made once.
type reasonTexts struct {
	reasons [4][]calc.Reason
	langs   [4]calc.Lang
	texts   [4]string
	repeats [4]bool
	next    int
}

// text is the reasons' messages, joined by "; ", and whether the text
// repeats from agreement to agreement (to be shared): not where a reason
// names a day of the agreement's own (a vikariat's dates, the day it must
// reach), which makes the text the agreement's alone.
func (c *reasonTexts) text(rs []calc.Reason, l calc.Lang) (string, bool) {
	if len(rs) == 0 {
		return "", false
	}
	for k := range c.reasons {
		if c.texts[k] != "" && c.langs[k] == l && slices.Equal(c.reasons[k], rs) {
			return c.texts[k], c.repeats[k]
		}
	}
	parts := make([]string, len(rs))
	repeats := true
	for i := range rs {
		parts[i] = rs[i].Message(l)
		repeats = repeats && rs[i].From.IsZero() && rs[i].To.IsZero() && rs[i].Need.IsZero()
	}
	k := c.next
	c.reasons[k], c.langs[k], c.texts[k], c.repeats[k] = append(c.reasons[k][:0], rs...), l, strings.Join(parts, "; "), repeats
	c.next = (k + 1) % len(c.reasons)
	return c.texts[k], repeats
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// inputCell writes an input cell in its field's type, or as text when it
// does not read as one; an amount counts toward its column's sum.
// TestHookTextCells, set by a test, writes every input cell from its text,
// as the reference the typed cells are held to.
var TestHookTextCells bool

// typedCell writes an input cell from the value the worker read into the
// agreement, without reading its text again; false where the cell must be
// written from its text (empty, or of a kind not kept typed).
func (o *XLSXSink) typedCell(st *xlsxChunk, kind cellKind, in *input.Input, a *calc.Agreement, cell string) bool {
	w := &st.w
	if input.Trim(cell) == "" {
		return false
	}
	switch kind {
	case kindDate:
		if d, ok := in.DateOf(a); ok {
			if serial, ok := xlsx.DateSerialInt(d); ok {
				w.Int(serial, xlsx.Date)
				return true
			}
		}
	case kindMoney:
		if m, ok := in.AmountOf(a); ok {
			st.add(o.moneyCol[w.Col()], m)
			w.Ore(int64(m), xlsx.Money)
			return true
		}
	case kindWhole:
		if n, ok := in.WholeOf(a); ok {
			w.Int(int64(n), xlsx.Whole)
			return true
		}
	}
	return false
}

func (o *XLSXSink) inputCell(st *xlsxChunk, kind cellKind, s string, shared bool) {
	w := &st.w
	v := input.Trim(s)
	if v == "" {
		w.Empty()
		return
	}
	switch kind {
	case kindDate:
		if d, err := input.ParseDate(v); err == nil {
			if serial, ok := xlsx.DateSerialInt(d); ok {
				w.Int(serial, xlsx.Date)
				return
			}
		}
	case kindMoney:
		if m, err := calc.ParseAmount(v); err == nil {
			st.add(o.moneyCol[w.Col()], m)
			w.Ore(int64(m), xlsx.Money)
			return
		}
	case kindWhole:
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			w.Int(int64(n), xlsx.Whole)
			return
		}
	case kindNumber:
		if d, err := input.ParsePercent(v); err == nil {
			w.Cell(&xlsx.Cell{Num: d.String()})
			return
		}
	}
	w.Text(s, shared)
}

func (o *XLSXSink) Row(buf *batch.Buf, row *batch.Row) {
	if o.SummaryOnly {
		return
	}
	st, _ := buf.State.(*xlsxChunk)
	if st == nil {
		c := o.newChunk()
		c.w.Loc = o.x.Local()
		c.w.Pending = &c.pending
		st = &c
		buf.State = st
	}
	st.rows++
	w := &st.w
	w.B, w.Widths = buf.Main, &st.widths
	w.Start()
	st.slot = -1
	if res := row.Results; row.Rejected == nil {
		p := o.periodOf(res[0].Rules())
		switch b := basisSlot(res[0].GrantBasis); b {
		case 2:
			st.unknown[p]++
		default:
			st.slot = 2*p + b
		}
	}
	o.inputCells(st, row)
	if rej := row.Rejected; rej != nil {
		o.rejectedCells(st, rej)
	} else {
		o.resultCells(st, row)
	}
	w.End()
	buf.Main = w.B
	w.B = nil
}

// inputCells writes the row's line, its input cells and the kommune's name.
func (o *XLSXSink) inputCells(st *xlsxChunk, row *batch.Row) {
	w := &st.w
	w.Int(int64(row.Line), xlsx.Whole)
	idCol := -1
	if row.Record == nil && row.ID != "" { // a row that could not be split keeps the id read from it
		if i, ok := o.Cols.ColOf[calc.FieldID]; ok {
			idCol = i
		}
	}
	for i, kind := range o.kinds {
		cell := batch.Cell(row.Record, i)
		if i == idCol {
			cell = row.ID
		}
		if in := o.typed[i]; in != nil && row.Agreement != nil && !TestHookTextCells && o.typedCell(st, kind, in, row.Agreement, cell) {
			continue
		}
		o.inputCell(st, kind, cell, o.shared[i])
	}
	if k := o.kommuneCol(); k >= 0 {
		w.Text(kommuneName(batch.Cell(row.Record, k), o.Lang), true)
	}
}

// kommuneName is the name of the kommune whose number a cell gives: empty
// for an empty cell, and "(not a kommune of 2024)" for a number that is
// none.
func kommuneName(cell string, l calc.Lang) string {
	n := strings.TrimSpace(cell)
	if n == "" {
		return ""
	}
	if k, ok := kommune.Lookup(n); ok {
		return k.Name
	}
	return "(" + msg.S(l, "not a kommune of 2024") + ")"
}

// rejectedCells writes a rejected row's period and its error.
func (o *XLSXSink) rejectedCells(st *xlsxChunk, rej *batch.Rejection) {
	w := &st.w
	if r := rej.Rules; r != nil || o.Rules != nil {
		if r == nil {
			r = o.Rules
		}
		w.Int(int64(PeriodYear(r)), xlsx.Whole)
		w.Text(r.Period, true)
	}
	for w.Col() < o.width-1 {
		w.Empty()
	}
	w.Text(rej.CellText(o.Lang), false) // names the cell or its value: the row's alone
}

// resultCells writes what was computed for the row.
func (o *XLSXSink) resultCells(st *xlsxChunk, row *batch.Row) {
	w := &st.w
	res := &row.Results[0]
	r := res.Rules()
	w.Int(int64(PeriodYear(r)), xlsx.Whole)
	w.Text(r.Period, true)
	if sc := r.Scheme(res.Scheme); sc != nil {
		w.Text(sc.ShortName(), true)
	} else {
		w.Text(res.Scheme, true)
	}
	w.Text(o.yesNo[b2i(res.Eligible)], true)
	w.Int(int64(res.Months), xlsx.Whole)
	o.money(st, res.CapProrated)
	o.money(st, res.CostLimit)
	for _, name := range calc.ComponentNames {
		o.money(st, res.ComponentAmount(name))
	}
	o.money(st, res.Grant)
	if o.Allocate {
		if row.Allocated != nil {
			o.money(st, calc.Some(*row.Allocated))
		} else {
			w.Empty()
		}
	}
	w.Text(o.bases[basisSlot(res.GrantBasis)], true)
	o.money(st, res.KommuneShare)
	unknown := ""
	if res.Eligible {
		unknown = strings.Join(res.UnknownValues(), " ")
	}
	w.Text(unknown, true)
	w.Text(res.Missing.String(), true)
	w.Text(NotComputedText(row, o.Lang), true)
	if d := row.BeyondRules; !d.IsZero() {
		serial, _ := xlsx.DateSerialInt(d)
		w.Int(serial, xlsx.Date)
	} else {
		w.Empty()
	}
	w.Text(st.why.text(res.Reasons, o.Lang))
	w.Empty() // the error
}

// money writes an amount, and adds it to its column's sum.
func (o *XLSXSink) money(st *xlsxChunk, m calc.Optional[calc.Money]) {
	v, ok := m.Get()
	if !ok {
		st.w.Empty()
		return
	}
	st.add(o.moneyCol[st.w.Col()], v)
	st.w.Ore(int64(v), xlsx.Money)
}

// Chunk compresses the chunk's rows in the worker, where every shared text
// of theirs has its id; a chunk with texts new to the shared strings is
// compressed in Write, once they are given their ids in the rows' order.
// (After the first chunks, the few texts a register repeats all have ids,
// and the chunks are compressed in the workers.)
func (o *XLSXSink) Chunk(b *batch.Buf) {
	st, ok := b.State.(*xlsxChunk)
	if o.SummaryOnly || !ok || len(b.Main) == 0 || st.pending.Len() > 0 {
		return
	}
	st.compress(b.Main, o.width)
	b.Main = b.Main[:0]
}

func (c *xlsxChunk) compress(rows []byte, width int) {
	if err := c.block.Set(rows, c.rows, width); err != nil {
		panic(err) // compressing into memory does not fail
	}
	c.rows = 0
}

func (o *XLSXSink) Write(_ io.Writer, b *batch.Buf) error {
	if o.SummaryOnly {
		return nil
	}
	st, ok := b.State.(*xlsxChunk)
	if !ok {
		return nil // a chunk without rows
	}
	if st.pending.Len() > 0 {
		o.resolved = o.x.Resolve(o.resolved[:0], b.Main, &st.pending)
		st.pending.Reset()
		st.compress(o.resolved, o.width)
		b.Main = b.Main[:0]
	}
	o.all.merge(st)
	return o.x.WriteBlock(&st.block)
}

func (o *XLSXSink) End(_ io.Writer, t *batch.Totals) error {
	if !o.SummaryOnly {
		if err := o.totalRow(); err != nil {
			return err
		}
	}
	for _, sum := range t.Used() {
		name := msg.S(o.Lang, "Summary")
		if t.ByPeriod {
			name += " " + strings.ReplaceAll(sum.Rules.Period, "/", "-")
		}
		if err := o.summarySheet(sum, name); err != nil {
			return err
		}
	}
	return o.x.Close()
}
