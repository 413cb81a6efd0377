package cli

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx/xlsxtest"
)

// badInput is one malformed, odd or hostile input with the exact messages
// and exit code it must give. Files are written into the test's own folder,
// so messages name them by their relative names.
type badInput struct {
	name  string
	args  []string
	files map[string]string  // name -> content
	setup func(t *testing.T) // makes what files cannot say (a pipe, a link)
	stdin string
	code  int
	line  string   // a line that stderr (or with out, stdout) must hold, exactly
	more  []string // more lines that must be there, on the same stream
	not   string   // a text that must not be there, on the same stream
	out   bool
}

const okRules = "--year=2021"

// TestBadInputCatalogue runs every bad input alis promises to handle. The
// entries are grouped by where the fault is: flags, CSV files, workbooks,
// outputs, rule files, and what comes out of the arithmetic.
func TestBadInputCatalogue(t *testing.T) {
	rule2021, err := os.ReadFile("../../../../rules/periods/2021.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ruleWith := func(old, new string) string {
		if !strings.Contains(string(rule2021), old) {
			t.Fatalf("the 2021 rule file has no %q", old)
		}
		return strings.Replace(string(rule2021), old, new, 1)
	}
	lineOf := func(text string) string { // the line of text in the 2021 rule file, as "r.yaml:N"
		i := strings.Index(string(rule2021), text)
		return "r.yaml:" + itoa(strings.Count(string(rule2021)[:i], "\n")+1)
	}
	hdr := "id;driftsform;role;start;end;cost\n"
	row := func(rows ...string) map[string]string {
		return map[string]string{"in.csv": hdr + strings.Join(rows, "\n") + "\n"}
	}
	file := func(content string) map[string]string { return map[string]string{"in.csv": content} }
	book := func(b xlsxtest.Book) map[string]string { return map[string]string{"in.xlsx": string(b.Bytes())} }
	sheet := func(rows string) xlsxtest.Book {
		return xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "Ark1", Rows: xlsxtest.Header("id", "driftsform", "start", "cost") + rows}}}
	}
	good := xlsxtest.Row(2, xlsxtest.Text("A"), xlsxtest.Text("naering"), xlsxtest.Num("44197"), xlsxtest.Num("300000"))
	batch := []string{"batch", "in.csv"}
	batchX := []string{"batch", "in.xlsx"}
	calcArgs := func(extra ...string) []string {
		return append([]string{"calc", "--driftsform", "naering", "--start", "2021-01-01"}, extra...)
	}
	bomb := "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nschemes: *d\n"
	nfd := func(s string) string { return strings.ReplaceAll(s, "å", "a\u030a") }
	utf16le := func(s string) string {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return string(b)
	}
	utf16be := func(s string) string {
		b := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return string(b)
	}
	// 40 000 rows, one of them with a quote that never closes.
	var many strings.Builder
	many.WriteString(hdr)
	for i := 2; i <= 40_001; i++ {
		if i == 11_363 {
			many.WriteString("\"Q;naering;;2021-01-01;;1\n")
			continue
		}
		many.WriteString("R" + itoa(i) + ";naering;;2021-01-01;;300000\n")
	}
	long := strings.Repeat("9", 900_000)

	cases := []badInput{
		// Flags.
		{name: "no driftsform", args: []string{"calc", "--start", "2021-01-01"}, code: 2, line: "alis: error: --driftsform: missing: say how the doctor works"},
		{name: "no start and no period", args: []string{"calc", "--driftsform", "naering"}, code: 2, line: "alis: error: --start: missing: without --year, the grant period is the one that holds the agreement's first day",
			more: []string{"alis: hint: give the agreement's first day with --start (or its employment periods with --employment), or choose the rules with --year"}},
		{name: "unknown driftsform", args: []string{"calc", "--driftsform", "offentlig"}, code: 2, line: `alis: error: --driftsform: unknown driftsform "offentlig": use naering (næring, næringsdrift, selvstendig) or fastlonn (fastlønn, ansatt)`},
		{name: "unknown role", args: calcArgs("--role", "turnuslege"), code: 2, line: `alis: error: --role: unknown role "turnuslege": use fastlege or vikar (fastlegevikar)`},
		{name: "impossible date", args: []string{"calc", "--driftsform", "naering", "--start", "2021-02-30"}, code: 2, line: "alis: error: --start: 2021-02-30 does not exist: February 2021 has 28 days"},
		{name: "date in another form", args: []string{"calc", "--driftsform", "naering", "--start", "08/01/2021"}, code: 2, line: `alis: error: --start: "08/01/2021" is not a date alis reads: with slashes, day and month cannot be told apart; write 2021-08-01 or 01.08.2021`},
		{name: "a date written year first with slashes", args: []string{"calc", "--driftsform", "naering", "--start", "2021/08/01"}, code: 2, line: `alis: error: --start: "2021/08/01" is not a date: write 2021-08-01 or 01.08.2021`},
		{name: "end before start", args: calcArgs("--end", "2020-12-31"), code: 2, line: "alis: error: --end: 2020-12-31 is before the start 2021-01-01"},
		{name: "vikariat end before its start", args: calcArgs("--role", "vikar", "--vikariat-start", "2021-05-01", "--vikariat-end", "2021-04-01"), code: 2, line: "alis: error: --vikariat-end: 2021-04-01 is before the vikariat's start 2021-05-01"},
		{name: "ambiguous amount", args: calcArgs("--cost", "1.234,5.6"), code: 2, line: `alis: error: --cost: not an amount: "1.234,5.6" mixes . and , so that the decimals cannot be told`},
		{name: "three digits after one separator", args: calcArgs("--cost", "300,000"), code: 2, line: `alis: error: --cost: not an amount: "300,000" is ambiguous: is , a decimal or a thousands separator? write 1234 or 1234,50`},
		{name: "exponent", args: calcArgs("--cost", "1e30"), code: 2, line: `alis: error: --cost: not an amount: "1e30" has an exponent; write the amount out`},
		{name: "letters", args: calcArgs("--cost", "tre hundre"), code: 2, line: `alis: error: --cost: not an amount: "tre hundre" has 't', which is not part of an amount`},
		{name: "negative", args: calcArgs("--cost=-5"), code: 2, line: `alis: error: --cost: not an amount: "-5" is negative`},
		{name: "huge", args: calcArgs("--cost", "100 000 000 000"), code: 2, line: "alis: error: --cost: 100000000000.00 is more than 100000000.00, the most alis accepts for one agreement"},
		{name: "a huge value is quoted short", args: calcArgs("--cost", long), code: 2, line: `alis: error: --cost: not an amount: "999999999999999999999999999999999999999999999999…" (900000 bytes) is too long`},
		{name: "kommune number", args: calcArgs("--kommune", "Oslo"), code: 2, line: `alis: error: --kommune: "Oslo" is not a kommune number (4 digits, such as 0301)`},
		{name: "yes or no", args: calcArgs("--staffing-agency=kanskje"), code: 2, line: `alis: error: --staffing-agency: "kanskje" is not yes or no (ja/nei, true/false, 1/0, x or empty)`},
		{name: "yes or no after a space", args: calcArgs("--staffing-agency", "nei", "--cost", "300000", "--lang", "nb"), code: 0, line: "Tilskudd:                      240 000 kr (begrenset av taket)", out: true},
		{name: "yes or no without a value", args: calcArgs("--staffing-agency"), code: 2, line: "alis: error: --staffing-agency needs a value: whether the doctor is tied to a staffing agency (vikarbyrå): ja/nei"},
		{name: "prior years negative", args: calcArgs("--prior-years=-1"), code: 2, line: `alis: error: --prior-years: "-1" is not a number of years from 0 to 100`},
		{name: "prior years in words", args: calcArgs("--prior-years", "fire"), code: 2, line: `alis: error: --prior-years: "fire" is not a number of years from 0 to 100`, not: "strconv"},
		{name: "prior years with a decimal", args: calcArgs("--prior-years", "1,5"), code: 2, line: `alis: error: --prior-years: "1,5" is not a number of years from 0 to 100`},
		{name: "year without rules", args: calcArgs("--year", "2018"), code: 2, line: "alis: error: --year: no embedded rules for 2018; the embedded periods are 2019, 2020, 2021, 2022, 2023, 2024, 2024/25, 2025/26, 2026/27"},
		{name: "year in words", args: calcArgs("--year", "i fjor"), code: 2, line: `alis: error: --year: "i fjor" is not a grant period, such as 2021 or 2024/25`, not: "strconv"},
		{name: "an agreement of 2024 without its employment periods", args: []string{"calc", "--driftsform", "naering", "--start", "15.03.2024", "--cost", "312500"}, code: 2,
			line: "alis: error: --employment: missing: the rules of 2024 pay per employment period: give each period's position, stillingsprosent and dates"},
		{name: "an agreement in no period", args: []string{"calc", "--start", "15.03.2028"}, code: 2,
			line: "alis: error: no embedded grant period holds 2028-03-15: the periods run from 2019-01-01 to 2027-05-31",
			more: []string{"alis: hint: alis has rules for 2019, 2020, 2021, 2022, 2023, 2024, 2024/25, 2025/26, 2026/27; for another period, give a rule file with --rules FILE (alis rules new --from 2026/27 --to 2027/28 drafts one)"}},
		{name: "agreement outside an explicit year", args: []string{"calc", "--driftsform", "naering", "--start", "15.03.2024", "--year", "2021", "--lang", "nb"}, code: 0, line: "  – avtaleperioden 15.03.2024–(åpen) har ingen dag i 2021 [valid_from]", out: true},
		{name: "format", args: calcArgs("--format", "yaml"), code: 2, line: `alis: error: --format: unknown format "yaml"`},
		{name: "language", args: calcArgs("--lang", "de"), code: 2, line: `alis: error: --lang: unknown language "de": use nb (bokmål), nn (nynorsk) or en (English)`, more: []string{"alis: hint: use --lang nb, --lang nn or --lang en"}},
		{name: "unknown flag", args: []string{"calc", "--kost", "5"}, code: 2, line: "alis: error: alis calc has no flag --kost", more: []string{"alis: hint: did you mean --cost? see 'alis calc --help'"}},
		{name: "misspelled flag", args: []string{"calc", "--drifsform", "naering"}, code: 2, line: "alis: error: alis calc has no flag --drifsform", more: []string{"alis: hint: did you mean --driftsform? see 'alis calc --help'"}},
		{name: "unknown short flag", args: []string{"batch", "in.csv", "-x"}, files: row(), code: 2, line: "alis: error: alis batch has no flag -x"},
		{name: "a flag that needs a number", args: []string{"batch", "in.csv", "--workers", "mange"}, files: row(), code: 2, line: `alis: error: --workers: "mange" is not a whole number`, not: "strconv"},
		{name: "negative workers", args: []string{"batch", "in.csv", "--workers=-1"}, files: row(), code: 2, line: "alis: error: --workers: -1 is negative"},
		{name: "unknown command", args: []string{"calk"}, code: 2, line: `alis: error: alis has no command "calk"`, more: []string{"alis: hint: did you mean calc or mal? the commands are batch, calc, compare, config, history, mal, man, report, rules, serve, version; see 'alis --help'"}},
		{name: "a control character in a value set for the run", args: []string{"calc", "--driftsform", "naering", "--start", "2021-01-01", "--set", "schemes.naering.name=x\x1b]0;title\x07"}, code: 2,
			line: "alis: error: --set schemes.naering.name: has the control character U+001B at character 2: a rule file's texts are printed to terminals, and may hold no control characters (a note or quote may hold tabs and line breaks)"},
		{name: "a mistyped subcommand", args: []string{"rules", "validte", "bad.yaml"}, code: 2, line: `alis: error: alis rules has no command "validte"`,
			more: []string{"alis: hint: did you mean validate? the commands are diff, list, new, show, validate; see 'alis rules --help'"}},
		{name: "a subcommand by another tool's name", args: []string{"rules", "check", "f.yaml"}, code: 2, line: `alis: error: alis rules has no command "check"`,
			more: []string{"alis: hint: did you mean validate? the commands are diff, list, new, show, validate; see 'alis rules --help'"}},
		{name: "a shell alis has no completion for", args: []string{"completion", "tcsh"}, code: 2, line: `alis: error: alis completion has no command "tcsh"`},
		{name: "help on nothing alis has", args: []string{"help", "nonsense"}, code: 2, line: `alis: error: alis has no command "nonsense"`},
		{name: "help on a subcommand alis lacks", args: []string{"help", "rules", "nonsense"}, code: 2, line: `alis: error: alis rules has no command "nonsense"`},
		{name: "an argument calc does not take", args: calcArgs("ja"), code: 2, line: `alis: error: calc takes no arguments, only flags; "ja" was given`},
		{name: "batch without a file", args: []string{"batch"}, code: 2, line: "alis: error: batch needs one input: the CSV file or workbook to read (- for standard input)", not: "arg(s)"},
		{name: "batch with two files", args: []string{"batch", "a.csv", "b.csv"}, code: 2, line: `alis: error: batch takes one input: the CSV file or workbook to read (- for standard input); 2 arguments were given: "a.csv", "b.csv"`},
		{name: "rules diff with one", args: []string{"rules", "diff", "2020"}, code: 2, line: "alis: error: diff needs two rule sets to compare: periods or rule files"},
		{name: "year and rules together", args: calcArgs(okRules, "--rules", "r.yaml"), code: 2, line: "alis: error: --year and --rules both choose the rules", not: "group"},
		{name: "batch format", args: []string{"batch", "in.csv", "--format", "ods"}, files: row(), code: 2, line: `alis: error: --format: unknown format "ods"`},
		{name: "batch dialect", args: []string{"batch", "in.csv", "--dialect", "excel-en"}, files: row(), code: 2, line: `alis: error: --dialect: unknown dialect "excel-en"`},
		{name: "allocate method", args: []string{"batch", "in.csv", "--allocate", "equal"}, files: row(), code: 2, line: `alis: error: --allocate: unknown method "equal"`},
		{name: "set without a value", args: calcArgs("--set", "cap"), code: 2, line: "alis: error: --set cap: write NAME=VALUE, such as cap=300000"},
		{name: "set an unknown name", args: calcArgs("--set", "tak=1"), code: 2, line: "alis: error: --set tak: not a value that can be set"},
		{name: "set a bad value", args: calcArgs("--set", "cap=mye"), code: 2, line: `alis: error: --set cap: "mye" is not a decimal number (write 240000: no spaces, commas or exponents)`},

		// CSV files.
		{name: "empty file", args: batch, files: file(""), code: 2, line: "alis: error: in.csv: the file is empty: there is no header line"},
		{name: "blank lines only", args: batch, files: file("\n\r\n  \n"), code: 2, line: "alis: error: in.csv: the file is empty: there is no header line"},
		{name: "header only", args: batch, files: row(), code: 0, line: "line,id,driftsform,role,start,end,cost,year,period,scheme,eligible,months,cap_prorated,cost_limit,practice_compensation,learning_activities,productivity,supervision,facilitation,centrality_supplement,grant,grant_basis,kommune_share,unknown,missing,not_computed_in,beyond_rules_from,reasons,error_code,error\r", out: true},
		{name: "missing required column", args: batch, files: file("id;driftsform;cost\nA;naering;1\n"), code: 2, line: `alis: error: in.csv: missing required column start (fra, startdato); the headers found are: "id", "driftsform", "cost"`},
		{name: "duplicated required column", args: batch, files: file("id;avtalenr;driftsform;start\nA;B;naering;2021-01-01\n"), code: 2, line: `alis: error: in.csv: columns "id" and "avtalenr" both give id`},
		{name: "UTF-16 little-endian (Excel's Unicode text)", args: batch, files: file(utf16le("id\tdriftsform\tstart\tcost\r\nA\tnæring\t01.01.2021\t300000\r\n")), code: 0, line: "2,A,næring,2021-01-01,300000.00,2021,2021,naering,true,12,240000.00,240000.00,,,,,,,240000.00,exact,60000.00,,,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "UTF-16 big-endian", args: batch, files: file(utf16be("id;driftsform;start\nÅ;fastlønn;2021-01-01\n")), code: 0, line: "2,Å,fastlønn,2021-01-01,2021,2021,fastlonn,true,12,240000.00,,,,,,,,240000.00,maximum,,,cost,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "Excel's sep= line", args: batch, files: file("sep=,\nid,driftsform,start,cost\nA,naering,2021-01-01,300000\n"), code: 0, line: "3,A,naering,2021-01-01,300000.00,2021,2021,naering,true,12,240000.00,240000.00,,,,,,,240000.00,exact,60000.00,,,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "sep= names the separator over the header's", args: batch, files: file("\"sep=;\"\nid;driftsform;start;note,with,commas\nA;naering;2021-01-01;x,y\n"), code: 0, line: `3,A,naering,2021-01-01,"x,y",2021,2021,naering,true,12,240000.00,,,,,,,,240000.00,maximum,,,cost,"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period",2027-06-01,,,` + "\r", out: true},
		{name: "CR-only line ends (Excel for Mac)", args: batch, files: file("id;driftsform;start;cost\rA;naering;2021-01-01;300000\rB;fastlonn;2021-08-01;400000\r"), code: 0, line: "3,B,fastlonn,2021-08-01,400000.00,2021,2021,fastlonn,true,5,100000.00,320000.00,,,,,,,100000.00,exact,300000.00,,,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "CR-only with a quoted line break", args: batch, files: file("id;driftsform;start;note\rA;naering;2021-01-01;\"two\rlines\"\rB;naering;2021-01-01;x\r"), code: 0, line: "4,B,naering,2021-01-01,x,2021,2021,naering,true,12,240000.00,,,,,,,,240000.00,maximum,,,cost,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "CR-only with a BOM", args: batch, files: file("\xEF\xBB\xBFid;driftsform;start\rA;naering;2021-01-01\r"), code: 0, line: "2,A,naering,2021-01-01,2021,2021,naering,true,12,240000.00,,,,,,,,240000.00,maximum,,,cost,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "a header that ends with the separator", args: batch, files: file("id;driftsform;start;\nA;naering;2021-01-01;\nB;naering;2021-01-01\n"), code: 0, line: "3,B,naering,2021-01-01,2021,2021,naering,true,12,240000.00,,,,,,,,240000.00,maximum,,,cost,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "a short row", args: batch, files: file("id;driftsform;start;note\nA;naering;2021-01-01;x\nB;naering\n"), code: 1, line: "alis: error: in.csv:3: the row has 2 fields, the header has 4"},
		{name: "a short row in CSV output", args: batch, files: file("id;driftsform;start;note\nB;naering\n"), code: 1, line: `2,B,naering,,,,,,,,,,,,,,,,,,,,,,,,field_count,"the row has 2 fields, the header has 4"` + "\r", out: true},
		{name: "a short row in JSON output", args: []string{"batch", "in.csv", "--format", "json"}, files: file("id;driftsform;start;note\nB;naering\n"), code: 1, line: `  {"line":2,"id":"B","rejected":true,"code":"field_count","column":null,"field":null,"message":"the row has 2 fields, the header has 4"}`, out: true},
		{name: "a short row in a table", args: []string{"batch", "in.csv", "--format", "table", "--lang", "nb"}, files: file("id;driftsform;start;note\nB;naering\n"), code: 1, line: "        raden har 2 felt, overskriftslinjen har 4", out: true},
		{name: "a short row whose id is the last column", args: batch, files: file("driftsform;start;note;id\nnaering;2021-01-01\nnaering;2021-01-01;x;C\n"), code: 1, line: `2,,naering,2021-01-01,,2021,2021,,,,,,,,,,,,,,,,,,,,field_count,"the row has 2 fields, the header has 4"` + "\r", out: true},
		{name: "a short row in a header with a trailing separator", args: batch, files: file("id;driftsform;start;note;\nA;naering\n"), code: 1, line: "alis: error: in.csv:2: the row has 2 fields, the header has 4 to 5"},
		{name: "empty fields past the header are ignored", args: batch, files: file("id;driftsform;start\nA;naering;2021-01-01;;;\n"), code: 0, line: "2,A,naering,2021-01-01,2021,2021,naering,true,12,240000.00,,,,,,,,240000.00,maximum,,,cost,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "values past the header are not", args: batch, files: file("id;driftsform;start\nA;naering;2021-01-01;;x\n"), code: 1, line: "alis: error: in.csv:2: the row has 5 fields, the header has 3"},
		{name: "unknown driftsform in a row", args: batch, files: row("A;offentlig;;2021-01-01;;1"), code: 1, line: `alis: error: in.csv:2: driftsform: unknown driftsform "offentlig": use naering (næring, næringsdrift, selvstendig) or fastlonn (fastlønn, ansatt)`},
		{name: "unknown role in a row", args: batch, files: row("A;naering;lege i spesialisering;2021-01-01;;1"), code: 1, line: `alis: error: in.csv:2: role: unknown role "lege i spesialisering": use fastlege or vikar (fastlegevikar)`},
		{name: "negative amount in a row", args: batch, files: row("A;naering;;2021-01-01;;-300 000"), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "-300 000" is negative`},
		{name: "huge amount in a row", args: batch, files: row("A;naering;;2021-01-01;;1000000000000000000000000000000"), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "1000000000000000000000000000000" is too large`},
		{name: "a 900 KB amount is quoted short", args: batch, files: row("A;naering;;2021-01-01;;" + long), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "999999999999999999999999999999999999999999999999…" (900000 bytes) is too long`},
		{name: "a 900 KB field in JSON output", args: []string{"batch", "in.csv", "--format", "json", okRules}, files: row("A;naering;;2021-01-01;;"+long, "B;naering;;2021-01-01;;1"), code: 1, line: `  "rows": 2,`, more: []string{`  "rejected": 1,`}, out: true, not: "token too long"},
		{name: "a 900 KB id in JSON output", args: []string{"batch", "in.csv", "--format", "json", okRules}, files: row(strings.Repeat("x", 900_000) + ";naering;;2021-01-01;;nei"), code: 1, line: `  "rows": 1,`, out: true},
		{name: "whole kroner written 300 000,-", args: []string{"batch", "in.csv", okRules}, files: row("A;naering;;2021-01-01;;\"300 000,-\"", "B;naering;;2021-01-01;;kr 1.500,–"), code: 0,
			line: "3,B,naering,,2021-01-01,,1500.00,2021,2021,naering,true,12,240000.00,1200.00,,,,,,,1200.00,exact,300.00,,,,,,,\r", out: true},
		{name: "a separator named with --delimiter", args: []string{"batch", "in.csv", okRules, "--delimiter", "|"}, files: file("id|driftsform|start|cost\nA|naering|2021-01-01|300000\n"), code: 0,
			line: "2,A,naering,2021-01-01,300000.00,2021,2021,naering,true,12,240000.00,240000.00,,,,,,,240000.00,exact,60000.00,,,,,,,\r", out: true},
		{name: "a separator alis does not read", args: []string{"batch", "in.csv", "--delimiter", ":"}, files: row(), code: 2, line: `alis: error: --delimiter: ":" is not a separator alis reads`},
		{name: "an encoding named with --encoding", args: []string{"batch", "in.csv", okRules, "--encoding", "windows-1252"}, files: file("id;driftsform;start\n\xc5;naering;2021-01-01\n"), code: 0,
			line: "2,Å,naering,2021-01-01,2021,2021,naering,true,12,240000.00,,,,,,,,240000.00,maximum,,,cost,,,,,\r", out: true},
		{name: "an encoding alis does not read", args: []string{"batch", "in.csv", "--encoding", "ebcdic"}, files: row(), code: 2, line: `alis: error: --encoding: "ebcdic" is not an encoding alis reads`},
		{name: "a date in a row with slashes", args: batch, files: row("A;naering;;15/03/2021;;1"), code: 1, line: `alis: error: in.csv:2: start: "15/03/2021" is not a date alis reads: with slashes, day and month cannot be told apart; write 2021-08-01 or 01.08.2021`},
		{name: "exponent in a row", args: batch, files: row("A;naering;;2021-01-01;;3E5"), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "3E5" has an exponent; write the amount out`},
		{name: "letters in an amount", args: batch, files: row("A;naering;;2021-01-01;;300k"), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "300k" has 'k', which is not part of an amount`},
		{name: "ambiguous amount in a row", args: batch, files: row("A;naering;;2021-01-01;;\"1,234\""), code: 1, line: `alis: error: in.csv:2: cost: not an amount: "1,234" is ambiguous: is , a decimal or a thousands separator? write 1234 or 1234,50`},
		{name: "impossible date in a row", args: batch, files: row("A;naering;;2021-02-30;;1"), code: 1, line: "alis: error: in.csv:2: start: 2021-02-30 does not exist: February 2021 has 28 days"},
		{name: "end before start in a row", args: batch, files: row("A;naering;;2021-06-01;2021-01-01;1"), code: 1, line: "alis: error: in.csv:2: end: 2021-01-01 is before the start 2021-06-01"},
		{name: "NUL byte", args: batch, files: row("A\x00;naering;;2021-01-01;;1"), code: 1, line: "alis: error: in.csv:2: the line has a NUL byte: is the file UTF-16 or not text? save it as CSV (UTF-8)"},
		{name: "invalid UTF-8 in the middle", args: batch, files: row("A;næring;;2021-01-01;;1", "B;n\xe6ring;;2021-01-01;;1", "C;næring;;2021-01-01;;1"), code: 1, line: "alis: error: in.csv:3: driftsform: is not valid UTF-8 text"},
		{name: "the id of a row that cannot be read", args: batch, files: row("A;næring;;2021-01-01;;1", "B;n\xe6ring;;2021-01-01;;1"), code: 1, line: "3,B,,,,,,,,,,,,,,,,,,,,,,,,,,,unreadable_row,driftsform: is not valid UTF-8 text\r", out: true},
		{name: "Windows-1252 after a megabyte of ASCII", args: []string{"batch", "-"}, stdin: hdr + strings.Repeat("A;naering;;2021-01-01;;1\n", 60_000) + "\xc6;naering;;2021-01-01;;1\n", code: 0, line: "60002,Æ,naering,,2021-01-01,,1.00,2021,2021,naering,true,12,240000.00,0.80,,,,,,,0.00,exact,1.00,,,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "a single 10 MB line", args: batch, files: row("A;naering;;2021-01-01;;1", "B;naering;;2021-01-01;;1"+strings.Repeat("0", 10<<20), "C;naering;;2021-01-01;;1"), code: 1, line: "alis: error: in.csv:3: the line is longer than 1048576 bytes", more: []string{"alis: error: 1 of 3 rows were rejected; each is in the output with its reason"}},
		{name: "unclosed quote", args: batch, files: row("A;naering;;2021-01-01;;1", "\"B;naering;;2021-01-01;;1", "C;naering;;2021-01-01;;1"), code: 1,
			line: "alis: error: in.csv:3: a quote opened here never closes; this line is read on its own and the next line as a new row", more: []string{"alis: error: 1 of 3 rows were rejected; each is in the output with its reason"}},
		{name: "unclosed quote keeps the rows after it", args: batch, files: row("\"B;naering;;2021-01-01;;1", "C;naering;;2021-01-01;;300000"), code: 1, line: "3,C,naering,,2021-01-01,,300000.00,2021,2021,naering,true,12,240000.00,240000.00,,,,,,,240000.00,exact,60000.00,,,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "unclosed quote names its row's id", args: batch, files: row("B;\"naering;;2021-01-01;;1"), code: 1, line: "2,B,,,,,,,,,,,,,,,,,,,,,,,,,,,unreadable_row,a quote opened here never closes; this line is read on its own and the next line as a new row\r", out: true},
		{name: "unclosed quote at the end", args: batch, files: file(hdr + "A;naering;;2021-01-01;;1\nB;\"x"), code: 1, line: "alis: error: in.csv:3: a quote opened here never closes; this line is read on its own and the next line as a new row"},
		{name: "unclosed quote in 40 000 rows loses one", args: []string{"batch", "in.csv", "--summary-only", "--format", "json", okRules}, files: file(many.String()), code: 1, line: `    "rows": 40000,`, more: []string{`    "rejected": 1,`}, out: true},
		{name: "bare quote", args: batch, files: row("A\"1;naering;;2021-01-01;;1"), code: 1, line: `alis: error: in.csv:2: a " in an unquoted field; quote the field and double the quote`},
		{name: "mixed separators", args: batch, files: row("A,naering,,2021-01-01,,1"), code: 1, line: "alis: error: in.csv:2: the row has 1 field, the header has 6"},
		{name: "too many fields", args: batch, files: row("A;naering;;2021-01-01;;1" + strings.Repeat(";1", 1000)), code: 1, line: "alis: error: in.csv:2: the line has 1006 fields; at most 1000 are read"},
		{name: "decomposed å in a header", args: batch, files: file(nfd("id;driftsform;start;cost;tidligere_år\nA;naering;2021-01-01;300000;4\n")), code: 0, line: "2,A,naering,2021-01-01,300000.00,4,2021,2021,naering,false,12,240000.00,240000.00,,,,,,,0.00,exact,300000.00,,,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,max_grant_years_reached,,\r", out: true},
		{name: "decomposed å in a value", args: batch, files: file(nfd("id;driftsform;start;vikarbyrå\nA;naering;2021-01-01;ja\n")), code: 0, line: "2,A,naering,2021-01-01,ja,2021,2021,naering,true,12,240000.00,,,,,,,,240000.00,maximum,,,cost,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "formula-looking cells are kept as text", args: batch, files: file("id;driftsform;start;note\n=1+1;naering;2021-01-01;@cmd\n"), code: 0, line: "2,'=1+1,naering,2021-01-01,'@cmd,2021,2021,naering,true,12,240000.00,,,,,,,,240000.00,maximum,,,cost,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "a carried column named like a result", args: batch, files: file("id;driftsform;start;grant;eligible\nA;naering;2021-01-01;999999;true\n"), code: 0,
			line: `alis: warning: in.csv: the column "grant" is written as "input_grant", so that it is not taken for a column alis computes`,
			more: []string{`alis: warning: in.csv: the column "eligible" is written as "input_eligible", so that it is not taken for a column alis computes`}},
		{name: "carried columns renamed in the header", args: batch, files: file("id;driftsform;start;Grant;error;error\nA;naering;2021-01-01;9;x;y\n"), code: 0, line: "line,id,driftsform,start,input_Grant,input_error,input_error_2,year,period,scheme,eligible,months,cap_prorated,cost_limit,practice_compensation,learning_activities,productivity,supervision,facilitation,centrality_supplement,grant,grant_basis,kommune_share,unknown,missing,not_computed_in,beyond_rules_from,reasons,error_code,error\r", out: true},
		{name: "a column without a name", args: batch, files: file("id;;driftsform;start\nA;x;naering;2021-01-01\n"), code: 0, line: "line,id,column_2,driftsform,start,year,period,scheme,eligible,months,cap_prorated,cost_limit,practice_compensation,learning_activities,productivity,supervision,facilitation,centrality_supplement,grant,grant_basis,kommune_share,unknown,missing,not_computed_in,beyond_rules_from,reasons,error_code,error\r", out: true},
		{name: "a header that looks like a field", args: batch, files: file("id;driftsform;start;Kostnader 2021\nA;naering;2021-01-01;100000\n"), code: 0,
			line: `alis: warning: in.csv: the column "Kostnader 2021" looks like cost but is not read as it; to read it: --map 'Kostnader 2021=cost'`},
		{name: "duplicate ids", args: batch, files: row("A;naering;;2021-01-01;;1", "A;naering;;2021-01-01;;2"), code: 0, line: "alis: warning: in.csv: lines 2, 3 have the same id"},
		{name: "rows with no day in the year", args: []string{"batch", "in.csv", okRules}, files: row("A;naering;;2024-03-01;;1", "B;naering;;2021-01-01;;1", "C;naering;;2024-05-01;;1"), code: 0,
			line: "alis: warning: in.csv: 2 rows have no day in 2021, the period of the rules; their agreements start in 2024 (2 rows)",
			more: []string{"alis: hint: leave out --year and --rules, and each agreement is computed under the grant period that holds its first day (alis has rules for 2019, 2020, 2021, 2022, 2023, 2024, 2024/25, 2025/26, 2026/27)"}},
		{name: "rows of an embedded year", args: []string{"batch", "in.csv", okRules}, files: row("A;naering;;2020-03-01;2020-12-31;1"), code: 0, line: "alis: warning: in.csv: 1 row has no day in 2021, the period of the rules; their agreements start in 2020 (1 row)"},
		{name: "input and output the same", args: []string{"batch", "in.csv", "-o", "in.csv"}, files: row(), code: 2, line: "alis: error: -o in.csv: that is the input file; alis will not write over its own input"},
		{name: "a missing input", args: []string{"batch", "nowhere.csv"}, code: 2, line: "alis: error: open nowhere.csv: no such file or directory"},
		{name: "a folder as input", args: []string{"batch", "."}, code: 2, line: "alis: error: . is a folder, not a CSV file"},
		{name: "--sheet on a CSV file", args: []string{"batch", "in.csv", "--sheet", "Ark1"}, files: row(), code: 2, line: "alis: error: in.csv: --sheet is for Excel workbooks (.xlsx); this is a CSV file"},

		// Workbooks.
		{name: "a workbook", args: batchX, files: book(sheet(good)), code: 0, line: "2,A,naering,2021-01-01,300000.00,2021,2021,naering,true,12,240000.00,240000.00,,,,,,,240000.00,exact,60000.00,,,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "a workbook cut short", args: batchX, files: map[string]string{"in.xlsx": string(sheet(good).Bytes()[:400])}, code: 2, line: "alis: error: in.xlsx: not a readable Excel workbook: zip: not a valid zip file"},
		{name: "a sheet cut short", args: batchX, files: book(xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "Ark1"}}, Parts: map[string][]byte{"xl/worksheets/sheet1.xml": []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + xlsxtest.Header("id", "driftsform", "start") + good + `<row r="3"><c r="A3" t="inlineStr"><is><t>B`)}}), code: 2,
			line: "alis: error: in.xlsx: Ark1!A3: the sheet is damaged: XML syntax error on line 1: unexpected EOF", not: "2,A,"},
		{name: "an illegal character in a sheet", args: batchX, files: book(sheet(good + xlsxtest.Row(3, xlsxtest.Text("B\x02")))), code: 2, line: "alis: error: in.xlsx: Ark1!A3: the sheet is damaged: XML syntax error on line 1: illegal character code U+0002"},
		{name: "rows out of order", args: batchX, files: book(sheet(xlsxtest.Row(3, xlsxtest.Text("B")) + good)), code: 2, line: "alis: error: in.xlsx: Ark1!A3: the sheet is damaged: row 2 comes after row 3"},
		{name: "a repeated row", args: batchX, files: book(sheet(good + good)), code: 2, line: "alis: error: in.xlsx: Ark1!D2: the sheet is damaged: row 2 comes after row 2"},
		{name: "a repeated cell", args: batchX, files: book(sheet(`<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="A2"><v>1</v></c></row>`)), code: 2, line: "alis: error: in.xlsx: Ark1!A2: the sheet is damaged: cell A2 comes after A2"},
		{name: "the 1904 date system", args: batchX, files: book(xlsxtest.Book{Date1904: true, Sheets: []xlsxtest.Sheet{{Name: "Ark1", Rows: xlsxtest.Header("id", "driftsform", "start") + xlsxtest.Row(2, xlsxtest.Text("A"), xlsxtest.Text("fastlonn"), xlsxtest.Num("42947"))}}}),
			code: 0, line: "2,A,fastlonn,2021-08-01,2021,2021,fastlonn,true,5,100000.00,,,,,,,,100000.00,maximum,,,cost,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "a hidden first sheet", args: batchX, files: book(xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "Gammel", State: "hidden", Rows: xlsxtest.Header("x")}, {Name: "Ark1", Rows: xlsxtest.Header("id", "driftsform", "start", "cost") + good}}}), code: 0,
			line: "alis: warning: in.xlsx: the first sheet is hidden (Gammel); reading the first visible sheet, Ark1 (--sheet chooses another)"},
		{name: "a shared string that does not exist", args: batchX, files: book(xlsxtest.Book{Shared: []string{"<si><t>A</t></si>"}, Sheets: []xlsxtest.Sheet{{Name: "Ark1", Rows: xlsxtest.Header("id", "driftsform", "start") + xlsxtest.Row(2, xlsxtest.SharedRef(5), xlsxtest.Text("naering"), xlsxtest.Num("44197"))}}}), code: 1,
			line: `alis: error: in.xlsx: Ark1!A2: id: refers to shared string "5", which the workbook does not have (it is damaged)`},
		{name: "a cell with an error value", args: batchX, files: book(sheet(xlsxtest.Row(2, xlsxtest.Text("A"), xlsxtest.Text("naering"), xlsxtest.Num("44197"), ` t="e"><v>#DIV/0!</v>`) + xlsxtest.Row(3, xlsxtest.Text("B"), xlsxtest.Text("naering"), xlsxtest.Num("44197"), ` t="e"><v>#REF!</v>`))), code: 1,
			line: "alis: error: in.xlsx: Ark1!D2: cost: holds the error value #DIV/0!", more: []string{"alis: error: in.xlsx: Ark1!D3: cost: holds the error value #REF!"}},
		{name: "a cell with a unit separator", args: batchX, files: book(sheet(xlsxtest.Row(2, xlsxtest.Text("A\x1f"), xlsxtest.Text("naering"), xlsxtest.Num("44197")))), code: 2, line: "alis: error: in.xlsx: Ark1!A2: the sheet is damaged: XML syntax error on line 1: illegal character code U+001F"},
		{name: "a zip bomb", args: batchX, files: map[string]string{"in.xlsx": string(declaredBomb(t, sheet(good).Bytes()))}, code: 2, line: "alis: error: in.xlsx: xl/worksheets/sheet1.xml holds 4294967296 bytes decompressed; alis reads at most 1073741824 (is the file a zip bomb?)"},
		{name: "an OpenDocument spreadsheet", args: []string{"batch", "in.ods"}, files: map[string]string{"in.ods": string(odsFile(t))}, code: 2, line: "alis: error: in.ods: this is an OpenDocument file, not an Excel workbook (application/vnd.oasis.opendocument.spreadsheet); save it as an Excel workbook (.xlsx) or as CSV, and read that"},
		{name: "an unknown sheet", args: []string{"batch", "in.xlsx", "--sheet", "Ark9"}, files: book(sheet(good)), code: 2, line: `alis: error: in.xlsx: no sheet "Ark9"; the sheets are Ark1`},
		{name: "an empty sheet", args: batchX, files: book(xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "Ark1"}}}), code: 2, line: "alis: error: in.xlsx: the sheet Ark1 is empty: there is no header row"},
		{name: "a workbook from standard input", args: []string{"batch", "-"}, stdin: string(sheet(good).Bytes()), code: 0, line: "2,A,naering,2021-01-01,300000.00,2021,2021,naering,true,12,240000.00,240000.00,,,,,,,240000.00,exact,60000.00,,,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},

		// Outputs.
		{name: "-o onto a folder", args: []string{"batch", "in.csv", "-o", "."}, files: row(), code: 2, line: "alis: error: -o .: is a folder; give the name of a file in it, such as resultat.csv"},
		{name: "-o into a folder that is not there", args: []string{"batch", "in.csv", "-o", "nowhere/out.csv"}, files: row(), code: 2, line: "alis: error: -o nowhere/out.csv: the folder nowhere does not exist"},
		{name: "-o to a descriptor that is not open", args: []string{"batch", "in.csv", "-o", "/dev/fd/97"}, files: row(), code: 2, line: "alis: error: -o /dev/fd/97: descriptor 97 is not open"},
		{name: "-o to standard input", args: []string{"batch", "in.csv", "-o", "/dev/stdin"}, files: row(), code: 2, line: "alis: error: -o /dev/stdin: is standard input; give a file, - or /dev/stdout"},
		{name: "a right-to-left override in an id", args: []string{"batch", "in.csv", "--year", "2021", "--format", "table", "--lang", "en"},
			files: map[string]string{"in.csv": hdr + "A\u202e-1;naering;;2021-01-01;2021-12-31;300000\n"}, code: 0,
			line: "     2  A-1             2021     naering          yes      12        NOK 240,000       NOK 60,000", not: "\u202e", out: true},
		{name: "-o through a loop of links", args: []string{"batch", "in.csv", "-o", "loop1"}, files: row(), setup: func(t *testing.T) {
			mustDo(t, os.Symlink("loop2", "loop1"))
			mustDo(t, os.Symlink("loop1", "loop2"))
		}, code: 2, line: "alis: error: -o loop1: a loop of symbolic links; give the path of a file"},
		{name: "standard input named in the reader's language", args: []string{"batch", "-", "--lang", "nb"}, stdin: hdr + "A;naering;;2021-02-30;;1\n", code: 1, line: "alis: feil: standard inn:2: start: 30.02.2021 finnes ikke: februar 2021 har 28 dager"},
		{name: "a stillingsprosent with a no-break space before %", args: []string{"calc", "--employment", "fastlege 100\u00a0% 01.06.2025–31.05.2026", "--centrality", "3", "--lang", "en"}, code: 0, line: "Period in 2025/26:             2025-06-01–2026-05-31, 12 whole months", out: true},
		{name: "a stillingsprosent with three decimals", args: []string{"calc", "--employment", "fastlege 33,333 % 01.06.2025–31.05.2026"}, code: 2, line: `alis: error: --employment 1: "33,333" has more than two decimals: a stillingsprosent is given to the hundredth, as 33,33`},
		{name: "an amount with leading zeros", args: []string{"calc", "--driftsform", "naering", "--start", "2021-01-01", "--end", "2021-12-31", "--cost", "000000000000300000", "--lang", "en"}, code: 0, line: "Grant:                         NOK 240,000 (limited by the cap)", out: true},
		{name: "--year with an agreement in another period", args: []string{"calc", "--year", "2025/26", "--employment", "fastlege 100 % 01.06.2020–31.12.2020", "--lang", "en"}, code: 0, line: "The agreement is in:           2020 (without --year, it is computed under the rules of its own", out: true},
		{name: "-o through a link to nothing", args: []string{"batch", "in.csv", "-o", "link.csv"}, files: row(), setup: func(t *testing.T) { mustDo(t, os.Symlink("nowhere/x.csv", "link.csv")) }, code: 2, line: "alis: error: -o link.csv: a symbolic link to nowhere/x.csv, which does not exist; give the path of a file"},
		{name: "-o - is standard output", args: []string{"batch", "in.csv", "-o", "-"}, files: row("A;naering;;2021-01-01;;300000"), code: 0, line: "2,A,naering,,2021-01-01,,300000.00,2021,2021,naering,true,12,240000.00,240000.00,,,,,,,240000.00,exact,60000.00,,,\"2022 2023 2024 2024/25 2025/26 2026/27: missing: no employment period, and the rules of this period pay per employment period\",2027-06-01,,,\r", out: true},
		{name: "-o - for compare", args: []string{"compare", "in.csv", "--year", "2021", "--year", "2021", "--format", "csv", "-o", "-"}, files: row("A;naering;;2021-01-01;;300000"), code: 0, line: "2,A,240000.00,true,240000.00,true,0.00,,\r", out: true},
		{name: "a workbook to standard output without -o -", args: []string{"batch", "in.csv", "--format", "xlsx"}, files: row(), code: 2, line: "alis: error: --format xlsx: a workbook is not written to standard output"},

		// Rule files.
		{name: "rule file with a null cap", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("      value: 240000\n", "      value:\n")}, code: 2, line: "alis: error: " + lineOf("      value: 240000\n") + ": schemes.naering.cap.value: required, but has no value (null)"},
		{name: "rule file with a share of 1.5", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("  value: 0.20\n", "  value: 1.5\n")}, code: 2, line: "alis: error: " + lineOf("  value: 0.20\n") + ": cofinancing_share: 1.5 is outside 0..1 (write 20 % as 0.20)"},
		{name: "rule file with an unknown key", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("schemes:\n", "budget_total: 1\nschemes:\n")}, code: 2, line: "alis: error: " + lineOf("schemes:\n") + ": budget_total: unknown key; known keys here: cofinancing_share, dates_basis, no_scheme, note, note_nb, note_nn, period, proration, provisional, rounding, schema, schemes, signing, staffing_agency_excluded, title, training_required, valid_from, valid_to"},
		{name: "rule file with a duplicated key", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("  value: 0.20\n", "  value: 0.20\n  value: 0.30\n")}, code: 2, line: "alis: error: " + lineOf("  value: 0.20\n")[:7] + itoa(atoi(lineOf("  value: 0.20\n")[7:])+1) + ": cofinancing_share.value: duplicate key (first given on line " + lineOf("  value: 0.20\n")[7:] + ")"},
		{name: "rule file that is an alias bomb", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": bomb}, code: 2, line: "alis: error: r.yaml:5: schemes: YAML aliases (*d) are not allowed in rule files: write the value out"},
		{name: "rule file whose year contradicts its dates", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("period: \"2021\"\n", "period: \"2022\"\n")}, code: 2, line: "alis: error: r.yaml:7: valid_from: the period 2022 (given on line 5) has no day in 2022: it runs 2021-01-01 to 2021-12-31"},
		{name: "rule file without the co-financing rounding", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("  cofinancing_mode:\n    value: down\n", "  old_mode:\n    value: down\n")}, code: 2, line: "alis: error: r.yaml:" + itoa(atoi(lineOf("rounding:\n")[7:])+1) + ": rounding.cofinancing_mode: required, but missing"},
		{name: "rule file with a co-financing rounding of its own", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ruleWith("  cofinancing_mode:\n    value: down\n", "  cofinancing_mode:\n    value: up\n")}, code: 2, line: "alis: error: " + lineOf("  cofinancing_mode:\n    value: down\n")[:7] + itoa(atoi(lineOf("  cofinancing_mode:\n    value: down\n")[7:])+1) + `: rounding.cofinancing_mode: "up" is not one of: half_up, down`},
		{name: "empty rule file", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": ""}, code: 2, line: "alis: error: r.yaml: the file is empty"},
		{name: "rule file too large", args: calcArgs("--rules", "r.yaml"), files: map[string]string{"r.yaml": strings.Repeat("#", 2<<20)}, code: 2, line: "alis: error: --rules: r.yaml is 2097152 bytes; a rule file may be at most 1048576"},
		{name: "rule file missing", args: calcArgs("--rules", "nope.yaml"), code: 2, line: "alis: error: --rules: stat nope.yaml: no such file or directory"},
		{name: "rule file is a folder", args: calcArgs("--rules", "."), code: 2, line: "alis: error: --rules: . is a folder, not a rule file"},
		{name: "rule file is a device", args: calcArgs("--rules", "/dev/zero"), code: 2, line: "alis: error: --rules: /dev/zero is not a regular file (it is a character device)"},
		{name: "rule file is a pipe", args: calcArgs("--rules", "pipe.yaml"), setup: func(t *testing.T) { mkfifo(t, "pipe.yaml") }, code: 2, line: "alis: error: --rules: pipe.yaml is not a regular file (it is a named pipe)"},
		{name: "rules show of a pipe", args: []string{"rules", "show", "pipe.yaml"}, setup: func(t *testing.T) { mkfifo(t, "pipe.yaml") }, code: 2, line: "alis: error: pipe.yaml is not a regular file (it is a named pipe)"},
		{name: "rules show of a period alis lacks", args: []string{"rules", "show", "2099"}, code: 2, line: "alis: error: 2099 is neither an embedded period nor a rule file: the embedded periods are 2019, 2020, 2021, 2022, 2023, 2024, 2024/25, 2025/26, 2026/27",
			more: []string{"alis: hint: for a period alis has no rules for, draft a file with alis rules new"}},
		{name: "rules validate of a folder", args: []string{"rules", "validate", "."}, code: 2, line: "alis: error: . is a folder, not a rule file"},

		// What the arithmetic gives.
		{name: "rounding keeps the kommune's share", args: calcArgs("--cost", "100001", "--lang", "nb"), code: 0, line: "Kommunens andel:               20 001 kr (20,0 % av kostnadene på 100 001 kr)", more: []string{"Tilskudd:                      80 000 kr (begrenset av egenfinansieringen)"}, out: true},
		{name: "a cost of one krone", args: calcArgs("--cost", "1", "--lang", "nb"), code: 0, line: "Kommunens andel:               1 kr (100,0 % av kostnadene på 1 kr)", out: true},
		{name: "a cost with øre rounds down", args: calcArgs("--cost", "250 000,70", "--lang", "nb"), code: 0, line: "Kommunens andel:               50 000,70 kr (20,0 % av kostnadene på 250 000,70 kr)", out: true},
	}
	if len(cases) < 120 {
		t.Fatalf("the catalogue has %d entries; it promises at least 120", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two entries are named %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			for name, content := range c.files {
				if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if c.setup != nil {
				c.setup(t)
			}
			stdout, stderr, code := runAlis(t, strings.NewReader(c.stdin), c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, c.code, clipText(stderr))
			}
			where, text := "stderr", stderr
			if c.out {
				where, text = "stdout", stdout
			}
			for _, want := range append([]string{c.line}, c.more...) {
				if !containsLine(text, want) {
					t.Errorf("%s has no line\n  %q\nit has:\n%s", where, want, clipText(text))
				}
			}
			if c.not != "" && strings.Contains(text, c.not) {
				t.Errorf("%s has %q:\n%s", where, c.not, clipText(text))
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "internal error") {
				t.Errorf("stderr:\n%s", clipText(stderr))
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

// clipText keeps a failing test's message readable when the output is huge.
func clipText(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// declaredBomb rewrites a workbook so that its sheet says it decompresses
// to 4 GiB, as a zip bomb's does: the data stay as they were.
func declaredBomb(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		raw, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		h := f.FileHeader
		if f.Name == "xl/worksheets/sheet1.xml" {
			h.UncompressedSize64 = 4 << 30
		}
		w, err := zw.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, raw); err != nil {
			t.Fatal(err)
		}
	}
	mustDo(t, zw.Close())
	return buf.Bytes()
}

// odsFile is a small OpenDocument spreadsheet, as LibreOffice saves one.
func odsFile(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	mime := []byte("application/vnd.oasis.opendocument.spreadsheet")
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store, CRC32: crc32.ChecksumIEEE(mime), UncompressedSize64: uint64(len(mime))})
	mustDo(t, err)
	_, err = w.Write(mime)
	mustDo(t, err)
	w, err = zw.Create("content.xml")
	mustDo(t, err)
	_, err = w.Write([]byte(`<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`))
	mustDo(t, err)
	mustDo(t, zw.Close())
	return buf.Bytes()
}
