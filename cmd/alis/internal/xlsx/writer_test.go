package xlsx

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/xuri/excelize/v2"

	"github.com/alis-tilskudd/alis/calc"
)

func TestCRC32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		a := make([]byte, rng.IntN(300))
		b := make([]byte, rng.IntN(5000))
		if n%20 == 0 { // a block's size
			b = make([]byte, rng.IntN(4<<20))
		}
		for i := range a {
			a[i] = byte(rng.Uint32())
		}
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...))
		if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))); got != want {
			t.Fatalf("len %d+%d: %08x, want %08x", len(a), len(b), got, want)
		}
	}
}

// A workbook whose sheet outgrows the spool's memory reads back whole,
// with its widths, formats, formula and filter; the spool's file is gone.
func TestWorkbookReadsBack(t *testing.T) {
	for _, mem := range []int{1 << 10, 4 << 20} {
		t.Run(strconv.Itoa(mem), func(t *testing.T) {
			defer func(m int) { spoolMemory = m }(spoolMemory)
			spoolMemory = mem
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			var out bytes.Buffer
			x := New(&out, Options{DateFormat: DateNB})
			if err := x.StartSheet("Resultater"); err != nil {
				t.Fatal(err)
			}
			if err := x.Row([]Cell{{Text: "Linje", Style: Header}, {Text: "Fra", Style: Header}, {Text: "Tilskudd", Style: Header}}); err != nil {
				t.Fatal(err)
			}
			// Rows one by one, and in blocks compressed on their own, in turn.
			const n = 20000
			var raw []byte
			var block Block
			for i := 0; i < n; {
				raw = raw[:0]
				k := 1 + i%37
				for j := 0; j < k && i < n; i, j = i+1, j+1 {
					// Day 44197 is 2021-01-01.
					raw = AppendRow(raw, []Cell{N(strconv.Itoa(i+2), Whole), N("44197", Date), N(fmt.Sprintf("%d.50", i), Money)})
				}
				var err error
				if k%2 == 0 {
					if err = block.Set(raw, k, 3); err == nil {
						err = x.WriteBlock(&block)
					}
				} else {
					err = x.WriteRaw(raw, k, 3)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			sum := fmt.Sprintf("%d.00", (n-1)*n/2+n/2)
			if err := x.Row([]Cell{{Text: "Totalt <&>", Style: Header}, {}, {Formula: fmt.Sprintf("SUBTOTAL(109,C2:C%d)", n+1), Num: sum, Style: TotalMoney}}); err != nil {
				t.Fatal(err)
			}
			if err := x.EndSheet(Layout{Frozen: true, FilterRows: n + 1, Widths: []int{8, 10, 16}}); err != nil {
				t.Fatal(err)
			}
			if err := x.StartSheet("Sammendrag"); err != nil {
				t.Fatal(err)
			}
			if err := x.Row([]Cell{T("en ganske lang tekst"), N("1.5", Share), T("  innrykk "), T("a\x01<b>&\"c'\r\nd")}); err != nil {
				t.Fatal(err)
			}
			if err := x.EndSheet(Layout{}); err != nil {
				t.Fatal(err)
			}
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("left behind in TMPDIR: %v", left)
			}
			path := filepath.Join(t.TempDir(), "b.xlsx")
			if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("Resultater", excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != n+2 || rows[1][2] != "0.50" || rows[n][2] != fmt.Sprintf("%d.50", n-1) || rows[n+1][0] != "Totalt <&>" || rows[n+1][2] != sum {
				t.Fatalf("%d rows; row 2 %q, last %q, total %q", len(rows), rows[1], rows[n], rows[n+1])
			}
			for i := range n {
				if r := rows[i+1]; r[0] != strconv.Itoa(i+2) || r[2] != fmt.Sprintf("%d.50", i) {
					t.Fatalf("row %d reads %q", i+2, r)
				}
			}
			if v, _ := f.GetCellValue("Resultater", "B2"); v != "01.01.2021" {
				t.Errorf("the date shows as %q", v)
			}
			if fm, _ := f.GetCellFormula("Resultater", fmt.Sprintf("C%d", n+2)); fm != fmt.Sprintf("SUBTOTAL(109,C2:C%d)", n+1) {
				t.Errorf("formula %q", fm)
			}
			if w, _ := f.GetColWidth("Resultater", "C"); w < 16 {
				t.Errorf("column C is %v wide", w)
			}
			if v, _ := f.GetCellValue("Sammendrag", "C1"); v != "  innrykk " {
				t.Errorf("the spaces around a text are lost: %q", v)
			}
			if v, _ := f.GetCellValue("Sammendrag", "D1"); v != "a<b>&\"c'\r\nd" {
				t.Errorf("escaped text reads back as %q", v)
			}
			if w, _ := f.GetColWidth("Sammendrag", "A"); w < 20 {
				t.Errorf("the summary's column A is %v wide, from its text", w)
			}
		})
	}
}

// Shared texts, written by many goroutines through their Locals, read back
// as they were; past the bound they are written inline.
func TestSharedStrings(t *testing.T) {
	defer func(m int) { maxShared = m }(maxShared)
	maxShared = 50
	var out bytes.Buffer
	x := New(&out, Options{})
	if err := x.StartSheet("Ark1"); err != nil {
		t.Fatal(err)
	}
	const workers, rows = 4, 500
	blocks := make([][]byte, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			loc := x.Local()
			for i := range rows {
				r := w*rows + i
				blocks[w] = AppendRowShared(blocks[w], []Cell{
					N(strconv.Itoa(r), Whole),
					{Text: fmt.Sprintf("tekst %d & <%d>", r%80, r%80), Shared: true},
					{Text: " med mellomrom ", Shared: true},
					{Text: "ikke delt"},
				}, loc)
			}
		}()
	}
	wg.Wait()
	for _, b := range blocks {
		if err := x.WriteRaw(b, rows, 4); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.EndSheet(Layout{}); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(x.strings.list); n != 50 {
		t.Errorf("%d shared strings, want the bound, 50", n)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("Ark1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != workers*rows {
		t.Fatalf("%d rows", len(got))
	}
	for _, r := range got {
		n, _ := strconv.Atoi(r[0])
		if want := fmt.Sprintf("tekst %d & <%d>", n%80, n%80); r[1] != want || r[2] != " med mellomrom " || r[3] != "ikke delt" {
			t.Fatalf("row %d reads %q", n, r)
		}
	}
}

// A number given as an integer (I, Ore) is written, and is as wide, as the
// same number given as its text.
func TestIntegerCellsAsTheirText(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for range 100_000 {
		n := rng.Int64N(1e15) - 5e14
		if rng.IntN(4) == 0 {
			n = rng.Int64N(1000) - 500
		}
		style := []Style{Plain, Whole, Money, Share, TotalMoney}[rng.IntN(5)]
		ore := calc.Money(n).String()
		for _, c := range []struct{ got, want Cell }{
			{I(n, style), N(strconv.FormatInt(n, 10), style)},
			{Ore(n, style), N(ore, style)},
		} {
			if g, w := string(appendCell(nil, &c.got)), string(appendCell(nil, &c.want)); g != w {
				t.Fatalf("%d: %s, want %s", n, g, w)
			}
			if g, w := Width(&c.got), Width(&c.want); g != w {
				t.Fatalf("%d (%s): width %d, want %d", n, c.want.Num, g, w)
			}
		}
	}
}

// widen skips measuring only the cells that cannot be wider: it always
// gives the larger of the width it had and the cell's.
func TestWidenIsTheWiderOfTheTwo(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	texts := []string{"", "a", "Tromsø – nord", "ææææææ", "line\nlonger line", strings.Repeat("x", 70), strings.Repeat("ø", 40), " kant "}
	for range 50_000 {
		var c Cell
		switch rng.IntN(4) {
		case 0:
			c = T(texts[rng.IntN(len(texts))])
		case 1:
			c = Ore(rng.Int64N(1e12)-5e11, []Style{Plain, Money, TotalMoney}[rng.IntN(3)])
		case 2:
			c = N("12.5", Share)
		default:
			c = Cell{Text: texts[rng.IntN(len(texts))], Formula: "SUM(A1:A2)"}
		}
		if rng.IntN(5) == 0 {
			c.Style = Header
		}
		w := rng.IntN(70)
		got := w
		widen(&got, &c)
		if want := max(w, Width(&c)); got != want {
			t.Fatalf("%+v from %d: %d, want %d", c, w, got, want)
		}
	}
}

// escapeByByte is appendEscaped one byte at a time, as it was first
// written: the reference for the one that appends runs.
func escapeByByte(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '&':
			b = append(b, "&amp;"...)
		case '"':
			b = append(b, "&#34;"...)
		case '\'':
			b = append(b, "&#39;"...)
		case '\r':
			b = append(b, "&#xD;"...)
		case '\t', '\n':
			b = append(b, c)
		default:
			if c < 0x20 {
				continue
			}
			if c >= utf8.RuneSelf {
				r, n := utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
					b = append(b, "\uFFFD"...)
				} else {
					b = append(b, s[i:i+n]...)
				}
				i += n - 1
				continue
			}
			b = append(b, c)
		}
	}
	return b
}

