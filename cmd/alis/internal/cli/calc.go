package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/fields"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/rules"
)

type calcOptions struct {
	rules   ruleOptions
	format  string
	lang    string
	explain bool

	id, kommune             string
	driftsform, role        string
	start, end              string
	vikariatStart, vikEnd   string
	cost                    string
	priorYears              string
	applied, staffingAgency string
}

func (a *App) newCalcCmd() *cobra.Command {
	o := &calcOptions{}
	c := &cobra.Command{
		Use:   "calc",
		Short: "Compute the grant for one ALIS-avtale, explained",
		Long: `calc computes whether one ALIS-avtale is eligible for a grant in a grant period,
and how much: the cap prorated by the months of the period the agreement covers,
the costs less the kommune's minimum co-financing share, and the lesser of the two,
each rounded once to the rule file's unit.

Without --cost it shows the largest grant and the cost needed to reach it.
Dates are 2021-08-01 or 01.08.2021; amounts are 300000, "300 000", 312500,50
or 312500.50. --explain names the rule and the source behind every step.
A warning goes to stderr when the result rests on a value the rule file marks
assumed.

` + exitCodesHelp,
		Example: `  # A fastlege in næringsdrift for the whole of 2021, with costs of 300 000 kr
  alis calc --driftsform næring --start 2021-01-01 --cost "300 000"

  # Employed by the kommune from August, every step explained
  alis calc --driftsform fastlønn --start 01.08.2021 --cost 400000 --explain

  # A vikar whose vikariat lasts exactly one year, in English, as JSON
  alis calc --driftsform naering --role vikar --start 2021-01-01 --end 2021-12-31 --cost 200000 --lang en --format json

  # The largest grant, and the cost needed for it, under a draft rule file
  alis calc --driftsform næring --start 2022-03-01 --rules drafts/2022.yaml`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return a.runCalc(o)
		},
	}
	f := c.Flags()
	o.rules.bind(c)
	f.StringVar(&o.format, "format", "text", "output format: text or json")
	f.StringVar(&o.lang, "lang", "nb", "language of the text: nb (bokmål) or en")
	f.BoolVar(&o.explain, "explain", false, "show every step with the rule and the source behind it")
	f.StringVar(&o.id, "id", "", "the agreement's id, carried to the output")
	f.StringVar(&o.kommune, "kommune", "", "kommune number (4 digits, such as 0301)")
	f.StringVar(&o.driftsform, "driftsform", "", "naering (næring, næringsdrift, selvstendig) or fastlonn (fastlønn, ansatt)")
	f.StringVar(&o.role, "role", "fastlege", "fastlege or vikar (fastlegevikar)")
	f.StringVar(&o.start, "start", "", "the agreement's first day (default: the first day of the grant period)")
	f.StringVar(&o.end, "end", "", "the agreement's last day, included (default: open-ended)")
	f.StringVar(&o.vikariatStart, "vikariat-start", "", "the vikariat's first day, for a vikar (default: --start)")
	f.StringVar(&o.vikEnd, "vikariat-end", "", "the vikariat's last day, included (default: --end)")
	f.StringVar(&o.cost, "cost", "", "the documented costs of the agreement's measures in the period, in kroner")
	f.StringVar(&o.priorYears, "prior-years", "0", "grant years this doctor has had before")
	f.StringVar(&o.applied, "applied", "", "the application date")
	f.StringVar(&o.staffingAgency, "staffing-agency", "nei", "whether the doctor is tied to a staffing agency (vikarbyrå): ja/nei")
	_ = c.RegisterFlagCompletionFunc("driftsform", fixedCompletion("naering", "fastlonn", "næring", "fastlønn"))
	_ = c.RegisterFlagCompletionFunc("role", fixedCompletion("fastlege", "vikar"))
	_ = c.RegisterFlagCompletionFunc("format", fixedCompletion("text", "json"))
	_ = c.RegisterFlagCompletionFunc("lang", fixedCompletion("nb", "en"))
	return c
}

// flagName maps an agreement field to the flag that sets it.
func flagName(field string) string { return "--" + strings.ReplaceAll(field, "_", "-") }

