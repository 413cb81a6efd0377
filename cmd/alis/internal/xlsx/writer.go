// Writing is row by row. Numbers are
// written as the decimal text they are given, so amounts never pass through
// a float; money cells carry a "kr" number format and dates a date format,
// so that a spreadsheet program shows, sorts and sums them as what they are.
//
// A sheet's rows go to a spool (compressed, in memory and then in an
// unlinked temporary file) until the sheet ends: only then are its column
// widths known, and they come before the rows in the sheet's XML. The
// spooled rows are copied into the workbook as they were compressed.

package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/alis-tilskudd/alis/internal/digits"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// Style is a cell's format.
type Style uint8

const (
	Plain      Style = iota
	Header           // bold
	Money            // # ##0.00 kr
	Whole            // 0
	Share            // 0.0
	Date             // Options.DateFormat
	TotalMoney       // bold # ##0.00 kr
)

// Cell is text, a number given as its decimal text (Num), or a formula with
// its value as the writer computed it (Formula and Num). A Shared text is
// written once in the workbook's shared strings, where a Local lets it be
// (text that repeats down a column: a scheme, ja/nei, a reason).
//
// A number may be given as an integer instead (Int, IsInt), written as
// its decimal text; with Cents, the integer counts hundredths (øre), and
// is written with two decimals and a point, as calc.Money's String writes it.
type Cell struct {
	Text    string
	Num     string
	Formula string
	Int     int64
	Style   Style
	Shared  bool
	IsInt   bool
	Cents   bool
}

// T is a text cell; N a number cell; I a whole number; Ore an amount in
// øre, written in kroner with two decimals.
func T(s string) Cell             { return Cell{Text: s} }
func N(num string, s Style) Cell  { return Cell{Num: num, Style: s} }
func I(n int64, s Style) Cell     { return Cell{Int: n, IsInt: true, Style: s} }
func Ore(ore int64, s Style) Cell { return Cell{Int: ore, IsInt: true, Cents: true, Style: s} }
func (c Cell) number() bool       { return c.Num != "" || c.IsInt }
func (c *Cell) empty() bool       { return c.Text == "" && c.Formula == "" && !c.number() }
func (c Cell) appendNumber(b []byte) []byte {
	switch {
	case !c.IsInt:
		return append(b, c.Num...)
	case c.Cents:
		return digits.AppendHundredths(b, c.Int, '.')
	}
	return appendInt(b, c.Int)
}

// Options are a workbook's formats.
type Options struct {
	// DateFormat is the number format of Date cells, as Excel writes it:
	// `dd\.mm\.yyyy` for Norwegian, `yyyy\-mm\-dd` for ISO 8601.
	DateFormat string
}

// DateNB and DateISO are the date formats of Options.
const (
	DateNB  = `dd\.mm\.yyyy`
	DateISO = `yyyy\-mm\-dd`
)

// Writer writes a workbook: sheets one after the other, each row by row.
type Writer struct {
	strings Strings
	zw      *zip.Writer
	opt     Options
	sheets  []sheet
	cur     *sheet
	spool   spool
	buf     []byte
}

type sheet struct {
	name        string
	rows, cols  int
	widths      Widths // of the cells written with Row
	filterRows  int
	printTitles bool // the first row is printed at the top of every page
}

// New starts a workbook on w.
func New(w io.Writer, opt Options) *Writer {
	if opt.DateFormat == "" {
		opt.DateFormat = DateISO
	}
	return &Writer{zw: zip.NewWriter(w), opt: opt}
}

// StartSheet begins a sheet.
func (x *Writer) StartSheet(name string) error {
	if x.cur != nil {
		return msg.Errorf("sheet %s is not ended", x.cur.name)
	}
	x.sheets = append(x.sheets, sheet{name: name})
	x.cur = &x.sheets[len(x.sheets)-1]
	return x.spool.start()
}

