package batch

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// headerAliases maps a folded header name to the field it gives: every
// input's name and aliases (input.All) and the period's. Folding
// lower-cases, writes æ ø å as ae o a, drops other accents and turns
// spaces, hyphens and dots into _.
var headerAliases = func() map[string]string {
	m := map[string]string{}
	add := func(field string, names ...string) {
		for _, n := range names {
			m[foldHeader(n)] = field
		}
	}
	for _, in := range input.All {
		add(in.Name, in.Name)
		add(in.Name, in.Aliases...)
	}
	add(FieldPeriod, FieldPeriod)
	add(FieldPeriod, PeriodAliases...)
	return m
}()

// PeriodAliases are the other names the period's column goes by.
var PeriodAliases = []string{"tilskuddsperiode", "periode", "grant_period", "tilskuddsår"}

// FieldPeriod is the column that names the grant period a row is for: by
// period, its agreement is computed under that period alone, with the
// amounts the row gives, and rows of one id for different periods are
// different agreements. It is the batch's, not an agreement's.
const FieldPeriod = "period"

// requiredFields must each have a column.
var requiredFields = []string{calc.FieldID, calc.FieldStart}

// foldHeader folds a header name for matching (see headerAliases).
func foldHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(norm.NFC.String(s))) {
		switch r {
		case 'æ':
			b.WriteString("ae")
		case 'ø', 'ö', 'ó', 'ò', 'ô':
			b.WriteByte('o')
		case 'å', 'ä', 'á', 'à', 'â':
			b.WriteByte('a')
		case 'é', 'è', 'ê', 'ë':
			b.WriteByte('e')
		case 'ü', 'ú':
			b.WriteByte('u')
		case ' ', '-', '.', '\u00a0':
			b.WriteByte('_')
		default:
			if unicode.IsPrint(r) {
				b.WriteRune(r)
			}
		}
	}
	return strings.Trim(b.String(), "_")
}

// Columns is how the input's columns map to the agreement's fields.
type Columns struct {
	Header  []string
	FieldOf []string       // per column: the field it gives, or "" when carried through
	ColOf   map[string]int // field -> column
	Carried []int          // columns alis does not know, in order
	OutName []string       // per column: its name in the output (see nameColumns)
	// MinWidth is the fewest fields a row may have: the header's, less the
	// empty names at its end (a header line that ends with the separator).
	MinWidth int
	Warnings []*msg.Msg // columns that look like a field but are not read as one
}

// ReservedNames are the output's own column names, which a carried input
// column may not take. The output sinks' columns must all be in it.
var ReservedNames = slices.Concat([]string{"line", "id", "period", "year", "scheme", "eligible", "months", "cap_prorated", "cost_limit", "grant",
	"allocated_grant", "grant_basis", "kommune_share", "reasons", "unknown", "missing", "not_computed_in", "beyond_rules_from", "error_code", "error", "lines",
	"change", "delta", "kommune_name"}, calc.ComponentNames)

// MapColumns matches the header against the field names, their Norwegian
// aliases and the --map pairs (header name = field).
//
// settings are mappings of a settings file, which name headers a register
// may have: one whose header is not in this one is passed over, and a --map
// of the same header wins.
func MapColumns(header []string, maps []string, settings ...string) (*Columns, error) {
	extra := map[string]string{}
	for _, m := range settings {
		name, field, ok := strings.Cut(m, "=")
		if f, known := headerAliases[foldHeader(field)]; ok && known && containsFolded(header, foldHeader(name)) {
			extra[foldHeader(name)] = f
		}
	}
	for _, m := range maps {
		name, field, ok := strings.Cut(m, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, flagErrorf("--map %q: not of the form 'header=field'", m).withHint("write --map 'Kostnad 2021=cost'")
		}
		f, known := headerAliases[foldHeader(field)]
		if !known {
			return nil, flagErrorf("--map %q: %q is not a field", m, field).withHint("the fields are %s", strings.Join(input.Names, ", "))
		}
		extra[foldHeader(name)] = f
	}
	c := &Columns{Header: header, FieldOf: make([]string, len(header)), ColOf: map[string]int{}, MinWidth: len(header)}
	for c.MinWidth > 1 && strings.TrimSpace(header[c.MinWidth-1]) == "" {
		c.MinWidth--
	}
	for i, h := range header {
		key := foldHeader(h)
		f, ok := extra[key]
		if !ok {
			f, ok = headerAliases[key]
		}
		if !ok {
			if i < c.MinWidth {
				c.Carried = append(c.Carried, i)
			}
			continue
		}
		if j, dup := c.ColOf[f]; dup {
			return nil, errorf("columns %q and %q both give %s", header[j], h, f).withHint("remove one, or name the one to use with --map")
		}
		c.ColOf[f] = i
		c.FieldOf[i] = f
	}
	for key := range extra {
		if !containsFolded(header, key) {
			return nil, flagErrorf("--map: no column is named %q", key).withHint("the headers found are: %s", quoteList(header))
		}
	}
	var missing []string
	for _, f := range requiredFields {
		if _, ok := c.ColOf[f]; !ok {
			missing = append(missing, fmt.Sprintf("%s (%s)", f, namedAliases(f)))
		}
	}
	switch len(missing) {
	case 0:
	case 1:
		return nil, errorf("missing required column %s; the headers found are: %s", missing[0], quoteList(header)).withHint("name the column with --map 'Your header=field'")
	default:
		return nil, errorf("missing required columns %s; the headers found are: %s", strings.Join(missing, ", "), quoteList(header)).withHint("name the columns with --map 'Your header=field'")
	}
	c.nameColumns()
	for _, i := range c.Carried {
		if f := lookalike(header[i]); f != "" {
			if _, mapped := c.ColOf[f]; !mapped {
				c.Warnings = append(c.Warnings, msg.New("the column %q looks like %s but is not read as it; to read it: --map '%s=%s'", header[i], f, header[i], f))
			}
		}
	}
	return c, nil
}

