package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/rules"
)

const schemaBase = "https://github.com/alis-tilskudd/alis/schemas/"

// schemas compiles the published JSON schemas in schemas/, each under its
// $id, so that their references to one another resolve offline.
func schemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "schemas")
	files, err := filepath.Glob(filepath.Join(dir, "*.schema.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no schemas in %s: %v", dir, err)
	}
	c := jsonschema.NewCompiler()
	var names []string
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		name := filepath.Base(f)
		if id, _ := doc.(map[string]any)["$id"].(string); id != schemaBase+name {
			t.Fatalf("%s: $id is %q, want %q", f, id, schemaBase+name)
		}
		if err := c.AddResource(schemaBase+name, doc); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	out := map[string]*jsonschema.Schema{}
	for _, name := range names {
		s, err := c.Compile(schemaBase + name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[strings.TrimSuffix(name, ".schema.json")] = s
	}
	return out
}

func validate(t *testing.T, s *jsonschema.Schema, what, text string) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		t.Fatalf("%s: not JSON: %v\n%s", what, err, clipText(text))
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s: does not follow its schema: %v\n%s", what, err, clipText(text))
	}
}

// Every JSON alis writes follows the schema published for it in schemas/:
// calc's result under each generation of rules, batch's document by period
// and under one rule set, its JSON lines with rejected rows, the summaries
// alone, and compare's document.
func TestJSONFollowsSchemas(t *testing.T) {
	sch := schemas(t)
	for _, want := range []string{"result", "batch", "batch-line", "batch-summary", "summary-line", "compare", "compare-line"} {
		if sch[want] == nil {
			t.Fatalf("no schema %s.schema.json", want)
		}
	}
	bad := writeGenerated(t, 400, 0.25, "utf-8")
	win := filepath.Join("..", "..", "..", "..", "testdata", "csv", "avtaler-2021-win1252.csv")
	gens := filepath.Join("..", "..", "..", "..", "testdata", "csv", "generasjoner.csv")
	vik := filepath.Join("..", "..", "..", "..", "testdata", "csv", "vikarer.csv")

	type run struct {
		schema string
		lines  bool // one document a line
		args   []string
		// what the output must hold, so that a schema too loose to fail
		// is still checked against the fields that matter
		holds []string
	}
	runs := []run{
		{"result", false, []string{"calc", "--driftsform", "naering", "--start", "2021-01-01", "--cost", "300000", "--format", "json"}, []string{`"grant": "240000.00"`, `"limited_by": "cap"`}},
		{"result", false, []string{"calc", "--year", "2020", "--driftsform", "fastlønn", "--start", "2020-03-15", "--cost", "300000", "--format", "json"}, []string{`"code": "no_scheme"`}},
		{"result", false, []string{"calc", "--driftsform", "naering", "--role", "vikar", "--start", "2021-01-01", "--end", "2021-03-31", "--cost", "200000", "--format", "json"}, []string{`"eligible": false`, `"code": "vikariat_too_short"`}},
		{"result", false, []string{"calc", "--driftsform", "naering", "--start", "2021-01-01", "--format", "json"}, []string{`"cost": null`}},
		{"result", false, []string{"calc", "--grant-type", "veiledning", "--start", "2021-01-01", "--end", "2021-12-31", "--supervision-months", "7", "--format", "json"}, []string{`"formula": "supervision_rate"`}},
		{"result", false, []string{"calc", "--employment", "fastlege 100 % 01.10.2022–31.08.2023", "--format", "json"}, []string{`"grant": null`, `"formula": "category_amount"`}},
		{"result", false, []string{"calc", "--employment", "fastlege 100 % 01.10.2022–31.08.2023", "--set", "amount.fastlege=400000", "--format", "json"}, []string{`"overrides": [`}},
		{"result", false, []string{"calc", "--employment", "fastlege 50 % 01.06.2025–30.11.2025", "--employment", "fastlege 100 % 01.12.2025–31.05.2026",
			"--first-fastlege-date", "01.06.2025", "--absence-compensation", "28000", "--supervision-hours", "40", "--format", "json"}, []string{`"formula": "components"`, `"name": "practice_compensation"`}},
		{"batch", false, []string{"batch", win, "--format", "json"}, []string{`"periods": [`}},
		{"batch", false, []string{"batch", gens, "--format", "json"}, []string{`"lines":[3,4]`, `"employment":[`}},
		{"batch", false, []string{"batch", bad, "--format", "json"}, []string{`"rejected":true`}},
		{"batch", false, []string{"batch", bad, "--year", "2021", "--format", "json", "--allocate", "prorata", "--set", "schemes.naering.budget=1000000"}, []string{`"allocated_grant"`, `"allocation_factor"`}},
		{"batch", false, []string{"batch", vik, "--year", "2021", "--format", "json"}, []string{`"role":"vikar"`}},
		{"batch-line", true, []string{"batch", bad, "--format", "jsonl"}, []string{`"code":"bad_value"`, `"rules":{"period":"2021"`}},
		{"batch-line", true, []string{"batch", gens, "--format", "jsonl"}, []string{`"lines":[`}},
		{"batch-summary", false, []string{"batch", bad, "--format", "json", "--summary-only"}, []string{`"periods"`}},
		{"batch-summary", false, []string{"batch", bad, "--year", "2021", "--format", "json", "--summary-only"}, []string{`"summary"`}},
		{"summary-line", true, []string{"batch", bad, "--format", "jsonl", "--summary-only"}, []string{`"scheme":"total"`}},
		{"compare", false, []string{"compare", bad, "--year", "2020", "--year", "2021", "--format", "json"}, []string{`"became_eligible"`, `"rejected":true`}},
		{"compare-line", true, []string{"compare", bad, "--year", "2020", "--year", "2021", "--format", "jsonl"}, []string{`"format_version":2,"line":2,`, `"rejected":true`, `"under":[{"rule_set":"2020→2021"`}},
		{"compare", false, []string{"compare", gens, "--year", "2021", "--year", "2025/26", "--format", "json"}, []string{`"delta_percent"`, `"error":`}},
	}
	for _, r := range runs {
		name := strings.Join(r.args, " ")
		out, errText, code := runAlis(t, nil, r.args...)
		if code != 0 && code != 1 {
			t.Errorf("%s: exit %d: %s", name, code, errText)
			continue
		}
		for _, h := range r.holds {
			if !strings.Contains(out, h) {
				t.Errorf("%s: output lacks %s", name, h)
			}
		}
		if !r.lines {
			validate(t, sch[r.schema], name, out)
			if !json.Valid([]byte(out)) {
				t.Errorf("%s: not one JSON document", name)
			}
			continue
		}
		n := 0
		for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			validate(t, sch[r.schema], name+" line "+itoa(i+1), line)
			n++
		}
		if n < 2 {
			t.Errorf("%s: %d lines", name, n)
		}
	}
}