// Layout is how a sheet shows.
type Layout struct {
	// Frozen keeps the first row in view.
	Frozen bool
	// Widths are the columns' widths in characters; nil: the widths of
	// the cells written with Row.
	Widths []int
	// FilterRows is how many rows, from the first, the filter buttons of
	// the first row cover; 0: no filter.
	FilterRows int
	// Hidden are the columns that are hidden (and can be shown again).
	Hidden []bool
	// Print is how the sheet prints; nil: as the spreadsheet program likes.
	Print *Print
	// Validations check what cells may hold, and show a note when one is
	// selected.
	Validations []Validation
}

// Validation is what the cells of Ref (as "B2:B10000") may hold: Type list
// (Formula1 the words, as "næring,fastlønn"), date, decimal or whole
// (Operator between, with Formula1 and Formula2 the bounds, or
// greaterThanOrEqual with Formula1), or none (no check, only the note).
// Title and Prompt are the note shown when a cell is selected (Excel shows
// at most 32 and 255 characters); Error is said of a value not allowed.
type Validation struct {
	Ref, Type, Operator string
	Formula1, Formula2  string
	Title, Prompt       string
	Error               string
}

// validationsXML writes the sheet's dataValidations.
func validationsXML(vs []Validation) string {
	if len(vs) == 0 {
		return ""
	}
	attr := func(name, v string) string {
		if v == "" {
			return ""
		}
		return " " + name + `="` + string(appendEscaped(nil, v)) + `"`
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<dataValidations count="%d">`, len(vs))
	for _, v := range vs {
		b.WriteString(`<dataValidation` + attr("type", v.Type) + attr("operator", v.Operator) + ` allowBlank="1" showInputMessage="1"`)
		if v.Type != "none" {
			b.WriteString(` showErrorMessage="1"`)
		}
		b.WriteString(attr("errorTitle", clipRunes(v.Title, 32)) + attr("error", clipRunes(v.Error, 255)) +
			attr("promptTitle", clipRunes(v.Title, 32)) + attr("prompt", clipRunes(v.Prompt, 255)) + attr("sqref", v.Ref) + ">")
		if v.Formula1 != "" {
			b.WriteString("<formula1>" + string(appendEscaped(nil, v.Formula1)) + "</formula1>")
		}
		if v.Formula2 != "" {
			b.WriteString("<formula2>" + string(appendEscaped(nil, v.Formula2)) + "</formula2>")
		}
		b.WriteString("</dataValidation>")
	}
	b.WriteString("</dataValidations>")
	return b.String()
}

// clipRunes is s cut to n characters, with … for what is cut.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Print is how a sheet prints: on A4, landscape, as many pages tall as it
// takes and one wide, the first row at the top of every page, a footer.
type Print struct {
	// HeaderRow repeats the first row at the top of every page.
	HeaderRow bool
	// FooterLeft and FooterRight are the footer's text; in either, &P is
	// the page's number and &N the number of pages.
	FooterLeft, FooterRight string
}

// footerText escapes text for a footer: a & that is not &P or &N is
// written as &&, so that it shows as itself.
func footerText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '&' && !(i+1 < len(s) && (s[i+1] == 'P' || s[i+1] == 'N')) {
			b.WriteString("&&")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// EndSheet ends the sheet.
func (x *Writer) EndSheet(l Layout) error {
	s := x.cur
	if s == nil {
		return msg.Errorf("no sheet is started")
	}
	x.cur = nil
	tail := "</sheetData>"
	if l.FilterRows > 0 && s.cols > 0 {
		s.filterRows = min(l.FilterRows, s.rows)
		tail += fmt.Sprintf(`<autoFilter ref="A1:%s%d"/>`, ColumnName(s.cols-1), s.filterRows)
	}
	tail += validationsXML(l.Validations)
	if p := l.Print; p != nil {
		// In the schema's order: margins, the page (A4, landscape, one page
		// wide), the footer.
		tail += `<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>` +
			`<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>`
		if p.FooterLeft != "" || p.FooterRight != "" {
			foot := string(appendEscaped(nil, "&L"+footerText(p.FooterLeft)+"&R"+footerText(p.FooterRight)))
			tail += `<headerFooter><oddFooter>` + foot + `</oddFooter></headerFooter>`
		}
		s.printTitles = p.HeaderRow && s.rows > 0
	}
	if _, err := io.WriteString(&x.spool, tail+"</worksheet>"); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	if l.Print != nil {
		b.WriteString(`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`)
	}
	if l.Frozen {
		b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	}
	widths := l.Widths
	if widths == nil {
		widths = s.widths.Get()
	}
	if len(widths) > 0 {
		b.WriteString("<cols>")
		for i, w := range widths {
			// Two characters of margin; Excel's width unit is a digit's
			// width, and text runs a little wider.
			hidden := ""
			if i < len(l.Hidden) && l.Hidden[i] {
				hidden = ` hidden="1"`
			}
			fmt.Fprintf(&b, `<col min="%d" max="%d" width="%d" customWidth="1"%s/>`, i+1, i+1, max(w+w/10+2, 6), hidden)
		}
		b.WriteString("</cols>")
	}
	b.WriteString("<sheetData>")
	return x.spool.finish(x.zw, fmt.Sprintf("xl/worksheets/sheet%d.xml", len(x.sheets)), b.String())
}

// Close writes the workbook's other parts and ends the file.
func (x *Writer) Close() error {
	if x.cur != nil {
		return msg.Errorf("sheet %s is not ended", x.cur.name)
	}
	x.spool.close()
	var wb, rels, types strings.Builder
	wb.WriteString(xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	types.WriteString(xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	shared := len(x.strings.list) > 0
	if shared {
		types.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	}
	var defined strings.Builder
	for i, s := range x.sheets {
		name := string(appendEscaped(nil, s.name))
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		if s.filterRows > 0 {
			fmt.Fprintf(&defined, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">'%s'!$A$1:$%s$%d</definedName>`,
				i, strings.ReplaceAll(name, "'", "''"), ColumnName(s.cols-1), s.filterRows)
		}
		if s.printTitles {
			fmt.Fprintf(&defined, `<definedName name="_xlnm.Print_Titles" localSheetId="%d">'%s'!$1:$1</definedName>`, i, strings.ReplaceAll(name, "'", "''"))
		}
	}
	wb.WriteString("</sheets>")
	if defined.Len() > 0 {
		wb.WriteString("<definedNames>" + defined.String() + "</definedNames>")
	}
	// Formulas carry the values alis computed; a spreadsheet program
	// computes them again on opening all the same.
	wb.WriteString(`<calcPr fullCalcOnLoad="1"/></workbook>`)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(x.sheets)+1)
	if shared {
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, len(x.sheets)+2)
	}
	rels.WriteString("</Relationships>")
	types.WriteString("</Types>")
	parts := []struct{ name, body string }{
		{"xl/workbook.xml", wb.String()},
		{"xl/_rels/workbook.xml.rels", rels.String()},
		{"xl/styles.xml", x.styles()},
		{"xl/sharedStrings.xml", x.sharedStrings()},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"[Content_Types].xml", types.String()},
	}
	for _, p := range parts {
		if p.body == "" {
			continue
		}
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

// sharedStrings is the shared strings part; "" when there are none.
func (x *Writer) sharedStrings() string {
	list := x.strings.list
	if len(list) == 0 {
		return ""
	}
	var b []byte
	b = append(b, xml.Header...)
	b = fmt.Appendf(b, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(list), len(list))
	for _, s := range list {
		if s[0] <= ' ' || s[len(s)-1] <= ' ' {
			b = append(b, `<si><t xml:space="preserve">`...)
		} else {
			b = append(b, `<si><t>`...)
		}
		b = appendEscaped(b, s)
		b = append(b, `</t></si>`...)
	}
	return string(append(b, `</sst>`...))
}

// styles holds the cell formats, in the order of the Style constants.
func (x *Writer) styles() string {
	var date bytes.Buffer
	_ = xml.EscapeText(&date, []byte(x.opt.DateFormat))
	return xml.Header + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00\ &quot;kr&quot;"/><numFmt numFmtId="165" formatCode="0.0"/>` +
		`<numFmt numFmtId="166" formatCode="` + date.String() + `"/></numFmts>` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="7">` +
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
		`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
		`<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
		`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
		`<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
		`<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>` +
		`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
}
