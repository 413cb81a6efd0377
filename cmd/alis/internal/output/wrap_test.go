package output

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrapKeepsNumbersWhole(t *testing.T) {
	words := []string{"tilskudd", "240 000 kr", "33,3 %", "NOK 1,240,000", "21 mill. kr", "01.03.2021–31.12.2021", "og", "av", "kostnadene", "12 345 678,90 kr", "×", "(kap. 762, post 63)"}
	number := regexp.MustCompile(`(?:^|[^\d.,])(\d{1,3}(?: \d{3})+(?:,\d\d)? kr|\d+,\d %|NOK [\d,]+|\d+ mill\. kr)`)
	numbers := func(s string) (out []string) {
		for _, m := range number.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		return out
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		var parts []string
		for range 1 + rng.IntN(40) {
			parts = append(parts, words[rng.IntN(len(words))])
		}
		text := "  – " + strings.Join(parts, " ")
		width := 40 + rng.IntN(60)
		got := Wrap(text, width)
		for _, line := range strings.Split(got, "\n") {
			if n := utf8.RuneCountInString(line); n > width && len(units(strings.TrimSpace(line))) > 1 {
				t.Fatalf("width %d: a line of %d: %q", width, n, line)
			}
		}
		for i, line := range strings.Split(got, "\n")[1:] {
			if !strings.HasPrefix(line, "    ") || line[4] == ' ' {
				t.Fatalf("line %d is not indented under the text after the marker: %q", i+2, line)
			}
		}
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
			t.Fatalf("the words changed:\n%s\n%s", text, got)
		}
		// Every number of the text stands whole on one line.
		want := numbers(text)
		var found []string
		for _, line := range strings.Split(got, "\n") {
			found = append(found, numbers(line)...)
		}
		if strings.Join(found, "|") != strings.Join(want, "|") {
			t.Fatalf("width %d broke a number:\n%s", width, got)
		}
	}
}

func TestWrapHangs(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{" 1. Tak: 240 000 kr per år × 10/12 = 200 000 kr og enda litt mer tekst",
			" 1. Tak: 240 000 kr per år × 10/12 =\n    200 000 kr og enda litt mer tekst"},
		{"Tilskudd:        200 000 kr (begrenset av taket, med mer)",
			"Tilskudd:        200 000 kr (begrenset\n                 av taket, med mer)"},
		{"Utbetalt: Helsedirektoratet, årsrapport 2023, tabell 5.8 (hele",
			"Utbetalt: Helsedirektoratet, årsrapport\n  2023, tabell 5.8 (hele"},
		{"kort linje", "kort linje"},
	} {
		if got := Wrap(c.in, 40); got != c.want {
			t.Errorf("Wrap(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// Cells never run together: split at two or more spaces, every line of a
// row gives back its cells, however wide they are.
func TestTextTableKeepsCellsApart(t *testing.T) {
	tab := textTable{cols: []tableCol{{6, true}, {14, false}, {4, true}, {13, true}, {13, true}, {0, false}}}
	rng := rand.New(rand.NewPCG(1, 2))
	values := []string{"12", "122 603 kr", "1 234 567 890 kr", "L-1", "et svært langt id", "ja", "", "0 kr×", "kan ikke!"}
	gap := regexp.MustCompile(`  +`)
	for range 3000 {
		cells := make([]string, len(tab.cols)-1)
		for i := range cells {
			cells[i] = values[rng.IntN(len(values))]
		}
		cells[0] = "7"
		line := strings.TrimSuffix(string(tab.appendLine(nil, append(cells, ""))), "\n")
		var want []string
		for _, c := range cells {
			if c != "" {
				want = append(want, c)
			}
		}
		if got := gap.Split(strings.TrimSpace(line), -1); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("%q laid out as %q", cells, line)
		}
	}
}

// Reasons too long for what is left of the row go under it, indented by 8,
// and are broken only where they pass the width there; every line stays
// within the width and the words keep their order.
func TestTextTableReasonsUnderTheRow(t *testing.T) {
	tab := textTable{cols: []tableCol{{6, true}, {14, false}, {15, true}, {15, true}, {15, true}, {0, false}}, width: 80}
	row := []string{"2", "A-100000", "0 kr×", "240 000 kr", "+240 000 kr"}
	fits := "nå berettiget: ordning for fastlønn: (ingen) → fastlonn" // 55 runes: fits after 8
	long := strings.Repeat("ordning for fastlønn (ansatt i kommunen) ", 3) + "240 000 kr"
	for _, c := range []struct {
		why  string
		want []string
	}{
		{fits, []string{"        " + fits}},
		{long, []string{
			"        ordning for fastlønn (ansatt i kommunen) ordning for fastlønn (ansatt i",
			"        kommunen) ordning for fastlønn (ansatt i kommunen) 240 000 kr"}},
	} {
		out := strings.Split(strings.TrimSuffix(string(tab.appendLine(nil, append(slices.Clone(row), c.why))), "\n"), "\n")
		if len(out) < 2 || strings.Join(out[1:], "\n") != strings.Join(c.want, "\n") {
			t.Errorf("reasons laid out as\n%s\nwant under the row\n%s", strings.Join(out, "\n"), strings.Join(c.want, "\n"))
		}
		for _, line := range out {
			if n := utf8.RuneCountInString(line); n > 80 {
				t.Errorf("%q is %d wide", line, n)
			}
		}
	}
}
