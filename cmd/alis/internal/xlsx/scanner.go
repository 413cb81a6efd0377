package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// scanner is a strict XML tokenizer for the parts of a workbook alis reads
// (a sheet, the shared strings). It checks what encoding/xml checks of
// such a document — names, quoting, entities, characters XML cannot hold,
// UTF-8, end tags that match their start tags, the end of the document —
// and reports a fault as encoding/xml does (an *xml.SyntaxError with its
// line), but it copies nothing and allocates nothing per token: a token's
// name, attributes and text are views of its buffer, valid until the next
// call. Namespace prefixes are dropped from names (x:row is row).
//
// A DOCTYPE, comments and processing instructions are passed over; CDATA
// is text.
type scanner struct {
	r    io.Reader
	buf  []byte
	pos  int // the next byte to read
	end  int // the end of what was read
	eof  bool
	err  error // from r, other than io.EOF
	line int

	stack []byte // the names of the open elements, each followed by 0
	marks []int  // where each open element's name starts in stack

	// The token.
	kind    tokenKind
	name    []byte // local name
	attrs   []attr
	text    []byte
	closing bool // the start tag was <x/>: an end token follows

	scratch []byte // unescaped text
}

type tokenKind uint8

const (
	tokStart tokenKind = iota + 1
	tokEnd
	tokText
)

type attr struct {
	name, value []byte // local name; unescaped value
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 0, 256<<10), line: 1}
}

// syntax is a fault at pos. Lines are counted only then: line counts the
// lines of what the buffer no longer holds.
func (s *scanner) syntax(format string, args ...any) error {
	if s.err != nil {
		return s.err // the input could not be read on: that, not what it cut short
	}
	line := s.line + bytes.Count(s.buf[:min(s.pos, s.end)], []byte{'\n'})
	return &xml.SyntaxError{Msg: fmt.Sprintf(format, args...), Line: line}
}

// fill reads more, keeping the bytes from keep on (moved to the front of
// the buffer). It returns how far they moved, so that the caller can shift
// its indexes, and false at the end of the input.
func (s *scanner) fill(keep int) (shift int, ok bool) {
	if s.eof {
		return 0, false
	}
	if keep > 0 {
		s.line += bytes.Count(s.buf[:keep], []byte{'\n'})
		n := copy(s.buf[:cap(s.buf)], s.buf[keep:s.end])
		s.pos -= keep
		s.end = n
		shift = keep
	}
	if s.end == cap(s.buf) {
		grown := make([]byte, s.end, 2*cap(s.buf))
		copy(grown, s.buf[:s.end])
		s.buf = grown
	}
	s.buf = s.buf[:cap(s.buf)]
	n, err := s.r.Read(s.buf[s.end:])
	s.end += n
	s.buf = s.buf[:s.end]
	if err != nil {
		s.eof = true
		if !errors.Is(err, io.EOF) {
			s.err = err
		}
	}
	return shift, n > 0 || !s.eof
}

// next reads the next token. At the end of a document whose elements are
// all closed it returns io.EOF.
func (s *scanner) next() error {
	if s.closing {
		s.closing = false
		s.kind = tokEnd
		s.pop()
		return nil
	}
	for {
		if s.pos >= s.end {
			if _, ok := s.fill(s.pos); !ok || s.pos >= s.end {
				if s.err != nil {
					return s.err
				}
				if len(s.marks) > 0 {
					return s.syntax("unexpected EOF")
				}
				return io.EOF
			}
		}
		if s.buf[s.pos] != '<' {
			return s.scanText()
		}
		done, err := s.scanMarkup()
		if err != nil || done {
			return err
		}
	}
}

// scanText reads the text up to the next '<'.
func (s *scanner) scanText() error {
	start := s.pos
	for {
		i := bytes.IndexByte(s.buf[s.pos:s.end], '<')
		if i >= 0 {
			s.pos += i
			break
		}
		s.pos = s.end
		shift, ok := s.fill(start)
		start -= shift
		if !ok {
			break
		}
	}
	raw := s.buf[start:s.pos]
	if bytes.Contains(raw, []byte("]]>")) {
		return s.syntax("unescaped ]]> not in CDATA section")
	}
	text, err := s.unescape(raw)
	if err != nil {
		return err
	}
	s.kind, s.text = tokText, text
	return nil
}

// ensure makes n bytes from pos available, moving the token that starts
// at start; it returns how far start moved, and false when the input ends
// first.
func (s *scanner) ensure(start, n int) (int, bool) {
	moved := 0
	for s.end-s.pos < n {
		shift, ok := s.fill(start)
		start -= shift
		moved += shift
		if !ok {
			return moved, false
		}
	}
	return moved, true
}

