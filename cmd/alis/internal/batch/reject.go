package batch

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// cannot is why an agreement cannot be computed under a rule set whose
// formula pays per employment period, when it has none: one reason for
// every such period and agreement, made once per worker.
func (w *worker) cannot() *Rejection {
	if w.noEmployment == nil {
		w.noEmployment = inputRejection(calc.InputErrorf(calc.FieldPosition, "missing: no employment period, and the rules of this period pay per employment period"), 0, w.b.cfg.Input.Cols)
		if w.noEmployment.Col < 0 {
			w.noEmployment.Column = "" // no such column: the reason says it all
		}
	}
	return w.noEmployment
}

// setOf is the index of a rule set by its rules.
func (b *Run) setOf(r *rules.Rules) int {
	for k := range b.sets {
		if b.sets[k].Rules == r {
			return k
		}
	}
	return 0
}

// setFor is the rule set (by period) whose period holds the agreement's
// first day; -1 when none does.
func (b *Run) setFor(a *calc.Agreement) int {
	start, _ := a.Span()
	for k, s := range b.sets {
		if !start.Before(s.Rules.ValidFrom) && !start.After(s.Rules.ValidTo) {
			return k
		}
	}
	return -1
}

// noPeriod rejects an agreement whose first day is in no period.
func (w *worker) noPeriod(line int) *Rejection {
	cols := w.b.cfg.Input.Cols
	start, _ := w.ag.Span()
	first, last := w.b.sets[0].Rules, w.b.sets[len(w.b.sets)-1].Rules
	rej := &Rejection{Code: RejectNoPeriod, Line: line, Col: -1, Field: calc.FieldStart,
		Err: msg.Errorf("%s is in no grant period alis has rules for (%s to %s): give --rules FILE for its period", start, first.ValidFrom, last.ValidTo)}
	if c, ok := cols.ColOf[calc.FieldStart]; ok {
		rej.Col, rej.Column = c, cols.Header[c]
	}
	return rej
}

// inputRejection is the rejection of an agreement the engine cannot compute.
func inputRejection(err error, line int, cols *Columns) *Rejection {
	rej := &Rejection{Code: RejectCannotCompute, Line: line, Col: -1, Err: err}
	var ie *calc.InputError
	if errors.As(err, &ie) {
		rej.Field, rej.Err = ie.Field, ie.Err
		if ie.Missing {
			rej.Code = RejectMissingValue
		}
		if c, ok := cols.ColOf[ie.Field]; ok {
			rej.Col, rej.Column = c, cols.Header[c]
		} else {
			rej.Column = ie.Field
		}
	}
	return rej
}

func (w *worker) reject(j *job, rec []string, rej *Rejection) {
	b := w.b
	if b.collecting {
		return
	}
	cols := b.cfg.Input.Cols
	if b.cfg.Input.cellOf != nil {
		rej.Cell = b.cfg.Input.cellOf(rej.Line, rej.Col)
	}
	if rec != nil {
		rej.ID = cols.IDOf(rec)
	}
	if rej.ID != "" && !w.sameAgreement {
		j.ids = append(j.ids, idLine{hashID(rej.ID), rej.Line})
	}
	// Attribute the row to the scheme its grant type, driftsform and role
	// would have had.
	gt, role, df := string(calc.AlisAvtale), string(calc.RoleFastlege), ""
	if rec != nil {
		if c, ok := cols.ColOf[calc.FieldDriftsform]; ok {
			if d, err := calc.ParseDriftsform(Cell(rec, c)); err == nil {
				df = string(d)
			}
		}
		if c, ok := cols.ColOf[calc.FieldRole]; ok {
			if r, err := calc.ParseRole(Cell(rec, c)); err == nil {
				role = string(r)
			}
		}
		if c, ok := cols.ColOf[calc.FieldGrantType]; ok {
			if g, err := calc.ParseGrantType(Cell(rec, c)); err == nil {
				gt = string(g)
			}
		}
	}
	placed := -1
	if b.cfg.ByPeriod {
		if placed = w.rejectedSet(rec); placed >= 0 {
			rej.Rules = b.sets[placed].Rules
		}
	}
	for k, set := range b.sets {
		if b.cfg.ByPeriod && k != placed {
			continue
		}
		group := -1
		if df != "" || !needsDriftsform(set) {
			group = b.sums[k].NoScheme
			if s := set.Rules.SchemeFor(gt, df, role).Scheme; s != nil {
				group = b.sums[k].Index(s.ID)
			}
		}
		j.parts[k].addRejected(group)
	}
	if b.cfg.ByPeriod && placed < 0 {
		j.unplaced++
	}
	j.nRej++
	kept := *rej
	kept.ID = strings.Clone(rej.ID) // the id outlives the job's buffer in the messages
	if len(j.rejects) < maxShownRejects {
		j.rejects = append(j.rejects, kept)
	}
	w.row = Row{Line: rej.Line, Record: rec, ID: rej.ID, Rejected: rej}
	b.cfg.Sink.Row(&j.out, &w.row)
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
	return cleanID(raw)
}

// idOf is the id of record i of c, its fields apart or not (recoverID).
func idOf(c *nbcsv.Chunk, i int, comma byte, col int) string {
	if c.Apart {
		return cleanID(c.Field(i, col))
	}
	return recoverID(c.Record(i), comma, col)
}

// cleanID is an id as read from a row's raw field, or "" when it is none
// a message may show.
func cleanID(raw []byte) string {
	id := strings.TrimSpace(strings.Trim(strings.TrimSpace(string(raw)), `"`))
	if len(id) > 100 || !utf8.ValidString(id) || strings.ContainsAny(id, "\x00\r\n\"") {
		return ""
	}
	return id
}

// rejectedSet is the rule set (by period) a rejected row belongs to: the
// period of its first day, when that can be read; -1 when not.
func (w *worker) rejectedSet(rec []string) int {
	if rec == nil {
		return -1
	}
	c, ok := w.b.cfg.Input.Cols.ColOf[calc.FieldStart]
	if !ok {
		return -1
	}
	d, err := input.ParseDate(Cell(rec, c))
	if err != nil {
		return -1
	}
	return w.b.setFor(&calc.Agreement{Start: d})
}
