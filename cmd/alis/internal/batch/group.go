package batch

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

// An input with a stillingsprosent column has a row per employment period:
// the adjacent rows that share an id are one agreement. groupingSource
// keeps those rows in one chunk, so that one worker sees the whole
// agreement: a chunk that is full goes on while the next row has the id of
// its last. The rows are read straight into the chunk; only the row read
// ahead that begins the next agreement is moved, to begin the next chunk.
type groupingSource struct {
	source
	idCol   int
	pending nbcsv.Chunk // a row read ahead, for the next chunk
	eof     bool
}

func newGroupingSource(src source, idCol int) *groupingSource {
	return &groupingSource{source: src, idCol: idCol}
}

func (g *groupingSource) idOf(c *nbcsv.Chunk, i int) string {
	return idOf(c, i, g.Splitter().Comma, g.idCol)
}

func (g *groupingSource) ReadChunk(c *nbcsv.Chunk, max int) error {
	c.Reset()
	if g.pending.Len() > 0 {
		c.Append(&g.pending, 0)
		g.pending.Reset()
	}
	if want := max - c.Len(); !g.eof && want > 0 {
		had := c.Len()
		err := g.source.AppendChunk(c, want)
		switch {
		case errors.Is(err, io.EOF):
			g.eof = true
		case err != nil:
			return err
		default:
			g.eof = c.Len()-had < want // a short read: the input has ended
		}
	}
	if c.Len() == 0 {
		return io.EOF
	}
	// Go on while the next row belongs to the last agreement.
	last := g.idOf(c, c.Len()-1)
	for !g.eof && c.Len() >= max && last != "" {
		err := g.source.AppendChunk(c, 1)
		if errors.Is(err, io.EOF) {
			g.eof = true
			break
		}
		if err != nil {
			return err
		}
		if n := c.Len(); g.idOf(c, n-1) != last {
			g.pending.Append(c, n-1)
			c.Truncate(n - 1)
			break
		}
	}
	return nil
}

// groupRow is one split row of an agreement of several rows.
type groupRow struct {
	index, line int
	rec         []string
}

// processGrouped computes a job whose rows are employment periods: each run
// of adjacent rows with one id is one agreement. Most agreements are one
// row: a row is held, split into one of two reusable buffers, until the
// next row shows whether its agreement goes on; an agreement of one row is
// read as an ungrouped row is (agreement), and only one of several rows has
// its rows split into fresh fields, held together (groupAgreement).
func (w *worker) processGrouped(j *job) {
	cols := w.b.cfg.Input.Cols
	group := w.group[:0]
	held, heldID, heldPeriod, slot := -1, "", "", 0 // the row held in w.bufs[slot], its id and period
	flush := func() {
		switch {
		case held >= 0:
			w.computeOne(j, held, w.bufs[slot].rec)
			held = -1
		case len(group) > 0:
			w.computeGroup(j, group)
			group = group[:0]
		}
	}
	for i := 0; i < j.rows(); i++ {
		line := j.chunk.Lines[i]
		if TestHookRow != nil {
			TestHookRow(line)
		}
		next := 1 - slot
		b := &w.bufs[next]
		rec, scratch, rej := w.splitRow(j, i, b.rec, b.scratch[:0])
		b.rec, b.scratch = rec, scratch
		if rej != nil {
			flush()
			w.reject(j, rec, rej)
			continue
		}
		// The rows of one agreement share its id, and the period they name.
		id := cols.IDOf(rec)
		period := w.periodCell(rec)
		same := id != "" && (held >= 0 && id == heldID && period == heldPeriod ||
			len(group) > 0 && id == cols.IDOf(group[0].rec) && period == w.periodCell(group[0].rec))
		if !same {
			flush()
			held, heldID, heldPeriod, slot = i, id, period, next
			continue
		}
		if held >= 0 {
			// The held row's agreement goes on: from now on its rows are
			// held in fresh fields, together.
			group = append(group, w.freshRow(j, held))
			held = -1
		}
		group = append(group, w.freshRow(j, i))
	}
	flush()
	w.group = group[:0]
}

// periodCell is the period a row names, as written ("" without the column).
func (w *worker) periodCell(rec []string) string {
	if w.period < 0 {
		return ""
	}
	return input.Trim(Cell(rec, w.period))
}

