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
	"errors"
	"io"
	"strings"

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
