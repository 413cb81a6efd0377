package output

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// ResultColumns follow the input's line, id and carried columns in CSV and
// workbook output: the period, the scheme and eligibility; the co-financed
// cap's limits (2019–2021); the elements of a grant (2025/26, and the
// supervision of veiledning av LIS3); the grant (empty when unknown) and
// what kind of figure it is (grant_basis: exact, maximum or unknown); the
// kommune's share; the rule values (unknown) and the inputs (missing) that
// would complete it; by period, the periods the agreement has days in but
// cannot be computed under (not_computed_in: "2022 2023: why") and the
// first day past the last period with rules (beyond_rules_from); the
// reasons; and a rejected row's error, by its code (error_code, stable,
// for scripts) and in words. The workbook has no error_code: its readers
// are people.
var ResultColumns = slices.Concat([]string{"year", "period", "scheme", "eligible", "months", "cap_prorated", "cost_limit"},
	calc.ComponentNames,
	[]string{"grant", "grant_basis", "kommune_share", "unknown", "missing", "not_computed_in", "beyond_rules_from", "reasons", "error_code", "error"})

// Dialect is how CSV is written.
type Dialect struct {
	Sep, Dec byte
	BOM      bool
}

var (
	// CSV is comma-separated, with a decimal point, in UTF-8.
	CSV = Dialect{Sep: ',', Dec: '.'}
	// ExcelNB is what Norwegian Excel opens without a wizard: semicolons, a
	// decimal comma, UTF-8 with a byte-order mark.
	ExcelNB = Dialect{Sep: ';', Dec: ',', BOM: true}
)

// CSVSink writes a batch as CSV: the line (and, for agreements of several
// rows, the lines), the id, the input's columns (as the workbook keeps
// them: the known ones, with their dates as 2021-08-01 and their amounts
// as the dialect writes money, and the carried ones as they are), the
// kommune's name where the input has a kommune column, then the result
// columns.
type CSVSink struct {
	Cols     *batch.Columns
	Dialect  Dialect
	Allocate bool
	Grouped  bool
	Lang     calc.Lang // of the rejected rows' messages
	// year and period of rejected rows: the rule set's; by period, empty.
	year, period string
	// when holds "YEAR,PERIOD," of each rule set, written once; read by the
	// workers at once, never written after NewCSV.
	when map[*rules.Rules][]byte
	// inputs are the input's columns the CSV carries, in order.
	inputs []csvInput
	// kommune is the input's kommune column, or -1; percent the
	// stillingsprosent's.
	kommune, percent int
}

// csvInput is one input column of the CSV: the column, and the input whose
// typed value it writes (a date or an amount), or nil for its text as
// read; own: the value is the cell's on its own, not the agreement's (an
// employment period's days, where each row is one).
type csvInput struct {
	col   int
	typed *input.Input
	own   bool
	end   bool // own: the period's last day, not its first
}

// NewCSV makes a CSV sink from its settings (Cols, Dialect, Allocate,
// Grouped, Lang), for a batch under one rule set, or by period (r nil);
// sets are every rule set the results may come from.
func NewCSV(settings CSVSink, r *rules.Rules, sets []batch.RuleSet) *CSVSink {
	c := &settings
	d := c.Dialect
	c.when = map[*rules.Rules][]byte{}
	if r != nil {
		c.year, c.period = strconv.Itoa(PeriodYear(r)), r.Period
	}
	for _, s := range sets {
		c.when[s.Rules] = fmt.Appendf(nil, "%d%c%s%c", PeriodYear(s.Rules), d.Sep, s.Rules.Period, d.Sep)
	}
	c.inputs, c.kommune = csvInputs(c.Cols)
	c.percent = -1
	if i, ok := c.Cols.ColOf[calc.FieldPercent]; ok {
		c.percent = i
	}
	return c
}