// rowBuf is a row split into reusable fields.
type rowBuf struct {
	rec     []string
	scratch []byte
}

// freshRow splits row i of a job (split once already, without fault) into
// fresh fields, for an agreement of several rows.
func (w *worker) freshRow(j *job, i int) groupRow {
	rec, _, _ := w.splitRow(j, i, nil, nil)
	return groupRow{index: i, line: j.chunk.Lines[i], rec: rec}
}

// computeOne reads and computes an agreement of one row.
func (w *worker) computeOne(j *job, i int, rec []string) {
	line := j.chunk.Lines[i]
	if rej := w.agreement(rec, line); rej != nil {
		w.reject(j, rec, rej)
		return
	}
	if rej := w.compute(j, i, line, rec, nil); rej != nil {
		w.reject(j, rec, rej)
	}
}

// splitRow splits row i of a job into dst, unquoting into scratch (nil:
// fresh fields, for an agreement of several rows, which holds them all at
// once), or says why it cannot be.
func (w *worker) splitRow(j *job, i int, dst []string, scratch []byte) ([]string, []byte, *Rejection) {
	cols := w.b.cfg.Input.Cols
	line := j.chunk.Lines[i]
	err := j.chunk.Errs[i]
	var rec []string
	if err == nil {
		rec, scratch, err = w.splitRecord(&j.chunk, i, dst, scratch)
	}
	if err != nil {
		rej := &Rejection{Code: RejectUnreadable, Line: line, Col: -1, Err: err, ID: idOf(&j.chunk, i, w.split.Comma, cols.ColOf[calc.FieldID])}
		var fe *nbcsv.FieldError
		if errors.As(err, &fe) && fe.Col < len(cols.Header) {
			rej.Col, rej.Column, rej.Field = fe.Col, cols.Header[fe.Col], cols.FieldOf[fe.Col]
		}
		return nil, scratch, rej
	}
	rec, rej := w.checkWidth(rec, line)
	return rec, scratch, rej
}

// computeGroup reads an agreement from its rows and computes it; when it
// cannot be read, every row of it is rejected, the row at fault with the
// reason and the others naming it.
func (w *worker) computeGroup(j *job, g []groupRow) {
	rej, bad := w.groupAgreement(g)
	if rej == nil {
		var lines []int
		if len(g) > 1 {
			lines = make([]int, len(g))
			for k, r := range g {
				lines[k] = r.line
			}
		}
		if rej = w.compute(j, g[0].index, g[0].line, g[0].rec, lines); rej == nil {
			return
		}
		bad = 0
	}
	for k, r := range g {
		w.sameAgreement = k > 0
		if k == bad {
			w.reject(j, r.rec, rej)
			continue
		}
		w.reject(j, r.rec, &Rejection{Code: RejectSameAgreement, Line: r.line, Col: -1, Err: msg.Errorf("rejected with line %d of the same agreement: %s", rej.Line, rej)})
	}
	w.sameAgreement = false
}

// groupAgreement reads the agreement of a group of rows into w.ag: its
// values may be on any of its rows, and must agree where several give one;
// each row is an employment period. It returns why it cannot, and the row
// at fault.
func (w *worker) groupAgreement(g []groupRow) (*Rejection, int) {
	w.ag = calc.Agreement{Role: calc.RoleFastlege}
	w.only = -1
	if rej, k := w.groupFields(g); rej != nil {
		return rej, k
	}
	if rej, k := w.groupEmployment(g); rej != nil {
		return rej, k
	}
	cols := w.b.cfg.Input.Cols
	at := w.groupAt
	if ov, ok := calc.FirstOverlap(w.ag.Employment); ok {
		// Name the lines, not the periods' places.
		r := g[w.empRow[ov.Periods[len(ov.Periods)-1]]]
		c := cols.ColOf[calc.FieldPercent]
		rej := at(r, c, calc.FieldPercent, msg.Errorf("from %s to %s, the employment periods on lines %s add up to %s %%: periods at the same time may add up to at most 100 %%",
			ov.From, ov.End(), ov.List(func(i int) string { return strconv.Itoa(g[w.empRow[i]].line) }), ov.Percent))
		return rej, w.empRow[ov.Periods[len(ov.Periods)-1]]
	}
	return nil, -1
}

