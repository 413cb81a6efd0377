package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx/xlsxtest"
)

type book = xlsxtest.Book

type testSheet = xlsxtest.Sheet

type gotRow struct {
	Line  int
	Cells string // joined by |
	Err   string
}

// readRows reads every row of the first (or named) sheet.
func readRows(data []byte, sheet string, dates ...int) (*Reader, []gotRow, error) {
	rd, err := Open(bytes.NewReader(data), sheet)
	if err != nil {
		return nil, nil, err
	}
	defer rd.Close()
	rd.DateColumns(dates)
	var rows []gotRow
	var c nbcsv.Chunk
	for {
		err := rd.ReadChunk(&c, 1)
		if errors.Is(err, io.EOF) {
			return rd, rows, nil
		}
		if err != nil {
			return rd, rows, err
		}
		for i := 0; i < c.Len(); i++ {
			r := gotRow{Line: c.Lines[i], Cells: strings.Clone(strings.Join(c.Fields(i, nil), "|"))}
			if c.Errs[i] != nil {
				r.Err = c.Errs[i].Error()
				var fe *nbcsv.FieldError
				if errors.As(c.Errs[i], &fe) {
					r.Err = rd.Cell(c.Lines[i], fe.Col) + ": " + r.Err
				}
			}
			rows = append(rows, r)
		}
	}
}

const header = `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>start</t></is></c><c r="C1" t="inlineStr"><is><t>cost</t></is></c></row>`

