package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"

	"github.com/xuri/excelize/v2"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
)

// workbook builds a workbook as a finance officer's would be: a sheet Ark1
// with Norwegian headers, numbers stored as numbers, a date stored as a date
// serial with a date format, a date typed as text, a kommune number as text,
// empty cells, and a second sheet.
func workbook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Ark1"))
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	for i, h := range []string{"Avtalenr", "Kommunenr", "Driftsform", "Rolle", "Fra", "Til", "Kostnader", "Merknad"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		must(f.SetCellStr("Ark1", cell, h))
	}
	// Row 2: a date serial (44197 = 2021-01-01) with a date format, a whole number.
	must(f.SetCellStr("Ark1", "A2", "X-1"))
	must(f.SetCellStr("Ark1", "B2", "0301"))
	must(f.SetCellStr("Ark1", "C2", "Næringsdrift"))
	must(f.SetCellInt("Ark1", "E2", 44197))
	must(f.SetCellStyle("Ark1", "E2", "E2", dateStyle))
	must(f.SetCellInt("Ark1", "G2", 300000))
	must(f.SetCellStr("Ark1", "H2", "Bodø"))
	// Row 3: a date as text, a number with decimals, a vikar ending as a serial.
	must(f.SetCellStr("Ark1", "A3", "X-2"))
	must(f.SetCellStr("Ark1", "C3", "næring"))
	must(f.SetCellStr("Ark1", "D3", "vikar"))
	must(f.SetCellStr("Ark1", "E3", "01.01.2021"))
	must(f.SetCellInt("Ark1", "F3", 44592)) // 2022-01-31
	must(f.SetCellDefault("Ark1", "G3", "200000.5"))
	// Row 4 is empty and skipped. Row 5: an amount typed as text with a decimal comma and spaces.
	must(f.SetCellStr("Ark1", "A5", "X-3"))
	must(f.SetCellStr("Ark1", "C5", "Fastlønn"))
	must(f.SetCellStr("Ark1", "E5", "2021-08-01"))
	must(f.SetCellStr("Ark1", "G5", "400 000,00"))
	// Row 6: a malformed amount, named by its cell.
	must(f.SetCellStr("Ark1", "A6", "X-4"))
	must(f.SetCellStr("Ark1", "C6", "næring"))
	must(f.SetCellStr("Ark1", "E6", "2021-01-01"))
	must(f.SetCellStr("Ark1", "G6", "1.234,5.6"))
	// Row 7: a cell beyond the header: the row as a whole is rejected.
	must(f.SetCellStr("Ark1", "A7", "X-5"))
	must(f.SetCellStr("Ark1", "C7", "næring"))
	must(f.SetCellStr("Ark1", "E7", "2021-01-01"))
	must(f.SetCellStr("Ark1", "I7", "stray"))
	// A second sheet.
	_, err = f.NewSheet("Andre")
	must(err)
	must(f.SetSheetRow("Andre", "A1", &[]any{"id", "driftsform", "start", "cost"}))
	must(f.SetSheetRow("Andre", "A2", &[]any{"Y-1", "fastlonn", "2021-01-01", 250000}))
	p := filepath.Join(t.TempDir(), "avtaler.xlsx")
	must(f.SaveAs(p))
	return p
}

func TestBatchReadsWorkbooks(t *testing.T) {
	p := workbook(t)
	out, stderr, code := runAlis(t, nil, "batch", p)
	if code != exitRejected {
		t.Fatalf("exit %d, want 1 (one bad amount)\n%s", code, stderr)
	}
	want := strings.Join([]string{
		"line,id,Kommunenr,Driftsform,Rolle,Fra,Til,Kostnader,Merknad,kommune_name,year,period,scheme,eligible,months,cap_prorated,cost_limit,practice_compensation,learning_activities,productivity,supervision,facilitation,centrality_supplement,grant,grant_basis,kommune_share,unknown,missing,not_computed_in,beyond_rules_from,reasons,error_code,error\r",
		`2,X-1,0301,Næringsdrift,,2021-01-01,,300000.00,Bodø,Oslo - Oslove,2021,2021,naering,true,12,240000.00,240000.00,,,,,,,240000.00,exact,60000.00,,,"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period",2027-06-01,,,` + "\r",
		`3,X-2,,næring,vikar,2021-01-01,2022-01-31,200000.50,,,2021,2021,naering,true,12,240000.00,160000.40,,,,,,,160000.00,exact,40000.50,,,"2022: missing: no employment period, and the rules of this period pay per employment period",,,,` + "\r",
		`5,X-3,,Fastlønn,,2021-08-01,,400000.00,,,2021,2021,fastlonn,true,5,100000.00,320000.00,,,,,,,100000.00,exact,300000.00,,,"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period",2027-06-01,,,` + "\r",
		`6,X-4,,næring,,2021-01-01,,"1.234,5.6",,,2021,2021,,,,,,,,,,,,,,,,,,,,bad_value,"Ark1!G6: Kostnader: not an amount: ""1.234,5.6"" mixes . and , so that the decimals cannot be told"` + "\r",
		`7,X-5,,næring,,2021-01-01,,,,,2021,2021,,,,,,,,,,,,,,,,,,,,field_count,"Ark1!7:7: the row has 9 fields, the header has 8"` + "\r",
		"",
	}, "\n")
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	if !strings.Contains(stderr, `alis: error: `+p+`: Ark1!G6: Kostnader: not an amount: "1.234,5.6" mixes . and , so that the decimals cannot be told`) {
		t.Errorf("stderr does not name the cell:\n%s", stderr)
	}
	// --sheet, and a sheet that is not there.
	out, _, code = runAlis(t, nil, "batch", p, "--sheet", "Andre")
	if code != exitOK || !strings.Contains(out, "\n2,Y-1,fastlonn,2021-01-01,250000.00,2021,2021,fastlonn,true,12,240000.00,200000.00,,,,,,,200000.00,exact,50000.00,,,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r\n") {
		t.Errorf("--sheet Andre: exit %d\n%s", code, out)
	}
	_, stderr, code = runAlis(t, nil, "batch", p, "--sheet", "Ark9")
	if code != exitCannot || !strings.Contains(stderr, `alis: error: `+p+`: no sheet "Ark9"; the sheets are Ark1, Andre`) {
		t.Errorf("unknown sheet: exit %d\n%s", code, stderr)
	}
	// From standard input, found by its first bytes.
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, _, _ = runAlis(t, f, "batch", "-")
	if !strings.Contains(out, "X-1,0301,Næringsdrift,,2021-01-01,,300000.00,Bodø,Oslo - Oslove,2021,2021,naering,true,12") {
		t.Errorf("from standard input:\n%s", out)
	}
	// compare reads workbooks too.
	out, _, _ = runAlis(t, nil, "compare", p, "--year", "2020", "--year", "2021", "--format", "csv")
	if !strings.Contains(out, "5,X-3,0.00,false,100000.00,true,100000.00,") {
		t.Errorf("compare on a workbook:\n%s", out)
	}
}

