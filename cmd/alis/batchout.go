package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
)

// rowWriter formats a batch's output. result, rejected and spooled run in
// the workers and only append to the buffer they are given; the others run
// in the writer.
type rowWriter interface {
	begin(w *bufio.Writer) error
	result(b []byte, line int, rec []string, res []calc.Result, alloc *calc.Money) []byte
	rejected(b []byte, rec []string, rej *rejection) []byte
	spooled(b []byte, rej *rejection) []byte
	write(w *bufio.Writer, rows []byte) error
	spool(p []byte) error
	end(w *bufio.Writer, b *batchRun) error
	summaryOnly(w *bufio.Writer, b *batchRun) error
}

func newRowWriter(o *batchOptions, l calc.Lang, r *rules.Rules, cols *columns) (rowWriter, error) {
	switch o.format {
	case "csv":
		c := &csvOut{cols: cols, sep: ',', dec: '.', year: strconv.Itoa(r.Year), lang: l, allocate: o.allocate != ""}
		if o.dialect == "excel-nb" {
			c.sep, c.dec, c.bom = ';', ',', true
		}
		return c, nil
	case "jsonl":
		return &jsonOut{cols: cols, lang: l, rules: r, lines: true}, nil
	case "json":
		return &jsonOut{cols: cols, lang: l, rules: r}, nil
	case "xlsx":
		return &xlsxOut{cols: cols, lang: l, rules: r, allocate: o.allocate != ""}, nil
	}
	return &tableOut{cols: cols, lang: l, allocate: o.allocate != ""}, nil
}

// resultColumns follow the input's id and carried columns in CSV output.
var resultColumns = []string{"year", "scheme", "eligible", "months", "cap_prorated", "cost_limit", "grant", "kommune_share", "reasons", "error"}

// csvOut writes CSV: the id, the carried columns, then the result columns.
type csvOut struct {
	cols     *columns
	allocate bool
	sep      byte
	dec      byte
	bom      bool
	year     string
	lang     calc.Lang
}

func (c *csvOut) begin(w *bufio.Writer) error {
	var b []byte
	if c.bom {
		b = append(b, 0xEF, 0xBB, 0xBF)
	}
	b = append(b, "line"...)
	b = append(b, c.sep)
	b = append(b, "id"...)
	for _, i := range c.cols.carried {
		b = append(b, c.sep)
		b = appendCell(b, c.cols.outName[i], c.sep)
	}
	for _, h := range resultColumns {
		b = append(b, c.sep)
		b = append(b, h...)
		if h == "grant" && c.allocate {
			b = append(b, c.sep)
			b = append(b, "allocated_grant"...)
		}
	}
	b = append(b, '\r', '\n')
	_, err := w.Write(b)
	return err
}

// lead writes the line, the id and the carried columns of a row.
func (c *csvOut) lead(b []byte, line int, id string, rec []string) []byte {
	b = strconv.AppendInt(b, int64(line), 10)
	b = append(b, c.sep)
	b = appendCell(b, id, c.sep)
	for _, i := range c.cols.carried {
		b = append(b, c.sep)
		b = appendCell(b, cell(rec, i), c.sep)
	}
	return append(b, c.sep)
}

func (c *csvOut) result(b []byte, line int, rec []string, all []calc.Result, alloc *calc.Money) []byte {
	res := &all[0]
	b = c.lead(b, line, c.cols.idOf(rec), rec)
	b = append(b, c.year...)
	b = append(b, c.sep)
	b = append(b, res.Scheme...)
	b = append(b, c.sep)
	b = strconv.AppendBool(b, res.Eligible)
	b = append(b, c.sep)
	b = strconv.AppendInt(b, int64(res.Months), 10)
	b = append(b, c.sep)
	if res.HasScheme {
		b = res.CapProrated.AppendTo(b, c.dec)
	}
	b = append(b, c.sep)
	if res.HasScheme && res.HasCost {
		b = res.CostLimit.AppendTo(b, c.dec)
	}
	b = append(b, c.sep)
	b = res.Grant.AppendTo(b, c.dec)
	b = append(b, c.sep)
	if alloc != nil {
		b = alloc.AppendTo(b, c.dec)
		b = append(b, c.sep)
	}
	if res.HasCost {
		b = res.KommuneShare.AppendTo(b, c.dec)
	}
	b = append(b, c.sep)
	for i, r := range res.Reasons {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, r.Code...)
	}
	b = append(b, c.sep)
	return append(b, '\r', '\n')
}

