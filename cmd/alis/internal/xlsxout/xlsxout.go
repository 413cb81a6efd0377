// Package xlsxout writes Excel workbooks (.xlsx) row by row. Numbers are
// written as the decimal text they are given, so amounts never pass through
// a float; money cells carry a "kr" number format, so that Excel shows and
// sums them as numbers.
package xlsxout

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// Style is a cell's format.
type Style int

const (
	Plain  Style = 0
	Header Style = 1 // bold
	Money  Style = 2 // # ##0.00 kr
	Whole  Style = 3 // 0
	Share  Style = 4 // 0.0
)

// Cell is text, or a number given as its decimal text (Num).
type Cell struct {
	Text  string
	Num   string
	Style Style
}

// T is a text cell; N a number cell.
func T(s string) Cell            { return Cell{Text: s} }
func N(num string, s Style) Cell { return Cell{Num: num, Style: s} }

// Writer writes a workbook: sheets one after the other, each row by row.
type Writer struct {
	zw     *zip.Writer
	sheet  io.Writer
	sheets []sheet
	cur    *sheet
	buf    bytes.Buffer
}

type sheet struct {
	name       string
	rows, cols int
	autoFilter bool
}

// New starts a workbook on w.
func New(w io.Writer) *Writer { return &Writer{zw: zip.NewWriter(w)} }

// StartSheet begins a sheet. With frozen, its first row stays in view.
func (x *Writer) StartSheet(name string, frozen bool, widths []int) error {
	if x.cur != nil {
		return msg.Errorf("sheet %s is not ended", x.cur.name)
	}
	x.sheets = append(x.sheets, sheet{name: name})
	x.cur = &x.sheets[len(x.sheets)-1]
	var err error
	if x.sheet, err = x.zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", len(x.sheets))); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	if frozen {
		b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	}
	if len(widths) > 0 {
		b.WriteString("<cols>")
		for i, w := range widths {
			fmt.Fprintf(&b, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, i+1, i+1, w)
		}
		b.WriteString("</cols>")
	}
	b.WriteString("<sheetData>")
	_, err = io.WriteString(x.sheet, b.String())
	return err
}

// AppendRow appends one row's XML to b, for writing later with WriteRaw;
// it lets many goroutines format rows.
func AppendRow(b []byte, cells []Cell) []byte {
	b = append(b, "<row>"...)
	for _, c := range cells {
		b = appendCell(b, c)
	}
	return append(b, "</row>"...)
}

func appendCell(b []byte, c Cell) []byte {
	if c.Num != "" {
		b = append(b, `<c`...)
		if c.Style != Plain {
			b = fmt.Appendf(b, ` s="%d"`, c.Style)
		}
		b = append(b, `><v>`...)
		b = append(b, c.Num...)
		return append(b, `</v></c>`...)
	}
	if c.Text == "" {
		return append(b, `<c/>`...)
	}
	b = append(b, `<c t="inlineStr"`...)
	if c.Style != Plain {
		b = fmt.Appendf(b, ` s="%d"`, c.Style)
	}
	b = append(b, `><is><t xml:space="preserve">`...)
	var e bytes.Buffer
	_ = xml.EscapeText(&e, []byte(cleanXMLText(c.Text)))
	b = append(b, e.Bytes()...)
	return append(b, `</t></is></c>`...)
}

// cleanXMLText drops the control characters XML 1.0 cannot hold.
func cleanXMLText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, s)
}

// Row writes one row.
func (x *Writer) Row(cells []Cell) error {
	x.buf.Reset()
	return x.WriteRaw(AppendRow(x.buf.Bytes(), cells), 1, len(cells))
}

// WriteRaw writes rows made by AppendRow: n rows, cols cells wide at most.
func (x *Writer) WriteRaw(rows []byte, n, cols int) error {
	x.cur.rows += n
	x.cur.cols = max(x.cur.cols, cols)
	_, err := x.sheet.Write(rows)
	return err
}

// EndSheet ends the sheet; with autoFilter, its first row gets filter buttons.
func (x *Writer) EndSheet(autoFilter bool) error {
	s := x.cur
	x.cur = nil
	tail := "</sheetData>"
	if autoFilter && s.rows > 0 && s.cols > 0 {
		s.autoFilter = true
		tail += fmt.Sprintf(`<autoFilter ref="%s"/>`, s.ref())
	}
	_, err := io.WriteString(x.sheet, tail+"</worksheet>")
	return err
}

func (s *sheet) ref() string { return fmt.Sprintf("A1:%s%d", colName(s.cols-1), s.rows) }

// colName is the column's letters: 0 is A, 26 is AA.
func colName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// Close writes the workbook's other parts and ends the file.
func (x *Writer) Close() error {
	if x.cur != nil {
		return msg.Errorf("sheet %s is not ended", x.cur.name)
	}
	var wb, rels, types strings.Builder
	wb.WriteString(xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	types.WriteString(xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	var defined strings.Builder
	for i, s := range x.sheets {
		var name bytes.Buffer
		_ = xml.EscapeText(&name, []byte(s.name))
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name.String(), i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		if s.autoFilter {
			fmt.Fprintf(&defined, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">'%s'!$A$1:$%s$%d</definedName>`,
				i, strings.ReplaceAll(name.String(), "'", "''"), colName(s.cols-1), s.rows)
		}
	}
	wb.WriteString("</sheets>")
	if defined.Len() > 0 {
		wb.WriteString("<definedNames>" + defined.String() + "</definedNames>")
	}
	wb.WriteString("</workbook>")
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`, len(x.sheets)+1)
	types.WriteString("</Types>")
	parts := []struct{ name, body string }{
		{"xl/workbook.xml", wb.String()},
		{"xl/_rels/workbook.xml.rels", rels.String()},
		{"xl/styles.xml", styles},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"[Content_Types].xml", types.String()},
	}
	for _, p := range parts {
		w, err := x.zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			return err
		}
	}
	return x.zw.Close()
}

// styles holds the cell formats, in the order of the Style constants.
const styles = xml.Header + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00\ &quot;kr&quot;"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="5">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
