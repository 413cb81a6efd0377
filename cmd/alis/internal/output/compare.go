package output

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// WhyText says in words why eligibility differs between the first and the
// last result; "" when it does not.
func WhyText(res []calc.Result, l calc.Lang) string {
	c, ok := calc.Why(&res[0], &res[len(res)-1])
	if !ok {
		return ""
	}
	prefix := msg.S(l, "no longer eligible")
	if c.Gained {
		prefix = msg.S(l, "now eligible")
	}
	none := msg.S(l, "(none)")
	or := func(v string, ok bool) string {
		if ok && v != "" {
			return v
		}
		return none
	}
	var parts []string
	for _, cause := range c.Causes {
		switch {
		case cause.Scheme:
			parts = append(parts, msg.S(l, "scheme for")+" "+calc.DriftsformName(cause.Driftsform, l)+": "+or(cause.From, true)+" → "+or(cause.To, true))
		case cause.Reason != nil:
			parts = append(parts, cause.Reason.Message(l))
		default:
			parts = append(parts, cause.Param+" "+or(cause.From, cause.HasFrom)+" → "+or(cause.To, cause.HasTo))
		}
	}
	return prefix + ": " + strings.Join(parts, "; ")
}

// whyCache is a chunk's last WhyText, for the next row with the same
// results as far as WhyText reads them: eligibility, reasons and scheme,
// first and last, and the language (the rule sets are the sink's, the same
// for every row).
type whyCache struct {
	ok          bool
	lang        calc.Lang
	first, last whyKey
	reason      string
}

// whyKey is what WhyText reads of a result.
type whyKey struct {
	eligible bool
	scheme   string
	reasons  []calc.Reason
}

func (k *whyKey) is(r *calc.Result) bool {
	return k.eligible == r.Eligible && k.scheme == r.Scheme && slices.Equal(k.reasons, r.Reasons)
}

func (k *whyKey) set(r *calc.Result) {
	k.eligible, k.scheme, k.reasons = r.Eligible, r.Scheme, append(k.reasons[:0], r.Reasons...)
}

func (c *whyCache) text(res []calc.Result, l calc.Lang) string {
	first, last := &res[0], &res[len(res)-1]
	if first.Eligible == last.Eligible {
		return "" // WhyText says nothing
	}
	if c.ok && c.lang == l && c.first.is(first) && c.last.is(last) {
		return c.reason
	}
	c.reason = WhyText(res, l)
	c.first.set(first)
	c.last.set(last)
	c.ok, c.lang = true, l
	return c.reason
}

// CompareSink writes one line per agreement with its grant under each rule
// set: a table, CSV, JSON, or JSON lines (an object an agreement, a
// rejected row in its place, each with format_version and the labels of
// the rule sets).
type CompareSink struct {
	Format string
	Lang   calc.Lang
	Sets   []batch.RuleSet
	Width  int // of a line of text; 0: no limit
	Doc
	table textTable
}

func (c *CompareSink) Begin(w io.Writer) error {
	switch c.Format {
	case "csv":
		var b []byte
		b = append(b, "line,id"...)
		for _, name := range setColumnNames(c.Sets) {
			b = append(b, ',')
			b = AppendCell(b, "grant_"+name, ',')
			b = append(b, ',')
			b = AppendCell(b, "eligible_"+name, ',')
		}
		b = append(b, ",delta,change,error\r\n"...)
		_, err := w.Write(b)
		return err
	case "jsonl":
		return nil
	case "json":
		var rs []*RulesJSON
		for _, s := range c.Sets {
			rs = append(rs, NewRulesJSON(s.Rules))
		}
		_, err := fmt.Fprintf(w, "{\n\"format_version\": %d,\n\"rule_sets\": %s,\n\"results\": [", FormatVersion, mustJSON(rs))
		return err
	}
	cols := []tableCol{{6, true}, {14, false}}
	head := []string{msg.S(c.Lang, "line"), "id"}
	for _, s := range c.Sets {
		// A grant, and a mark after it: × not eligible, ! cannot compute.
		cols = append(cols, tableCol{max(16, TextWidth(s.Label)+1), true})
		head = append(head, s.Label+" ")
	}
	cols = append(cols, tableCol{14, true}, tableCol{0, false})
	head = append(head, msg.S(c.Lang, "difference"), msg.S(c.Lang, "change"))
	c.table = textTable{cols: cols, width: c.Width}
	_, err := w.Write(c.table.appendLine(nil, head))
	return err
}

