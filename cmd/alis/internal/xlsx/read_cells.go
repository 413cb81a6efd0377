package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unsafe"

	"github.com/alis-tilskudd/alis/internal/msg"
)

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
