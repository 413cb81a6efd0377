package calc_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// caseFile is one case of testdata/cases/*.yaml.
type caseFile struct {
	Name string `yaml:"name"`
	// Period is an embedded period ("2021", "2025/26"), or one moved by
	// whole years ("2025/26+1" is the 2025/26 rules applied to 2026/27).
	// Periods computes the agreement under each and adds up the amounts.
	Period  string   `yaml:"period"`
	Periods []string `yaml:"periods"`
	// Rules is a rule file of testdata/cases instead of an embedded period.
	Rules      string            `yaml:"rules"`
	Set        []string          `yaml:"set"`
	Input      map[string]string `yaml:"input"`
	Employment []struct {
		Position string `yaml:"position"`
		Percent  string `yaml:"percent"`
		From     string `yaml:"from"`
		To       string `yaml:"to"`
	} `yaml:"employment"`
	Output struct {
		Eligible         *bool             `yaml:"eligible"`
		Reasons          *[]calc.Code      `yaml:"reasons"`
		Months           *int              `yaml:"months"`
		CapProrated      *string           `yaml:"cap_prorated"`
		CostLimit        *string           `yaml:"cost_limit"`
		Grant            *string           `yaml:"grant"`
		GrantExact       *string           `yaml:"grant_exact"`
		KommuneShare     *string           `yaml:"kommune_share"`
		CostForFullGrant *string           `yaml:"cost_for_full_grant"`
		LimitedBy        *string           `yaml:"limited_by"`
		Assumed          *[]string         `yaml:"assumed"`
		Unknown          *[]string         `yaml:"unknown"`
		GrantBasis       *calc.Basis       `yaml:"grant_basis"`
		Missing          *[]string         `yaml:"missing"`           // the inputs not given that the grant is computed without
		Ignored          *[]string         `yaml:"ignored"`           // the inputs given that the formula does not read
		Components       map[string]string `yaml:"components"`        // exact amounts, summed over the periods
		LineAmounts      []string          `yaml:"line_amounts"`      // each line's amount ("" for none)
		LineMonths       []int             `yaml:"line_months"`       // each line's whole months
		ComponentNotes   map[string]string `yaml:"component_notes"`   // the note of an element
		ComponentClaimed map[string]string `yaml:"component_claimed"` // what was claimed
		ComponentBases   map[string]string `yaml:"component_bases"`   // the kind of figure of an element
	} `yaml:"output"`
}

// TestCaseFiles runs every case in testdata/cases through both paths and
// matches every output the case lists exactly.
func TestCaseFiles(t *testing.T) {
	files, _ := filepath.Glob("../testdata/cases/*.yaml")
	if len(files) == 0 {
		t.Fatal("no case files in testdata/cases")
	}
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		var cases []caseFile
		if err := dec.Decode(&cases); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, c := range cases {
			n++
			t.Run(filepath.Base(f)+"/"+c.Name, func(t *testing.T) {
				runCase(t, &c)
			})
		}
	}
	if n < 15 {
		t.Fatalf("only %d cases", n)
	}
}

