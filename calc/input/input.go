// Package input declares every input of an agreement once, in one table
// (All): its name, the kind of value it holds, the flag of alis calc and
// the column names that give it, its help, and how text as people write it
// sets it on a calc.Agreement. The command's flags, a register's header
// names, the workbook's date and number columns and the test cases' reader
// are all made from the table, as OpenFisca declares an input variable
// once.
//
// The package reads text as people write it, in a CSV export, a workbook
// or on the command line: dates as 2021-08-01 or 01.08.2021, amounts as
// calc.ParseAmount reads them, yes/no as ja/nei, the vocabulary
// (driftsform, role, position, grant type) in its Norwegian spellings. It
// knows no CSV and no flags.
//
// Adding an input: a field in calc.Agreement, and a row in All.
package input

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Kind is the kind of value an input holds, which says how its text is
// read and how a workbook writes its cells.
type Kind uint8

const (
	Text    Kind = iota // free text: the id
	Kommune             // a kommune number
	Word                // a word of a vocabulary: grant type, driftsform, role, position
	Date                // a day
	Amount              // kroner
	Hours               // a number with at most two decimals
	Percent             // a stillingsprosent
	Whole               // a whole number: years, months, a class
	YesNo               // ja or nei
)

// Input is one input of an agreement.
type Input struct {
	// Name is the input's canonical name, as calc.InputError names it
	// (calc.FieldCost).
	Name string
	Kind Kind
	// Flag is the flag of alis calc that gives it, without the dashes;
	// "employment" for the fields of an employment period.
	Flag string
	// Default is the flag's value when it is not given.
	Default string
	// Help is the flag's help, in English (a key of the message catalogue).
	Help string
	// Words are what a Word input's flag completes to.
	Words []string
	// Header is the input's column in a register to fill in (alis mal), as
	// a finance officer would write it; Choices are the words its cells
	// offer there (nil: any value of its kind).
	Header  string
	Choices []string
	// HeaderNN and ChoicesNN are Header and Choices in nynorsk, where they
	// are not the bokmål (alis mal --lang nn); a register may use either.
	HeaderNN  string
	ChoicesNN []string
	// Aliases are the other names a register's column goes by, as people
	// write them (æøå and all); the first two are the ones a message
	// suggests.
	Aliases []string
	// Employment: the input is a field of an employment period, read with
	// EmploymentPeriod, not Set.
	Employment bool

	set func(a *calc.Agreement, v string) error
	// The field a Date or Amount input sets, from which its setter and its
	// value (DateOf, AmountOf) are made; whole gives a Whole input's value.
	date   func(*calc.Agreement) *date.Date
	amount func(*calc.Agreement) *calc.Optional[calc.Money]
	whole  func(*calc.Agreement) (int, bool)
}

// HeaderIn is the input's header for a register in l: the nynorsk one
// where it differs, else the bokmål (the headers are Norwegian in English
// too, as the registers are).
func (in *Input) HeaderIn(l msg.Lang) string {
	if l == msg.NN && in.HeaderNN != "" {
		return in.HeaderNN
	}
	return in.Header
}

// ChoicesIn are the words the input's cells offer in a register in l.
func (in *Input) ChoicesIn(l msg.Lang) []string {
	if l == msg.NN && in.ChoicesNN != nil {
		return in.ChoicesNN
	}
	return in.Choices
}

func init() {
	for _, in := range All {
		switch {
		case in.date != nil:
			in.set = day(in.date)
		case in.amount != nil:
			in.set = amount(in.amount)
		}
	}
}

// DateOf is a Date input's value in a; false when not given (or the input
// is no date).
func (in *Input) DateOf(a *calc.Agreement) (date.Date, bool) {
	if in.date == nil {
		return date.Date{}, false
	}
	d := *in.date(a)
	return d, !d.IsZero()
}

// AmountOf is an Amount input's value in a; false when not given.
func (in *Input) AmountOf(a *calc.Agreement) (calc.Money, bool) {
	if in.amount == nil {
		return 0, false
	}
	return in.amount(a).Get()
}

// WholeOf is a Whole input's value in a; false when not given.
func (in *Input) WholeOf(a *calc.Agreement) (int, bool) {
	if in.whole == nil {
		return 0, false
	}
	return in.whole(a)
}

