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
