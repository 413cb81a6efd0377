// Package nbcsv reads CSV as Norwegian offices export it: comma-, semicolon-
// or tab-separated (found from the header line), UTF-8 with or without a
// byte-order mark or Windows-1252, CRLF or LF, quoted fields with embedded
// separators and newlines.
//
// The encoding is decided before the first record is read: from the whole
// input when it can be read twice (a regular file), else from its first
// SniffSize bytes. Input with bytes that are not UTF-8 and no multi-byte
// UTF-8 sequence is Windows-1252; input with both is UTF-8 with errors, and
// each record with invalid UTF-8 is reported as an error of its own.
package nbcsv

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Limits on what is read.
const (
	// SniffSize is how much of an input that cannot be read twice decides
	// its encoding and separator.
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
)

// Dialect is what Open found.
type Dialect struct {
	Comma    rune
	Encoding Encoding
}

// Reader reads records with their line numbers.
//
// Reading is in two steps so that a batch can spread the work: Next (or
// ReadChunk) finds where each record ends, which needs only a look for
// newlines and quotes, and Split cuts a record into fields, which can run on
// many records at once.
type Reader struct {
	Dialect Dialect
	Header  []string
	br      *bufio.Reader
	split   Splitter
	line    int  // physical lines consumed
	eof     bool // the input is exhausted
	acc     []byte
	fields  []string
	scratch []byte
}

// ErrEmpty is returned by Open for an input with no header line.
var ErrEmpty = errors.New("the file is empty: there is no header line")

// Open sniffs the dialect and reads the header line. When r is also an
// io.Seeker positioned at its start, the whole input is scanned for its
// encoding and r is rewound.
func Open(r io.Reader) (*Reader, error) {
	enc, whole, clean, err := scanWhole(r)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(r, SniffSize)
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		enc = UTF8BOM
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return nil, errors.New("the file is UTF-16; save it as UTF-8 (CSV UTF-8 in Excel) or Windows-1252")
	case !whole:
		// Decide from what can be seen without reading the input twice.
		peek, _ := br.Peek(SniffSize)
		var sc utfScan
		sc.scan(peek, false)
		enc = sc.verdict()
	}
	src := br
	if enc == Windows1252 {
		src = bufio.NewReaderSize(&cp1252Reader{r: br}, MaxRecordBytes)
	} else if br.Size() < MaxRecordBytes {
		src = bufio.NewReaderSize(br, MaxRecordBytes)
	}
	first, _ := src.Peek(64 << 10)
	if len(bytes.TrimSpace(first)) == 0 {
		return nil, ErrEmpty
	}
	comma := sniffComma(first)
	// Every field is checked for valid UTF-8, unless the whole input was
	// scanned and found valid, or is decoded from Windows-1252.
	rd := &Reader{
		Dialect: Dialect{Comma: rune(comma), Encoding: enc},
		br:      src,
		split:   Splitter{Comma: comma, CheckUTF8: enc != Windows1252 && !clean},
	}
	hdr, _, err := rd.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrEmpty
		}
		return nil, fmt.Errorf("the header line: %w", err)
	}
	for _, h := range hdr {
		rd.Header = append(rd.Header, strings.Clone(h))
	}
	return rd, nil
}

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

// Next returns the next raw record, without its line break, and the line it
// starts on. The bytes are valid until the next call. A record longer than
// MaxRecordBytes is skipped and reported as an error with its line. Empty
// lines are skipped. At the end it returns io.EOF; an error with line 0 is
// a failure to read the input.
func (r *Reader) Next() (rec []byte, line int, err error) {
	for {
		if r.eof {
			return nil, 0, io.EOF
		}
		start := r.line + 1
		multi := false
		r.acc = r.acc[:0]
		st := fieldStart
		for {
			l, err := r.br.ReadSlice('\n')
			if errors.Is(err, bufio.ErrBufferFull) {
				// Too long to hold: skip to the end of the line.
				for errors.Is(err, bufio.ErrBufferFull) {
					_, err = r.br.ReadSlice('\n')
				}
				r.line++
				if errors.Is(err, io.EOF) {
					r.eof = true
				} else if err != nil {
					return nil, 0, err
				}
				return nil, start, errTooLong
			}
			if errors.Is(err, io.EOF) {
				r.eof = true
			} else if err != nil {
				return nil, 0, err
			}
			if len(l) > 0 {
				r.line++
			}
			if st == quoted || bytes.IndexByte(l, '"') >= 0 {
				st = scan(l, r.split.Comma, st)
			}
			if !multi && (st != quoted || r.eof) {
				rec = l
				break
			}
			multi = true
			r.acc = append(r.acc, l...)
			if len(r.acc) > MaxRecordBytes {
				// A quoted field that runs on too long: report it and start afresh on the next line.
				return nil, start, errTooLong
			}
			if st != quoted || r.eof {
				rec = r.acc
				break
			}
		}
		rec = trimEOL(rec)
		if len(rec) == 0 {
			continue // an empty line
		}
		return rec, start, nil
	}
}

var errTooLong = fmt.Errorf("the line is longer than %d bytes", MaxRecordBytes)

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
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
	if bytes.IndexByte(rec, 0) >= 0 {
		return dst, scratch, errors.New("the line has a NUL byte: is the file UTF-16 or not text? save it as CSV (UTF-8)")
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
		return dst, scratch, fmt.Errorf("the line has %d fields; at most %d are read", len(dst), MaxFields)
	}
	if s.CheckUTF8 {
		for i, f := range dst {
			if !utf8.ValidString(f) {
				return dst, scratch, &FieldError{Col: i, Err: errors.New("is not valid UTF-8 text")}
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
				return dst, scratch, errors.New(`a " in an unquoted field; quote the field and double the quote`)
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
				return dst, scratch, fmt.Errorf("a quoted field starting on line %d is not closed, or a quote inside it is not doubled", line)
			}
		}
	}
	if st == quoted {
		return dst, scratch, fmt.Errorf("a quoted field starting on line %d is not closed, or a quote inside it is not doubled", line)
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

// ReadChunk fills c with up to max records. It returns io.EOF when there are
// none left, and any other error when the input cannot be read.
func (r *Reader) ReadChunk(c *Chunk, max int) error {
	c.Data, c.Ends, c.Lines, c.Errs = c.Data[:0], c.Ends[:0], c.Lines[:0], c.Errs[:0]
	for len(c.Lines) < max {
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
	if len(c.Lines) == 0 {
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

// scanWhole decides the encoding from the whole input when r can be rewound
// to its start; whole is false when it cannot.
func scanWhole(r io.Reader) (enc Encoding, whole, clean bool, err error) {
	s, ok := r.(io.ReadSeeker)
	if !ok {
		return UTF8, false, false, nil
	}
	if pos, err := s.Seek(0, io.SeekCurrent); err != nil || pos != 0 {
		return UTF8, false, false, nil
	}
	var sc utfScan
	buf := make([]byte, 256<<10)
	for {
		n, err := io.ReadFull(s, buf)
		sc.scan(buf[:n], err != nil)
		if err != nil {
			break
		}
	}
	if _, err := s.Seek(0, io.SeekStart); err != nil {
		return "", false, false, err
	}
	return sc.verdict(), true, sc.invalid == 0, nil
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
