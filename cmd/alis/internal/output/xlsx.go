package output

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsxout"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// XLSXSink writes a batch as a workbook: a results sheet with every input
// column and then the result columns, amounts as numbers in kroner, the
// header frozen and filterable; and a summary sheet per scheme.
type XLSXSink struct {
	Cols        *batch.Columns
	Lang        calc.Lang
	Rules       *rules.Rules
	Allocate    bool
	SummaryOnly bool
	x           *xlsxout.Writer
	width       int
}

func (o *XLSXSink) header() []xlsxout.Cell {
	h := []xlsxout.Cell{{Text: "line", Style: xlsxout.Header}}
	for _, name := range o.Cols.OutName {
		h = append(h, xlsxout.Cell{Text: name, Style: xlsxout.Header})
	}
	for _, name := range ResultColumns {
		h = append(h, xlsxout.Cell{Text: name, Style: xlsxout.Header})
		if name == "grant" && o.Allocate {
			h = append(h, xlsxout.Cell{Text: "allocated_grant", Style: xlsxout.Header})
		}
	}
	o.width = len(h)
	return h
}

func (o *XLSXSink) Begin(w io.Writer) error {
	o.x = xlsxout.New(w)
	if o.SummaryOnly {
		return nil
	}
	if err := o.x.StartSheet(msg.S(o.Lang, "Results"), true, nil); err != nil {
		return err
	}
	return o.x.Row(o.header())
}

// input writes the line and every input column of a row.
func (o *XLSXSink) input(cells []xlsxout.Cell, line int, rec []string) []xlsxout.Cell {
	cells = append(cells, xlsxout.N(strconv.Itoa(line), xlsxout.Whole))
	for i := range o.Cols.Header {
		cells = append(cells, xlsxout.T(batch.Cell(rec, i)))
	}
	return cells
}

func moneyCell(m calc.Optional[calc.Money]) xlsxout.Cell {
	v, ok := m.Get()
	if !ok {
		return xlsxout.Cell{}
	}
	return xlsxout.N(v.String(), xlsxout.Money)
}

func (o *XLSXSink) Row(buf *batch.Buf, row *batch.Row) {
	if o.SummaryOnly {
		return
	}
	l := o.Lang
	cells := o.input(make([]xlsxout.Cell, 0, o.width), row.Line, row.Record)
	if rej := row.Rejected; rej != nil {
		if r := rej.Rules; r != nil || o.Rules != nil {
			if r == nil {
				r = o.Rules
			}
			cells = append(cells, xlsxout.N(strconv.Itoa(PeriodYear(r)), xlsxout.Whole), xlsxout.T(r.Period))
		}
		for len(cells) < o.width-1 {
			cells = append(cells, xlsxout.Cell{})
		}
		cells = append(cells, xlsxout.T(rej.CellText(o.Lang)))
		buf.Main = xlsxout.AppendRow(buf.Main, cells)
		return
	}
	res := &row.Results[0]
	r := res.Rules()
	var why []string
	for _, rs := range res.Reasons {
		why = append(why, rs.Message(l))
	}
	cells = append(cells,
		xlsxout.N(strconv.Itoa(PeriodYear(r)), xlsxout.Whole),
		xlsxout.T(r.Period),
		xlsxout.T(res.Scheme),
		xlsxout.T(map[bool]string{true: msg.S(l, "yes"), false: msg.S(l, "no")}[res.Eligible]),
		xlsxout.N(strconv.Itoa(res.Months), xlsxout.Whole),
		moneyCell(res.CapProrated),
		moneyCell(res.CostLimit))
	for _, name := range calc.ComponentNames {
		cells = append(cells, moneyCell(res.ComponentAmount(name)))
	}
	cells = append(cells, moneyCell(res.Grant))
	if row.Allocated != nil {
		cells = append(cells, moneyCell(calc.Some(*row.Allocated)))
	}
	unknown := ""
	if res.Eligible {
		unknown = strings.Join(res.Unknown(), " ")
	}
	cells = append(cells, moneyCell(res.KommuneShare), xlsxout.T(unknown), xlsxout.T(strings.Join(why, "; ")), xlsxout.T(""))
	buf.Main = xlsxout.AppendRow(buf.Main, cells)
}