func runCase(t *testing.T, c *caseFile) {
	o := c.Output
	if o.Eligible == nil || o.Reasons == nil || (o.Grant == nil && o.Components == nil) {
		t.Fatal("a case must give at least eligible, reasons, and the grant or the components")
	}
	a, err := caseAgreement(c)
	if err != nil {
		t.Fatal(err)
	}
	periods := c.Periods
	if len(periods) == 0 {
		periods = []string{c.Period}
	}
	var results []calc.Result
	for _, p := range periods {
		results = append(results, computeBoth(t, caseEngine(t, c, p), a))
	}
	res := results[0]
	check := func(name string, want *string, got string) {
		if want != nil && *want != got {
			t.Errorf("%s = %s, want %s", name, got, *want)
		}
	}
	if *o.Eligible != res.Eligible {
		t.Errorf("eligible = %v, want %v", res.Eligible, *o.Eligible)
	}
	if diff := cmp.Diff(*o.Reasons, codes(res.Reasons)); diff != "" {
		t.Errorf("reasons (-want +got):\n%s", diff)
	}
	if o.Months != nil && *o.Months != res.Months {
		t.Errorf("months = %d, want %d", res.Months, *o.Months)
	}
	if len(results) == 1 {
		check("grant", o.Grant, optional(res.Grant))
		if x, ok := res.Exact.Get(); ok || o.GrantExact != nil {
			check("grant_exact", o.GrantExact, x)
		}
	} else {
		var sum calc.Money
		for _, r := range results {
			sum += r.Grant.Or(0)
		}
		check("grant (the sum over the periods)", o.Grant, sum.String())
	}
	check("cap_prorated", o.CapProrated, optional(res.CapProrated))
	check("cost_limit", o.CostLimit, optional(res.CostLimit))
	check("kommune_share", o.KommuneShare, optional(res.KommuneShare))
	check("cost_for_full_grant", o.CostForFullGrant, optional(res.CostForFullGrant))
	check("limited_by", o.LimitedBy, string(res.LimitedBy))
	if o.Assumed != nil {
		if diff := cmp.Diff(*o.Assumed, res.AssumedValues()); diff != "" {
			t.Errorf("assumed (-want +got):\n%s", diff)
		}
	}
	if o.Unknown != nil {
		if diff := cmp.Diff(*o.Unknown, res.UnknownValues()); diff != "" {
			t.Errorf("unknown (-want +got):\n%s", diff)
		}
	}
	if o.GrantBasis != nil && *o.GrantBasis != res.GrantBasis {
		t.Errorf("grant_basis = %s, want %s", res.GrantBasis, *o.GrantBasis)
	}
	for _, c := range []struct {
		name string
		want *[]string
		got  calc.InputSet
	}{{"missing", o.Missing, res.Missing}, {"ignored", o.Ignored, res.Ignored}} {
		if c.want != nil {
			if diff := cmp.Diff(*c.want, c.got.Names()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.name, diff)
			}
		}
	}
	for name, want := range o.ComponentBases {
		found := false
		for _, comp := range res.Components {
			if comp.Name == name {
				found = true
				if string(comp.Basis) != want {
					t.Errorf("%s basis = %q, want %q", name, comp.Basis, want)
				}
			}
		}
		if !found {
			t.Errorf("no element %s", name)
		}
	}
	for name, want := range o.Components {
		sum, found := decimal.Zero, false
		for _, r := range results {
			for _, comp := range r.Components {
				if comp.Name == name {
					x, ok := comp.Exact.Get()
					if !ok {
						t.Errorf("%s under %s is unknown", name, r.Period)
						continue
					}
					sum, found = sum.Add(decimal.RequireFromString(x)), true
				}
			}
		}
		w := decimal.RequireFromString(want)
		if len(results) > 1 {
			// Each period's exact amount is kept to DivScale decimals.
			sum, w = sum.Round(calc.DivScale-2), w.Round(calc.DivScale-2)
		}
		if !found || !sum.Equal(w) {
			t.Errorf("%s = %s (found %v), want %s", name, sum, found, w)
		}
	}
	for name, want := range o.ComponentNotes {
		for _, comp := range res.Components {
			if comp.Name == name && string(comp.Note) != want {
				t.Errorf("%s note = %q, want %q", name, comp.Note, want)
			}
		}
	}
	for name, want := range o.ComponentClaimed {
		for _, comp := range res.Components {
			if comp.Name == name && optional(comp.Claimed) != want {
				t.Errorf("%s claimed = %q, want %q", name, optional(comp.Claimed), want)
			}
		}
	}
	if o.LineAmounts != nil {
		var got []string
		for _, l := range res.Lines {
			got = append(got, optional(l.Amount))
		}
		if diff := cmp.Diff(o.LineAmounts, got); diff != "" {
			t.Errorf("line amounts (-want +got):\n%s", diff)
		}
	}
	if o.LineMonths != nil {
		var got []int
		for _, l := range res.Lines {
			got = append(got, l.Months)
		}
		if diff := cmp.Diff(o.LineMonths, got); diff != "" {
			t.Errorf("line months (-want +got):\n%s", diff)
		}
	}
}

// caseEngine is the engine of a case's rules under one period.
func caseEngine(t *testing.T, c *caseFile, period string) *calc.Engine {
	t.Helper()
	var r *rules.Rules
	var err error
	if c.Rules != "" {
		data, rerr := os.ReadFile(filepath.Join("../testdata/cases", c.Rules))
		if rerr != nil {
			t.Fatal(rerr)
		}
		r, err = rules.Load(c.Rules, data)
	} else {
		name, shift := period, 0
		if i := strings.LastIndexAny(period, "+-"); i > 4 {
			name = period[:i]
			shift, err = strconv.Atoi(period[i:])
			if err != nil {
				t.Fatal(err)
			}
		}
		r, err = rules.Embedded(name)
		if err == nil && shift != 0 {
			r, err = r.Shift(shift)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Set {
		if r, err = r.Set(s); err != nil {
			t.Fatal(err)
		}
	}
	e, err := calc.NewEngine(r)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// optional writes an optional amount as the case files do: "" for none.
func optional(m calc.Optional[calc.Money]) string {
	if v, ok := m.Get(); ok {
		return v.String()
	}
	return ""
}

// caseAgreement reads a case's input, written as people write it, with
// the readers of package input.
func caseAgreement(c *caseFile) (calc.Agreement, error) {
	var a calc.Agreement
	for k, v := range c.Input {
		in, ok := input.Lookup(k)
		if !ok || in.Employment {
			return a, fmt.Errorf("the case input %s is not read (employment periods go under employment)", k)
		}
		if err := in.Set(&a, v); err != nil {
			return a, err
		}
	}
	for _, e := range c.Employment {
		from, err := input.ParseDate(e.From)
		if err != nil {
			return a, err
		}
		var to date.Date
		if e.To != "" {
			if to, err = input.ParseDate(e.To); err != nil {
				return a, err
			}
		}
		emp, err := input.EmploymentPeriod(e.Position, e.Percent, from, to)
		if err != nil {
			return a, err
		}
		a.Employment = append(a.Employment, emp)
	}
	return a, nil
}
