package main

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/alis-tilskudd/alis/calc"
)

// headerAliases maps a folded header name to the field it gives. Folding
// lower-cases, writes æ ø å as ae o a, drops other accents and turns spaces,
// hyphens and dots into _.
var headerAliases = map[string]string{
	"id": calc.FieldID, "avtale": calc.FieldID, "avtale_id": calc.FieldID, "avtaleid": calc.FieldID,
	"avtalenr": calc.FieldID, "avtalenummer": calc.FieldID, "avtale_nr": calc.FieldID, "saksnr": calc.FieldID,

	"kommune": calc.FieldKommune, "kommunenr": calc.FieldKommune, "kommunenummer": calc.FieldKommune,
	"kommune_nr": calc.FieldKommune, "knr": calc.FieldKommune,

	"driftsform": calc.FieldDriftsform, "drift": calc.FieldDriftsform,

	"role": calc.FieldRole, "rolle": calc.FieldRole, "stilling": calc.FieldRole,

	"start": calc.FieldStart, "fra": calc.FieldStart, "startdato": calc.FieldStart, "fra_dato": calc.FieldStart,
	"fradato": calc.FieldStart, "start_dato": calc.FieldStart, "avtale_start": calc.FieldStart, "avtalestart": calc.FieldStart,

	"end": calc.FieldEnd, "til": calc.FieldEnd, "slutt": calc.FieldEnd, "sluttdato": calc.FieldEnd, "til_dato": calc.FieldEnd,
	"tildato": calc.FieldEnd, "slutt_dato": calc.FieldEnd, "avtale_slutt": calc.FieldEnd, "avtaleslutt": calc.FieldEnd,

	"vikariat_start": calc.FieldVikariatStart, "vikariat_fra": calc.FieldVikariatStart, "vikariatstart": calc.FieldVikariatStart,
	"vikariat_startdato": calc.FieldVikariatStart,

	"vikariat_end": calc.FieldVikariatEnd, "vikariat_til": calc.FieldVikariatEnd, "vikariatslutt": calc.FieldVikariatEnd,
	"vikariat_slutt": calc.FieldVikariatEnd, "vikariat_sluttdato": calc.FieldVikariatEnd,

	"cost": calc.FieldCost, "kostnad": calc.FieldCost, "kostnader": calc.FieldCost, "kostnad_kr": calc.FieldCost,
	"kostnader_kr": calc.FieldCost, "belop": calc.FieldCost,

	"prior_years": calc.FieldPriorYears, "tidligere_ar": calc.FieldPriorYears, "tidligere_tilskuddsar": calc.FieldPriorYears,
	"ar_med_tilskudd": calc.FieldPriorYears,

	"applied": calc.FieldApplied, "soknadsdato": calc.FieldApplied, "soknad_dato": calc.FieldApplied, "sokt": calc.FieldApplied,
	"soknad": calc.FieldApplied,

	"staffing_agency": calc.FieldStaffingAgency, "vikarbyra": calc.FieldStaffingAgency,
}

// requiredFields must each have a column.
var requiredFields = []string{calc.FieldID, calc.FieldDriftsform, calc.FieldStart}

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

// columns is how the input's columns map to the agreement's fields.
type columns struct {
	header  []string
	fieldOf []string       // per column: the field it gives, or "" when carried through
	colOf   map[string]int // field -> column
	carried []int          // columns alis does not know, in order
	outName []string       // per column: its name in the output (see nameColumns)
	// minWidth is the fewest fields a row may have: the header's, less the
	// empty names at its end (a header line that ends with the separator).
	minWidth int
	warnings []string // columns that look like a field but are not read as one
}

// reservedNames are the output's own column names, which a carried input
// column may not take.
var reservedNames = append([]string{"line", "id", "allocated_grant"}, resultColumns...)

