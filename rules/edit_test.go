package rules

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summary is what a rule set says, without where it was read from.
func summary(r *Rules) []string {
	out := []string{r.Title, r.Note, r.ValidFrom.String(), r.ValidTo.String()}
	for _, p := range r.Params() {
		out = append(out, strings.Join([]string{p.Path, p.Value, p.Unit, string(p.Basis), p.Note, p.Quote}, "|"))
		for _, ref := range p.References {
			out = append(out, "  "+ref.Title+" "+ref.Href)
		}
	}
	for _, s := range r.Schemes {
		out = append(out, "scheme "+s.ID)
	}
	return out
}

// Loading a rule file, writing it back and loading it again gives the same rules.
func TestMarshalRoundTrip(t *testing.T) {
	for _, y := range Years() {
		r, err := Embedded(y)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Load("written.yaml", b)
		if err != nil {
			t.Fatalf("%d: the written file does not load:\n%v\n%s", y, err, b)
		}
		if diff := cmp.Diff(summary(r), summary(back)); diff != "" {
			t.Errorf("%d: round trip differs (-read +written):\n%s", y, diff)
		}
	}
}

func TestSet(t *testing.T) {
	r, err := Embedded(2021)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Set("cap=300000")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Schemes {
		if s.Cap.Value.String() != "300000" || s.Cap.Basis != Assumed || !strings.Contains(s.Cap.Note, "--set cap=300000") {
			t.Errorf("%s cap = %s (%s, %q)", s.ID, s.Cap.Value, s.Cap.Basis, s.Cap.Note)
		}
	}
	if r.Schemes[0].Cap.Value.String() != "240000" || r.Schemes[0].Cap.Basis != Verified {
		t.Error("Set changed the original rules")
	}
	if c.SHA256 == r.SHA256 || len(c.Overrides) != 1 || c.Overrides[0] != "cap=300000" {
		t.Errorf("identity not changed: %s %v", c.SHA256, c.Overrides)
	}
	c2, err := c.Set("vikar_min_months=3")
	if err != nil || c2.Vikar.MinMonths.Value != 3 || len(c2.Overrides) != 2 || c2.SHA256 == c.SHA256 {
		t.Errorf("second override: %v %+v", err, c2.Overrides)
	}
	if c, err := r.Set("schemes.fastlonn.cap=260000"); err != nil || c.Schemes[1].Cap.Value.String() != "260000" || c.Schemes[0].Cap.Value.String() != "240000" {
		t.Errorf("scheme cap: %v", err)
	}
	for in, want := range map[string]string{
		"capp=1":                      "--set capp: not a value that can be set",
		"cap":                         "--set cap: write NAME=VALUE, such as cap=300000",
		"cap=-1":                      `--set cap: "-1" is not an amount of kroner from 0 to 100000000 with at most two decimals`,
		"cofinancing_share=1.5":       `--set cofinancing_share: "1.5" is not a share from 0 to 1 with at most 6 decimals (write 20 % as 0.20)`,
		"schemes.nasjonal.cap=1":      "--set schemes.nasjonal.cap: no scheme nasjonal in these rules",
		"deadline=2022-01-01":         "--set deadline: 2022-01-01 is not in the year 2021",
		"rounding.mode=bankers":       `--set rounding.mode: "bankers" is not half_up or down`,
		"vikar.min_qualifies=kanskje": `--set vikar.min_qualifies: "kanskje" is not true or false`,
	} {
		_, err := r.Set(in)
		if err == nil || err.Error() != want {
			t.Errorf("Set(%q) = %v, want %q", in, err, want)
		}
	}
	r20, _ := Embedded(2020)
	if _, err := r20.Set("schemes.naering.roles=fastlege,vikar"); err == nil || err.Error() != "--set schemes.naering.roles: these rules have no vikar minimum: set vikar.min_months first" {
		t.Errorf("vikar without a minimum: %v", err)
	}
	c3, err := r20.Set("vikar.min_months=12")
	if err == nil {
		c3, err = c3.Set("schemes.naering.roles=fastlege,fastlegevikar")
	}
	if err != nil || len(c3.Schemes[0].Roles.Value) != 2 || c3.Schemes[0].Roles.Basis != Assumed {
		t.Errorf("2020 covering vikarer: %v", err)
	}
	if _, err := r.Set("schemes.fastlonn.driftsformer=naering"); err == nil || err.Error() != `--set schemes.fastlonn.driftsformer: naering fastlege is covered by scheme "naering" already` {
		t.Errorf("overlapping coverage: %v", err)
	}
	if _, err := r.Set("nope=1"); err == nil || len(err.(*SetError).Valid) < 10 {
		t.Error("an unknown name does not list the valid names")
	}
}