// csvInputs are the input columns the CSV carries (every column but the
// id's, which is the id column), and the kommune column (-1: none).
func csvInputs(cols *batch.Columns) ([]csvInput, int) {
	carried := map[int]bool{}
	for _, i := range cols.Carried {
		carried[i] = true
	}
	// Each row an employment period: its days are its own, not the
	// agreement's, so they are written as read.
	_, perRow := cols.ColOf[calc.FieldPercent]
	var out []csvInput
	for i, field := range cols.FieldOf {
		if field == calc.FieldID || (field == "" && !carried[i]) {
			continue
		}
		var typed *input.Input
		if in, ok := input.Lookup(field); ok && !in.Employment && (in.Kind == input.Date || in.Kind == input.Amount) {
			typed = in
		}
		own := perRow && (field == calc.FieldStart || field == calc.FieldEnd)
		out = append(out, csvInput{i, typed, own, field == calc.FieldEnd})
	}
	k, ok := cols.ColOf[calc.FieldKommune]
	if !ok {
		k = -1
	}
	return out, k
}

func (c *CSVSink) Begin(w io.Writer) error {
	var b []byte
	if c.Dialect.BOM {
		b = append(b, 0xEF, 0xBB, 0xBF)
	}
	sep := c.Dialect.Sep
	b = append(b, "line"...)
	if c.Grouped {
		b = append(b, sep)
		b = append(b, "lines"...)
	}
	b = append(b, sep)
	b = append(b, "id"...)
	for _, in := range c.inputs {
		b = append(b, sep)
		b = AppendCell(b, c.Cols.OutName[in.col], sep)
	}
	if c.kommune >= 0 {
		b = append(b, sep)
		b = append(b, "kommune_name"...)
	}
	for _, h := range ResultColumns {
		b = append(b, sep)
		b = append(b, h...)
		if h == "grant" && c.Allocate {
			b = append(b, sep)
			b = append(b, "allocated_grant"...)
		}
	}
	b = append(b, '\r', '\n')
	_, err := w.Write(b)
	return err
}

// lead writes the line, the id and the carried columns of a row.
func (c *CSVSink) lead(b []byte, row *batch.Row) []byte {
	sep := c.Dialect.Sep
	b = strconv.AppendInt(b, int64(row.Line), 10)
	if c.Grouped {
		b = append(b, sep)
		b = AppendLines(b, row)
	}
	b = append(b, sep)
	b = AppendCell(b, row.ID, sep)
	for _, in := range c.inputs {
		b = append(b, sep)
		b = c.appendInput(b, in, row)
	}
	if c.kommune >= 0 {
		b = append(b, sep)
		b = AppendCell(b, kommuneName(batch.Cell(row.Record, c.kommune), c.Lang), sep)
	}
	return append(b, sep)
}

// rowDay is the first or last day the agreement read from its first row
// (the row the CSV shows): its employment period's, where that row gives a
// stillingsprosent (the agreement's employment periods are its rows', in
// order), else the agreement's own.
func (c *CSVSink) rowDay(a *calc.Agreement, row *batch.Row, end bool) date.Date {
	if c.percent >= 0 && len(a.Employment) > 0 && input.Trim(batch.Cell(row.Record, c.percent)) != "" {
		e := a.Employment[0]
		if end {
			return e.To
		}
		return e.From
	}
	if end {
		return a.End
	}
	return a.Start
}

// appendInput writes an input cell: a date or an amount as the agreement
// has it, where the row was read into one (for a rejected row, and for an
// employment period's days, as the cell reads on its own, as a workbook's
// reader gives a date cell); else the text as read.
func (c *CSVSink) appendInput(b []byte, in csvInput, row *batch.Row) []byte {
	t, a := in.typed, row.Agreement
	switch {
	case t == nil:
	case a != nil && in.own:
		if d := c.rowDay(a, row, in.end); !d.IsZero() {
			return d.AppendTo(b)
		}
	case a != nil:
		switch t.Kind {
		case input.Date:
			if d, ok := t.DateOf(a); ok {
				return d.AppendTo(b)
			}
		case input.Amount:
			if m, ok := t.AmountOf(a); ok {
				return m.AppendTo(b, c.Dialect.Dec)
			}
		}
	default:
		cell := input.Trim(batch.Cell(row.Record, in.col))
		switch t.Kind {
		case input.Date:
			if d, err := input.ParseDate(cell); err == nil {
				return d.AppendTo(b)
			}
		case input.Amount:
			if m, err := calc.ParseAmount(cell); err == nil {
				return m.AppendTo(b, c.Dialect.Dec)
			}
		}
	}
	return AppendCell(b, batch.Cell(row.Record, in.col), c.Dialect.Sep)
}

