package nbcsv

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/alis-tilskudd/alis/internal/fuzzseed"
)

// FuzzReader: any bytes are read to the end without a panic; records come
// in order of their lines, each a record or an error with its line; and
// the records start on the lines that a plain reference reading of the
// lines gives, so that no row is lost (a quote that never closes costs its
// own line only).
func FuzzReader(f *testing.F) {
	for _, b := range fuzzseed.Files(f, "csv") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, seek := range []bool{true, false} {
			var r io.Reader = bytes.NewReader(data)
			if !seek {
				r = notSeekable{r}
			}
			rd, err := Open(r)
			if err != nil {
				continue
			}
			last, n := 1, 0
			var starts []int
			for {
				rec, line, err := rd.Read()
				if errors.Is(err, io.EOF) {
					break
				}
				starts = append(starts, line)
				if line <= last {
					t.Fatalf("record at line %d after line %d", line, last)
				}
				if err == nil && len(rec) == 0 {
					t.Fatalf("line %d: a record with no fields", line)
				}
				last = line
				if n++; n > len(data)+1 {
					t.Fatal("more records than bytes")
				}
			}
			if want, ok := referenceStarts(data, byte(rd.Dialect.Comma)); ok && !slices.Equal(starts, want) {
				t.Fatalf("records start on lines %v, the reference reading gives %v", starts, want)
			}
		}
	})
}

// referenceStarts reads data line by line, as simply as it can be said: a
// line that does not end inside a quoted field is a record; one that does
// runs on until the quote closes, or, if it never closes (by the end, or
// within MaxRecordBytes), is a record of its own and the next line starts
// afresh. Empty lines are skipped; the first record is the header. It
// returns the line each record after the header starts on; ok is false for
// inputs it does not model (UTF-16, lines near the size limit).
func referenceStarts(data []byte, comma byte) (starts []int, ok bool) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || len(data) > MaxRecordBytes/2 {
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	// CR-only line ends: the first line break outside quotes is a lone CR.
	inQ := false
	for i, c := range data {
		if c == '"' {
			inQ = !inQ
		} else if !inQ && (c == '\n' || c == '\r') {
			if c == '\r' && i+1 < len(data) && data[i+1] != '\n' {
				data = bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'})
			}
			break
		}
	}
	lines := bytes.SplitAfter(data, []byte{'\n'})
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	first := 0
	if len(lines) > 0 {
		l := bytes.Trim(bytes.TrimRight(lines[0], "\r\n"), `"`)
		if len(l) == 5 && strings.EqualFold(string(l[:4]), "sep=") && strings.IndexByte(";,\t|", l[4]) >= 0 {
			first = 1
		}
	}
	// endsQuoted runs the quote state of encoding/csv over a line.
	endsQuoted := func(l []byte, quoted bool) bool {
		atStart, inQuote, afterQuote := !quoted, quoted, false
		for _, c := range l {
			switch {
			case inQuote && c == '"':
				inQuote, afterQuote = false, true
			case inQuote:
			case afterQuote && c == '"':
				inQuote, afterQuote = true, false
			case c == comma || c == '\n':
				atStart, afterQuote = true, false
			case atStart && c == '"':
				inQuote, atStart = true, false
			default:
				atStart, afterQuote = false, false
			}
		}
		return inQuote
	}
	header := true
	for i := first; i < len(lines); {
		l := lines[i]
		end := i + 1
		if endsQuoted(l, false) {
			size, closed := len(l), false
			for j := i + 1; j < len(lines) && size <= MaxRecordBytes; j++ {
				size += len(lines[j])
				if !endsQuoted(lines[j], true) {
					closed, end = true, j+1
					break
				}
			}
			if !closed {
				end = i + 1 // the quote never closes: this line alone
			}
		} else if e := bytes.TrimSuffix(bytes.TrimSuffix(l, []byte{'\n'}), []byte{'\r'}); len(e) == 0 {
			i++
			continue
		}
		if !header {
			starts = append(starts, i+1)
		}
		header = false
		i = end
	}
	return starts, true
}