// scanMarkup reads what starts with '<': a tag (done), or a comment, a
// processing instruction, a DOCTYPE, CDATA (text: done).
func (s *scanner) scanMarkup() (done bool, err error) {
	start := s.pos
	moved, ok := s.ensure(start, 2)
	start -= moved
	if !ok {
		return false, s.syntax("unexpected EOF")
	}
	switch s.buf[s.pos+1] {
	case '?':
		start, err := s.skipTo(start, s.pos+2, "?>")
		if err != nil {
			return false, err
		}
		pi := s.buf[start+2 : s.pos-2]
		n := 0 // the target: the longest run of bytes a name may have
		for n < len(pi) && isNameByte(pi[n]) {
			n++
		}
		target := pi[:n]
		if len(target) == 0 || s.checkName(target) != nil {
			return false, s.syntax("expected target name after <?")
		}
		if string(target) == "xml" {
			// The declaration: version 1.0, in UTF-8, as encoding/xml requires.
			if v := declared(pi, "version"); v != "" && v != "1.0" {
				return false, msg.Errorf("the XML declares version %q; only version 1.0 is read", v)
			}
			if e := declared(pi, "encoding"); e != "" && !strings.EqualFold(e, "utf-8") {
				return false, msg.Errorf("the XML declares the encoding %q; only UTF-8 is read", e)
			}
		}
		return false, nil
	case '!':
		moved, _ := s.ensure(start, 9)
		start -= moved
		rest := s.buf[s.pos:s.end]
		switch {
		case bytes.HasPrefix(rest, []byte("<!-")) && !bytes.HasPrefix(rest, []byte("<!--")):
			return false, s.syntax("invalid sequence <!- not part of <!--")
		case bytes.HasPrefix(rest, []byte("<![")) && !bytes.HasPrefix(rest, []byte("<![CDATA[")):
			return false, s.syntax("invalid <![ sequence")
		case bytes.HasPrefix(rest, []byte("<!--")):
			// A comment ends at the first "--", which must be "-->".
			_, err := s.skipTo(start, s.pos+4, "--")
			if err != nil {
				return false, err
			}
			if _, ok := s.ensure(s.pos, 1); !ok {
				return false, s.syntax("unexpected EOF")
			}
			if s.buf[s.pos] != '>' {
				return false, s.syntax(`invalid sequence "--" not allowed in comments`)
			}
			s.pos++
			return false, nil
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			const open = len("<![CDATA[")
			start, err := s.skipTo(start, s.pos+open, "]]>")
			if err != nil {
				return false, err
			}
			text := s.buf[start+open : s.pos-3]
			if err := s.checkChars(text); err != nil {
				return false, err
			}
			s.kind, s.text = tokText, text
			return true, nil
		default:
			return false, s.skipDirective() // a DOCTYPE
		}
	case '/':
		return true, s.scanEnd(start)
	}
	return true, s.scanStart(start)
}

