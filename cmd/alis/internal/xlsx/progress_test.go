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

// Progress counts the sheet's bytes as they are decompressed: at the end,
// all of them, which is what the archive says the sheet holds.
func TestProgressCountsTheSheet(t *testing.T) {
	var book bytes.Buffer
	if err := gen.WriteXLSX(&book, gen.Options{Rows: 20_000, Seed: 1, Year: 2021}); err != nil {
		t.Fatal(err)
	}
	rd, err := xlsx.Open(bytes.NewReader(book.Bytes()), "")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if done, total := rd.Progress(); total < 1<<20 || done > total {
		t.Fatalf("after the header: %d of %d", done, total)
	}
	var c nbcsv.Chunk
	for {
		err := rd.ReadChunk(&c, 1024)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if done, total := rd.Progress(); done != total {
		t.Errorf("at the end: %d of %d", done, total)
	}
}