// All are the inputs of an agreement, in the order the fields are listed.
var All = []*Input{
	{Name: calc.FieldID, Header: "Avtalenr", Kind: Text, Flag: "id", Help: msg.Key("the agreement's id, carried to the output"),
		Aliases: []string{"avtale", "avtalenr", "avtale_id", "avtaleid", "avtalenummer", "avtale_nr", "saksnr", "agreement_id", "agreement_no", "agreement"},
		set:     func(a *calc.Agreement, v string) error { a.ID = v; return nil }},
	{Name: calc.FieldKommune, Header: "Kommunenr", Kind: Kommune, Flag: "kommune", Help: msg.Key("kommune number (4 digits, such as 0301)"),
		Aliases: []string{"kommunenr", "kommunenummer", "kommune_nr", "knr", "municipality", "municipality_no", "municipality_number"},
		set:     setKommune},
	{Name: calc.FieldGrantType, Header: "Tilskuddstype", Choices: []string{"ALIS-avtale", "veiledning"}, HeaderNN: "Tilskotstype", ChoicesNN: []string{"ALIS-avtale", "rettleiing"}, Kind: Word, Flag: "grant-type", Default: "alis_avtale", Help: msg.Key("alis_avtale (ALIS-avtale, with veiledning) or veiledning (veiledning only)"),
		Words:   []string{"alis_avtale", "veiledning"},
		Aliases: []string{"tilskuddstype", "type_tilskudd", "søknadstype", "tilskotstype"},
		set:     word(calc.ParseGrantType, func(a *calc.Agreement) *calc.GrantType { return &a.GrantType }, "")},
	{Name: calc.FieldDriftsform, Header: "Driftsform", Choices: []string{"næring", "fastlønn"}, ChoicesNN: []string{"næring", "fastløn"}, Kind: Word, Flag: "driftsform", Help: msg.Key("naering (næring, næringsdrift, selvstendig) or fastlonn (fastlønn, ansatt)"),
		Words:   []string{"naering", "fastlonn", "næring", "fastlønn"},
		Aliases: []string{"drift"},
		set:     word(calc.ParseDriftsform, func(a *calc.Agreement) *calc.Driftsform { return &a.Driftsform }, "")},
	{Name: calc.FieldRole, Header: "Rolle", Choices: []string{"fastlege", "vikar"}, Kind: Word, Flag: "role", Default: "fastlege", Help: msg.Key("fastlege or vikar (fastlegevikar)"),
		Words:   []string{"fastlege", "vikar"},
		Aliases: []string{"rolle"},
		set:     word(calc.ParseRole, func(a *calc.Agreement) *calc.Role { return &a.Role }, calc.RoleFastlege)},
	{Name: calc.FieldStart, Header: "Startdato", Kind: Date, Flag: "start", Help: msg.Key("the agreement's first day (default: the first day of the grant period)"),
		Aliases: []string{"fra", "startdato", "fra_dato", "fradato", "start_dato", "avtale_start", "avtalestart", "start_date", "from_date", "date_from", "valid_from"},
		date:    func(a *calc.Agreement) *date.Date { return &a.Start }},
	{Name: calc.FieldEnd, Header: "Sluttdato", Kind: Date, Flag: "end", Help: msg.Key("the agreement's last day, included (default: open-ended)"),
		Aliases: []string{"til", "sluttdato", "slutt", "til_dato", "tildato", "slutt_dato", "avtale_slutt", "avtaleslutt", "end_date", "to_date", "date_to", "valid_to"},
		date:    func(a *calc.Agreement) *date.Date { return &a.End }},
	{Name: calc.FieldVikariatStart, Header: "Vikariat fra", HeaderNN: "Vikariat frå", Kind: Date, Flag: "vikariat-start", Help: msg.Key("the vikariat's first day, for a vikar (default: --start)"),
		Aliases: []string{"vikariat_fra", "vikariatstart", "vikariat_startdato"},
		date:    func(a *calc.Agreement) *date.Date { return &a.VikariatStart }},
	{Name: calc.FieldVikariatEnd, Header: "Vikariat til", Kind: Date, Flag: "vikariat-end", Help: msg.Key("the vikariat's last day, included (default: --end)"),
		Aliases: []string{"vikariat_til", "vikariatslutt", "vikariat_slutt", "vikariat_sluttdato"},
		date:    func(a *calc.Agreement) *date.Date { return &a.VikariatEnd }},
	{Name: calc.FieldCost, Header: "Kostnader", Kind: Amount, Flag: "cost", Help: msg.Key("the documented costs of the agreement's measures in the period, in kroner"),
		Aliases: []string{"kostnad", "kostnader", "kostnad_kr", "kostnader_kr", "beløp"},
		amount:  func(a *calc.Agreement) *calc.Optional[calc.Money] { return &a.Cost }},
	{Name: calc.FieldPriorYears, Header: "Tidligere år", HeaderNN: "Tidlegare år", Kind: Whole, Flag: "prior-years", Default: "0", Help: msg.Key("grant years this doctor has had before"),
		Aliases: []string{"tidligere_år", "tidligere_tilskuddsår", "år_med_tilskudd", "tidlegare_år"},
		set:     setPriorYears, whole: func(a *calc.Agreement) (int, bool) { return a.PriorYears, true }},
	{Name: calc.FieldApplied, Header: "Søknadsdato", Kind: Date, Flag: "applied", Help: msg.Key("the application date"),
		Aliases: []string{"søknadsdato", "søknad_dato", "søkt", "søknad"},
		date:    func(a *calc.Agreement) *date.Date { return &a.Applied }},
	{Name: calc.FieldSigned, Header: "Signert", Kind: Date, Flag: "signed", Help: msg.Key("the day the agreement was signed (2023–: no grant for the time before)"),
		Aliases: []string{"signert", "signeringsdato", "signert_dato", "avtale_signert"},
		date:    func(a *calc.Agreement) *date.Date { return &a.Signed }},
	{Name: calc.FieldAgreementDated, Header: "Avtaledato", Kind: Date, Flag: "agreement-dated", Help: msg.Key("the date of a new agreement with the kommune (2023: one dated after 30.09.2022 may date back to 01.10.2022)"),
		Aliases: []string{"avtaledato", "avtale_datert", "ny_avtale_datert"},
		date:    func(a *calc.Agreement) *date.Date { return &a.AgreementDated }},
	{Name: calc.FieldStaffingAgency, Header: "Vikarbyrå", Choices: []string{"ja", "nei"}, Kind: YesNo, Flag: "staffing-agency", Default: "nei", Help: msg.Key("whether the doctor is tied to a staffing agency (vikarbyrå): ja/nei"),
		Aliases: []string{"vikarbyrå"},
		set:     setStaffingAgency},
	{Name: calc.FieldInTraining, Header: "I utdanning", Choices: []string{"ja", "nei"}, Kind: YesNo, Flag: "in-training", Help: msg.Key("whether the doctor is in the new specialist training (LIS3): ja/nei (2022–)"),
		Aliases: []string{"i_utdanning", "ny_spesialistutdanning", "lis3"},
		set:     setInTraining},
	{Name: calc.FieldPosition, Header: "Stilling", Choices: []string{"fastlege", "introduksjonslege", "allmennlege"}, Kind: Word, Flag: "employment", Employment: true,
		Aliases: []string{"stilling", "stillingstype", "kategori"}},
	{Name: calc.FieldPercent, Header: "Stillingsprosent", Kind: Percent, Flag: "employment", Employment: true,
		Aliases: []string{"stillingsprosent", "stillingsandel", "prosent", "stilling_prosent", "percentage", "employment_percentage"}},
	{Name: calc.FieldCentralityClass, Header: "Sentralitetsklasse", Kind: Whole, Flag: "centrality", Help: msg.Key("the kommune's sentralitetsklasse, 1 to 6 (2022–)"),
		Aliases: []string{"sentralitetsklasse", "sentralitet"},
		set:     setCentralityClass, whole: func(a *calc.Agreement) (int, bool) { return a.CentralityClass, a.CentralityClass != 0 }},
	{Name: calc.FieldFirstFastlegeDate, Header: "Første dag som fastlege", Kind: Date, Flag: "first-fastlege-date", Help: msg.Key("the doctor's first day as fastlege or vikar (2025/26: lavere produktivitet)"),
		Aliases: []string{"første_dag_som_fastlege", "fastlege_fra", "fastlege_siden", "første_dag_fastlege"},
		date:    func(a *calc.Agreement) *date.Date { return &a.FirstFastlegeDate }},
	{Name: calc.FieldAbsenceCompensation, Header: "Praksiskompensasjon", Kind: Amount, Flag: "absence-compensation", Help: msg.Key("praksiskompensasjon paid, in kroner (2025/26)"),
		Aliases: []string{"praksiskompensasjon"},
		amount:  func(a *calc.Agreement) *calc.Optional[calc.Money] { return &a.AbsenceCompensation }},
	{Name: calc.FieldLearningExpenses, Header: "Læringsaktiviteter", HeaderNN: "Læringsaktivitetar", Kind: Amount, Flag: "learning-expenses", Help: msg.Key("expenses for læringsaktiviteter, in kroner (2025/26)"),
		Aliases: []string{"læringsaktiviteter", "utgifter_læringsaktiviteter", "læringsaktivitetar"},
		amount:  func(a *calc.Agreement) *calc.Optional[calc.Money] { return &a.LearningExpenses }},
	{Name: calc.FieldSupervisionHours, Header: "Veiledningstimer", HeaderNN: "Rettleiingstimar", Kind: Hours, Flag: "supervision-hours", Help: msg.Key("hours of veiledning (2025/26)"),
		Aliases: []string{"veiledningstimer", "timer_veiledning", "rettleiingstimar"},
		set:     setSupervisionHours},
	{Name: calc.FieldSupervisionExpenses, Header: "Veiledningsutgifter", HeaderNN: "Rettleiingsutgifter", Kind: Amount, Flag: "supervision-expenses", Help: msg.Key("expenses for veiledning, in kroner, when the hours are not given (2025/26)"),
		Aliases: []string{"veiledningsutgifter", "utgifter_veiledning", "rettleiingsutgifter"},
		amount:  func(a *calc.Agreement) *calc.Optional[calc.Money] { return &a.SupervisionExpenses }},
	{Name: calc.FieldProductivityRequested, Header: "Lavere produktivitet", HeaderNN: "Lågare produktivitet", Kind: Amount, Flag: "productivity-requested", Help: msg.Key("lavere produktivitet applied for, in kroner (2025/26; default: up to its cap)"),
		Aliases: []string{"lavere_produktivitet", "lågare_produktivitet"},
		amount:  func(a *calc.Agreement) *calc.Optional[calc.Money] { return &a.ProductivityRequested }},
	{Name: calc.FieldCentralityRequested, Header: "Sentralitetstillegg", Kind: Amount, Flag: "centrality-requested", Help: msg.Key("sentralitetstillegg applied for, in kroner (2025/26)"),
		Aliases: []string{"sentralitetstillegg"},
		amount:  func(a *calc.Agreement) *calc.Optional[calc.Money] { return &a.CentralityRequested }},
	{Name: calc.FieldSupervisionMonths, Header: "Måneder veiledning", HeaderNN: "Månader rettleiing", Kind: Whole, Flag: "supervision-months", Help: msg.Key("months of completed supervision (veiledning av LIS3, 2020–2021; default: the agreement's whole months)"),
		Aliases: []string{"måneder_veiledning", "veiledningsmåneder", "månader_rettleiing"},
		set:     setSupervisionMonths, whole: func(a *calc.Agreement) (int, bool) { return a.SupervisionMonths.Get() }},
}

