// Package xlsxin reads the rows of an Excel workbook (.xlsx) for a batch, as
// raw cell text: numbers as the decimal text Excel stores (never through a
// float), text as text, formulas as their cached values. Dates stored as
// serial numbers become YYYY-MM-DD in the columns it is told hold dates, in
// the workbook's date system (1900, or 1904 as old Mac workbooks have it).
//
// The sheet is read as a stream, so memory stays flat however long it is.
// What is decompressed is bounded (MaxPartBytes for a sheet,
// MaxSharedStringsBytes for the shared strings), which stops a zip bomb
// before it costs time or memory. A damaged sheet (cut short, an illegal
// character, rows or cells out of order or repeated) is an error that names
// the sheet and the cell where reading stopped; it never ends the rows in
// silence. A cell that holds an error value (#DIV/0!) or a shared string
// that does not exist rejects its row, naming the cell.
package xlsxin

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"

	kflate "github.com/klauspost/compress/flate"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Limits on what is decompressed.
const (
	// MaxPartBytes bounds one sheet, decompressed: 1 GiB, about 5 million
	// rows of a typical export.
	MaxPartBytes = 1 << 30
	// MaxSharedStringsBytes bounds the shared strings, decompressed: they
	// are held in memory.
	MaxSharedStringsBytes = 256 << 20
	// maxSmallPart bounds the workbook's other parts (the sheet list and
	// its relationships).
	maxSmallPart = 16 << 20
	// MaxColumns is the most columns a row may have (Excel has 16 384).
	MaxColumns = 16384
)

// Sep joins a row's cells into one record for the batch pipeline; a cell
// holding it is rejected.
const Sep = '\x1f'

// Reader reads a sheet row by row.
type Reader struct {
	Sheet  string
	Header []string
	// Date1904 is the workbook's date system: serial 0 is 1904-01-01
	// rather than 1899-12-30.
	Date1904 bool
	// Hidden lists the hidden sheets passed over when the first sheet was
	// chosen.
	Hidden []string

	zr    *zip.Reader
	spool *os.File // standard input, kept in an unlinked temporary file
	// read counts the sheet's bytes decompressed so far, of size; for
	// progress, from any goroutine.
	read   atomic.Int64
	size   int64
	part   io.ReadCloser
	dec    *scanner
	shared []string
	dates  []bool // by column: its numbers are date serials
	// percents, by column: a number there formatted as a percentage is
	// read ×100 (Excel stores 100 % as 1); percentStyle, by the cell style
	// index (the s attribute): the style is a percentage.
	percents     []bool
	percentStyle []bool
	row          int // the sheet row last read, 1-based
	cellCol      int // the column of the last cell read in row, for messages; -1: none
	done         bool
	cells        []string
	values       []byte // the text of the row's numbers, which cells view
	errs         []error
	val          []byte // a cell's <v>, and its inline text, as read
	inline       []byte
	styleBuf     []byte // a cell's s attribute, which the scanner's next token overwrites
}

// IsXLSX reports whether the bytes start like a zip archive, as .xlsx files do.
func IsXLSX(head []byte) bool { return len(head) >= 4 && string(head[:4]) == "PK\x03\x04" }

// Open opens the workbook and reads the header row of the sheet: the named
// one, or the first that is not hidden. r is read whole first when it is not
// a file that can be read at any offset (standard input): into a temporary
// file that has no name, so nothing is left behind.
func Open(r io.Reader, sheet string) (*Reader, error) {
	rd := &Reader{cellCol: -1}
	ra, size, err := rd.readerAt(r)
	if err != nil {
		return nil, err
	}
	if rd.zr, err = zip.NewReader(ra, size); err != nil {
		rd.Close()
		return nil, msg.Errorf("not a readable Excel workbook: %v", err)
	}
	// klauspost's inflate reads the same bytes as the standard library's,
	// faster (TestAgreesWithExcelize and the fuzz targets read through it).
	rd.zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return kflate.NewReader(r) })
	if kind := rd.openDocument(); kind != "" {
		rd.Close()
		return nil, msg.Errorf("%w (%s); save it as an Excel workbook (.xlsx) or as CSV, and read that", ErrOpenDocument, kind)
	}
	if err := rd.open(sheet); err != nil {
		rd.Close()
		return nil, err
	}
	return rd, nil
}

