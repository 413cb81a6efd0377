package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
)

// genFile writes n generated agreements to a file in a temporary folder.
func genFile(tb testing.TB, n int) string { return genFileWith(tb, n, false) }

// genFileWith writes n generated agreements, with employment columns or
// without, to a file in a temporary folder.
func genFileWith(tb testing.TB, n int, employment bool) string {
	tb.Helper()
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: n, Seed: 1, Encoding: "utf-8", Year: 2021, Bad: 0.001, Employment: employment}); err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(tb.TempDir(), "avtaler.csv")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkBatch runs alis batch on 100 000 generated rows.
func BenchmarkBatch(b *testing.B) {
	const rows = 100_000
	p := genFile(b, rows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"batch", p}, nil, io.Discard, io.Discard); code > 1 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkBatchRegister runs alis batch --year 2021 on the same 100 000
// rows with employment columns and without: the register shape takes the
// grouped path, which must cost about what the plain one does.
func BenchmarkBatchRegister(b *testing.B) {
	const rows = 100_000
	for _, employment := range []bool{false, true} {
		name := "plain"
		if employment {
			name = "employment"
		}
		p := genFileWith(b, rows, employment)
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if code := Run([]string{"batch", p, "--year", "2021", "--workers", "1"}, nil, io.Discard, io.Discard); code > 1 {
					b.Fatalf("exit %d", code)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkBatchWorkbook writes 100 000 generated rows as a workbook.
func BenchmarkBatchWorkbook(b *testing.B) {
	const rows = 100_000
	p := genFile(b, rows)
	out := filepath.Join(b.TempDir(), "resultat.xlsx")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"batch", p, "-o", out}, nil, io.Discard, io.Discard); code > 1 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCompare compares 100 000 generated rows under two rule sets.
func BenchmarkCompare(b *testing.B) {
	const rows = 100_000
	p := genFile(b, rows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"compare", p, "--year", "2020", "--year", "2021"}, nil, io.Discard, io.Discard); code > 1 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCalc runs alis calc for one agreement, as a process would after
// its start.
func BenchmarkCalc(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"calc", "--driftsform", "naering", "--start", "2021-01-01", "--cost", "300000"}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