// A workbook made by a spreadsheet program (see testdata/xlsx/README.md).
func TestBatchReadsARealWorkbook(t *testing.T) {
	out, stderr, code := runAlis(t, nil, "batch", "../../../../testdata/xlsx/avtaler-libreoffice.xlsx", "--format", "json")
	if code != exitRejected {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		`"id":"L-1","kommune":"0301",`, // a number cell 301 is kommune 0301
		`"id":"L-2","kommune":"1804","year":2021,"grant_period":"2021","grant_type":"alis_avtale","driftsform":"fastlonn"`,
		`"period":{"start":"2021-08-01","end":"2021-12-31"}`, // a date serial with a date format
		`"cost":"400000.00"`,                                      // the cached value of =250000+150000
		`"id":"L-3"`, `"cost":"200000.50"`, `"grant":"160000.00"`, // a vikar to 2022-01-31 (a serial)
		`{"line":5,"cell":"avtaler!G5","id":"L-4","rejected":true,"code":"bad_value","column":"Kostnader","field":"cost","message":"not an amount: \"1.234,5.6\" mixes . and , so that the decimals cannot be told"}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
}

// -o FILE.xlsx writes a workbook that opens ready to read: a results sheet
// with the line, the input columns in their types and the result columns
// under headers in the reader's language, amounts as numbers with a kr
// format, dates as dates, the header frozen with filter buttons over the
// rows, columns as wide as their content and a total row; and a summary.
func TestBatchWritesWorkbooks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "resultat.xlsx")
	_, stderr, code := runAlis(t, nil, "batch", "../../../../testdata/xlsx/avtaler-libreoffice.xlsx", "-o", target, "--allocate", "prorata", "--year", "2021", "--set", "schemes.naering.budget=300000", "--lang", "nb")
	if code != exitRejected {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	f, err := excelize.OpenFile(target)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Resultater" || got[1] != "Sammendrag" {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("Resultater", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := "Linje,Avtalenr,Kommunenr,Driftsform,Rolle,Fra,Til,Kostnader,Merknad,Kommunenavn,År,Periode,Ordning,Berettiget,Måneder," +
		"Tak for månedene,Grense etter kostnadene,Praksiskompensasjon,Læringsaktiviteter,Lavere produktivitet,Veiledning," +
		"Tilrettelegging,Sentralitetstillegg,Tilskudd,Tilskudd etter fordeling,Tilskuddet er,Kommunens andel,Ukjente verdier,Ikke oppgitt,Ikke regnet i,Utenfor reglene fra,Begrunnelse,Feil"
	if len(rows) != 6 || strings.Join(rows[0], ",") != wantHeader {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	// L-3 (line 4): a vikar from 2021-01-01 to 2022-01-31 with costs of
	// 200 000,50 kr: dates as serials, the costs and the results in kroner.
	if got := strings.Join(rows[3][:8], ","); got != "4,L-3,5401,Næring,Fastlegevikar,44197,44592,200000.50" {
		t.Errorf("L-3's input: %s", got)
	}
	if got := strings.Join(rows[3][9:27], ","); got != "(ikke en kommune i 2024),2021,2021,ALIS-avtaler, næringsdrift,ja,12,240000.00,160000.40,,,,,,,160000.00,120000.00,nøyaktig,80000.50" {
		t.Errorf("L-3's results: %s", got)
	}
	for cell, want := range map[string]string{"F4": "01.01.2021", "G4": "31.01.2022", "A4": "4"} {
		if got, _ := f.GetCellValue("Resultater", cell); got != want {
			t.Errorf("%s shows %q, want %q", cell, got, want)
		}
	}
	for _, cell := range []string{"H4", "X4", "X6"} {
		style, _ := f.GetCellStyle("Resultater", cell)
		if st, err := f.GetStyle(style); err != nil || st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "kr") {
			t.Errorf("%s has no kr number format: %+v %v", cell, st, err)
		}
	}
	// The rejected row keeps the amount that does not read, as text.
	if rows[4][7] != "1.234,5.6" || !strings.HasPrefix(rows[4][len(rows[4])-1], "avtaler!G5: Kostnader: ikke et beløp") {
		t.Errorf("the rejected row: %q", rows[4])
	}
	// The total row sums the money columns of the rows whose grant is exact;
	// there are no maxima here, so no row of them. After the allocation the
	// kommune pays what the allocated grants leave of the costs: 900 000,50
	// − 400 000.
	if rows[5][0] != "Sum av nøyaktige tilskudd" || rows[5][23] != "500000.00" || rows[5][26] != "500000.50" || rows[5][7] != "900000.50" || rows[5][17] != "" {
		t.Errorf("total row %q", rows[5])
	}
	if fm, _ := f.GetCellFormula("Resultater", "X6"); fm != `SUMIFS(X2:X5,Z2:Z5,"nøyaktig")` {
		t.Errorf("the grant's total is %q", fm)
	}
	// Each column is wide enough for its widest cell: "900 000,50 kr" is 13.
	if w, _ := f.GetColWidth("Resultater", "H"); w < 13 {
		t.Errorf("the costs' column is %v wide", w)
	}
	// The header has filter buttons over the rows, not the total.
	zr, err := zip.OpenReader(target)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var sheetXML, workbookXML []byte
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err) // a checksum that does not match
		}
		switch zf.Name {
		case "xl/worksheets/sheet1.xml":
			sheetXML = b
		case "xl/workbook.xml":
			workbookXML = b
		}
	}
	if !bytes.Contains(sheetXML, []byte(`<autoFilter ref="A1:AG5"/>`)) || !bytes.Contains(workbookXML, []byte(`<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Resultater'!$A$1:$AG$5</definedName>`)) {
		t.Errorf("no autofilter over A1:AG5:\n%s", workbookXML)
	}
	panes, err := f.GetPanes("Resultater")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	summary, _ := f.GetRows("Sammendrag", excelize.Options{RawCellValue: true})
	if len(summary) < 4 || summary[0][0] != "Ordning" || summary[0][5] != "Tilskudd" || summary[1][0] != "ALIS-avtaler, næringsdrift" || !slices.ContainsFunc(summary, func(r []string) bool {
		return len(r) == 1 && r[0] == "ALIS-avtaler, næringsdrift: ALIS-avtaler for fastleger i næringsdrift og fastlegevikarer i næringsdrift utover et års varighet"
	}) || summary[1][12] != "300000.00" || summary[1][15] != "88" {
		t.Errorf("summary sheet: %q", summary)
	}
	// In English, the headers are English and dates ISO 8601.
	en := filepath.Join(dir, "en.xlsx")
	if _, stderr, code := runAlis(t, nil, "batch", "../../../../testdata/xlsx/avtaler-libreoffice.xlsx", "-o", en, "--year", "2021", "--lang", "en"); code != exitRejected {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	fe, err := excelize.OpenFile(en)
	if err != nil {
		t.Fatal(err)
	}
	defer fe.Close()
	if sheets := fe.GetSheetList(); sheets[0] != "Results" {
		t.Errorf("sheets %v", sheets)
	}
	if h, _ := fe.GetCellValue("Results", "X1"); h != "Grant" {
		t.Errorf("X1 is %q", h)
	}
	if d, _ := fe.GetCellValue("Results", "F4"); d != "2021-01-01" {
		t.Errorf("F4 shows %q", d)
	}
	// Without --format, only a name ending in .xlsx makes a workbook; a workbook goes to stdout only with -o -.
	if _, stderr, code := runAlis(t, nil, "batch", "../../../../testdata/xlsx/avtaler-libreoffice.xlsx", "--format", "xlsx"); code != exitCannot ||
		!strings.Contains(stderr, "alis: error: --format xlsx: a workbook is not written to standard output") {
		t.Errorf("xlsx to stdout: exit %d %s", code, stderr)
	}
	seenInLibreOffice(t, dir, target)
}

// seenInLibreOffice prints the workbook to PDF with LibreOffice, where it is
// installed, and reads the pages as a person would: every amount a number,
// none shown as ### for want of width.
func seenInLibreOffice(t *testing.T, dir, target string) {
	soffice, err := exec.LookPath("soffice")
	if err != nil || testing.Short() {
		t.Log("soffice (LibreOffice) not installed: not opening the workbook in a spreadsheet program")
		return
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext (poppler-utils) not installed: not reading the printed workbook")
		return
	}
	cmd := exec.Command(soffice, "--headless", "--convert-to", "pdf", "--outdir", dir, target)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	pdf := strings.TrimSuffix(target, ".xlsx") + ".pdf"
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	// The amounts as LibreOffice's locale groups them: 160 000,00 kr or 160,000.00 kr.
	amount := func(whole, frac string) *regexp.Regexp {
		return regexp.MustCompile(whole[:len(whole)-3] + `[ ,.\x{a0}\x{202f}]?` + whole[len(whole)-3:] + `[.,]` + frac + `\s*kr`)
	}
	for _, want := range []*regexp.Regexp{amount("160000", "40"), amount("500000", "00"), amount("200000", "50"), amount("500000", "50")} {
		if !want.MatchString(text) {
			t.Errorf("the printed workbook does not show %s", want)
		}
	}
	if strings.Contains(text, "###") {
		t.Errorf("the printed workbook shows ### where a column is too narrow:\n%s", text)
	}
	for _, want := range []string{"Tilskudd", "Kommunens andel", "01.01.2021", "Sum av nøyaktige tilskudd", "nøyaktig", "ALIS-avtaler, næringsdrift", "ALIS-avtaler, fastlønn"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed workbook does not show %q", want)
		}
	}
	if t.Failed() {
		t.Logf("the printed workbook:\n%s", text)
	}
}

