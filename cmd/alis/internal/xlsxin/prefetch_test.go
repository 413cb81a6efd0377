package xlsxin

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
)

// The prefetcher gives back every byte in order, however it is read, many
// times over its buffers; then the source's error.
func TestPrefetchGivesEveryByte(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	data := make([]byte, prefetchBlock*(prefetchBlocks+1)*3+12345)
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	for _, wrap := range []func(io.Reader) io.Reader{func(r io.Reader) io.Reader { return r }, iotest.HalfReader, iotest.DataErrReader} {
		p := newPrefetch(io.NopCloser(wrap(bytes.NewReader(data))))
		got, err := io.ReadAll(iotest.HalfReader(p))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read %d of %d bytes: %v", len(got), len(data), err)
		}
		p.Close()
	}
	bad := errors.New("the disk is gone")
	p := newPrefetch(io.NopCloser(io.MultiReader(bytes.NewReader(data[:1000]), iotest.ErrReader(bad))))
	got, err := io.ReadAll(p)
	if !errors.Is(err, bad) || len(got) != 1000 {
		t.Errorf("read %d bytes, then %v", len(got), err)
	}
	p.Close()
}

// Progress counts the sheet's bytes as they are decompressed: at the end,
// all of them, which is what the archive says the sheet holds.
func TestProgressCountsTheSheet(t *testing.T) {
	var book bytes.Buffer
	if err := gen.WriteXLSX(&book, gen.Options{Rows: 20_000, Seed: 1, Year: 2021}); err != nil {
		t.Fatal(err)
	}
	rd, err := Open(bytes.NewReader(book.Bytes()), "")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if done, total := rd.Progress(); total < 1<<20 || done > total {
		t.Fatalf("after the header: %d of %d", done, total)
	}
	var c nbcsv.Chunk
	for {
		err := rd.ReadChunk(&c, 1024)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if done, total := rd.Progress(); done != total {
		t.Errorf("at the end: %d of %d", done, total)
	}
}