func TestEscapedAgreesByteByByte(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	pieces := []string{"a", "Tromsø", " ", "<", ">", "&", `"`, "'", "\r", "\n", "\t", "\x00", "\x01", "\x1f", "\xff", "\xc3", "\uFFFE", "\uFFFF", "\uFFFD", "€", "𝄞", "A-100000", "\xe2\x82"}
	for range 100_000 {
		var s strings.Builder
		for range rng.IntN(12) {
			s.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if got, want := string(appendEscaped([]byte("x"), s.String())), string(escapeByByte([]byte("x"), s.String())); got != want {
			t.Fatalf("%q: %q, want %q", s.String(), got, want)
		}
	}
}

// A number cell is written as every cell is: <c, the style unless it is
// the plain one, then the value.
func TestNumberCellsInEveryStyle(t *testing.T) {
	for st := Plain; st <= TotalMoney; st++ {
		for _, c := range []Cell{N("12.5", st), I(-7, st), Ore(123456, st)} {
			attr := ""
			if st != Plain {
				attr = fmt.Sprintf(` s="%d"`, st)
			}
			want := "<c" + attr + "><v>" + string(c.appendNumber(nil)) + "</v></c>"
			if got := string(appendCell(nil, &c)); got != want {
				t.Errorf("style %d: %s, want %s", st, got, want)
			}
		}
	}
}

// Widths fitted to rows in parts, added together, are the widest cell of
// each column, as Width measures every cell.
func TestWidthsAreTheWidestCells(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	texts := []string{"", "a", "Tromsø – nord", "line\nlonger line", strings.Repeat("ø", 70)}
	cell := func(col int) Cell {
		switch rng.IntN(6) {
		case 0:
			return T(texts[rng.IntN(len(texts))])
		case 1:
			return N("1234.5", Share)
		case 2: // mostly the column's own style, at times another
			if rng.IntN(10) == 0 {
				return I(rng.Int64N(1e9)-5e8, Style(rng.IntN(int(TotalMoney)+1)))
			}
		}
		n := rng.Int64N(1e12) - 1e11
		if rng.IntN(50) == 0 {
			n = []int64{math.MinInt64, math.MaxInt64, 0, -1}[rng.IntN(4)]
		}
		switch col % 3 {
		case 0:
			return Ore(n, Money)
		case 1:
			return I(n, Whole)
		}
		return I(n%100000, Date)
	}
	for round := range 200 {
		cols := 1 + rng.IntN(8)
		want := make([]int, cols)
		var all Widths
		for range 1 + rng.IntN(6) {
			var part Widths
			for range rng.IntN(40) {
				row := make([]Cell, 1+rng.IntN(cols))
				for i := range row {
					row[i] = cell(i)
					if rng.IntN(30) == 0 {
						row[i].Style = Header
					}
					want[i] = max(want[i], Width(&row[i]))
				}
				part.Fit(row)
			}
			all.Add(&part)
		}
		got := all.Get()
		for i := range want {
			if w := 0; i < len(got) {
				w = got[i]
				if w != want[i] {
					t.Fatalf("round %d, column %d: %d, want %d (%v)", round, i, w, want[i], got)
				}
			} else if want[i] != 0 {
				t.Fatalf("round %d, column %d: none, want %d", round, i, want[i])
			}
		}
	}
}

func TestAppendIntAgreesWithStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for k := range 200_000 {
		n := rng.Int64N(1e9) - 1e8
		switch {
		case k < 2000:
			n = int64(k) - 1000
		case k%10 == 0:
			n = []int64{math.MinInt64, math.MaxInt64, 99_999_999, 100_000_000, 1e8 - 1}[rng.IntN(5)]
		}
		if got, want := string(appendInt([]byte("x"), n)), strconv.AppendInt([]byte("x"), n, 10); got != string(want) {
			t.Fatalf("%d: %s, want %s", n, got, want)
		}
	}
}

