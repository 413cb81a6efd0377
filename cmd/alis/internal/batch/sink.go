package batch

import (
	"io"

	"github.com/alis-tilskudd/alis/rules/date"
)

// Buf is what a sink makes of a job's rows: the main stream, and a side
// stream that a sink may keep for later (a JSON document's errors).
type Buf struct {
	Main, Side []byte
	// State is the sink's own: Row may keep what it adds up over a chunk
	// in it, Write takes it and resets it. The pipeline never touches it.
	State any
}

// Sink writes a batch's rows in some format. Row runs in the workers, many
// at once, and only appends to the Buf it is given; Begin, Write and End
// run in the writer, in order. Everything Row reads is set before Begin
// returns and never written after.
type Sink interface {
	Begin(w io.Writer) error
	Row(b *Buf, row *Row)
	Write(w io.Writer, b *Buf) error
	End(w io.Writer, t *Totals) error
}

// A ChunkSink finishes a chunk's Buf in the worker, after the chunk's
// rows: work that may run on many chunks at once (compressing a
// workbook's rows). Write still gets the chunks in order.
type ChunkSink interface {
	Chunk(b *Buf)
}

// Totals is what a batch adds up: per rule set a summary, and with more
// than one rule set the comparison.
type Totals struct {
	Rows    int
	Sets    []*Summary
	Compare *CompareSum
	// ByPeriod: each agreement was computed under every period it has
	// days in; Unplaced counts the rejected rows whose period could not be
	// told, Beyond the agreements that run past the last period with rules.
	ByPeriod bool
	Unplaced int
	Beyond   int
	// LastRules is the last day of the last period with rules (by period).
	LastRules date.Date
}

// Used lists the summaries to show: by period, those of the periods that
// had rows; else every rule set's.
func (t *Totals) Used() []*Summary {
	if !t.ByPeriod {
		return t.Sets
	}
	var out []*Summary
	for _, s := range t.Sets {
		if s.Total.Agreements > 0 {
			out = append(out, s)
		}
	}
	return out
}

// Tee writes one run's rows through several sinks, each into a writer of
// its own: a register's workbook, CSV, JSON and report made from the one
// computation. Each sink keeps a Buf of its own inside the run's (in
// State); the writer the run is given is not written.
type Tee struct {
	Sinks   []Sink
	Writers []io.Writer
}

func (t *Tee) Begin(io.Writer) error {
	for i, s := range t.Sinks {
		if err := s.Begin(t.Writers[i]); err != nil {
			return err
		}
	}
	return nil
}

// bufs are the sinks' Bufs of a job: made the first time the job is used,
// kept with it after.
func (t *Tee) bufs(b *Buf) []Buf {
	sub, _ := b.State.([]Buf)
	if sub == nil {
		sub = make([]Buf, len(t.Sinks))
		b.State = sub
	}
	return sub
}

func (t *Tee) Row(b *Buf, row *Row) {
	sub := t.bufs(b)
	for i, s := range t.Sinks {
		s.Row(&sub[i], row)
	}
}

func (t *Tee) Chunk(b *Buf) {
	sub := t.bufs(b)
	for i, s := range t.Sinks {
		if cs, ok := s.(ChunkSink); ok {
			cs.Chunk(&sub[i])
		}
	}
}

// Write writes each sink's part of the job, and empties it, as the run
// empties its own Buf before the job is used again.
func (t *Tee) Write(_ io.Writer, b *Buf) error {
	sub := t.bufs(b)
	for i, s := range t.Sinks {
		err := s.Write(t.Writers[i], &sub[i])
		sub[i].Main, sub[i].Side = sub[i].Main[:0], sub[i].Side[:0]
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *Tee) End(_ io.Writer, tot *Totals) error {
	for i, s := range t.Sinks {
		if err := s.End(t.Writers[i], tot); err != nil {
			return err
		}
	}
	return nil
}
