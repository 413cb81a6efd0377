package main

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsxout"
	"github.com/alis-tilskudd/alis/rules"
)

// xlsxOut writes a batch as a workbook: a results sheet with every input
// column and then the result columns, amounts as numbers in kroner, the
// header frozen and filterable; and a summary sheet per scheme.
type xlsxOut struct {
	cols     *columns
	lang     calc.Lang
	rules    *rules.Rules
	allocate bool
	x        *xlsxout.Writer
	width    int
}

func (o *xlsxOut) header() []xlsxout.Cell {
	h := []xlsxout.Cell{{Text: "line", Style: xlsxout.Header}}
	for _, name := range o.cols.outName {
		h = append(h, xlsxout.Cell{Text: name, Style: xlsxout.Header})
	}
	for _, name := range resultColumns {
		h = append(h, xlsxout.Cell{Text: name, Style: xlsxout.Header})
		if name == "grant" && o.allocate {
			h = append(h, xlsxout.Cell{Text: "allocated_grant", Style: xlsxout.Header})
		}
	}
	o.width = len(h)
	return h
}

func (o *xlsxOut) begin(w *bufio.Writer) error {
	o.x = xlsxout.New(w)
	if err := o.x.StartSheet(pickLang(o.lang, "Resultater", "Results"), true, nil); err != nil {
		return err
	}
	return o.x.Row(o.header())
}

// input writes the line and every input column of a row.
func (o *xlsxOut) input(cells []xlsxout.Cell, line int, rec []string) []xlsxout.Cell {
	cells = append(cells, xlsxout.N(strconv.Itoa(line), xlsxout.Whole))
	for i := range o.cols.header {
		cells = append(cells, xlsxout.T(cell(rec, i)))
	}
	return cells
}

func moneyCell(m calc.Money, ok bool) xlsxout.Cell {
	if !ok {
		return xlsxout.Cell{}
	}
	return xlsxout.N(m.String(), xlsxout.Money)
}

func (o *xlsxOut) result(b []byte, line int, rec []string, all []calc.Result, alloc *calc.Money) []byte {
	res := &all[0]
	l := o.lang
	cells := o.input(make([]xlsxout.Cell, 0, o.width), line, rec)
	var why []string
	for _, r := range res.Reasons {
		why = append(why, r.Message(l))
	}
	cells = append(cells,
		xlsxout.N(strconv.Itoa(res.Year), xlsxout.Whole),
		xlsxout.T(res.Scheme),
		xlsxout.T(map[bool]string{true: pickLang(l, "ja", "yes"), false: pickLang(l, "nei", "no")}[res.Eligible]),
		xlsxout.N(strconv.Itoa(res.Months), xlsxout.Whole),
		moneyCell(res.CapProrated, res.HasScheme),
		moneyCell(res.CostLimit, res.HasScheme && res.HasCost),
		moneyCell(res.Grant, true))
	if alloc != nil {
		cells = append(cells, moneyCell(*alloc, true))
	}
	cells = append(cells, moneyCell(res.KommuneShare, res.HasCost), xlsxout.T(strings.Join(why, "; ")), xlsxout.T(""))
	return xlsxout.AppendRow(b, cells)
}

func (o *xlsxOut) rejected(b []byte, rec []string, rej *rejection) []byte {
	cells := o.input(make([]xlsxout.Cell, 0, o.width), rej.line, rec)
	cells = append(cells, xlsxout.N(strconv.Itoa(o.rules.Year), xlsxout.Whole))
	for len(cells) < o.width-1 {
		cells = append(cells, xlsxout.Cell{})
	}
	cells = append(cells, xlsxout.T(rej.cellText()))
	return xlsxout.AppendRow(b, cells)
}

func (o *xlsxOut) spooled(b []byte, _ *rejection) []byte { return b }
func (o *xlsxOut) spool([]byte) error                    { return nil }

func (o *xlsxOut) write(_ *bufio.Writer, rows []byte) error {
	return o.x.WriteRaw(rows, bytes.Count(rows, []byte("<row>")), o.width)
}

func (o *xlsxOut) end(_ *bufio.Writer, run *batchRun) error {
	if err := o.x.EndSheet(true); err != nil {
		return err
	}
	if err := o.summarySheet(run); err != nil {
		return err
	}
	return o.x.Close()
}

func (o *xlsxOut) summaryOnly(w *bufio.Writer, run *batchRun) error {
	o.x = xlsxout.New(w)
	if err := o.summarySheet(run); err != nil {
		return err
	}
	return o.x.Close()
}

// summarySheet writes the totals per scheme with budgets, allocation and
// recorded payouts.
func (o *xlsxOut) summarySheet(run *batchRun) error {
	l := o.lang
	s := run.sets[0].sum
	if err := o.x.StartSheet(pickLang(l, "Sammendrag", "Summary"), true, []int{14, 12, 12, 14, 10, 18, 18, 18, 10, 18, 18, 18, 18, 14}); err != nil {
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
	j := s.json(l)
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
	note := pickLang(l, "Regler: ", "Rules: ") + run.sets[0].rules.Title + " (" + run.sets[0].rules.Source + ", sha256 " + run.sets[0].rules.SHA256 + ")"
	if err := o.x.Row([]xlsxout.Cell{xlsxout.T(note)}); err != nil {
		return err
	}
	if len(s.recorded) > 0 {
		if err := o.x.Row([]xlsxout.Cell{xlsxout.T(pickLang(l,
			"Utbetalt: Helsedirektoratet, årsrapport 2023, tabell 5.8 (hele millioner; kolonneplasseringen er rekonstruert). Tilsagn: årsrapport 2021, tabell 6.1.",
			"Paid out: Helsedirektoratet, annual report 2023, table 5.8 (whole millions; the column placement is reconstructed). Granted: annual report 2021, table 6.1."))}); err != nil {
			return err
		}
	}
	return o.x.EndSheet(false)
}
