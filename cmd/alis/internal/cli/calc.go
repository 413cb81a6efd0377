package cli

import (
	"cmp"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/internal/kommune"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

type calcOptions struct {
	rules   ruleOptions
	output  string
	format  string
	explain bool

	// inputs are the flags of the agreement's inputs, by their place in
	// input.All ("" where not given); employment gives the employment
	// periods.
	inputs     []string
	employment []string
}

func (a *App) newCalcCmd() *cobra.Command {
	o := &calcOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:   "calc",
		Short: msg.S(l, "Compute the grant for one ALIS-avtale, explained"),
		Long: msg.S(l, `calc computes whether one ALIS-avtale (or a grant for veiledning) is eligible
for a grant in a grant period, and how much, by the rules of that period:

  2019–2021  ALIS-avtaler: the cap prorated by the months the agreement covers,
             the costs less the kommune's co-financing share, the lesser of the two;
             veiledning av LIS3 (--grant-type veiledning): an hourly rate for the
             months of completed supervision
  2022–      Nasjonal ALIS og veiledning: per employment period (--employment),
             an annual amount by category × stillingsprosent × whole months / 12
             (2022–2024/25, whose amounts are not public: the grant is unknown until
             they are given with --set), or a sum of capped elements (2025/26)

Without --year, the period is the one that holds the agreement's first day; the
result says which, and which other periods the agreement runs into.
Without --cost (or the amounts of the 2025/26 elements) it shows the largest grant.
Dates are 2021-08-01 or 01.08.2021; amounts are 300000, "300 000", 312500,50
or 312500.50. --explain names the rule and the source behind every step.
A warning goes to stderr when the result rests on a value the rule file marks
assumed.`) + "\n\n" + exitCodesHelp(l),
		Example: msg.S(l, `  # A fastlege in næringsdrift for the whole of 2021, with costs of 300 000 kr
  alis calc --driftsform næring --start 2021-01-01 --cost "300 000"

  # Employed by the kommune from August, every step explained
  alis calc --driftsform fastlønn --start 01.08.2021 --cost 400000 --explain

  # Veiledning av LIS3 in 2021: seven months of completed supervision
  alis calc --grant-type veiledning --start 2021-01-01 --supervision-months 7

  # Nasjonal ALIS og veiledning 2023: the amount is not public; give one to compute
  alis calc --employment "fastlege 100 % 01.10.2022–31.08.2023" --set amount.fastlege=400000

  # 2025/26: two employment periods, the elements capped by what was spent
  alis calc --employment "fastlege 50 % 01.06.2025–30.11.2025" --employment "fastlege 100 % 01.12.2025–31.05.2026" \
    --first-fastlege-date 01.06.2025 --absence-compensation 28000 --supervision-hours 40 --explain

  # The largest grant, and the cost needed for it, under a draft rule file
  alis calc --driftsform næring --start 2022-03-01 --rules drafts/2022.yaml`),
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return a.runCalc(o)
		},
	}
	f := c.Flags()
	o.rules.bind(c, l, a.completion)
	f.StringVar(&o.format, "format", "text", msg.S(l, "output format: text (table), json, or jsonl (the JSON on one line)"))
	f.StringVarP(&o.output, "output", "o", "", msg.S(l, "write to FILE (atomically) instead of standard output; - is standard output"))
	f.BoolVar(&o.explain, "explain", false, msg.S(l, "show every step with the rule and the source behind it"))
	o.inputs = make([]string, len(input.All))
	for i, in := range input.All {
		if in.Employment {
			continue
		}
		f.StringVar(&o.inputs[i], in.Flag, in.Default, msg.Dyn(l, in.Help))
		if len(in.Words) > 0 {
			a.completion(c, in.Flag, fixedCompletion(in.Words...))
		}
	}
	f.StringArrayVar(&o.employment, "employment", nil, msg.S(l, `an employment period, "POSITION PERCENT FROM–TO", as "fastlege 100 % 01.06.2025–31.12.2025" (repeatable; 2022–)`))
	a.completion(c, "format", fixedCompletion("text", "json"))
	return c
}

// flagName maps an agreement field to the flag that sets it.
func flagName(field string) string { return text.InputFlag(field) }

