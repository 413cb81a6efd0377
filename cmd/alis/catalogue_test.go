package main

import (
	"os"
	"strings"
	"testing"
)

// badInput is one malformed input with the exact message and exit code it
// must give. Files are written into the test's own folder, so messages name
// them by their relative names.
type badInput struct {
	name  string
	args  []string
	files map[string]string // name -> content
	stdin string
	code  int
	line  string // a line that stderr (or with out, stdout) must hold, exactly
	out   bool
}

const okRules = "--year=2021"

func TestBadInputCatalogue(t *testing.T) {
	rule2021, err := os.ReadFile("../../rules/years/2021.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ruleWith := func(old, new string) string {
		if !strings.Contains(string(rule2021), old) {
			t.Fatalf("the 2021 rule file has no %q", old)
		}
		return strings.Replace(string(rule2021), old, new, 1)
	}
	hdr := "id;driftsform;role;start;end;cost\n"
	row := func(rows ...string) map[string]string {
		return map[string]string{"in.csv": hdr + strings.Join(rows, "\n") + "\n"}
	}
	batch := []string{"batch", "in.csv"}
	calcArgs := func(extra ...string) []string {
		return append([]string{"calc", "--driftsform", "naering", "--start", "2021-01-01"}, extra...)
	}
	bomb := "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nschemes: *d\n"

	cases := []badInput{
		// Flags.
		{name: "no driftsform", args: []string{"calc"}, code: 2, line: "alis: error: --driftsform: missing: say how the doctor works"},
		{name: "unknown driftsform", args: []string{"calc", "--driftsform", "offentlig"}, code: 2, line: `alis: error: --driftsform: unknown driftsform "offentlig": use naering (næring, næringsdrift, selvstendig) or fastlonn (fastlønn, ansatt)`},
		{name: "unknown role", args: calcArgs("--role", "turnuslege"), code: 2, line: `alis: error: --role: unknown role "turnuslege": use fastlege or vikar (fastlegevikar)`},
		{name: "impossible date", args: []string{"calc", "--driftsform", "naering", "--start", "2021-02-30"}, code: 2, line: "alis: error: --start: 2021-02-30 does not exist: February 2021 has 28 days"},
		{name: "date in another form", args: []string{"calc", "--driftsform", "naering", "--start", "08/01/2021"}, code: 2, line: `alis: error: --start: "08/01/2021" is not a date: write 2021-08-01 or 01.08.2021`},
		{name: "end before start", args: calcArgs("--end", "2020-12-31"), code: 2, line: "alis: error: --end: 2020-12-31 is before the start 2021-01-01"},
		{name: "vikariat end before its start", args: calcArgs("--role", "vikar", "--vikariat-start", "2021-05-01", "--vikariat-end", "2021-04-01"), code: 2, line: "alis: error: --vikariat-end: 2021-04-01 is before the vikariat's start 2021-05-01"},
		{name: "ambiguous amount", args: calcArgs("--cost", "1.234,5.6"), code: 2, line: `alis: error: --cost: not an amount: "1.234,5.6" mixes . and , so that the decimals cannot be told`},
		{name: "three digits after one separator", args: calcArgs("--cost", "300,000"), code: 2, line: `alis: error: --cost: not an amount: "300,000" is ambiguous: is , a decimal or a thousands separator? write 1234 or 1234,50`},
		{name: "exponent", args: calcArgs("--cost", "1e30"), code: 2, line: `alis: error: --cost: not an amount: "1e30" has an exponent; write the amount out`},
		{name: "letters", args: calcArgs("--cost", "tre hundre"), code: 2, line: `alis: error: --cost: not an amount: "tre hundre" has 't', which is not part of an amount`},
		{name: "negative", args: calcArgs("--cost=-5"), code: 2, line: `alis: error: --cost: not an amount: "-5" is negative`},
		{name: "huge", args: calcArgs("--cost", "100 000 000 000"), code: 2, line: "alis: error: --cost: 100000000000.00 is more than 100000000.00, the most alis accepts for one agreement"},
		{name: "kommune number", args: calcArgs("--kommune", "Oslo"), code: 2, line: `alis: error: --kommune: "Oslo" is not a kommune number (4 digits, such as 0301)`},
		{name: "yes or no", args: calcArgs("--staffing-agency=kanskje"), code: 2, line: `alis: error: --staffing-agency: "kanskje" is not yes or no (ja/nei, true/false, 1/0, x or empty)`},
		{name: "prior years", args: calcArgs("--prior-years=-1"), code: 2, line: "alis: error: --prior-years: -1 is outside 0..100"},
		{name: "year without rules", args: calcArgs("--year", "2018"), code: 2, line: "alis: error: --year: no embedded rules for 2018; the embedded years are 2019, 2020, 2021"},
		{name: "format", args: calcArgs("--format", "yaml"), code: 2, line: `alis: error: --format: unknown format "yaml"`},
		{name: "language", args: calcArgs("--lang", "nn"), code: 2, line: `alis: error: --lang: unknown language "nn": use nb or en`},
		{name: "unknown flag", args: []string{"calc", "--kost", "5"}, code: 2, line: "alis: error: unknown flag: --kost"},
		{name: "batch without a file", args: []string{"batch"}, code: 2, line: "alis: error: accepts 1 arg(s), received 0"},
		{name: "batch format", args: []string{"batch", "in.csv", "--format", "ods"}, files: row(), code: 2, line: `alis: error: --format: unknown format "ods"`},

		// CSV files.
		{name: "empty file", args: batch, files: map[string]string{"in.csv": ""}, code: 2, line: "alis: error: in.csv: the file is empty: there is no header line"},
		{name: "header only", args: batch, files: row(), code: 0, line: "id,year,scheme,eligible,months,cap_prorated,cost_limit,grant,kommune_share,reasons,error\r", out: true},
		{name: "missing required column", args: batch, files: map[string]string{"in.csv": "id;driftsform;cost\nA;naering;1\n"}, code: 2, line: `alis: error: in.csv: missing required column start (or fra, startdato); the headers found are: "id", "driftsform", "cost"`},
		{name: "duplicated required column", args: batch, files: map[string]string{"in.csv": "id;avtalenr;driftsform;start\nA;B;naering;2021-01-01\n"}, code: 2, line: `alis: error: in.csv: columns "id" and "avtalenr" both give id`},
		{name: "UTF-16 file", args: batch, files: map[string]string{"in.csv": "\xff\xfei\x00d\x00\n\x00"}, code: 2, line: "alis: error: in.csv: the file is UTF-16; save it as UTF-8 (CSV UTF-8 in Excel) or Windows-1252"},
		{name: "unknown driftsform in a row", args: batch, files: row("A;offentlig;;2021-01-01;;1"), code: 1, line: `alis: error: in.csv:2: driftsform: unknown driftsform "offentlig": use naering (næring, næringsdrift, selvstendig) or fastlonn (fastlønn, ansatt)`},
		{name: "unknown role in a row", args: batch, files: row("A;naering;lege i spesialisering;2021-01-01;;1"), code: 1, line: `alis: error: in.csv:2: role: unknown role "lege i spesialisering": use fastlege or vikar (fastlegevikar)`},
		{name: "negative amount in a row", args: batch, files: row("A;naering;;2021-01-01;;-300 000"), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "-300 000" is negative`},
		{name: "huge amount in a row", args: batch, files: row("A;naering;;2021-01-01;;1000000000000000000000000000000"), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "1000000000000000000000000000000" is too large`},
		{name: "exponent in a row", args: batch, files: row("A;naering;;2021-01-01;;3E5"), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "3E5" has an exponent; write the amount out`},
		{name: "letters in an amount", args: batch, files: row("A;naering;;2021-01-01;;300k"), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "300k" has 'k', which is not part of an amount`},
		{name: "ambiguous amount in a row", args: batch, files: row("A;naering;;2021-01-01;;\"1,234\""), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "1,234" is ambiguous: is , a decimal or a thousands separator? write 1234 or 1234,50`},
		{name: "impossible date in a row", args: batch, files: row("A;naering;;2021-02-30;;1"), code: 1, line: "alis: error: in.csv:2: start: 2021-02-30 does not exist: February 2021 has 28 days"},
		{name: "end before start in a row", args: batch, files: row("A;naering;;2021-06-01;2021-01-01;1"), code: 1, line: "alis: error: in.csv:2: end: 2021-01-01 is before the start 2021-06-01"},
		{name: "NUL byte", args: batch, files: row("A\x00;naering;;2021-01-01;;1"), code: 1, line: "alis: error: in.csv:2: the line has a NUL byte: is the file UTF-16 or not text? save it as CSV (UTF-8)"},
		{name: "invalid UTF-8 in the middle", args: batch, files: row("A;næring;;2021-01-01;;1", "B;n\xe6ring;;2021-01-01;;1", "C;næring;;2021-01-01;;1"), code: 1, line: "alis: error: in.csv:3: driftsform: is not valid UTF-8 text"},
		{name: "a single 10 MB line", args: batch, files: row("A;naering;;2021-01-01;;1", "B;naering;;2021-01-01;;1"+strings.Repeat("0", 10<<20)), code: 1, line: "alis: error: in.csv:3: the line is longer than 1048576 bytes"},
		{name: "unclosed quote", args: batch, files: row("A;naering;;2021-01-01;;1", "\"B;naering;;2021-01-01;;1", "C;naering;;2021-01-01;;1"), code: 1, line: "alis: error: in.csv:3: a quoted field starting on line 3 is not closed, or a quote inside it is not doubled"},
		{name: "bare quote", args: batch, files: row("A\"1;naering;;2021-01-01;;1"), code: 1, line: `alis: error: in.csv:2: a " in an unquoted field; quote the field and double the quote`},
		{name: "mixed separators", args: batch, files: row("A,naering,,2021-01-01,,1"), code: 1, line: "alis: error: in.csv:2: the row has 1 field, the header has 6"},
		{name: "too many fields", args: batch, files: row("A;naering;;2021-01-01;;1" + strings.Repeat(";", 1000)), code: 1, line: "alis: error: in.csv:2: the line has 1006 fields; at most 1000 are read"},
		{name: "formula-looking cells are kept as text", args: batch, files: map[string]string{"in.csv": "id;driftsform;start;note\n=1+1;naering;2021-01-01;@cmd\n"}, code: 0, line: "'=1+1,'@cmd,2021,naering,true,12,240000.00,,240000.00,,,\r", out: true},
		{name: "input and output the same", args: []string{"batch", "in.csv", "-o", "in.csv"}, files: row(), code: 2, line: "alis: error: -o in.csv: that is the input file; alis will not write over its own input"},

		// Rule files.
		{name: "rule file with a null cap", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("      value: 240000\n", "      value:\n")}, code: 2, line: "alis: error: r.yaml:118: schemes.naering.cap.value: required, but has no value (null)"},
		{name: "rule file with a share of 1.5", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("  value: 0.20\n", "  value: 1.5\n")}, code: 2, line: "alis: error: r.yaml:57: cofinancing_share: 1.5 is outside 0..1 (write 20 % as 0.20)"},
		{name: "rule file with an unknown key", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("schemes:\n", "budget_total: 1\nschemes:\n")}, code: 2, line: "alis: error: r.yaml:102: budget_total: unknown key; known keys here: cofinancing_share, deadline, max_grant_years, note, proration, rounding, schema, schemes, staffing_agency_excluded, title, valid_from, valid_to, vikar, year"},
		{name: "rule file with a duplicated key", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("  value: 0.20\n", "  value: 0.20\n  value: 0.30\n")}, code: 2, line: "alis: error: r.yaml:58: cofinancing_share.value: duplicate key (first given on line 57)"},
		{name: "rule file that is an alias bomb", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": bomb}, code: 2, line: "alis: error: r.yaml:5: schemes: YAML aliases (*d) are not allowed in rule files: write the value out"},
		{name: "rule file whose year contradicts its dates", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("year: 2021\n", "year: 2022\n")}, code: 2, line: "alis: error: r.yaml:7: valid_from: 2021-01-01 is not in the year 2022 (given on line 5)"},
		{name: "empty rule file", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ""}, code: 2, line: "alis: error: r.yaml: the file is empty"},
		{name: "rule file too large", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": strings.Repeat("#", 2<<20)}, code: 2, line: "alis: error: --rules: r.yaml is 2097152 bytes; a rule file may be at most 1048576"},
		{name: "rule file missing", args: calcArgs("--rules", "nope.yaml"), code: 2, line: "alis: error: --rules: stat nope.yaml: no such file or directory"},
		{name: "year and rules together", args: calcArgs(okRules, "--rules", "r.yaml"), code: 2, line: "alis: error: if any flags in the group [year rules] are set none of the others can be; [rules year] were all set"},
	}
	if len(cases) < 40 {
		t.Fatalf("the catalogue has %d entries; it promises at least 40", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			for name, content := range c.files {
				if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			stdout, stderr, code := runAlis(t, strings.NewReader(c.stdin), c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, c.code, stderr)
			}
			where, text := "stderr", stderr
			if c.out {
				where, text = "stdout", stdout
			}
			if !containsLine(text, c.line) {
				t.Errorf("%s has no line\n  %q\nit has:\n%s", where, c.line, text)
			}
		})
	}
}

func containsLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return true
		}
	}
	return false
}