// A row written cell by cell through RowWriter's typed methods is the row
// AppendRowShared makes of the same cells, and fits the same widths.
func TestRowWriterAgreesWithCells(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	texts := []string{"", "ja", "nei", "Næringsdrift", " kant ", "a<b & c", "line\nlonger line", strings.Repeat("ø", 70)}
	typed, cells := New(io.Discard, Options{}), New(io.Discard, Options{})
	tw := RowWriter{Loc: typed.Local(), Widths: &Widths{}}
	var cw Widths
	cloc := cells.Local()
	var want []byte
	for range 20_000 {
		from, wantFrom := len(tw.B), len(want)
		tw.Start()
		var row []Cell
		for range rng.IntN(12) {
			switch rng.IntN(5) {
			case 0:
				n, st := rng.Int64N(2e9)-1e9, []Style{Whole, Date, Plain}[rng.IntN(3)]
				tw.Int(n, st)
				row = append(row, I(n, st))
			case 1:
				n := rng.Int64N(1e12) - 1e11
				tw.Ore(n, Money)
				row = append(row, Ore(n, Money))
			case 2:
				s, shared := texts[rng.IntN(len(texts))], rng.IntN(2) == 0
				tw.Text(s, shared)
				row = append(row, Cell{Text: s, Shared: shared})
			case 3:
				tw.Empty()
				row = append(row, Cell{})
			default:
				c := N("12.5", Share)
				tw.Cell(&c)
				row = append(row, c)
			}
		}
		tw.End()
		want = AppendRowShared(want, row, cloc)
		cw.Fit(row)
		if got, want := tw.B[from:], want[wantFrom:]; !bytes.Equal(got, want) {
			t.Fatalf("typed:\n%s\ncells:\n%s", got, want)
		}
	}
	if got, want := tw.Widths.Get(), cw.Get(); !slices.Equal(got, want) {
		t.Fatalf("widths %v, want %v", got, want)
	}
}