// The codes the schema allows are the codes alis has: a new reason or
// rejection code must be published with it.
func TestSchemaCodesAreAlisCodes(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "schemas", "alis.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	type enum struct {
		Properties struct {
			Code struct {
				Enum []string `json:"enum"`
			} `json:"code"`
		} `json:"properties"`
	}
	var doc struct {
		Defs struct {
			Reason   enum `json:"reason"`
			Rejected enum `json:"rejected"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var reasons, rejects []string
	for _, c := range calc.Codes {
		reasons = append(reasons, string(c))
	}
	for _, c := range batch.RejectCodes {
		rejects = append(rejects, string(c))
	}
	if got, want := strings.Join(doc.Defs.Reason.Properties.Code.Enum, " "), strings.Join(reasons, " "); got != want {
		t.Errorf("schema's reason codes:\n %s\nalis's:\n %s", got, want)
	}
	if got, want := strings.Join(doc.Defs.Rejected.Properties.Code.Enum, " "), strings.Join(rejects, " "); got != want {
		t.Errorf("schema's rejection codes:\n %s\nalis's:\n %s", got, want)
	}
}

// The library's JSON of a result (json.Marshal of a calc.Result) is the
// command's: the same document as alis calc --format json, less what only
// the command knows (the other periods the agreement runs into, the end of
// the rules), and it follows schemas/result.schema.json.
func TestLibraryJSONIsTheCommands(t *testing.T) {
	sch := schemas(t)["result"]
	for _, c := range []struct {
		period     string
		set        []string
		inputs     map[string]string
		employment []string
	}{
		{"2021", nil, map[string]string{"driftsform": "naering", "start": "2021-01-01", "cost": "300000"}, nil},
		{"2021", nil, map[string]string{"driftsform": "naering", "role": "vikar", "start": "2021-01-01", "end": "2021-03-31", "cost": "200000"}, nil},
		{"2021", nil, map[string]string{"grant_type": "veiledning", "start": "2021-01-01", "end": "2021-12-31", "supervision_months": "7"}, nil},
		{"2023", []string{"amount.fastlege=400000"}, nil, []string{"fastlege 100 % 01.10.2022–31.08.2023"}},
		{"2023", nil, map[string]string{"kommune": "1804"}, []string{"fastlege 80 % 01.10.2022–31.08.2023"}},
		{"2025/26", nil, map[string]string{"first_fastlege_date": "01.06.2025", "absence_compensation": "28000", "supervision_hours": "40"},
			[]string{"fastlege 50 % 01.06.2025–30.11.2025", "fastlege 100 % 01.12.2025–31.05.2026"}},
	} {
		args := []string{"calc", "--year", c.period, "--format", "json", "--lang", "en"}
		var a calc.Agreement
		for name, v := range c.inputs {
			if err := input.Set(&a, name, v); err != nil {
				t.Fatal(err)
			}
			args = append(args, input.Flag(name), v)
		}
		for _, e := range c.employment {
			emp, err := input.ParseEmployment(e)
			if err != nil {
				t.Fatal(err)
			}
			a.Employment = append(a.Employment, emp)
			args = append(args, "--employment", e)
		}
		r, err := rules.Embedded(c.period)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range c.set {
			if r, err = r.Set(s); err != nil {
				t.Fatal(err)
			}
			args = append(args, "--set", s)
		}
		e, err := calc.NewEngine(r)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.Compute(&a)
		if err != nil {
			t.Fatal(err)
		}
		lib, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.Join(args, " ")
		validate(t, sch, "json.Marshal for "+name, string(lib))
		out, stderr, code := runAlis(t, nil, args...)
		if code != exitOK {
			t.Fatalf("%s: exit %d\n%s", name, code, stderr)
		}
		var fromLib, fromCmd map[string]any
		if err := json.Unmarshal(lib, &fromLib); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(out), &fromCmd); err != nil {
			t.Fatal(err)
		}
		delete(fromCmd, "also_in_periods")
		delete(fromCmd, "beyond_rules_from")
		if diff := cmp.Diff(fromCmd, fromLib); diff != "" {
			t.Errorf("%s: the library's JSON differs from the command's (-command +library):\n%s", name, diff)
		}
	}
}