// ErrOpenDocument is a zip archive that is an OpenDocument file (.ods, as
// LibreOffice saves by default), which alis does not read.
var ErrOpenDocument = msg.Errorf("this is an OpenDocument file, not an Excel workbook")

// openDocument returns the media type of an OpenDocument package, or "".
func (rd *Reader) openDocument() string {
	rc, err := rd.openPart("mimetype", 256)
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	if t := string(b); strings.HasPrefix(t, "application/vnd.oasis.opendocument") {
		return t
	}
	return ""
}

func (rd *Reader) readerAt(r io.Reader) (io.ReaderAt, int64, error) {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			if pos, err := f.Seek(0, io.SeekCurrent); err == nil && pos == 0 {
				return f, st.Size(), nil
			}
		}
	}
	if br, ok := r.(*bytes.Reader); ok {
		return br, br.Size(), nil
	}
	f, err := os.CreateTemp("", "alis-workbook-*.xlsx")
	if err != nil {
		return nil, 0, err
	}
	os.Remove(f.Name()) // unlinked: gone when closed, whatever happens
	rd.spool = f
	n, err := io.Copy(f, r)
	if err != nil {
		return nil, 0, err
	}
	return f, n, nil
}

// sheetBoundForTest, when set, bounds the sheet below what its archive
// declares, as if the archive lied about its size.
var sheetBoundForTest int64

// part opens a part of the package, bounded to limit bytes decompressed.
func (rd *Reader) openPart(name string, limit int64) (io.ReadCloser, error) {
	for _, f := range rd.zr.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > uint64(limit) {
			return nil, msg.Errorf("%s holds %d bytes decompressed; alis reads at most %d (is the file a zip bomb?)", name, f.UncompressedSize64, limit)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, msg.Errorf("%s: %v", name, err)
		}
		return &bounded{r: rc, c: rc, left: limit, name: name}, nil
	}
	return nil, errMissing(name)
}

type errMissing string

func (e errMissing) Error() string { return "the workbook has no " + string(e) }

// bounded stops a part that decompresses to more than its declared bound.
type bounded struct {
	r     io.Reader
	c     io.Closer
	left  int64
	name  string
	count *atomic.Int64 // of the bytes read; nil: not counted
}

func (b *bounded) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, msg.Errorf("%s decompresses to more than alis reads (is the file a zip bomb?)", b.name)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if b.count != nil {
		b.count.Add(int64(n))
	}
	return n, err
}

func (b *bounded) Close() error { return b.c.Close() }