// delta is the last grant less the first; unknown unless both are exact
// (a difference from a maximum is no difference of grants).
func delta(res []calc.Result) calc.Optional[calc.Money] {
	first, last := &res[0], &res[len(res)-1]
	if first.GrantBasis != calc.BasisExact || last.GrantBasis != calc.BasisExact {
		return calc.Optional[calc.Money]{}
	}
	return calc.Some(last.Grant.Or(0) - first.Grant.Or(0))
}

func (c *CompareSink) Row(buf *batch.Buf, row *batch.Row) {
	l := c.Lang
	if rej := row.Rejected; rej != nil {
		c.rejectedRow(buf, rej)
		return
	}
	res := row.Results
	cr := compareRow{row: row}
	var errs []string
	if cr.failed(0) == nil && cr.failed(len(res)-1) == nil {
		cr.delta = delta(res)
		wc, _ := buf.State.(*whyCache)
		if wc == nil {
			wc = &whyCache{}
			buf.State = wc
		}
		cr.why = wc.text(res, l)
	}
	for i := range res {
		if rej := cr.failed(i); rej != nil {
			errs = append(errs, msg.S(l, "under ")+c.Sets[i].Label+": "+rej.Text(l))
		}
	}
	cr.errText = strings.Join(errs, "; ")
	switch c.Format {
	case "csv":
		c.csvRow(buf, &cr)
	case "json", "jsonl":
		c.jsonRow(buf, &cr)
	default:
		c.tableRow(buf, &cr)
	}
}

// compareRow is an agreement computed under every rule set: its delta,
// the rule that changed it (why) and the rule sets that could not
// compute it (errText).
type compareRow struct {
	row          *batch.Row
	delta        calc.Optional[calc.Money]
	why, errText string
}

// failed is the rejection of the agreement under rule set i, or nil.
func (r *compareRow) failed(i int) *batch.Rejection {
	if r.row.SetErrors == nil {
		return nil
	}
	return r.row.SetErrors[i]
}

// rejectedRow writes a row that could not be read.
func (c *CompareSink) rejectedRow(buf *batch.Buf, rej *batch.Rejection) {
	l := c.Lang
	switch c.Format {
	case "csv":
		b := strconv.AppendInt(buf.Main, int64(rej.Line), 10)
		b = append(b, ',')
		b = AppendCell(b, rej.ID, ',')
		for range c.Sets {
			b = append(b, ',', ',') // grant_, eligible_
		}
		b = append(b, ',', ',', ',') // delta, change, error
		b = AppendCell(b, rej.CellText(l), ',')
		buf.Main = append(b, '\r', '\n')
	case "json":
		buf.Side = MarshalLine(buf.Side, NewRejectedJSON(rej, nil, l))
	case "jsonl":
		j := NewRejectedJSON(rej, nil, l)
		j.FormatVersion = FormatVersion
		buf.Main = MarshalLine(buf.Main, j)
	default:
		cells := []string{strconv.Itoa(rej.Line), Clip(rej.ID, 14), msg.S(l, "REJECTED") + " "}
		for range c.Sets[1:] {
			cells = append(cells, "")
		}
		buf.Main = c.table.appendLine(buf.Main, append(cells, "", rej.Text(l)))
	}
}

func (c *CompareSink) csvRow(buf *batch.Buf, cr *compareRow) {
	row, res, failed, d, why, errText := cr.row, cr.row.Results, cr.failed, cr.delta, cr.why, cr.errText
	b := strconv.AppendInt(buf.Main, int64(row.Line), 10)
	b = append(b, ',')
	b = AppendCell(b, row.ID, ',')
	for i := range res {
		b = append(b, ',')
		if failed(i) != nil {
			b = append(b, ',')
			continue
		}
		b = appendMoney(b, res[i].Grant, '.')
		b = append(b, ',')
		b = strconv.AppendBool(b, res[i].Eligible)
	}
	b = append(b, ',')
	b = appendMoney(b, d, '.')
	b = append(b, ',')
	b = AppendCell(b, why, ',')
	b = append(b, ',')
	b = AppendCell(b, errText, ',')
	buf.Main = append(b, '\r', '\n')
}