// Rows made by many goroutines at once, each chunk's new shared texts
// kept Pending and resolved in the chunks' order, give the workbook one
// goroutine gives, byte for byte, whatever the goroutines' timing: below
// the bound on shared strings and past it, texts shared and not, styled,
// and texts that are views of a buffer used again.
func TestPendingSharedStringsAreInOrder(t *testing.T) {
	defer func(m int) { maxShared = m }(maxShared)
	for _, bound := range []int{1 << 16, 40} {
		maxShared = bound
		const chunks, rows = 40, 60
		cellsOf := func(c, i int, scratch []byte) ([]Cell, []byte) {
			n := c*rows + i
			// A text of few values early and of many later, so that some
			// chunks give new texts and others none; a view of scratch.
			many := 5 + c*c
			scratch = fmt.Appendf(scratch[:0], "ord %d", (n*7919)%many)
			return []Cell{
				N(strconv.Itoa(n), Whole),
				{Text: unsafe.String(&scratch[0], len(scratch)), Shared: true},
				{Text: fmt.Sprintf("kommune %d", n%13), Shared: true, Style: Money},
				{Text: fmt.Sprintf("fri %d", n)},
			}, scratch
		}
		const (
			asTheyCome = iota // one goroutine, each text given its id as it comes
			inTurn            // one goroutine, the new texts resolved chunk by chunk
			atOnce            // four goroutines, resolved in the chunks' order
		)
		one := func(how int, seed uint64) []byte {
			var out bytes.Buffer
			x := New(&out, Options{})
			if err := x.StartSheet("Ark1"); err != nil {
				t.Fatal(err)
			}
			type chunk struct {
				rows    []byte
				pending Pending
				done    chan struct{}
			}
			cs := make([]chunk, chunks)
			make1 := func(c int, rng *rand.Rand) {
				w := RowWriter{Loc: x.Local(), Pending: &cs[c].pending}
				if how == asTheyCome {
					w.Pending = nil
				}
				var scratch []byte
				for i := range rows {
					if rng != nil && rng.IntN(20) == 0 {
						runtime.Gosched()
					}
					var cells []Cell
					cells, scratch = cellsOf(c, i, scratch)
					w.Start()
					for k := range cells {
						w.Cell(&cells[k])
					}
					w.End()
				}
				cs[c].rows = w.B
				close(cs[c].done)
			}
			for c := range cs {
				cs[c].done = make(chan struct{})
			}
			write := func(c int) {
				<-cs[c].done
				rows := cs[c].rows
				if cs[c].pending.Len() > 0 {
					rows = x.Resolve(nil, rows, &cs[c].pending)
				}
				if err := x.WriteRaw(rows, chunks, 4); err != nil {
					t.Fatal(err)
				}
			}
			if how == atOnce {
				// Chunks made by four goroutines in any order; written in
				// order as each is done, while later ones are being made.
				var wg sync.WaitGroup
				next := make(chan int, chunks)
				for c := range chunks {
					next <- c
				}
				close(next)
				for g := range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						rng := rand.New(rand.NewPCG(seed, uint64(g)))
						for c := range next {
							make1(c, rng)
						}
					}()
				}
				for c := range chunks {
					write(c)
				}
				wg.Wait()
			} else {
				for c := range chunks {
					make1(c, nil)
					write(c)
				}
			}
			if err := x.EndSheet(Layout{}); err != nil {
				t.Fatal(err)
			}
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			return out.Bytes()
		}
		want := one(asTheyCome, 0)
		if got := one(inTurn, 0); !bytes.Equal(got, want) {
			t.Fatalf("bound %d: the texts resolved chunk by chunk are not the bytes of texts given ids as they come", bound)
		}
		for seed := range uint64(20) {
			if got := one(atOnce, seed); !bytes.Equal(got, want) {
				t.Fatalf("bound %d, seed %d: the rows made at once are not the bytes made one by one", bound, seed)
			}
		}
		// And the workbook reads as the cells were given.
		f, err := excelize.OpenReader(bytes.NewReader(want))
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.GetRows("Ark1")
		f.Close()
		if err != nil || len(got) != chunks*rows {
			t.Fatalf("%d rows, %v", len(got), err)
		}
		for _, r := range got {
			n, _ := strconv.Atoi(r[0])
			cells, _ := cellsOf(n/rows, n%rows, nil)
			if r[1] != cells[1].Text || r[2] != cells[2].Text || r[3] != cells[3].Text {
				t.Fatalf("bound %d: row %d reads %q", bound, n, r)
			}
		}
	}
}
