package nbcsv

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReader: any bytes are read to the end without a panic; records come
// in order of their lines, each a record or an error with its line.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob("../../../../testdata/fuzz/csv/*")
	if len(files) == 0 {
		f.Fatal("no seeds in testdata/fuzz/csv")
	}
	for _, p := range files {
		b, _ := os.ReadFile(p)
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
			for {
				rec, line, err := rd.Read()
				if errors.Is(err, io.EOF) {
					break
				}
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
		}
	})
}