// declared is a parameter of the XML declaration, read as encoding/xml
// reads it: the first param= followed by a quote, to the next such quote.
func declared(pi []byte, param string) string {
	s := string(pi)
	param += "="
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || len(param)+k >= len(sub) {
			return ""
		}
		i += len(param) + k + 1
		if c := sub[len(param)+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// skipDirective passes over <!...> as encoding/xml does: quoted angle
// brackets aside, the brackets inside it nest, and comments inside it are
// passed over.
func (s *scanner) skipDirective() error {
	if _, ok := s.ensure(s.pos, 3); !ok {
		return s.syntax("unexpected EOF")
	}
	s.pos += 2
	depth := 0
	s.pos++ // the byte after <! is taken as it is
	var quote byte
	get := func() (byte, bool) {
		if _, ok := s.ensure(s.pos, 1); !ok {
			return 0, false
		}
		c := s.buf[s.pos]
		s.pos++
		return c, true
	}
	for {
		c, ok := get()
		if !ok {
			return s.syntax("unexpected EOF")
		}
	handle:
		switch {
		case quote == 0 && c == '>' && depth == 0:
			return nil
		case c == quote:
			quote = 0
		case quote != 0:
		case c == '\'' || c == '"':
			quote = c
		case c == '>':
			depth--
		case c == '<':
			for i := 0; i < 3; i++ {
				if c, ok = get(); !ok {
					return s.syntax("unexpected EOF")
				}
				if c != "!--"[i] {
					depth++
					goto handle
				}
			}
			var b0, b1 byte
			for {
				if c, ok = get(); !ok {
					return s.syntax("unexpected EOF")
				}
				if b0 == '-' && b1 == '-' && c == '>' {
					break
				}
				b0, b1 = b1, c
			}
		}
	}
}

// skipTo moves past the next occurrence of end, looking from from on and
// counting lines; the token from start is kept in the buffer, moved to its
// front when more is read, and skipTo returns where it starts then.
func (s *scanner) skipTo(start, from int, end string) (int, error) {
	for {
		if i := bytes.Index(s.buf[from:s.end], []byte(end)); i >= 0 {
			s.pos = from + i + len(end)
			return start, nil
		}
		from = max(s.end-len(end)+1, from)
		shift, ok := s.fill(start)
		start -= shift
		from -= shift
		if !ok {
			return start, s.syntax("unexpected EOF")
		}
	}
}

// tagEnd finds the '>' that ends the tag starting at pos, past quoted
// attribute values; it reads on as needed and returns the tag's start and
// the index of the '>'.
func (s *scanner) tagEnd(start int) (int, int, error) {
	i := s.pos + 1
	var quote byte
	for {
		buf := s.buf[:s.end]
		for ; i < len(buf); i++ {
			c := buf[i]
			if c > '>' {
				continue // letters, most of a tag
			}
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				return start, i, nil
			case c == '<':
				return start, i, s.syntax("unexpected < in a tag")
			}
		}
		shift, ok := s.fill(start)
		start -= shift
		i -= shift
		if !ok {
			return start, i, s.syntax("unexpected EOF")
		}
	}
}

func (s *scanner) scanEnd(start int) error {
	start, gt, err := s.tagEnd(start)
	if err != nil {
		return err
	}
	body := trimRight(s.buf[start+2 : gt])
	s.pos = gt + 1
	if err := s.checkName(body); err != nil {
		return err
	}
	if len(s.marks) == 0 {
		return s.syntax("unexpected end element </%s>", body)
	}
	open := s.stack[s.marks[len(s.marks)-1] : len(s.stack)-1]
	if !bytes.Equal(open, body) {
		return s.syntax("element <%s> closed by </%s>", open, body)
	}
	s.kind = tokEnd
	if s.name, err = s.local(body); err != nil {
		return err
	}
	s.pop()
	return nil
}

func (s *scanner) pop() {
	m := s.marks[len(s.marks)-1]
	s.marks = s.marks[:len(s.marks)-1]
	s.stack = s.stack[:m]
}

func (s *scanner) scanStart(start int) error {
	start, gt, err := s.tagEnd(start)
	if err != nil {
		return err
	}
	tag := s.buf[start+1 : gt]
	s.pos = gt + 1
	self := len(tag) > 0 && tag[len(tag)-1] == '/'
	if self {
		tag = tag[:len(tag)-1]
	}
	n := 0
	for n < len(tag) && !isSpace(tag[n]) {
		n++
	}
	name := tag[:n]
	if err := s.checkName(name); err != nil {
		return err
	}
	s.attrs = s.attrs[:0]
	s.scratch = s.scratch[:0]
	rest := tag[n:]
	for {
		rest = trimLeft(rest)
		if len(rest) == 0 {
			break
		}
		eq := bytes.IndexByte(rest, '=')
		if eq < 0 {
			return s.syntax("attribute name without = in element")
		}
		an := trimRight(rest[:eq])
		if err := s.checkName(an); err != nil {
			return err
		}
		rest = trimLeft(rest[eq+1:])
		if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
			return s.syntax("unquoted or missing attribute value in element")
		}
		q := bytes.IndexByte(rest[1:], rest[0])
		if q < 0 {
			return s.syntax("unquoted or missing attribute value in element")
		}
		raw := rest[1 : 1+q]
		rest = rest[q+2:]
		if bytes.IndexByte(raw, '<') >= 0 {
			return s.syntax("unescaped < inside quoted string")
		}
		v, err := s.unescape(raw)
		if err != nil {
			return err
		}
		al, err := s.local(an)
		if err != nil {
			return err
		}
		s.attrs = append(s.attrs, attr{name: al, value: v})
	}
	s.marks = append(s.marks, len(s.stack))
	s.stack = append(append(s.stack, name...), 0)
	s.kind, s.closing = tokStart, self
	s.name, err = s.local(name)
	return err
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-' || c >= utf8.RuneSelf
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func trimLeft(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

func trimRight(b []byte) []byte {
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// local is a name without its namespace prefix, as encoding/xml splits
// it: at its one colon, unless the colon is first or last (then the name
// is whole); a name with two colons is not a name.
func (s *scanner) local(name []byte) ([]byte, error) {
	i := bytes.IndexByte(name, ':')
	if i < 0 {
		return name, nil
	}
	if bytes.IndexByte(name[i+1:], ':') >= 0 {
		return nil, s.syntax("invalid XML name: %s", name)
	}
	if i == 0 || i == len(name)-1 {
		return name, nil
	}
	return name[i+1:], nil
}

// checkName holds a name to XML's: a letter, _ or : first, then those,
// digits, - and .; any character beyond ASCII is taken as a letter.
func (s *scanner) checkName(name []byte) error {
	if len(name) == 0 {
		return s.syntax("expected element name after <")
	}
	for i, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == ':', c >= 0x80:
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.'):
		default:
			return s.syntax("invalid XML name: %s", name)
		}
	}
	for _, c := range name {
		if c >= utf8.RuneSelf {
			// Beyond ASCII, XML's name characters are Unicode classes:
			// encoding/xml itself decides (such names are rare).
			if !utf8.Valid(name) {
				return s.syntax("invalid UTF-8")
			}
			dec := xml.NewDecoder(bytes.NewReader(append(append([]byte("<"), name...), "/>"...)))
			if _, err := dec.Token(); err != nil {
				return s.syntax("invalid XML name: %s", name)
			}
			break
		}
	}
	return nil
}

// checkChars holds text to the characters XML can hold, in UTF-8.
func (s *scanner) checkChars(b []byte) error {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return s.syntax("illegal character code %U", rune(c))
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return s.syntax("invalid UTF-8")
		}
		if r == 0xFFFE || r == 0xFFFF {
			return s.syntax("illegal character code %U", r)
		}
		i += n
	}
	return nil
}