// decodePart decodes a small XML part whole.
func (rd *Reader) decodePart(name string, v any) error {
	rc, err := rd.openPart(name, maxSmallPart)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return msg.Errorf("%s is damaged: %v", name, err)
	}
	return nil
}

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type workbookXML struct {
	Pr struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []struct {
		Name  string     `xml:"name,attr"`
		State string     `xml:"state,attr"`
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"sheets>sheet"`
}

// resolve makes a relationship's target a part name, from the folder of
// the part it belongs to.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Clean(path.Join(dir, target))
}

func (rd *Reader) open(sheet string) error {
	wbName := "xl/workbook.xml"
	var root relationships
	if err := rd.decodePart("_rels/.rels", &root); err == nil {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbName = resolve("", r.Target)
			}
		}
	}
	var wb workbookXML
	if err := rd.decodePart(wbName, &wb); err != nil {
		return msg.Errorf("not a readable Excel workbook: %v", err)
	}
	rd.Date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	var rels relationships
	relsName := path.Join(path.Dir(wbName), "_rels", path.Base(wbName)+".rels")
	if err := rd.decodePart(relsName, &rels); err != nil {
		return msg.Errorf("not a readable Excel workbook: %v", err)
	}
	targets := map[string]string{}
	sst, styles := "", ""
	for _, r := range rels.Rels {
		targets[r.ID] = resolve(path.Dir(wbName), r.Target)
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			sst = targets[r.ID]
		}
		if strings.HasSuffix(r.Type, "/styles") {
			styles = targets[r.ID]
		}
	}
	if styles != "" {
		rd.readStyles(styles)
	}
	if len(wb.Sheets) == 0 {
		return msg.Errorf("the workbook has no sheets")
	}
	var names []string
	chosen := -1
	for i, s := range wb.Sheets {
		names = append(names, s.Name)
		hidden := s.State == "hidden" || s.State == "veryHidden"
		switch {
		case sheet != "" && s.Name == sheet:
			chosen = i
		case sheet == "" && chosen < 0 && hidden:
			rd.Hidden = append(rd.Hidden, s.Name)
		case sheet == "" && chosen < 0:
			chosen = i
		}
	}
	if chosen < 0 {
		if sheet != "" {
			return msg.Errorf("no sheet %q; the sheets are %s", sheet, strings.Join(names, ", "))
		}
		chosen, rd.Hidden = 0, nil // every sheet is hidden: read the first
	}
	s := wb.Sheets[chosen]
	rd.Sheet = s.Name
	var part string
	for _, a := range s.Attrs {
		if a.Name.Local == "id" && a.Name.Space != "" {
			part = targets[a.Value]
		}
	}
	if part == "" {
		return msg.Errorf("the sheet %s has no part in the workbook (it is damaged)", s.Name)
	}
	if sst != "" {
		if err := rd.readShared(sst); err != nil {
			return err
		}
	}
	var err error
	if rd.part, err = rd.openPart(part, MaxPartBytes); err != nil {
		return err
	}
	rd.read.Store(0)
	rd.part.(*bounded).count = &rd.read
	for _, f := range rd.zr.File {
		if f.Name == part {
			rd.size = int64(f.UncompressedSize64)
		}
	}
	if sheetBoundForTest > 0 {
		rd.part.(*bounded).left = sheetBoundForTest
	}
	rd.part = newPrefetch(rd.part)
	rd.dec = newScanner(rd.part)
	for {
		cells, errs, err := rd.nextRow()
		if errors.Is(err, io.EOF) {
			return msg.Errorf("the sheet %s is empty: there is no header row", rd.Sheet)
		}
		if err != nil {
			return err
		}
		if len(cells) == 0 {
			continue
		}
		for i, e := range errs {
			if e != nil {
				return msg.Errorf("%s: the header: %v", rd.Cell(rd.row, i), e)
			}
		}
		for _, c := range cells {
			rd.Header = append(rd.Header, strings.Clone(strings.TrimSpace(c))) // cells view the row's buffer
		}
		return nil
	}
}

// readShared reads the shared strings: each <si> is the text of its <t>
// elements, less phonetic runs (<rPh>).
func (rd *Reader) readShared(name string) error {
	rc, err := rd.openPart(name, MaxSharedStringsBytes)
	if errors.As(err, new(errMissing)) {
		return nil
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := newScanner(rc)
	var text []byte
	in, inT, inPh := false, false, 0
	for {
		err := dec.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return msg.Errorf("the shared strings are damaged after string %d: %v", len(rd.shared), err)
		}
		switch dec.kind {
		case tokStart:
			switch string(dec.name) {
			case "si":
				in = true
				text = text[:0]
			case "rPh":
				inPh++
			case "t":
				inT = in && inPh == 0
			}
		case tokEnd:
			switch string(dec.name) {
			case "si":
				rd.shared = append(rd.shared, unescape(string(text)))
				in = false
			case "rPh":
				inPh--
			case "t":
				inT = false
			}
		case tokText:
			if inT {
				text = append(text, dec.text...)
			}
		}
	}
}

// unescape decodes Excel's _xHHHH_ escapes of characters XML cannot hold.
func unescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(v))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// stylesXML is what a workbook's styles part says of number formats: the
// custom formats, and each cell style's format.
type stylesXML struct {
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	CellXfs []struct {
		NumFmtID int `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

// readStyles finds the cell styles that format a number as a percentage:
// the built-in formats 9 (0%) and 10 (0.00%), and custom formats with a %
// outside quotes and escapes. A styles part that cannot be read leaves
// every style plain: the cells are read as stored.
func (rd *Reader) readStyles(name string) {
	var st stylesXML
	if rd.decodePart(name, &st) != nil {
		return
	}
	custom := map[int]bool{}
	for _, f := range st.NumFmts {
		custom[f.ID] = percentFormat(f.Code)
	}
	rd.percentStyle = make([]bool, len(st.CellXfs))
	for i, xf := range st.CellXfs {
		rd.percentStyle[i] = xf.NumFmtID == 9 || xf.NumFmtID == 10 || custom[xf.NumFmtID]
	}
}

// percentFormat says whether a number format shows its number as a
// percentage: a % that is not inside quotes or escaped.
func percentFormat(code string) bool {
	quoted := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is shown as it is, or is padding
		case c == '%':
			return true
		}
	}
	return false
}

