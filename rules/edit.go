package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

// aliases are short names for common what-ifs. A scheme value's own name
// ("cap", "amount.fastlege") sets it in every scheme that has it.
var aliases = map[string]string{"vikar_min_months": "vikar.min_months", "share": "cofinancing_share"}

// SetError is a value that cannot be set.
type SetError struct {
	Name    string
	Err     error    // what is wrong; msg.Text says it in bokmål or English
	Unknown bool     // Name is not a value that can be set
	Valid   []string // the names that can be set, when Name is not one
}

func (e *SetError) Error() string { return e.Name + ": " + e.Err.Error() }

// Text is the error in l.
func (e *SetError) Text(l msg.Lang) string { return e.Name + ": " + msg.Text(l, e.Err) }

// Unwrap is what is wrong.
func (e *SetError) Unwrap() error { return e.Err }

// SettableNames lists every name Set accepts for these rules: each file
// value, each scheme value as schemes.ID.NAME, and the short names.
func (r *Rules) SettableNames() []string {
	var names []string
	for _, p := range paramsFor(false, "") {
		names = append(names, p.Name)
	}
	for _, s := range r.Schemes {
		for _, p := range paramsFor(true, s.Formula) {
			// A scheme value is also set in every scheme by its name alone.
			names = append(names, "schemes."+s.ID+"."+p.Name, p.Name)
		}
	}
	for a := range aliases {
		names = append(names, a)
	}
	sort.Strings(names)
	return dedupe(names)
}

