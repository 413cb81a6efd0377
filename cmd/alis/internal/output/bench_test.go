package output

import (
	"io"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/rules"
)

// computedRow is a batch row of record under header, computed under the
// 2021 rules, with the columns and rules a sink is made with.
func computedRow(b *testing.B, header, record []string) (*batch.Row, *batch.Columns, *rules.Rules, *calc.Engine) {
	r, err := rules.Embedded("2021")
	if err != nil {
		b.Fatal(err)
	}
	e, err := calc.NewEngine(r)
	if err != nil {
		b.Fatal(err)
	}
	cols, err := batch.MapColumns(header, nil)
	if err != nil {
		b.Fatal(err)
	}
	var a calc.Agreement
	for i, f := range cols.FieldOf {
		if f != "" {
			if err := input.Set(&a, f, record[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	res, err := e.Compute(&a)
	if err != nil {
		b.Fatal(err)
	}
	return &batch.Row{Line: 2, Record: record, ID: record[0], Results: []calc.Result{res}}, cols, r, e
}

// BenchmarkFormatCSV formats one computed row of a batch as CSV, as a
// worker does for each row.
func BenchmarkFormatCSV(b *testing.B) {
	row, cols, r, e := computedRow(b, []string{"Avtalenr", "Driftsform", "Fra", "Kostnader", "Merknad"},
		[]string{"A-100001", "Næringsdrift", "01.08.2021", "312 500,50", "Bodø legesenter"})
	sink := NewCSV(CSVSink{Cols: cols, Dialect: ExcelNB, Lang: calc.NB}, r, []batch.RuleSet{{Rules: r, Engine: e, Label: "2021"}})
	var buf batch.Buf
	b.ResetTimer()
	for i := range b.N {
		if i%1024 == 0 {
			buf.Main = buf.Main[:0]
		}
		sink.Row(&buf, row)
	}
}

// BenchmarkFormatXLSX makes one computed row of a batch into a workbook
// row, as a worker does for each row before it compresses the chunk: the
// generated export's columns, typed, and the results.
func BenchmarkFormatXLSX(b *testing.B) {
	row, cols, r, _ := computedRow(b,
		[]string{"Avtalenr", "Kommunenr", "Driftsform", "Rolle", "Fra", "Til", "Kostnader", "Tidligere år", "Søknadsdato", "Vikarbyrå", "Merknad"},
		[]string{"A-100002", "3403", "Næringsdrift", "Fastlege", "01.01.2021", "28.10.2022", "182 496", "3", "24.07.2021", "nei", "Tromsø – nord"})
	sink := &XLSXSink{Cols: cols, Lang: calc.NB, Rules: r}
	if err := sink.Begin(io.Discard); err != nil {
		b.Fatal(err)
	}
	var buf batch.Buf
	b.ResetTimer()
	for i := range b.N {
		if i%1024 == 0 {
			buf.Main = buf.Main[:0]
		}
		sink.Row(&buf, row)
	}
}