func (a *App) runCalc(o *calcOptions) error {
	format, err := a.checkFormat(o.format, commandFormats["calc"]...)
	if err != nil {
		return err
	}
	o.format = format
	lang := a.Lang
	ag, err := o.agreement()
	if err != nil {
		return err
	}
	start, end := ag.Span()
	if o.rules.defaulted() {
		// The period that holds the agreement's first day.
		if start.IsZero() {
			return usagef("--start: missing: without --year, the grant period is the one that holds the agreement's first day").withHint("give the agreement's first day with --start (or its employment periods with --employment), or choose the rules with --year")
		}
		p := rules.PeriodOf(start)
		if p == "" {
			ps := rules.Periods()
			first, _ := rules.Embedded(ps[0])
			last, _ := rules.Embedded(ps[len(ps)-1])
			return usagef("no embedded grant period holds %s: the periods run from %s to %s", start, first.ValidFrom, last.ValidTo).
				withHint("alis has rules for %s; for another period, give a rule file with --rules FILE (alis rules new --from %s --to %s drafts one)",
					strings.Join(ps, ", "), ps[len(ps)-1], cmp.Or(last.ShapeFor(start), strconv.Itoa(start.Year())))
		}
		o.rules.period = p
	}
	r, err := o.rules.load()
	if err != nil {
		return err
	}
	if ag.Start.IsZero() && len(ag.Employment) == 0 {
		ag.Start = r.ValidFrom
		start = ag.Start
	}
	if err := o.needDriftsform(r, &ag); err != nil {
		return err
	}
	e, err := calc.NewEngine(r)
	if err != nil {
		return &runError{err: msg.Errorf("%s: %w", r.Source, err)}
	}
	ex, err := e.Explain(&ag)
	if err != nil {
		var ie *calc.InputError
		if errors.As(err, &ie) {
			return usagef("%s: %w", flagName(ie.Field), ie.Err)
		}
		return err
	}
	res := &ex.Result
	var also []string
	var beyond date.Date // past the last period with rules, when the agreement runs on
	if r.ShiftedFrom == "" && strings.HasPrefix(r.Source, rules.EmbeddedPrefix) {
		for _, p := range rules.PeriodsTouched(start, end) {
			if p != r.Period {
				also = append(also, p)
			}
		}
		if last := rules.LastDay(); end.IsZero() || end.After(last) {
			beyond = last.Next()
		}
	}
	err = a.toOutput(o.output, func(w io.Writer) error {
		if o.format == "json" || o.format == "jsonl" {
			j := output.NewResultJSON(res, lang, true)
			j.AlsoPeriods = also
			if !beyond.IsZero() {
				from := beyond.String()
				j.BeyondRules = &from
			}
			if o.format == "jsonl" {
				return output.WriteJSONLine(w, j)
			}
			return output.WriteJSON(w, j)
		}
		return output.WriteText(w, &ex, lang, o.explain, output.Also{Periods: also, BeyondRules: beyond}, a.outWidth(o.output))
	})
	if err == nil {
		for _, d := range e.Doubts(&ag, nil) {
			a.diag().Warnf("%s: %s", flagName(d.Field), d.Message(lang))
		}
		if res.TableClass != 0 && res.TableClass != res.CentralityClass && !res.ClassFromTable {
			a.diag().Warnf("--centrality %d is not the class SSB's 2024 table gives kommune %s (%d); alis computes with the class given", res.CentralityClass, text.KommuneText(res.Kommune, lang), res.TableClass)
		}
		if as := res.AssumedValues(); len(as) > 0 {
			warnAssumed(a.diag(), r, as)
		}
	}
	return err
}

// needDriftsform asks for --driftsform where the rules tell schemes apart
// by it.
func (o *calcOptions) needDriftsform(r *rules.Rules, ag *calc.Agreement) error {
	if ag.Driftsform == "" && r.SplitsByDriftsform() && ag.GrantType != calc.Veiledning {
		return usagef("--driftsform: missing: say how the doctor works").withHint("næringsdrift is --driftsform naering (næring); employed by the kommune is --driftsform fastlonn (fastlønn)")
	}
	return nil
}

func (o *calcOptions) agreement() (calc.Agreement, error) {
	ag := calc.Agreement{}
	for i, in := range input.All {
		if in.Employment {
			continue
		}
		if err := in.Set(&ag, o.inputs[i]); err != nil {
			e := usagef("%s: %w", flagName(in.Name), err.(*calc.InputError).Err)
			if in.Kind == input.Amount {
				return ag, e.withHint("write kroner as 300000, \"300 000\" or 312500,50")
			}
			return ag, e
		}
	}
	if k := ag.Kommune; len(k) == 4 && strings.Trim(k, "0123456789") == "" { // Validate says what else is wrong
		if _, ok := kommune.Lookup(ag.Kommune); !ok {
			return ag, usagef("--kommune: %s is not a kommune number of 2024 (the numbers changed in 2020 and 2024)", ag.Kommune).
				withHint("give the number the kommune has now, as 1804 for Bodø; the table alis has is SSB's of the 357 kommuner of 2024")
		}
	}
	for i, text := range o.employment {
		e, err := input.ParseEmployment(text)
		if err != nil {
			return ag, usagef("--employment %d: %w", i+1, err.(*calc.InputError).Err).withHint(`write it as "fastlege 100 %% 01.06.2025–31.12.2025": position (fastlege, introduksjonslege or allmennlege), stillingsprosent, first and last day`)
		}
		ag.Employment = append(ag.Employment, e)
	}
	return ag, nil
}

// warnAssumed says which values a result rests on that the rule file marks
// assumed.
func warnAssumed(d msg.Diag, r *rules.Rules, names []string) {
	d.Warnf("%s", msg.N(d.L, len(names), "the result rests on a value that the rule file marks assumed (no source): %[2]s",
		"the result rests on %[1]d values that the rule file marks assumed (no source): %[2]s", len(names), strings.Join(names, ", ")))
	d.Hintf("see the sources and notes in %s", r.Source)
}
