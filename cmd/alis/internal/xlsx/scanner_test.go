package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
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
	"<:/>", "<a:/>", "<:b/>", "<a:b:c/>", "</a:b:c>", `<x a:b:c="1"/>`, `<x :="1"/>`, "<x:>", "</x:>",
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

// The scanner's fast path for cells gives the rows, the errors and the
// cells named in them that the tokenizer gives, over many generated
// sheets: every shape of cell it takes, and shapes next to them that it
// must leave to the tokenizer (entities, other attributes, spaces, single
// quotes, control characters, broken UTF-8, ]]>, formulas, cells cut off,
// references out of order).
func TestPlainCellsAgreeWithTheTokenizer(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	texts := []string{"A-100001", "Tromsø – nord", "Næringsdrift", "", "a&amp;b", "x]y", "tab\there", "_x0041_", " 42 ", "&#65;", "A-100002", "ja"}
	if rng.IntN(2) == 0 { // damaging text, in some sheets
		texts = append(texts, "x]]>y", "bad\x01", "bad\xc3", "\xef\xbf\xbe")
	}
	nums := []string{"44197", "209104.00", "3", "", " 7 ", "1e5", "-0", "#DIV/0!"}
	cell := func(col, row int) string {
		ref := fmt.Sprintf(` r="%s%d"`, ColumnName(col), row)
		switch rng.IntN(300) {
		case 0:
			ref = "" // no reference
		case 1:
			ref = fmt.Sprintf(` r="%s%d"`, ColumnName(col), row+1) // another row's
		case 2:
			ref = fmt.Sprintf(` r="%s%d" r="%s%d"`, ColumnName(col), row, ColumnName(col+1), row) // twice
		}
		attrs := ref
		if rng.IntN(3) == 0 {
			attrs += ` s="2"`
		}
		switch rng.IntN(40) {
		case 0:
			attrs += ` cm="1"`
		case 1:
			attrs = strings.ReplaceAll(attrs, `"`, `'`)
		case 2:
			attrs += ` `
		}
		switch rng.IntN(10) {
		case 0:
			return `<c` + attrs + `/>`
		case 1:
			return `<c` + attrs + `></c>`
		case 2, 3, 4:
			return `<c` + attrs + ` t="inlineStr"><is><t>` + texts[rng.IntN(len(texts))] + `</t></is></c>`
		case 5:
			return `<c` + attrs + ` t="s"><v>` + strconv.Itoa(rng.IntN(4)) + `</v></c>`
		case 6:
			return `<c` + attrs + ` t="e"><v>#N/A</v></c>`
		case 7:
			return `<c` + attrs + `><f>1+1</f><v>2</v></c>`
		case 8:
			return `<c` + attrs + ` t="str"><v>` + texts[rng.IntN(len(texts))] + `</v></c>`
		}
		return `<c` + attrs + `><v>` + nums[rng.IntN(len(nums))] + `</v></c>`
	}
	read := func(data []byte, plain bool) string {
		noPlainCells = !plain
		defer func() { noPlainCells = false }()
		_, rows, err := readRows(data, "", 1)
		return fmt.Sprintf("%+v %v", rows, err)
	}
	whole := 0
	for k := range 600 {
		var rows strings.Builder
		rows.WriteString(header)
		for r := 2; r < 2+rng.IntN(30); r++ {
			fmt.Fprintf(&rows, `<row r="%d">`, r)
			for c := range 3 + rng.IntN(4) {
				rows.WriteString(cell(c, r))
			}
			rows.WriteString(`</row>`)
		}
		shared := []string{`<si><t>delt</t></si>`, `<si><t>Fastlønn</t></si>`}
		data := book{Sheets: []testSheet{{Name: "Ark1", Rows: rows.String()}}, Shared: shared}.Bytes()
		got, want := read(data, true), read(data, false)
		if got != want {
			t.Fatalf("sheet %d:\n%s\nfast path:  %s\ntokenizer: %s", k, rows.String(), got, want)
		}
		if strings.HasSuffix(got, " <nil>") {
			whole++
		}
	}
	if whole < 100 {
		t.Errorf("only %d sheets were read to the end", whole)
	}
	// The shapes spreadsheet programs write are taken by the fast path.
	for _, c := range []string{`<c r="A2"><v>1</v></c>`, `<c r="B2" t="s" s="1"><v>0</v></c>`, `<c/>`, `<c r="C2" s="3"></c>`, `<c t="inlineStr"><is><t>Tromsø – nord</t></is></c>`} {
		s := newScanner(strings.NewReader(c))
		if !s.plainCell(new(plainCell)) || s.pos != len(c) {
			t.Errorf("%s: not taken by the fast path", c)
		}
	}
}
