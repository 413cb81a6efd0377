// Package xlsx reads and writes Excel workbooks (.xlsx), laid out as
// archive/zip is: reading (reader.go, parts.go, read_cells.go, the XML
// scanner in scanner.go and scanner_plain.go), date serials (dates.go),
// and writing (writer.go, rows.go, write_cells.go, strings.go, widths.go,
// spool.go).
//
// Reading gives the rows of a sheet for a batch, as raw cell text: numbers as the decimal text Excel stores (never through a
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
package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"sync/atomic"

	kflate "github.com/klauspost/compress/flate"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/internal/msg"
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

func (rd *Reader) open(sheet string) error {
	wb, targets, sst, err := rd.readWorkbook()
	if err != nil {
		return err
	}
	s, err := rd.chooseSheet(wb, sheet)
	if err != nil {
		return err
	}
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
	if err := rd.openSheet(part); err != nil {
		return err
	}
	return rd.readHeader()
}

// readWorkbook reads the workbook's part, its relationships (each part by
// its id: targets) and styles, and names its shared strings' part (sst).
func (rd *Reader) readWorkbook() (wb workbookXML, targets map[string]string, sst string, _ error) {
	wbName := "xl/workbook.xml"
	var root relationships
	if err := rd.decodePart("_rels/.rels", &root); err == nil {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbName = resolve("", r.Target)
			}
		}
	}
	if err := rd.decodePart(wbName, &wb); err != nil {
		return wb, nil, "", msg.Errorf("not a readable Excel workbook: %v", err)
	}
	rd.Date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	var rels relationships
	relsName := path.Join(path.Dir(wbName), "_rels", path.Base(wbName)+".rels")
	if err := rd.decodePart(relsName, &rels); err != nil {
		return wb, nil, "", msg.Errorf("not a readable Excel workbook: %v", err)
	}
	targets = map[string]string{}
	styles := ""
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
	return wb, targets, sst, nil
}

// chooseSheet is the sheet named, or the first that is not hidden.
func (rd *Reader) chooseSheet(wb workbookXML, sheet string) (sheetXML, error) {
	if len(wb.Sheets) == 0 {
		return sheetXML{}, msg.Errorf("the workbook has no sheets")
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
			return sheetXML{}, msg.Errorf("no sheet %q; the sheets are %s", sheet, strings.Join(names, ", "))
		}
		chosen, rd.Hidden = 0, nil // every sheet is hidden: read the first
	}
	s := wb.Sheets[chosen]
	rd.Sheet = s.Name
	return s, nil
}

// openSheet opens the sheet's part for reading, bounded, counted and
// read ahead.
func (rd *Reader) openSheet(part string) error {
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
	return nil
}

// readHeader reads the first row that is not empty: the header.
func (rd *Reader) readHeader() error {
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

// Splitter is the zero Splitter: the cells of the records ReadChunk makes
// are apart (nbcsv.Chunk.Apart), with nothing to split.
func (rd *Reader) Splitter() nbcsv.Splitter { return nbcsv.Splitter{} }

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
	c.Apart = true // the cells are apart: no separator joins them
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
		start, startCells := len(c.Data), len(c.Cells)
		for i, s := range cells {
			if rowErr == nil && errs[i] != nil {
				rowErr = &nbcsv.FieldError{Col: i, Err: errs[i]}
			}
			if i < len(rd.dates) && rd.dates[i] {
				c.Data = appendSerialDate(c.Data, s, rd.Date1904)
			} else {
				c.Data = append(c.Data, s...)
			}
			c.Cells = append(c.Cells, len(c.Data))
		}
		// Fewer cells than the header: the missing ones are empty.
		for i := len(cells); i < len(rd.Header); i++ {
			c.Cells = append(c.Cells, len(c.Data))
		}
		if rowErr != nil {
			c.Data, c.Cells = c.Data[:start], c.Cells[:startCells]
		}
		c.EndRecord(rd.row, rowErr)
	}
	if len(c.Lines) == had {
		return io.EOF
	}
	return nil
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
