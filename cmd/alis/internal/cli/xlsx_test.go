package cli

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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
		"line,id,Merknad,year,period,scheme,eligible,months,cap_prorated,cost_limit,practice_compensation,learning_activities,productivity,supervision,facilitation,centrality_supplement,grant,kommune_share,unknown,reasons,error\r",
		"2,X-1,Bodø,2021,2021,naering,true,12,240000.00,240000.00,,,,,,,240000.00,60000.00,,,\r",
		"3,X-2,,2021,2021,naering,true,12,240000.00,160000.40,,,,,,,160000.00,40000.50,,,\r",
		"5,X-3,,2021,2021,fastlonn,true,5,100000.00,320000.00,,,,,,,100000.00,300000.00,,,\r",
		`6,X-4,,2021,2021,,,,,,,,,,,,,,,,"Ark1!G6: Kostnader: not an amount: ""1.234,5.6"" mixes . and , so that the decimals cannot be told"` + "\r",
		"7,X-5,,2021,2021,,,,,,,,,,,,,,,,\"Ark1!7:7: the row has 9 fields, the header has 8\"\r",
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
	if code != exitOK || !strings.Contains(out, "\n2,Y-1,2021,2021,fastlonn,true,12,240000.00,200000.00,,,,,,,200000.00,50000.00,,,\r\n") {
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
	if !strings.Contains(out, "X-1,Bodø,2021,2021,naering,true,12") {
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

// -o FILE.xlsx writes a workbook: a results sheet with the input columns and
// then the result columns, amounts as numbers with a kr format, the header
// frozen with filter buttons; and a summary sheet.
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
	wantHeader := "line,Avtalenr,Kommunenr,Driftsform,Rolle,Fra,Til,Kostnader,Merknad,year,period,scheme,eligible,months,cap_prorated,cost_limit," +
		"practice_compensation,learning_activities,productivity,supervision,facilitation,centrality_supplement,grant,allocated_grant,kommune_share,unknown,reasons,error"
	if strings.Join(rows[0], ",") != wantHeader || len(rows) != 5 {
		t.Fatalf("header %q, %d rows", rows[0], len(rows))
	}
	// L-3: grant 160000 (a number with the kr format), kommune share 40000.5.
	if got := strings.Join(rows[3][9:25], ","); got != "2021,2021,naering,ja,12,240000.00,160000.40,,,,,,,160000.00,120000.00,40000.50" {
		t.Errorf("L-3 results: %s", got)
	}
	if typ, _ := f.GetCellType("Resultater", "W4"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("the grant is stored as %v, not a number", typ)
	}
	style, _ := f.GetCellStyle("Resultater", "W4")
	if st, err := f.GetStyle(style); err != nil || st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "kr") {
		t.Errorf("the grant has no kr number format: %+v %v", st, err)
	}
	if !strings.HasPrefix(rows[4][len(rows[4])-1], "avtaler!G5: Kostnader: ikke et beløp") {
		t.Errorf("the rejected row: %q", rows[4])
	}
	// The header has filter buttons over the whole table.
	zr, err := zip.OpenReader(target)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var sheetXML, workbookXML []byte
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		switch zf.Name {
		case "xl/worksheets/sheet1.xml":
			sheetXML = b
		case "xl/workbook.xml":
			workbookXML = b
		}
	}
	if !bytes.Contains(sheetXML, []byte(`<autoFilter ref="A1:AB5"/>`)) || !bytes.Contains(workbookXML, []byte(`<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Resultater'!$A$1:$AB$5</definedName>`)) {
		t.Errorf("no autofilter over A1:AB5:\n%s", workbookXML)
	}
	panes, err := f.GetPanes("Resultater")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	summary, _ := f.GetRows("Sammendrag", excelize.Options{RawCellValue: true})
	if len(summary) < 4 || summary[1][0] != "naering" || summary[1][10] != "300000.00" || summary[1][13] != "88" {
		t.Errorf("summary sheet: %q", summary)
	}
	// Without --format, only a name ending in .xlsx makes a workbook; a workbook goes to stdout only with -o -.
	if _, stderr, code := runAlis(t, nil, "batch", "../../../../testdata/xlsx/avtaler-libreoffice.xlsx", "--format", "xlsx"); code != exitCannot ||
		!strings.Contains(stderr, "alis: error: --format xlsx: a workbook is not written to standard output") {
		t.Errorf("xlsx to stdout: exit %d %s", code, stderr)
	}
	// A spreadsheet program opens it, where one is installed.
	soffice, err := exec.LookPath("soffice")
	if err != nil || testing.Short() {
		t.Log("soffice (LibreOffice) not installed: not opening the workbook in a spreadsheet program")
		return
	}
	cmd := exec.Command(soffice, "--headless", "--convert-to", "csv", "--outdir", dir, target)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	csvOut, err := os.ReadFile(filepath.Join(dir, "resultat.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(csvOut), "4,L-3,5401,") || !strings.Contains(string(csvOut), ",160000.4,,,,,,,160000,120000,40000.5,") {
		t.Errorf("LibreOffice reads:\n%s", csvOut)
	}
}
