package main

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/rules"
)

// rejection is a row that could not be computed.
type rejection struct {
	line   int
	col    int    // the column, -1 when the row as a whole is bad
	cell   string // the workbook cell, as Ark1!F12; "" for CSV
	id     string
	column string // the input's header name; "" when the row as a whole is bad
	field  string
	msg    string
}

// where names the row (or the cell, in a workbook) in the output.
func (r *rejection) where() string {
	if r.cell != "" {
		return r.cell
	}
	return "line " + strconv.Itoa(r.line)
}

// cellText is the reason with the workbook cell it is about, for outputs
// that have the line in a column of its own already.
func (r *rejection) cellText() string {
	if r.cell != "" {
		return r.cell + ": " + r.text()
	}
	return r.text()
}

func (r *rejection) text() string {
	if r.column != "" {
		return r.column + ": " + r.msg
	}
	return r.msg
}

// worker computes rows; each worker has its own scratch space.
type worker struct {
	b       *batchRun
	split   nbcsv.Splitter
	fields  []string
	scratch []byte
	res     []calc.Result // one per rule set
	ag      calc.Agreement
}

func newWorker(b *batchRun, split nbcsv.Splitter) *worker {
	return &worker{b: b, split: split, res: make([]calc.Result, len(b.sets))}
}

// testHookRow, when set by a test, runs for every row a worker computes.
var testHookRow func(line int)

func (w *worker) process(j *job) {
	b := w.b
	cols := b.cols
	for i := 0; i < j.rows(); i++ {
		line := j.chunk.Lines[i]
		if testHookRow != nil {
			testHookRow(line)
		}
		err := j.chunk.Errs[i]
		raw := j.chunk.Record(i)
		if err == nil {
			w.fields, w.scratch, err = w.split.Split(raw, line, w.fields, w.scratch[:0])
		}
		if err != nil {
			rej := rejection{line: line, col: -1, msg: err.Error(), id: recoverID(raw, w.split.Comma, cols.colOf[calc.FieldID])}
			var fe *nbcsv.FieldError
			if errors.As(err, &fe) && fe.Col < len(cols.header) {
				rej.col, rej.column, rej.field = fe.Col, cols.header[fe.Col], cols.fieldOf[fe.Col]
			}
			w.reject(j, nil, &rej)
			continue
		}
		rec := w.fields
		if n := len(rec); n > len(cols.header) && allEmpty(rec[len(cols.header):]) {
			rec = rec[:len(cols.header)] // empty cells beyond the header carry nothing
		}
		if n := len(rec); n < cols.minWidth || n > len(cols.header) {
			want := strconv.Itoa(len(cols.header))
			if cols.minWidth < len(cols.header) {
				want = fmt.Sprintf("%d to %d", cols.minWidth, len(cols.header))
			}
			w.reject(j, rec, &rejection{line: line, col: -1, msg: fmt.Sprintf("the row has %d %s, the header has %s", n, plural(n, "field", "fields"), want)})
			continue
		}
		w.ag = calc.Agreement{Role: rules.Fastlege}
		bad := false
		for c, f := range cols.fieldOf {
			if f == "" {
				continue
			}
			if err := w.ag.Set(f, cell(rec, c)); err != nil {
				w.reject(j, rec, &rejection{line: line, col: c, column: cols.header[c], field: f, msg: err.(*calc.InputError).Msg})
				bad = true
				break
			}
		}
		if bad {
			continue
		}
		// An agreement that cannot be computed cannot be under any rules:
		// the first rule set tells.
		if err := b.sets[0].engine.ComputeInto(&w.ag, &w.res[0]); err != nil {
			var ie *calc.InputError
			rej := rejection{line: line, col: -1, msg: err.Error()}
			if errors.As(err, &ie) {
				rej.field, rej.msg = ie.Field, ie.Msg
				if c, ok := cols.colOf[ie.Field]; ok {
					rej.col, rej.column = c, cols.header[c]
				} else {
					rej.column = ie.Field
				}
			}
			w.reject(j, rec, &rej)
			continue
		}
		for k := 1; k < len(b.sets); k++ {
			_ = b.sets[k].engine.ComputeInto(&w.ag, &w.res[k])
		}
		if b.collecting {
			if r := &w.res[0]; r.Eligible && r.Grant > 0 {
				j.collected = append(j.collected, collectedGrant{row: int32(j.base + i), group: int16(b.sets[0].sum.index(r.Scheme)), grant: r.Grant})
			}
			continue
		}
		j.ids = append(j.ids, idLine{hashID(w.ag.ID), line})
		if hasReason(&w.res[0], calc.NoDaysInYear) {
			j.noDays = append(j.noDays, w.ag.Start.Year())
		}
		for k := range b.sets {
			j.parts[k].addResult(&w.res[k])
		}
		if b.cmp != nil {
			j.cmp.addRow(w.res)
		}
		j.out = b.out.result(j.out, line, rec, w.res, b.alloc.of(j.base+i, &w.res[0]))
	}
}

func (w *worker) reject(j *job, rec []string, rej *rejection) {
	b := w.b
	if b.collecting {
		return
	}
	if b.cell != nil {
		rej.cell = b.cell(rej.line, rej.col)
	}
	if rec != nil {
		rej.id = b.cols.idOf(rec)
	}
	if rej.id != "" {
		j.ids = append(j.ids, idLine{hashID(rej.id), rej.line})
	}
	// Attribute the row to the scheme its driftsform and role would have had.
	var df rules.Driftsform
	role := rules.Fastlege
	if rec != nil {
		if c, ok := b.cols.colOf[calc.FieldDriftsform]; ok {
			df, _ = rules.ParseDriftsform(cell(rec, c))
		}
		if c, ok := b.cols.colOf[calc.FieldRole]; ok {
			if r, err := rules.ParseRole(cell(rec, c)); err == nil {
				role = r
			}
		}
	}
	for k, set := range b.sets {
		group := -1
		if df != "" {
			group = set.sum.noScheme
			if s, _ := set.rules.Scheme(df, role); s != nil {
				group = set.sum.index(s.ID)
			}
		}
		j.parts[k].addRejected(group)
	}
	j.nRej++
	kept := *rej
	kept.id = string([]byte(rej.id)) // the id outlives the job's buffer in the messages
	if len(j.rejects) < maxShownRejects {
		j.rejects = append(j.rejects, kept)
	}
	j.out = b.out.rejected(j.out, rec, rej)
	j.spool = b.out.spooled(j.spool, rej)
}

func allEmpty(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// recoverID finds the id of a row that could not be split into fields, so
// that its rejection names it: the id column of the row cut at every
// separator, quotes and all, when that gives a plausible id.
func recoverID(raw []byte, comma byte, col int) string {
	for k := 0; k < col; k++ {
		i := bytes.IndexByte(raw, comma)
		if i < 0 {
			return ""
		}
		raw = raw[i+1:]
	}
	if i := bytes.IndexByte(raw, comma); i >= 0 {
		raw = raw[:i]
	}
	id := strings.TrimSpace(strings.Trim(strings.TrimSpace(string(raw)), `"`))
	if len(id) > 100 || !utf8.ValidString(id) || strings.ContainsAny(id, "\x00\r\n\"") {
		return ""
	}
	return id
}
