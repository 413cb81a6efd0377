package input

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules/date"
)

// A spreadsheet stores kommune 0301 as the number 301; three digits can
// only have lost the leading zero.
func TestKommuneLostLeadingZero(t *testing.T) {
	var a calc.Agreement
	for in, want := range map[string]string{"301": "0301", "0301": "0301", "4601": "4601", " 301 ": "0301", "30": "30", "Oslo": "Oslo"} {
		if err := Set(&a, calc.FieldKommune, in); err != nil || a.Kommune != want {
			t.Errorf("Set(kommune, %q) = %q, %v; want %q", in, a.Kommune, err, want)
		}
	}
}

func TestSet(t *testing.T) {
	var a calc.Agreement
	for _, c := range []struct{ field, in, err string }{
		{calc.FieldCost, "312 500,50", ""},
		{calc.FieldCost, "1.234,5.6", `not an amount: "1.234,5.6" mixes . and , so that the decimals cannot be told`},
		{calc.FieldStart, "01.08.2021", ""},
		{calc.FieldStart, "15/03/2021", `"15/03/2021" is not a date alis reads: with slashes, day and month cannot be told apart; write 2021-08-01 or 01.08.2021`},
		{calc.FieldDriftsform, "Næringsdrift", ""},
		{calc.FieldRole, "Fastlegevikar", ""},
		{calc.FieldGrantType, "ALIS-avtale", ""},
		{calc.FieldGrantType, "kun veiledning", ""},
		{calc.FieldGrantType, "stipend", `unknown grant type "stipend": use alis_avtale (ALIS-avtale) or veiledning (veiledning av ALIS)`},
		{calc.FieldPriorYears, "fire", `"fire" is not a number of years from 0 to 100`},
		{calc.FieldCentralityClass, "7", `"7" is not a sentralitetsklasse (1 to 6)`},
		{calc.FieldSupervisionHours, "57,75", ""},
		{calc.FieldSupervisionHours, "57,755", `"57,755" is not a number of hours from 0 to 10000 with at most two decimals`},
		{calc.FieldInTraining, "nei", ""},
		{calc.FieldStaffingAgency, "kanskje", `"kanskje" is not yes or no (ja/nei, true/false, 1/0, x or empty)`},
		{"lønn", "1", "not a field of an agreement; the fields are id, kommune, grant_type, driftsform, role, start, end, vikariat_start, vikariat_end, cost, prior_years, applied, signed, agreement_dated, staffing_agency, in_training, position, percent, centrality_class, first_fastlege_date, absence_compensation, learning_expenses, supervision_hours, supervision_expenses, productivity_requested, centrality_requested, supervision_months"},
	} {
		err := Set(&a, c.field, c.in)
		got := ""
		if err != nil {
			got = err.(*calc.InputError).Err.Error()
		}
		if got != c.err {
			t.Errorf("Set(%s, %q): %q, want %q", c.field, c.in, got, c.err)
		}
	}
	if c, _ := a.Cost.Get(); c != calc.Ore(31250050) || a.Driftsform != calc.Naering || a.Role != calc.RoleVikar || a.GrantType != calc.Veiledning {
		t.Errorf("fields read: %+v", a)
	}
	if v, ok := a.InTraining.Get(); !ok || v {
		t.Errorf("in training: %v %v", v, ok)
	}
}

