package xlsx_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx"
)

// BenchmarkRead reads a generated workbook of 100 000 rows, as a batch does.
func BenchmarkRead(b *testing.B) {
	const rows = 100_000
	var buf bytes.Buffer
	if err := gen.WriteXLSX(&buf, gen.Options{Rows: rows, Seed: 1, Year: 2021, Bad: 0.001}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for range b.N {
		rd, err := xlsx.Open(bytes.NewReader(buf.Bytes()), "")
		if err != nil {
			b.Fatal(err)
		}
		rd.DateColumns([]int{4, 5, 8})
		var c nbcsv.Chunk
		n := 0
		for {
			err := rd.ReadChunk(&c, 1024)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += c.Len()
		}
		rd.Close()
		if n != rows {
			b.Fatalf("%d rows", n)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