// AppendLines writes the lines an agreement came from, separated by spaces.
func AppendLines(b []byte, row *batch.Row) []byte {
	if row.Lines == nil {
		return strconv.AppendInt(b, int64(row.Line), 10)
	}
	for i, l := range row.Lines {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(l), 10)
	}
	return b
}

func appendMoney(b []byte, m calc.Optional[calc.Money], dec byte) []byte {
	if v, ok := m.Get(); ok {
		return v.AppendTo(b, dec)
	}
	return b
}

func (c *CSVSink) Row(buf *batch.Buf, row *batch.Row) {
	b := c.lead(buf.Main, row)
	sep, dec := c.Dialect.Sep, c.Dialect.Dec
	if rej := row.Rejected; rej != nil {
		if rej.Rules != nil {
			b = strconv.AppendInt(b, int64(PeriodYear(rej.Rules)), 10)
			b = append(b, sep)
			b = append(b, rej.Rules.Period...)
		} else {
			b = append(b, c.year...)
			b = append(b, sep)
			b = append(b, c.period...)
		}
		for range ResultColumns[2 : len(ResultColumns)-2] {
			b = append(b, sep)
		}
		if c.Allocate {
			b = append(b, sep)
		}
		b = append(b, sep)
		b = append(b, rej.Code...)
		b = append(b, sep)
		b = AppendCell(b, row.Rejected.CellText(c.Lang), sep)
		buf.Main = append(b, '\r', '\n')
		return
	}
	res := &row.Results[0]
	if when, ok := c.when[res.Rules()]; ok {
		b = append(b, when...)
	} else {
		r := res.Rules()
		b = strconv.AppendInt(b, int64(PeriodYear(r)), 10)
		b = append(b, sep)
		b = append(b, r.Period...)
		b = append(b, sep)
	}
	b = append(b, res.Scheme...)
	b = append(b, sep)
	b = strconv.AppendBool(b, res.Eligible)
	b = append(b, sep)
	b = strconv.AppendInt(b, int64(res.Months), 10)
	b = append(b, sep)
	b = appendMoney(b, res.CapProrated, dec)
	b = append(b, sep)
	b = appendMoney(b, res.CostLimit, dec)
	b = append(b, sep)
	for _, name := range calc.ComponentNames {
		if len(res.Components) > 0 {
			b = appendMoney(b, res.ComponentAmount(name), dec)
		}
		b = append(b, sep)
	}
	b = appendMoney(b, res.Grant, dec)
	b = append(b, sep)
	if row.Allocated != nil {
		b = row.Allocated.AppendTo(b, dec)
		b = append(b, sep)
	}
	b = append(b, res.GrantBasis...)
	b = append(b, sep)
	b = appendMoney(b, res.KommuneShare, dec)
	b = append(b, sep)
	if res.Eligible {
		for i, n := range res.UnknownValues() {
			if i > 0 {
				b = append(b, ' ')
			}
			b = append(b, n...)
		}
	}
	b = append(b, sep)
	b = res.Missing.AppendTo(b, ' ')
	b = append(b, sep)
	b = AppendCell(b, NotComputedText(row, c.Lang), sep)
	b = append(b, sep)
	if !row.BeyondRules.IsZero() {
		b = row.BeyondRules.AppendTo(b)
	}
	b = append(b, sep)
	for i, r := range res.Reasons {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, r.Code...)
	}
	b = append(b, sep, sep) // no error_code, no error
	buf.Main = append(b, '\r', '\n')
}

// NotComputedText says the periods an agreement has days in but cannot be
// computed under: "2022 2023 2024: why" (the reasons of the periods, each
// once); "" for none.
func NotComputedText(row *batch.Row, l calc.Lang) string {
	if len(row.NotComputed) == 0 {
		return ""
	}
	var b strings.Builder
	for i, nc := range row.NotComputed {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(nc.Rules.Period)
		// Periods in a row with one reason (most often the same one) say it once.
		if next := i + 1; next == len(row.NotComputed) || row.NotComputed[next].Why != nc.Why {
			b.WriteString(": " + nc.Why.Text(l))
			if next < len(row.NotComputed) {
				b.WriteByte(';')
			}
		}
	}
	return b.String()
}

func (c *CSVSink) Write(w io.Writer, b *batch.Buf) error {
	_, err := w.Write(b.Main)
	return err
}

