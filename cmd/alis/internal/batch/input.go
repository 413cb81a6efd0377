package batch

import (
	"bufio"
	"cmp"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// Input is an input opened for a batch: a CSV file or a workbook's sheet,
// its columns, and its size when it is a regular file.
type Input struct {
	Name string   // the input's name in messages
	Cols *Columns // how its columns map to fields
	Size int64    // bytes, for a regular file; 0 otherwise
	// Warnings are what the input's reader and columns have to say: a
	// hidden sheet passed over, a header that looks like a field.
	Warnings []*msg.Msg

	r       io.Reader
	rd      source
	sheet   string
	csvOpt  nbcsv.Options
	xlsx    *xlsx.Reader
	cellOf  func(row, col int) string
	closeFn func()
	// read says how far reading has come, of how much: the file's offset
	// or the sheet's bytes. Set by open, read by the progress line.
	read atomic.Pointer[func() (done, total int64)]
}

// Progress is how much of the input has been read, of how much (total 0:
// not known, as from a pipe); from any goroutine.
func (in *Input) Progress() (done, total int64) {
	if f := in.read.Load(); f != nil {
		return (*f)()
	}
	return 0, 0
}

// source is where a batch's rows come from: a CSV file or a workbook sheet.
type source interface {
	ReadChunk(c *nbcsv.Chunk, max int) error
	// AppendChunk is ReadChunk appending to c, without emptying it first;
	// io.EOF when nothing was left to append.
	AppendChunk(c *nbcsv.Chunk, max int) error
	Splitter() nbcsv.Splitter
}

// InputOptions say how to read an input.
type InputOptions struct {
	Sheet string   // the workbook sheet to read ("": the first visible)
	Maps  []string // --map pairs: 'Header=field'
	// SettingsMaps are a settings file's pairs: used where the header is there.
	SettingsMaps []string
	CSV          nbcsv.Options
	// Rereadable keeps standard input in a temporary file, so that the
	// input can be read twice (for --allocate).
	Rereadable bool
	// Output is the output's name, which must not be the input.
	Output string
	// Lang is the language standard input is named in, in messages.
	Lang msg.Lang
}

// Open opens a file for a batch ("-": stdin), reads its header and maps its
// columns.
func Open(name string, stdin io.Reader, opt InputOptions) (*Input, error) {
	in := &Input{r: stdin, Name: msg.S(cmp.Or(opt.Lang, msg.EN), "standard input"), closeFn: func() {}, sheet: opt.Sheet, csvOpt: opt.CSV}
	switch {
	case name == "-" && opt.Rereadable:
		spool, err := os.CreateTemp("", "alis-input-*")
		if err != nil {
			return nil, &Error{Err: err}
		}
		os.Remove(spool.Name()) // unlinked: gone when closed, whatever happens
		in.closeFn = func() { spool.Close() }
		if _, err := io.Copy(spool, stdin); err != nil {
			in.Close()
			return nil, &Error{Err: msg.Errorf("standard input: %w", err)}
		}
		if _, err := spool.Seek(0, io.SeekStart); err != nil {
			in.Close()
			return nil, &Error{Err: err}
		}
		in.r = spool
	case name != "-":
		f, err := os.Open(name)
		if err != nil {
			return nil, (&Error{Err: err}).withHint("give the path of a CSV file or a workbook, or - for standard input")
		}
		in.closeFn = func() { f.Close() }
		st, err := f.Stat()
		if err == nil && st.IsDir() {
			in.Close()
			return nil, &Error{Err: msg.Errorf("%s is a folder, not a CSV file", name)}
		}
		if err == nil && st.Mode().IsRegular() {
			in.Size = st.Size()
		}
		in.r, in.Name = f, name
	}
	if opt.Output != "" && opt.Output != "-" && name != "-" && sameFile(name, opt.Output) {
		in.Close()
		return nil, errorf("-o %s: that is the input file; alis will not write over its own input", opt.Output).withHint("write the results to another file")
	}
	header, err := in.open()
	if err != nil {
		in.Close()
		var oe *Error
		if errors.As(err, &oe) {
			return nil, err
		}
		return nil, &Error{Err: msg.Errorf("%s: %w", in.Name, err), hint: hintFor(err)}
	}
	if in.Cols, err = MapColumns(header, opt.Maps, opt.SettingsMaps...); err != nil {
		in.Close()
		var be *Error
		if errors.As(err, &be) && !be.flag {
			be.Err = msg.Errorf("%s: %w", in.Name, be.Err)
		}
		return nil, err
	}
	if in.xlsx != nil && len(in.xlsx.Hidden) > 0 {
		w := msg.New("the first %d sheets are hidden (%s); reading the first visible sheet, %s (--sheet chooses another)", len(in.xlsx.Hidden), strings.Join(in.xlsx.Hidden, ", "), in.xlsx.Sheet)
		if len(in.xlsx.Hidden) == 1 {
			w = msg.New("the first sheet is hidden (%s); reading the first visible sheet, %s (--sheet chooses another)", in.xlsx.Hidden[0], in.xlsx.Sheet)
		}
		in.Warnings = append(in.Warnings, w)
	}
	in.Warnings = append(in.Warnings, in.Cols.Warnings...)
	in.markDates()
	return in, nil
}

func hintFor(err error) msg.Texter {
	if errors.Is(err, xlsx.ErrOpenDocument) {
		return msg.New("in LibreOffice: File › Save As › Excel 2007-365 (.xlsx), or Text CSV")
	}
	return nil
}

// open reads the input's header and makes its source: a workbook when the
// input starts as a zip archive does (or is named .xlsx), CSV otherwise.
func (in *Input) open() ([]string, error) {
	isXLSX := strings.HasSuffix(strings.ToLower(in.Name), ".xlsx")
	if rs, ok := in.r.(io.ReadSeeker); ok && seekable(rs) {
		head := make([]byte, 4)
		n, _ := io.ReadFull(rs, head)
		if _, err := rs.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		isXLSX = isXLSX || xlsx.IsXLSX(head[:n])
	} else {
		// A pipe: look at its first bytes through a buffer that keeps them.
		br := bufio.NewReaderSize(in.r, nbcsv.SniffSize)
		head, _ := br.Peek(4)
		isXLSX = isXLSX || xlsx.IsXLSX(head)
		in.r = br
	}
	if isXLSX {
		if in.xlsx != nil {
			in.xlsx.Close() // read again for a second pass
		}
		xr, err := xlsx.Open(in.r, in.sheet)
		if err != nil {
			return nil, err
		}
		in.rd, in.cellOf, in.xlsx = xr, xr.Cell, xr
		read := xr.Progress
		in.read.Store(&read)
		return xr.Header, nil
	}
	if in.sheet != "" {
		return nil, msg.Errorf("--sheet is for Excel workbooks (.xlsx); this is a CSV file")
	}
	rd, err := nbcsv.OpenWith(in.r, in.csvOpt)
	if err != nil {
		return nil, err
	}
	in.rd = rd
	if f, ok := in.r.(*os.File); ok && in.Size > 0 {
		size := in.Size
		read := func() (int64, int64) {
			off, err := f.Seek(0, io.SeekCurrent)
			if err != nil {
				return 0, 0
			}
			return off, size
		}
		in.read.Store(&read)
	}
	return rd.Header, nil
}

// rewind starts the input over, for a second pass.
func (in *Input) rewind() error {
	seeker, ok := in.r.(io.ReadSeeker)
	if !ok {
		return msg.Errorf("%s cannot be read twice", in.Name)
	}
	if _, err := seeker.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := in.open(); err != nil {
		return msg.Errorf("%s: %w", in.Name, err)
	}
	in.markDates()
	return nil
}

// Close closes the workbook and the file.
func (in *Input) Close() {
	if in.xlsx != nil {
		in.xlsx.Close()
		in.xlsx = nil
	}
	in.closeFn()
}

// seekable reports whether s can really seek (a pipe is an *os.File too).
func seekable(s io.Seeker) bool {
	_, err := s.Seek(0, io.SeekCurrent)
	return err == nil
}

// markDates tells a workbook which columns hold dates, so that their date
// serials are read as dates, and which holds the stillingsprosent, so that
// a cell formatted as a percentage (100 % stored as 1) reads as 100.
func (in *Input) markDates() {
	if in.xlsx == nil {
		return
	}
	var cols []int
	for _, f := range input.All {
		if c, ok := in.Cols.ColOf[f.Name]; ok && f.Kind == input.Date {
			cols = append(cols, c)
		}
	}
	in.xlsx.DateColumns(cols)
	if c, ok := in.Cols.ColOf[calc.FieldPercent]; ok {
		in.xlsx.PercentColumns([]int{c})
	}
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(sa, sb)
	}
	pa, _ := filepath.Abs(a)
	pb, _ := filepath.Abs(b)
	return pa == pb
}
