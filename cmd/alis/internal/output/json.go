package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/rules"
)

// BatchResultJSON is one computed row in JSON and JSONL.
type BatchResultJSON struct {
	FormatVersion int       `json:"format_version,omitempty"` // in JSON lines
	RulesRef      *RulesRef `json:"rules,omitempty"`          // in JSON lines
	Line          int       `json:"line"`
	Lines         []int     `json:"lines,omitempty"` // the rows of an agreement of several
	ResultJSON
	AllocatedGrant *string `json:"allocated_grant,omitempty"`
	// By period: the periods the agreement has days in but cannot be
	// computed under, with why (and, in ResultJSON, the first day past the
	// last period alis has rules for, when the agreement runs past it).
	NotComputed []NotComputedJSON `json:"not_computed_in,omitempty"`
	Columns     map[string]string `json:"columns,omitempty"`
}

// BeyondJSON counts, by period, the agreements that run past the last
// period alis has rules for, from the first day after it.
type BeyondJSON struct {
	Agreements int    `json:"agreements"`
	From       string `json:"from"`
}

// NewBeyondJSON counts the agreements that run past the rules.
func NewBeyondJSON(t *batch.Totals) BeyondJSON {
	return BeyondJSON{Agreements: t.Beyond, From: t.LastRules.Next().String()}
}

// NotComputedJSON is a period an agreement has days in but cannot be
// computed under.
type NotComputedJSON struct {
	Period  string           `json:"period"`
	Code    batch.RejectCode `json:"code"`
	Field   *string          `json:"field"`
	Message string           `json:"message"`
}

// notComputedJSON says a row's periods not computed, and where it runs
// past the rules.
func notComputedJSON(row *batch.Row, l calc.Lang) ([]NotComputedJSON, *string) {
	var out []NotComputedJSON
	for _, nc := range row.NotComputed {
		out = append(out, NotComputedJSON{Period: nc.Rules.Period, Code: nc.Why.Code, Field: calc.TextOrNull(nc.Why.Field), Message: nc.Why.Text(l)})
	}
	var beyond *string
	if !row.BeyondRules.IsZero() {
		beyond = ptr(row.BeyondRules.String())
	}
	return out, beyond
}

// RejectedJSON is one rejected row.
type RejectedJSON struct {
	FormatVersion int               `json:"format_version,omitempty"` // in JSON lines, where each object stands alone
	Line          int               `json:"line"`
	Cell          string            `json:"cell,omitempty"`
	ID            string            `json:"id"`
	Rejected      bool              `json:"rejected"`
	Code          batch.RejectCode  `json:"code"`
	Column        *string           `json:"column"`
	Field         *string           `json:"field"`
	Message       string            `json:"message"`
	Columns       map[string]string `json:"columns,omitempty"`
}

// NewRejectedJSON makes the JSON of a rejected row.
func NewRejectedJSON(rej *batch.Rejection, columns map[string]string, l calc.Lang) RejectedJSON {
	return RejectedJSON{Line: rej.Line, Cell: rej.Cell, ID: rej.ID, Rejected: true, Code: rej.Code, Message: rej.Message(l),
		Column: calc.TextOrNull(rej.Column), Field: calc.TextOrNull(rej.Field), Columns: columns}
}

// JSONSink writes JSON lines (one object a row, results and rejected rows
// in input order), or one JSON document with the rules, the results, the
// rejected rows and the summary.
type JSONSink struct {
	Cols  *batch.Columns
	Lang  calc.Lang
	Rules *rules.Rules
	Lines bool
	Doc
}

func (j *JSONSink) carried(rec []string) map[string]string {
	if len(j.Cols.Carried) == 0 || rec == nil {
		return nil
	}
	m := make(map[string]string, len(j.Cols.Carried))
	for _, i := range j.Cols.Carried {
		m[j.Cols.OutName[i]] = batch.Cell(rec, i)
	}
	return m
}

func (j *JSONSink) Begin(w io.Writer) error {
	if j.Lines {
		return nil
	}
	if j.Rules == nil {
		// By period: the rules of each period come with its summary.
		_, err := fmt.Fprintf(w, "{\n\"format_version\": %d,\n\"results\": [", FormatVersion)
		return err
	}
	_, err := fmt.Fprintf(w, "{\n\"format_version\": %d,\n\"rules\": %s,\n\"results\": [", FormatVersion, mustJSON(NewRulesJSON(j.Rules)))
	return err
}

// MarshalLine appends v as one line of JSON, without escaping HTML.
func MarshalLine(b []byte, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only values of alis's own types are written
	}
	return append(b, buf.Bytes()...)
}

