// Package nbcsv reads CSV as Norwegian offices export it: comma-, semicolon-
// or tab-separated (found from the header line, or from Excel's "sep=;"
// first line), UTF-8 with or without a byte-order mark, Windows-1252 or
// UTF-16 with a byte-order mark (Excel's "Unicode text"), LF, CRLF or
// CR-only line ends, quoted fields with embedded separators and newlines.
//
// The encoding is decided as the input is read, never by a pass over it
// first: see decoder. A quote that never closes costs only the line it
// opened on: that line is reported, and reading resumes on the next line.
package nbcsv

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// Limits on what is read.
const (
	// SniffSize is the window from the first byte that is not ASCII that
	// decides the encoding.
	SniffSize = 1 << 20
	// MaxRecordBytes is the longest record accepted.
	MaxRecordBytes = 1 << 20
	// MaxFields is the most fields a record may have.
	MaxFields = 1000
)

// Encoding is how the input's bytes are read.
type Encoding string

const (
	UTF8        Encoding = "utf-8"
	UTF8BOM     Encoding = "utf-8 with BOM"
	Windows1252 Encoding = "windows-1252"
	UTF16LE     Encoding = "utf-16le"
	UTF16BE     Encoding = "utf-16be"
)

// Dialect is what Open found.
type Dialect struct {
	Comma rune
	// SepLine: the input began with Excel's "sep=X" line, which named Comma.
	SepLine bool
}

// Options override what Open would find. Zero values mean "find it".
type Options struct {
	Comma    byte
	Encoding Encoding // UTF8 or Windows1252; a byte-order mark still wins
}

// Errors of single records; reading goes on after each.
var (
	ErrTooLong = msg.Errorf("the line is longer than %d bytes", MaxRecordBytes)
	// ErrUnclosed is a quote that never closes: only its line is lost.
	ErrUnclosed = msg.Errorf("a quote opened here never closes; this line is read on its own and the next line as a new row")
)

// Reader reads records with their line numbers.
//
// Reading is in two steps so that a batch can spread the work: Next (or
// ReadChunk) finds where each record ends, which needs only a look for
// newlines and quotes, and Split cuts a record into fields, which can run on
// many records at once.
type Reader struct {
	Dialect Dialect
	Header  []string
	dec     *decoder
	br      *bufio.Reader
	split   Splitter
	line    int  // physical lines consumed
	eof     bool // the input is exhausted
	acc     []byte
	fields  []string
	scratch []byte

	// Lines to read again, after a quote that never closed.
	pending, spare []byte
	pendOff        int
	pendLong       bool // after pending: a line too long to hold, already skipped
}

// ErrEmpty is returned by Open for an input with no header line.
var ErrEmpty = msg.Errorf("the file is empty: there is no header line")

// Open finds the dialect and reads the header line.
func Open(r io.Reader) (*Reader, error) { return OpenWith(r, Options{}) }

// OpenWith is Open with the separator or the encoding given.
func OpenWith(r io.Reader, opt Options) (*Reader, error) {
	src := bufio.NewReaderSize(r, SniffSize)
	head, _ := src.Peek(3)
	enc := opt.Encoding
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = src.Discard(3)
		enc = UTF8BOM
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		big := head[0] == 0xFE
		_, _ = src.Discard(2)
		src = bufio.NewReaderSize(&utf16Reader{r: src, big: big}, SniffSize)
		enc = UTF16LE
		if big {
			enc = UTF16BE
		}
	}
	dec := newDecoder(src, enc)
	br := bufio.NewReaderSize(dec, MaxRecordBytes)
	first, _ := br.Peek(64 << 10)
	if len(bytes.TrimSpace(first)) == 0 {
		return nil, ErrEmpty
	}
	rd := &Reader{dec: dec, br: br}
	comma := opt.Comma
	if c, ok := sepLine(first); ok {
		// Excel's "sep=;" names the separator on a line of its own.
		if _, _, err := rd.Next(); err != nil {
			return nil, msg.Errorf("the sep= line: %w", err)
		}
		if comma == 0 {
			comma = c
		}
		rd.Dialect.SepLine = true
		first, _ = br.Peek(64 << 10)
	}
	if comma == 0 {
		comma = sniffComma(first)
	}
	rd.Dialect.Comma = rune(comma)
	rd.split = Splitter{Comma: comma, CheckUTF8: true}
	hdr, _, err := rd.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrEmpty
		}
		return nil, msg.Errorf("the header line: %w", err)
	}
	for _, h := range hdr {
		rd.Header = append(rd.Header, strings.Clone(h))
	}
	return rd, nil
}

