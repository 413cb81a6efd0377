// Package xlsxtest makes workbooks part by part for tests, so that a test
// can give any part, damaged or not: the sheet's rows as raw XML, shared
// strings, the date system, hidden sheets, and parts that replace the made
// ones.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Book is a workbook to make.
type Book struct {
	Sheets   []Sheet
	Shared   []string // each an <si> element, written as it is
	Date1904 bool
	Parts    map[string][]byte // more parts, or parts that replace the made ones
}

// Sheet is one sheet: its name, its state ("" or "hidden") and the content
// of its <sheetData>.
type Sheet struct {
	Name, State, Rows string
}

// Header is a header row of inline strings, as row 1.
func Header(names ...string) string {
	var b strings.Builder
	b.WriteString(`<row r="1">`)
	for i, n := range names {
		fmt.Fprintf(&b, `<c r="%c1" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, n)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// Row is a row of cells given as raw <c> content keyed by column letter,
// each written with its reference.
func Row(n int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, n)
	for i, c := range cells {
		if c == "" {
			continue
		}
		fmt.Fprintf(&b, `<c r="%c%d"%s</c>`, 'A'+i, n, c)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// Text, Num and Shared are cell contents for Row.
func Text(s string) string   { return ` t="inlineStr"><is><t>` + s + `</t></is>` }
func Num(v string) string    { return `><v>` + v + `</v>` }
func SharedRef(i int) string { return fmt.Sprintf(` t="s"><v>%d</v>`, i) }

// Bytes writes the workbook.
func (b Book) Bytes() []byte {
	parts := map[string]string{}
	var wb, rels strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	if b.Date1904 {
		wb.WriteString(`<workbookPr date1904="1"/>`)
	}
	wb.WriteString(`<sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, s := range b.Sheets {
		state := ""
		if s.State != "" {
			state = ` state="` + s.State + `"`
		}
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, s.Name, i+1, state, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + s.Rows + `</sheetData></worksheet>`
	}
	wb.WriteString(`</sheets></workbook>`)
	if b.Shared != nil {
		rels.WriteString(`<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
		parts["xl/sharedStrings.xml"] = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + strings.Join(b.Shared, "") + `</sst>`
	}
	rels.WriteString(`</Relationships>`)
	parts["xl/workbook.xml"] = wb.String()
	parts["xl/_rels/workbook.xml.rels"] = rels.String()
	parts["_rels/.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	for name, body := range b.Parts {
		parts[name] = string(body)
	}
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			panic(err)
		}
		io.WriteString(w, parts[name])
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