func (o *XLSXSink) Write(_ io.Writer, b *batch.Buf) error {
	if o.SummaryOnly {
		return nil
	}
	return o.x.WriteRaw(b.Main, bytes.Count(b.Main, []byte("<row>")), o.width)
}

func (o *XLSXSink) End(_ io.Writer, t *batch.Totals) error {
	if !o.SummaryOnly {
		if err := o.x.EndSheet(true); err != nil {
			return err
		}
	}
	for _, sum := range t.Used() {
		name := msg.S(o.Lang, "Summary")
		if t.ByPeriod {
			name += " " + strings.ReplaceAll(sum.Rules.Period, "/", "-")
		}
		if err := o.summarySheet(sum, name); err != nil {
			return err
		}
	}
	return o.x.Close()
}

// summarySheet writes the totals per scheme with budgets, allocation and
// recorded payouts.
func (o *XLSXSink) summarySheet(s *batch.Summary, name string) error {
	l := o.Lang
	if err := o.x.StartSheet(name, true, []int{14, 12, 12, 14, 10, 18, 18, 18, 10, 18, 18, 18, 18, 14}); err != nil {
		return err
	}
	head := []string{"scheme", "agreements", "eligible", "not_eligible", "rejected", "grant", "kommune_share", "budget",
		"budget_used_percent", "budget_remaining", "allocated_total", "allocation_factor", "recorded_granted", "recorded_payout_mill_nok"}
	var hc []xlsxout.Cell
	for _, h := range head {
		hc = append(hc, xlsxout.Cell{Text: h, Style: xlsxout.Header})
	}
	if err := o.x.Row(hc); err != nil {
		return err
	}
	j := NewSummaryJSON(s, l)
	num := func(p *string, st xlsxout.Style) xlsxout.Cell {
		if p == nil {
			return xlsxout.Cell{}
		}
		return xlsxout.N(*p, st)
	}
	for _, g := range append(j.Schemes, j.Total) {
		payout := xlsxout.Cell{}
		if g.RecordedPayout != nil {
			payout = xlsxout.N(strconv.FormatInt(*g.RecordedPayout, 10), xlsxout.Whole)
		}
		row := []xlsxout.Cell{xlsxout.T(g.Scheme), xlsxout.N(strconv.Itoa(g.Agreements), xlsxout.Whole), xlsxout.N(strconv.Itoa(g.Eligible), xlsxout.Whole),
			xlsxout.N(strconv.Itoa(g.NotEligible), xlsxout.Whole), xlsxout.N(strconv.Itoa(g.Rejected), xlsxout.Whole),
			xlsxout.N(g.Grant, xlsxout.Money), xlsxout.N(g.KommuneShare, xlsxout.Money), num(g.Budget, xlsxout.Money),
			num(g.BudgetUsedPercent, xlsxout.Share), num(g.BudgetRemaining, xlsxout.Money), num(g.AllocatedTotal, xlsxout.Money),
			num(g.AllocationFactor, xlsxout.Plain), num(g.RecordedGranted, xlsxout.Money), payout}
		if err := o.x.Row(row); err != nil {
			return err
		}
	}
	note := msg.S(l, "Rules: ") + s.Rules.Title + " (" + s.Rules.Source + ", sha256 " + s.Rules.SHA256 + ")"
	if err := o.x.Row([]xlsxout.Cell{xlsxout.T(note)}); err != nil {
		return err
	}
	if len(s.Recorded) > 0 {
		if err := o.x.Row([]xlsxout.Cell{xlsxout.T(PayoutNote(l))}); err != nil {
			return err
		}
	}
	return o.x.EndSheet(false)
}
