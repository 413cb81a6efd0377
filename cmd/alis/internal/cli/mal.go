package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// malOptions are mal's flags.
type malOptions struct {
	rules  ruleOptions
	output string
	force  bool
}

// newMalCmd is alis mal: an empty register to fill in, for a grant period.
func (a *App) newMalCmd() *cobra.Command {
	o := &malOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:     "mal",
		Aliases: []string{"template"},
		Short:   msg.S(l, "Write an empty register to fill in, with the columns a grant period reads"),
		Long: msg.S(l, `mal (template) writes a register to fill in: a workbook (or, for -o FILE.csv, a CSV
file for Norwegian Excel) with the Norwegian headers of the columns the grant period's
rules read, a note on each header that says what it holds, lists to choose from
(driftsform, rolle, stilling, tilskuddstype, ja/nei), dates, amounts and percentages
checked as they are typed, the header kept in view, and a sheet that explains every
column. alis batch reads the filled register with no flags. Without --year, the period
is the one in force today. An existing file is not written over without --force.`),
		Example: "  alis mal -o avtaler.xlsx\n  alis mal --year 2021 -o avtaler-2021.xlsx\n  alis mal --year 2025/26 -o register.csv",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			return a.runMal(o)
		},
	}
	f := c.Flags()
	o.rules.bind(c, l, a.completion)
	f.StringVarP(&o.output, "output", "o", "avtaler.xlsx", msg.S(l, "the register to write: FILE.xlsx, or FILE.csv"))
	f.BoolVar(&o.force, "force", false, msg.S(l, "write over a file that is there"))
	return c
}

func (a *App) runMal(o *malOptions) error {
	if o.rules.defaulted() {
		o.rules.period = rules.PeriodOf(today())
		if o.rules.period == "" {
			ps := rules.Periods()
			o.rules.period = ps[len(ps)-1]
		}
	}
	r, err := o.rules.load()
	if err != nil {
		return err
	}
	e, err := calc.NewEngine(r)
	if err != nil {
		return &runError{err: msg.Errorf("%s: %w", r.Source, err)}
	}
	if o.output != "-" && !o.force {
		if _, err := os.Stat(o.output); err == nil {
			return usagef("%s is there already: alis mal does not write over a register", o.output).withHint("give another file with -o, or --force to write over it")
		} else if !errors.Is(err, fs.ErrNotExist) {
			return &runError{err: msg.Errorf("%s: %v", o.output, err)}
		}
	}
	cols := templateInputs(r, e)
	csv := strings.HasSuffix(strings.ToLower(o.output), ".csv")
	err = a.toOutput(o.output, func(w io.Writer) error {
		if csv {
			return writeTemplateCSV(w, cols, a.Lang)
		}
		return a.writeTemplate(w, r, cols)
	})
	if err == nil && o.output != "-" {
		a.diag().Sayf("wrote %s: a register for %s with %d columns", o.output, r.Period, len(cols))
	}
	return err
}

