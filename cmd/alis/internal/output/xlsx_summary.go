package output

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// totalRow ends the results sheet with the sums of the money columns that
// have amounts: one row over the rows whose grant is exact, one over the
// rows whose grant is a maximum (inntil), each a SUMIFS on the grant's
// basis with the exact sums as their values; and a count of the rows
// whose grant is unknown, which no sum holds.
func (o *XLSXSink) totalRow() error {
	data := o.x.Rows() // with the header
	var rows []byte
	n := 0
	if data > 1 {
		basis, period, last := xlsx.ColumnName(o.basisCol), xlsx.ColumnName(o.periodCol), strconv.Itoa(data)
		for p := 0; p < o.periods(); p++ {
			name := ""
			if len(o.Periods) > 0 {
				name = " " + o.Periods[p].Period
			}
			for b, label := range []string{msg.S(o.Lang, "Total of exact grants"), msg.S(o.Lang, "Total of maxima (up to)")} {
				cells := make([]xlsx.Cell, o.width)
				cells[0] = xlsx.Cell{Text: label + name, Style: xlsx.Header}
				any := false
				for i, m := range o.moneyCol {
					k := m*2*o.periods() + 2*p + b
					if m < 0 || !o.all.seen[k] {
						continue
					}
					any = true
					col := xlsx.ColumnName(i)
					criteria := basis + "2:" + basis + last + `,"` + o.bases[b] + `"`
					if len(o.Periods) > 0 {
						// A total per period: grants of two periods are not added.
						criteria += "," + period + "2:" + period + last + `,"` + o.Periods[p].Period + `"`
					}
					cells[i] = xlsx.Cell{Formula: "SUMIFS(" + col + "2:" + col + last + "," + criteria + ")", Num: o.all.sum(k), Style: xlsx.TotalMoney}
				}
				if !any && (b == 1 || len(o.Periods) > 0) {
					continue // no maxima; by period, a period without rows
				}
				label := cells[0]
				cells[0] = xlsx.Cell{} // the label runs over the next cells: it does not widen the line column
				o.all.widths.Fit(cells)
				cells[0] = label
				rows = xlsx.AppendRow(rows, cells)
				n++
			}
			if u := o.all.unknown[p]; u > 0 {
				text := msg.N(o.Lang, u, "%d grant unknown, in no total", "%d grants unknown, in no total", u)
				if name != "" {
					text = name[1:] + ": " + text
				}
				rows = xlsx.AppendRow(rows, []xlsx.Cell{{Text: text, Style: xlsx.Header}})
				n++
			}
		}
		if err := o.x.WriteRaw(rows, n, o.width); err != nil {
			return err
		}
	}
	// A column no row has a value in (the elements of 2025/26 in a batch
	// of 2021) is hidden, as wide as its header: the sheet prints readable.
	dataW, headW := o.all.widths.Get(), o.head.Get()
	widths, hidden := make([]int, o.width), make([]bool, o.width)
	for i := range widths {
		var d int
		if i < len(dataW) {
			d = dataW[i]
		}
		if i < len(headW) {
			widths[i] = headW[i]
		}
		widths[i] = max(widths[i], d)
		hidden[i] = d == 0 && data > 1
	}
	return o.x.EndSheet(xlsx.Layout{Frozen: true, Widths: widths, Hidden: hidden, FilterRows: data, Print: o.print()})
}

