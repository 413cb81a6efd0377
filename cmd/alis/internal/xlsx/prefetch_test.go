package xlsx

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
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
