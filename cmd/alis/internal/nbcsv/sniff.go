package nbcsv

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf8"
)

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
