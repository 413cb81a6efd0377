package report

import (
	"fmt"
	"sync"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// The report lists the first MaxListed agreements of each kind, in input
// order, and counts every one, while the workers stop making the texts of
// a kind once its list is full.
func TestListsTheFirstOfEachKindAndCountsAll(t *testing.T) {
	r := New(calc.NB, nil, Meta{})
	const jobs, perJob, window = 40, 100, 4
	line := 1
	want := map[int]int{}
	makeJob := func() []batch.Row {
		rows := make([]batch.Row, perJob)
		for i := range rows {
			line++
			row := batch.Row{Line: line, ID: fmt.Sprint("A-", line)}
			switch line % 3 {
			case 0:
				row.Rejected = &batch.Rejection{Code: batch.RejectBadValue, Line: line, Col: -1, Err: msg.Errorf("bad")}
				want[kindRejected]++
			case 1: // eligible, then not: changed and ineligible
				row.Results = []calc.Result{{Eligible: true}, {Eligible: false}}
				want[kindChanged]++
				want[kindIneligible]++
			default: // eligible under both
				row.Results = []calc.Result{{Eligible: true}, {Eligible: true}}
			}
			rows[i] = row
		}
		return rows
	}
	// As in a batch: a worker marks a job's rows, several jobs at once;
	// the writer takes the jobs in order.
	for range jobs / window {
		bufs := make([]batch.Buf, window)
		var wg sync.WaitGroup
		for k := range bufs {
			rows := makeJob()
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range rows {
					r.Row(&bufs[k], &rows[i])
				}
			}()
		}
		wg.Wait()
		for k := range bufs {
			if err := r.Write(nil, &bufs[k]); err != nil {
				t.Fatal(err)
			}
		}
	}
	for kind, n := range want {
		if r.counts[kind] != n {
			t.Errorf("kind %d: counted %d, want %d", kind, r.counts[kind], n)
		}
		if !r.full[kind].Load() {
			t.Errorf("kind %d: the list is not full", kind)
		}
	}
	for kind, list := range map[int][]reportRow{kindIneligible: r.ineligible, kindChanged: r.changed, kindRejected: r.rejectedRows} {
		if len(list) != MaxListed {
			t.Fatalf("kind %d: %d listed, want %d", kind, len(list), MaxListed)
		}
		for i, row := range list {
			if row.kind != kind || kind != kindIneligible && len(row.Reasons) == 0 || i > 0 && row.Line <= list[i-1].Line {
				t.Fatalf("kind %d: row %d (line %d) listed out of order or without its reasons: %+v", kind, i, row.Line, row)
			}
		}
	}
	if got := r.ineligible[0].Line; got != 4 {
		t.Errorf("the first ineligible row is line %d, want 4", got)
	}
}
