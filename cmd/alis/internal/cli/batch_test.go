package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/rules"
)

func runAlis(t *testing.T, stdin io.Reader, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, stdin, &out, &errb)
	return out.String(), errb.String(), code
}

func writeGenerated(t *testing.T, rows int, bad float64, encoding string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: rows, Seed: 3, Encoding: encoding, Year: 2021, Bad: bad}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "avtaler.csv")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func parseMoney(t *testing.T, s string) calc.Money {
	t.Helper()
	m, err := calc.ParseAmount(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Every input row is one entry of the output, in input order, and the
// summary's totals are the sums of the rows, to the øre.
func TestBatchAccountsForEveryRowExactly(t *testing.T) {
	const rows = 20_000
	p := writeGenerated(t, rows, 0.02, "windows-1252")
	stdout, stderr, code := runAlis(t, nil, "batch", p, "--format", "json")
	if code != exitRejected {
		t.Fatalf("exit %d, want 1 (some rows are malformed); stderr:\n%s", code, stderr)
	}
	var doc struct {
		Summary summaryDoc `json:"-"`
		Results []struct {
			Line         int     `json:"line"`
			Period       string  `json:"grant_period"`
			ID           string  `json:"id"`
			Scheme       *string `json:"scheme"`
			Grant        string  `json:"grant"`
			GrantBasis   string  `json:"grant_basis"`
			KommuneShare *string `json:"kommune_share"`
		} `json:"results"`
		Errors []struct {
			Line int    `json:"line"`
			ID   string `json:"id"`
		} `json:"errors"`
		// Without --year, by period: every generated agreement is of 2021.
		Periods []struct {
			Summary summaryDoc `json:"summary"`
		} `json:"periods"`
		Unplaced int `json:"unplaced_rejected"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	// The periods' summaries add up to the batch's.
	if len(doc.Periods) < 2 {
		t.Fatalf("%d periods: the generated agreements start in 2020 and 2021", len(doc.Periods))
	}
	byScheme := map[string]int{}
	var sumGrant, sumMax, sumKommune calc.Money
	for _, p := range doc.Periods {
		s := p.Summary
		doc.Summary.Rows += s.Rows
		doc.Summary.Rejected += s.Rejected
		sumGrant += parseMoney(t, s.Total.Grant)
		sumMax += parseMoney(t, s.Total.GrantMaximum)
		sumKommune += parseMoney(t, s.Total.KommuneShare)
		for _, g := range s.Schemes {
			if i, ok := byScheme[g.Scheme]; ok {
				doc.Summary.Schemes[i].Agreements += g.Agreements
				doc.Summary.Schemes[i].Maxima += g.Maxima
				doc.Summary.Schemes[i].Grant = (parseMoney(t, doc.Summary.Schemes[i].Grant) + parseMoney(t, g.Grant)).String()
				doc.Summary.Schemes[i].GrantMaximum = (parseMoney(t, doc.Summary.Schemes[i].GrantMaximum) + parseMoney(t, g.GrantMaximum)).String()
				doc.Summary.Schemes[i].KommuneShare = (parseMoney(t, doc.Summary.Schemes[i].KommuneShare) + parseMoney(t, g.KommuneShare)).String()
				continue
			}
			byScheme[g.Scheme] = len(doc.Summary.Schemes)
			doc.Summary.Schemes = append(doc.Summary.Schemes, g)
		}
	}
	doc.Summary.Rows += doc.Unplaced
	doc.Summary.Rejected += doc.Unplaced
	doc.Summary.Total.Grant, doc.Summary.Total.GrantMaximum, doc.Summary.Total.KommuneShare = sumGrant.String(), sumMax.String(), sumKommune.String()
	// Each period's summary counts the agreements computed under it: an
	// agreement that reaches two periods has a result in each.
	if doc.Summary.Rows != len(doc.Results)+len(doc.Errors) || doc.Summary.Rejected != len(doc.Errors) {
		t.Fatalf("%d results + %d errors, summary %d rows %d rejected", len(doc.Results), len(doc.Errors), doc.Summary.Rows, doc.Summary.Rejected)
	}
	if len(doc.Results) <= rows-len(doc.Errors) {
		t.Fatalf("%d results of %d computed rows: no generated agreement reached a second period", len(doc.Results), rows-len(doc.Errors))
	}
	if len(doc.Errors) < rows/100 {
		t.Fatalf("only %d rejected rows: the generator's malformed amounts were not rejected", len(doc.Errors))
	}
	// Lines 2..rows+1 each appear, once as an error or once a period as a
	// result, the periods in order; ids follow input order (A-100000, A-100001, ...).
	seen := make([]bool, rows+2)
	check := func(line int, id string) {
		if line < 2 || line > rows+1 || seen[line] {
			t.Fatalf("line %d out of range or seen twice", line)
		}
		seen[line] = true
		if want := "A-" + strconv.Itoa(100000+line-2); id != want {
			t.Fatalf("line %d has id %q, want %q", line, id, want)
		}
	}
	last, lastPeriod := 0, ""
	for _, r := range doc.Results {
		switch {
		case r.Line < last:
			t.Fatalf("results out of order at line %d", r.Line)
		case r.Line == last:
			if r.Period <= lastPeriod {
				t.Fatalf("line %d: period %s after %s", r.Line, r.Period, lastPeriod)
			}
		default:
			check(r.Line, r.ID)
		}
		last, lastPeriod = r.Line, r.Period
	}
	for _, e := range doc.Errors {
		check(e.Line, e.ID)
	}
	for line := 2; line <= rows+1; line++ {
		if !seen[line] {
			t.Fatalf("line %d is in no result and no error", line)
		}
	}
	// The exact grants and the maxima add up apart, each to its own sum.
	grant, upTo, maxima, kommune := map[string]calc.Money{}, map[string]calc.Money{}, map[string]int{}, map[string]calc.Money{}
	var totalGrant, totalMax, totalKommune calc.Money
	for _, r := range doc.Results {
		g := parseMoney(t, r.Grant)
		s := "-" // no scheme covers it
		if r.Scheme != nil {
			s = *r.Scheme
		}
		switch r.GrantBasis {
		case "exact":
			grant[s] += g
			totalGrant += g
		case "maximum":
			upTo[s] += g
			maxima[s]++
			totalMax += g
		default:
			t.Fatalf("line %d: grant_basis %q", r.Line, r.GrantBasis)
		}
		if r.KommuneShare != nil {
			k := parseMoney(t, *r.KommuneShare)
			kommune[s] += k
			totalKommune += k
		}
	}
	for _, s := range doc.Summary.Schemes {
		if parseMoney(t, s.Grant) != grant[s.Scheme] || parseMoney(t, s.KommuneShare) != kommune[s.Scheme] {
			t.Errorf("scheme %s: summary grant %s kommune %s, rows sum to %s and %s", s.Scheme, s.Grant, s.KommuneShare, grant[s.Scheme], kommune[s.Scheme])
		}
		if parseMoney(t, s.GrantMaximum) != upTo[s.Scheme] || s.Maxima != maxima[s.Scheme] {
			t.Errorf("scheme %s: summary maxima %d up to %s, rows %d up to %s", s.Scheme, s.Maxima, s.GrantMaximum, maxima[s.Scheme], upTo[s.Scheme])
		}
	}
	if parseMoney(t, doc.Summary.Total.Grant) != totalGrant || parseMoney(t, doc.Summary.Total.GrantMaximum) != totalMax ||
		parseMoney(t, doc.Summary.Total.KommuneShare) != totalKommune {
		t.Errorf("total: summary %s / %s / %s, rows %s / %s / %s", doc.Summary.Total.Grant, doc.Summary.Total.GrantMaximum,
			doc.Summary.Total.KommuneShare, totalGrant, totalMax, totalKommune)
	}
	if totalMax == 0 {
		t.Error("no maximum at all: the generated rows without a cost were not seen")
	}
	if totalGrant == 0 {
		t.Error("no grant at all: the test would prove nothing")
	}
}

// The same input gives the same bytes, whatever the number of workers: in
// every format, the workbook too (its shared strings are numbered in the
// order of the rows, not as the workers come to them). The register has
// more chunks than four workers have jobs, so that jobs are used again.
func TestBatchIsDeterministic(t *testing.T) {
	p := writeGenerated(t, 12_000, 0.01, "utf-8")
	runs := [][]string{}
	for _, format := range []string{"csv", "json", "jsonl", "table"} {
		runs = append(runs, []string{"batch", p, "--format", format})
	}
	runs = append(runs, []string{"batch", p, "--format", "xlsx", "-o", "-"})
	for _, format := range []string{"csv", "json", "table"} {
		runs = append(runs, []string{"compare", p, "--year", "2020", "--year", "2021", "--set", "vikar_min_months=3", "--format", format})
	}
	for _, args := range runs {
		var first string
		for _, workers := range []string{"1", "2", "4"} {
			out, errOut, _ := runAlis(t, nil, append(args, "--workers", workers)...)
			got := out + "\x00" + errOut
			if first == "" {
				first = got
				continue
			}
			if got != first {
				t.Fatalf("%v: --workers %s gives other output than --workers 1", args, workers)
			}
		}
	}
}

// failingReader gives some rows, then fails, as a broken pipe or disk would.
type failingReader struct {
	r     io.Reader
	after int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errors.New("input/output error")
	}
	if len(p) > f.after {
		p = p[:f.after]
	}
	n, err := f.r.Read(p)
	f.after -= n
	return n, err
}

// A run that fails midway leaves neither the output file nor a temporary
// file, for a CSV and for a workbook.
func TestBatchFailedRunLeavesNoFile(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{Rows: 50_000, Seed: 1, Encoding: "utf-8", Year: 2021}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"resultat.csv", "resultat.xlsx"} {
		dir := t.TempDir()
		target := filepath.Join(dir, name)
		in := &failingReader{r: bytes.NewReader(buf.Bytes()), after: buf.Len() / 2}
		_, stderr, code := runAlis(t, in, "batch", "-", "-o", target)
		if code != exitCannot {
			t.Fatalf("%s: exit %d, want 2; stderr:\n%s", name, code, stderr)
		}
		if !strings.Contains(stderr, "alis: error: standard input: input/output error") {
			t.Errorf("%s: stderr does not say what failed:\n%s", name, stderr)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: the failed run left %v in the folder", name, entries)
		}
	}
	// And a good run replaces an old file whole.
	dir := t.TempDir()
	target := filepath.Join(dir, "resultat.csv")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := writeGenerated(t, 100, 0, "utf-8")
	if _, stderr, code := runAlis(t, nil, "batch", good, "-o", target, "--year", "2021"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(target)
	if !bytes.HasPrefix(b, []byte("line,id,Kommunenr,Driftsform,Rolle,Fra,Til,Kostnader,")) || bytes.Count(b, []byte("\n")) != 101 {
		t.Errorf("the output file is not the new result: %.80q", b)
	}
}

func TestAppendCellGuardsFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"plain": "plain", "=1+1": "'=1+1", "+47": "'+47", "-3": "'-3", "@A1": "'@A1", "\tx": "'\tx",
		"a,b": `"a,b"`, `say "hi"`: `"say ""hi"""`, "=a,b": `"'=a,b"`, "line\nbreak": "\"line\nbreak\"", "": "",
	} {
		if got := string(output.AppendCell(nil, in, ',')); got != want {
			t.Errorf("AppendCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// Duplicate ids are found, and past the bound on tracked ids the run says
// that it stopped looking.
func TestBatchDuplicateIDsAreBounded(t *testing.T) {
	var in strings.Builder
	in.WriteString("id;driftsform;start\n")
	for i := 0; i < 30; i++ {
		in.WriteString("A" + strconv.Itoa(i%12) + ";næring;2021-01-01\n")
	}
	_, stderr, code := runAlis(t, strings.NewReader(in.String()), "batch", "-")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stderr, "alis: warning: standard input: lines 2, 14, 26 have the same id\n") ||
		!strings.Contains(stderr, "alis: warning: … and 2 more ids given more than once\n") {
		t.Errorf("duplicates not reported as expected:\n%s", stderr)
	}
	defer func(n int) { batch.MaxTrackedIDs = n }(batch.MaxTrackedIDs)
	batch.MaxTrackedIDs = 12
	_, stderr, _ = runAlis(t, strings.NewReader(in.String()), "batch", "-")
	if !strings.Contains(stderr, "duplicate ids were looked for among the first 12 rows only") || strings.Contains(stderr, "have the same id") {
		t.Errorf("bounded run:\n%s", stderr)
	}
}

// Every CSV that batch and compare write is rectangular: each row has the
// header's number of fields, rejected rows too, in both dialects.
func TestCSVOutputIsRectangular(t *testing.T) {
	p := writeGenerated(t, 3000, 0.05, "windows-1252")
	for _, args := range [][]string{
		{"batch", p},
		{"batch", p, "--dialect", "excel-nb"},
		{"batch", p, "--summary-only"},
		{"batch", p, "--allocate", "prorata", "--year", "2021", "--set", "schemes.naering.budget=1000000"},
		{"compare", p, "--year", "2020", "--year", "2021", "--format", "csv"},
		{"compare", p, "--year", "2019", "--year", "2020", "--year", "2021", "--set", "cap=1", "--format", "csv"},
	} {
		out, _, code := runAlis(t, nil, args...)
		if code > 1 {
			t.Fatalf("%v: exit %d", args, code)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
		if strings.Contains(strings.Join(args, " "), "excel-nb") {
			r.Comma = ';'
		}
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if len(recs) < 2 {
			t.Fatalf("%v: %d records", args, len(recs))
		}
	}
}

// --allocate prorata: per scheme the allocated grants add up to the budget
// exactly, no grant grows, and the summary's allocated totals are those sums.
func TestBatchAllocateProrata(t *testing.T) {
	p := writeGenerated(t, 5000, 0.01, "utf-8")
	out, stderr, code := runAlis(t, nil, "batch", p, "--format", "json", "--allocate", "prorata", "--year", "2021",
		"--set", "schemes.naering.budget=123456789", "--set", "schemes.fastlonn.budget=54000000000")
	if code > 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Results []struct {
			Scheme    *string `json:"scheme"`
			Grant     string  `json:"grant"`
			Allocated *string `json:"allocated_grant"`
		} `json:"results"`
		Summary struct {
			Schemes []struct {
				Scheme         string  `json:"scheme"`
				Grant          string  `json:"grant"`
				GrantMaximum   string  `json:"grant_maximum"`
				Budget         *string `json:"budget"`
				AllocatedTotal *string `json:"allocated_total"`
				Factor         *string `json:"allocation_factor"`
			} `json:"schemes"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	allocated := map[string]calc.Money{}
	reduced := 0
	for _, r := range doc.Results {
		if r.Allocated == nil {
			t.Fatal("a result without allocated_grant")
		}
		g, a := parseMoney(t, r.Grant), parseMoney(t, *r.Allocated)
		if a > g || a < 0 {
			t.Fatalf("grant %s allocated %s", g, a)
		}
		if a < g {
			reduced++
		}
		if r.Scheme != nil {
			allocated[*r.Scheme] += a
		}
	}
	for _, s := range doc.Summary.Schemes {
		if s.AllocatedTotal == nil || s.Factor == nil {
			t.Fatalf("scheme %s: no allocated total or factor", s.Scheme)
		}
		if parseMoney(t, *s.AllocatedTotal) != allocated[s.Scheme] {
			t.Errorf("%s: summary allocated %s, rows %s", s.Scheme, *s.AllocatedTotal, allocated[s.Scheme])
		}
	}
	if allocated["naering"] != parseMoney(t, "123456789") {
		t.Errorf("naering: allocated %s, budget 123 456 789", allocated["naering"])
	}
	// Allocation fits the grants, exact and maxima (an allocated maximum
	// is still one), to the budget.
	if fl := doc.Summary.Schemes[1]; *fl.Factor != "1.000000" || parseMoney(t, fl.Grant)+parseMoney(t, fl.GrantMaximum) != allocated["fastlonn"] {
		t.Errorf("fastlonn is within its budget and must be unchanged: factor %s", *fl.Factor)
	}
	if reduced == 0 {
		t.Error("no grant was reduced: the test proves nothing")
	}
}

// compare's totals per rule set, per scheme and in all, are the sums of its
// rows, to the øre; the delta is last minus first.
func TestCompareTotalsEqualRowSums(t *testing.T) {
	p := writeGenerated(t, 8000, 0.01, "utf-8")
	out, stderr, code := runAlis(t, nil, "compare", p, "--year", "2020", "--year", "2021", "--set", "cap=250000", "--format", "json")
	if code > 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Results []struct {
			Under []struct {
				RuleSet string  `json:"rule_set"`
				Scheme  *string `json:"scheme"`
				Grant   string  `json:"grant"`
				Basis   string  `json:"grant_basis"`
			} `json:"under"`
			Delta string `json:"delta"`
		} `json:"results"`
		Summary struct {
			Comparison []struct {
				Scheme string            `json:"scheme"`
				Grants map[string]string `json:"grants"`
				UpTo   map[string]string `json:"grants_maximum"`
				Delta  *string           `json:"delta"`
			} `json:"comparison"`
			Total struct {
				Grants map[string]string `json:"grants"`
				UpTo   map[string]string `json:"grants_maximum"`
				Delta  *string           `json:"delta"`
			} `json:"total"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	sums := map[string]map[string]calc.Money{} // rule set -> scheme -> sum
	totals := map[string]calc.Money{}
	var deltas calc.Money
	for _, r := range doc.Results {
		first, last := parseMoney(t, r.Under[0].Grant), parseMoney(t, r.Under[len(r.Under)-1].Grant)
		if exact := r.Under[0].Basis == "exact" && r.Under[len(r.Under)-1].Basis == "exact"; exact != (r.Delta != "") {
			t.Fatalf("row delta %q, grants %s (%s) and %s (%s): a delta only between exact grants", r.Delta, first, r.Under[0].Basis,
				last, r.Under[len(r.Under)-1].Basis)
		}
		if r.Delta != "" && parseMoney(t, r.Delta) != last-first {
			t.Fatalf("row delta %s, grants %s and %s", r.Delta, first, last)
		}
		deltas += last - first
		for _, u := range r.Under {
			s := "-"
			if u.Scheme != nil {
				s = *u.Scheme
			}
			if sums[u.RuleSet] == nil {
				sums[u.RuleSet] = map[string]calc.Money{}
			}
			if u.Basis != "exact" {
				continue // the comparison's grants are the exact ones; maxima are summed apart
			}
			g := parseMoney(t, u.Grant)
			sums[u.RuleSet][s] += g
			totals[u.RuleSet] += g
		}
	}
	if len(totals) != 2 || totals["2020→2021"] == 0 || totals["2021+cap=250000"] == 0 {
		t.Fatalf("rule sets %v", totals)
	}
	for _, c := range doc.Summary.Comparison {
		for set, g := range c.Grants {
			if parseMoney(t, g) != sums[set][c.Scheme] {
				t.Errorf("%s under %s: summary %s, rows %s", c.Scheme, set, g, sums[set][c.Scheme])
			}
		}
	}
	for set, g := range doc.Summary.Total.Grants {
		if parseMoney(t, g) != totals[set] {
			t.Errorf("total under %s: summary %s, rows %s", set, g, totals[set])
		}
	}
	// A summary's delta is that of the exact grants, and only where neither
	// rule set has maxima beside them.
	checked := 0
	for _, c := range append(doc.Summary.Comparison, struct {
		Scheme string            `json:"scheme"`
		Grants map[string]string `json:"grants"`
		UpTo   map[string]string `json:"grants_maximum"`
		Delta  *string           `json:"delta"`
	}{"total", doc.Summary.Total.Grants, doc.Summary.Total.UpTo, doc.Summary.Total.Delta}) {
		first, last := "2020→2021", "2021+cap=250000"
		withMax := parseMoney(t, c.UpTo[first]) != 0 || parseMoney(t, c.UpTo[last]) != 0
		if withMax != (c.Delta == nil) {
			t.Errorf("%s: delta %v, maxima %s and %s", c.Scheme, c.Delta, c.UpTo[first], c.UpTo[last])
		}
		if c.Delta != nil {
			checked++
			if parseMoney(t, *c.Delta) != parseMoney(t, c.Grants[last])-parseMoney(t, c.Grants[first]) {
				t.Errorf("%s: delta %s, grants %s and %s", c.Scheme, *c.Delta, c.Grants[first], c.Grants[last])
			}
		}
	}
	if checked == 0 || doc.Summary.Total.Delta != nil {
		t.Errorf("%d deltas checked, total delta %v: the generated rows without costs are maxima under both rule sets", checked, doc.Summary.Total.Delta)
	}
	if deltas == 0 {
		t.Error("no row's grant changed: the test proves nothing")
	}
}

// The same bytes give the same output from standard input and from a file:
// the encoding is decided the same way for both, wherever the first byte
// that is not ASCII comes.
func TestStdinAndFileAgree(t *testing.T) {
	ascii := strings.Repeat("A;naering;2021-01-01;300000\n", 50_000) // more than a megabyte
	inputs := map[string]string{
		"windows-1252 late":       "id;driftsform;start;cost\n" + ascii + "B\xf8;n\xe6ring;2021-01-01;1\n",
		"utf-8 late":              "id;driftsform;start;cost\n" + ascii + "Bø;næring;2021-01-01;1\n",
		"utf-8 then bad bytes":    "id;driftsform;start;cost\nBø;næring;2021-01-01;1\n" + ascii + "C\xf8;naering;2021-01-01;1\n",
		"windows-1252 from start": "id;driftsform;start;cost\nB\xf8;n\xe6ring;2021-01-01;1\n" + ascii,
		"cr only":                 strings.ReplaceAll("id;driftsform;start;cost\n"+ascii[:2000]+"Bø;næring;2021-01-01;1\n", "\n", "\r"),
	}
	for name, in := range inputs {
		p := filepath.Join(t.TempDir(), "in.csv")
		if err := os.WriteFile(p, []byte(in), 0o644); err != nil {
			t.Fatal(err)
		}
		fromFile, errFile, codeFile := runAlis(t, nil, "batch", p)
		fromStdin, errStdin, codeStdin := runAlis(t, strings.NewReader(in), "batch", "-")
		if fromFile != fromStdin || codeFile != codeStdin || strings.ReplaceAll(errFile, p, "standard input") != errStdin {
			t.Errorf("%s: a file and standard input differ (exit %d and %d)", name, codeFile, codeStdin)
		}
		if !strings.Contains(fromFile, ",2021,naering,true,12,") {
			t.Errorf("%s: nothing computed:\n%.300s", name, fromFile)
		}
	}
}

// A row the first rule set computes and a later one cannot (the later
// rules tell schemes apart by driftsform, and the row gives none) says so
// under that set, is counted there as one it could not compute, and is in
// no comparison of amounts.
func TestCompareSaysWhereARuleSetCannotCompute(t *testing.T) {
	t.Setenv("COLUMNS", "200") // the summary as one table
	dir := t.TempDir()
	src, err := rules.EmbeddedFile("2019")
	if err != nil {
		t.Fatal(err)
	}
	// The 2019 rules without driftsformer: the one scheme covers every driftsform.
	text := string(src)
	i := strings.Index(text, "    driftsformer:\n")
	j := strings.Index(text[i:], "    roles:\n")
	if i < 0 || j < 0 {
		t.Fatal("no driftsformer in the 2019 file")
	}
	text = text[:i] + text[i+j:]
	any := filepath.Join(dir, "any.yaml")
	agreements := filepath.Join(dir, "avtaler.csv")
	if err := os.WriteFile(any, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(agreements, []byte("id;driftsform;start;cost\nA;naering;2019-01-01;300000\nB;;2019-01-01;300000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runAlis(t, nil, "compare", agreements, "--rules", any, "--year", "2019", "--format", "csv", "--lang", "en")
	if code != exitOK {
		t.Fatalf("exit %d, want 0: %s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records, want a header and 2 rows:\n%s", len(recs), out)
	}
	b := recs[2]
	if b[1] != "B" || b[2] != "240000.00" || b[4] != "" || b[6] != "" || !strings.Contains(b[len(b)-1], "under 2019: driftsform: missing") {
		t.Errorf("row B = %q, want computed under any.yaml and not under 2019", b)
	}
	// Under 2019 one agreement is computed and one could not be; the
	// comparison of amounts counts only A.
	for _, want := range []string{`\?\s+1\s+0\s+0\s+1\s`, `naering\s+NOK 480,000\s+NOK 240,000\s`} {
		if !regexp.MustCompile(want).MatchString(stderr) {
			t.Errorf("stderr lacks %s:\n%s", want, stderr)
		}
	}
}

// summaryDoc is a batch summary in JSON.
type summaryDoc struct {
	Rows     int `json:"rows"`
	Rejected int `json:"rejected"`
	Schemes  []struct {
		Scheme       string `json:"scheme"`
		Agreements   int    `json:"agreements"`
		Grant        string `json:"grant"`
		GrantMaximum string `json:"grant_maximum"`
		Maxima       int    `json:"eligible_maximum"`
		KommuneShare string `json:"kommune_share"`
	} `json:"schemes"`
	Total struct {
		Grant        string `json:"grant"`
		GrantMaximum string `json:"grant_maximum"`
		KommuneShare string `json:"kommune_share"`
	} `json:"total"`
}