// PercentColumns names the columns whose numbers, where formatted as a
// percentage, are read ×100: a stillingsprosent of 100 % that Excel stores
// as 1 reads as 100.
func (rd *Reader) PercentColumns(cols []int) {
	for _, c := range cols {
		for len(rd.percents) <= c {
			rd.percents = append(rd.percents, false)
		}
		rd.percents[c] = true
	}
}

// percentCell is the text of a number in a percent column formatted as a
// percentage, ×100 (exactly, on its decimal text; the float noise some
// programs write, 0.57999999999999996, rounded away at 12 decimals); any
// other cell as it is.
func (rd *Reader) percentCell(col int, style []byte, hasStyle bool, typ string, v string) string {
	if !hasStyle || col >= len(rd.percents) || !rd.percents[col] || typ != "" && typ != "n" || v == "" {
		return v
	}
	i, err := strconv.Atoi(string(style))
	if err != nil || i < 0 || i >= len(rd.percentStyle) || !rd.percentStyle[i] {
		return v
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		return v // not a number: read as it is, and refused as a percent
	}
	return d.Shift(2).Round(12).String()
}

// DateColumns names the columns whose numbers are date serials.
func (rd *Reader) DateColumns(cols []int) {
	for _, c := range cols {
		for len(rd.dates) <= c {
			rd.dates = append(rd.dates, false)
		}
		rd.dates[c] = true
	}
}

// Splitter splits the records ReadChunk makes.
func (rd *Reader) Splitter() nbcsv.Splitter { return nbcsv.Splitter{Comma: Sep, Raw: true} }

// Cell names a cell as Excel does: Ark1!F12; with col < 0 the whole row,
// Ark1!12:12.
func (rd *Reader) Cell(row, col int) string {
	if col < 0 {
		return fmt.Sprintf("%s!%d:%d", rd.Sheet, row, row)
	}
	return fmt.Sprintf("%s!%s%d", rd.Sheet, ColumnName(col), row)
}

// ColumnName is a column's letters: 0 is A, 26 is AA.
func ColumnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// parseRef splits a cell reference such as AB12 into a 0-based column and
// a 1-based row.
func parseRef(ref []byte) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
		if col > MaxColumns {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' || row > 1<<40 {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
	}
	if row < 1 {
		return 0, 0, false
	}
	return col - 1, row, true
}

// damaged is the error for a sheet that cannot be read on: it names the
// last cell read.
//
//msg:format
func (rd *Reader) damaged(format string, args ...any) error {
	where := rd.Sheet
	if rd.cellCol >= 0 {
		where += "!" + ColumnName(rd.cellCol) + strconv.Itoa(rd.row)
	} else if rd.row > 0 {
		where += fmt.Sprintf("!%d:%d", rd.row, rd.row)
	}
	return msg.Errorf("%s: the sheet is damaged: %w", where, msg.Errorf(format, args...))
}

// nextRow reads the next <row> of the sheet: its cells as text, and an
// error for each cell that cannot be read (nil for the others). It returns
// io.EOF after the last row. The cells' texts may view the reader's
// buffers: they hold until the next call, and a text kept longer is copied.
func (rd *Reader) nextRow() ([]string, []error, error) {
	if rd.done {
		return nil, nil, io.EOF
	}
	for {
		err := rd.dec.next()
		if errors.Is(err, io.EOF) {
			rd.done = true
			if rd.row == 0 && rd.cellCol < 0 {
				return nil, nil, io.EOF
			}
			return nil, nil, rd.damaged("it ends before </sheetData>")
		}
		if err != nil {
			return nil, nil, rd.damaged("%v", err)
		}
		switch rd.dec.kind {
		case tokStart:
			if string(rd.dec.name) == "row" {
				return rd.readRow()
			}
		case tokEnd:
			if string(rd.dec.name) == "sheetData" {
				rd.done = true
				return nil, nil, io.EOF
			}
		}
	}
}

