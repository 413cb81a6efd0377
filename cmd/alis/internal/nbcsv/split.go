package nbcsv

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
	"unicode/utf8"
	"unsafe"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// Splitter cuts raw records into fields.
type Splitter struct {
	Comma     byte
	CheckUTF8 bool
	// Raw splits on Comma alone: quotes are text, as in records made from
	// spreadsheet cells.
	Raw bool
}

// Split appends the fields of rec to dst[:0]. Unquoted fields share rec's
// bytes; quoted fields are unquoted into scratch, which Split returns grown.
// The strings are valid as long as rec and scratch are not written.
func (s Splitter) Split(rec []byte, line int, dst []string, scratch []byte) ([]string, []byte, error) {
	dst = dst[:0]
	if !s.Raw {
		if out, ok := s.splitPlain(rec, dst); ok {
			return out, scratch, nil
		}
	}
	return s.splitGeneral(rec, line, dst, scratch)
}

// splitGeneral is Split for every record.
func (s Splitter) splitGeneral(rec []byte, line int, dst []string, scratch []byte) ([]string, []byte, error) {
	rec0 := rec
	if bytes.IndexByte(rec, 0) >= 0 {
		return dst, scratch, msg.Errorf("the line has a NUL byte: is the file UTF-16 or not text? save it as CSV (UTF-8)")
	}
	if s.Raw || bytes.IndexByte(rec, '"') < 0 {
		for {
			i := bytes.IndexByte(rec, s.Comma)
			if i < 0 {
				dst = append(dst, bytesToString(rec))
				break
			}
			dst = append(dst, bytesToString(rec[:i]))
			rec = rec[i+1:]
		}
	} else {
		var err error
		if dst, scratch, err = s.splitQuoted(rec, line, dst, scratch); err != nil {
			return dst, scratch, err
		}
	}
	if len(dst) > MaxFields {
		return dst, scratch, msg.Errorf("the line has %d fields; at most %d are read", len(dst), MaxFields)
	}
	if s.CheckUTF8 && !utf8.Valid(rec0) {
		for i, f := range dst {
			if !utf8.ValidString(f) {
				return dst, scratch, &FieldError{Col: i, Err: msg.Errorf("is not valid UTF-8 text")}
			}
		}
	}
	return dst, scratch, nil
}

// splitQuoted splits a record with quotes, as encoding/csv would: a quoted
// field starts with a quote, doubles any quote inside it, and may hold
// separators and line breaks (CRLF inside one becomes LF).
func (s Splitter) splitQuoted(rec []byte, line int, dst []string, scratch []byte) ([]string, []byte, error) {
	// Fields are first written back to back in scratch; strings are taken
	// once scratch no longer grows.
	base := len(scratch)
	var ends []int
	var endsArr [64]int
	ends = endsArr[:0]
	st := fieldStart
	for i := 0; i < len(rec); i++ {
		c := rec[i]
		switch st {
		case fieldStart, unquoted:
			switch {
			case c == s.Comma:
				ends = append(ends, len(scratch))
				st = fieldStart
			case c == '"' && st == fieldStart:
				st = quoted
			case c == '"':
				return dst, scratch, msg.Errorf(`a " in an unquoted field; quote the field and double the quote`)
			default:
				scratch = append(scratch, c)
				st = unquoted
			}
		case quoted:
			switch {
			case c == '"':
				st = quoteInQuoted
			case c == '\r' && i+1 < len(rec) && rec[i+1] == '\n':
				// CRLF inside a quoted field is read as LF.
			default:
				scratch = append(scratch, c)
			}
		case quoteInQuoted:
			switch c {
			case '"':
				scratch = append(scratch, '"')
				st = quoted
			case s.Comma:
				ends = append(ends, len(scratch))
				st = fieldStart
			default:
				return dst, scratch, msg.Errorf("a quoted field starting on line %d is not closed, or a quote inside it is not doubled", line)
			}
		}
	}
	if st == quoted {
		return dst, scratch, msg.Errorf("a quoted field starting on line %d is not closed, or a quote inside it is not doubled", line)
	}
	ends = append(ends, len(scratch))
	from := base
	for _, e := range ends {
		dst = append(dst, bytesToString(scratch[from:e]))
		from = e
	}
	return dst, scratch, nil
}

// bytesToString returns a string that shares b's bytes.
func bytesToString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// Chunk is a run of raw records, as ReadChunk fills it: lines of text to
// split into fields, or (Apart) records whose fields are already apart, as
// a workbook's cells are.
type Chunk struct {
	Data  []byte  // the records back to back
	Ends  []int   // where each record ends in Data
	Lines []int   // the line each record starts on
	Errs  []error // a record that could not be read, else nil
	// Apart: the records' fields are apart already. Cells is where each
	// field ends in Data, record after record, and CellEnds where each
	// record's fields end in Cells; Fields gives them, without a
	// separator to split at (so a field may hold any character).
	Apart    bool
	Cells    []int
	CellEnds []int
}

// Len is the number of records.
func (c *Chunk) Len() int { return len(c.Lines) }

// Record returns record i: its text, or (Apart) its fields back to back.
func (c *Chunk) Record(i int) []byte {
	start := 0
	if i > 0 {
		start = c.Ends[i-1]
	}
	return c.Data[start:c.Ends[i]]
}