func (c *csvOut) rejected(b []byte, rec []string, rej *rejection) []byte {
	b = c.lead(b, rej.line, rej.id, rec)
	b = append(b, c.year...)
	for range resultColumns[1 : len(resultColumns)-1] {
		b = append(b, c.sep)
	}
	if c.allocate {
		b = append(b, c.sep)
	}
	b = append(b, c.sep)
	b = appendCell(b, rej.cellText(), c.sep)
	return append(b, '\r', '\n')
}

func (c *csvOut) spooled(b []byte, _ *rejection) []byte { return b }
func (c *csvOut) spool([]byte) error                    { return nil }
func (c *csvOut) write(w *bufio.Writer, rows []byte) error {
	_, err := w.Write(rows)
	return err
}
func (c *csvOut) end(*bufio.Writer, *batchRun) error { return nil }

func (c *csvOut) summaryOnly(w *bufio.Writer, run *batchRun) error {
	s := run.sets[0].sum
	var b []byte
	if c.bom {
		b = append(b, 0xEF, 0xBB, 0xBF)
	}
	b = append(b, strings.Join([]string{"scheme", "agreements", "eligible", "not_eligible", "rejected", "grant", "kommune_share", "budget", "budget_used_percent", "budget_remaining"}, string(c.sep))...)
	b = append(b, '\r', '\n')
	j := s.json(c.lang)
	for _, g := range append(j.Schemes, j.Total) {
		cells := []string{g.Scheme, strconv.Itoa(g.Agreements), strconv.Itoa(g.Eligible), strconv.Itoa(g.NotEligible), strconv.Itoa(g.Rejected),
			c.num(g.Grant), c.num(g.KommuneShare), c.num(deref(g.Budget)), c.num(deref(g.BudgetUsedPercent)), c.num(deref(g.BudgetRemaining))}
		for i, cell := range cells {
			if i > 0 {
				b = append(b, c.sep)
			}
			b = appendCell(b, cell, c.sep)
		}
		b = append(b, '\r', '\n')
	}
	_, err := w.Write(b)
	return err
}