// templateInputs are the inputs a register for these rules needs: the id
// and the kommune, the agreement's dates, what tells its scheme, the
// conditions the rules check, and what the formulas read.
func templateInputs(r *rules.Rules, e *calc.Engine) []*input.Input {
	need := map[string]bool{calc.FieldID: true, calc.FieldKommune: true, calc.FieldStart: true, calc.FieldEnd: true}
	vikar, veiledning, vikarRule, maxYears, deadline := false, false, false, false, false
	for _, s := range r.Schemes {
		vikar = vikar || s.Get(rules.SchemeRoles).Has("vikar")
		veiledning = veiledning || s.Get(rules.SchemeGrantTypes).Has("veiledning")
		vikarRule = vikarRule || s.Get(rules.VikarMinMonths) != nil
		maxYears = maxYears || s.Get(rules.MaxGrantYears) != nil
		deadline = deadline || s.Get(rules.Deadline) != nil
	}
	set := func(cond bool, fields ...string) {
		for _, f := range fields {
			need[f] = need[f] || cond
		}
	}
	set(veiledning, calc.FieldGrantType)
	set(r.SplitsByDriftsform(), calc.FieldDriftsform)
	set(vikar, calc.FieldRole)
	set(vikar && vikarRule, calc.FieldVikariatStart, calc.FieldVikariatEnd)
	set(maxYears, calc.FieldPriorYears)
	set(deadline, calc.FieldApplied)
	set(isTrue(r.Get(rules.StaffingAgencyExcluded)), calc.FieldStaffingAgency)
	set(isTrue(r.Get(rules.TrainingRequired)), calc.FieldInTraining)
	set(isTrue(r.Get(rules.SigningRequired)), calc.FieldSigned)
	set(r.Get(rules.BackdateIfDatedAfter) != nil, calc.FieldAgreementDated)
	reads := e.Reads()
	for _, f := range reads.Names() {
		need[f] = true
		if f == calc.FieldPercent {
			need[calc.FieldPosition] = true
		}
	}
	if reads.Has(calc.FieldPercent) {
		need[calc.FieldKommune] = true // its sentralitetsklasse, from SSB's table
	}
	var out []*input.Input
	for _, in := range input.All {
		if need[in.Name] {
			out = append(out, in)
		}
	}
	return out
}

func isTrue(v *rules.Value) bool { return v != nil && v.Bool() }

// writeTemplateCSV writes the register's header for Norwegian Excel, in l: a
// byte-order mark, the headers separated by semicolons.
func writeTemplateCSV(w io.Writer, cols []*input.Input, l msg.Lang) error {
	names := make([]string, len(cols))
	for i, in := range cols {
		names[i] = in.HeaderIn(l)
	}
	_, err := io.WriteString(w, "\ufeff"+strings.Join(names, ";")+"\r\n")
	return err
}

// templateRows are the rows a register's checks cover.
const templateRows = 10000

// writeTemplate writes the register as a workbook: the headers, with their
// notes and checks, and a sheet that explains each column.
func (a *App) writeTemplate(w io.Writer, r *rules.Rules, cols []*input.Input) error {
	l := a.Lang
	format := xlsx.DateNB
	if l == msg.EN {
		format = xlsx.DateISO
	}
	x := xlsx.New(w, xlsx.Options{DateFormat: format})
	if err := x.StartSheet(msg.S(l, "Agreements")); err != nil {
		return err
	}
	head := make([]xlsx.Cell, len(cols))
	widths := make([]int, len(cols))
	var checks []xlsx.Validation
	for i, in := range cols {
		head[i] = xlsx.Cell{Text: in.HeaderIn(l), Style: xlsx.Header}
		widths[i] = max(len([]rune(in.HeaderIn(l))), 12)
		col := xlsx.ColumnName(i)
		note := templateNote(in, l)
		checks = append(checks, xlsx.Validation{Ref: col + "1", Type: "none", Title: in.HeaderIn(l), Prompt: note})
		v := templateCheck(in, l)
		v.Ref, v.Title, v.Prompt = fmt.Sprintf("%s2:%s%d", col, col, templateRows+1), in.HeaderIn(l), note
		checks = append(checks, v)
	}
	if err := x.Row(head); err != nil {
		return err
	}
	if err := x.EndSheet(xlsx.Layout{Frozen: true, Widths: widths, Validations: checks}); err != nil {
		return err
	}
	if err := x.StartSheet(msg.S(l, "Columns")); err != nil {
		return err
	}
	rows := [][]string{
		{msg.T(l, "A register for %s: %s", r.Period, r.Title)},
		{templateHow(r, cols, l)},
		{},
		{msg.S(l, "Column"), msg.S(l, "Field"), msg.S(l, "What it holds"), msg.S(l, "Values")},
	}
	for _, in := range cols {
		rows = append(rows, []string{in.HeaderIn(l), in.Name, templateNote(in, l), templateValues(in, l)})
	}
	for i, row := range rows {
		cells := make([]xlsx.Cell, len(row))
		for k, t := range row {
			cells[k] = xlsx.Cell{Text: t}
			if i == 3 {
				cells[k].Style = xlsx.Header
			}
		}
		if err := x.Row(cells); err != nil {
			return err
		}
	}
	if err := x.EndSheet(xlsx.Layout{Widths: []int{24, 24, 70, 40}}); err != nil {
		return err
	}
	return x.Close()
}