// sepLine reads Excel's first line "sep=;" (or "sep=," or a tab).
func sepLine(b []byte) (byte, bool) {
	line, _, _ := bytes.Cut(b, []byte{'\n'})
	line = bytes.TrimRight(line, "\r")
	line = bytes.Trim(line, `"`)
	if len(line) != 5 || !strings.EqualFold(string(line[:4]), "sep=") {
		return 0, false
	}
	switch c := line[4]; c {
	case ';', ',', '\t', '|':
		return c, true
	}
	return 0, false
}

// Encoding is the encoding decided so far: for an input that has been
// ASCII up to where it was read, UTF-8.
func (r *Reader) Encoding() Encoding { return r.dec.encoding() }

// Splitter returns what splits this reader's records into fields.
func (r *Reader) Splitter() Splitter { return r.split }

// Read returns the next record's fields (valid until the next call) and the
// line it starts on. A record that cannot be read is returned as err with its
// line; reading can go on after it. At the end it returns io.EOF.
func (r *Reader) Read() (rec []string, line int, err error) {
	raw, line, err := r.Next()
	if err != nil {
		return nil, line, err
	}
	r.fields, r.scratch, err = r.split.Split(raw, line, r.fields, r.scratch[:0])
	if err != nil {
		return nil, line, err
	}
	return r.fields, line, nil
}

// physLine returns the next physical line, with its line break: from the
// lines to read again first, then from the input. A line too long to hold
// is skipped and reported as ErrTooLong.
func (r *Reader) physLine() ([]byte, error) {
	if r.pendOff < len(r.pending) {
		rest := r.pending[r.pendOff:]
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			i = len(rest) - 1
		}
		r.pendOff += i + 1
		return rest[:i+1], nil
	}
	if r.pendLong {
		r.pendLong = false
		return nil, ErrTooLong
	}
	if r.eof {
		return nil, io.EOF
	}
	l, err := r.br.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = r.br.ReadSlice('\n')
		}
		if errors.Is(err, io.EOF) {
			r.eof = true
		} else if err != nil {
			return nil, err
		}
		return nil, ErrTooLong
	case errors.Is(err, io.EOF):
		r.eof = true
		if len(l) == 0 {
			return nil, io.EOF
		}
	case err != nil:
		return nil, err
	}
	return l, nil
}

// Next returns the next raw record, without its line break, and the line it
// starts on. The bytes are valid until the next call. Empty lines are
// skipped. A record that cannot be read comes with an error and its line:
// ErrTooLong for a line longer than MaxRecordBytes (without its bytes), and
// ErrUnclosed for a line whose quote never closes, by the end of the input
// or within MaxRecordBytes (with the line's bytes: reading resumes on the
// line after it). At the end it returns io.EOF; an error with line 0 is a
// failure to read the input.
func (r *Reader) Next() (rec []byte, line int, err error) {
	for {
		start := r.line + 1
		l, err := r.physLine()
		switch {
		case errors.Is(err, io.EOF):
			return nil, 0, io.EOF
		case errors.Is(err, ErrTooLong):
			r.line++
			return nil, start, ErrTooLong
		case err != nil:
			return nil, 0, err
		}
		r.line++
		if bytes.IndexByte(l, '"') < 0 || scan(l, r.split.Comma, fieldStart) != quoted {
			if rec := trimEOL(l); len(rec) > 0 {
				return rec, start, nil
			}
			continue // an empty line
		}
		// A quoted field runs on over the line break.
		acc := append(r.acc[:0], l...)
		first := len(l)
		st, closed, long := quoted, false, false
		for !closed && len(acc) <= MaxRecordBytes {
			l, err := r.physLine()
			if errors.Is(err, io.EOF) {
				break
			}
			if errors.Is(err, ErrTooLong) {
				r.line++
				long = true
				break
			}
			if err != nil {
				return nil, 0, err
			}
			r.line++
			st = scan(l, r.split.Comma, st)
			acc = append(acc, l...)
			closed = st != quoted
		}
		r.acc = acc
		if closed {
			return trimEOL(acc), start, nil
		}
		// The quote never closes: this line is a record of its own, and
		// the lines after it are read again.
		rest := append(r.spare[:0], acc[first:]...)
		rest = append(rest, r.pending[r.pendOff:]...)
		r.spare, r.pending, r.pendOff = r.pending, rest, 0
		r.pendLong = r.pendLong || long
		r.line = start
		return trimEOL(acc[:first]), start, ErrUnclosed
	}
}

