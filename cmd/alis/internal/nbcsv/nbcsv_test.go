package nbcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

type row struct {
	Line   int
	Fields []string
	Err    string
}

func readAll(t *testing.T, r io.Reader) (*Reader, []row) {
	t.Helper()
	rd, err := Open(r)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var rows []row
	for {
		rec, line, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return rd, rows
		}
		if err != nil {
			rows = append(rows, row{Line: line, Err: err.Error()})
			continue
		}
		fields := make([]string, len(rec))
		for i, f := range rec {
			fields[i] = strings.Clone(f) // rec shares the reader's buffer
		}
		rows = append(rows, row{Line: line, Fields: fields})
	}
}

// dialect is what a test expects Open to find.
type dialect struct {
	comma rune
	enc   Encoding
}

// notSeekable hides the Seek method, as standard input would.
type notSeekable struct{ io.Reader }

func TestDialects(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		dialect dialect
		header  []string
		rows    []row
	}{
		{"semicolon utf-8 lf", []byte("avtale;kostnad\nA1;312 500,50\n"), dialect{';', UTF8},
			[]string{"avtale", "kostnad"}, []row{{2, []string{"A1", "312 500,50"}, ""}}},
		{"comma crlf", []byte("id,cost\r\nA1,312500.50\r\nA2,1\r\n"), dialect{',', UTF8},
			[]string{"id", "cost"}, []row{{2, []string{"A1", "312500.50"}, ""}, {3, []string{"A2", "1"}, ""}}},
		{"tab", []byte("id\tcost\nA1\t5\n"), dialect{'\t', UTF8},
			[]string{"id", "cost"}, []row{{2, []string{"A1", "5"}, ""}}},
		{"bom", []byte("\xEF\xBB\xBFid;kommune\nA1;Bodø\n"), dialect{';', UTF8BOM},
			[]string{"id", "kommune"}, []row{{2, []string{"A1", "Bodø"}, ""}}},
		{"windows-1252", []byte("avtale;tidligere_\xe5r;merknad\nA1;2;Bod\xf8 \x96 \xc6rlig\n"), dialect{';', Windows1252},
			[]string{"avtale", "tidligere_år", "merknad"}, []row{{2, []string{"A1", "2", "Bodø – Ærlig"}, ""}}},
		{"quoted separators and newlines", []byte("id;note\nA1;\"a;b\nc \"\"d\"\"\"\nA2;x\n"), dialect{';', UTF8},
			[]string{"id", "note"}, []row{{2, []string{"A1", "a;b\nc \"d\""}, ""}, {4, []string{"A2", "x"}, ""}}},
		{"semicolon wins over commas in amounts", []byte("id;kostnad;merknad\nA1;1,5;x\n"), dialect{';', UTF8},
			[]string{"id", "kostnad", "merknad"}, []row{{2, []string{"A1", "1,5", "x"}, ""}}},
		{"comma in a quoted header", []byte("\"id, avtale\";cost\nA;1\n"), dialect{';', UTF8},
			[]string{"id, avtale", "cost"}, []row{{2, []string{"A", "1"}, ""}}},
		{"header only", []byte("id;cost\n"), dialect{';', UTF8}, []string{"id", "cost"}, nil},
		{"bare quote is one bad row", []byte("id;x\nA\"1;2\nA2;3\n"), dialect{';', UTF8},
			[]string{"id", "x"}, []row{{2, nil, `a " in an unquoted field; quote the field and double the quote`}, {3, []string{"A2", "3"}, ""}}},
		{"invalid utf-8 in a utf-8 file is one bad row", []byte("id;by\nA1;Bodø\nA2;Bod\xf8\nA3;Å\n"), dialect{';', UTF8},
			[]string{"id", "by"}, []row{{2, []string{"A1", "Bodø"}, ""}, {3, nil, "is not valid UTF-8 text"}, {4, []string{"A3", "Å"}, ""}}},
		{"unclosed quote costs its line only", []byte("id;x\nA1;\"open\nA2;3\n"), dialect{';', UTF8},
			[]string{"id", "x"}, []row{{2, nil, ErrUnclosed.Error()}, {3, []string{"A2", "3"}, ""}}},
		{"CR-only line ends", []byte("id;x\rA1;1\rA2;\"a\rb\"\r\rA3;3"), dialect{';', UTF8},
			[]string{"id", "x"}, []row{{2, []string{"A1", "1"}, ""}, {3, []string{"A2", "a\nb"}, ""}, {6, []string{"A3", "3"}, ""}}},
		{"sep= line", []byte("sep=,\nid;x,y\nA;1,2\n"), dialect{',', UTF8},
			[]string{"id;x", "y"}, []row{{3, []string{"A;1", "2"}, ""}}},
		{"utf-16le with BOM, tab-separated", utf16LE("\uFEFFid\tby\r\nA1\tTromsø\r\nA2\t𝄞\r\n"), dialect{'\t', UTF16LE},
			[]string{"id", "by"}, []row{{2, []string{"A1", "Tromsø"}, ""}, {3, []string{"A2", "𝄞"}, ""}}},
	}
	for _, tt := range tests {
		for _, seek := range []bool{true, false} {
			var r io.Reader = bytes.NewReader(tt.in)
			if !seek {
				r = notSeekable{r}
			}
			rd, rows := readAll(t, r)
			if got := (dialect{rd.Dialect.Comma, rd.Encoding()}); got != tt.dialect {
				t.Errorf("%s (seekable %v): dialect %v, want %v", tt.name, seek, rd.Dialect, tt.dialect)
			}
			if diff := cmp.Diff(tt.header, rd.Header); diff != "" {
				t.Errorf("%s: header (-want +got):\n%s", tt.name, diff)
			}
			if diff := cmp.Diff(tt.rows, rows); diff != "" {
				t.Errorf("%s (seekable %v): rows (-want +got):\n%s", tt.name, seek, diff)
			}
		}
	}
}

