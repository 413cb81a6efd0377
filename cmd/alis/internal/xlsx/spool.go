package xlsx

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"os"

	"github.com/klauspost/compress/flate"
)

// spool holds a sheet's rows compressed: in memory up to spoolMemory, then
// in a temporary file that is removed at once (on systems that let an open
// file be removed) or when the sheet ends.
type spool struct {
	mem     bytes.Buffer
	file    *os.File
	removed bool // the file is unlinked already
	fz      *flate.Writer
	dirty   bool // fz has taken rows since its last flush
	crc     uint32
	n       int64
}

// spoolMemory is how much compressed XML a sheet keeps in memory before it
// goes to a file (a variable for the tests).
var spoolMemory = 4 << 20

const level = flate.BestSpeed

// target is where the compressor writes: memory, then the file.
type target struct{ s *spool }

func (t target) Write(p []byte) (int, error) {
	if t.s.file != nil {
		return t.s.file.Write(p)
	}
	return t.s.mem.Write(p)
}

func (s *spool) start() error {
	s.close()
	s.crc, s.n, s.dirty = 0, 0, false
	if s.fz == nil {
		var err error
		if s.fz, err = flate.NewWriter(target{s}, level); err != nil {
			return err
		}
	} else {
		s.fz.Reset(target{s})
	}
	return nil
}

func (s *spool) Write(p []byte) (int, error) {
	s.crc = crc32.Update(s.crc, crc32.IEEETable, p)
	s.n += int64(len(p))
	s.dirty = true
	n, err := s.fz.Write(p)
	if err == nil && s.file == nil && s.mem.Len() > spoolMemory {
		err = s.toFile()
	}
	return n, err
}

// writeBlock appends a block's compressed rows. What the spool's own
// compressor holds is flushed first, and the compressor starts afresh
// after, so that none of its back-references reach into the block.
func (s *spool) writeBlock(b *Block) error {
	if s.dirty {
		if err := s.fz.Flush(); err != nil {
			return err
		}
		s.dirty = false
	}
	s.fz.Reset(target{s})
	if _, err := (target{s}).Write(b.z.Bytes()); err != nil {
		return err
	}
	s.crc = crc32Combine(s.crc, b.crc, b.n)
	s.n += b.n
	if s.file == nil && s.mem.Len() > spoolMemory {
		return s.toFile()
	}
	return nil
}

// toFile moves the spool from memory to a temporary file.
func (s *spool) toFile() error {
	f, err := os.CreateTemp("", "alis-sheet-*")
	if err != nil {
		return err
	}
	s.file, s.removed = f, os.Remove(f.Name()) == nil
	_, err = s.mem.WriteTo(f)
	return err
}

// finish writes the sheet into zw as name: prefix, then the spooled rows.
// The prefix is compressed on its own and ends with a sync block; the rows'
// compressed stream follows it unchanged, and the checksum of the whole is
// combined from the two.
func (s *spool) finish(zw *zip.Writer, name, prefix string) error {
	if err := s.fz.Close(); err != nil {
		return err
	}
	var head bytes.Buffer
	hz, err := flate.NewWriter(&head, level)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(hz, prefix); err != nil {
		return err
	}
	if err := hz.Flush(); err != nil {
		return err
	}
	var body io.Reader = &s.mem
	size := int64(s.mem.Len())
	if s.file != nil {
		if size, err = s.file.Seek(0, io.SeekCurrent); err != nil {
			return err
		}
		if _, err := s.file.Seek(0, io.SeekStart); err != nil {
			return err
		}
		body = s.file
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name:               name,
		Method:             zip.Deflate,
		CRC32:              crc32Combine(crc32.ChecksumIEEE([]byte(prefix)), s.crc, s.n),
		CompressedSize64:   uint64(int64(head.Len()) + size),
		UncompressedSize64: uint64(int64(len(prefix)) + s.n),
	})
	if err != nil {
		return err
	}
	if _, err := head.WriteTo(w); err != nil {
		return err
	}
	if _, err := io.CopyN(w, body, size); err != nil {
		return err
	}
	s.close()
	return nil
}

// close removes the spool's file.
func (s *spool) close() {
	if s.file != nil {
		name := s.file.Name()
		s.file.Close()
		if !s.removed {
			os.Remove(name)
		}
		s.file = nil
	}
	s.mem.Reset()
}

// crc32Combine is the CRC-32 (IEEE) of A followed by B, from crc1 of A,
// crc2 of B and B's length: zlib's crc32_combine, which multiplies crc1 by
// x to the power of B's bits, modulo the polynomial.
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1
	}
	p := uint32(1) << 31 // x^0
	for k := 3; len2 != 0; len2, k = len2>>1, k+1 {
		if len2&1 != 0 {
			p = multModP(x2n[k&31], p)
		}
	}
	return multModP(p, crc1) ^ crc2
}

// x2n[k] is x^(2^k) modulo the polynomial, in CRC-32's reflected order.
var x2n = func() (t [32]uint32) {
	p := uint32(1) << 30 // x^1
	t[0] = p
	for k := 1; k < 32; k++ {
		p = multModP(p, p)
		t[k] = p
	}
	return t
}()

// multModP is a times b modulo the polynomial, both in reflected order.
func multModP(a, b uint32) uint32 {
	var p uint32
	if a == 0 {
		return 0
	}
	for m := uint32(1) << 31; ; m >>= 1 {
		if a&m != 0 {
			p ^= b
			if a&(m-1) == 0 {
				return p
			}
		}
		if b&1 != 0 {
			b = b>>1 ^ 0xedb88320
		} else {
			b >>= 1
		}
	}
}