// Names are the inputs' names, in All's order.
var Names = func() []string {
	out := make([]string, len(All))
	for i, in := range All {
		out[i] = in.Name
	}
	return out
}()

var byName = func() map[string]*Input {
	m := make(map[string]*Input, len(All))
	for _, in := range All {
		m[in.Name] = in
	}
	return m
}()

// Lookup finds an input by its name.
func Lookup(name string) (*Input, bool) {
	in, ok := byName[name]
	return in, ok
}

// Of is the input of that name; it panics for a name that is none, as a
// name in the program's own text that is wrong is a mistake.
func Of(name string) *Input {
	in, ok := byName[name]
	if !ok {
		panic("input: no input is named " + strconv.Quote(name))
	}
	return in
}

// Flag is the flag of alis calc that gives the input of that name, with its
// dashes ("--cost", "--employment" for position and percent), or the name
// as a flag for a name that is no input.
func Flag(name string) string {
	if in, ok := byName[name]; ok {
		return "--" + in.Flag
	}
	return "--" + strings.ReplaceAll(name, "_", "-")
}

// Set sets one input of a from text. Empty text leaves an optional input
// unset. position and percent are not set here: they belong to an
// employment period (see EmploymentPeriod). The error is a
// *calc.InputError naming the input.
func Set(a *calc.Agreement, name, value string) error {
	in, ok := byName[name]
	if !ok {
		return notAnInput(name)
	}
	return in.Set(a, value)
}

