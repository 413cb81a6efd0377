package xlsx

import (
	"io"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The rows of the two benchmarks: a line, six texts (three that repeat),
// two dates, eight amounts, counts.
func benchRow(i int) []Cell {
	cells := []Cell{N(strconv.Itoa(i+2), Whole), T("A-" + strconv.Itoa(100000+i)), {Text: "0301", Shared: true}, {Text: "Næringsdrift", Shared: true},
		{Text: "Fastlege", Shared: true}, N("44197", Date), N("44561", Date), T("Merknad " + strconv.Itoa(i%7))}
	for k := range 8 {
		cells = append(cells, N(strconv.Itoa(240000-k*1000+i%100)+".50", Money))
	}
	return append(cells, N("12", Whole), N("2021", Whole))
}

const benchRows = 100_000

// BenchmarkWriter writes benchRows rows with this package's writer, in one
// goroutine (alis compresses in its workers besides).
func BenchmarkWriter(b *testing.B) {
	for range b.N {
		x := New(io.Discard, Options{DateFormat: DateNB})
		if err := x.StartSheet("Resultater"); err != nil {
			b.Fatal(err)
		}
		loc := x.Local()
		var raw []byte
		var block Block
		for i := 0; i < benchRows; i += 1000 {
			raw = raw[:0]
			for k := i; k < i+1000; k++ {
				raw = AppendRowShared(raw, benchRow(k), loc)
			}
			if err := block.Set(raw, 1000, 18); err != nil {
				b.Fatal(err)
			}
			if err := x.WriteBlock(&block); err != nil {
				b.Fatal(err)
			}
		}
		if err := x.EndSheet(Layout{Frozen: true}); err != nil {
			b.Fatal(err)
		}
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkExcelizeStreamWriter writes the same rows with excelize's
// StreamWriter, the other way considered.
func BenchmarkExcelizeStreamWriter(b *testing.B) {
	for range b.N {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		money, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`#,##0.00\ "kr"`)})
		date, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`dd\.mm\.yyyy`)})
		row := make([]any, 0, 18)
		for i := range benchRows {
			row = row[:0]
			for _, c := range benchRow(i) {
				switch {
				case c.Num == "":
					row = append(row, c.Text)
				case c.Style == Money:
					v, _ := strconv.ParseFloat(c.Num, 64)
					row = append(row, excelize.Cell{StyleID: money, Value: v})
				case c.Style == Date:
					v, _ := strconv.Atoi(c.Num)
					row = append(row, excelize.Cell{StyleID: date, Value: v})
				default:
					v, _ := strconv.Atoi(c.Num)
					row = append(row, v)
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := sw.SetRow(cell, row); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := f.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func ptr[T any](v T) *T { return &v }
