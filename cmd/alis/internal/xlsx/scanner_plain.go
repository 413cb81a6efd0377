package xlsx

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// unescape checks text and resolves its entities; text without any is
// returned as it is.
func (s *scanner) unescape(raw []byte) ([]byte, error) {
	if err := s.checkChars(raw); err != nil {
		return nil, err
	}
	amp := bytes.IndexByte(raw, '&')
	if amp < 0 {
		return raw, nil
	}
	from := len(s.scratch)
	out := append(s.scratch, raw[:amp]...)
	for rest := raw[amp:]; len(rest) > 0; {
		if rest[0] != '&' {
			i := bytes.IndexByte(rest, '&')
			if i < 0 {
				i = len(rest)
			}
			out = append(out, rest[:i]...)
			rest = rest[i:]
			continue
		}
		semi := bytes.IndexByte(rest, ';')
		if semi < 0 {
			return nil, s.syntax("invalid character entity %s (no semicolon)", rest[:min(len(rest), 10)])
		}
		ent := rest[1:semi]
		switch string(ent) {
		case "amp":
			out = append(out, '&')
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			r, ok := charRef(ent)
			if !ok {
				return nil, s.syntax("invalid character entity &%s;", ent)
			}
			out = utf8.AppendRune(out, r)
		}
		rest = rest[semi+1:]
	}
	s.scratch = out
	return out[from:], nil
}

// charRef reads a character reference's body: #65 or #x41.
func charRef(ent []byte) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	var v uint64
	var err error
	if ent[1] == 'x' {
		v, err = strconv.ParseUint(string(ent[2:]), 16, 32)
	} else {
		v, err = strconv.ParseUint(string(ent[1:]), 10, 32)
	}
	r := rune(v)
	if err != nil || !inCharRange(r) {
		return 0, false
	}
	return r, true
}

func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// skip passes over the element whose start tag was the last token.
func (s *scanner) skip() error {
	for depth := 1; depth > 0; {
		if err := s.next(); err != nil {
			if errors.Is(err, io.EOF) {
				return s.syntax("unexpected EOF")
			}
			return err
		}
		switch s.kind {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return nil
}

// attrValue is the value of the token's attribute name, and whether it has
// one.
func (s *scanner) attrValue(name string) ([]byte, bool) {
	for _, a := range s.attrs {
		if string(a.name) == name {
			return a.value, true
		}
	}
	return nil, false
}

// plainCell is a cell read by the scanner's fast path: views of its
// buffer, valid until the next call.
type plainCell struct {
	ref, typ, style  []byte // the r, t and s attributes, nil when not given
	val              []byte // the text of <v>, or of <is><t> (inline)
	inline           bool
	hasR, hasT, hasS bool
}

// noPlainCells turns the fast path off, for the test that holds it to the
// tokenizer.
var noPlainCells bool

// plainCell reads, when the scanner is at one, a cell of the shapes
// spreadsheet programs write: <c r="B2" t="s" s="1"><v>12</v></c>, <c/>,
// <c ...></c> and <c t="inlineStr"><is><t>text</t></is></c>, with only
// the attributes r, t and s, each once, and text that needs no entity and
// holds only characters XML allows. It reads what next would read as the
// cell's tokens, and says true; for anything else it reads nothing and
// says false, and next reads it the long way (with the errors it may
// give). A test holds the two to the same rows.
func (s *scanner) plainCell(c *plainCell) bool {
	if noPlainCells || s.closing {
		return false
	}
	const room = 4 << 10
	if s.end-s.pos < room && !s.eof {
		s.fill(s.pos)
	}
	b := s.buf[s.pos:s.end]
	if len(b) < 4 || b[0] != '<' || b[1] != 'c' {
		return false
	}
	*c = plainCell{}
	i := 2
	for i < len(b) && b[i] == ' ' {
		if i+4 > len(b) || b[i+2] != '=' || b[i+3] != '"' {
			return false
		}
		name := b[i+1]
		j := i + 4
		k := j
		for k < len(b) && b[k] != '"' {
			if ch := b[k]; ch < 0x20 || ch >= 0x7f || ch == '<' || ch == '&' {
				return false
			}
			k++
		}
		if k == len(b) {
			return false
		}
		switch {
		case name == 'r' && !c.hasR:
			c.ref, c.hasR = b[j:k], true
		case name == 't' && !c.hasT:
			c.typ, c.hasT = b[j:k], true
		case name == 's' && !c.hasS:
			c.style, c.hasS = b[j:k], true
		default:
			return false
		}
		i = k + 1
	}
	rest := b[i:]
	switch {
	case bytes.HasPrefix(rest, []byte("/>")):
		s.pos += i + 2
		return true
	case bytes.HasPrefix(rest, []byte("></c>")):
		s.pos += i + 5
		return true
	case bytes.HasPrefix(rest, []byte("><v>")):
		text, n, ok := plainText(rest[4:], "</v></c>")
		if !ok {
			return false
		}
		c.val = text
		s.pos += i + 4 + n
		return true
	case bytes.HasPrefix(rest, []byte("><is><t>")) && string(c.typ) == "inlineStr":
		text, n, ok := plainText(rest[8:], "</t></is></c>")
		if !ok {
			return false
		}
		c.val, c.inline = text, true
		s.pos += i + 8 + n
		return true
	}
	return false
}

// plainText is the text at the start of b up to the next '<', when that is
// followed by end, the text needs no entity and holds only characters XML
// allows; n is how many bytes the text and end take.
func plainText(b []byte, end string) (text []byte, n int, ok bool) {
	k := bytes.IndexByte(b, '<')
	if k < 0 || !bytes.HasPrefix(b[k:], []byte(end)) {
		return nil, 0, false
	}
	text = b[:k]
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '&' || c == ']' {
				return nil, 0, false // ']' for ]]>, which text may not hold
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			return nil, 0, false
		}
		i += size
	}
	return text, k + len(end), true
}