func (c *CompareSink) jsonRow(buf *batch.Buf, cr *compareRow) {
	l := c.Lang
	row, res, failed, d, why := cr.row, cr.row.Results, cr.failed, cr.delta, cr.why
	type under struct {
		RuleSet  string       `json:"rule_set"`
		Scheme   *string      `json:"scheme"`
		Eligible bool         `json:"eligible"`
		Grant    *string      `json:"grant"`
		Basis    calc.Basis   `json:"grant_basis,omitempty"`
		Missing  []string     `json:"missing"`
		Reasons  []ReasonJSON `json:"reasons"`
		Unknown  []string     `json:"unknown"`
		Error    *string      `json:"error,omitempty"` // the rule set could not compute the agreement
	}
	out := struct {
		FormatVersion int     `json:"format_version,omitempty"` // in JSON lines, where each object stands alone
		Line          int     `json:"line"`
		ID            string  `json:"id"`
		Under         []under `json:"under"`
		Delta         *string `json:"delta"`
		Change        *string `json:"change"`
	}{Line: row.Line, ID: row.ID, Delta: calc.MoneyOrNull(d), Change: calc.TextOrNull(why)}
	if c.Format == "jsonl" {
		out.FormatVersion = FormatVersion
	}
	for i := range res {
		if rej := failed(i); rej != nil {
			out.Under = append(out.Under, under{RuleSet: c.Sets[i].Label, Reasons: []ReasonJSON{}, Missing: []string{}, Unknown: []string{}, Error: ptr(rej.Text(l))})
			continue
		}
		u := under{RuleSet: c.Sets[i].Label, Eligible: res[i].Eligible, Grant: calc.MoneyOrNull(res[i].Grant), Basis: res[i].GrantBasis,
			Missing: res[i].Missing.Names(), Reasons: []ReasonJSON{}, Unknown: res[i].UnknownValues(), Scheme: calc.TextOrNull(res[i].Scheme)}
		for _, r := range res[i].Reasons {
			u.Reasons = append(u.Reasons, ReasonJSON{Code: r.Code, Rule: r.Param, Message: r.Message(l)})
		}
		out.Under = append(out.Under, u)
	}
	buf.Main = MarshalLine(buf.Main, out)
}

func (c *CompareSink) tableRow(buf *batch.Buf, cr *compareRow) {
	l := c.Lang
	row, res, failed, d, why, errText := cr.row, cr.row.Results, cr.failed, cr.delta, cr.why, cr.errText
	// The cells are written back to back into one buffer, made a
	// string once: a row's text costs one allocation.
	var textArr [160]byte
	var endArr [8]int
	t := strconv.AppendInt(textArr[:0], int64(row.Line), 10)
	ends := append(endArr[:0], len(t))
	t = append(t, Clip(row.ID, 14)...)
	ends = append(ends, len(t))
	for i := range res {
		mark := " "
		if !res[i].Eligible {
			mark = "×"
		}
		if v, ok := res[i].Grant.Get(); ok && failed(i) == nil {
			if res[i].GrantBasis == calc.BasisMaximum {
				t = append(t, msg.S(l, "up to")...)
				t = append(t, ' ')
			}
			t = text.AppendMoney(t, v, l)
		} else if failed(i) != nil {
			t, mark = append(t, msg.S(l, "cannot")...), "!"
		} else {
			t = append(t, msg.S(l, "unknown")...)
		}
		t = append(t, mark...)
		ends = append(ends, len(t))
	}
	if v, ok := d.Get(); ok {
		if v > 0 {
			t = append(t, '+')
		}
		t = text.AppendMoney(t, v, l)
	} else {
		t = append(t, msg.S(l, "unknown")...)
	}
	ends = append(ends, len(t))
	text := string(t)
	var arr [8]string
	cells, from := arr[:0], 0
	for _, end := range ends {
		cells = append(cells, text[from:end])
		from = end
	}
	if errText != "" {
		why = strings.TrimPrefix(why+"; "+errText, "; ")
	}
	buf.Main = c.table.appendLine(buf.Main, append(cells, why))
}

func (c *CompareSink) Write(w io.Writer, b *batch.Buf) error {
	if c.Format != "json" {
		_, err := w.Write(b.Main)
		return err
	}
	return c.Doc.Write(w, b)
}

func (c *CompareSink) End(w io.Writer, t *batch.Totals) error {
	switch c.Format {
	case "csv", "jsonl":
		return nil
	case "json":
	default:
		// The table's marks, said once under it.
		_, err := io.WriteString(w, Wrap(msg.S(c.Lang, "×: not eligible under that rule set; !: cannot be computed under it (the line under the row says why); unknown: a grant or a difference that is not known, or is against a grant that is only a maximum.")+"\n", c.Width))
		return err
	}
	return c.Close(w, "summary", CompareSummaryJSON(t, c.Sets, c.Lang))
}

// CompareSummarySink writes only the summaries of a comparison.
type CompareSummarySink struct {
	Format string
	Lang   calc.Lang
	Width  int // of text; 0: no limit
	Sets   []batch.RuleSet
}

