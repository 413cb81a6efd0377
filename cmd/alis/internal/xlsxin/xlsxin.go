// Package xlsxin reads the rows of an Excel workbook (.xlsx) for a batch, as
// raw cell text: numbers as the decimal text Excel stores (never through a
// float), text as text, formulas as their cached values. Dates stored as
// serial numbers become YYYY-MM-DD in the columns it is told hold dates.
package xlsxin

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Sep joins a row's cells into one record for the batch pipeline; a cell
// holding it is rejected.
const Sep = '\x1f'

// Reader reads a sheet row by row.
type Reader struct {
	Sheet  string
	Header []string
	f      *excelize.File
	rows   *excelize.Rows
	row    int // the sheet row last read, 1-based
	dates  map[int]bool
	done   bool
}

// IsXLSX reports whether the bytes start like a zip archive, as .xlsx files do.
func IsXLSX(head []byte) bool { return len(head) >= 4 && string(head[:4]) == "PK\x03\x04" }

// Open opens the workbook and reads the header row of the sheet: the named
// one, or the first.
func Open(r io.Reader, sheet string) (*Reader, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a readable Excel workbook: %v", err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errors.New("the workbook has no sheets")
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return nil, fmt.Errorf("no sheet %q; the sheets are %s", sheet, strings.Join(sheets, ", "))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	rd := &Reader{Sheet: sheet, f: f, rows: rows, dates: map[int]bool{}}
	for rd.rows.Next() {
		rd.row++
		cells, err := rd.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		if len(cells) > 0 {
			for _, c := range cells {
				rd.Header = append(rd.Header, strings.TrimSpace(c))
			}
			return rd, nil
		}
	}
	return nil, fmt.Errorf("the sheet %s is empty: there is no header row", sheet)
}

// DateColumns names the columns whose numbers are date serials.
func (r *Reader) DateColumns(cols []int) {
	for _, c := range cols {
		r.dates[c] = true
	}
}

// Splitter splits the records ReadChunk makes.
func (r *Reader) Splitter() nbcsv.Splitter { return nbcsv.Splitter{Comma: Sep, Raw: true} }

// Cell names a cell as Excel does: Ark1!F12; with col < 0 the whole row,
// Ark1!12:12.
func (r *Reader) Cell(row, col int) string {
	if col < 0 {
		return fmt.Sprintf("%s!%d:%d", r.Sheet, row, row)
	}
	name, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		return fmt.Sprintf("%s!row %d", r.Sheet, row)
	}
	return r.Sheet + "!" + name
}

// ReadChunk fills c with up to max rows; empty rows are skipped. It returns
// io.EOF when there are none left.
func (r *Reader) ReadChunk(c *nbcsv.Chunk, max int) error {
	c.Data, c.Ends, c.Lines, c.Errs = c.Data[:0], c.Ends[:0], c.Lines[:0], c.Errs[:0]
	for len(c.Lines) < max && !r.done {
		if !r.rows.Next() {
			r.done = true
			if err := r.rows.Error(); err != nil {
				return err
			}
			break
		}
		r.row++
		cells, err := r.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		empty := true
		for _, s := range cells {
			if strings.TrimSpace(s) != "" {
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
			if strings.IndexByte(s, Sep) >= 0 {
				rowErr = &nbcsv.FieldError{Col: i, Err: errors.New("holds a control character (unit separator)")}
			}
			if r.dates[i] {
				s = serialDate(s)
			}
			c.Data = append(c.Data, s...)
		}
		// Fewer cells than the header: the missing ones are empty.
		for i := len(cells); i < len(r.Header); i++ {
			c.Data = append(c.Data, Sep)
		}
		if rowErr != nil {
			c.Data = c.Data[:start]
		}
		c.Ends = append(c.Ends, len(c.Data))
		c.Lines = append(c.Lines, r.row)
		c.Errs = append(c.Errs, rowErr)
	}
	if len(c.Lines) == 0 {
		return io.EOF
	}
	return nil
}

// excelEpoch is day 0 of Excel's 1900 date system (serial 1 is 1900-01-01,
// counting the non-existent 29 February 1900, so from March 1900 on the
// serial is the number of days since 30 December 1899).
var excelEpoch = date.MustNew(1899, time.December, 30)

// serialDate turns a date serial (a whole number, or with a time of day as a
// fraction) into YYYY-MM-DD; anything else is returned as it is, for the
// date parser to judge.
func serialDate(s string) string {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" || strings.Trim(frac, "0123456789") != "" {
		return s
	}
	n, err := strconv.Atoi(whole)
	if err != nil || n < 61 || n > 2958465 { // from 1900-03-01 to 9999-12-31
		return s
	}
	return excelEpoch.AddDays(n).String()
}

// Close closes the workbook.
func (r *Reader) Close() error {
	if r.rows != nil {
		_ = r.rows.Close()
	}
	return r.f.Close()
}
