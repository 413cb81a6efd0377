package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"testing"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx/xlsxtest"
	"github.com/alis-tilskudd/alis/internal/fuzzseed"
)

// FuzzWorkbook: any sheet content is read without a panic, rows come in
// order, and a sheet whose XML is not well formed is an error, never a
// quiet end of the rows (the fault that lost rows of cut-short sheets).
func FuzzWorkbook(f *testing.F) {
	for _, b := range fuzzseed.Files(f, "xlsx") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, sheetData []byte) {
		if bytes.Contains(sheetData, []byte("sheetData")) {
			return // the oracle below reads the sheet data only
		}
		b := xlsxtest.Book{
			Sheets: []xlsxtest.Sheet{{Name: "Ark1", Rows: string(sheetData)}},
			Shared: []string{`<si><t>id</t></si>`, `<si><t>A-1</t></si>`},
		}
		data := b.Bytes()
		wellFormed := true
		dec := xml.NewDecoder(bytes.NewReader([]byte("<sheetData>" + string(sheetData) + "</sheetData>")))
		for {
			if _, err := dec.Token(); err != nil {
				wellFormed = errors.Is(err, io.EOF)
				break
			}
		}
		rd, err := Open(bytes.NewReader(data), "")
		if err != nil {
			return
		}
		defer rd.Close()
		rd.DateColumns([]int{0, 1, 2})
		var c nbcsv.Chunk
		last := rd.row
		for {
			err := rd.ReadChunk(&c, 4)
			if errors.Is(err, io.EOF) {
				if !wellFormed {
					t.Fatalf("the sheet is not well formed, yet reading ended without an error")
				}
				return
			}
			if err != nil {
				return
			}
			for _, l := range c.Lines {
				if l <= last {
					t.Fatalf("row %d after row %d", l, last)
				}
				last = l
			}
		}
	})
}
