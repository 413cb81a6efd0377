package batch

import (
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// idLine remembers an id by its hash, to find duplicates without keeping the ids.
type idLine struct {
	hash uint64
	line int
}

func hashID(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// warnDuplicates names the lines of ids given more than once. The workers
// have marked every id's hash in a bit array and kept the hashes whose bit
// was set already (maybe); only those are looked for among the rows, so
// that the end of a run neither sorts nor maps every id.
func (b *Run) warnDuplicates() {
	name := b.cfg.Input.Name
	if b.idsTruncated {
		b.cfg.Diag.Warnf("%s: duplicate ids were looked for among the first %d rows only", name, MaxTrackedIDs)
	}
	order, rows := repeatsAmong(b.idHash, b.maybe)
	for i, h := range order {
		if i == 10 {
			b.cfg.Diag.Warnf("… and %d more ids given more than once", len(order)-10)
			break
		}
		var ls []string
		for _, r := range rows[h] {
			ls = append(ls, strconv.Itoa(int(b.idLine[r])))
		}
		b.cfg.Diag.Warnf("%s: lines %s have the same id", name, strings.Join(ls, ", "))
	}
}

// seenBits is the size of the bit array of seen ids for an input of about
// rows rows (0: not known), as a power of two: 16 bits a row, so that about
// one row in 32 leaves its hash to look for at the end, and the array stays
// small enough for the cache; from 8 KiB to 4 MiB.
func seenBits(rows int) uint {
	if rows <= 0 {
		rows = 1 << 18
	}
	bits := uint(16)
	for bits < 25 && 1<<bits < 16*rows {
		bits++
	}
	return bits
}

// seenIDs is a bit array that every worker marks the hashes of ids in, at
// once.
type seenIDs struct{ words []uint64 }

func newSeenIDs(bits uint) *seenIDs { return &seenIDs{make([]uint64, 1<<bits/64)} }

// mark sets a hash's bit, and says whether it was set already: then the
// hash is perhaps a repeat, or shares its bit with another.
func (s *seenIDs) mark(h uint64) bool {
	i := h & uint64(len(s.words)*64-1)
	bit := uint64(1) << (i & 63)
	return atomic.OrUint64(&s.words[i>>6], bit)&bit != 0
}

// repeatsAmong is the hashes of maybe that hashes holds more than once, in
// the order of their first row, with the indexes of their rows in hashes.
// maybe holds every repeated hash, and may hold others, and repeats.
func repeatsAmong(hashes, maybe []uint64) (order []uint64, rows map[uint64][]int) {
	if len(maybe) == 0 {
		return nil, nil
	}
	rows = make(map[uint64][]int, len(maybe))
	var filter [1 << 14]uint64 // a bit for each hash of maybe, by other bits than mark's
	for _, h := range maybe {
		rows[h] = nil
		filter[h>>50] |= 1 << (h >> 44 & 63)
	}
	var seen []uint64
	for i, h := range hashes {
		if filter[h>>50]&(1<<(h>>44&63)) == 0 {
			continue
		}
		if rs, ok := rows[h]; ok {
			if rs == nil {
				seen = append(seen, h)
			}
			rows[h] = append(rs, i)
		}
	}
	for _, h := range seen {
		if len(rows[h]) > 1 {
			order = append(order, h)
		}
	}
	return order, rows
}

// warnNoDays says how many rows have no day in the rules' period, and the
// years their agreements start in: the rules of another period may be meant.
func (b *Run) warnNoDays() {
	n := 0
	var years []int
	for y, k := range b.noDays {
		n += k
		years = append(years, y)
	}
	if n == 0 {
		return
	}
	sort.Slice(years, func(i, j int) bool {
		if b.noDays[years[i]] != b.noDays[years[j]] {
			return b.noDays[years[i]] > b.noDays[years[j]]
		}
		return years[i] < years[j]
	})
	l := b.cfg.Diag.L
	var parts []string
	for _, y := range years {
		parts = append(parts, msg.N(l, b.noDays[y], "%d (%d row)", "%d (%d rows)", y, b.noDays[y]))
	}
	r := b.sets[0].Rules
	b.cfg.Diag.Warnf("%s: %s no day in %s, the period of the rules; their agreements start in %s",
		b.cfg.Input.Name, msg.N(l, n, "%d row has", "%d rows have", n), r.Period, strings.Join(parts, ", "))
	b.cfg.Diag.Hintf("leave out --year and --rules, and each agreement is computed under the grant period that holds its first day (alis has rules for %s)",
		strings.Join(rules.Periods(), ", "))
}

// ignoredInputs are the inputs that rows gave and their formulas do not
// read, under one rule set, and how many rows gave one.
type ignoredInputs struct {
	inputs calc.InputSet
	rows   int
}

func (g *ignoredInputs) note(s calc.InputSet) {
	if s != 0 {
		g.inputs |= s
		g.rows++
	}
}

func (g *ignoredInputs) add(o ignoredInputs) {
	g.inputs |= o.inputs
	g.rows += o.rows
}

// ColumnsOf names a set of inputs as the input's header has them: a field
// with a column by its header, the stillingsprosent of employment periods
// given without one by the position's, any other by its field name.
func (c *Columns) ColumnsOf(s calc.InputSet) string {
	var names []string
	for _, f := range s.Names() {
		if i, ok := c.ColOf[f]; ok {
			names = append(names, c.Header[i])
		} else if i, ok := c.ColOf[calc.FieldPosition]; ok && f == calc.FieldPercent {
			names = append(names, c.Header[i])
		} else {
			names = append(names, f)
		}
	}
	return strings.Join(names, ", ")
}

// unreadColumns are the input's columns of formula inputs that no rule set
// of the run reads; each is warned of once, at the start, with the rule
// sets that ignore it.
func unreadColumns(in *Input, sets []RuleSet) (calc.InputSet, []*msg.Msg) {
	var warnings []*msg.Msg
	var read calc.InputSet
	for _, s := range sets {
		if s.Engine != nil {
			read |= s.Engine.Reads()
		}
	}
	var unread calc.InputSet
	for _, f := range calc.FormulaInputs {
		c, ok := in.Cols.ColOf[f]
		if !ok {
			continue
		}
		var one calc.InputSet
		for i, g := range calc.FormulaInputs {
			if g == f {
				one = 1 << i
			}
		}
		if read&one != 0 {
			continue
		}
		unread |= one
		var periods []string
		for _, s := range sets {
			periods = append(periods, s.Rules.Period)
		}
		warnings = append(warnings, msg.New("the column %s is not read by the rules of %s: its values change no grant", msg.Quote(in.Cols.Header[c]), strings.Join(periods, ", ")))
	}
	return unread, warnings
}

// warnIgnored says, once per rule set, which inputs rows gave that their
// rules do not read (costs under 2025/26, say), and on how many rows.
func (b *Run) warnIgnored() {
	for k, g := range b.ignored {
		if g.rows == 0 {
			continue
		}
		b.cfg.Diag.Warnf("%s", msg.N(b.cfg.Diag.L, g.rows, "%[2]s: %[1]d row gives %[3]s, which the rules of %[4]s do not read: it changes no grant there",
			"%[2]s: %[1]d rows give %[3]s, which the rules of %[4]s do not read: they change no grant there", g.rows, b.cfg.Input.Name, b.cfg.Input.Cols.ColumnsOf(g.inputs), b.sets[k].Rules.Period))
	}
}

// lineCount counts rows, and keeps the first one's line.
type lineCount struct{ n, first int }

func (c *lineCount) note(line int) {
	if c.n == 0 || line < c.first {
		c.first = line
	}
	c.n++
}

func (c *lineCount) add(o lineCount) {
	if o.n > 0 {
		c.note(o.first)
		c.n += o.n - 1
	}
}

// warnClassDiffers says how many rows give a sentralitetsklasse that is
// not the one the kommune table gives their kommune: the class given is
// computed with.
func (b *Run) warnClassDiffers() {
	if c := b.classDiffers; c.n > 0 {
		b.cfg.Diag.Warnf("%s", msg.N(b.cfg.Diag.L, c.n, "%[2]s: %[1]d row gives a sentralitetsklasse that is not the one SSB's 2024 table gives its kommune (line %[3]d); alis computes with the class given",
			"%[2]s: %[1]d rows give a sentralitetsklasse that is not the one SSB's 2024 table gives their kommune (the first on line %[3]d); alis computes with the class given", c.n, b.cfg.Input.Name, c.first))
	}
}

// doubtCodes are calc's doubts, as an array's length for the counts.
var doubtCodes = [3]calc.DoubtCode(calc.DoubtCodes)

// warnDoubts says, once for each kind, how many rows give an input the
// rules allow but that is unlikely as written, with the first one's line.
func (b *Run) warnDoubts() {
	d := b.cfg.Diag
	for i, c := range b.doubts {
		if c.n == 0 {
			continue
		}
		var what string
		switch doubtCodes[i] {
		case calc.FirstFastlegeAfterEmployment:
			what = msg.S(d.L, "a first day as fastlege after the employment ends (lavere produktivitet then pays nothing)")
		case calc.FirstFastlegeLongAgo:
			what = msg.S(d.L, "a first day as fastlege before 1990")
		case calc.SignedLongAfter:
			what = msg.S(d.L, "a signing date more than a year after the period ends")
		}
		d.Warnf("%s", msg.N(d.L, c.n, "%[2]s: %[1]d row gives %[3]s (line %[4]d): is it a typing error?",
			"%[2]s: %[1]d rows give %[3]s (the first on line %[4]d): is it a typing error?", c.n, b.cfg.Input.Name, what, c.first))
	}
}