func (c *csvOut) num(s string) string {
	if c.dec == ',' {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// appendCell appends one CSV cell: a cell that a spreadsheet would run as a
// formula (starting with = + - @, tab or carriage return) gets a leading ',
// and a cell with the separator, a quote or a line break is quoted.
func appendCell(b []byte, s string, sep byte) []byte {
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

// batchResultJSON is one computed row in JSON and JSONL.
type batchResultJSON struct {
	Line int `json:"line"`
	resultJSON
	AllocatedGrant *string           `json:"allocated_grant,omitempty"`
	Columns        map[string]string `json:"columns,omitempty"`
}

// rejectedJSON is one rejected row.
type rejectedJSON struct {
	Line     int               `json:"line"`
	Cell     string            `json:"cell,omitempty"`
	ID       string            `json:"id"`
	Rejected bool              `json:"rejected"`
	Column   *string           `json:"column"`
	Field    *string           `json:"field"`
	Message  string            `json:"message"`
	Columns  map[string]string `json:"columns,omitempty"`
}

// jsonOut writes JSON lines (one object a row, results and rejected rows in
// input order), or one JSON document with the rules, the results, the
// rejected rows and the summary.
type jsonOut struct {
	cols  *columns
	lang  calc.Lang
	rules *rules.Rules
	lines bool
	jsonDoc
}

// jsonDoc streams a JSON document's results as they come, and keeps its
// rejected rows in a temporary file until the results are written, so that
// no part of a large input is held in memory.
type jsonDoc struct {
	wrote   bool
	errFile *os.File
}

func (j *jsonOut) carried(rec []string) map[string]string {
	if len(j.cols.carried) == 0 || rec == nil {
		return nil
	}
	m := make(map[string]string, len(j.cols.carried))
	for _, i := range j.cols.carried {
		m[j.cols.outName[i]] = cell(rec, i)
	}
	return m
}

func (j *jsonOut) begin(w *bufio.Writer) error {
	if j.lines {
		return nil
	}
	_, err := fmt.Fprintf(w, "{\n\"rules\": %s,\n\"results\": [", mustJSON(newRulesJSON(j.rules)))
	return err
}

func marshalLine(b []byte, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return append(b, buf.Bytes()...)
}

func (j *jsonOut) result(b []byte, line int, rec []string, res []calc.Result, alloc *calc.Money) []byte {
	row := batchResultJSON{Line: line, resultJSON: newResultJSON(j.rules, &res[0], j.lang, false), Columns: j.carried(rec)}
	if alloc != nil {
		row.AllocatedGrant = ptr(alloc.String())
	}
	return marshalLine(b, row)
}

func (j *jsonOut) rejectedJSON(rec []string, rej *rejection) rejectedJSON {
	r := rejectedJSON{Line: rej.line, Cell: rej.cell, ID: rej.id, Rejected: true, Message: rej.msg, Columns: j.carried(rec)}
	if rej.column != "" {
		r.Column = ptr(rej.column)
	}
	if rej.field != "" {
		r.Field = ptr(rej.field)
	}
	return r
}

func (j *jsonOut) rejected(b []byte, rec []string, rej *rejection) []byte {
	if !j.lines {
		return b
	}
	return marshalLine(b, j.rejectedJSON(rec, rej))
}

func (j *jsonOut) spooled(b []byte, rej *rejection) []byte {
	if j.lines {
		return b
	}
	return marshalLine(b, j.rejectedJSON(nil, rej))
}

// write separates the document's results with commas.
func (j *jsonOut) write(w *bufio.Writer, rows []byte) error {
	if j.lines {
		_, err := w.Write(rows)
		return err
	}
	return j.jsonDoc.write(w, rows)
}

func (d *jsonDoc) write(w *bufio.Writer, rows []byte) error {
	for len(rows) > 0 {
		i := bytes.IndexByte(rows, '\n')
		if d.wrote {
			w.WriteByte(',')
		}
		w.WriteString("\n  ")
		w.Write(rows[:i])
		d.wrote = true
		rows = rows[i+1:]
	}
	return nil
}

// spool keeps rejected rows, one JSON object a line.
func (d *jsonDoc) spool(p []byte) error {
	if len(p) == 0 {
		return nil
	}
	if d.errFile == nil {
		f, err := os.CreateTemp("", "alis-rejected-*.jsonl")
		if err != nil {
			return err
		}
		os.Remove(f.Name()) // unlinked: gone when closed, whatever happens
		d.errFile = f
	}
	_, err := d.errFile.Write(p)
	return err
}

// close ends the results, writes the rejected rows and the summary, and
// ends the document.
func (d *jsonDoc) close(w *bufio.Writer, summary any) error {
	if d.wrote {
		w.WriteString("\n")
	}
	w.WriteString("],\n\"errors\": [")
	if d.errFile != nil {
		defer d.errFile.Close()
		if _, err := d.errFile.Seek(0, io.SeekStart); err != nil {
			return err
		}
		// One object a line, of any length: no line-length limit here.
		br := bufio.NewReaderSize(d.errFile, 64<<10)
		first, atStart := true, true
		for {
			chunk, err := br.ReadSlice('\n')
			if len(chunk) > 0 {
				if atStart {
					if !first {
						w.WriteByte(',')
					}
					w.WriteString("\n  ")
					first = false
				}
				atStart = chunk[len(chunk)-1] == '\n'
				w.Write(bytes.TrimSuffix(chunk, []byte{'\n'}))
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
		}
		w.WriteString("\n")
	}
	_, err := fmt.Fprintf(w, "],\n\"summary\": %s\n}\n", mustJSONIndent(summary))
	return err
}

func (j *jsonOut) spool(p []byte) error {
	if j.lines {
		return nil
	}
	return j.jsonDoc.spool(p)
}

func (j *jsonOut) end(w *bufio.Writer, run *batchRun) error {
	if j.lines {
		return nil
	}
	return j.close(w, run.sets[0].sum.json(j.lang))
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only values of this package's own types are written
	}
	return b
}

func mustJSONIndent(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

func (j *jsonOut) summaryOnly(w *bufio.Writer, run *batchRun) error {
	s := run.sets[0].sum
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if j.lines {
		sj := s.json(j.lang)
		for _, g := range append(sj.Schemes, sj.Total) {
			if err := enc.Encode(g); err != nil {
				return err
			}
		}
		return nil
	}
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Rules   *rulesJSON  `json:"rules"`
		Summary summaryJSON `json:"summary"`
	}{newRulesJSON(j.rules), s.json(j.lang)})
}

// tableOut writes an aligned table for people at a terminal.
type tableOut struct {
	cols     *columns
	lang     calc.Lang
	allocate bool
}

const tableFormat = "%6s  %-14s %-9s %-5s %4s %16s %16s  %s\n"

func (t *tableOut) begin(w *bufio.Writer) error {
	l := t.lang
	_, err := fmt.Fprintf(w, tableFormat, pickLang(l, "linje", "line"), "id", pickLang(l, "ordning", "scheme"), pickLang(l, "ber.", "elig."),
		pickLang(l, "mnd", "mon"), pickLang(l, "tilskudd", "grant"), pickLang(l, "kommunens andel", "kommune's share"), pickLang(l, "årsak", "reason"))
	return err
}

func (t *tableOut) result(b []byte, line int, rec []string, all []calc.Result, alloc *calc.Money) []byte {
	res := &all[0]
	l := t.lang
	elig := pickLang(l, "nei", "no")
	if res.Eligible {
		elig = pickLang(l, "ja", "yes")
	}
	kommune := ""
	if res.HasCost {
		kommune = money(res.KommuneShare, l)
	}
	var why []string
	for _, r := range res.Reasons {
		why = append(why, r.Message(l))
	}
	scheme := res.Scheme
	if scheme == "" {
		scheme = "–"
	}
	grant := money(res.Grant, l)
	if alloc != nil && *alloc != res.Grant {
		grant = money(*alloc, l) + " (" + grant + ")"
	}
	return fmt.Appendf(b, tableFormat, strconv.Itoa(line), clip(t.cols.idOf(rec), 14), scheme, elig,
		strconv.Itoa(res.Months), grant, kommune, strings.Join(why, "; "))
}

func (t *tableOut) rejected(b []byte, rec []string, rej *rejection) []byte {
	return fmt.Appendf(b, tableFormat, strconv.Itoa(rej.line), clip(rej.id, 14), pickLang(t.lang, "AVVIST", "REJECTED"), "", "", "", "", rej.text())
}

func clip(s string, n int) string {
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

func (t *tableOut) spooled(b []byte, _ *rejection) []byte { return b }
func (t *tableOut) spool([]byte) error                    { return nil }
func (t *tableOut) write(w *bufio.Writer, rows []byte) error {
	_, err := w.Write(rows)
	return err
}
func (t *tableOut) end(*bufio.Writer, *batchRun) error { return nil }
func (t *tableOut) summaryOnly(w *bufio.Writer, run *batchRun) error {
	run.sets[0].sum.writeText(w, t.lang)
	return nil
}
