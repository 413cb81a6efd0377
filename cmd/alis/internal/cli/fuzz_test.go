package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/internal/fuzzseed"
)

// FuzzBatch: arbitrary bytes in, no panic and no hang in any output format;
// exit 0, 1 or 2; the CSV output is rectangular; and when the batch runs,
// every record of the input is accounted for as a result or an error.
func FuzzBatch(f *testing.F) {
	for _, b := range fuzzseed.Files(f, "batch") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []string{"csv", "table"} {
			var out, errb bytes.Buffer
			code := Run([]string{"batch", "-", "--format", format}, bytes.NewReader(data), &out, &errb)
			if code > exitCannot {
				t.Fatalf("--format %s: exit %d\n%s", format, code, errb.Bytes())
			}
			if format == "csv" && code != exitCannot {
				recs, err := csv.NewReader(&out).ReadAll()
				if err != nil {
					t.Fatalf("the CSV output does not read back: %v", err)
				}
				for i, r := range recs {
					if len(r) != len(recs[0]) {
						t.Fatalf("output row %d has %d fields, the header %d", i, len(r), len(recs[0]))
					}
				}
			}
		}
		var out, errb bytes.Buffer
		code := Run([]string{"batch", "-", "--format", "json"}, bytes.NewReader(data), &out, &errb)
		if code == exitCannot {
			return // the run could not start: no header, a missing column
		}
		if code != exitOK && code != exitRejected {
			t.Fatalf("exit %d", code)
		}
		var doc struct {
			Results []struct {
				Line  int   `json:"line"`
				Lines []int `json:"lines"` // an agreement of several rows
			} `json:"results"`
			Errors  []json.RawMessage `json:"errors"`
			Periods []struct {
				Summary struct {
					Rows     int `json:"rows"`
					Rejected int `json:"rejected"`
				} `json:"summary"`
			} `json:"periods"`
			Unplaced int `json:"unplaced_rejected"`
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out.Bytes())
		}
		rows, rejected := doc.Unplaced, doc.Unplaced
		for _, p := range doc.Periods {
			rows, rejected = rows+p.Summary.Rows, rejected+p.Summary.Rejected
		}
		computed := 0 // the rows the results came from: an agreement has a result per period
		last := 0
		for _, r := range doc.Results {
			if r.Line < last {
				t.Fatalf("results out of order at line %d", r.Line)
			}
			if r.Line != last {
				computed += max(len(r.Lines), 1)
			}
			last = r.Line
		}
		// Count the records independently.
		rd, err := nbcsv.Open(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("batch ran but the reader cannot open the input: %v", err)
		}
		records := 0
		for {
			if _, _, err := rd.Next(); errors.Is(err, io.EOF) {
				break
			}
			records++
		}
		if computed+len(doc.Errors) != records || rows != len(doc.Results)+len(doc.Errors) || rejected != len(doc.Errors) {
			t.Fatalf("%d records in, %d results (from %d rows) + %d errors out, summaries: %d agreements, %d rejected", records, len(doc.Results), computed, len(doc.Errors), rows, rejected)
		}
		if (code == exitRejected) != (len(doc.Errors) > 0) {
			t.Fatalf("exit %d with %d rejected rows", code, len(doc.Errors))
		}
	})
}