// The same 30 000 generated agreements as CSV and as a workbook give the
// same results, row for row, but for the cell a rejected row names; the
// sheet is large enough that reading it runs through every buffer of the
// reader many times over.
func TestWorkbookAndCSVAgree(t *testing.T) {
	dir := t.TempDir()
	opt := gen.Options{Rows: 30_000, Seed: 11, Encoding: "utf-8", Year: 2021, Bad: 0.01}
	var csvData, book bytes.Buffer
	if err := gen.Write(&csvData, opt); err != nil {
		t.Fatal(err)
	}
	if err := gen.WriteXLSX(&book, opt); err != nil {
		t.Fatal(err)
	}
	csvPath, bookPath := filepath.Join(dir, "avtaler.csv"), filepath.Join(dir, "avtaler.xlsx")
	if err := os.WriteFile(csvPath, csvData.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bookPath, book.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	fromCSV, _, code1 := runAlis(t, nil, "batch", csvPath, "--year", "2021")
	fromBook, _, code2 := runAlis(t, nil, "batch", bookPath, "--year", "2021")
	if code1 != exitRejected || code2 != exitRejected {
		t.Fatalf("exit %d and %d", code1, code2)
	}
	fromBook = regexp.MustCompile(`"Avtaler![A-Z]+\d+: `).ReplaceAllString(fromBook, `"`)
	a, b := strings.Split(fromCSV, "\n"), strings.Split(fromBook, "\n")
	if len(a) != opt.Rows+2 || len(a) != len(b) {
		t.Fatalf("%d lines from CSV, %d from the workbook", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("line %d:\nCSV:      %s\nworkbook: %s", i+1, a[i], b[i])
		}
	}
}

// A workbook written from many chunks holds the input's texts as they
// were: the shared strings are the cells' own, not views of a buffer that
// later rows reuse.
func TestWrittenWorkbookKeepsTheInputTexts(t *testing.T) {
	dir := t.TempDir()
	var csvData bytes.Buffer
	if err := gen.Write(&csvData, gen.Options{Rows: 20_000, Seed: 12, Encoding: "utf-8", Year: 2021}); err != nil {
		t.Fatal(err)
	}
	csvPath, out := filepath.Join(dir, "avtaler.csv"), filepath.Join(dir, "resultat.xlsx")
	if err := os.WriteFile(csvPath, csvData.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runAlis(t, nil, "batch", csvPath, "--year", "2021", "-o", out, "--lang", "nb"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("Resultater", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	in := strings.Split(strings.TrimSuffix(strings.TrimPrefix(csvData.String(), "\uFEFF"), "\n"), "\n")
	header := strings.Split(strings.TrimSuffix(in[0], "\r"), ";")
	if len(got) < len(in) {
		t.Fatalf("%d rows in the workbook, %d lines in the input", len(got), len(in))
	}
	col := func(row []string, name string) string {
		for i, h := range got[0] {
			if h == name && i < len(row) {
				return row[i]
			}
		}
		return ""
	}
	checked := 0
	for i, line := range in[1:] {
		fields := strings.Split(strings.TrimSuffix(line, "\r"), ";")
		for k, name := range header {
			switch name {
			case "Avtalenr", "Kommunenr", "Driftsform", "Rolle", "Vikarbyrå", "Merknad":
				if w := col(got[i+1], name); w != fields[k] {
					t.Fatalf("row %d, %s: the workbook has %q, the input %q", i+2, name, w, fields[k])
				}
				checked++
			}
		}
	}
	if checked < 100_000 {
		t.Fatalf("only %d cells checked", checked)
	}
}

// The workbook says what kind of figure each grant is, and its totals keep
// exact grants, maxima and unknown grants apart: a total row over the exact
// grants, one over the maxima, and a count of the unknown, in no sum.
func TestWorkbookKeepsTheKindsOfFigureApart(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "register.csv")
	csv := "Avtalenr;Driftsform;Stilling;Stillingsprosent;Fra;Til;Kostnader;Sentralitetsklasse\n" +
		"E-1;næring;;;01.01.2021;31.12.2021;300 000;\n" + // exact: 240 000
		"M-1;fastlønn;;;01.01.2021;31.12.2021;;\n" + // a maximum: up to 240 000, for the costs not given
		"M-2;fastlønn;;;01.07.2021;31.12.2021;;\n" + // a maximum: up to 120 000
		"U-1;;fastlege;100;01.10.2022;31.08.2023;;3\n" // unknown: no source gives the 2023 amount
	if err := os.WriteFile(in, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "resultat.xlsx")
	if _, stderr, code := runAlis(t, nil, "batch", in, "-o", out, "--lang", "nb"); code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Resultater", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	basis, missing, grant := col["Tilskuddet er"], col["Ikke oppgitt"], col["Tilskudd"]
	if basis == 0 || missing == 0 || grant == 0 {
		t.Fatalf("header %q", rows[0])
	}
	want := map[string][3]string{"E-1": {"nøyaktig", "", "240000.00"}, "M-1": {"inntil", "cost", "240000.00"},
		"M-2": {"inntil", "cost", "120000.00"}, "U-1": {"ukjent", "", ""}}
	seen := 0
	for _, r := range rows[1:] {
		if len(r) < 2 {
			continue // the count of unknown grants
		}
		w, ok := want[r[1]]
		if !ok {
			continue
		}
		seen++
		cell := func(i int) string {
			if i < len(r) {
				return r[i]
			}
			return ""
		}
		if got := [3]string{cell(basis), cell(missing), cell(grant)}; got != w {
			t.Errorf("%s: %q, want %q", r[1], got, w)
		}
	}
	if seen != len(want) {
		t.Fatalf("%d of %d agreements found: %q", seen, len(want), rows)
	}
	// The total rows, per period (grants of two periods are not added):
	// exact grants, then maxima, then the count of unknown.
	n := len(rows)
	if len(rows[n-3]) <= grant || rows[n-3][0] != "Sum av nøyaktige tilskudd 2021" || rows[n-3][grant] != "240000.00" {
		t.Errorf("the exact total: %q", rows[n-3])
	}
	if len(rows[n-2]) <= grant || rows[n-2][0] != "Sum av største mulige (inntil) 2021" || rows[n-2][grant] != "360000.00" {
		t.Errorf("the total of maxima: %q", rows[n-2])
	}
	if rows[n-1][0] != "2023: 1 tilskudd er ukjent og med i ingen sum" {
		t.Errorf("the unknown grants: %q", rows[n-1])
	}
	gcol, _ := excelize.ColumnNumberToName(grant + 1)
	bcol, _ := excelize.ColumnNumberToName(basis + 1)
	pcol, _ := excelize.ColumnNumberToName(col["Periode"] + 1)
	end := strconv.Itoa(n - 3)
	if fm, _ := f.GetCellFormula("Resultater", gcol+strconv.Itoa(n-1)); fm != "SUMIFS("+gcol+"2:"+gcol+end+","+bcol+"2:"+bcol+end+`,"inntil",`+pcol+"2:"+pcol+end+`,"2021")` {
		t.Errorf("the maxima's formula: %q", fm)
	}
	// The summary sheets: the maxima and the unknown grants beside the exact sum.
	s21, _ := f.GetRows("Sammendrag 2021", excelize.Options{RawCellValue: true})
	if len(s21) < 2 || s21[0][5] != "Tilskudd" || s21[0][6] != "Inntil (største mulige)" || s21[0][7] != "Ukjente tilskudd" {
		t.Fatalf("summary 2021: %q", s21)
	}
	for _, r := range s21 {
		if r[0] == "total" && (r[5] != "240000.00" || r[6] != "360000.00" || r[7] != "0") {
			t.Errorf("summary 2021 total: %q", r)
		}
	}
}

// workbookOf is the workbook alis batch writes, in bokmål, for a CSV
// register, when the run ends with the exit code want; it is closed with the
// test.
func workbookOf(t *testing.T, csv string, want int, args ...string) *excelize.File {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "register.csv"), filepath.Join(dir, "resultat.xlsx")
	if err := os.WriteFile(in, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runAlis(t, nil, append([]string{"batch", in, "-o", out, "--lang", "nb"}, args...)...); code != want {
		t.Fatalf("exit %d, want %d\n%s", code, want, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// A row rejected before its fields could be read (a stray quote) keeps the
// id read from it in the workbook, as in the CSV, JSON and table.
func TestWorkbookKeepsTheIdOfAnUnsplitRow(t *testing.T) {
	f := workbookOf(t, "Avtalenr;Driftsform;Fra;Til;Kostnader\nA-1;naering;01.01.2021;31.12.2021;300000\nA-2;naering;\"01.01.2021;31.12.2021;300000\nA-3;naering;01.01.2021;31.12.2021;300000\n", exitRejected, "--year", "2021")
	rows, _ := f.GetRows(f.GetSheetList()[0])
	if len(rows) < 4 || rows[2][0] != "3" || rows[2][1] != "A-2" || rows[3][1] != "A-3" {
		t.Errorf("rows: %q", rows)
	}
}

// A workbook's summary sheet for a provisional rule set says so, and one
// for published rules does not.
func TestWorkbookSaysProvisional(t *testing.T) {
	f := workbookOf(t, "Avtalenr;Kommunenr;Stilling;Stillingsprosent;Fra;Til;Sentralitetsklasse\n"+
		"A-25;1804;fastlege;100;01.09.2025;31.05.2026;3\n"+
		"A-26;1818;fastlege;100;01.09.2026;31.05.2027;\n", exitOK)
	says := func(sheet string) bool {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatalf("%s: %v (the sheets: %q)", sheet, err, f.GetSheetList())
		}
		for _, r := range rows {
			if len(r) == 1 && strings.HasPrefix(r[0], "Foreløpige regler: videreført fra 2025/26: Ingen regler for 2026/27 er funnet") {
				return true
			}
		}
		return false
	}
	// The kommune's name beside its number.
	rows, _ := f.GetRows("Resultater")
	col := -1
	for i, h := range rows[0] {
		if h == "Kommunenavn" {
			col = i
		}
	}
	if col < 0 || len(rows) < 3 || rows[1][col] != "Bodø" || rows[2][col] != "Herøy (Nordland)" {
		t.Errorf("the kommune names (column %d): %q", col, rows)
	}
	if !says("Sammendrag 2026-27") || says("Sammendrag 2025-26") {
		t.Errorf("provisional on 2026/27: %v, on 2025/26: %v", says("Sammendrag 2026-27"), says("Sammendrag 2025-26"))
	}
}

// A stillingsprosent cell formatted as a percentage, as Excel stores it
// (100 % as 1, 80,5 % as 0.805, with a built-in or a custom format), reads
// as the percentage it shows; a plain number, and a percent format in
// another column, read as stored.
func TestWorkbookPercentCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9})              // 0%
	custom := "0.0%"                                              // a custom format
	pct1, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &custom}) // 0.0%
	quoted := `0" %"`                                             // a % in quotes is text, not a percentage
	notPct, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &quoted})
	rows := [][]any{
		{"Avtalenr", "Stilling", "Stillingsprosent", "Fra", "Til", "Sentralitetsklasse", "Merknad"},
		{"P-1", "fastlege", 1, "01.10.2022", "31.08.2023", 3, 0.5},
		{"P-2", "fastlege", 0.805, "01.10.2022", "31.08.2023", 3, ""},
		{"P-3", "fastlege", 100, "01.10.2022", "31.08.2023", 3, ""},
		{"P-4", "fastlege", 60, "01.10.2022", "31.08.2023", 3, ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for cell, style := range map[string]int{"C2": pct, "G2": pct, "C3": pct1, "C5": notPct} {
		if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "prosent.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runAlis(t, nil, "batch", p, "--year", "2023", "--format", "jsonl", "--set", "amount.fastlege=400000")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want := map[string]string{"P-1": "100", "P-2": "80.5", "P-3": "100", "P-4": "60"}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct {
			ID         string                     `json:"id"`
			Employment []struct{ Percent string } `json:"employment"`
			Columns    map[string]string          `json:"columns"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Employment) != 1 || r.Employment[0].Percent != want[r.ID] {
			t.Errorf("%s: %+v, want %s %%", r.ID, r.Employment, want[r.ID])
		}
		if r.ID == "P-1" && r.Columns["Merknad"] != "0.5" {
			t.Errorf("a percent format outside the stillingsprosent column changed the cell: %q", r.Columns["Merknad"])
		}
		delete(want, r.ID)
	}
	if len(want) != 0 {
		t.Errorf("no result for %v", want)
	}
}

// Every header of the results sheet is unique (an input column named as a
// result column is is marked as the input's), and the summary's last row
// is "Totalt".
func TestWorkbookHeadersAreUnique(t *testing.T) {
	out := filepath.Join(t.TempDir(), "resultat.xlsx")
	if _, stderr, code := runAlis(t, nil, "batch", "../../../../testdata/csv/generasjoner.csv", "-o", out, "--lang", "nb"); code > exitRejected {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Resultater")
	if err != nil || len(rows) == 0 {
		t.Fatalf("%v %d rows", err, len(rows))
	}
	seen := map[string]bool{}
	for _, h := range rows[0] {
		if seen[strings.ToLower(h)] {
			t.Errorf("the header %q twice: %q", h, rows[0])
		}
		seen[strings.ToLower(h)] = true
	}
	if !seen["inndata: praksiskompensasjon"] || !seen["praksiskompensasjon"] {
		t.Errorf("the input's and the result's Praksiskompensasjon: %q", rows[0])
	}
	for _, sheet := range f.GetSheetList()[1:] {
		s, _ := f.GetRows(sheet)
		if n := len(s); n < 3 || s[n-3][0] != "Totalt" && s[n-2][0] != "Totalt" && s[n-1][0] != "Totalt" {
			t.Errorf("%s has no row Totalt: %q", sheet, s)
		}
	}
}

// The workbook prints: 20 agreements on at most two landscape pages, one
// page wide, the header row at the top of each, and a footer with the
// input's name and the page's number.
func TestWorkbookPrints(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil || testing.Short() {
		t.Skip("soffice (LibreOffice) not installed: the workbook is not printed")
	}
	pdftotext, err1 := exec.LookPath("pdftotext")
	pdfinfo, err2 := exec.LookPath("pdfinfo")
	if err1 != nil || err2 != nil {
		t.Skip("poppler-utils not installed: the printed workbook is not read")
	}
	dir := t.TempDir()
	in := genFile(t, 20)
	target := filepath.Join(dir, "utskrift.xlsx")
	if _, stderr, code := runAlis(t, nil, "batch", in, "--year", "2021", "-o", target, "--lang", "nb"); code > exitRejected {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	cmd := exec.Command(soffice, "--headless", "--convert-to", "pdf", "--outdir", dir, target)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	pdf := strings.TrimSuffix(target, ".xlsx") + ".pdf"
	info, err := exec.Command(pdfinfo, pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	var pages int
	var w, h float64
	for _, line := range strings.Split(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			pages, _ = strconv.Atoi(strings.TrimSpace(v))
		}
		if v, ok := strings.CutPrefix(line, "Page size:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%f x %f", &w, &h)
		}
	}
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	sheets := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	// The results, then the summary.
	if pages < 2 || pages > 3 || len(sheets) != pages {
		t.Fatalf("%d pages (%d read): 20 agreements and a summary print on at most 3", pages, len(sheets))
	}
	if w <= h {
		t.Errorf("pages of %.0f × %.0f points: not landscape", w, h)
	}
	for i, p := range sheets {
		if i < len(sheets)-1 && !strings.Contains(p, "Linje") {
			t.Errorf("page %d has no header row:\n%s", i+1, p)
		}
		if !strings.Contains(p, "Side "+strconv.Itoa(i+1)+" av") || !strings.Contains(p, filepath.Base(in)) {
			t.Errorf("page %d has no footer with the input and the page:\n%s", i+1, p)
		}
	}
	if !strings.Contains(string(out), "A-100019") {
		t.Errorf("the last agreement is not printed:\n%s", out)
	}
	// The columns no row has a value in (the elements of 2025/26, in a
	// batch of 2021) are hidden, and do not print.
	if strings.Contains(sheets[0], "Praksiskompensasjon") || !strings.Contains(sheets[0], "Tilskuddet er") {
		t.Errorf("the empty columns print, or the kind of figure does not:\n%s", sheets[0])
	}
}

// Every date input of the table is read from a date serial in a workbook,
// with or without a date format: none of them reads 44197 as text.
func TestEveryDateColumnReadsSerials(t *testing.T) {
	f := excelize.NewFile()
	header, row := []any{"id", "driftsform"}, []any{"D-1", "næring"}
	for _, in := range input.All {
		if in.Kind == input.Date {
			serial := 44197 // 2021-01-01
			if in.Name == calc.FieldEnd || in.Name == calc.FieldVikariatEnd {
				serial = 44561 // 2021-12-31
			}
			header, row = append(header, in.Name), append(row, serial)
		}
	}
	if len(header) < 8 {
		t.Fatalf("only %d date inputs", len(header)-2)
	}
	if err := f.SetSheetRow("Sheet1", "A1", &header); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow("Sheet1", "A2", &row); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "datoer.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runAlis(t, nil, "batch", p, "--year", "2021", "--format", "jsonl")
	if code != exitOK || !strings.Contains(out, `"period":{"start":"2021-01-01","end":"2021-12-31"}`) {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
}

// The workbook's input cells written from the values the worker read are
// the cells written from their text, byte for byte: for a register of
// agreements, one of employment periods and one with bad rows.
func TestTypedInputCellsAreTheTextCells(t *testing.T) {
	dir := t.TempDir()
	var inputs []string
	for k, o := range []gen.Options{{Rows: 3000, Seed: 5, Year: 2021, Bad: 0.02}, {Rows: 2000, Seed: 6, Year: 2025, Employment: true, Bad: 0.01}} {
		o.Encoding = "utf-8"
		var buf bytes.Buffer
		if err := gen.Write(&buf, o); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("in%d.csv", k))
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, p)
	}
	sheets := func(p string) map[string]string { return zipParts(t, p, "xl/worksheets/") }
	for _, in := range inputs {
		typed, text := filepath.Join(dir, "typed.xlsx"), filepath.Join(dir, "text.xlsx")
		if _, stderr, code := runAlis(t, nil, "batch", in, "--workers", "1", "-o", typed); code > exitRejected {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		output.TestHookTextCells = true
		_, stderr, code := runAlis(t, nil, "batch", in, "--workers", "1", "-o", text)
		output.TestHookTextCells = false
		if code > exitRejected {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		a, b := sheets(typed), sheets(text)
		if len(a) == 0 || !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the typed cells differ from the text cells (%d and %d sheets)", in, len(a), len(b))
			for name, x := range a {
				if y := b[name]; x != y {
					i := 0
					for i < len(x) && i < len(y) && x[i] == y[i] {
						i++
					}
					t.Logf("%s at %d: typed %q, text %q", name, i, x[max(0, i-200):min(len(x), i+100)], y[max(0, i-200):min(len(y), i+100)])
				}
			}
		}
	}
}

// alis mal writes a register to fill in; filled in a spreadsheet program
// (here excelize), alis batch reads it with no flags and gives the grants
// that calc gives the same agreements.
func TestFilledTemplateBatches(t *testing.T) {
	dir := t.TempDir()
	fill := func(t *testing.T, path string, rows [][]any) string {
		t.Helper()
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		header, err := f.GetRows(sheet)
		if err != nil || len(header) != 1 {
			t.Fatalf("the template's rows: %v, %v", header, err)
		}
		col := map[string]int{}
		for i, h := range header[0] {
			col[h] = i
		}
		for r, row := range rows {
			for k := 0; k+1 < len(row); k += 2 {
				c, ok := col[row[k].(string)]
				if !ok {
					t.Fatalf("the template has no column %q: %v", row[k], header[0])
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
				if err := f.SetCellValue(sheet, cell, row[k+1]); err != nil {
					t.Fatal(err)
				}
			}
		}
		out := strings.TrimSuffix(path, ".xlsx") + "-filled.xlsx"
		if err := f.SaveAs(out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	t.Run("2021", func(t *testing.T) {
		p := filepath.Join(dir, "avtaler-2021.xlsx")
		if _, stderr, code := runAlis(t, nil, "mal", "--year", "2021", "-o", p); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		sheetXML := zipPart(t, p, "xl/worksheets/sheet1.xml")
		for _, want := range []string{`state="frozen"`, `type="list"`, `<formula1>&#34;næring,fastlønn&#34;</formula1>`, `type="date"`, `promptTitle="Kostnader"`} {
			if !strings.Contains(sheetXML, want) && !strings.Contains(sheetXML, strings.ReplaceAll(want, "&#34;", "&quot;")) {
				t.Errorf("the template's sheet lacks %s", want)
			}
		}
		filled := fill(t, p, [][]any{
			{"Avtalenr", "A-1", "Driftsform", "næring", "Startdato", "01.01.2021", "Kostnader", 300000},
			{"Avtalenr", "A-2", "Driftsform", "fastlønn", "Startdato", "01.08.2021", "Kostnader", 400000},
		})
		out, stderr, code := runAlis(t, nil, "batch", filled, "--format", "jsonl")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{`"id":"A-1"`, `"grant":"240000.00"`, `"id":"A-2"`, `"grant":"100000.00"`} {
			if !strings.Contains(out, want) {
				t.Errorf("the filled template's results lack %s:\n%s", want, out)
			}
		}
	})
	t.Run("2025/26", func(t *testing.T) {
		p := filepath.Join(dir, "register-2025-26.xlsx")
		if _, stderr, code := runAlis(t, nil, "mal", "--year", "2025/26", "-o", p); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		filled := fill(t, p, [][]any{
			{"Avtalenr", "B-1", "Kommunenr", "1804", "Stilling", "fastlege", "Stillingsprosent", 50, "Startdato", "01.06.2025", "Sluttdato", "30.11.2025",
				"Første dag som fastlege", "01.06.2025", "Praksiskompensasjon", 28000, "Veiledningstimer", 40},
			{"Avtalenr", "B-1", "Stilling", "fastlege", "Stillingsprosent", 100, "Startdato", "01.12.2025", "Sluttdato", "31.05.2026"},
		})
		out, stderr, code := runAlis(t, nil, "batch", filled, "--format", "jsonl")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		calcOut, _, code := runAlis(t, nil, "calc", "--kommune", "1804", "--employment", "fastlege 50 % 01.06.2025–30.11.2025", "--employment", "fastlege 100 % 01.12.2025–31.05.2026",
			"--first-fastlege-date", "01.06.2025", "--absence-compensation", "28000", "--supervision-hours", "40", "--format", "jsonl")
		if code != exitOK {
			t.Fatalf("calc: exit %d", code)
		}
		var fromBatch, fromCalc struct {
			Grant *string `json:"grant"`
		}
		if err := json.Unmarshal([]byte(out), &fromBatch); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if err := json.Unmarshal([]byte(calcOut), &fromCalc); err != nil {
			t.Fatal(err)
		}
		if fromBatch.Grant == nil || fromCalc.Grant == nil || *fromBatch.Grant != *fromCalc.Grant {
			t.Errorf("batch of the filled template: grant %v; calc: %v\n%s", fromBatch.Grant, fromCalc.Grant, out)
		}
	})
	// An existing register is not written over.
	p := filepath.Join(dir, "avtaler-2021.xlsx")
	if _, stderr, code := runAlis(t, nil, "mal", "--year", "2021", "-o", p); code != exitCannot || !strings.Contains(stderr, "is there already") {
		t.Errorf("over an existing file: exit %d: %s", code, stderr)
	}
}

// zipPart is one part of a zip archive.
func zipPart(t *testing.T, path, name string) string {
	t.Helper()
	part, ok := zipParts(t, path, name)[name]
	if !ok {
		t.Fatalf("%s has no %s", path, name)
	}
	return part
}

// zipParts are the parts of a zip archive whose names begin with prefix.
func zipParts(t *testing.T, path, prefix string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, prefix) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	return out
}