func (c *CompareSummarySink) Begin(io.Writer) error             { return nil }
func (c *CompareSummarySink) Row(*batch.Buf, *batch.Row)        {}
func (c *CompareSummarySink) Write(io.Writer, *batch.Buf) error { return nil }
func (c *CompareSummarySink) End(w io.Writer, t *batch.Totals) error {
	switch c.Format {
	case "json":
		return WriteJSON(w, CompareSummaryJSON(t, c.Sets, c.Lang))
	case "jsonl":
		return WriteJSONLine(w, CompareSummaryJSON(t, c.Sets, c.Lang))
	}
	WriteCompareSummaries(w, t, c.Sets, c.Lang, c.Width)
	return nil
}

// SignedMoney writes an amount with its sign: +100 000 kr.
func SignedMoney(m calc.Money, l calc.Lang) string {
	if m > 0 {
		return "+" + text.Money(m, l)
	}
	return text.Money(m, l)
}

// ComparisonRow is one scheme's line of a comparison.
type ComparisonRow struct {
	ID string
	// Grants are the sums of the exact grants under each rule set, UpTo
	// the sums of the grants that are only a maximum.
	Grants, UpTo   []calc.Money
	Gained, Lost   int
	ChangedAmounts int
}

// Comparison adds up, per scheme (every scheme of every rule set, and "-"
// for rows no scheme covers) and in total, the grant under each rule set.
func Comparison(t *batch.Totals) (rows []ComparisonRow, total ComparisonRow) {
	c := t.Compare
	total = ComparisonRow{ID: "total", Grants: make([]calc.Money, len(t.Sets)), UpTo: make([]calc.Money, len(t.Sets))}
	for g, id := range c.IDs {
		r := ComparisonRow{ID: id, Grants: make([]calc.Money, len(t.Sets)), UpTo: make([]calc.Money, len(t.Sets)),
			Gained: c.Gained[g], Lost: c.Lost[g], ChangedAmounts: c.Changed[g]}
		any := r.Gained+r.Lost+r.ChangedAmounts > 0
		for k, s := range t.Sets {
			grp := s.NoScheme
			if id != "-" {
				grp = s.Index(id)
				if grp == s.NoScheme {
					continue // the scheme does not exist under this rule set
				}
			}
			r.Grants[k], r.UpTo[k] = s.Groups[grp].Grant, s.Groups[grp].UpTo
			any = any || s.Groups[grp].Agreements > 0
		}
		if id == "-" && !any {
			continue
		}
		rows = append(rows, r)
		for k := range r.Grants {
			total.Grants[k] += r.Grants[k]
			total.UpTo[k] += r.UpTo[k]
		}
		total.Gained += r.Gained
		total.Lost += r.Lost
		total.ChangedAmounts += r.ChangedAmounts
	}
	return rows, total
}

// Delta is the last rule set's sum of exact grants less the first's;
// unknown when either has grants that are only maxima, whose sums are not
// grants to take a difference of.
func (r ComparisonRow) Delta() calc.Optional[calc.Money] {
	if r.UpTo[0] != 0 || r.UpTo[len(r.UpTo)-1] != 0 {
		return calc.Optional[calc.Money]{}
	}
	return calc.Some(r.Grants[len(r.Grants)-1] - r.Grants[0])
}

// deltaPercent is (last − first) / first with one decimal, or "" when first
// is 0 or the difference is unknown.
func deltaPercent(r ComparisonRow, dec byte) string {
	first, last := r.Grants[0], r.Grants[len(r.Grants)-1]
	if first == 0 || !r.Delta().Ok() {
		return ""
	}
	d := last - first
	neg := d < 0
	if neg {
		d = -d
	}
	p, _ := calc.Percent(d, first, dec)
	if neg {
		return "−" + p
	}
	return "+" + p
}

