package xlsxin

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
)

// tokensOf is a document's tokens as encoding/xml reads them, in the
// scanner's terms: start and end tags by local name, attributes, text
// (adjacent texts joined); or the error.
func tokensOf(doc string) (string, error) {
	dec := xml.NewDecoder(strings.NewReader(doc))
	var b strings.Builder
	var text []byte
	flush := func() {
		if len(text) > 0 {
			fmt.Fprintf(&b, "T%q ", text)
			text = text[:0]
		}
	}
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			flush()
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			flush()
			depth++
			fmt.Fprintf(&b, "S%s", t.Name.Local)
			for _, a := range t.Attr {
				fmt.Fprintf(&b, " %s=%q", a.Name.Local, a.Value)
			}
			b.WriteString(" ")
		case xml.EndElement:
			flush()
			depth--
			fmt.Fprintf(&b, "E%s ", t.Name.Local)
		case xml.CharData:
			if depth > 0 {
				text = append(text, t...)
			}
		}
	}
}

// scannedTokens is the same, as the scanner reads it.
func scannedTokens(r io.Reader) (string, error) {
	s := newScanner(r)
	var b strings.Builder
	var text []byte
	flush := func() {
		if len(text) > 0 {
			fmt.Fprintf(&b, "T%q ", text)
			text = text[:0]
		}
	}
	for {
		err := s.next()
		if errors.Is(err, io.EOF) {
			flush()
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch s.kind {
		case tokStart:
			flush()
			fmt.Fprintf(&b, "S%s", s.name)
			for _, a := range s.attrs {
				fmt.Fprintf(&b, " %s=%q", a.name, a.value)
			}
			b.WriteString(" ")
		case tokEnd:
			flush()
			fmt.Fprintf(&b, "E%s ", s.name)
		case tokText:
			if len(s.marks) > 0 {
				text = append(text, s.text...)
			}
		}
	}
}

var xmlPieces = []string{
	"<row>", "</row>", `<c r="A1" t="s">`, "</c>", "<v>", "</v>", "12", "x y", "&amp;", "&lt;", "&#65;", "&#x42;", "&#0;", "&bogus;", "&",
	"<is><t>", "</t></is>", `<t xml:space="preserve">`, "<x:row>", "</x:row>", "<br/>", "<br />", `<c r='B2'/>`, "<!-- a comment -->",
	"<![CDATA[<raw> & ]]>", "<?pi data?>", "\n", " ", "\x01", "\xff", "ø", "\uFFFE", "<", ">", `"`, "'", `<a b="1"c="2">`, "</a>",
	`<a b=1>`, "<1x>", "</1x>", `<a b="<">`, "<a\nb='q'>", "]]>", "<!", "<!-", "<?",
}

func randomDoc(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<sheetData>")
	for range rng.IntN(30) {
		b.WriteString(xmlPieces[rng.IntN(len(xmlPieces))])
	}
	if rng.IntN(8) > 0 {
		b.WriteString("</sheetData>")
	}
	return b.String()
}

// The scanner reads every document as encoding/xml does: the same tokens,
// or an error where encoding/xml has one; read whole, and a byte at a time
// (every token cut across reads).
func TestScannerAgreesWithEncodingXML(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	agreedBad := 0
	for n := 0; n < 10000; n++ {
		doc := randomDoc(rng)
		want, werr := tokensOf(doc)
		for _, r := range []io.Reader{strings.NewReader(doc), iotest.OneByteReader(strings.NewReader(doc))} {
			got, gerr := scannedTokens(r)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%q:\nencoding/xml: %v\nscanner:      %v", doc, werr, gerr)
			}
			if werr == nil && got != want {
				t.Fatalf("%q:\nencoding/xml: %s\nscanner:      %s", doc, want, got)
			}
		}
		if werr != nil {
			agreedBad++
		}
	}
	if agreedBad < 300 {
		t.Errorf("only %d of the documents were faulty: the test needs more", agreedBad)
	}
}

// FuzzScanner: the same, on any document.
func FuzzScanner(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 1))
	for range 20 {
		f.Add(randomDoc(rng))
	}
	f.Fuzz(func(t *testing.T, doc string) {
		if !strings.HasPrefix(doc, "<") || bytes.Count([]byte(doc), []byte("<")) > 1000 {
			return
		}
		want, werr := tokensOf(doc)
		got, gerr := scannedTokens(strings.NewReader(doc))
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q:\nencoding/xml: %v\nscanner:      %v", doc, werr, gerr)
		}
		if werr == nil && got != want {
			t.Fatalf("%q:\nencoding/xml: %s\nscanner:      %s", doc, want, got)
		}
	})
}