// templateHow says how a register is filled in: a row an agreement, or a
// row an employment period whose agreement the id names.
func templateHow(r *rules.Rules, cols []*input.Input, l msg.Lang) string {
	for _, in := range cols {
		if in.Name == calc.FieldPercent {
			return msg.S(l, "Each row is an employment period (stilling, stillingsprosent, its first and last day); the rows of one agreement follow each other and share its Avtalenr. Fill in the agreement's other columns on one of its rows. Then: alis batch on the file.")
		}
	}
	return msg.S(l, "Each row is an agreement. Leave a column empty where it is not known: the result says what would complete it. Then: alis batch on the file.")
}

// templateNote is what a column holds, in words: its flag's help.
func templateNote(in *input.Input, l msg.Lang) string {
	if in.Help != "" {
		return msg.Dyn(l, in.Help)
	}
	switch in.Name {
	case calc.FieldPosition:
		return msg.S(l, "the doctor's position in the employment period: fastlege, introduksjonslege or allmennlege")
	case calc.FieldPercent:
		return msg.S(l, "the stillingsprosent of the employment period, 0 to 100")
	}
	return in.Name
}

// templateCheck is what a column's cells may hold.
func templateCheck(in *input.Input, l msg.Lang) xlsx.Validation {
	if len(in.ChoicesIn(l)) > 0 {
		return xlsx.Validation{Type: "list", Formula1: `"` + strings.Join(in.ChoicesIn(l), ",") + `"`, Error: msg.T(l, "choose one of %s", strings.Join(in.ChoicesIn(l), ", "))}
	}
	switch in.Kind {
	case input.Date:
		return xlsx.Validation{Type: "date", Operator: "between", Formula1: "36526", Formula2: "73051", Error: msg.S(l, "a date, as 01.08.2021")} // 2000-01-01 to 2099-12-31
	case input.Amount:
		return xlsx.Validation{Type: "decimal", Operator: "between", Formula1: "0", Formula2: strconv.FormatInt(int64(calc.MaxCost/100), 10), Error: msg.S(l, "an amount in kroner, 0 or more")}
	case input.Percent:
		return xlsx.Validation{Type: "decimal", Operator: "between", Formula1: "0", Formula2: "100", Error: msg.S(l, "a stillingsprosent from 0 to 100")}
	case input.Hours:
		return xlsx.Validation{Type: "decimal", Operator: "between", Formula1: "0", Formula2: strconv.Itoa(calc.MaxHours), Error: msg.S(l, "hours, 0 or more")}
	case input.Whole:
		lo, hi := in.Bounds()
		return xlsx.Validation{Type: "whole", Operator: "between", Formula1: strconv.Itoa(lo), Formula2: strconv.Itoa(hi), Error: msg.T(l, "a whole number from %d to %d", lo, hi)}
	}
	return xlsx.Validation{Type: "none"}
}

// templateValues says what a column accepts, for the explanation sheet.
func templateValues(in *input.Input, l msg.Lang) string {
	if len(in.ChoicesIn(l)) > 0 {
		return strings.Join(in.ChoicesIn(l), ", ")
	}
	switch in.Kind {
	case input.Date:
		return msg.S(l, "a date: 01.08.2021 or 2021-08-01")
	case input.Amount:
		return msg.S(l, "kroner: 300000, 300 000 or 312500,50")
	case input.Percent:
		return msg.S(l, "0 to 100: 100, 80,5 or 80 %")
	case input.Hours:
		return msg.S(l, "hours, with at most two decimals: 57,75")
	case input.Whole:
		lo, hi := in.Bounds()
		return msg.T(l, "a whole number from %d to %d", lo, hi)
	case input.Kommune:
		return msg.S(l, "the kommune's number: 4 digits, as 1804")
	}
	return msg.S(l, "text")
}