func dedupe(xs []string) []string {
	var out []string
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// target is one value Set changes: where it is stored and its descriptor.
type target struct {
	store map[string]*Value
	scope string // the scheme's id; "" for the file's values
	name  string
	path  string
	param *Param
}

func (r *Rules) targets(name string) ([]target, *SetError) {
	if a, ok := aliases[name]; ok {
		name = a
	}
	if p := lookupParam(name, false, ""); p == nil && !strings.HasPrefix(name, "schemes.") {
		// A scheme value by its name alone (cap, amount.fastlege,
		// vikar.min_months): every scheme that gives it, or when none
		// does, every scheme whose formula has it.
		var given, all []target
		for _, s := range r.Schemes {
			if p := lookupParam(name, true, s.Formula); p != nil {
				t := target{s.values, s.ID, name, "schemes." + s.ID + "." + name, p}
				all = append(all, t)
				if s.values[name] != nil {
					given = append(given, t)
				}
			}
		}
		if len(given) > 0 {
			return given, nil
		}
		if len(all) > 0 {
			return all, nil
		}
	}
	if rest, ok := strings.CutPrefix(name, "schemes."); ok {
		id, field, _ := strings.Cut(rest, ".")
		s := r.Scheme(id)
		if s == nil {
			return nil, &SetError{Name: name, Err: msg.Errorf("no scheme %s in these rules", id), Unknown: true, Valid: r.SettableNames()}
		}
		if p := lookupParam(field, true, s.Formula); p != nil {
			return []target{{s.values, s.ID, field, name, p}}, nil
		}
	} else if p := lookupParam(name, false, ""); p != nil {
		return []target{{r.values, "", name, name, p}}, nil
	}
	return nil, &SetError{Name: name, Err: msg.Errorf("not a value that can be set"), Unknown: true, Valid: r.SettableNames()}
}

// Set returns a copy of the rules with one value changed, as NAME=VALUE: a
// file value (rounding.mode), a scheme's (schemes.naering.cap), or a short
// name (cap: every scheme's cap). Lists are written a,b. The value becomes
// assumed, with a note that it was set for this run; the copy's SHA256
// covers the change, and Overrides lists it. A value that was unknown
// becomes known. The copy is checked as a loaded file would be.
func (r *Rules) Set(assignment string) (*Rules, error) {
	name, value, ok := strings.Cut(assignment, "=")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok || name == "" {
		return nil, &SetError{Name: assignment, Err: msg.Errorf("write NAME=VALUE, such as cap=300000"), Valid: r.SettableNames()}
	}
	if a, ok := aliases[name]; ok {
		name = a // the overrides name the value as rule files do
	}
	c := r.Clone()
	ts, serr := c.targets(name)
	if serr != nil {
		return nil, serr
	}
	for _, t := range ts {
		v, err := parseSet(t.param, value)
		if err != nil {
			return nil, &SetError{Name: name, Err: err}
		}
		v.Path, v.Unit, v.Basis = t.path, t.param.Unit, Assumed
		set := msg.New("set to %s for this run", value)
		v.Note, v.NoteNB, v.NoteNN = set.Text(msg.EN), set.Text(msg.NB), set.Text(msg.NN)
		v.References = []Reference{{Title: setForRun}}
		if old := t.store[t.name]; old != nil {
			v.Line = old.Line
			v.References = append(v.References, old.References...)
		}
		t.store[t.name] = &v
	}
	c.dropUnused(ts)
	if err := c.check(); err != nil {
		return nil, &SetError{Name: name, Err: err}
	}
	c.Overrides = append(c.Overrides, name+"="+value)
	c.SHA256 = hashWith(r.SHA256, "set "+name+"="+value)
	return c, nil
}

// setForRun is the reference of a value Set gave.
const setForRun = "set for this run"

// SetForRun says whether the value was given for this run (Set), not read
// from a rule file.
func (v *Value) SetForRun() bool { return len(v.References) > 0 && v.References[0].Title == setForRun }

// parseSet reads a value for Set; a list is written a,b and its words may
// be spelled as people write them (fastlegevikar, næring).
func parseSet(p *Param, s string) (Value, error) {
	if i, r, bad := controlIn(s, false); bad {
		return Value{}, msg.Errorf("has the control character U+%04X at character %d: a rule file's texts are printed to terminals, and may hold no control characters (a note or quote may hold tabs and line breaks)", r, i)
	}
	if p.Kind != KindList {
		return p.parseText(s)
	}
	v := Value{Param: p}
	for _, item := range strings.Split(s, ",") {
		w := Word(item)
		if !contains(p.Enum, w) {
			return v, msg.Errorf("%s is not one of: %s", quote(strings.TrimSpace(item)), strings.Join(p.Enum, ", "))
		}
		if !contains(v.list, w) {
			v.list = append(v.list, w)
		}
	}
	return v, nil
}

// Word folds a word of the rules' vocabulary as people write it to the
// word rule files use: "Næring" and "næringsdrift" are naering,
// "fastlegevikar" is vikar, "ALIS-avtale" is alis_avtale.
func Word(s string) string {
	if w, ok := wordExact[s]; ok {
		return w
	}
	return foldWord(s)
}

// foldWord is Word without the table of spellings seen as they are.
func foldWord(s string) string {
	var buf [64]byte
	f := AppendFold(buf[:0], s)
	if w, ok := wordAliases[string(f)]; ok {
		return w
	}
	return string(f)
}

// wordExact holds the spellings a batch meets in nearly every row, as they
// are, so that Word finds them without folding (a test holds it to
// foldWord).
var wordExact = func() map[string]string {
	// The words themselves, so that Word returns them without allocating.
	for _, vocab := range [][]string{GrantTypes, DriftsformWords, RoleWords, PositionWords} {
		for _, w := range vocab {
			wordAliases[w] = w
		}
	}
	m := map[string]string{}
	add := func(s string) {
		w := foldWord(s)
		m[s] = w
		if s != "" {
			m[strings.ToUpper(s[:1])+s[1:]] = w
		}
	}
	for k := range wordAliases {
		add(k)
	}
	for _, s := range []string{"næring", "næringsdrift", "næringsdrivende", "fastlønn", "fastlønnet", "lønnet", "fastløn"} {
		add(s)
	}
	return m
}()

var wordAliases = map[string]string{
	"naeringsdrift": "naering", "selvstendig": "naering", "selvstendig naeringsdrivende": "naering", "naeringsdrivende": "naering",
	"ansatt": "fastlonn", "fast ansatt": "fastlonn", "fastlonnet": "fastlonn", "lonnet": "fastlonn",
	"fastlegevikar": "vikar", "locum": "vikar",
	"alis-avtale": "alis_avtale", "alis avtale": "alis_avtale", "alis": "alis_avtale", "avtale": "alis_avtale",
	"veiledning av alis": "veiledning", "kun veiledning": "veiledning", "veiledning av lis3": "veiledning",
	"introduksjon": "introduksjonslege", "allmennlege utenfor fastlegeordningen": "allmennlege",
	"allmennlege i annet kommunalt legearbeid": "allmennlege",
	// nynorsk
	"fastlon": "fastlonn", "fastlont": "fastlonn", "tilsett": "fastlonn", "fast tilsett": "fastlonn",
	"sjolvstendig": "naering", "sjolvstendig naeringsdrivande": "naering", "naeringsdrivande": "naering",
	"rettleiing": "veiledning", "rettleiing av alis": "veiledning", "rettleiing av lis3": "veiledning", "berre rettleiing": "veiledning",
	"allmennlege i anna kommunalt legearbeid": "allmennlege",
}

// dropUnused removes the values that a change left nothing to use
// (proration.partial_month_counts once the method is days), other than the
// values the change set itself: setting a value nothing uses is an error.
func (r *Rules) dropUnused(set []target) {
	isSet := func(scope, name string) bool {
		for _, t := range set {
			if t.name == name && t.scope == scope {
				return true
			}
		}
		return false
	}
	drop := func(store map[string]*Value, s *Scheme, scope string, ps []*Param) {
		for _, p := range ps {
			if v := store[p.Name]; v != nil && !p.Need.required(r, s) && p.Need.unused(r, s) && !isSet(scope, p.Name) {
				delete(store, p.Name)
			}
		}
	}
	drop(r.values, nil, "", paramsFor(false, ""))
	for _, s := range r.Schemes {
		drop(s.values, s, s.ID, paramsFor(true, s.Formula))
	}
}

// check holds rules changed in code to what Load holds a file to: every
// value that is needed is there, none that nothing uses, no two schemes
// cover the same agreements.
func (r *Rules) check() error {
	l := &loader{file: "rules"}
	l.needs(r, nil, r.values, map[string]int{}, "")
	for _, s := range r.Schemes {
		l.needs(r, s, s.values, map[string]int{}, "schemes."+s.ID)
	}
	l.coverage(r)
	l.deadlines(r)
	if len(l.probs) == 0 {
		return nil
	}
	p := l.probs[0]
	if m, ok := p.Err.(*msg.Msg); ok && m.Format() == "required, but missing" {
		return msg.Errorf("then %s is needed too: set it first", p.Param)
	}
	return msg.Errorf("%s: %w", p.Param, p.Err)
}

func hashWith(sum, change string) string {
	h := sha256.New()
	h.Write([]byte(sum))
	h.Write([]byte("\n" + change))
	return hex.EncodeToString(h.Sum(nil))
}

// Shift returns the rules applied to a period some years later (or
// earlier): the same amounts, shares, coverage and durations, with the
// period and every date moved by years (29 February to the 28th). The
// period "2021" shifted by 1 is "2022", "2024/25" is "2025/26".
func (r *Rules) Shift(years int) (*Rules, error) {
	if years == 0 {
		return r, nil
	}
	if y := r.ValidFrom.Year() + years; y < 1900 || y > 9998 {
		return nil, msg.Errorf("%d is not a plausible grant year", y)
	}
	c := r.Clone()
	c.ShiftedFrom, c.Period = r.Period, shiftPeriod(r.Period, years)
	c.ValidFrom, c.ValidTo = r.ValidFrom.AddMonths(12*years), r.ValidTo.AddMonths(12*years)
	for _, v := range c.Params() {
		if v.Param.Kind == KindDate && v.Known() {
			v.day = v.day.AddMonths(12 * years)
		}
	}
	c.SHA256 = hashWith(r.SHA256, fmt.Sprintf("shift %d years", years))
	return c, nil
}

// ShapeFor names the period of these rules' shape, moved by whole years,
// that holds a day: for the 2025/26 rules (01.06.2025–31.05.2026) and
// 15.03.2028, "2027/28". It is "" when no such period holds the day (the
// rules' periods leave gaps).
func (r *Rules) ShapeFor(d date.Date) string {
	k := d.Year() - r.ValidFrom.Year()
	for _, y := range []int{k - 1, k, k + 1} {
		from, to := r.ValidFrom.AddMonths(12*y), r.ValidTo.AddMonths(12*y)
		if !d.Before(from) && !d.After(to) {
			return shiftPeriod(r.Period, y)
		}
	}
	return ""
}

func shiftPeriod(p string, years int) string {
	m := periodName.FindStringSubmatch(p)
	if m == nil {
		return p
	}
	y, _ := strconv.Atoi(m[1])
	if m[2] == "" {
		return strconv.Itoa(y + years)
	}
	return fmt.Sprintf("%d/%02d", y+years, (y+years+1)%100)
}

// basisText is a basis in the reader's language.
type basisText Basis

func (b basisText) Text(l msg.Lang) string {
	switch Basis(b) {
	case Verified:
		return msg.S(l, "verified")
	case Inferred:
		return msg.S(l, "inferred")
	case Assumed:
		return msg.S(l, "assumed")
	case Unknown:
		return msg.S(l, "unknown")
	}
	return string(b)
}

// parseTarget reads the period rules are to be moved to: "2022" or
// "2026/27" (a split period runs into the next year), and how many years
// that is from these rules' own period, by the years the periods are
// named for (2023 runs from 01.10.2022 and is named for 2023).
func (r *Rules) parseTarget(to string) (years int, split bool, err error) {
	to = strings.TrimSpace(to)
	m, own := periodName.FindStringSubmatch(to), periodName.FindStringSubmatch(r.Period)
	if m == nil || own == nil {
		return 0, false, msg.Errorf("%s is not a period name such as \"2022\" or \"2026/27\"", quote(to))
	}
	y, _ := strconv.Atoi(m[1])
	if m[2] != "" && m[2][1:] != fmt.Sprintf("%02d", (y+1)%100) {
		return 0, false, msg.Errorf("%s is not a period name: a split period runs into the next year, as %d/%02d", quote(to), y, (y+1)%100)
	}
	from, _ := strconv.Atoi(own[1])
	return y - from, m[2] != "", nil
}

// sameShape refuses a period of another shape than these rules': a
// calendar year for rules of a split period, or the other way round.
func (r *Rules) sameShape(to string, split bool) error {
	if split != strings.Contains(r.Period, "/") {
		return msg.Errorf("the %s rules run %s to %s, so they move to periods of that shape; %s needs rules of its own shape to start from", r.Period, r.ValidFrom, r.ValidTo, to)
	}
	return nil
}

// ShiftTo is Shift to a period by its name ("2027", "2025/26"), counted
// by the years the periods are named for. The period must have the rules'
// shape (a calendar year, or a period split over two years).
func (r *Rules) ShiftTo(to string) (*Rules, error) {
	years, split, err := r.parseTarget(to)
	if err != nil {
		return nil, err
	}
	if err := r.sameShape(strings.TrimSpace(to), split); err != nil {
		return nil, err
	}
	return r.Shift(years)
}

// ShiftToYear is Shift to the period named for a year, whatever its shape:
// the 2021 rules to 2025 are "2025", the 2025/26 rules to 2027 "2027/28".
func (r *Rules) ShiftToYear(year int) (*Rules, error) {
	own := periodName.FindStringSubmatch(r.Period)
	if own == nil {
		return r.Shift(year - r.Year())
	}
	from, _ := strconv.Atoi(own[1])
	return r.Shift(year - from)
}

// Draft returns rules for another period (named as "2022" or "2026/27")
// made from these: every date moved, the title's period and dates the new
// ones, every value marked assumed with a note of where it was copied from,
// and the rules marked provisional, until someone checks them against a
// source and edits them. A value that was unknown stays unknown. A period of
// one calendar year drafts periods of one year, a split period split ones.
func (r *Rules) Draft(to string) (*Rules, error) {
	to = strings.TrimSpace(to)
	years, split, err := r.parseTarget(to)
	if err != nil {
		return nil, err
	}
	if err := r.sameShape(to, split); err != nil {
		return nil, err
	}
	if years == 0 {
		return nil, msg.Errorf("the draft must be for another period than %s", r.Period)
	}
	c, err := r.Shift(years)
	if err != nil {
		return nil, err
	}
	c.ShiftedFrom = ""
	c.Title = strings.NewReplacer(r.Period, c.Period, r.ValidFrom.Norwegian(), c.ValidFrom.Norwegian(), r.ValidTo.Norwegian(), c.ValidTo.Norwegian()).Replace(r.Title)
	carried := msg.New("No rules for %s were found: every value is carried from the %s rules and assumed, and so are the period's dates, until a source for %s is found.", c.Period, r.Period, c.Period)
	c.Provisional = &Provisional{CarriedFrom: r.Period, Note: carried.Text(msg.EN), NoteNB: carried.Text(msg.NB), NoteNN: carried.Text(msg.NN)}
	c.DatesBasis = Assumed
	// A rule file's notes are in English, with their bokmål and nynorsk
	// beside them.
	draft := msg.New("Draft for %s, made from the %s rules: every value is assumed until it is checked against a source for %s.", c.Period, r.Period, c.Period)
	c.Note, c.NoteNB, c.NoteNN = draft.Text(msg.EN), draft.Text(msg.NB), draft.Text(msg.NN)
	for _, v := range c.Params() {
		if !v.Known() {
			continue
		}
		copied := msg.New("Copied from the %s rules (%s there); not yet checked for %s.", r.Period, basisText(v.Basis), c.Period)
		note, noteNB, noteNN := copied.Text(msg.EN), copied.Text(msg.NB), copied.Text(msg.NN)
		if v.Note != "" {
			note += " " + v.Note
			noteNB += " " + v.NoteIn(msg.NB)
			noteNN += " " + v.NoteIn(msg.NN)
		}
		v.Basis, v.Note, v.NoteNB, v.NoteNN = Assumed, note, noteNB, noteNN
	}
	return c, nil
}
