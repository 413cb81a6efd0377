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
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
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

func (d Dialect) String() string {
	name := map[rune]string{';': "semicolon", ',': "comma", '\t': "tab"}[d.Comma]
	return fmt.Sprintf("%s-separated, %s", name, d.Encoding)
}

// Reader reads records with their line numbers.
type Reader struct {
	Dialect  Dialect
	Header   []string
	cr       *csv.Reader
	lines    *lineFilter
	checkUTF bool
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
	var src io.Reader = br
	if enc == Windows1252 {
		src = &cp1252Reader{r: br}
	}
	lines := newLineFilter(src)
	first, _ := lines.br.Peek(64 << 10)
	if len(bytes.TrimSpace(first)) == 0 {
		return nil, ErrEmpty
	}
	comma := sniffComma(first)
	cr := csv.NewReader(lines)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	// Every field is checked for valid UTF-8, unless the whole input was
	// scanned and found valid, or is decoded from Windows-1252.
	rd := &Reader{Dialect: Dialect{Comma: comma, Encoding: enc}, cr: cr, lines: lines, checkUTF: enc != Windows1252 && !clean}
	hdr, _, err := rd.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrEmpty
		}
		return nil, fmt.Errorf("the header line: %w", err)
	}
	rd.Header = append([]string(nil), hdr...)
	return rd, nil
}

// Read returns the next record (valid until the next call) and the line it
// starts on. A record that cannot be read is returned as err with its line;
// reading can go on after it. At the end it returns io.EOF.
func (r *Reader) Read() (rec []string, line int, err error) {
	rec, err = r.cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, pe.StartLine, unwrapCSV(err)
	}
	if err != nil {
		return nil, 0, err
	}
	line, _ = r.cr.FieldPos(0)
	if r.lines.replaced > 0 {
		for _, f := range rec {
			if strings.Contains(f, tooLong) {
				r.lines.replaced--
				return nil, line, fmt.Errorf("the line is longer than %d bytes", MaxRecordBytes)
			}
		}
	}
	if len(rec) > MaxFields {
		return nil, line, fmt.Errorf("the line has %d fields; at most %d are read", len(rec), MaxFields)
	}
	if r.checkUTF {
		for i, f := range rec {
			if !utf8.ValidString(f) {
				return nil, line, &FieldError{Col: i, Err: errors.New("is not valid UTF-8 text")}
			}
		}
	}
	return rec, line, nil
}

// FieldError is a record error that belongs to one column.
type FieldError struct {
	Col int
	Err error
}

func (e *FieldError) Error() string { return e.Err.Error() }

func unwrapCSV(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			return fmt.Errorf("a quoted field starting on line %d is not closed, or a quote inside it is not doubled", pe.StartLine)
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return errors.New(`a " in an unquoted field; quote the field and double the quote`)
		}
		return pe.Err
	}
	return err
}

// sniffComma picks the separator that occurs most often outside quotes in
// the first line; semicolon wins ties, as Norwegian Excel writes it.
func sniffComma(b []byte) rune {
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
	return rune(best)
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

// tooLong replaces a line longer than MaxRecordBytes, so that the reader
// can report it as a record of its own and go on with the next line.
const tooLong = "\x00alis: line too long\x00"

// lineFilter passes lines through, replacing each line longer than
// MaxRecordBytes by tooLong, so that no line is held in memory whole.
type lineFilter struct {
	br       *bufio.Reader
	pending  []byte
	replaced int // lines replaced and not yet reported
}

func newLineFilter(r io.Reader) *lineFilter {
	return &lineFilter{br: bufio.NewReaderSize(r, MaxRecordBytes+1)}
}

func (l *lineFilter) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		line, err := l.br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = l.br.ReadSlice('\n')
			}
			l.pending = []byte(tooLong + "\n")
			l.replaced++
			if err != nil && !errors.Is(err, io.EOF) {
				return 0, err
			}
		case err != nil && len(line) == 0:
			return 0, err
		default:
			l.pending = line
		}
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}