func (j *JSONSink) Row(b *batch.Buf, row *batch.Row) {
	if row.Rejected != nil {
		if j.Lines {
			r := NewRejectedJSON(row.Rejected, j.carried(row.Record), j.Lang)
			r.FormatVersion = FormatVersion
			b.Main = MarshalLine(b.Main, r)
		} else {
			b.Side = MarshalLine(b.Side, NewRejectedJSON(row.Rejected, nil, j.Lang))
		}
		return
	}
	r := BatchResultJSON{Line: row.Line, Lines: row.Lines, ResultJSON: NewResultJSON(&row.Results[0], j.Lang, false), Columns: j.carried(row.Record)}
	if row.Allocated != nil {
		r.AllocatedGrant = ptr(row.Allocated.String())
	}
	r.NotComputed, r.ResultJSON.BeyondRules = notComputedJSON(row, j.Lang)
	if j.Lines {
		r.FormatVersion, r.RulesRef = FormatVersion, NewRulesRef(row.Results[0].Rules())
	}
	b.Main = MarshalLine(b.Main, r)
}

func (j *JSONSink) Write(w io.Writer, b *batch.Buf) error {
	if j.Lines {
		_, err := w.Write(b.Main)
		return err
	}
	return j.Doc.Write(w, b)
}

func (j *JSONSink) End(w io.Writer, t *batch.Totals) error {
	if j.Lines {
		return nil
	}
	if t.ByPeriod {
		return j.Close(w, "periods", NewPeriodsJSON(t, j.Lang), "unplaced_rejected", t.Unplaced, "beyond_rules", NewBeyondJSON(t))
	}
	return j.Close(w, "summary", NewSummaryJSON(t.Sets[0], j.Lang))
}

// Doc streams a JSON document's results as they come, and keeps its
// rejected rows (the side stream) in a temporary file until the results
// are written, so that no part of a large input is held in memory.
type Doc struct {
	wrote   bool
	errFile *os.File
}

// Write adds a job's results, each line of Main one result, and keeps its
// rejected rows.
func (d *Doc) Write(w io.Writer, b *batch.Buf) error {
	bw := asBufio(w)
	rows := b.Main
	for len(rows) > 0 {
		i := bytes.IndexByte(rows, '\n')
		if d.wrote {
			bw.WriteByte(',')
		}
		bw.WriteString("\n  ")
		bw.Write(rows[:i])
		d.wrote = true
		rows = rows[i+1:]
	}
	if len(b.Side) > 0 {
		if d.errFile == nil {
			f, err := os.CreateTemp("", "alis-rejected-*.jsonl")
			if err != nil {
				return err
			}
			os.Remove(f.Name()) // unlinked: gone when closed, whatever happens
			d.errFile = f
		}
		if _, err := d.errFile.Write(b.Side); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// asBufio gives a writer with WriteByte and WriteString; the batch writes
// through a bufio.Writer already, which is used as it is.
func asBufio(w io.Writer) *bufio.Writer {
	if bw, ok := w.(*bufio.Writer); ok {
		return bw
	}
	return bufio.NewWriter(w)
}

// Close ends the results, writes the rejected rows and then the tail, key
// and value after key and value (the summary), and ends the document.
func (d *Doc) Close(w io.Writer, tail ...any) error {
	bw := asBufio(w)
	if d.wrote {
		bw.WriteString("\n")
	}
	bw.WriteString("],\n\"errors\": [")
	if d.errFile != nil {
		defer d.errFile.Close()
		if _, err := d.errFile.Seek(0, io.SeekStart); err != nil {
			return err
		}
		// One object a line, of any length: no line-length limit here.
		br := bufio.NewReaderSize(d.errFile, 64<<10)
		first, atStart := true, true
		for {
			chunk, err := br.ReadSlice('\n')
			if len(chunk) > 0 {
				if atStart {
					if !first {
						bw.WriteByte(',')
					}
					bw.WriteString("\n  ")
					first = false
				}
				atStart = chunk[len(chunk)-1] == '\n'
				bw.Write(bytes.TrimSuffix(chunk, []byte{'\n'}))
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
		}
		bw.WriteString("\n")
	}
	bw.WriteString("]")
	for i := 0; i+1 < len(tail); i += 2 {
		fmt.Fprintf(bw, ",\n%s: %s", mustJSON(tail[i]), mustJSONIndent(tail[i+1]))
	}
	if _, err := bw.WriteString("\n}\n"); err != nil {
		return err
	}
	return bw.Flush()
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only values of alis's own types are written
	}
	return b
}

func mustJSONIndent(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// writeJSONValue writes one value as JSON, indented or on one line.
func writeJSONValue(w io.Writer, v any, indent bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}

// WriteJSON writes one value as indented JSON, as alis's commands do.
func WriteJSON(w io.Writer, v any) error { return writeJSONValue(w, v, true) }

// WriteJSONLine writes v as one line of JSON.
func WriteJSONLine(w io.Writer, v any) error { return writeJSONValue(w, v, false) }

// WriteJSONLines writes each element of vs as a line of JSON.
func WriteJSONLines[T any](w io.Writer, vs []T) error {
	for _, v := range vs {
		if err := WriteJSONLine(w, v); err != nil {
			return err
		}
	}
	return nil
}
