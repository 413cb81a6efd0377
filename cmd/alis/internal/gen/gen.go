// Package gen writes realistic CSV exports of ALIS-avtaler, as Norwegian
// Excel saves them: semicolons, decimal commas, dates as 01.08.2021,
// Norwegian headers, UTF-8 with a byte-order mark or Windows-1252. The same
// options give the same bytes. It feeds the benchmarks and alis gen.
package gen

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

var kommuner = []string{"0301", "1103", "1804", "3005", "3201", "4601", "5001", "5401", "1506", "3907", "4204", "1833", "5501", "3403"}

var merknader = []string{"", "", "", "Legesenter sentrum", "Ny ALIS", "Veiledning i gruppe", "Bodø legekontor", "Tromsø – nord", "Åpen liste", "Kortere liste i 6 mnd"}

// Options say what to write.
type Options struct {
	Rows     int
	Seed     uint64
	Encoding string  // "utf-8" (with BOM) or "windows-1252"
	Year     int     // the grant year the agreements are about
	Bad      float64 // share of rows with a malformed amount
	// Employment adds a position and a stillingsprosent to each row, as a
	// register of employment periods has them (each row an agreement of
	// one period); the other columns are the same bytes as without.
	Employment bool
}

// Write writes the header and opt.Rows agreements to out.
func Write(out io.Writer, opt Options) error {
	rows, seed, encoding, year, bad := opt.Rows, opt.Seed, opt.Encoding, opt.Year, opt.Bad
	w := bufio.NewWriterSize(out, 1<<20)
	var enc func(string) string
	switch encoding {
	case "utf-8":
		w.WriteString("\uFEFF")
		enc = func(s string) string { return s }
	case "windows-1252":
		enc = toWindows1252
	default:
		return msg.Errorf("unknown encoding %q", encoding)
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	header := "Avtalenr;Kommunenr;Driftsform;Rolle;Fra;Til;Kostnader;Tidligere år;Søknadsdato;Vikarbyrå;Merknad"
	if opt.Employment {
		header += ";Stilling;Stillingsprosent"
	}
	w.WriteString(enc(header + "\r\n"))
	var line []byte
	for i := 0; i < rows; i++ {
		line = line[:0]
		line = append(line, "A-"...)
		line = strconv.AppendInt(line, int64(100000+i), 10)
		line = append(line, ';')
		line = append(line, kommuner[rng.IntN(len(kommuner))]...)
		line = append(line, ';')
		if rng.IntN(10) < 6 {
			line = append(line, enc("Næringsdrift")...)
		} else {
			line = append(line, enc("Fastlønn")...)
		}
		line = append(line, ';')
		vikar := rng.IntN(10) == 0
		if vikar {
			line = append(line, "Fastlegevikar"...)
		} else {
			line = append(line, "Fastlege"...)
		}
		line = append(line, ';')
		// The agreement starts on 1 January, on a day in the year, or before it.
		sy, sm, sd := year, 1, 1
		switch {
		case rng.IntN(3) == 0:
			sm, sd = 1+rng.IntN(12), 1+rng.IntN(28)*rng.IntN(2)
		case rng.IntN(4) == 0:
			sy, sm = year-1-rng.IntN(2), 1+rng.IntN(12)
		}
		line = appendDate(line, sy, sm, sd)
		line = append(line, ';')
		// Vikariater and some agreements end: 3 to 26 months after the start, less a day.
		if vikar || rng.IntN(4) == 0 {
			months := 3 + rng.IntN(24)
			ey, em := sy+(sm-1+months)/12, (sm-1+months)%12+1
			ed := sd - 1
			if ed == 0 {
				em--
				if em == 0 {
					ey, em = ey-1, 12
				}
				ed = 28
			}
			line = appendDate(line, ey, em, ed)
		}
		line = append(line, ';')
		switch {
		case rng.Float64() < bad:
			line = append(line, "1.234,5.6"...)
		case rng.IntN(20) == 0:
			// no cost given
		default:
			kr := 150000 + rng.IntN(250000)
			ore := 0
			if rng.IntN(3) == 0 {
				ore = rng.IntN(100)
			}
			line = appendKroner(line, kr, ore)
		}
		line = append(line, ';')
		line = strconv.AppendInt(line, int64([]int{0, 0, 0, 1, 2, 3, 4}[rng.IntN(7)]), 10)
		line = append(line, ';')
		if rng.IntN(2) == 0 {
			line = appendDate(line, year, 1+rng.IntN(10), 1+rng.IntN(28))
		}
		line = append(line, ';')
		line = append(line, []string{"nei", "nei", "nei", "", "ja"}[rng.IntN(5)]...)
		line = append(line, ';')
		line = append(line, enc(merknader[rng.IntN(len(merknader))])...)
		if opt.Employment {
			// From the row's place, not the random numbers: the rows are
			// the same as without.
			line = append(line, ";Fastlege;"...)
			line = append(line, []string{"100", "100", "100", "80", "50"}[i%5]...)
		}
		line = append(line, '\r', '\n')
		w.Write(line)
	}
	return w.Flush()
}

// appendKroner writes 312 500,50 with a space between thousands and a decimal comma.
func appendKroner(b []byte, kr, ore int) []byte {
	s := strconv.Itoa(kr)
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ' ')
		}
		b = append(b, byte(c))
	}
	if ore > 0 {
		b = append(b, ',', byte('0'+ore/10), byte('0'+ore%10))
	}
	return b
}

