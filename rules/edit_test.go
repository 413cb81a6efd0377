package rules

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summary is what a rule set says, without where it was read from.
func summary(r *Rules) []string {
	out := []string{r.Period, r.Title, r.Note, r.ValidFrom.String(), r.ValidTo.String()}
	for _, p := range r.Params() {
		out = append(out, strings.Join([]string{p.Path, p.String(), p.Unit, string(p.Basis), p.Note, p.Quote}, "|"))
		for _, ref := range p.References {
			out = append(out, "  "+ref.Title+" "+ref.Href)
		}
	}
	for _, s := range r.Schemes {
		out = append(out, "scheme "+s.ID+" "+string(s.Formula))
	}
	return out
}

func embedded(t *testing.T, period string) *Rules {
	t.Helper()
	r, err := Embedded(period)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func value(t *testing.T, r *Rules, path string) *Value {
	t.Helper()
	for _, v := range r.Params() {
		if v.Path == path {
			return v
		}
	}
	t.Fatalf("%s: no value %s", r.Period, path)
	return nil
}

// Loading a rule file, writing it back and loading it again gives the same rules.
func TestMarshalRoundTrip(t *testing.T) {
	for _, p := range Periods() {
		r := embedded(t, p)
		b, err := Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Load("written.yaml", b)
		if err != nil {
			t.Fatalf("%s: the written file does not load:\n%v\n%s", p, err, b)
		}
		if diff := cmp.Diff(summary(r), summary(back)); diff != "" {
			t.Errorf("%s: round trip differs (-read +written):\n%s", p, diff)
		}
	}
}

func TestSet(t *testing.T) {
	r := embedded(t, "2021")
	c, err := r.Set("cap=300000")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Schemes {
		if s.Formula != CofinancedCap {
			if s.Value("cap") != nil {
				t.Errorf("%s was given a cap", s.ID)
			}
			continue
		}
		if v := s.Value("cap"); v.String() != "300000" || v.Basis != Assumed || v.Note != "set to 300000 for this run" {
			t.Errorf("%s cap = %s (%s, %q)", s.ID, v, v.Basis, v.Note)
		}
	}
	if v := r.Schemes[0].Value("cap"); v.String() != "240000" || v.Basis != Verified {
		t.Error("Set changed the original rules")
	}
	if c.SHA256 == r.SHA256 || len(c.Overrides) != 1 || c.Overrides[0] != "cap=300000" {
		t.Errorf("identity not changed: %s %v", c.SHA256, c.Overrides)
	}
	c2, err := c.Set("vikar_min_months=3")
	if err != nil || c2.Schemes[0].Value("vikar.min_months").Int() != 3 || c2.Schemes[1].Value("vikar.min_months").Int() != 3 ||
		len(c2.Overrides) != 2 || c2.Overrides[1] != "vikar.min_months=3" || c2.SHA256 == c.SHA256 {
		t.Errorf("second override: %v %+v", err, c2.Overrides)
	}
	if c, err := r.Set("schemes.fastlonn.cap=260000"); err != nil || c.Schemes[1].Value("cap").String() != "260000" || c.Schemes[0].Value("cap").String() != "240000" {
		t.Errorf("scheme cap: %v", err)
	}
	for in, want := range map[string]string{
		"capp=1":                      "capp: not a value that can be set",
		"cap":                         "cap: write NAME=VALUE, such as cap=300000",
		"cap=-1":                      "cap: -1 is negative",
		"cap=1e6":                     `cap: "1e6" is not a decimal number (write 240000: no spaces, commas or exponents)`,
		"cofinancing_share=1.5":       "cofinancing_share: 1.5 is outside 0..1 (write 20 % as 0.20)",
		"schemes.nasjonal.cap=1":      "schemes.nasjonal.cap: no scheme nasjonal in these rules",
		"deadline=2023-01-01":         "deadline: schemes.naering.deadline: 2023-01-01 is more than six months after the period 2021 ends (2021-12-31)",
		"rounding.mode=bankers":       `rounding.mode: "bankers" is not one of: half_up, down`,
		"vikar.min_qualifies=kanskje": `vikar.min_qualifies: "kanskje" is not true or false`,
		"schemes.naering.formula=x":   "schemes.naering.formula: not a value that can be set",
	} {
		_, err := r.Set(in)
		if err == nil || err.Error() != want {
			t.Errorf("Set(%q) = %v, want %q", in, err, want)
		}
	}
	r20 := embedded(t, "2020")
	// A scheme may cover vikarer with no minimum (as veiledning av LIS3 does).
	if c, err := r20.Set("schemes.naering.roles=fastlege,vikar"); err != nil || c.Schemes[0].Value("vikar.min_months") != nil {
		t.Errorf("vikar without a minimum: %v", err)
	}
	if _, err := r20.Set("vikar.min_months=12"); err == nil {
		t.Fatal("vikar.min_months was accepted for rules that cover no vikar")
	} else if err.Error() != "vikar.min_months: schemes.naering.vikar.min_months: is given, but nothing in these rules uses it: only a scheme whose roles include vikar uses it" {
		t.Errorf("vikar minimum without vikarer: %v", err)
	}
	if _, err := r.Set("schemes.fastlonn.driftsformer=næring"); err == nil || err.Error() != `schemes.fastlonn.driftsformer: schemes.fastlonn.roles: alis_avtale naering fastlege is already covered by scheme "naering": each grant type, driftsform and role may be covered by one scheme` {
		t.Errorf("overlapping coverage: %v", err)
	}
	if _, err := r.Set("nope=1"); err == nil || len(err.(*SetError).Valid) < 10 {
		t.Error("an unknown name does not list the valid names")
	}
}

func TestShift(t *testing.T) {
	r := embedded(t, "2020")
	c, err := r.Shift(1)
	if err != nil {
		t.Fatal(err)
	}
	if c.Period != "2021" || c.ShiftedFrom != "2020" || c.ValidFrom.String() != "2021-01-01" || c.ValidTo.String() != "2021-12-31" || c.SHA256 == r.SHA256 || c.Label() != "2020→2021" {
		t.Errorf("2020 rules for 2021: %s %s %s %s %s", c.Period, c.ShiftedFrom, c.ValidFrom, c.ValidTo, c.Label())
	}
	r21 := embedded(t, "2021")
	c, _ = r21.Shift(-1)
	if c.Schemes[1].Value("deadline").Date().String() != "2020-11-16" || r21.Schemes[1].Value("deadline").Date().String() != "2021-11-16" {
		t.Errorf("deadline moved to %s", c.Schemes[1].Value("deadline").Date())
	}
	if got := shiftPeriod("2024/25", 1); got != "2025/26" {
		t.Errorf("2024/25 + 1 = %s", got)
	}
	if got := shiftPeriod("2099/00", 1); got != "2100/01" {
		t.Errorf("2099/00 + 1 = %s", got)
	}
}

// Every name that Set accepts changes the value it names, marks it
// assumed, and the result still marshals to a valid rule file.
func TestSetEveryName(t *testing.T) {
	for _, tt := range []struct {
		period    string
		set, path string
		wantValue string
	}{
		{"2021", "cofinancing_share=0.1", "cofinancing_share", "0.1"},
		{"2021", "share=0.25", "cofinancing_share", "0.25"},
		{"2021", "vikar.min_qualifies=true", "schemes.naering.vikar.min_qualifies", "true"},
		{"2021", "schemes.fastlonn.vikar.min_months=6", "schemes.fastlonn.vikar.min_months", "6"},
		{"2021", "max_grant_years=3", "schemes.fastlonn.max_grant_years", "3"},
		{"2021", "staffing_agency_excluded=true", "staffing_agency_excluded", "true"},
		{"2021", "deadline=2021-12-01", "schemes.naering.deadline", "2021-12-01"},
		{"2021", "rounding.unit=10", "rounding.unit", "10"},
		{"2021", "rounding.mode=down", "rounding.mode", "down"},
		{"2021", "rounding.cofinancing_mode=half_up", "rounding.cofinancing_mode", "half_up"},
		{"2021", "proration.partial_month_counts=true", "proration.partial_month_counts", "true"},
		{"2021", "proration.method=days", "proration.method", "days"},
		{"2021", "schemes.naering.budget=1000", "schemes.naering.budget", "1000"},
		{"2021", "schemes.naering.grant_types=alis_avtale", "schemes.naering.grant_types", "alis_avtale"},
		{"2021", "signing.required=true", "signing.required", "true"},
		{"2021", "training_required=true", "training_required", "true"},
		{"2020", "schemes.naering.budget=16000000", "schemes.naering.budget", "16000000"},
		{"2020", "deadline=2020-11-15", "schemes.naering.deadline", "2020-11-15"},
		{"2020", "schemes.naering.driftsformer=naering,fastlønn", "schemes.naering.driftsformer", "naering, fastlonn"},
	} {
		r := embedded(t, tt.period)
		c, err := r.Set(tt.set)
		if err != nil {
			t.Errorf("%s set %s: %v", tt.period, tt.set, err)
			continue
		}
		if v := value(t, c, tt.path); v.String() != tt.wantValue || v.Basis != Assumed {
			t.Errorf("%s set %s: %s = %s (%s)", tt.period, tt.set, v.Path, v, v.Basis)
		}
		b, err := Marshal(c)
		if err == nil {
			_, err = Load("set.yaml", b)
		}
		if err != nil {
			t.Errorf("%s set %s: the changed rules do not round-trip: %v", tt.period, tt.set, err)
		}
	}
	r := embedded(t, "2021")
	for _, bad := range []string{"max_grant_years=0", "vikar.min_months=121", "staffing_agency_excluded=kanskje", "deadline=16.11.2021",
		"rounding.unit=0", "proration.method=weeks", "proration.partial_month_counts=2", "schemes.naering.budget=x", "schemes.naering.roles=overlege",
		"schemes.naering.driftsformer=offentlig"} {
		if _, err := r.Set(bad); err == nil {
			t.Errorf("set %s was accepted", bad)
		}
	}
}

func TestDraft(t *testing.T) {
	r := embedded(t, "2021")
	d, err := r.Draft("2022")
	if err != nil {
		t.Fatal(err)
	}
	if d.Provisional == nil || d.Provisional.CarriedFrom != "2021" || d.DatesBasis != Assumed || !strings.Contains(d.Provisional.Note, "carried from the 2021 rules") {
		t.Errorf("the draft is not marked provisional: %+v %s", d.Provisional, d.DatesBasis)
	}
	if d.Period != "2022" || d.ValidFrom.String() != "2022-01-01" || d.Schemes[0].Value("deadline").Date().String() != "2022-11-16" || !strings.Contains(d.Title, "2022") {
		t.Errorf("draft: %s %s %s %q", d.Period, d.ValidFrom, d.Schemes[0].Value("deadline").Date(), d.Title)
	}
	for _, p := range d.Params() {
		if p.Basis != Assumed || !strings.HasPrefix(p.Note, "Copied from the 2021 rules (") {
			t.Errorf("%s: %s %q", p.Path, p.Basis, p.Note)
		}
	}
	if r.Schemes[0].Value("cap").Basis != Verified {
		t.Error("Draft changed the rules it was made from")
	}
	for _, bad := range []string{"2021", "2022abc", "   1", "", "2030/31", "2030/32", "20222"} {
		if d, err := r.Draft(bad); err == nil {
			t.Errorf("a draft for %q was made: %s", bad, d.Period)
		}
	}
	// A split period drafts split periods, with the new dates in its title.
	d, err = embedded(t, "2025/26").Draft("2026/27")
	if err != nil {
		t.Fatal(err)
	}
	if d.Period != "2026/27" || d.ValidFrom.String() != "2026-06-01" || d.ValidTo.String() != "2027-05-31" || d.Title != "Nasjonal ALIS og veiledning 2026/27 (01.06.2026–31.05.2027)" {
		t.Errorf("draft: %s %s %s %q", d.Period, d.ValidFrom, d.ValidTo, d.Title)
	}
	b, err := Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load("draft", b)
	if err != nil || back.Provisional == nil || back.Provisional.CarriedFrom != "2025/26" || back.DatesBasis != Assumed {
		t.Errorf("the draft does not load back provisional: %v %+v", err, back)
	}
	if _, err := d.Draft("2027"); err == nil {
		t.Error("a split period drafted a calendar year")
	}
}

func TestDiff(t *testing.T) {
	changes := Diff(embedded(t, "2020"), embedded(t, "2021"))
	var got []string
	for _, c := range changes {
		got = append(got, string(c.Kind)+" "+c.Param)
	}
	want := []string{
		"basis rounding.unit", "basis rounding.cofinancing_mode", "basis proration.method", "basis proration.partial_month_counts",
		"basis cofinancing_share", "basis staffing_agency_excluded",
		"changed schemes.naering.name", "basis schemes.naering.budget_post", "changed schemes.naering.roles",
		"basis schemes.naering.max_grant_years", "basis schemes.naering.cap",
		"basis schemes.veiledning_lis3.budget_post", "basis schemes.veiledning_lis3.hours_per_month", "basis schemes.veiledning_lis3.max_hours_per_year",
		"added schemes.naering.budget", "added schemes.naering.deadline", "added schemes.naering.vikar.min_months",
		"added schemes.naering.vikar.min_qualifies", "added schemes.fastlonn", "added schemes.veiledning_lis3.budget",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("2020 → 2021 (-want +got):\n%s", diff)
	}
	if len(Diff(embedded(t, "2021"), embedded(t, "2021"))) != 0 {
		t.Error("a rule set differs from itself")
	}
}

// Word's table of spellings as they are gives what folding gives.
func TestWordTableAgreesWithFolding(t *testing.T) {
	if len(wordExact) < 2*len(wordAliases) {
		t.Fatalf("wordExact has %d spellings for %d words", len(wordExact), len(wordAliases))
	}
	for s, w := range wordExact {
		if f := foldWord(s); f != w {
			t.Errorf("Word(%q) = %q from the table, %q folded", s, w, f)
		}
	}
	for s, want := range map[string]string{"Næring": "naering", " NÆRINGSDRIFT ": "naering", "Fastlønn": "fastlonn",
		"fastlegevikar": "vikar", "ALIS-avtale": "alis_avtale", "na\u0308ring": "n\u00e4ring", "A\u030aS": "as", "annet": "annet"} {
		if got := Word(s); got != want {
			t.Errorf("Word(%q) = %q, want %q", s, got, want)
		}
	}
}