// groupAt is the rejection of a value in column c of a row of the group.
func (w *worker) groupAt(r groupRow, c int, field string, err error) *Rejection {
	code := RejectBadValue
	if ie, ok := err.(*calc.InputError); ok {
		code, err = inputCode(ie), ie.Err
	}
	return &Rejection{Code: code, Line: r.line, Col: c, Column: w.b.cfg.Input.Cols.Header[c], Field: field, Err: err}
}

// groupFields reads the agreement's own fields from the rows of its
// group: each given once, or the same on every row that gives it.
func (w *worker) groupFields(g []groupRow) (*Rejection, int) {
	cols := w.b.cfg.Input.Cols
	at := w.groupAt
	type given struct {
		v    string
		line int
	}
	seen := map[string]given{}
	for k, r := range g {
		for c, f := range cols.FieldOf {
			switch f {
			case "", calc.FieldPosition, calc.FieldPercent, calc.FieldStart, calc.FieldEnd:
				continue
			case FieldPeriod:
				// One period for the agreement: the rows' grouping sees to it.
				if rej := w.readPeriod(Cell(r.rec, c), r.line); rej != nil {
					return rej, k
				}
				continue
			}
			v := strings.TrimSpace(Cell(r.rec, c))
			if v == "" {
				continue
			}
			if p, ok := seen[f]; ok {
				if p.v != v {
					rej := at(r, c, f, msg.Errorf("%s differs from %s on line %d, a row of the same agreement", msg.Quote(v), msg.Quote(p.v), p.line))
					rej.Code = RejectConflict
					return rej, k
				}
				continue
			}
			seen[f] = given{v, r.line}
			if err := input.Set(&w.ag, f, v); err != nil {
				return at(r, c, f, err), k
			}
		}
	}
	return nil, -1
}

// groupEmployment reads the rows' employment periods, and the agreement's
// own dates from a row without a stillingsprosent.
func (w *worker) groupEmployment(g []groupRow) (*Rejection, int) {
	cols := w.b.cfg.Input.Cols
	at := w.groupAt
	own := -1 // the row that gave the agreement's own dates
	w.empRow = w.empRow[:0]
	for k, r := range g {
		var days [2]date.Date
		for d, f := range []string{calc.FieldStart, calc.FieldEnd} {
			c, ok := cols.ColOf[f]
			if !ok {
				continue
			}
			if v := strings.TrimSpace(Cell(r.rec, c)); v != "" {
				t, err := input.ParseDate(v)
				if err != nil {
					return at(r, c, f, err), k
				}
				days[d] = t
			}
		}
		if strings.TrimSpace(w.cell(r.rec, calc.FieldPercent)) == "" {
			// No stillingsprosent: not an employment period. The row's
			// dates are the agreement's own, as a 2019–2021 row in a
			// register with employment columns gives them; a formula
			// that pays per employment period says it lacks one.
			if own >= 0 && (days[0] != w.ag.Start || days[1] != w.ag.End) {
				c := cols.ColOf[calc.FieldStart]
				if days[0] == w.ag.Start {
					c = cols.ColOf[calc.FieldEnd]
				}
				rej := at(r, c, cols.FieldOf[c], msg.Errorf("the agreement's dates differ from those on line %d, a row of the same agreement without a stillingsprosent", g[own].line))
				rej.Code = RejectConflict
				return rej, k
			}
			own, w.ag.Start, w.ag.End = k, days[0], days[1]
			continue
		}
		e, err := input.EmploymentPeriod(w.cell(r.rec, calc.FieldPosition), w.cell(r.rec, calc.FieldPercent), days[0], days[1])
		if err != nil {
			ie := err.(*calc.InputError)
			c, ok := cols.ColOf[ie.Field]
			if !ok {
				return &Rejection{Code: inputCode(ie), Line: r.line, Col: -1, Field: ie.Field, Err: ie.Err}, k
			}
			return at(r, c, ie.Field, ie), k
		}
		w.ag.Employment = append(w.ag.Employment, e)
		w.empRow = append(w.empRow, k)
	}
	return nil, -1
}

// cell is the text of a field's column in a row ("" without the column).
func (w *worker) cell(rec []string, field string) string {
	c, ok := w.b.cfg.Input.Cols.ColOf[field]
	if !ok {
		return ""
	}
	return Cell(rec, c)
}