func TestLongLineIsOneBadRow(t *testing.T) {
	in := "id;x\nA1;1\nA2;" + strings.Repeat("9", 10<<20) + "\nA3;3\n"
	_, rows := readAll(t, strings.NewReader(in))
	want := []row{{2, []string{"A1", "1"}, ""}, {3, nil, "the line is longer than 1048576 bytes"}, {4, []string{"A3", "3"}, ""}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func utf16LE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestOpenErrors(t *testing.T) {
	for in, want := range map[string]string{
		"":         "the file is empty: there is no header line",
		"\n\n  \n": "the file is empty: there is no header line",
		"\xFF\xFE": "the file is empty: there is no header line",
	} {
		_, err := Open(strings.NewReader(in))
		if err == nil || err.Error() != want {
			t.Errorf("Open(%q) = %v, want %q", in, err, want)
		}
	}
}

// The encoding is decided at the first byte that is not ASCII, however far
// into the input it is, the same way for a file and a pipe.
func TestEncodingIsDecidedWhereItShows(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id;by\n")
	for b.Len() < 3*SniffSize {
		b.WriteString("A;Oslo\n")
	}
	b.WriteString("B;Troms\xf8\n")
	f, err := os.CreateTemp(t.TempDir(), "*.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, r := range []io.Reader{f, notSeekable{bytes.NewReader(b.Bytes())}} {
		rd, rows := readAll(t, r)
		if rd.Encoding() != Windows1252 {
			t.Fatalf("encoding %s, want windows-1252", rd.Encoding())
		}
		if last := rows[len(rows)-1]; last.Fields[1] != "Tromsø" {
			t.Errorf("last row %v, want Tromsø", last)
		}
	}
}

func TestEdgeCases(t *testing.T) {
	in := "id;x\r\n\r\nA1;\r\n\"\";\"a\r\nb\"\r\n\n\"q\"\"\";\"\"\"\"\nB;\"ab\"c\nC;end"
	_, rows := readAll(t, notSeekable{strings.NewReader(in)})
	want := []row{
		{3, []string{"A1", ""}, ""},    // an empty line is skipped; a trailing empty field is kept
		{4, []string{"", "a\nb"}, ""},  // CRLF inside a quoted field is read as LF
		{7, []string{"q\"", "\""}, ""}, // doubled quotes
		{8, nil, "a quoted field starting on line 8 is not closed, or a quote inside it is not doubled"},
		{9, []string{"C", "end"}, ""}, // the last line needs no line break
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// The reader agrees with encoding/csv on well-formed input: random records
// with separators, quotes, line breaks and non-ASCII text, written by
// encoding/csv and read back by both.
func TestAgreesWithEncodingCSV(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	alphabet := []string{"a", "Ø", "1", " ", ";", ",", "\"", "\n", "\r\n", "æ", "x", "-", "="}
	for n := 0; n < 300; n++ {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma = ';'
		w.UseCRLF = n%2 == 0
		cols := 1 + rng.IntN(5)
		records := [][]string{}
		for r := 0; r < 1+rng.IntN(20); r++ {
			rec := make([]string, cols)
			for c := range rec {
				var sb strings.Builder
				for k := rng.IntN(6); k > 0; k-- {
					sb.WriteString(alphabet[rng.IntN(len(alphabet))])
				}
				rec[c] = sb.String()
			}
			if r == 0 {
				for c := range rec {
					rec[c] = fmt.Sprintf("h%d", c) // a plain header, so that the separator is sniffed as ';'
				}
			}
			records = append(records, rec)
		}
		if err := w.WriteAll(records); err != nil {
			t.Fatal(err)
		}
		ref := csv.NewReader(bytes.NewReader(buf.Bytes()))
		ref.Comma, ref.FieldsPerRecord = ';', -1
		want, err := ref.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		rd, got := readAll(t, notSeekable{bytes.NewReader(buf.Bytes())})
		gotAll := [][]string{rd.Header}
		for _, r := range got {
			if r.Err != "" {
				t.Fatalf("input %q: line %d: %s", buf.String(), r.Line, r.Err)
			}
			gotAll = append(gotAll, r.Fields)
		}
		if rd.Dialect.Comma != ';' {
			t.Fatalf("sniffed %q", rd.Dialect.Comma)
		}
		if diff := cmp.Diff(want, gotAll); diff != "" {
			t.Fatalf("input %q (-encoding/csv +nbcsv):\n%s", buf.String(), diff)
		}
	}
}

// The plain path gives the fields the general one gives, on every record
// it takes: ASCII, Norwegian letters, broken and cut UTF-8 sequences at
// every offset, separators, quotes and NULs; and it takes the plain ones.
func TestSplitPlainAgreesWithGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"A-100001", ";", ";", ";", "Næringsdrift", "01.01.2021", "Tromsø – nord", "209 104", "\xc3", "\xa5", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\U0001F600", "\x80", "\"", "\x00", "x", "ab", "abc"}
	s := Splitter{Comma: ';', CheckUTF8: true}
	taken := 0
	for range 300_000 {
		var rec []byte
		for range rng.IntN(16) {
			rec = append(rec, pieces[rng.IntN(len(pieces))]...)
		}
		plain, ok := s.splitPlain(rec, nil)
		if !ok {
			continue
		}
		taken++
		general, _, err := s.splitGeneral(rec, 2, nil, nil)
		if err != nil || strings.Join(plain, "|") != strings.Join(general, "|") || len(plain) != len(general) {
			t.Fatalf("%q: plain %q, general %q, %v", rec, plain, general, err)
		}
	}
	for _, rec := range []string{"", "a", "A-1;3403;Fastlønn;Fastlege;01.01.2021;;209 104;2;;;Tromsø – nord", ";;;;;;;;"} {
		if _, ok := s.splitPlain([]byte(rec), nil); !ok {
			t.Errorf("%q: not taken by the plain path", rec)
		}
	}
	for _, rec := range []string{"a;\"b\"", "a\x00b", "Troms\xf8", "abcdefg\xc3", "abcdefgh\xc3\xa5\xa5"} {
		if _, ok := s.splitPlain([]byte(rec), nil); ok {
			t.Errorf("%q: taken by the plain path", rec)
		}
	}
	if taken < 20_000 {
		t.Fatalf("the plain path took only %d records", taken)
	}
}