func (c *CSVSink) End(io.Writer, *batch.Totals) error { return nil }

// SummarySink writes only the summary of a batch, in a format: csv, json,
// jsonl, or a table for people.
type SummarySink struct {
	Format  string
	Dialect Dialect
	Lang    calc.Lang
	Width   int // of text; 0: no limit
}

func (s *SummarySink) Begin(io.Writer) error             { return nil }
func (s *SummarySink) Row(*batch.Buf, *batch.Row)        {}
func (s *SummarySink) Write(io.Writer, *batch.Buf) error { return nil }

func (s *SummarySink) End(w io.Writer, t *batch.Totals) error {
	switch s.Format {
	case "csv":
		return writeSummaryCSV(w, t, s.Dialect, s.Lang)
	case "json":
		if t.ByPeriod {
			return writeJSONValue(w, struct {
				FormatVersion int                 `json:"format_version"`
				Periods       []PeriodSummaryJSON `json:"periods"`
				Unplaced      int                 `json:"unplaced_rejected"`
				Beyond        BeyondJSON          `json:"beyond_rules"`
			}{FormatVersion, NewPeriodsJSON(t, s.Lang), t.Unplaced, NewBeyondJSON(t)}, true)
		}
		sum := t.Sets[0]
		return writeJSONValue(w, struct {
			FormatVersion int         `json:"format_version"`
			Rules         *RulesJSON  `json:"rules"`
			Summary       SummaryJSON `json:"summary"`
		}{FormatVersion, NewRulesJSON(sum.Rules), NewSummaryJSON(sum, s.Lang)}, true)
	case "jsonl":
		for _, sum := range t.Used() {
			sj := NewSummaryJSON(sum, s.Lang)
			for _, g := range append(sj.Schemes, sj.Total) {
				g.FormatVersion, g.Period = FormatVersion, sum.Rules.Period
				if err := writeJSONValue(w, g, false); err != nil {
					return err
				}
			}
		}
		return nil
	}
	WriteSummaries(w, t, s.Lang, s.Width)
	return nil
}

func writeSummaryCSV(w io.Writer, t *batch.Totals, d Dialect, l calc.Lang) error {
	var b []byte
	if d.BOM {
		b = append(b, 0xEF, 0xBB, 0xBF)
	}
	b = append(b, strings.Join([]string{"period", "scheme", "agreements", "eligible", "not_eligible", "rejected", "unknown_grant", "grant", "maximum_grants", "grant_maximum", "kommune_share", "budget", "budget_used_percent", "budget_remaining"}, string(d.Sep))...)
	b = append(b, '\r', '\n')
	num := func(s string) string {
		if d.Dec == ',' {
			return strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	deref := func(s *string) string {
		if s == nil {
			return ""
		}
		return num(*s)
	}
	for _, s := range t.Used() {
		j := NewSummaryJSON(s, l)
		for _, g := range append(j.Schemes, j.Total) {
			cells := []string{s.Rules.Period, g.Scheme, strconv.Itoa(g.Agreements), strconv.Itoa(g.Eligible), strconv.Itoa(g.NotEligible), strconv.Itoa(g.Rejected),
				strconv.Itoa(g.UnknownGrant), num(g.Grant), strconv.Itoa(g.Maxima), num(g.GrantMaximum), num(g.KommuneShare), deref(g.Budget), deref(g.BudgetUsedPercent), deref(g.BudgetRemaining)}
			for i, cell := range cells {
				if i > 0 {
					b = append(b, d.Sep)
				}
				b = AppendCell(b, cell, d.Sep)
			}
			b = append(b, '\r', '\n')
		}
	}
	_, err := w.Write(b)
	return err
}

// AppendCell appends one CSV cell: a cell that a spreadsheet would run as a
// formula (starting with = + - @, tab or carriage return) gets a leading ',
// and a cell with the separator, a quote or a line break is quoted.
func AppendCell(b []byte, s string, sep byte) []byte {
	guard := len(s) > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
	quote := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == sep || c == '"' || c == '\r' || c == '\n' {
			quote = true
			break
		}
	}
	if !quote {
		if guard {
			b = append(b, '\'')
		}
		return append(b, s...)
	}
	b = append(b, '"')
	if guard {
		b = append(b, '\'')
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
