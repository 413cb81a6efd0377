package nbcsv

import (
	"bufio"
	"encoding/binary"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// decoder turns the input's bytes into UTF-8 with LF or CRLF line ends, as
// it goes:
//
//   - a UTF-16 input (with its byte-order mark) is decoded;
//   - otherwise the bytes pass through as long as they are ASCII; at the
//     first byte that is not, the encoding is decided from the window of
//     SniffSize bytes that starts there: Windows-1252 when the window has
//     bytes that are not UTF-8 and no multi-byte UTF-8 sequence, UTF-8
//     otherwise. What came before is ASCII, the same in both, so the
//     decision is the same whether the input is a file or a pipe, and no
//     pass over the input is needed before its first record;
//   - an input whose first line ends with a lone CR (Excel's "CSV
//     (Macintosh)") has every CR read as a line feed.
type decoder struct {
	src    *bufio.Reader
	enc    Encoding // "" until decided
	crOnly bool
	in     []byte
	out    []byte
}

func newDecoder(src *bufio.Reader, enc Encoding) *decoder {
	d := &decoder{src: src, enc: enc}
	head, _ := src.Peek(64 << 10)
	d.crOnly = firstLineEndsWithCR(head)
	return d
}

// firstLineEndsWithCR reports whether the first line break (outside
// quotes) is a CR that no LF follows.
func firstLineEndsWithCR(b []byte) bool {
	inQuote := false
	for i, c := range b {
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\n':
			return false
		case c == '\r':
			return i+1 < len(b) && b[i+1] != '\n'
		}
	}
	return false
}

// encoding is the encoding decided so far: UTF-8 for an input that has been
// ASCII up to here.
func (d *decoder) encoding() Encoding {
	if d.enc == "" {
		return UTF8
	}
	return d.enc
}

func (d *decoder) Read(p []byte) (int, error) {
	n, err := d.read(p)
	if d.crOnly {
		for i, c := range p[:n] {
			if c == '\r' {
				p[i] = '\n'
			}
		}
	}
	return n, err
}

func (d *decoder) read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if d.enc == "" {
		// Undecided: hand on the ASCII that is buffered; decide at the
		// first byte that is not ASCII.
		if d.src.Buffered() == 0 {
			if _, err := d.src.Peek(1); err != nil {
				return 0, err
			}
		}
		buf, _ := d.src.Peek(min(len(p), d.src.Buffered()))
		i := asciiPrefix(buf)
		if i > 0 {
			n := copy(p, buf[:i])
			_, _ = d.src.Discard(n)
			return n, nil
		}
		window, err := d.src.Peek(SniffSize)
		var sc utfScan
		sc.scan(window, err != nil)
		d.enc = sc.verdict()
	}
	if d.enc != Windows1252 {
		return d.src.Read(p)
	}
	// Windows-1252: each byte is one rune of at most three bytes.
	if len(d.out) == 0 {
		if cap(d.in) == 0 {
			d.in = make([]byte, 32<<10)
		}
		n, err := d.src.Read(d.in[:cap(d.in)])
		if n == 0 {
			return 0, err
		}
		d.out = appendCP1252(d.out[:0], d.in[:n])
	}
	n := copy(p, d.out)
	d.out = d.out[n:]
	return n, nil
}

// asciiPrefix is the length of b's leading ASCII bytes.
func asciiPrefix(b []byte) int {
	i := 0
	for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 == 0 {
		i += 8
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// utf16Reader decodes UTF-16 (after its byte-order mark) to UTF-8. A lone
// surrogate becomes U+FFFD.
type utf16Reader struct {
	r    *bufio.Reader
	big  bool
	buf  []byte
	off  int
	high rune // a high surrogate waiting for its pair
	err  error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for u.off == len(u.buf) {
		if u.err != nil {
			return 0, u.err
		}
		u.buf, u.off = u.buf[:0], 0
		var pair [2]byte
		for k := 0; k < 4096 && u.err == nil; k++ {
			if _, err := io.ReadFull(u.r, pair[:]); err != nil {
				if err == io.ErrUnexpectedEOF || u.high != 0 {
					u.buf = utf8.AppendRune(u.buf, utf8.RuneError)
				}
				if err == io.ErrUnexpectedEOF {
					err = io.EOF
				}
				u.err = err
				break
			}
			v := rune(binary.LittleEndian.Uint16(pair[:]))
			if u.big {
				v = rune(binary.BigEndian.Uint16(pair[:]))
			}
			if u.high != 0 {
				if v >= 0xDC00 && v <= 0xDFFF {
					u.buf = utf8.AppendRune(u.buf, utf16.DecodeRune(u.high, v))
					u.high = 0
					continue
				}
				u.buf = utf8.AppendRune(u.buf, utf8.RuneError)
				u.high = 0
			}
			switch {
			case v >= 0xD800 && v <= 0xDBFF:
				u.high = v
			case v >= 0xDC00 && v <= 0xDFFF:
				u.buf = utf8.AppendRune(u.buf, utf8.RuneError)
			default:
				u.buf = utf8.AppendRune(u.buf, v)
			}
		}
	}
	n := copy(p, u.buf[u.off:])
	u.off += n
	return n, nil
}
