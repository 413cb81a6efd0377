package rules

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

func TestEmbeddedPeriodsLoad(t *testing.T) {
	ps := Periods()
	if len(ps) < 3 {
		t.Fatalf("embedded periods = %v, want at least 2019, 2020, 2021", ps)
	}
	for _, p := range ps {
		r := embedded(t, p)
		if r.Period != p {
			t.Errorf("embedded %s says period %s", p, r.Period)
		}
		for _, v := range r.Params() {
			if v.Basis == "" || len(v.References) == 0 || v.Unit == "" {
				t.Errorf("%s: %s lacks basis, unit or references", p, v.Path)
			}
			if v.Basis == Unknown && v.Note == "" {
				t.Errorf("%s: %s is unknown without a note of what was searched", p, v.Path)
			}
		}
	}
	for in, want := range map[string]string{"2021": "2021", "2024-25": "2024/25", "2024/2025": "2024/25", " 2025/26 ": "2025/26"} {
		if got := PeriodName(in); got != want {
			t.Errorf("PeriodName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := PeriodOf(date.MustNew(2021, 3, 1)); got != "2021" {
		t.Errorf("PeriodOf(2021-03-01) = %q", got)
	}
	if got := PeriodOf(date.MustNew(1999, 3, 1)); got != "" {
		t.Errorf("PeriodOf(1999-03-01) = %q", got)
	}
}

// The notes calc, batch and the report say in a result (a no-scheme
// value's note, beside its reason; the provisional note, in a summary) are
// in nynorsk too in every embedded file, so a nynorsk result is nynorsk
// throughout; the notes rules show lists may fall back to bokmål, which it
// says.
func TestResultNotesInNynorsk(t *testing.T) {
	n := 0
	for _, p := range Periods() {
		r := embedded(t, p)
		for _, d := range DriftsformWords {
			if v := r.Get(NoSchemeFor(d)); v != nil && v.Note != "" {
				n++
				if v.NoteNN == "" || v.NoteIn(msg.NN) == v.NoteIn(msg.NB) {
					t.Errorf("%s: %s has no nynorsk note", p, v.Path)
				}
			}
		}
		if pr := r.Provisional; pr != nil {
			n++
			if pr.NoteNN == "" || pr.NoteInBokmal(msg.NN) {
				t.Errorf("%s: the provisional note has no nynorsk", p)
			}
		}
	}
	if n < 2 {
		t.Fatalf("only %d notes checked", n)
	}
	// A note with no nynorsk is said in bokmål, and says so.
	m := &Meta{Note: "n", NoteNB: "b"}
	if m.NoteIn(msg.NN) != "b" || !m.NoteInBokmal(msg.NN) || m.NoteInBokmal(msg.NB) || m.NoteIn(msg.EN) != "n" {
		t.Errorf("the fallback of a note: %q, %v", m.NoteIn(msg.NN), m.NoteInBokmal(msg.NN))
	}
}

// The index of the embedded files (read from their top-level keys, not
// parsed) says what loading each file says: its period and its dates; and
// every file in the folder is indexed.
func TestEmbeddedIndex(t *testing.T) {
	entries, err := fs.ReadDir(periods, "periods")
	if err != nil {
		t.Fatal(err)
	}
	if len(embeddedFiles()) != len(entries) {
		t.Fatalf("%d files indexed of %d", len(embeddedFiles()), len(entries))
	}
	for _, f := range embeddedFiles() {
		b, _ := periods.ReadFile("periods/" + f.file)
		r, err := Load(EmbeddedPrefix+f.file, b)
		if err != nil {
			t.Fatalf("%s: %v", f.file, err)
		}
		if r.Period != f.period || r.ValidFrom != f.from || r.ValidTo != f.to {
			t.Errorf("%s: indexed as %s %v–%v, loads as %s %v–%v", f.file, f.period, f.from, f.to, r.Period, r.ValidFrom, r.ValidTo)
		}
	}
	if _, err := indexEntry("x.yaml", []byte("schema: 2\nperiod: \"2021\"\n")); err == nil {
		t.Errorf("a file without dates is indexed")
	}
}

// The embedded files say what domain.md says, with the same basis. A value
// promoted from assumed to verified, or a changed figure, fails here.
func TestEmbeddedFiguresAndBases(t *testing.T) {
	type want struct {
		period string
		path   string
		value  string
		basis  Basis
	}
	wants := []want{
		{"2021", "schemes.naering.cap", "240000", Verified},
		{"2021", "schemes.fastlonn.cap", "240000", Verified},
		{"2021", "schemes.naering.budget", "48000000", Verified},
		{"2021", "schemes.fastlonn.budget", "54000000", Verified},
		{"2021", "cofinancing_share", "0.20", Verified},
		{"2021", "schemes.naering.vikar.min_months", "12", Verified},
		{"2021", "schemes.fastlonn.vikar.min_months", "12", Verified},
		{"2021", "schemes.naering.vikar.min_qualifies", "false", Verified},
		{"2021", "schemes.naering.max_grant_years", "4", Verified},
		{"2021", "schemes.naering.deadline", "2021-11-16", Verified},
		{"2021", "schemes.fastlonn.deadline", "2021-11-16", Verified},
		{"2021", "proration.method", "whole_months", Inferred},
		{"2021", "proration.partial_month_counts", "false", Inferred},
		{"2021", "rounding.unit", "1", Inferred},
		{"2021", "rounding.mode", "half_up", Assumed},
		{"2021", "rounding.cofinancing_mode", "down", Inferred},
		{"2021", "staffing_agency_excluded", "false", Inferred},
		{"2019", "schemes.naering.budget", "30000000", Verified},
		{"2019", "schemes.naering.deadline", "2019-11-25", Verified},
		{"2019", "schemes.naering.cap", "240000", Assumed},
		{"2019", "cofinancing_share", "0.20", Assumed},
		{"2019", "schemes.naering.roles", "fastlege", Inferred},
		{"2020", "schemes.naering.cap", "240000", Assumed},
		{"2020", "schemes.naering.driftsformer", "naering", Verified},
		{"2020", "schemes.naering.roles", "fastlege", Inferred},

		// Veiledning av LIS3.
		{"2021", "schemes.veiledning_lis3.hourly_rate", "1000", Verified},
		{"2021", "schemes.veiledning_lis3.hours_per_month", "3.5", Verified},
		{"2021", "schemes.veiledning_lis3.max_hours_per_year", "42", Verified},
		{"2021", "schemes.veiledning_lis3.budget", "63600000", Verified},
		{"2020", "schemes.veiledning_lis3.hourly_rate", "1000", Verified},
		{"2020", "schemes.veiledning_lis3.hours_per_month", "3.5", Inferred},
		{"2019", "schemes.veiledning_lis3.hourly_rate", "unknown", Unknown},
		{"2019", "schemes.veiledning_lis3.hours_per_month", "3.5", Assumed},

		// Nasjonal ALIS og veiledning.
		{"2022", "proration.method", "whole_months", Verified},
		{"2022", "schemes.nasjonal_alis.centrality.class", "6", Verified},
		{"2022", "schemes.nasjonal_alis.deadline", "2022-10-01", Verified},
		{"2022", "schemes.nasjonal_alis.positions", "fastlege, introduksjonslege, allmennlege", Verified},
		{"2022", "schemes.nasjonal_alis.vikar.min_months", "3", Assumed},
		{"2022", "schemes.nasjonal_alis.budget", "224600000", Verified},
		{"2022", "staffing_agency_excluded", "false", Assumed},
		{"2023", "schemes.nasjonal_alis.deadline", "2023-09-01", Verified},
		{"2023", "schemes.nasjonal_alis.vikar.min_months", "3", Verified},
		{"2023", "schemes.nasjonal_alis.vikar.min_qualifies", "false", Verified},
		{"2023", "staffing_agency_excluded", "true", Verified},
		{"2023", "signing.required", "true", Verified},
		{"2023", "signing.backdate_if_hired_after", "2022-09-30", Verified},
		{"2023", "signing.backdate_to", "2022-10-01", Verified},
		{"2023", "schemes.nasjonal_alis.budget", "431000000", Verified},
		{"2024", "schemes.nasjonal_alis.vikar.min_months", "3", Assumed},
		{"2024", "staffing_agency_excluded", "true", Assumed},
		{"2024", "schemes.nasjonal_alis.budget", "unknown", Unknown},
		{"2024/25", "schemes.nasjonal_alis.deadline", "2025-08-31", Verified},
		{"2024/25", "staffing_agency_excluded", "true", Verified},
		{"2025/26", "schemes.nasjonal_alis.hourly_rate", "1375", Assumed},
		{"2025/26", "schemes.nasjonal_alis.practice_compensation.share", "0.60", Assumed},
		{"2025/26", "schemes.nasjonal_alis.practice_compensation.max_hours", "160", Assumed},
		{"2025/26", "schemes.nasjonal_alis.learning_activities.max", "14000", Assumed},
		{"2025/26", "schemes.nasjonal_alis.productivity.max", "125000", Assumed},
		{"2025/26", "schemes.nasjonal_alis.productivity.window_months", "24", Assumed},
		{"2025/26", "schemes.nasjonal_alis.supervision.rate_factor", "1.15", Assumed},
		{"2025/26", "schemes.nasjonal_alis.supervision.max_hours", "57.75", Assumed},
		{"2025/26", "schemes.nasjonal_alis.facilitation.share", "0.05", Assumed},
		{"2025/26", "schemes.nasjonal_alis.centrality.max", "200000", Assumed},
		{"2025/26", "schemes.nasjonal_alis.veiledning_components", "supervision", Inferred},
	}
	// No public source gives the amounts of 2022–2024/25: every one stays unknown.
	for _, p := range []string{"2022", "2023", "2024", "2024/25"} {
		for _, c := range Categories {
			for _, prefix := range []string{"amount.", "amount_centrality."} {
				wants = append(wants, want{p, "schemes.nasjonal_alis." + prefix + c, "unknown", Unknown})
			}
		}
	}
	// The prototype's rates are not official: nothing of 2025/26 is verified
	// but the scheme's name.
	for _, v := range embedded(t, "2025/26").Params() {
		if v.Basis == Verified && v.Path != "schemes.nasjonal_alis.name" {
			t.Errorf("2025/26: %s is verified", v.Path)
		}
	}
	params := map[string]map[string]*Value{}
	for _, p := range Periods() {
		params[p] = map[string]*Value{}
		for _, v := range embedded(t, p).Params() {
			params[p][v.Path] = v
		}
	}
	for _, w := range wants {
		v, ok := params[w.period][w.path]
		if !ok {
			t.Errorf("%s: %s is missing", w.period, w.path)
			continue
		}
		if v.String() != w.value || v.Basis != w.basis {
			t.Errorf("%s: %s = %s (%s), want %s (%s)", w.period, w.path, v, v.Basis, w.value, w.basis)
		}
	}
	// Not found in any source, so left out rather than guessed.
	for _, path := range []string{"schemes.naering.deadline", "schemes.naering.budget"} {
		if _, ok := params["2020"][path]; ok {
			t.Errorf("2020: %s is given, but no source for it was found", path)
		}
	}
	if _, ok := params["2020"]["schemes.fastlonn.cap"]; ok {
		t.Error("2020 has a fastlønn scheme")
	}
}

// Every descriptor of the registry is read and written: a rule file with
// every value loads, marshals and loads again to the same values.
func TestRegistryIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Registry() {
		key := p.Name
		if p.Scheme {
			key = "schemes." + p.Name + " " + joinStrings(p.Formulas)
		}
		if seen[key] {
			t.Errorf("%s is described twice", key)
		}
		seen[key] = true
		if p.Unit == "" || p.Doc == "" || ((p.Need.When != nil || p.Need.Unused != nil) && p.Need.Why == nil) {
			t.Errorf("%s lacks a unit, a doc or why it is needed", p.Name)
		}
		if p.Kind == KindEnum || p.Kind == KindList {
			if len(p.Enum) == 0 {
				t.Errorf("%s has no words", p.Name)
			}
		}
	}
	// Each embedded period, with every value of the registry its formulas
	// may have that it does not give set (Set), marshals and loads again to
	// the same values; together they hold every value of every formula.
	covered := map[string]bool{}
	for _, period := range Periods() {
		r := embedded(t, period)
		// A value may need another first (vikar.min_months needs
		// vikar.min_qualifies): set in passes until none is left to set.
		failed := map[string]error{}
		for pass, progress := 0, true; progress && pass < 5; pass++ {
			progress = false
			clear(failed)
			for _, p := range registry {
				for _, path := range pathsOf(r, &p) {
					if r.valueAt(path) != nil || p.Need.unused(r, r.schemeAt(path)) {
						continue
					}
					next, err := r.Set(path + "=" + sampleOf(r, &p))
					if err != nil {
						failed[path] = err
						continue
					}
					r, progress = next, true
				}
			}
		}
		for path, err := range failed {
			t.Errorf("%s: %s cannot be set: %v", period, path, err)
		}
		data, err := Marshal(r)
		if err != nil {
			t.Fatalf("%s: %v", period, err)
		}
		back, err := Load(period+".yaml", data)
		if err != nil {
			t.Fatalf("%s with every value: %v", period, err)
		}
		want, got := r.Params(), back.Params()
		if len(got) != len(want) {
			t.Errorf("%s: %d values written, %d read back", period, len(want), len(got))
			continue
		}
		for i, v := range want {
			w := got[i]
			if v.Path != w.Path || v.String() != w.String() || v.Unit != w.Unit || v.Basis != w.Basis || v.Note != w.Note ||
				v.NoteNB != w.NoteNB || v.Quote != w.Quote || len(v.References) != len(w.References) {
				t.Errorf("%s: %s = %s (%s) read back as %s = %s (%s)", period, v.Path, v, v.Basis, w.Path, w, w.Basis)
			}
			covered[coverKey(r, v)] = true
		}
	}
	for _, p := range registry {
		fs := []Formula{""}
		if p.Scheme {
			fs = p.Formulas
			if fs == nil {
				fs = Formulas
			}
		}
		for _, f := range fs {
			if k := p.Name + " " + string(f); !covered[k] {
				t.Errorf("%s (%s) is in no file the test writes and reads back", p.Name, f)
			}
		}
	}
}

// pathsOf are the paths a registry value has in r: its own at the top of
// the file, or one in each scheme of a formula it belongs to.
func pathsOf(r *Rules, p *Param) []string {
	if !p.Scheme {
		return []string{p.Name}
	}
	var out []string
	for _, s := range r.Schemes {
		if p.Formulas == nil || contains(p.Formulas, s.Formula) {
			out = append(out, "schemes."+s.ID+"."+p.Name)
		}
	}
	return out
}

// valueAt is the value at a path of pathsOf, or nil.
func (r *Rules) valueAt(path string) *Value {
	if rest, ok := strings.CutPrefix(path, "schemes."); ok {
		id, name, _ := strings.Cut(rest, ".")
		return r.Scheme(id).Value(name)
	}
	return r.Value(path)
}

// schemeAt is the scheme of a path of pathsOf, or nil for a file value.
func (r *Rules) schemeAt(path string) *Scheme {
	if rest, ok := strings.CutPrefix(path, "schemes."); ok {
		id, _, _ := strings.Cut(rest, ".")
		return r.Scheme(id)
	}
	return nil
}

// sampleOf is a value of p's kind within its bounds, for Set.
func sampleOf(r *Rules, p *Param) string {
	switch p.Kind {
	case KindDecimal:
		if p.Min != nil {
			return p.Min.Add(decimal.New(1, 0)).String()
		}
		return "1"
	case KindInt:
		return strconv.Itoa(p.MinInt)
	case KindBool:
		return "false"
	case KindDate:
		return r.ValidFrom.String()
	case KindText:
		return "text"
	}
	return p.Enum[0]
}

// coverKey names a value read back by its registry name and formula.
func coverKey(r *Rules, v *Value) string {
	if rest, ok := strings.CutPrefix(v.Path, "schemes."); ok {
		id, name, _ := strings.Cut(rest, ".")
		return name + " " + string(r.Scheme(id).Formula)
	}
	return v.Path + " "
}

// The embedded periods follow each other without a gap or an overlap, so
// that every day from 01.01.2019 to 31.05.2026 belongs to one period.
func TestEmbeddedPeriodsAreContiguous(t *testing.T) {
	var prev *Rules
	for _, p := range Periods() {
		r := embedded(t, p)
		if prev != nil && !prev.ValidTo.Next().Equal(r.ValidFrom) {
			t.Errorf("%s ends %s, %s begins %s", prev.Period, prev.ValidTo, r.Period, r.ValidFrom)
		}
		if PeriodOf(r.ValidFrom) != p || PeriodOf(r.ValidTo) != p {
			t.Errorf("PeriodOf(%s) = %q, PeriodOf(%s) = %q; want %s", r.ValidFrom, PeriodOf(r.ValidFrom), r.ValidTo, PeriodOf(r.ValidTo), p)
		}
		prev = r
	}
	want := []string{"2019", "2020", "2021", "2022", "2023", "2024", "2024/25", "2025/26", "2026/27"}
	if got := Periods(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Periods() = %v", got)
	}
	if got := PeriodsTouched(date.MustNew(2022, 9, 1), date.MustNew(2023, 12, 31)); strings.Join(got, " ") != "2022 2023 2024" {
		t.Errorf("PeriodsTouched = %v", got)
	}
	if PeriodOf(date.MustNew(2018, 12, 31)) != "" || PeriodOf(date.MustNew(2027, 6, 1)) != "" || PeriodOf(date.MustNew(2026, 6, 1)) != "2026/27" {
		t.Error("a day outside every period has one")
	}
}
