package nbcsv_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"testing"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
)

func genBytes(b *testing.B, rows int) []byte {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: rows, Seed: 1, Encoding: "utf-8", Year: 2021}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReadBaseline reads with encoding/csv alone: the floor nbcsv is measured against.
func BenchmarkReadBaseline(b *testing.B) {
	data := genBytes(b, 200_000)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		r := csv.NewReader(bytes.NewReader(data))
		r.Comma, r.ReuseRecord, r.FieldsPerRecord = ';', true, -1
		for {
			if _, err := r.Read(); err != nil {
				break
			}
		}
	}
}

// BenchmarkRead reads the same bytes through nbcsv: sniffing, the encoding
// scan, the line-length guard and the UTF-8 check of every field.
func BenchmarkRead(b *testing.B) {
	data := genBytes(b, 200_000)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		rd, err := nbcsv.Open(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, _, err := rd.Read(); errors.Is(err, io.EOF) {
				break
			}
		}
	}
}

// BenchmarkSplit splits generated records into fields, as each batch
// worker does.
func BenchmarkSplit(b *testing.B) {
	data := genBytes(b, 10_000)
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))[1:]
	s := nbcsv.Splitter{Comma: ';', CheckUTF8: true}
	var fields []string
	var scratch []byte
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, l := range lines {
			var err error
			if fields, scratch, err = s.Split(l, k+2, fields, scratch[:0]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
