package cli

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
)

// The CSV carries the input's columns, its dates and amounts as the
// agreement read them (2021-08-01, 300000.00), so that a script needs no
// Norwegian reading of its own. The fast path takes them from the
// agreement; the reference reads each cell of the row on its own. They
// agree on a register of employment periods of one to three rows an
// agreement (the first row with a stillingsprosent or without), with
// dates written every way alis reads them, empty cells and rejected rows.
// (The CSV shows an agreement on its first row's line: its own fields, such
// as an amount, are the agreement's, given on any of its rows.)
func TestCSVInputColumnsAreTheCells(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	days := func() string {
		d := 1 + rng.IntN(28)
		m := 6 + rng.IntN(7)
		y := 2025
		if m > 12 {
			m, y = m-12, 2026
		}
		switch rng.IntN(4) {
		case 0:
			return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		case 1:
			return fmt.Sprintf("%02d.%02d.%04d", d, m, y)
		case 2:
			return fmt.Sprintf(" %d.%d.%d ", d, m, y)
		}
		return ""
	}
	var b strings.Builder
	b.WriteString("Avtalenr;Kommunenr;Stilling;Stillingsprosent;Fra;Til;Praksiskompensasjon;Merknad\n")
	const agreements = 3000
	for i := range agreements {
		for r := range 1 + rng.IntN(3) {
			percent := []string{"100", "50", "80,5", ""}[rng.IntN(4)]
			if r > 0 && percent == "" {
				percent = "20"
			}
			from, to := days(), days()
			if rng.IntN(10) == 0 {
				from = "31.02.2025" // a day that does not exist: the row is rejected
			}
			fmt.Fprintf(&b, "G%d;1804;fastlege;%s;%s;%s;%s;note %d\n", i, percent, from, to,
				[]string{"", "28 000", "1000,5", "12000"}[rng.IntN(4)], r)
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "register.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runAlis(t, nil, "batch", in)
	if code != exitOK && code != exitRejected {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ir := csv.NewReader(strings.NewReader(b.String()))
	ir.Comma = ';'
	inRows, err := ir.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := got[0]
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	if strings.Join(head[:12], ",") != "line,lines,id,Kommunenr,Stilling,Stillingsprosent,Fra,Til,Praksiskompensasjon,Merknad,kommune_name,year" {
		t.Fatalf("the header: %v", head[:12])
	}
	reference := func(field, cell string) string {
		in := input.Of(field)
		var a calc.Agreement
		if in.Set(&a, input.Trim(cell)) != nil {
			return cell
		}
		if d, ok := in.DateOf(&a); ok {
			return d.String()
		}
		if m, ok := in.AmountOf(&a); ok {
			return m.String()
		}
		return cell
	}
	checked, rejected := 0, 0
	for _, r := range got[1:] {
		line, err := strconv.Atoi(r[col["line"]])
		if err != nil {
			t.Fatalf("line %q", r[col["line"]])
		}
		rec := inRows[line-1]
		// An agreement's own field is the one its rows give (rows that give
		// two are rejected); an employment period's days are the first row's.
		given := rec[6]
		for _, l := range strings.Fields(r[col["lines"]]) {
			if n, _ := strconv.Atoi(l); given == "" {
				given = inRows[n-1][6]
			}
		}
		want := []string{rec[1], rec[2], rec[3], reference(calc.FieldStart, rec[4]), reference(calc.FieldEnd, rec[5]),
			reference(calc.FieldAbsenceCompensation, given), rec[7], "Bodø"}
		if r[col["error_code"]] != "" {
			want[5] = reference(calc.FieldAbsenceCompensation, rec[6]) // a rejected row: its own cells
		}
		if g := r[3:11]; strings.Join(g, "|") != strings.Join(want, "|") {
			t.Fatalf("line %d: %q, want %q (input %q)", line, g, want, rec)
		}
		checked++
		if r[col["error_code"]] != "" {
			rejected++
		}
	}
	if checked < agreements || rejected == 0 || rejected == checked {
		t.Fatalf("%d rows checked, %d of them rejected", checked, rejected)
	}
}
