package xlsx

import (
	"io"
	"sync"
)

// prefetch decompresses a part in a goroutine of its own, a few blocks
// ahead of the scanner, so that decompressing and scanning a sheet run at
// once. Its errors come in order, after the bytes read before them.
type prefetch struct {
	full  chan block
	empty chan []byte
	cur   block
	done  chan struct{}
	once  sync.Once
	src   io.Closer
}

type block struct {
	buf []byte // the whole buffer, to give back
	b   []byte // what of it is not yet read
	err error
}

const (
	prefetchBlock  = 256 << 10
	prefetchBlocks = 4
)

func newPrefetch(r io.ReadCloser) *prefetch {
	p := &prefetch{full: make(chan block, prefetchBlocks), empty: make(chan []byte, prefetchBlocks+1), done: make(chan struct{}), src: r}
	for range prefetchBlocks + 1 {
		p.empty <- make([]byte, prefetchBlock)
	}
	go func() {
		defer close(p.full)
		for {
			var buf []byte
			select {
			case buf = <-p.empty:
			case <-p.done:
				return
			}
			n, err := io.ReadFull(r, buf[:cap(buf)])
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			select {
			case p.full <- block{buf: buf, b: buf[:n], err: err}:
			case <-p.done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return p
}

func (p *prefetch) Read(out []byte) (int, error) {
	for len(p.cur.b) == 0 {
		if p.cur.err != nil {
			return 0, p.cur.err
		}
		if p.cur.buf != nil {
			p.empty <- p.cur.buf
		}
		blk, ok := <-p.full
		if !ok {
			return 0, io.ErrClosedPipe
		}
		p.cur = blk
	}
	n := copy(out, p.cur.b)
	p.cur.b = p.cur.b[n:]
	return n, nil
}

// Close stops the goroutine and closes the part.
func (p *prefetch) Close() error {
	p.once.Do(func() { close(p.done) })
	for range p.full {
		// Let the goroutine finish its block.
	}
	return p.src.Close()
}
