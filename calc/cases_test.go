package calc_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/alis-tilskudd/alis/calc"
)

// caseFile is one case of testdata/cases/*.yaml.
type caseFile struct {
	Name   string            `yaml:"name"`
	Year   int               `yaml:"year"`
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
				a := calc.Agreement{}
				if err := a.Set(calc.FieldRole, ""); err != nil {
					t.Fatal(err)
				}
				for k, v := range c.Input {
					if err := a.Set(k, v); err != nil {
						t.Fatal(err)
					}
				}
				e := engine(t, c.Year)
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
				check("grant", o.Grant, res.Grant.String())
				check("cap_prorated", o.CapProrated, res.CapProrated.String())
				check("cost_limit", o.CostLimit, res.CostLimit.String())
				check("kommune_share", o.KommuneShare, res.KommuneShare.String())
				check("cost_for_full_grant", o.CostForFullGrant, res.CostForFullGrant.String())
				check("limited_by", o.LimitedBy, string(res.LimitedBy))
				if o.Assumed != nil {
					got := append([]string{}, res.Assumed...)
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