func (rd *Reader) readRow() ([]string, []error, error) {
	n := rd.row + 1
	if r, ok := rd.dec.attrValue("r"); ok {
		{
			v, err := strconv.Atoi(string(r))
			if err != nil || v < 1 {
				return nil, nil, rd.damaged("row number %q is not a number", r)
			}
			if v <= rd.row {
				return nil, nil, rd.damaged("row %d comes after row %d", v, rd.row)
			}
			n = v
		}
	}
	rd.row = n
	rd.cellCol = -1
	rd.cells, rd.errs, rd.values = rd.cells[:0], rd.errs[:0], rd.values[:0]
	col := -1
	var pc plainCell
	for {
		if rd.dec.plainCell(&pc) {
			typ := ""
			if pc.hasT {
				typ = cellType(pc.typ)
			}
			if err := rd.placeCell(n, &col, pc.ref, pc.hasR); err != nil {
				return nil, nil, err
			}
			val, inline := pc.val, []byte(nil)
			if pc.inline {
				val, inline = nil, pc.val
			}
			v, bad := rd.cellText(typ, val, inline)
			if bad == nil && rd.percents != nil {
				v = rd.percentCell(col, pc.style, pc.hasS, typ, v)
			}
			rd.putCell(col, v, bad)
			continue
		}
		err := rd.dec.next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, nil, rd.damaged("it ends inside row %d", n)
			}
			return nil, nil, rd.damaged("%v", err)
		}
		switch rd.dec.kind {
		case tokStart:
			if string(rd.dec.name) != "c" {
				if err := rd.dec.skip(); err != nil {
					return nil, nil, rd.damaged("%v", err)
				}
				continue
			}
			typ := ""
			next := col + 1
			var style []byte
			hasStyle := false
			for _, a := range rd.dec.attrs {
				switch string(a.name) {
				case "s":
					style, hasStyle = append(rd.styleBuf[:0], a.value...), true
					rd.styleBuf = style
				case "r":
					// The last r counts, as for any attribute given twice;
					// each is checked.
					c, err := rd.refCol(n, col, a.value)
					if err != nil {
						return nil, nil, err
					}
					next = c
				case "t":
					typ = cellType(a.value)
				}
			}
			if err := rd.moveTo(n, &col, next); err != nil {
				return nil, nil, err
			}
			v, bad, err := rd.readCell(typ)
			if err != nil {
				return nil, nil, err
			}
			if bad == nil && rd.percents != nil {
				v = rd.percentCell(col, style, hasStyle, typ, v)
			}
			rd.putCell(col, v, bad)
		case tokEnd:
			if string(rd.dec.name) == "row" {
				// Drop empty cells at the end: a formatted but empty cell
				// is not data.
				k := len(rd.cells)
				for k > 0 && rd.cells[k-1] == "" && rd.errs[k-1] == nil {
					k--
				}
				return rd.cells[:k], rd.errs[:k], nil
			}
		}
	}
}

// placeCell moves col to the next cell of row n: the one its reference
// ref names (hasRef), else the one after col.
func (rd *Reader) placeCell(n int, col *int, ref []byte, hasRef bool) error {
	next := *col + 1
	if hasRef {
		c, err := rd.refCol(n, *col, ref)
		if err != nil {
			return err
		}
		next = c
	}
	return rd.moveTo(n, col, next)
}

// moveTo makes next, a column of row n, the cell being read.
func (rd *Reader) moveTo(n int, col *int, next int) error {
	if next >= MaxColumns {
		return rd.damaged("row %d has more than %d columns", n, MaxColumns)
	}
	*col = next
	rd.cellCol = next
	return nil
}

// refCol is the column of the cell ref, which must be in row n after col.
func (rd *Reader) refCol(n, col int, ref []byte) (int, error) {
	c, r, ok := parseRef(ref)
	if !ok || r != n {
		return 0, rd.damaged("cell %q is not a cell of row %d", ref, n)
	}
	if c <= col {
		return 0, rd.damaged("cell %s comes after %s", ref, ColumnName(col)+strconv.Itoa(n))
	}
	return c, nil
}