// WriteCompareSummaries writes each rule set's summary, then the comparison.
func WriteCompareSummaries(out io.Writer, t *batch.Totals, sets []batch.RuleSet, l calc.Lang, width int) {
	for _, s := range t.Sets {
		WriteSummary(out, s, l, width)
		fmt.Fprintln(out)
	}
	var w strings.Builder
	defer func() { _, _ = io.WriteString(out, Wrap(w.String(), width)) }()
	rows, total := Comparison(t)
	var labels []string
	for _, s := range sets {
		labels = append(labels, s.Label)
	}
	fmt.Fprintf(&w, "%s %s: %s\n", msg.S(l, "Comparison for the grant period"), sets[0].Rules.Period, strings.Join(labels, " → "))
	head := []string{msg.S(l, "scheme")}
	for _, s := range sets {
		head = append(head, msg.S(l, "grant ")+s.Label)
	}
	head = append(head, msg.S(l, "difference"), msg.S(l, "change"),
		msg.S(l, "became eligible"), msg.S(l, "lost"), msg.S(l, "other amount"))
	table := [][]string{head}
	dec := byte('.')
	if l.Norwegian() {
		dec = ','
	}
	for _, r := range append(rows, total) {
		id := r.ID
		if id == "total" {
			id = msg.S(l, "total")
		}
		cells := []string{id}
		for k, g := range r.Grants {
			cell := text.Money(g, l)
			if r.UpTo[k] != 0 {
				cell += " + " + msg.T(l, "up to %s", text.Money(r.UpTo[k], l))
			}
			cells = append(cells, cell)
		}
		pct := deltaPercent(r, dec)
		if pct != "" {
			pct += " %"
		}
		diff := msg.S(l, "unknown")
		if d, ok := r.Delta().Get(); ok {
			diff = SignedMoney(d, l)
		}
		cells = append(cells, diff, pct, text.Count(r.Gained, l), text.Count(r.Lost, l), text.Count(r.ChangedAmounts, l))
		table = append(table, cells)
	}
	WriteAligned(&w, table, width)
	if c := t.Compare; c != nil {
		for k, n := range c.Failed {
			if n > 0 {
				_, _ = io.WriteString(&w, msg.N(l, n, "%d agreement could not be computed under %s (the row says why); it is not in the comparison of amounts.\n",
					"%d agreements could not be computed under %s (the row says why); they are not in the comparison of amounts.\n", n, sets[k].Label))
			}
		}
	}
}

type comparisonJSON struct {
	Scheme       string            `json:"scheme"`
	Grants       map[string]string `json:"grants"`
	UpTo         map[string]string `json:"grants_maximum"`
	Delta        *string           `json:"delta"`
	DeltaPercent *string           `json:"delta_percent"`
	Gained       int               `json:"became_eligible"`
	Lost         int               `json:"lost_eligibility"`
	Changed      int               `json:"other_amount"`
}

// CompareSummaryJSON is the summaries and the comparison in JSON.
func CompareSummaryJSON(t *batch.Totals, sets []batch.RuleSet, l calc.Lang) any {
	type setSummary struct {
		Label   string      `json:"label"`
		Rules   *RulesJSON  `json:"rules"`
		Summary SummaryJSON `json:"summary"`
	}
	var out []setSummary
	for i, s := range sets {
		out = append(out, setSummary{s.Label, NewRulesJSON(s.Rules), NewSummaryJSON(t.Sets[i], l)})
	}
	conv := func(r ComparisonRow) comparisonJSON {
		j := comparisonJSON{Scheme: r.ID, Grants: map[string]string{}, UpTo: map[string]string{}, Delta: calc.MoneyOrNull(r.Delta()),
			Gained: r.Gained, Lost: r.Lost, Changed: r.ChangedAmounts}
		for k, g := range r.Grants {
			j.Grants[sets[k].Label] = g.String()
			j.UpTo[sets[k].Label] = r.UpTo[k].String()
		}
		if p := deltaPercent(r, '.'); p != "" {
			j.DeltaPercent = ptr(strings.Replace(p, "−", "-", 1))
		}
		return j
	}
	rows, total := Comparison(t)
	var schemes []comparisonJSON
	for _, r := range rows {
		schemes = append(schemes, conv(r))
	}
	return struct {
		RuleSets   []setSummary     `json:"rule_sets"`
		Comparison []comparisonJSON `json:"comparison"`
		Total      comparisonJSON   `json:"total"`
	}{out, schemes, conv(total)}
}

// setColumnNames are the rule sets' labels as plain snake_case for CSV
// headers ("2025/26" is 2025_26, "2021+cap=300000" 2021_cap_300000),
// each once (a second of the same name gets _2).
func setColumnNames(sets []batch.RuleSet) []string {
	seen := map[string]bool{}
	out := make([]string, len(sets))
	for i, s := range sets {
		var b strings.Builder
		under := false
		for _, r := range strings.ToLower(s.Label) {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				if under && b.Len() > 0 {
					b.WriteByte('_')
				}
				b.WriteRune(r)
				under = false
			case r == 'æ':
				b.WriteString("ae")
			case r == 'ø':
				b.WriteByte('o')
			case r == 'å':
				b.WriteByte('a')
			default:
				under = true
			}
		}
		name := b.String()
		if name == "" {
			name = "set"
		}
		for n, base := 2, name; seen[name]; n++ {
			name = base + "_" + strconv.Itoa(n)
		}
		seen[name] = true
		out[i] = name
	}
	return out
}