func TestReadsCellsOfEveryKind(t *testing.T) {
	b := book{
		Sheets: []testSheet{{Name: "Ark1", Rows: header +
			`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>44197</v></c><c r="C2"><v>300000</v></c></row>` +
			`<row r="4"><c r="A4" t="s"><v>1</v></c><c r="B4" t="str"><f>TEXT(1)</f><v>01.08.2021</v></c><c r="C4"><f>250000+150000</f><v>400000</v></c></row>` +
			`<row r="5"><c r="A5" t="inlineStr"><is><r><t>X</t></r><r><t>-3</t></r></is></c><c r="C5" t="b"><v>1</v></c></row>` +
			`<row r="6"><c r="A6" t="inlineStr"><is><t>tab_x0009_in</t></is></c><c r="B6" s="3"/><c r="C6" s="3"/></row>` +
			`<row r="7"><c r="A7" s="1"/></row>` + // formatted but empty: skipped
			`<row><c t="inlineStr"><is><t>no refs</t></is></c><c><v>1.5</v></c></row>`}},
		Shared: []string{`<si><t>X-1</t></si>`, `<si><r><t>X-</t></r><r><t>2</t></r><rPh><t>ignored</t></rPh></si>`},
	}
	rd, rows, err := readRows(b.Bytes(), "", 1)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"id", "start", "cost"}, rd.Header); diff != "" {
		t.Errorf("header: %s", diff)
	}
	want := []gotRow{
		{2, "X-1|2021-01-01|300000", ""},
		{4, "X-2|01.08.2021|400000", ""},
		{5, "X-3||1", ""},
		{6, "tab\tin||", ""},
		{8, "no refs|1.5|", ""},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// The 1904 date system moves every serial by 1462 days.
func TestDate1904(t *testing.T) {
	for _, c := range []struct {
		date1904 bool
		serial   string
		want     string
	}{{false, "44197", "2021-01-01"}, {true, "42735", "2021-01-01"}, {true, "0", "1904-01-01"}, {false, "60", "60"}} {
		b := book{Date1904: c.date1904, Sheets: []testSheet{{Name: "S", Rows: header + `<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><v>` + c.serial + `</v></c></row>`}}}
		rd, rows, err := readRows(b.Bytes(), "", 1)
		if err != nil {
			t.Fatal(err)
		}
		if rd.Date1904 != c.date1904 || len(rows) != 1 || rows[0].Cells != "A|"+c.want+"|" {
			t.Errorf("date1904=%v serial %s: %v", c.date1904, c.serial, rows)
		}
	}
}

// Cells that cannot be read reject their row, naming the cell.
func TestCellErrorsRejectTheirRow(t *testing.T) {
	b := book{
		Sheets: []testSheet{{Name: "Ark1", Rows: header +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="C2" t="e"><v>#DIV/0!</v></c></row>` +
			`<row r="3"><c r="A3" t="s"><v>7</v></c></row>` +
			`<row r="4"><c r="A4" t="inlineStr"><is><t>B</t></is></c><c r="C4" t="e"><v>#REF!</v></c></row>` +
			`<row r="5"><c r="A5" t="inlineStr"><is><t>C</t></is></c><c r="C5"><v>1</v></c></row>`}},
		Shared: []string{`<si><t>only one</t></si>`},
	}
	_, rows, err := readRows(b.Bytes(), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []gotRow{
		{2, "", "Ark1!C2: holds the error value #DIV/0!"},
		{3, "", `Ark1!A3: refers to shared string "7", which the workbook does not have (it is damaged)`},
		{4, "", "Ark1!C4: holds the error value #REF!"},
		{5, "C||1", ""},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// A damaged sheet is an error that names the sheet and the cell; the rows
// read before it are not the end of the sheet.
func TestDamagedSheetIsAnError(t *testing.T) {
	good := header + `<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="C2"><v>1</v></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>B</t></is></c><c r="C3"><v>2</v></c></row>`
	for _, c := range []struct {
		name, xml, want string
	}{
		{"rows out of order", good + `<row r="2"><c r="A2"><v>9</v></c></row>`, "Ark1!C3: the sheet is damaged: row 2 comes after row 3"},
		{"a repeated row", good + `<row r="3"><c r="A3"><v>9</v></c></row>`, "Ark1!C3: the sheet is damaged: row 3 comes after row 3"},
		{"cells out of order", good + `<row r="4"><c r="C4"><v>1</v></c><c r="A4"><v>2</v></c></row>`, "Ark1!C4: the sheet is damaged: cell A4 comes after C4"},
		{"a repeated cell", good + `<row r="4"><c r="B4"><v>1</v></c><c r="B4"><v>2</v></c></row>`, "Ark1!B4: the sheet is damaged: cell B4 comes after B4"},
		{"a cell of another row", good + `<row r="4"><c r="B5"><v>1</v></c></row>`, `Ark1!4:4: the sheet is damaged: cell "B5" is not a cell of row 4`},
		{"an illegal character", good + "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>a\x01b</t></is></c></row>", "Ark1!A4: the sheet is damaged: XML syntax error on line 1: illegal character code U+0001"},
	} {
		b := book{Sheets: []testSheet{{Name: "Ark1", Rows: c.xml}}}
		_, rows, err := readRows(b.Bytes(), "")
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if len(rows) != 2 {
			t.Errorf("%s: %d rows before the damage, want 2", c.name, len(rows))
		}
	}
	// A sheet cut short: the XML ends inside a row.
	b := book{Sheets: []testSheet{{Name: "Ark1", Rows: good}}}
	data := b.Bytes()
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var parts []struct {
		name string
		body []byte
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "xl/worksheets/sheet1.xml" {
			body = body[:bytes.Index(body, []byte(`<row r="3">`))+20]
		}
		parts = append(parts, struct {
			name string
			body []byte
		}{f.Name, body})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, _ := zw.Create(p.name)
		w.Write(p.body)
	}
	zw.Close()
	_, rows, err := readRows(buf.Bytes(), "")
	if err == nil || err.Error() != "Ark1!3:3: the sheet is damaged: XML syntax error on line 1: unexpected EOF" || len(rows) != 1 {
		t.Errorf("a sheet cut short: %v after %d rows", err, len(rows))
	}
	// A workbook cut short is not a zip archive at all.
	if _, err := Open(bytes.NewReader(data[:len(data)/2]), ""); err == nil || !strings.HasPrefix(err.Error(), "not a readable Excel workbook: zip: not a valid zip file") {
		t.Errorf("a workbook cut short: %v", err)
	}
}

// A zip bomb is stopped by the bound on what is decompressed, whether the
// archive declares the size honestly or not.
func TestZipBomb(t *testing.T) {
	var part bytes.Buffer
	part.WriteString(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + header)
	row := []byte(`<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>`)
	for part.Len() < 2<<20 {
		part.Write(row)
	}
	b := book{Sheets: []testSheet{{Name: "Ark1", Rows: ""}}, Parts: map[string][]byte{"xl/worksheets/sheet1.xml": part.Bytes()}}
	data := b.Bytes()
	// The same archive, declared honestly, read with a lower bound, as if
	// the sheet were larger than it says.
	sheetBoundForTest = 1 << 20
	rd, err := Open(bytes.NewReader(data), "")
	sheetBoundForTest = 0
	if err != nil {
		t.Fatal(err)
	}
	var c nbcsv.Chunk
	for err == nil {
		err = rd.ReadChunk(&c, 1024)
	}
	if !strings.Contains(err.Error(), "xl/worksheets/sheet1.xml decompresses to more than alis reads (is the file a zip bomb?)") {
		t.Errorf("past the bound: %v", err)
	}
	rd.Close()
	// A declared size past the bound is refused before anything is read.
	rd2 := &Reader{}
	rd2.zr, _ = zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if _, err := rd2.openPart("xl/worksheets/sheet1.xml", 1<<20); err == nil || !strings.Contains(err.Error(), "alis reads at most 1048576 (is the file a zip bomb?)") {
		t.Errorf("declared past the bound: %v", err)
	}
}

func TestHiddenFirstSheet(t *testing.T) {
	b := book{Sheets: []testSheet{
		{Name: "Skjult", State: "hidden", Rows: header + `<row r="2"><c r="A2" t="inlineStr"><is><t>HIDDEN</t></is></c></row>`},
		{Name: "Ark1", Rows: header + `<row r="2"><c r="A2" t="inlineStr"><is><t>SHOWN</t></is></c></row>`},
	}}
	rd, rows, err := readRows(b.Bytes(), "")
	if err != nil {
		t.Fatal(err)
	}
	if rd.Sheet != "Ark1" || len(rd.Hidden) != 1 || rd.Hidden[0] != "Skjult" || rows[0].Cells != "SHOWN||" {
		t.Errorf("sheet %s, hidden %v, rows %v", rd.Sheet, rd.Hidden, rows)
	}
	rd, rows, err = readRows(b.Bytes(), "Skjult")
	if err != nil || rd.Sheet != "Skjult" || rows[0].Cells != "HIDDEN||" {
		t.Errorf("--sheet Skjult: %v %v", err, rows)
	}
}

// The reader gives the same rows as excelize's, the reference, over many
// generated workbooks: shared and inline strings with Norwegian letters,
// whole and decimal numbers, booleans, empty cells and rows, formulas with
// cached values, and more than one sheet.
func TestAgreesWithExcelize(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	texts := []string{"Bodø", "næringsdrift", "Fastlønn", "A-1", "x y", "Åse & Ærlig <ok>", "=not a formula", " padded ", "tab\there", "0301"}
	for n := 0; n < 150; n++ {
		f := excelize.NewFile()
		sheet := "Ark1"
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			t.Fatal(err)
		}
		rows, cols := 1+rng.IntN(40), 1+rng.IntN(12)
		for r := 1; r <= rows; r++ {
			if rng.IntN(8) == 0 {
				continue // an empty row
			}
			for c := 1; c <= cols; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r)
				var err error
				switch rng.IntN(7) {
				case 0:
					err = f.SetCellStr(sheet, cell, texts[rng.IntN(len(texts))])
				case 1:
					err = f.SetCellInt(sheet, cell, int64(rng.IntN(1_000_000)))
				case 2:
					err = f.SetCellValue(sheet, cell, fmt.Sprintf("%d.%02d", rng.IntN(400000), rng.IntN(100)))
				case 3:
					err = f.SetCellBool(sheet, cell, rng.IntN(2) == 0)
				case 4:
					err = f.SetCellFormula(sheet, cell, "1+1")
				case 5:
					err = f.SetCellDefault(sheet, cell, strconv.Itoa(rng.IntN(50000)))
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		want, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		var wantRows []string
		for _, r := range want {
			line := strings.TrimRight(strings.Join(r, "|"), "|")
			if strings.Trim(line, "| ") != "" {
				wantRows = append(wantRows, line)
			}
		}
		rd, err := Open(bytes.NewReader(buf.Bytes()), "")
		if err != nil {
			if len(wantRows) == 0 {
				continue // no header row: both see an empty sheet
			}
			t.Fatalf("workbook %d: %v", n, err)
		}
		got := []string{strings.TrimRight(strings.Join(rd.Header, "|"), "|")}
		var c nbcsv.Chunk
		for {
			err := rd.ReadChunk(&c, 7)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("workbook %d: %v", n, err)
			}
			for i := 0; i < c.Len(); i++ {
				got = append(got, strings.TrimRight(strings.Clone(strings.Join(c.Fields(i, nil), "|")), "|"))
			}
		}
		rd.Close()
		// The header is trimmed of spaces, as headers are matched.
		wantRows[0] = strings.Join(trimAll(strings.Split(wantRows[0], "|")), "|")
		if diff := cmp.Diff(wantRows, got); diff != "" {
			t.Fatalf("workbook %d (-excelize +xlsx):\n%s", n, diff)
		}
	}
}

func trimAll(xs []string) []string {
	for i := range xs {
		xs[i] = strings.TrimSpace(xs[i])
	}
	return xs
}

// The texts of numbers view the reader's buffer of the row: a header given
// as numbers keeps its names while the rows after it fill that buffer.
func TestNumericHeaderOutlivesTheRows(t *testing.T) {
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1"><v>2021</v></c><c r="C1" t="n"><v>2022</v></c></row>`
	for r := 2; r < 200; r++ {
		rows += fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>A-%d</t></is></c><c r="B%d"><v>%d</v></c><c r="C%d"><v>98765</v></c></row>`, r, r, r, r, 100000+r, r)
	}
	b := book{Sheets: []testSheet{{Name: "Ark1", Rows: rows}}}
	rd, got, err := readRows(b.Bytes(), "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"id", "2021", "2022"}, rd.Header); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if len(got) != 198 || got[197].Cells != "A-199|100199|98765" {
		t.Errorf("%d rows, the last %+v", len(got), got[len(got)-1])
	}
}

// A % makes a number format a percentage only where it is shown as a
// percent sign: not in quotes, not escaped.
func TestPercentFormat(t *testing.T) {
	for code, want := range map[string]bool{"0%": true, "0.00%": true, "0.0 %": true, `#,##0.0"%"`: false, `0\%`: false, `0_%`: false,
		"0": false, "General": false, `"pct" 0%`: true, `0.00%;[Red]-0.00%`: true, "dd.mm.yyyy": false} {
		if got := percentFormat(code); got != want {
			t.Errorf("%q: %v, want %v", code, got, want)
		}
	}
}

// A cell may hold any character a workbook can store, the unit separator
// and a semicolon among them: the cells of a row are handed on apart, not
// joined by a character and split again.
func TestCellsAreApart(t *testing.T) {
	b := book{Sheets: []testSheet{{Name: "Ark1", Rows: header +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>A_x001F_B</t></is></c><c r="B2" t="inlineStr"><is><t>x;y,z</t></is></c><c r="C2"><v>1</v></c></row>`}}}
	rd, err := Open(bytes.NewReader(b.Bytes()), "")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var c nbcsv.Chunk
	if err := rd.ReadChunk(&c, 10); err != nil {
		t.Fatal(err)
	}
	if got := c.Fields(0, nil); !c.Apart || c.Errs[0] != nil || !reflect.DeepEqual(got, []string{"A\x1fB", "x;y,z", "1"}) || string(c.Field(0, 1)) != "x;y,z" {
		t.Errorf("fields %q (apart %v, error %v)", got, c.Apart, c.Errs[0])
	}
}