func TestForYear(t *testing.T) {
	r, err := Embedded(2020)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.ForYear(2021)
	if err != nil {
		t.Fatal(err)
	}
	if c.Year != 2021 || c.FromYear != 2020 || c.ValidFrom.String() != "2021-01-01" || c.ValidTo.String() != "2021-12-31" || c.SHA256 == r.SHA256 {
		t.Errorf("2020 rules for 2021: %d %d %s %s", c.Year, c.FromYear, c.ValidFrom, c.ValidTo)
	}
	r21, _ := Embedded(2021)
	c, _ = r21.ForYear(2020)
	if c.Deadline.Value.String() != "2020-11-16" || r21.Deadline.Value.String() != "2021-11-16" {
		t.Errorf("deadline moved to %s", c.Deadline.Value)
	}
}

// Every name that --set accepts changes the value it names, marks it
// assumed, and the result still marshals to a valid rule file.
func TestSetEveryName(t *testing.T) {
	for _, tt := range []struct {
		year      int
		set, path string
		wantValue string
	}{
		{2021, "cofinancing_share=0.1", "cofinancing_share", "0.1"},
		{2021, "share=0.25", "cofinancing_share", "0.25"},
		{2021, "vikar.min_qualifies=true", "vikar.min_qualifies", "true"},
		{2021, "max_grant_years=3", "max_grant_years", "3"},
		{2021, "staffing_agency_excluded=true", "staffing_agency_excluded", "true"},
		{2021, "deadline=2021-12-01", "deadline", "2021-12-01"},
		{2021, "rounding.unit=10", "rounding.unit", "10"},
		{2021, "rounding.mode=down", "rounding.mode", "down"},
		{2021, "proration.method=days", "proration.method", "days"},
		{2021, "proration.partial_month_counts=true", "proration.partial_month_counts", "true"},
		{2021, "schemes.naering.budget=1000", "schemes.naering.budget", "1000"},
		{2020, "schemes.naering.budget=16000000", "schemes.naering.budget", "16000000"},
		{2020, "deadline=2020-11-15", "deadline", "2020-11-15"},
		{2020, "schemes.naering.driftsformer=naering,fastlonn", "schemes.naering.driftsformer", "naering, fastlonn"},
		{2019, "vikar.min_months=6", "vikar.min_months", "6"},
	} {
		r, err := Embedded(tt.year)
		if err != nil {
			t.Fatal(err)
		}
		c, err := r.Set(tt.set)
		if err != nil {
			t.Errorf("%d --set %s: %v", tt.year, tt.set, err)
			continue
		}
		found := false
		for _, p := range c.Params() {
			if p.Path == tt.path {
				found = true
				if p.Value != tt.wantValue || p.Basis != Assumed {
					t.Errorf("%d --set %s: %s = %s (%s)", tt.year, tt.set, p.Path, p.Value, p.Basis)
				}
			}
		}
		if !found {
			t.Errorf("%d --set %s: no value %s", tt.year, tt.set, tt.path)
		}
		b, err := Marshal(c)
		if err == nil {
			_, err = Load("set.yaml", b)
		}
		if err != nil {
			t.Errorf("%d --set %s: the changed rules do not round-trip: %v", tt.year, tt.set, err)
		}
	}
	r, _ := Embedded(2021)
	for _, bad := range []string{"max_grant_years=0", "vikar.min_months=121", "staffing_agency_excluded=kanskje", "deadline=16.11.2021",
		"rounding.unit=0", "proration.method=weeks", "proration.partial_month_counts=2", "schemes.naering.budget=x", "schemes.naering.roles=overlege", "schemes.naering.driftsformer=offentlig"} {
		if _, err := r.Set(bad); err == nil {
			t.Errorf("--set %s was accepted", bad)
		}
	}
}

func TestDraft(t *testing.T) {
	r, _ := Embedded(2021)
	d, err := r.Draft(2022)
	if err != nil {
		t.Fatal(err)
	}
	if d.Year != 2022 || d.ValidFrom.String() != "2022-01-01" || d.Deadline.Value.String() != "2022-11-16" || !strings.Contains(d.Title, "2022") {
		t.Errorf("draft: %d %s %s %q", d.Year, d.ValidFrom, d.Deadline.Value, d.Title)
	}
	for _, p := range d.Params() {
		if p.Basis != Assumed || !strings.HasPrefix(p.Note, "Copied from the 2021 rules (") {
			t.Errorf("%s: %s %q", p.Path, p.Basis, p.Note)
		}
	}
	if r.Schemes[0].Cap.Basis != Verified {
		t.Error("Draft changed the rules it was made from")
	}
	same, err := r.Draft(2021)
	if err != nil || same == r || same.Schemes[0].Cap.Basis != Assumed {
		t.Errorf("a draft for the same year must still be a marked copy: %v", err)
	}
}