// putCell sets the cell at col of the row read, with what is wrong with it
// (nil when nothing is).
func (rd *Reader) putCell(col int, v string, bad error) {
	for len(rd.cells) < col {
		rd.cells = append(rd.cells, "")
		rd.errs = append(rd.errs, nil)
	}
	rd.cells = append(rd.cells, v)
	rd.errs = append(rd.errs, bad)
}

// readCell reads a <c> after its start: its value as text, or what is
// wrong with the cell (an error value, a shared string that does not
// exist).
func (rd *Reader) readCell(typ string) (v string, bad error, err error) {
	rd.val, rd.inline = rd.val[:0], rd.inline[:0]
	depth, inV, inT := 0, false, false
	if rd.dec.closing { // <c r="A1"/>
		if err := rd.dec.next(); err != nil {
			return "", nil, rd.damaged("%v", err)
		}
		v, bad = rd.cellText(typ, nil, nil)
		return v, bad, nil
	}
	for {
		err := rd.dec.next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return "", nil, rd.damaged("it ends inside the cell")
			}
			return "", nil, rd.damaged("%v", err)
		}
		switch rd.dec.kind {
		case tokStart:
			depth++
			switch string(rd.dec.name) {
			case "v":
				inV = true
			case "t":
				inT = typ == "inlineStr"
			case "rPh":
				if err := rd.dec.skip(); err != nil {
					return "", nil, rd.damaged("%v", err)
				}
				depth--
			}
		case tokEnd:
			if depth == 0 {
				v, bad = rd.cellText(typ, rd.val, rd.inline)
				return v, bad, nil
			}
			depth--
			switch string(rd.dec.name) {
			case "v":
				inV = false
			case "t":
				inT = false
			}
		case tokText:
			switch {
			case inV:
				rd.val = append(rd.val, rd.dec.text...)
			case inT:
				rd.inline = append(rd.inline, rd.dec.text...)
			}
		}
	}
}

// cellText is a cell's value from the text of its <v> and of its inline
// string: a shared string found by its index without a copy, anything else
// through value.
func (rd *Reader) cellText(typ string, val, inline []byte) (string, error) {
	switch typ {
	case "s":
		if i, ok := index(val); ok && i < len(rd.shared) {
			return rd.shared[i], nil
		}
	case "", "n":
		// A number (or a cell without a type), as value gives it, kept
		// in the row's buffer rather than a string of its own.
		return rd.keep(val), nil
	case "inlineStr", "str":
		// A text with no _xHHHH_ escape, likewise.
		text := inline
		if typ == "str" {
			text = val
		}
		if !bytes.Contains(text, []byte("_x")) {
			return rd.keep(text), nil
		}
	}
	return rd.value(typ, string(val), string(inline))
}

// keep is b as a string in the row's buffer.
func (rd *Reader) keep(b []byte) string {
	start := len(rd.values)
	rd.values = append(rd.values, b...)
	return view(rd.values[start:])
}

// view is b as a string, without a copy. The strings of a row's cells
// view rd.values, which the next row overwrites: nextRow's cells are read
// before it is called again, and those kept (the header) are copied.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// index reads a shared string's index: digits, with spaces around them.
func index(b []byte) (int, bool) {
	b = trimRight(trimLeft(b))
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// cellType is a cell's t attribute as one of the constant strings, so that
// it is not copied for each cell.
func cellType(t []byte) string {
	switch string(t) {
	case "s":
		return "s"
	case "n":
		return "n"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	case "e":
		return "e"
	case "d":
		return "d"
	}
	return string(t)
}

func (rd *Reader) value(typ, v, inline string) (value string, bad error) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(rd.shared) {
			return "", msg.Errorf("refers to shared string %q, which the workbook does not have (it is damaged)", v)
		}
		return rd.shared[i], nil
	case "inlineStr":
		return unescape(inline), nil
	case "str":
		return unescape(v), nil
	case "e":
		return "", msg.Errorf("holds the error value %s", v)
	case "d":
		// An ISO 8601 date; the time of day, if any, is dropped.
		if len(v) >= 10 {
			return v[:10], nil
		}
	}
	return v, nil
}