// nameColumns gives every column a name for the output. A known field's
// column keeps its header, unless that is one of the output's own names
// (period): then it is input_NAME. A carried column keeps its header too, unless
// that is empty or would repeat a name the output already has (one of the
// output's own columns, such as grant, or an earlier column): then it is
// written as input_NAME (column_N for an empty header), numbered _2, _3 …
// if need be, so that no reader of the output can take an input value for
// a computed one.
func (c *Columns) nameColumns() {
	c.OutName = make([]string, len(c.Header))
	taken := map[string]bool{}
	for _, n := range ReservedNames {
		taken[n] = true
	}
	for i, h := range c.Header {
		if f := c.FieldOf[i]; f != "" {
			name := strings.TrimSpace(h)
			if f != calc.FieldID && taken[strings.ToLower(name)] {
				name = "input_" + name // a period column named period, beside the output's
			}
			c.OutName[i] = name
			taken[strings.ToLower(name)] = true
		}
	}
	for _, i := range c.Carried {
		name := strings.TrimSpace(c.Header[i])
		switch {
		case name == "":
			name = fmt.Sprintf("column_%d", i+1)
		case taken[strings.ToLower(name)]:
			name = "input_" + name
		}
		base := name
		for n := 2; taken[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s_%d", base, n)
		}
		taken[strings.ToLower(name)] = true
		c.OutName[i] = name
	}
}

// Renamed lists the carried columns written under another name.
func (c *Columns) Renamed() [][2]string {
	var out [][2]string
	for _, i := range c.Carried {
		if c.OutName[i] != c.Header[i] {
			out = append(out, [2]string{c.Header[i], c.OutName[i]})
		}
	}
	return out
}

// lookalike returns the field a header seems to name without matching it:
// "Kostnader 2021" looks like cost. It compares the header's words, less
// numbers, and its first word of five letters or more, with the aliases.
func lookalike(h string) string {
	words := strings.FieldsFunc(foldHeader(h), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var kept []string
	for _, w := range words {
		if strings.Trim(w, "0123456789") != "" {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	if f, ok := headerAliases[strings.Join(kept, "_")]; ok {
		return f
	}
	if len(kept[0]) >= 5 {
		return headerAliases[kept[0]]
	}
	return ""
}

// Cell is field i of a row, or "" when the row is too short to have it.
func Cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

// IDOf is the row's id, without the spaces around it (as the agreement
// reads it), or "" when the row has none.
func (c *Columns) IDOf(rec []string) string { return input.Trim(Cell(rec, c.ColOf[calc.FieldID])) }

func containsFolded(header []string, key string) bool {
	for _, h := range header {
		if foldHeader(h) == key {
			return true
		}
	}
	return false
}

// namedAliases are the names a message suggests for a field: the first
// two of its aliases.
func namedAliases(field string) string {
	as := input.Of(field).Aliases
	return strings.Join(as[:min(2, len(as))], ", ")
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// KnownField says whether a name gives a field, as --map's right side.
func KnownField(name string) bool {
	_, ok := headerAliases[foldHeader(name)]
	return ok
}

// FieldNames are the fields a column may give, the period's among them.
func FieldNames() []string { return append(append([]string{}, input.Names...), FieldPeriod) }
