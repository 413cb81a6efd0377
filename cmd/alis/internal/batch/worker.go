package batch

import (
	"errors"
	"slices"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

// worker computes rows; each worker has its own scratch space.
type worker struct {
	b         *Run
	split     nbcsv.Splitter
	fields    []string
	scratch   []byte
	res       []calc.Result // one per rule set
	setErrs   []*Rejection  // one per rule set, reused
	ag        calc.Agreement
	doubts    []calc.Doubt // the row's inputs unlikely as written, reused
	row       Row
	allocated calc.Money   // a grant after --allocate
	allocs    []calc.Money // the row's grant after --allocate, per result
	group     []groupRow   // an agreement of several rows
	bufs      [2]rowBuf    // a row held, and the next, of an input of employment periods
	emp       []calc.Employment
	// By period: the rule set of each result in res, the periods not
	// computed, and the reason a set cannot compute an agreement without
	// employment periods (made once).
	sets         []int
	only         int            // the rule set of the period the row names (-1: none)
	later        calc.Agreement // w.ag without the period amounts an earlier period read
	notComputed  []NotComputed
	noEmployment *Rejection
	empRow       []int // the row of the group each employment period comes from
	// sameAgreement: the row being rejected belongs to an agreement whose
	// id is already counted.
	sameAgreement bool
	// setters are the columns agreement reads with input.Set, their
	// fields looked up once; position and percent are the columns of an
	// employment period (-1: none).
	setters                   []columnField
	position, percent, period int
}

type columnField struct {
	col   int
	field *input.Input
}

func newWorker(b *Run, split nbcsv.Splitter) *worker {
	w := &worker{b: b, split: split, res: make([]calc.Result, len(b.sets)), position: -1, percent: -1, period: -1,
		sets: make([]int, len(b.sets)), allocs: make([]calc.Money, len(b.sets))}
	for c, f := range b.cfg.Input.Cols.FieldOf {
		switch f {
		case "":
		case calc.FieldPosition:
			w.position = c
		case calc.FieldPercent:
			w.percent = c
		case FieldPeriod:
			w.period = c
		default:
			fd, ok := input.Lookup(f)
			if !ok {
				fd = &input.Input{Name: f} // its Set says it is no input
			}
			w.setters = append(w.setters, columnField{c, fd})
		}
	}
	return w
}

// processSafely computes a job, and turns a panic into an internal error
// for the writer to report, so that the run ends cleanly.
func (w *worker) processSafely(j *job) (err error) {
	defer func() { err = recovered(recover()) }()
	if w.b.alloc != nil {
		j.places = w.b.alloc.start(j.base, j.places)
	}
	w.process(j)
	for _, x := range j.ids {
		if w.b.seen.mark(x.hash) {
			j.maybe = append(j.maybe, x.hash)
		}
	}
	if cs, ok := w.b.cfg.Sink.(ChunkSink); ok && !w.b.collecting {
		cs.Chunk(&j.out)
	}
	return nil
}

// splitRecord gives the fields of record i of c: apart already (a
// workbook's cells), or split from its text.
func (w *worker) splitRecord(c *nbcsv.Chunk, i int, dst []string, scratch []byte) ([]string, []byte, error) {
	if c.Apart {
		return c.Fields(i, dst), scratch, nil
	}
	return w.split.Split(c.Record(i), c.Lines[i], dst, scratch)
}

func (w *worker) process(j *job) {
	b := w.b
	cols := b.cfg.Input.Cols
	if b.cfg.Input.Grouped() {
		w.processGrouped(j)
		return
	}
	for i := 0; i < j.rows(); i++ {
		line := j.chunk.Lines[i]
		if TestHookRow != nil {
			TestHookRow(line)
		}
		err := j.chunk.Errs[i]
		if err == nil {
			w.fields, w.scratch, err = w.splitRecord(&j.chunk, i, w.fields, w.scratch[:0])
		}
		if err != nil {
			rej := Rejection{Code: RejectUnreadable, Line: line, Col: -1, Err: err, ID: idOf(&j.chunk, i, w.split.Comma, cols.ColOf[calc.FieldID])}
			var fe *nbcsv.FieldError
			if errors.As(err, &fe) && fe.Col < len(cols.Header) {
				rej.Col, rej.Column, rej.Field = fe.Col, cols.Header[fe.Col], cols.FieldOf[fe.Col]
			}
			w.reject(j, nil, &rej)
			continue
		}
		rec, rej := w.checkWidth(w.fields, line)
		if rej != nil {
			w.reject(j, rec, rej)
			continue
		}
		if rej := w.agreement(rec, line); rej != nil {
			w.reject(j, rec, rej)
			continue
		}
		if rej := w.compute(j, i, line, rec, nil); rej != nil {
			w.reject(j, rec, rej)
		}
	}
}

// checkWidth holds a row to the header's width: empty cells beyond it
// carry nothing; too few or too many fields reject the row.
func (w *worker) checkWidth(rec []string, line int) ([]string, *Rejection) {
	cols := w.b.cfg.Input.Cols
	if n := len(rec); n > len(cols.Header) && allEmpty(rec[len(cols.Header):]) {
		rec = rec[:len(cols.Header)]
	}
	if n := len(rec); n < cols.MinWidth || n > len(cols.Header) {
		err := msg.Errorf("the row has %d fields, the header has %d", n, len(cols.Header))
		switch {
		case n == 1:
			err = msg.Errorf("the row has 1 field, the header has %d", len(cols.Header))
		case cols.MinWidth < len(cols.Header):
			err = msg.Errorf("the row has %d fields, the header has %d to %d", n, cols.MinWidth, len(cols.Header))
		}
		return rec, &Rejection{Code: RejectFieldCount, Line: line, Col: -1, Err: err}
	}
	return rec, nil
}

// compute computes w.ag, read from the row (or rows: lines) at index i of
// the job, and hands the result to the sink; or says why it cannot be
// computed, for the caller to reject its rows.
func (w *worker) compute(j *job, i, line int, rec []string, lines []int) *Rejection {
	b := w.b
	cols := b.cfg.Input.Cols
	results := w.res
	set, n := 0, 0
	w.row = Row{Line: line, Record: rec, ID: w.ag.ID, Lines: lines}
	switch {
	case b.cfg.ByPeriod:
		var rej *Rejection
		if n, rej = w.computePeriods(line); rej != nil {
			return rej
		}
		results, set = w.res[:n], w.sets[0]
	case len(b.sets) == 1:
		if err := b.sets[0].Engine.ComputeInto(&w.ag, &w.res[0]); err != nil {
			return inputRejection(err, line, cols)
		}
	default:
		if rej := w.computeSets(line); rej != nil {
			return rej
		}
	}
	if !b.cfg.ByPeriod {
		results = w.res[:1] // allocated, under --allocate: the first rule set's
		w.sets[0] = 0
	}
	if b.collecting {
		for i := range results {
			if r := &results[i]; r.Eligible {
				if g, ok := r.Grant.Get(); ok && g > 0 {
					j.collected = append(j.collected, collectedGrant{group: int16(b.allocGroup(w.sets[i], r)), grant: g})
				}
			}
		}
		return nil
	}
	if b.alloc != nil {
		// Before the sums: the kommune's share is what the allocated
		// grant leaves of the costs.
		for i := range results {
			w.allocs[i] = *b.alloc.of(&results[i], b.allocGroup(w.sets[i], &results[i]), j.places, &w.allocated)
		}
	}
	results = w.res[:len(b.sets)]
	if b.cfg.ByPeriod {
		results = w.res[:n]
	}
	w.tally(j, line, results)
	w.emit(j, results, set)
	return nil
}

// computeSets computes the agreement under several rule sets: one that a
// set cannot compute (its formula needs an input the row does not give)
// says so under that set; one that none can compute is rejected.
func (w *worker) computeSets(line int) *Rejection {
	b := w.b
	cols := b.cfg.Input.Cols
	var first error
	failed := 0
	errs := w.setErrs[:0]
	for k := range b.sets {
		err := b.sets[k].Engine.ComputeInto(&w.ag, &w.res[k])
		var rej *Rejection
		if err != nil {
			failed++
			if first == nil {
				first = err
			}
			rej = inputRejection(err, line, cols)
		}
		errs = append(errs, rej)
	}
	w.setErrs = errs
	if failed == len(b.sets) {
		return inputRejection(first, line, cols)
	}
	if failed > 0 {
		w.row.SetErrors = errs
	}
	return nil
}

// tally adds a computed row to the job's totals: its id, the kommune's
// class, the doubts, the years without days, the parts per rule set, and
// the comparison.
func (w *worker) tally(j *job, line int, results []calc.Result) {
	b := w.b
	h := hashID(w.ag.ID)
	if w.only >= 0 {
		h ^= (uint64(w.only) + 1) * 0x9E3779B97F4A7C15 // one id in two periods is two agreements
	}
	j.ids = append(j.ids, idLine{h, line})
	for i := range results {
		if r := &results[i]; r.TableClass != 0 && r.TableClass != r.CentralityClass && !r.ClassFromTable {
			j.classDiff.note(line)
			break
		}
	}
	if len(results) > 0 {
		// Held to the last period the row is computed under (the first
		// rule set's, without periods).
		k := 0
		if b.cfg.ByPeriod {
			k = w.sets[len(results)-1]
		}
		if e := b.sets[k].Engine; e != nil {
			w.doubts = e.Doubts(&w.ag, w.doubts[:0])
			for _, d := range w.doubts {
				j.doubts[slices.Index(calc.DoubtCodes, d.Code)].note(line)
			}
		}
	}
	if !b.cfg.ByPeriod {
		for _, r := range w.res[0].Reasons {
			if r.Code == calc.NoDaysInYear {
				start, _ := w.ag.Span()
				j.noDays = append(j.noDays, start.Year())
			}
		}
	}
	if b.cfg.ByPeriod {
		// The inputs given that no period of the agreement read, named
		// under the first.
		ignored := results[0].Ignored
		for i := range results {
			j.parts[w.sets[i]].addResult(&results[i])
			ignored &= results[i].Ignored
		}
		j.ignored[w.sets[0]].note(ignored &^ b.unread)
		for _, nc := range w.row.NotComputed {
			j.parts[b.setOf(nc.Rules)].notComputed++
		}
		if !w.row.BeyondRules.IsZero() {
			j.beyond++
		}
	} else {
		for k := range b.sets {
			if w.row.SetErrors != nil && w.row.SetErrors[k] != nil {
				j.parts[k].addRejected(-1)
				continue
			}
			j.parts[k].addResult(&w.res[k])
			j.ignored[k].note(w.res[k].Ignored &^ b.unread)
		}
	}
	if b.cmp != nil {
		j.cmp.addRow(w.res, w.row.SetErrors)
	}
}

// emit hands the row to the sink: one row for each period it is computed
// in, or one with every rule set's result.
func (w *worker) emit(j *job, results []calc.Result, set int) {
	b := w.b
	w.row.Agreement = &w.ag
	if b.cfg.ByPeriod {
		// A row for each period the agreement is computed in.
		for i := range results {
			w.row.Results, w.row.Set = results[i:i+1], w.sets[i]
			if b.alloc != nil {
				w.row.Allocated = &w.allocs[i]
			}
			b.cfg.Sink.Row(&j.out, &w.row)
		}
		return
	}
	w.row.Results, w.row.Set = results, set
	if b.alloc != nil {
		w.row.Allocated = &w.allocs[0]
	}
	b.cfg.Sink.Row(&j.out, &w.row)
}

// allocGroup is the group an allocation counts a result's grant in: its
// scheme, among the schemes of its rule set.
func (b *Run) allocGroup(set int, r *calc.Result) int {
	return b.groupBase[set] + b.sums[set].Index(r.Scheme)
}

// computePeriods computes w.ag, by period, under every period it has days
// in, into w.res (their rule sets in w.sets), and says how many it was
// computed under. What the agreement gives for a period (costs, amounts
// spent or applied for) belongs to the first period; a later one is
// computed without it. A period whose formula the agreement lacks an
// input for is named in the row's NotComputed, not computed; an agreement
// that no period can compute is rejected, with the reason of the first.
func (w *worker) computePeriods(line int) (int, *Rejection) {
	b := w.b
	cols := b.cfg.Input.Cols
	start, end := w.ag.Span()
	if start.IsZero() || w.only < 0 && b.setFor(&w.ag) < 0 {
		if err := w.ag.Validate(); err != nil {
			return 0, inputRejection(err, line, cols) // no start, say
		}
		return 0, w.noPeriod(line)
	}
	w.row.NotComputed = w.notComputed[:0]
	only := w.only // the period the row names, or -1
	if last := b.sets[len(b.sets)-1].Rules.ValidTo; only < 0 && (end.IsZero() || end.After(last)) {
		w.row.BeyondRules = last.Next()
	}
	n := 0
	var first *Rejection
	var read calc.InputSet // the period amounts a period has read
	ag := &w.ag
	for k := range b.sets {
		s := &b.sets[k]
		if only >= 0 && k != only {
			continue
		}
		if only < 0 && (s.Rules.ValidTo.Before(start) || !end.IsZero() && end.Before(s.Rules.ValidFrom)) {
			continue
		}
		if read&calc.PeriodAmounts != 0 {
			w.later = w.ag
			w.later.ClearPeriodAmounts(read)
			ag = &w.later
		}
		var rej *Rejection
		if !s.Engine.Computable(ag) {
			rej = w.cannot()
		} else if err := s.Engine.ComputeInto(ag, &w.res[n]); err != nil {
			var ie *calc.InputError
			if !errors.As(err, &ie) || !ie.Missing {
				return 0, inputRejection(err, line, cols) // a value that is wrong under any rules
			}
			rej = inputRejection(err, line, cols)
		}
		if rej != nil {
			if first == nil {
				first = rej
			}
			w.row.NotComputed = append(w.row.NotComputed, NotComputed{Rules: s.Rules, Why: rej})
			continue
		}
		read |= w.res[n].Read()
		w.sets[n] = k
		n++
	}
	w.notComputed = w.row.NotComputed
	if n == 0 {
		w.row.NotComputed, w.row.BeyondRules = nil, date.Date{}
		rej := *first // perhaps the reason made once, which the rejection must not change
		rej.Line = line
		return 0, &rej
	}
	return n, nil
}

// agreement reads a row's fields into w.ag; a field that cannot be read
// rejects the row.
func (w *worker) agreement(rec []string, line int) *Rejection {
	cols := w.b.cfg.Input.Cols
	w.ag = calc.Agreement{Role: calc.RoleFastlege}
	var position, percent string
	if w.position >= 0 {
		position = Cell(rec, w.position)
	}
	if w.percent >= 0 {
		percent = Cell(rec, w.percent)
	}
	if rej := w.readPeriod(Cell(rec, w.period), line); rej != nil {
		return rej
	}
	for _, s := range w.setters {
		if err := s.field.Set(&w.ag, Cell(rec, s.col)); err != nil {
			ie := err.(*calc.InputError)
			return &Rejection{Code: inputCode(ie), Line: line, Col: s.col, Column: cols.Header[s.col], Field: s.field.Name, Err: ie.Err}
		}
	}
	if input.Trim(percent) != "" {
		// An employment period; a row without a stillingsprosent is none
		// (a 2019–2021 row in a register with employment columns).
		e, err := input.EmploymentPeriod(position, percent, w.ag.Start, w.ag.End)
		if err != nil {
			ie := err.(*calc.InputError)
			c := cols.ColOf[ie.Field]
			return &Rejection{Code: inputCode(ie), Line: line, Col: c, Column: cols.Header[c], Field: ie.Field, Err: ie.Err}
		}
		w.emp = append(w.emp[:0], e) // the worker's, reused: the agreement lives for one row
		w.ag.Employment = w.emp
	}
	return nil
}

// readPeriod reads the period a row names into w.only (-1: none, or not
// by period, when every row is computed under the rules given).
func (w *worker) readPeriod(cell string, line int) *Rejection {
	w.only = -1
	if w.period < 0 || !w.b.cfg.ByPeriod {
		return nil
	}
	v := input.Trim(cell)
	if v == "" {
		return nil
	}
	k, ok := w.b.periodNames[v]
	if !ok {
		cols := w.b.cfg.Input.Cols
		var names []string
		for _, s := range w.b.sets {
			names = append(names, s.Rules.Period)
		}
		return &Rejection{Code: RejectBadValue, Line: line, Col: w.period, Column: cols.Header[w.period], Field: FieldPeriod,
			Err: msg.Errorf("%s is not a grant period alis has rules for: %s", msg.Quote(v), strings.Join(names, ", "))}
	}
	w.only = k
	return nil
}

func needsDriftsform(s RuleSet) bool {
	return s.Rules.SplitsByDriftsform()
}
