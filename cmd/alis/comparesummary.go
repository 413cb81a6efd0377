package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alis-tilskudd/alis/calc"
)

// comparisonRow is one scheme's line of the comparison.
type comparisonRow struct {
	id             string
	grants         []calc.Money
	gained, lost   int
	changedAmounts int
}

// comparison adds up, per scheme (every scheme of every rule set, and "-"
// for rows no scheme covers) and in total, the grant under each rule set.
func comparison(run *batchRun) (rows []comparisonRow, total comparisonRow) {
	c := run.cmp
	total = comparisonRow{id: "total", grants: make([]calc.Money, len(run.sets))}
	for g, id := range c.ids {
		r := comparisonRow{id: id, grants: make([]calc.Money, len(run.sets)), gained: c.gained[g], lost: c.lost[g], changedAmounts: c.changed[g]}
		any := r.gained+r.lost+r.changedAmounts > 0
		for k, set := range run.sets {
			grp := set.sum.noScheme
			if id != "-" {
				grp = set.sum.index(id)
				if grp == set.sum.noScheme {
					continue // the scheme does not exist under this rule set
				}
			}
			r.grants[k] = set.sum.groups[grp].grant
			any = any || set.sum.groups[grp].agreements > 0
		}
		if id == "-" && !any {
			continue
		}
		rows = append(rows, r)
		for k := range r.grants {
			total.grants[k] += r.grants[k]
		}
		total.gained += r.gained
		total.lost += r.lost
		total.changedAmounts += r.changedAmounts
	}
	return rows, total
}

// deltaPercent is (last − first) / first with one decimal, or "" when first is 0.
func deltaPercent(r comparisonRow, dec byte) string {
	first, last := r.grants[0], r.grants[len(r.grants)-1]
	if first == 0 {
		return ""
	}
	d := last - first
	neg := d < 0
	if neg {
		d = -d
	}
	p, _ := percent(d, first, dec)
	if neg {
		return "−" + p
	}
	return "+" + p
}

func writeCompareSummaries(w io.Writer, run *batchRun) {
	l := run.lang
	for _, set := range run.sets {
		set.sum.writeText(w, l)
		fmt.Fprintln(w)
	}
	rows, total := comparison(run)
	var labels []string
	for _, s := range run.sets {
		labels = append(labels, s.label)
	}
	fmt.Fprintf(w, "%s %d: %s\n", pickLang(l, "Sammenligning for tilskuddsåret", "Comparison for the grant year"), run.sets[0].rules.Year, strings.Join(labels, " → "))
	head := []string{pickLang(l, "ordning", "scheme")}
	for _, s := range run.sets {
		head = append(head, pickLang(l, "tilskudd ", "grant ")+s.label)
	}
	head = append(head, pickLang(l, "differanse", "difference"), pickLang(l, "endring", "change"),
		pickLang(l, "ble berettiget", "became eligible"), pickLang(l, "mistet", "lost"), pickLang(l, "annet beløp", "other amount"))
	table := [][]string{head}
	dec := map[calc.Lang]byte{calc.NB: ',', calc.EN: '.'}[l]
	for _, r := range append(rows, total) {
		id := r.id
		if id == "total" {
			id = pickLang(l, "totalt", "total")
		}
		cells := []string{id}
		for _, g := range r.grants {
			cells = append(cells, money(g, l))
		}
		pct := deltaPercent(r, dec)
		if pct != "" {
			pct += " %"
		}
		cells = append(cells, signedMoney(r.grants[len(r.grants)-1]-r.grants[0], l), pct, strconv.Itoa(r.gained), strconv.Itoa(r.lost), strconv.Itoa(r.changedAmounts))
		table = append(table, cells)
	}
	writeAligned(w, table)
}

// writeAligned writes a table: the first column to the left, the others to the right.
func writeAligned(w io.Writer, table [][]string) {
	widths := make([]int, len(table[0]))
	for _, row := range table {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, row := range table {
		var cells []string
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i == 0 {
				cells = append(cells, c+pad)
			} else {
				cells = append(cells, pad+c)
			}
		}
		b.WriteString(strings.TrimRight(strings.Join(cells, "  "), " ") + "\n")
	}
	_, _ = io.WriteString(w, b.String())
}

type comparisonJSON struct {
	Scheme       string            `json:"scheme"`
	Grants       map[string]string `json:"grants"`
	Delta        string            `json:"delta"`
	DeltaPercent *string           `json:"delta_percent"`
	Gained       int               `json:"became_eligible"`
	Lost         int               `json:"lost_eligibility"`
	Changed      int               `json:"other_amount"`
}

func compareSummaryJSON(run *batchRun) any {
	type setSummary struct {
		Label   string      `json:"label"`
		Rules   *rulesJSON  `json:"rules"`
		Summary summaryJSON `json:"summary"`
	}
	var sets []setSummary
	for _, s := range run.sets {
		sets = append(sets, setSummary{s.label, newRulesJSON(s.rules), s.sum.json(run.lang)})
	}
	conv := func(r comparisonRow) comparisonJSON {
		j := comparisonJSON{Scheme: r.id, Grants: map[string]string{}, Delta: (r.grants[len(r.grants)-1] - r.grants[0]).String(),
			Gained: r.gained, Lost: r.lost, Changed: r.changedAmounts}
		for k, g := range r.grants {
			j.Grants[run.sets[k].label] = g.String()
		}
		if p := deltaPercent(r, '.'); p != "" {
			j.DeltaPercent = ptr(strings.Replace(p, "−", "-", 1))
		}
		return j
	}
	rows, total := comparison(run)
	var schemes []comparisonJSON
	for _, r := range rows {
		schemes = append(schemes, conv(r))
	}
	return struct {
		RuleSets   []setSummary     `json:"rule_sets"`
		Comparison []comparisonJSON `json:"comparison"`
		Total      comparisonJSON   `json:"total"`
	}{sets, schemes, conv(total)}
}