func TestEmploymentPeriod(t *testing.T) {
	from := date.MustNew(2025, 6, 1)
	for in, want := range map[[2]string]string{
		{"", "100"}:                   "fastlege 100",
		{"introduksjonslege", "80 %"}: "introduksjonslege 80",
		{"Allmennlege", "50,5"}:       "allmennlege 50.5",
		{"fastlegevikar", "100%"}:     "fastlege 100",
	} {
		e, err := EmploymentPeriod(in[0], in[1], from, date.Date{})
		if err != nil || string(e.Position)+" "+e.Percent.String() != want {
			t.Errorf("EmploymentPeriod(%q, %q) = %s %s, %v; want %s", in[0], in[1], e.Position, e.Percent, err, want)
		}
	}
	for _, in := range [][2]string{{"overlege", "100"}, {"", ""}, {"", "120"}, {"", "-5"}, {"", "1e2"}, {"", "80,555"}} {
		if _, err := EmploymentPeriod(in[0], in[1], from, date.Date{}); err == nil {
			t.Errorf("EmploymentPeriod(%q, %q) accepted", in[0], in[1])
		}
	}
	if _, err := EmploymentPeriod("fastlege", "100", date.Date{}, date.Date{}); err == nil {
		t.Error("an employment period without its first day was accepted")
	}
	if _, err := EmploymentPeriod("fastlege", "100", from, from.AddDays(-1)); err == nil {
		t.Error("an employment period ending before it starts was accepted")
	}
}

