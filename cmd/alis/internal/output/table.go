package output

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// TableSink writes an aligned table for people at a terminal.
type TableSink struct {
	Cols *batch.Columns
	Lang calc.Lang
}

const tableFormat = "%6s  %-14s %-15s %-5s %4s %16s %16s  %s\n"

func (t *TableSink) Begin(w io.Writer) error {
	l := t.Lang
	_, err := fmt.Fprintf(w, tableFormat, msg.S(l, "line"), "id", msg.S(l, "scheme"), msg.S(l, "elig."),
		msg.S(l, "mon"), msg.S(l, "grant"), msg.S(l, "kommune's share"), msg.S(l, "reason"))
	return err
}

func (t *TableSink) Row(b *batch.Buf, row *batch.Row) {
	l := t.Lang
	if row.Rejected != nil {
		b.Main = fmt.Appendf(b.Main, tableFormat, strconv.Itoa(row.Line), Clip(row.ID, 14), msg.S(l, "REJECTED"), "", "", "", "", row.Rejected.Text(l))
		return
	}
	res := &row.Results[0]
	elig := msg.S(l, "no")
	if res.Eligible {
		elig = msg.S(l, "yes")
	}
	kommune := ""
	if k, ok := res.KommuneShare.Get(); ok {
		kommune = Money(k, l)
	}
	var why []string
	for _, r := range res.Reasons {
		why = append(why, r.Message(l))
	}
	scheme := res.Scheme
	if scheme == "" {
		scheme = "–"
	}
	grant := msg.S(l, "unknown")
	if g, ok := res.Grant.Get(); ok {
		grant = Money(g, l)
		if row.Allocated != nil && *row.Allocated != g {
			grant = Money(*row.Allocated, l) + " (" + grant + ")"
		}
	}
	b.Main = fmt.Appendf(b.Main, tableFormat, strconv.Itoa(row.Line), Clip(row.ID, 14), scheme, elig,
		strconv.Itoa(res.Months), grant, kommune, strings.Join(why, "; "))
}

func (t *TableSink) Write(w io.Writer, b *batch.Buf) error {
	_, err := w.Write(b.Main)
	return err
}

func (t *TableSink) End(io.Writer, *batch.Totals) error { return nil }

// Clip shortens text to n runes for a column, with control characters as spaces.
func Clip(s string, n int) string {
	r := []rune(strings.Map(func(r rune) rune {
		if r < ' ' {
			return ' '
		}
		return r
	}, s))
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return string(r)
}