// ReadChunk fills c with up to max rows; empty rows are skipped. It returns
// io.EOF when there are none left, and an error naming the sheet and the
// cell when the sheet is damaged.
func (rd *Reader) ReadChunk(c *nbcsv.Chunk, max int) error {
	c.Reset()
	return rd.AppendChunk(c, max)
}

// AppendChunk appends up to max rows to c, as ReadChunk reads them; it
// returns io.EOF when there were none left to append.
func (rd *Reader) AppendChunk(c *nbcsv.Chunk, max int) error {
	had := len(c.Lines)
	for len(c.Lines) < had+max {
		cells, errs, err := rd.nextRow()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		empty := true
		for i, s := range cells {
			if strings.TrimSpace(s) != "" || errs[i] != nil {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		var rowErr error
		start := len(c.Data)
		for i, s := range cells {
			if i > 0 {
				c.Data = append(c.Data, Sep)
			}
			if rowErr == nil && errs[i] != nil {
				rowErr = &nbcsv.FieldError{Col: i, Err: errs[i]}
			}
			if rowErr == nil && strings.IndexByte(s, Sep) >= 0 {
				rowErr = &nbcsv.FieldError{Col: i, Err: msg.Errorf("holds a control character (unit separator)")}
			}
			if i < len(rd.dates) && rd.dates[i] {
				c.Data = appendSerialDate(c.Data, s, rd.Date1904)
				continue
			}
			c.Data = append(c.Data, s...)
		}
		// Fewer cells than the header: the missing ones are empty.
		for i := len(cells); i < len(rd.Header); i++ {
			c.Data = append(c.Data, Sep)
		}
		if rowErr != nil {
			c.Data = c.Data[:start]
		}
		c.Ends = append(c.Ends, len(c.Data))
		c.Lines = append(c.Lines, rd.row)
		c.Errs = append(c.Errs, rowErr)
	}
	if len(c.Lines) == had {
		return io.EOF
	}
	return nil
}

// The epochs of Excel's two date systems. In the 1900 system serial 1 is
// 1900-01-01, counting the 29 February 1900 that never was, so from March
// 1900 on the serial is the number of days since 30 December 1899. In the
// 1904 system serial 0 is 1 January 1904.
var (
	epoch1900 = date.MustNew(1899, time.December, 30)
	epoch1904 = date.MustNew(1904, time.January, 1)
)

// SerialDate turns a date serial (a whole number, or with a time of day as
// a fraction) into YYYY-MM-DD in the given date system; anything else is
// returned as it is, for the date parser to judge.
func SerialDate(s string, date1904 bool) string {
	if d, ok := serialDate(s, date1904); ok {
		return d.String()
	}
	return s
}

// appendSerialDate appends what SerialDate gives, without a string of its own.
func appendSerialDate(b []byte, s string, date1904 bool) []byte {
	if d, ok := serialDate(s, date1904); ok {
		return d.AppendTo(b)
	}
	return append(b, s...)
}

// serialDate is the date of a date serial; false for anything else.
func serialDate(s string, date1904 bool) (date.Date, bool) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" || strings.Trim(frac, "0123456789") != "" {
		return date.Date{}, false
	}
	n, err := strconv.Atoi(whole)
	if err != nil {
		return date.Date{}, false
	}
	if date1904 {
		if n < 0 || n > 2957003 { // to 9999-12-31
			return date.Date{}, false
		}
		return epoch1904.AddDays(n), true
	}
	if n < 61 || n > 2958465 { // from 1900-03-01 to 9999-12-31
		return date.Date{}, false
	}
	return epoch1900.AddDays(n), true
}

// Progress is how much of the sheet's XML has been read, of how much; from
// any goroutine.
func (rd *Reader) Progress() (done, total int64) { return rd.read.Load(), rd.size }

// Close closes the sheet and the spooled input.
func (rd *Reader) Close() error {
	if rd.part != nil {
		rd.part.Close()
		rd.part = nil
	}
	if rd.spool != nil {
		rd.spool.Close()
		rd.spool = nil
	}
	return nil
}
