package cli

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// historyOptions are history's flags.
type historyOptions struct {
	format, out string
}

func (a *App) newHistoryCmd() *cobra.Command {
	o := &historyOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:   "history",
		Short: msg.S(l, "Show the recorded payouts per scheme and year, 2019–2023"),
		Long: msg.S(l, `history prints what Helsedirektoratet paid out per ALIS scheme and year (mill. kr,
from its 2023 annual report, table 5.8), with the note that the placement of the
figures in the year columns is reconstructed, and the grants given in 2021 per scheme
(annual report 2021, table 6.1): as a table and a bar chart, or as CSV or JSON.
alis batch shows these figures beside its totals for a year that has them.`),
		Example: "  alis history\n  alis history --format csv\n  alis history --lang en --format json",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			return a.runHistory(o)
		},
	}
	c.Flags().StringVarP(&o.out, "output", "o", "", msg.S(l, "write to FILE (atomically) instead of standard output; - is standard output"))
	c.Flags().StringVar(&o.format, "format", "text", msg.S(l, "output format: text (table), csv, json or jsonl (an entry a line)"))
	return c
}

func (a *App) runHistory(o *historyOptions) error {
	l := a.Lang
	h, err := rules.LoadHistory()
	if err != nil {
		return err
	}
	format, err := a.checkFormat(o.format, commandFormats["history"]...)
	if err != nil {
		return err
	}
	o.format = format
	return a.toOutput(o.out, func(w io.Writer) error { return writeHistory(w, h, o.format, l, a.outWidth(o.out)) })
}

// writeHistory writes the payouts and grants in a format.
func writeHistory(w io.Writer, h *rules.History, format string, l calc.Lang, width int) error {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"scheme", "name", "year", "payout_mill_nok"})
		for _, s := range h.Payouts.Schemes {
			for _, y := range h.HistoryYears() {
				if v, ok := s.Years[y]; ok {
					_ = cw.Write([]string{s.ID, s.Name, strconv.Itoa(y), strconv.FormatInt(v, 10)})
				}
			}
		}
		cw.Flush()
		return cw.Error()
	case "json":
		return output.WriteJSON(w, historyJSON(h))
	case "jsonl":
		return output.WriteJSONLines(w, historyPayouts(h))
	}
	return writeHistoryText(w, h, l, width)
}

// historyPayout is a scheme's payout in a year, as JSON.
type historyPayout struct {
	Scheme string `json:"scheme"`
	Name   string `json:"name"`
	Year   int    `json:"year"`
	Mill   int64  `json:"payout_mill_nok"`
}

// historyPayouts are every scheme's payouts, year by year.
func historyPayouts(h *rules.History) []historyPayout {
	out := []historyPayout{}
	for _, s := range h.Payouts.Schemes {
		for _, y := range h.HistoryYears() {
			if v, ok := s.Years[y]; ok {
				out = append(out, historyPayout{s.ID, s.Name, y, v})
			}
		}
	}
	return out
}

func historyJSON(h *rules.History) any {
	type payout = historyPayout
	type grant struct {
		Year   int    `json:"year"`
		Scheme string `json:"scheme"`
		Grants int    `json:"grants"`
		Amount string `json:"amount"`
	}
	out := struct {
		Payouts       []payout         `json:"payouts"`
		PayoutsSource rules.Source     `json:"payouts_source"`
		Granted       []grant          `json:"granted"`
		GrantedSource rules.Source     `json:"granted_source"`
		TotalsByYear  map[string]int64 `json:"payout_totals_mill_nok"`
	}{PayoutsSource: h.Payouts.Source, GrantedSource: h.Granted.Source, TotalsByYear: map[string]int64{}, Payouts: []payout{}, Granted: []grant{}}
	out.Payouts = historyPayouts(h)
	for _, p := range out.Payouts {
		out.TotalsByYear[strconv.Itoa(p.Year)] += p.Mill
	}
	for _, e := range h.Granted.Entries {
		out.Granted = append(out.Granted, grant{e.Year, e.Scheme, e.Grants, calc.Kroner(e.Amount).String()})
	}
	return out
}

func writeHistoryText(w io.Writer, h *rules.History, l calc.Lang, textWidth int) error {
	var b strings.Builder
	years := h.HistoryYears()
	fmt.Fprintf(&b, "%s (%s)\n", msg.S(l, "Payouts per scheme and year"), msg.S(l, "NOK million"))
	table := [][]string{{msg.S(l, "scheme")}}
	for _, y := range years {
		table[0] = append(table[0], strconv.Itoa(y))
	}
	totals := make([]int64, len(years))
	var max int64
	for _, s := range h.Payouts.Schemes {
		row := []string{s.ID}
		for i, y := range years {
			if v, ok := s.Years[y]; ok {
				row = append(row, strconv.FormatInt(v, 10))
				totals[i] += v
				if v > max {
					max = v
				}
			} else {
				row = append(row, "–")
			}
		}
		table = append(table, row)
	}
	// The sum of these schemes, not the table's «Sum tilskudd», which has
	// schemes that are not the ALIS ones.
	row := []string{msg.S(l, "sum of the ALIS schemes")}
	for _, t := range totals {
		row = append(row, strconv.FormatInt(t, 10))
	}
	table = append(table, row)
	output.WriteAligned(&b, table, textWidth)
	b.WriteString("\n")
	// A bar per scheme and year, scaled to the largest payout.
	const width = 40
	idWidth := 0
	for _, s := range h.Payouts.Schemes {
		if len(s.ID) > idWidth {
			idWidth = len(s.ID)
		}
	}
	for _, s := range h.Payouts.Schemes {
		for _, y := range years {
			v, ok := s.Years[y]
			if !ok {
				continue
			}
			n := int((v*width + max/2) / max)
			if n == 0 && v > 0 {
				n = 1
			}
			fmt.Fprintf(&b, "%-*s %d  %s %d\n", idWidth, s.ID, y, strings.Repeat("█", n), v)
		}
	}
	writeSource(&b, h.Payouts.Source, l)
	fmt.Fprintf(&b, "\n%s\n", msg.S(l, "Grants given as of 31.12.2021"))
	for _, e := range h.Granted.Entries {
		fmt.Fprintf(&b, "%-*s %d  %4d %s  %s\n", idWidth, e.Scheme, e.Year, e.Grants, msg.S(l, "grants"), text.Money(calc.Kroner(e.Amount), l))
	}
	writeSource(&b, h.Granted.Source, l)
	_, err := io.WriteString(w, output.Wrap(b.String(), textWidth))
	return err
}

func writeSource(b *strings.Builder, s rules.Source, l calc.Lang) {
	for _, r := range s.References {
		fmt.Fprintf(b, "%s (%s): %s\n", msg.S(l, "Source"), text.BasisName(s.Basis, l), r.Title)
	}
	if note := s.NoteIn(l); note != "" {
		fmt.Fprintf(b, "%s: %s\n", msg.S(l, "Note"), note)
	}
}