// Set sets the input of a from text, as Set does.
func (in *Input) Set(a *calc.Agreement, value string) error {
	if in.set == nil {
		return notAnInput(in.Name)
	}
	if err := in.set(a, Trim(value)); err != nil {
		return &calc.InputError{Field: in.Name, Err: err}
	}
	return nil
}

func notAnInput(name string) error {
	return calc.InputErrorf(name, "not a field of an agreement; the fields are %s", strings.Join(Names, ", "))
}

// The setters, each of text without surrounding space.

func day(field func(*calc.Agreement) *date.Date) func(*calc.Agreement, string) error {
	return func(a *calc.Agreement, v string) error {
		d := field(a)
		if v == "" {
			*d = date.Date{}
			return nil
		}
		t, err := ParseDate(v)
		if err != nil {
			return err
		}
		*d = t
		return nil
	}
}

func amount(field func(*calc.Agreement) *calc.Optional[calc.Money]) func(*calc.Agreement, string) error {
	return func(a *calc.Agreement, v string) error {
		m := field(a)
		if v == "" {
			*m = calc.Optional[calc.Money]{}
			return nil
		}
		x, err := calc.ParseAmount(v)
		if err != nil {
			return err
		}
		*m = calc.Some(x)
		return nil
	}
}

// word reads a word of a vocabulary with parse; empty text sets empty.
func word[T ~string](parse func(string) (T, error), field func(*calc.Agreement) *T, empty T) func(*calc.Agreement, string) error {
	return func(a *calc.Agreement, v string) error {
		p := field(a)
		if v == "" {
			*p = empty
			return nil
		}
		w, err := parse(v)
		if err != nil {
			return err
		}
		*p = w
		return nil
	}
}

