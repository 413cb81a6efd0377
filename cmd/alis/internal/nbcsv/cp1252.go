package nbcsv

import (
	"io"
	"unicode/utf8"
)

// cp1252High maps the bytes 0x80–0x9F of Windows-1252 to their runes; the
// five bytes Windows-1252 leaves undefined map to U+FFFD. Bytes 0xA0–0xFF
// are the same code points as in Latin-1.
var cp1252High = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

// cp1252Reader decodes Windows-1252 to UTF-8.
type cp1252Reader struct {
	r   io.Reader
	in  []byte
	buf []byte // decoded bytes
	out []byte // what of buf is not yet read
}

func (c *cp1252Reader) Read(p []byte) (int, error) {
	if len(c.out) == 0 {
		if c.in == nil {
			c.in = make([]byte, 32<<10)
		}
		n, err := c.r.Read(c.in)
		if n == 0 {
			return 0, err
		}
		c.buf = c.buf[:0]
		for _, b := range c.in[:n] {
			switch {
			case b < 0x80:
				c.buf = append(c.buf, b)
			case b < 0xA0:
				c.buf = utf8.AppendRune(c.buf, cp1252High[b-0x80])
			default:
				c.buf = utf8.AppendRune(c.buf, rune(b))
			}
		}
		c.out = c.buf
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}