func (a *App) runCalc(o *calcOptions) error {
	if o.format != "text" && o.format != "json" {
		return usagef("use --format text or --format json", "--format: unknown format %q", o.format)
	}
	lang, err := calc.ParseLang(o.lang)
	if err != nil {
		return usagef("use --lang nb or --lang en", "--lang: %v", err)
	}
	r, err := o.rules.load()
	if err != nil {
		return err
	}
	ag, err := o.agreement(r)
	if err != nil {
		return err
	}
	e, err := calc.NewEngine(r)
	if err != nil {
		return &runError{err: fmt.Errorf("%s: %v", r.Source, err)}
	}
	ex, err := e.Explain(&ag)
	if err != nil {
		var ie *calc.InputError
		if errors.As(err, &ie) {
			return usagef("", "%s: %s", flagName(ie.Field), ie.Msg)
		}
		return err
	}
	res := &ex.Result
	if o.rules.defaulted() && hasReason(res, calc.NoDaysInYear) {
		// Not judged in silence under a period the user did not choose.
		end := "(open)"
		if !ag.End.IsZero() {
			end = ag.End.String()
		}
		return usagef(fmt.Sprintf("alis has rules for %s: give --year for one of them, or a rule file for %d with --rules FILE (alis rules new --from %s --to %d drafts one)",
			strings.Join(rules.Periods(), ", "), ag.Start.Year(), defaultPeriod, ag.Start.Year()),
			"the agreement %s to %s has no day in %s, the period whose rules apply when no --year is given", ag.Start, end, r.Period)
	}
	if o.format == "json" {
		err = output.WriteJSON(a.Out, output.NewResultJSON(res, lang, true, &ex))
	} else {
		err = output.WriteText(a.Out, &ex, lang, o.explain)
	}
	if err == nil {
		if as := res.Assumed(); len(as) > 0 {
			warnAssumed(a.Err, lang, r, as)
		}
	}
	return err
}

func (o *calcOptions) agreement(r *rules.Rules) (calc.Agreement, error) {
	ag := calc.Agreement{}
	needsDF := false
	for _, s := range r.Schemes {
		needsDF = needsDF || s.Value("driftsformer") != nil
	}
	if strings.TrimSpace(o.driftsform) == "" && needsDF {
		return ag, usagef("næringsdrift is --driftsform naering (næring); employed by the kommune is --driftsform fastlonn (fastlønn)", "--driftsform: missing: say how the doctor works")
	}
	fs := []struct{ name, value string }{
		{calc.FieldID, o.id}, {calc.FieldKommune, o.kommune},
		{calc.FieldDriftsform, o.driftsform}, {calc.FieldRole, o.role},
		{calc.FieldStart, o.start}, {calc.FieldEnd, o.end},
		{calc.FieldVikariatStart, o.vikariatStart}, {calc.FieldVikariatEnd, o.vikEnd},
		{calc.FieldCost, o.cost}, {calc.FieldApplied, o.applied}, {calc.FieldPriorYears, o.priorYears},
		{calc.FieldStaffingAgency, o.staffingAgency},
	}
	for _, f := range fs {
		if err := fields.Set(&ag, f.name, f.value); err != nil {
			hint := ""
			if f.name == calc.FieldCost {
				hint = "write kroner as 300000, \"300 000\" or 312500,50"
			}
			return ag, usagef(hint, "%s: %s", flagName(f.name), err.(*calc.InputError).Msg)
		}
	}
	if ag.Start.IsZero() {
		ag.Start = r.ValidFrom
	}
	return ag, nil
}

func hasReason(res *calc.Result, code calc.Code) bool {
	for _, r := range res.Reasons {
		if r.Code == code {
			return true
		}
	}
	return false
}

func warnAssumed(w io.Writer, lang calc.Lang, r *rules.Rules, names []string) {
	if lang == calc.NB {
		fmt.Fprintf(w, "alis: advarsel: resultatet bygger på %s som regelfilen merker som antatt (uten kilde): %s\n", plural(len(names), "en verdi", strconv.Itoa(len(names))+" verdier"), strings.Join(names, ", "))
		fmt.Fprintf(w, "alis: hint: se kildene og notatene i %s\n", r.Source)
		return
	}
	fmt.Fprintf(w, "alis: warning: the result rests on %s that the rule file marks assumed (no source): %s\n", plural(len(names), "a value", strconv.Itoa(len(names))+" values"), strings.Join(names, ", "))
	fmt.Fprintf(w, "alis: hint: see the sources and notes in %s\n", r.Source)
}
