package xlsx

import (
	"bytes"
	"hash/crc32"

	"github.com/klauspost/compress/flate"

	"github.com/alis-tilskudd/alis/internal/digits"
)

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
	// Pending, when set, keeps the shared texts that Loc does not hold yet
	// for Resolve, rather than giving them ids as they come.
	Pending *Pending
	col     int // the next cell's column
	empty   int // empty cells before it, not written yet
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
	r.B = digits.AppendHundredths(r.B, ore, '.')
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
	if shared && r.shared(s, Plain) {
		r.col++
		return
	}
	r.B = appendInline(r.B, Plain, s)
	r.col++
}

// shared writes a shared text's cell (or keeps it pending); false: the
// text is to be written inline.
func (r *RowWriter) shared(s string, st Style) bool {
	if r.Loc == nil {
		return false
	}
	id, ok, full := r.Loc.idAt(r.col, s, r.Pending == nil)
	if ok {
		r.B = appendShared(r.B, st, id)
		return true
	}
	if r.Pending != nil && !full {
		r.Pending.add(len(r.B), st, s)
		return true
	}
	return false
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
	if c.Shared && !c.number() && c.Formula == "" && r.shared(c.Text, c.Style) {
		r.col++
		return
	}
	r.B = appendCell(r.B, c)
	r.col++
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