func setKommune(a *calc.Agreement, v string) error {
	// A kommune number has four digits; spreadsheets store 0301 as the
	// number 301. Three digits can only have lost the leading zero.
	if len(v) == 3 && isDigits(v) {
		v = "0" + v
	}
	a.Kommune = v
	return nil
}

// The bounds of the whole-number inputs, which their setters and Bounds
// say.
const (
	minClass, maxClass = 1, 6
	maxMonths          = 12
)

// Bounds are the least and the most a Whole input takes.
func (in *Input) Bounds() (lo, hi int) {
	switch in.Name {
	case calc.FieldCentralityClass:
		return minClass, maxClass
	case calc.FieldSupervisionMonths:
		return 0, maxMonths
	}
	return 0, calc.MaxPriorYears
}

func setPriorYears(a *calc.Agreement, v string) error {
	n, ok := wholeIn(v, 0, calc.MaxPriorYears)
	if !ok {
		return msg.Errorf("%s is not a number of years from 0 to %d", msg.Quote(v), calc.MaxPriorYears)
	}
	a.PriorYears = n
	return nil
}

func setCentralityClass(a *calc.Agreement, v string) error {
	n, ok := wholeIn(v, minClass, maxClass)
	if !ok {
		return msg.Errorf("%s is not a sentralitetsklasse (%d to %d)", msg.Quote(v), minClass, maxClass)
	}
	a.CentralityClass = n
	return nil
}

func setSupervisionMonths(a *calc.Agreement, v string) error {
	n, ok := wholeIn(v, 0, maxMonths)
	switch {
	case !ok:
		return msg.Errorf("%s is not a number of months from 0 to %d", msg.Quote(v), maxMonths)
	case v == "":
		a.SupervisionMonths = calc.Optional[int]{}
	default:
		a.SupervisionMonths = calc.Some(n)
	}
	return nil
}

// wholeIn reads a whole number from lo to hi; empty text is 0.
func wholeIn(v string, lo, hi int) (int, bool) {
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= lo && n <= hi
}

func setSupervisionHours(a *calc.Agreement, v string) error {
	if v == "" {
		a.SupervisionHours = calc.Optional[decimal.Decimal]{}
		return nil
	}
	h, err := ParseHours(v)
	if err != nil {
		return err
	}
	a.SupervisionHours = calc.Some(h)
	return nil
}

func setStaffingAgency(a *calc.Agreement, v string) error {
	b, err := ParseYesNo(v)
	if err != nil {
		return err
	}
	a.StaffingAgency = b
	return nil
}

func setInTraining(a *calc.Agreement, v string) error {
	if v == "" {
		a.InTraining = calc.Optional[bool]{}
		return nil
	}
	b, err := ParseYesNo(v)
	if err != nil {
		return err
	}
	a.InTraining = calc.Some(b)
	return nil
}