// trimEOL drops the line break: LF, CRLF, or a CR that ends the input.
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// The states of a record being scanned.
const (
	fieldStart = iota
	unquoted
	quoted
	quoteInQuoted // a quote inside a quoted field: its end, or the first of a doubled quote
)

// scan runs the record's state machine over a line, from state st, and
// returns the state after it: quoted when the line ends inside a quoted field.
func scan(l []byte, comma byte, st int) int {
	for _, c := range l {
		switch st {
		case fieldStart, unquoted:
			switch c {
			case '"':
				if st == fieldStart {
					st = quoted
				}
			case comma:
				st = fieldStart
			case '\n':
				st = fieldStart
			default:
				st = unquoted
			}
		case quoted:
			if c == '"' {
				st = quoteInQuoted
			}
		case quoteInQuoted:
			switch c {
			case '"':
				st = quoted
			case comma, '\n':
				st = fieldStart
			default:
				st = unquoted // a stray quote: Split reports it
			}
		}
	}
	return st
}

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

// Chunk is a run of raw records, as ReadChunk fills it.
type Chunk struct {
	Data  []byte  // the records back to back
	Ends  []int   // where each record ends in Data
	Lines []int   // the line each record starts on
	Errs  []error // a record that could not be read, else nil
}

// Len is the number of records.
func (c *Chunk) Len() int { return len(c.Lines) }

// Record returns record i.
func (c *Chunk) Record(i int) []byte {
	start := 0
	if i > 0 {
		start = c.Ends[i-1]
	}
	return c.Data[start:c.Ends[i]]
}

// Reset empties the chunk, keeping its memory.
func (c *Chunk) Reset() {
	c.Data, c.Ends, c.Lines, c.Errs = c.Data[:0], c.Ends[:0], c.Lines[:0], c.Errs[:0]
}

// Truncate keeps the first n records.
func (c *Chunk) Truncate(n int) {
	end := 0
	if n > 0 {
		end = c.Ends[n-1]
	}
	c.Data, c.Ends, c.Lines, c.Errs = c.Data[:end], c.Ends[:n], c.Lines[:n], c.Errs[:n]
}

// Append appends record i of src.
func (c *Chunk) Append(src *Chunk, i int) {
	c.Data = append(c.Data, src.Record(i)...)
	c.Ends = append(c.Ends, len(c.Data))
	c.Lines = append(c.Lines, src.Lines[i])
	c.Errs = append(c.Errs, src.Errs[i])
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

// FieldError is a record error that belongs to one column.
type FieldError struct {
	Col int
	Err error
}

func (e *FieldError) Error() string { return e.Err.Error() }

// Text is the error in l.
func (e *FieldError) Text(l msg.Lang) string { return msg.Text(l, e.Err) }

// Unwrap is what is wrong.
func (e *FieldError) Unwrap() error { return e.Err }

// sniffComma picks the separator that occurs most often outside quotes in
// the first line; semicolon wins ties, as Norwegian Excel writes it.
func sniffComma(b []byte) byte {
	counts := map[byte]int{}
	inQuote := false
	for _, c := range b {
		if c == '"' {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if c == '\n' {
			break
		}
		if c == ';' || c == ',' || c == '\t' {
			counts[c]++
		}
	}
	best := byte(';')
	for _, c := range []byte{';', '\t', ','} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// utfScan counts valid multi-byte UTF-8 sequences and invalid bytes.
type utfScan struct {
	carry   []byte
	multi   int
	invalid int
}

func (u *utfScan) scan(b []byte, last bool) {
	if len(u.carry) > 0 {
		b = append(u.carry, b...)
		u.carry = nil
	}
	for i := 0; i < len(b); {
		// Skip ASCII eight bytes at a time.
		for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 == 0 {
			i += 8
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if !last && len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:]) {
			u.carry = append([]byte(nil), b[i:]...)
			return
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			u.invalid++
			i++
			continue
		}
		u.multi++
		i += size
	}
}

func (u *utfScan) verdict() Encoding {
	if u.invalid > 0 && u.multi == 0 {
		return Windows1252
	}
	return UTF8
}

const (
	lo7 = 0x7f7f7f7f7f7f7f7f
	hi  = 0x8080808080808080
	one = 0x0101010101010101
)

// zeroBytes has the high bit set in each byte of x that is zero, and only
// there.
func zeroBytes(x uint64) uint64 {
	return ^((x&lo7 + lo7) | x | lo7)
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