// summarySheet writes the totals per scheme with budgets, allocation and
// recorded payouts.
func (o *XLSXSink) summarySheet(s *batch.Summary, name string) error {
	l := o.Lang
	if err := o.x.StartSheet(name); err != nil {
		return err
	}
	head := []string{msg.Key("Scheme"), msg.Key("Agreements"), msg.Key("Eligible"), msg.Key("Not eligible"), msg.Key("Rejected"),
		msg.Key("Grant"), msg.Key("Up to (maxima)"), msg.Key("Unknown grants"), msg.Key("Kommune's share"), msg.Key("Budget"), msg.Key("Budget used (%)"), msg.Key("Budget remaining"),
		msg.Key("Allocated in all"), msg.Key("Allocation factor"), msg.Key("Granted (recorded)"), msg.Key("Paid out, mill. kr (recorded)")}
	var hc []xlsx.Cell
	for _, h := range head {
		hc = append(hc, xlsx.Cell{Text: msg.Dyn(l, h), Style: xlsx.Header})
	}
	if err := o.x.Row(hc); err != nil {
		return err
	}
	j := NewSummaryJSON(s, l)
	num := func(p *string, st xlsx.Style) xlsx.Cell {
		if p == nil {
			return xlsx.Cell{}
		}
		return xlsx.N(*p, st)
	}
	for _, g := range append(j.Schemes, j.Total) {
		payout := xlsx.Cell{}
		if g.RecordedPayout != nil {
			payout = xlsx.N(strconv.FormatInt(*g.RecordedPayout, 10), xlsx.Whole)
		}
		scheme := g.Scheme
		switch {
		case scheme == "total":
			scheme = msg.S(l, "Total")
		case s.Rules.Scheme(scheme) != nil:
			scheme = s.Rules.Scheme(scheme).ShortName() // the scheme by name, not its id
		case g.Name != "":
			scheme = g.Name
		}
		row := []xlsx.Cell{xlsx.T(scheme), xlsx.N(strconv.Itoa(g.Agreements), xlsx.Whole), xlsx.N(strconv.Itoa(g.Eligible), xlsx.Whole),
			xlsx.N(strconv.Itoa(g.NotEligible), xlsx.Whole), xlsx.N(strconv.Itoa(g.Rejected), xlsx.Whole),
			xlsx.N(g.Grant, xlsx.Money), xlsx.N(g.GrantMaximum, xlsx.Money), xlsx.N(strconv.Itoa(g.UnknownGrant), xlsx.Whole),
			xlsx.N(g.KommuneShare, xlsx.Money), num(g.Budget, xlsx.Money),
			num(g.BudgetUsedPercent, xlsx.Share), num(g.BudgetRemaining, xlsx.Money), num(g.AllocatedTotal, xlsx.Money),
			num(g.AllocationFactor, xlsx.Plain), num(g.RecordedGranted, xlsx.Money), payout}
		if err := o.x.Row(row); err != nil {
			return err
		}
	}
	// The notes run across the sheet: they do not widen the first column.
	note := msg.S(l, "Rules: ") + s.Rules.Title + " (" + s.Rules.Source + ", sha256 " + s.Rules.SHA256 + ")"
	notes := xlsx.AppendRow(nil, []xlsx.Cell{xlsx.T(note)})
	if p := text.ProvisionalText(s.Rules, l); p != "" {
		notes = xlsx.AppendRow(notes, []xlsx.Cell{xlsx.T(strings.ToUpper(p[:1]) + p[1:] + ": " + s.Rules.Provisional.NoteIn(l))})
	}
	for _, sc := range s.Rules.Schemes { // a short name in the column, the whole name here
		if sc.ShortName() != sc.Name() {
			notes = xlsx.AppendRow(notes, []xlsx.Cell{xlsx.T(sc.ShortName() + ": " + sc.Name())})
		}
	}
	if len(s.Recorded) > 0 {
		notes = xlsx.AppendRow(notes, []xlsx.Cell{xlsx.T(PayoutNote(l))})
	}
	if err := o.x.WriteRaw(notes, bytes.Count(notes, []byte("<row>")), 1); err != nil {
		return err
	}
	return o.x.EndSheet(xlsx.Layout{Frozen: true, Print: o.print()})
}

// print is how the sheets print: landscape, one page wide, the header row
// on every page, the input's name and the page's number in the footer.
func (o *XLSXSink) print() *xlsx.Print {
	return &xlsx.Print{HeaderRow: true, FooterLeft: o.Input, FooterRight: msg.S(o.Lang, "Page &P of &N")}
}