func TestParseEmployment(t *testing.T) {
	for in, want := range map[string]string{
		"fastlege 100 % 01.06.2025–31.12.2025":                                 "fastlege 100 2025-06-01 2025-12-31",
		"introduksjonslege 50% 2025-06-01 2025-11-30":                          "introduksjonslege 50 2025-06-01 2025-11-30",
		"allmennlege 80 01.06.2025-":                                           "allmennlege 80 2025-06-01 open",
		"80,5 % 1.6.2025 - 31.5.2026":                                          "fastlege 80.5 2025-06-01 2026-05-31",
		"Fastlegevikar 100 prosent 01.06.2025 til 31.12.2025":                  "fastlege 100 2025-06-01 2025-12-31",
		"allmennlege i annet kommunalt legearbeid 20 % 2025-06-01..2026-05-31": "allmennlege 20 2025-06-01 2026-05-31",
	} {
		e, err := ParseEmployment(in)
		to := "open"
		if !e.To.IsZero() {
			to = e.To.String()
		}
		if got := fmt.Sprintf("%s %s %s %s", e.Position, e.Percent, e.From, to); err != nil || got != want {
			t.Errorf("ParseEmployment(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"fastlege 100 %":                         `start: "fastlege 100 %": write POSITION PERCENT FROM–TO, such as "fastlege 100 % 01.06.2025–31.12.2025"`,
		"fastlege 01.06.2025–31.12.2025":         `percent: "fastlege 01.06.2025–31.12.2025" has no stillingsprosent: write POSITION PERCENT FROM–TO, such as "fastlege 100 % 01.06.2025–31.12.2025"`,
		"overlege 100 01.06.2025–31.12.2025":     `position: unknown position "overlege": use fastlege, introduksjonslege or allmennlege`,
		"fastlege 100 31.12.2025–01.06.2025":     "end: 2025-06-01 is before the employment period's first day 2025-12-31",
		"fastlege 100 30.02.2025–31.12.2025":     "start: 2025-02-30 does not exist: February 2025 has 28 days",
		"fastlege 100 % 01.06.2025 31.12.2025 x": `end: "x" after the last day: write POSITION PERCENT FROM–TO, such as "fastlege 100 % 01.06.2025–31.12.2025"`,
		"fastlege 120 % 01.06.2025–":             `percent: "120" is not a stillingsprosent from 0 to 100 (write 100, 80,5 or 80 %)`,
	} {
		_, err := ParseEmployment(in)
		if err == nil || err.Error() != want {
			t.Errorf("ParseEmployment(%q) = %v, want %s", in, err, want)
		}
	}
}

// Space around a value, ASCII or not, is no part of it: every field reads
// a padded value as the value itself, to the same agreement or error.
func TestSetIgnoresSurroundingSpace(t *testing.T) {
	values := []string{"", "2021-01-01", "01.02.2021", "300 000", "12", "ja", "nei", "næring", "fastlege", "vikar", "A-1", "0301", "301", "3", "57,75", "x y", "ø", "bad"}
	pads := []string{" ", "\t", "\u00a0", "\u2003", "\r\n", "\u0085"}
	for _, f := range All {
		if f.Employment {
			continue
		}
		name := f.Name
		for _, v := range values {
			for _, pad := range pads {
				var a, b calc.Agreement
				errA, errB := f.Set(&a, v), f.Set(&b, pad+v+pad)
				if fmt.Sprint(errA) != fmt.Sprint(errB) || !reflect.DeepEqual(a, b) {
					t.Errorf("%s: %q gives %+v, %v; padded with %q: %+v, %v", name, v, a, errA, pad, b, errB)
				}
			}
		}
	}
}

// A name that is no input is refused, by Set and by Of.
func TestANameThatIsNoInput(t *testing.T) {
	var a calc.Agreement
	if _, ok := Lookup("kostnad_2021"); ok {
		t.Fatal("Lookup took a name that is no input")
	}
	err := Set(&a, "kostnad_2021", "1")
	var ie *calc.InputError
	if !errors.As(err, &ie) || ie.Field != "kostnad_2021" || !strings.HasPrefix(ie.Err.Error(), "not a field of an agreement; the fields are id, kommune,") {
		t.Errorf("Set: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Of took a name that is no input")
		}
	}()
	Of("kostnad_2021")
}

// sample is a value of each kind, as people write it.
var sample = map[Kind]string{Text: "A-1", Kommune: "0301", Date: "01.08.2021", Amount: "300 000", Hours: "57,75",
	Whole: "3", YesNo: "ja"}

// The table is whole: every input has a unique name and flag, a help text,
// and a setter that writes a value of its kind to a field of the agreement
// that no other input writes.
func TestTableIsWhole(t *testing.T) {
	flags := map[string]string{}
	wrote := map[string]string{} // the agreement's field -> the input that writes it
	for _, in := range All {
		if got, ok := Lookup(in.Name); !ok || got != in {
			t.Errorf("%s: Lookup finds %v", in.Name, got)
		}
		if in.Name != strings.ToLower(in.Name) || strings.ContainsAny(in.Name, " -") {
			t.Errorf("%s: a name is snake_case", in.Name)
		}
		if in.Employment {
			if in.set != nil || in.Flag != "employment" {
				t.Errorf("%s: a field of an employment period is set by EmploymentPeriod, with --employment", in.Name)
			}
			continue
		}
		if prev, dup := flags[in.Flag]; dup || in.Flag == "" {
			t.Errorf("%s: flag %q (also %s)", in.Name, in.Flag, prev)
		}
		flags[in.Flag] = in.Name
		if in.Help == "" || in.set == nil {
			t.Errorf("%s: no help or no setter", in.Name)
		}
		if (in.Kind == Word) != (len(in.Words) > 0) {
			t.Errorf("%s: words %v for kind %d", in.Name, in.Words, in.Kind)
		}
		v, ok := sample[in.Kind]
		if in.Kind == Word {
			v, ok = in.Words[len(in.Words)-1], true
		}
		if !ok {
			t.Errorf("%s: no sample of kind %d", in.Name, in.Kind)
			continue
		}
		var zero, a calc.Agreement
		if err := in.Set(&a, v); err != nil {
			t.Errorf("%s: %q: %v", in.Name, v, err)
			continue
		}
		if in.Default != "" {
			var d calc.Agreement
			if err := in.Set(&d, in.Default); err != nil {
				t.Errorf("%s: its default %q: %v", in.Name, in.Default, err)
			}
		}
		za, aa := reflect.ValueOf(zero), reflect.ValueOf(a)
		var changed []string
		for i := range za.NumField() {
			if !reflect.DeepEqual(za.Field(i).Interface(), aa.Field(i).Interface()) {
				changed = append(changed, za.Type().Field(i).Name)
			}
		}
		if len(changed) != 1 {
			t.Errorf("%s = %q changes the fields %v of the agreement; one input is one field", in.Name, v, changed)
			continue
		}
		switch in.Kind {
		case Date:
			if d, ok := in.DateOf(&a); !ok || d.String() != "2021-08-01" {
				t.Errorf("%s: DateOf gives %s, %v", in.Name, d, ok)
			}
		case Amount:
			if m, ok := in.AmountOf(&a); !ok || m != calc.Kroner(300000) {
				t.Errorf("%s: AmountOf gives %s, %v", in.Name, m, ok)
			}
		case Whole:
			if n, ok := in.WholeOf(&a); !ok || n != 3 {
				t.Errorf("%s: WholeOf gives %d, %v", in.Name, n, ok)
			}
		}
		if prev, dup := wrote[changed[0]]; dup {
			t.Errorf("%s and %s both write %s", prev, in.Name, changed[0])
		}
		wrote[changed[0]] = in.Name
		var empty calc.Agreement
		if err := in.Set(&empty, ""); err != nil && in.Kind != Text {
			t.Errorf("%s: empty text: %v", in.Name, err)
		}
	}
	// Every field of an agreement but its employment periods is an input.
	ty := reflect.TypeOf(calc.Agreement{})
	for i := range ty.NumField() {
		if f := ty.Field(i).Name; wrote[f] == "" && f != "Employment" {
			t.Errorf("the agreement's field %s is no input's", f)
		}
	}
}

// Trim is strings.TrimSpace, whatever a cell starts or ends with.
func TestTrimIsTrimSpace(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	pieces := []string{"a", "1", " ", "\t", "\r\n", "\u00a0", "\u2003", "\u3000", "ø", "–", "\xff", "\x00", ".", "-"}
	for range 100_000 {
		var s strings.Builder
		for range rng.IntN(6) {
			s.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if got, want := Trim(s.String()), strings.TrimSpace(s.String()); got != want {
			t.Fatalf("%q: %q, want %q", s.String(), got, want)
		}
	}
}

// The whole-percent path reads exactly what the full reader reads, for
// every cell of its shape and the cells around it.
func TestWholePercentAgreesWithParsePercent(t *testing.T) {
	fast := 0
	var cells []string
	for n := 0; n <= 1000; n++ {
		s := strconv.Itoa(n)
		cells = append(cells, s, "0"+s, s+" ", " "+s, s+"%", s+" %", s+",0", s+".5")
	}
	cells = append(cells, "", "-1", "+5", "1e2", "١٠", "00", "000", "0000")
	for _, c := range cells {
		got, err := ParsePercent(c)
		want, werr := parsePercent(c)
		if (err == nil) != (werr == nil) || err == nil && (!got.Equal(want) || got.String() != want.String()) {
			t.Errorf("%q: %v %v, the full reader %v %v", c, got, err, want, werr)
		}
		if _, ok := wholePercent(c); ok {
			fast++
		}
	}
	if fast < 200 {
		t.Fatalf("only %d cells took the whole-percent path", fast)
	}
}

// Every input has a header for a register to fill in, and the words it
// offers are words the input reads.
func TestTemplateHeadersAndChoices(t *testing.T) {
	for _, in := range All {
		if in.Header == "" {
			t.Errorf("%s: no header", in.Name)
		}
		if in.HeaderNN == in.Header || (in.ChoicesNN != nil && len(in.ChoicesNN) != len(in.Choices)) {
			t.Errorf("%s: its nynorsk header or choices are not a nynorsk of the bokmål", in.Name)
		}
		for _, w := range append(append([]string(nil), in.Choices...), in.ChoicesNN...) {
			var a calc.Agreement
			if in.Employment {
				if _, err := EmploymentPeriod(w, "100", date.MustNew(2025, 6, 1), date.Date{}); err != nil {
					t.Errorf("%s: %q: %v", in.Name, w, err)
				}
				continue
			}
			if err := in.Set(&a, w); err != nil {
				t.Errorf("%s: %q: %v", in.Name, w, err)
			}
		}
	}
}
