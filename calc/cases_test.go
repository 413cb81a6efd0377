package calc_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules/date"
)

// caseFile is one case of testdata/cases/*.yaml.
type caseFile struct {
	Name   string            `yaml:"name"`
	Period string            `yaml:"period"`
	Input  map[string]string `yaml:"input"`
	Output struct {
		Eligible         *bool        `yaml:"eligible"`
		Reasons          *[]calc.Code `yaml:"reasons"`
		Months           *int         `yaml:"months"`
		CapProrated      *string      `yaml:"cap_prorated"`
		CostLimit        *string      `yaml:"cost_limit"`
		Grant            *string      `yaml:"grant"`
		KommuneShare     *string      `yaml:"kommune_share"`
		CostForFullGrant *string      `yaml:"cost_for_full_grant"`
		LimitedBy        *string      `yaml:"limited_by"`
		Assumed          *[]string    `yaml:"assumed"`
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
				if c.Output.Eligible == nil || c.Output.Reasons == nil || c.Output.Grant == nil {
					t.Fatal("a case must give at least eligible, reasons and grant")
				}
				a, err := caseAgreement(c.Input)
				if err != nil {
					t.Fatal(err)
				}
				e := engine(t, c.Period)
				res := computeBoth(t, e, a)
				o := c.Output
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
				check("grant", o.Grant, optional(res.Grant))
				check("cap_prorated", o.CapProrated, optional(res.CapProrated))
				check("cost_limit", o.CostLimit, optional(res.CostLimit))
				check("kommune_share", o.KommuneShare, optional(res.KommuneShare))
				check("cost_for_full_grant", o.CostForFullGrant, optional(res.CostForFullGrant))
				check("limited_by", o.LimitedBy, string(res.LimitedBy))
				if o.Assumed != nil {
					got := res.Assumed()
					if diff := cmp.Diff(*o.Assumed, got); diff != "" {
						t.Errorf("assumed (-want +got):\n%s", diff)
					}
				}
			})
		}
	}
	if n < 15 {
		t.Fatalf("only %d cases", n)
	}
}

// optional writes an optional amount as the case files do: "" for none.
func optional(m calc.Optional[calc.Money]) string {
	if v, ok := m.Get(); ok {
		return v.String()
	}
	return ""
}

// caseAgreement reads a case's input, written as people write it.
func caseAgreement(in map[string]string) (calc.Agreement, error) {
	var a calc.Agreement
	var err error
	for k, v := range in {
		switch k {
		case "driftsform":
			a.Driftsform, err = calc.ParseDriftsform(v)
		case "role":
			a.Role, err = calc.ParseRole(v)
		case "grant_type":
			a.GrantType, err = calc.ParseGrantType(v)
		case "start", "end", "applied", "signed", "vikariat_start", "vikariat_end":
			var d date.Date
			d, err = date.Parse(v)
			*map[string]*date.Date{"start": &a.Start, "end": &a.End, "applied": &a.Applied, "signed": &a.Signed,
				"vikariat_start": &a.VikariatStart, "vikariat_end": &a.VikariatEnd}[k] = d
		case "cost":
			var m calc.Money
			m, err = calc.ParseAmount(v)
			a.Cost = calc.Some(m)
		case "prior_years":
			a.PriorYears, err = strconv.Atoi(v)
		case "staffing_agency":
			a.StaffingAgency = v == "ja"
		default:
			err = fmt.Errorf("the case input %s is not read", k)
		}
		if err != nil {
			return a, err
		}
	}
	return a, nil
}