func toWindows1252(s string) string {
	var b []byte
	for _, r := range s {
		switch {
		case r < 0x80:
			b = append(b, byte(r))
		case r == '–':
			b = append(b, 0x96)
		case r <= 0xFF:
			b = append(b, byte(r))
		default:
			b = append(b, '?')
		}
	}
	return string(b)
}

// appendDate writes 01.08.2021.
func appendDate(b []byte, y, m, d int) []byte {
	return append(b, byte('0'+d/10), byte('0'+d%10), '.', byte('0'+m/10), byte('0'+m%10), '.',
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
}

// WriteXLSX writes the same agreements as Write, as a workbook saved by a
// spreadsheet program would hold them: the header and the text as text,
// amounts and counts as numbers, dates as date serials with a date format.
// A malformed amount stays the text it was.
func WriteXLSX(out io.Writer, opt Options) error {
	opt.Encoding = "utf-8"
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(Write(pw, opt)) }()
	defer pr.Close()
	x := xlsx.New(out, xlsx.Options{DateFormat: xlsx.DateNB})
	if err := x.StartSheet("Avtaler"); err != nil {
		return err
	}
	sc := bufio.NewScanner(pr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var cells []xlsx.Cell
	for header := true; sc.Scan(); header = false {
		line := strings.TrimPrefix(strings.TrimSuffix(sc.Text(), "\r"), "\uFEFF")
		cells = cells[:0]
		for i, f := range strings.Split(line, ";") {
			c := xlsx.T(f)
			switch {
			case header:
				c.Style = xlsx.Header
			case i == 4 || i == 5 || i == 8: // Fra, Til, Søknadsdato
				if d, err := date.Parse(f); err == nil {
					if serial, ok := xlsx.DateSerial(d); ok {
						c = xlsx.N(serial, xlsx.Date)
					}
				}
			case i == 6: // Kostnader
				if m, err := calc.ParseAmount(f); err == nil {
					c = xlsx.N(m.String(), xlsx.Money)
				}
			case i == 7: // Tidligere år
				c = xlsx.N(f, xlsx.Whole)
			}
			cells = append(cells, c)
		}
		if err := x.Row(cells); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := x.EndSheet(xlsx.Layout{Frozen: true}); err != nil {
		return err
	}
	return x.Close()
}