// Fields appends the fields of record i of a chunk whose fields are apart
// to dst[:0]; they view the chunk's data.
func (c *Chunk) Fields(i int, dst []string) []string {
	dst = dst[:0]
	first, start := 0, 0
	if i > 0 {
		first, start = c.CellEnds[i-1], c.Ends[i-1]
	}
	for _, end := range c.Cells[first:c.CellEnds[i]] {
		dst = append(dst, bytesToString(c.Data[start:end]))
		start = end
	}
	return dst
}

// Field is field col of record i of a chunk whose fields are apart, or
// nil when the record has no such field.
func (c *Chunk) Field(i, col int) []byte {
	first, start := 0, 0
	if i > 0 {
		first, start = c.CellEnds[i-1], c.Ends[i-1]
	}
	cells := c.Cells[first:c.CellEnds[i]]
	if col < 0 || col >= len(cells) {
		return nil
	}
	if col > 0 {
		start = cells[col-1]
	}
	return c.Data[start:cells[col]]
}

// EndRecord ends a record of fields apart, whose fields' ends are in Cells.
func (c *Chunk) EndRecord(line int, err error) {
	c.Ends = append(c.Ends, len(c.Data))
	c.CellEnds = append(c.CellEnds, len(c.Cells))
	c.Lines = append(c.Lines, line)
	c.Errs = append(c.Errs, err)
}

// Reset empties the chunk, keeping its memory.
func (c *Chunk) Reset() {
	c.Data, c.Ends, c.Lines, c.Errs = c.Data[:0], c.Ends[:0], c.Lines[:0], c.Errs[:0]
	c.Cells, c.CellEnds = c.Cells[:0], c.CellEnds[:0]
}

// Truncate keeps the first n records.
func (c *Chunk) Truncate(n int) {
	end, cells := 0, 0
	if n > 0 {
		end = c.Ends[n-1]
		if c.Apart {
			cells = c.CellEnds[n-1]
		}
	}
	c.Data, c.Ends, c.Lines, c.Errs = c.Data[:end], c.Ends[:n], c.Lines[:n], c.Errs[:n]
	if c.Apart {
		c.Cells, c.CellEnds = c.Cells[:cells], c.CellEnds[:n]
	}
}

// Append appends record i of src.
func (c *Chunk) Append(src *Chunk, i int) {
	base := len(c.Data)
	c.Data = append(c.Data, src.Record(i)...)
	c.Ends = append(c.Ends, len(c.Data))
	c.Lines = append(c.Lines, src.Lines[i])
	c.Errs = append(c.Errs, src.Errs[i])
	if c.Apart = src.Apart; src.Apart {
		first, start := 0, 0
		if i > 0 {
			first, start = src.CellEnds[i-1], src.Ends[i-1]
		}
		for _, end := range src.Cells[first:src.CellEnds[i]] {
			c.Cells = append(c.Cells, base+end-start)
		}
		c.CellEnds = append(c.CellEnds, len(c.Cells))
	}
}

// ReadChunk fills c with up to max records. It returns io.EOF when there are
// none left, and any other error when the input cannot be read.
func (r *Reader) ReadChunk(c *Chunk, max int) error {
	c.Reset()
	return r.AppendChunk(c, max)
}

// AppendChunk appends up to max records to c, as ReadChunk reads them; it
// returns io.EOF when there were none left to append.
func (r *Reader) AppendChunk(c *Chunk, max int) error {
	had := len(c.Lines)
	for len(c.Lines) < had+max {
		rec, line, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && line == 0 {
			return err
		}
		c.Data = append(c.Data, rec...)
		c.Ends = append(c.Ends, len(c.Data))
		c.Lines = append(c.Lines, line)
		c.Errs = append(c.Errs, err)
	}
	if len(c.Lines) == had {
		return io.EOF
	}
	return nil
}

// splitPlain splits the common record, eight bytes at a time: no quote, no
// NUL, valid UTF-8, at most MaxFields fields. ok is false for any other
// record, which Split reads the long way; a test holds the two to the same
// fields.
func (s Splitter) splitPlain(rec []byte, dst []string) (out []string, ok bool) {
	commas := uint64(s.Comma) * one
	start, i := 0, 0
	checked := 0 // UTF-8 is checked up to here
	for ; i+8 <= len(rec); i += 8 {
		x := binary.LittleEndian.Uint64(rec[i:])
		if zeroBytes(x^('"'*one))|zeroBytes(x) != 0 {
			return dst, false
		}
		if high := x & hi; high != 0 && s.CheckUTF8 && checked < i+8 {
			// Check the characters that start in this word, from its
			// first byte above ASCII on.
			p := max(i+bits.TrailingZeros64(high)>>3, checked)
			for p < i+8 {
				if rec[p] < utf8.RuneSelf {
					p++
					continue
				}
				r, size := utf8.DecodeRune(rec[p:])
				if r == utf8.RuneError && size == 1 {
					return dst, false
				}
				p += size
			}
			checked = p
		}
		for m := zeroBytes(x ^ commas); m != 0; m &= m - 1 {
			at := i + bits.TrailingZeros64(m)>>3
			dst = append(dst, bytesToString(rec[start:at]))
			start = at + 1
		}
	}
	tail := i // the last bytes, fewer than eight
	for ; i < len(rec); i++ {
		switch c := rec[i]; {
		case c == s.Comma:
			dst = append(dst, bytesToString(rec[start:i]))
			start = i + 1
		case c == '"' || c == 0:
			return dst, false
		}
	}
	dst = append(dst, bytesToString(rec[start:]))
	if len(dst) > MaxFields || s.CheckUTF8 && !utf8.Valid(rec[max(checked, tail):]) {
		return dst, false
	}
	return dst, true
}