// mapColumns matches the header against the field names, their Norwegian
// aliases and the --map pairs (header name = field).
func mapColumns(header []string, maps []string) (*columns, error) {
	extra := map[string]string{}
	for _, m := range maps {
		name, field, ok := strings.Cut(m, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, usagef("write --map 'Kostnad 2021=cost'", "--map %q: not of the form 'header=field'", m)
		}
		f, known := headerAliases[foldHeader(field)]
		if !known {
			return nil, usagef("the fields are "+strings.Join(calc.Fields, ", "), "--map %q: %q is not a field", m, field)
		}
		extra[foldHeader(name)] = f
	}
	c := &columns{header: header, fieldOf: make([]string, len(header)), colOf: map[string]int{}, minWidth: len(header)}
	for c.minWidth > 1 && strings.TrimSpace(header[c.minWidth-1]) == "" {
		c.minWidth--
	}
	for i, h := range header {
		key := foldHeader(h)
		f, ok := extra[key]
		if !ok {
			f, ok = headerAliases[key]
		}
		if !ok {
			if i < c.minWidth {
				c.carried = append(c.carried, i)
			}
			continue
		}
		if j, dup := c.colOf[f]; dup {
			return nil, &runError{err: fmt.Errorf("columns %q and %q both give %s", header[j], h, f), hint: "remove one, or name the one to use with --map"}
		}
		c.colOf[f] = i
		c.fieldOf[i] = f
	}
	for _, key := range extraKeys(extra) {
		if !containsFolded(header, key) {
			return nil, usagef("the headers found are: "+quoteList(header), "--map: no column is named %q", key)
		}
	}
	var missing []string
	for _, f := range requiredFields {
		if _, ok := c.colOf[f]; !ok {
			missing = append(missing, fmt.Sprintf("%s (or %s)", f, namedAliases[f]))
		}
	}
	if len(missing) > 0 {
		return nil, &runError{
			err:  fmt.Errorf("missing required column %s; the headers found are: %s", strings.Join(missing, " and "), quoteList(header)),
			hint: "name the column with --map 'Your header=field'",
		}
	}
	c.nameColumns()
	for _, i := range c.carried {
		if f := lookalike(header[i]); f != "" {
			if _, mapped := c.colOf[f]; !mapped {
				c.warnings = append(c.warnings, fmt.Sprintf("the column %q looks like %s but is not read as it; to read it: --map '%s=%s'", header[i], f, header[i], f))
			}
		}
	}
	return c, nil
}

// nameColumns gives every column a name for the output. A known field's
// column keeps its header. A carried column keeps its header too, unless
// that is empty or would repeat a name the output already has (one of the
// output's own columns, such as grant, or an earlier column): then it is
// written as input_NAME (column_N for an empty header), numbered _2, _3 …
// if need be, so that no reader of the output can take an input value for
// a computed one.
func (c *columns) nameColumns() {
	c.outName = make([]string, len(c.header))
	taken := map[string]bool{}
	for _, n := range reservedNames {
		taken[n] = true
	}
	for i, h := range c.header {
		if c.fieldOf[i] != "" {
			c.outName[i] = h
			taken[strings.ToLower(strings.TrimSpace(h))] = true
		}
	}
	for _, i := range c.carried {
		name := strings.TrimSpace(c.header[i])
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
		c.outName[i] = name
	}
}

// renamed lists the carried columns written under another name.
func (c *columns) renamed() [][2]string {
	var out [][2]string
	for _, i := range c.carried {
		if c.outName[i] != c.header[i] {
			out = append(out, [2]string{c.header[i], c.outName[i]})
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

// cell is field i of a row, or "" when the row is too short to have it.
func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

// idOf is the row's id, or "" when the row has none.
func (c *columns) idOf(rec []string) string { return cell(rec, c.colOf[calc.FieldID]) }

func extraKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func containsFolded(header []string, key string) bool {
	for _, h := range header {
		if foldHeader(h) == key {
			return true
		}
	}
	return false
}

// namedAliases are the Norwegian names a message suggests for a field.
var namedAliases = map[string]string{
	calc.FieldID: "avtale, avtalenr", calc.FieldDriftsform: "drift", calc.FieldStart: "fra, startdato",
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
