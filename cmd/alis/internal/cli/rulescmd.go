package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

func (a *App) newRulesCmd() *cobra.Command {
	l := a.Lang
	c := &cobra.Command{
		Use:   "rules",
		Short: msg.S(l, "List, show, validate, compare and draft rule files"),
		Long: msg.S(l, `rules works on the rule files themselves: the embedded periods and files on disk.
Every value of a rule file has a unit, a basis (verified, inferred, assumed, or
unknown where no source gives it) and its sources; these commands show them, check
files strictly, show what changed between two rule sets, and draft a file for a new
period.`) + "\n\n" + exitCodesHelp(l),
		Example: `  alis rules list
  alis rules show 2021 --lang en
  alis rules validate drafts/2022.yaml
  alis rules diff 2020 2021
  alis rules new --from 2021 --to 2022 -o drafts/2022.yaml`,
	}
	c.AddCommand(a.newRulesListCmd(), a.newRulesShowCmd(), a.newRulesValidateCmd(), a.newRulesDiffCmd(), a.newRulesNewCmd())
	return c
}

// rulesListOptions are rules list's flags.
type rulesListOptions struct {
	format string
}

func (a *App) newRulesListCmd() *cobra.Command {
	o := &rulesListOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:     "list",
		Short:   msg.S(l, "List the embedded rule periods"),
		Long:    msg.S(l, "list shows each embedded rule period with its dates, its title, its schemes and their formulas, how many of its values are verified, inferred, assumed and unknown, and the sha256 of its file."),
		Example: "  alis rules list\n  alis rules list --format json",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			return a.runRulesList(o)
		},
	}
	c.Flags().StringVar(&o.format, "format", "text", msg.S(l, "output format: text (table), json or jsonl (a period a line)"))
	return c
}

func (a *App) runRulesList(o *rulesListOptions) error {
	l := a.Lang
	format, err := a.checkFormat(o.format, commandFormats["rules list"]...)
	if err != nil {
		return err
	}
	type scheme struct {
		ID      string `json:"id"`
		Formula string `json:"formula"`
	}
	type entry struct {
		Period    string   `json:"period"`
		ValidFrom string   `json:"valid_from"`
		ValidTo   string   `json:"valid_to"`
		Title     string   `json:"title"`
		Schemes   []scheme `json:"schemes"`
		Verified  int      `json:"verified"`
		Inferred  int      `json:"inferred"`
		Assumed   int      `json:"assumed"`
		Unknown   int      `json:"unknown"`
		SHA256    string   `json:"sha256"`
		// ProvisionalFrom: the period provisional rules carry from.
		ProvisionalFrom string `json:"provisional_from,omitempty"`
	}
	var list []entry
	for _, p := range rules.Periods() {
		r, err := rules.Embedded(p)
		if err != nil {
			return err
		}
		n := r.Count()
		e := entry{Period: p, ValidFrom: r.ValidFrom.String(), ValidTo: r.ValidTo.String(), Title: r.Title,
			Verified: n[rules.Verified], Inferred: n[rules.Inferred], Assumed: n[rules.Assumed], Unknown: n[rules.Unknown], SHA256: r.SHA256}
		if r.Provisional != nil {
			e.ProvisionalFrom = r.Provisional.CarriedFrom
		}
		for _, s := range r.Schemes {
			e.Schemes = append(e.Schemes, scheme{s.ID, string(s.Formula)})
		}
		list = append(list, e)
	}
	switch format {
	case "json":
		return output.WriteJSON(a.Out, list)
	case "jsonl":
		return output.WriteJSONLines(a.Out, list)
	case "text":
		var b strings.Builder
		for _, e := range list {
			if e.ProvisionalFrom != "" {
				e.Title += " (" + msg.T(l, "provisional rules: carried forward from %s", e.ProvisionalFrom) + ")"
			}
			var ss []string
			for _, s := range e.Schemes {
				ss = append(ss, s.ID+" ("+s.Formula+")")
			}
			from, to := e.ValidFrom, e.ValidTo
			if l.Norwegian() {
				f, _ := date.Parse(from)
				t, _ := date.Parse(to)
				from, to = f.Norwegian(), t.Norwegian()
			}
			fmt.Fprintf(&b, "%-8s %s–%s\n         %s\n         %s\n         %s\n",
				e.Period, from, to, e.Title, msg.T(l, "schemes: %s", strings.Join(ss, ", ")),
				msg.T(l, "values: %d verified, %d inferred, %d assumed, %d unknown; sha256 %s", e.Verified, e.Inferred, e.Assumed, e.Unknown, e.SHA256))
		}
		_, err := io.WriteString(a.Out, output.Wrap(b.String(), widthOf(a.Out)))
		return err
	}
	return nil
}

type paramJSON struct {
	Name       string            `json:"name"`
	Value      *string           `json:"value"`
	Unit       string            `json:"unit"`
	Basis      rules.Basis       `json:"basis"`
	Note       string            `json:"note,omitempty"`
	NoteNB     string            `json:"note_nb,omitempty"`
	NoteNN     string            `json:"note_nn,omitempty"`
	Quote      string            `json:"quote,omitempty"`
	References []rules.Reference `json:"references"`
}

// rulesShowOptions are rules show's flags.
type rulesShowOptions struct {
	format string
	sets   []string
}

func (a *App) newRulesShowCmd() *cobra.Command {
	o := &rulesShowOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:   "show [PERIOD|FILE]",
		Short: msg.S(l, "Show every value of a rule set with its unit, basis and sources"),
		Long: msg.S(l, `show prints every value of a rule set (an embedded period, or a rule file) with
its unit, its basis and its sources, in bokmål, nynorsk or English; --format yaml
writes it as a rule file and --format json for scripts. --set shows the rules with a value
changed. Without a period or file it shows the period in force today.`),
		Example: "  alis rules show\n  alis rules show 2021\n  alis rules show 2020 --lang en\n  alis rules show 2021 --set cap=300000 --format yaml > whatif.yaml",
		Args:    maxArgs(1, msg.New("one rule set to show: a period or a rule file")),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.runRulesShow(o, args)
		},
	}
	c.Flags().StringVar(&o.format, "format", "text", msg.S(l, "output format: text (table), yaml, json or jsonl (a value a line)"))
	c.Flags().StringArrayVar(&o.sets, "set", nil, msg.S(l, "NAME=VALUE: change a value for this run (repeatable)"))
	return c
}

func (a *App) runRulesShow(o *rulesShowOptions, args []string) error {
	l := a.Lang
	if len(args) == 0 {
		today := today()
		p := rules.PeriodOf(today)
		if p == "" {
			ps := rules.Periods()
			p = ps[len(ps)-1]
			a.diag().Warnf("no embedded period holds today, %s: showing the last one, %s", text.Day(today, l), p)
		} else {
			a.diag().Sayf("showing %s, the grant period in force today (%s)", p, text.Day(today, l))
		}
		args = []string{p}
	}
	format, err := a.checkFormat(o.format, commandFormats["rules show"]...)
	if err != nil {
		return err
	}
	r, err := loadRuleArg(args[0])
	if err != nil {
		return err
	}
	if r, err = applySets(r, o.sets); err != nil {
		return err
	}
	switch format {
	case "yaml":
		b, err := rules.Marshal(r)
		if err != nil {
			return err
		}
		_, err = a.Out.Write(b)
		return err
	case "json", "jsonl":
		doc := struct {
			Period    string      `json:"period"`
			Title     string      `json:"title"`
			ValidFrom string      `json:"valid_from"`
			ValidTo   string      `json:"valid_to"`
			Source    string      `json:"source"`
			SHA256    string      `json:"sha256"`
			Overrides []string    `json:"overrides"`
			Params    []paramJSON `json:"params"`
		}{r.Period, r.Title, r.ValidFrom.String(), r.ValidTo.String(), r.Source, r.SHA256, append([]string{}, r.Overrides...), nil}
		for _, v := range r.Params() {
			p := paramJSON{Name: v.Path, Unit: v.Unit, Basis: v.Basis, Note: v.Note, NoteNB: v.NoteNB, NoteNN: v.NoteNN, Quote: v.Quote, References: v.References}
			if v.Known() {
				p.Value = ptr(v.String())
			}
			doc.Params = append(doc.Params, p)
		}
		if format == "jsonl" {
			return output.WriteJSONLines(a.Out, doc.Params)
		}
		return output.WriteJSON(a.Out, doc)
	}
	return showText(a.Out, r, l, widthOf(a.Out))
}

func ptr[T any](v T) *T { return &v }

// notesInBokmal counts the notes of r's values that are in bokmål where l
// is nynorsk, of the notes it has: said once, above them.
func notesInBokmal(r *rules.Rules, l calc.Lang) (n, of int) {
	for _, v := range r.Params() {
		if v.NoteIn(l) == "" {
			continue
		}
		of++
		if v.NoteInBokmal(l) {
			n++
		}
	}
	if r.Provisional != nil && r.Provisional.NoteInBokmal(l) {
		n++
	}
	return n, of
}

// showText writes rules for people, wrapped within width (a word longer
// than the width, a URL, stands on a line of its own).
func showText(w io.Writer, r *rules.Rules, l calc.Lang, width int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s %s–%s; %s, sha256 %s\n", r.Title, msg.S(l, "Valid"), text.Day(r.ValidFrom, l), text.Day(r.ValidTo, l), r.Source, r.SHA256)
	if p := text.ProvisionalText(r, l); p != "" {
		fmt.Fprintf(&b, "%s%s: %s\n", strings.ToUpper(p[:1]), p[1:], r.Provisional.NoteIn(l))
	}
	if len(r.Overrides) > 0 {
		fmt.Fprintf(&b, "%s: %s\n", msg.S(l, "Changed for this run"), strings.Join(r.Overrides, ", "))
	}
	n := r.Count()
	b.WriteString(msg.T(l, "Values: %d verified, %d inferred, %d assumed, %d unknown", n[rules.Verified], n[rules.Inferred], n[rules.Assumed], n[rules.Unknown]) + "\n")
	for _, s := range r.Schemes {
		fmt.Fprintf(&b, "%s %s: %s\n", msg.S(l, "Scheme"), s.ID, s.Formula)
	}
	if n, of := notesInBokmal(r, l); n > 0 {
		b.WriteString(msg.N(l, n, "%[1]d of the %[2]d notes below is in bokmål: the rule file gives no nynorsk for it", "%[1]d of the %[2]d notes below are in bokmål: the rule file gives no nynorsk for them", n, of) + "\n")
	}
	b.WriteString("\n")
	for _, v := range r.Params() {
		fmt.Fprintf(&b, "%s = %s  [%s; %s]\n", v.Path, v.String(), text.UnitName(v.Unit, l), text.BasisName(v.Basis, l))
		if v.Quote != "" {
			fmt.Fprintf(&b, "    «%s»\n", v.Quote)
		}
		if note := v.NoteIn(l); note != "" {
			fmt.Fprintf(&b, "    %s\n", note)
		}
		for _, ref := range v.References {
			s := ref.Title
			if ref.Href != "" {
				s += " <" + ref.Href + ">"
			}
			fmt.Fprintf(&b, "    %s: %s\n", msg.S(l, "Source"), s)
		}
	}
	_, err := io.WriteString(w, output.Wrap(b.String(), width))
	return err
}

func (a *App) newRulesValidateCmd() *cobra.Command {
	l := a.Lang
	return &cobra.Command{
		Use:        "validate FILE...",
		SuggestFor: []string{"check", "lint", "verify"},
		Short:      msg.S(l, "Check rule files strictly and report every problem"),
		Long: msg.S(l, `validate loads each rule file strictly and reports every problem in it, each with
its line and value: unknown and duplicate keys, missing or null values, wrong units,
values out of bounds, values nothing uses, dates that do not exist or contradict the
period. A value given as basis: unknown (no source found) is valid. Exit 0 when
every file is valid, 2 otherwise.`),
		Example: "  alis rules validate drafts/2022.yaml\n  alis rules validate rules/periods/*.yaml",
		Args:    minArgs(1, msg.New("one or more rule files to check")),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.runRulesValidate(args)
		},
	}
}

func (a *App) runRulesValidate(args []string) error {
	l := a.Lang
	bad := 0
	for _, f := range args {
		r, err := (&ruleOptions{file: f, positional: true}).loadFile()
		if err != nil {
			bad++
			a.printError(err)
			continue
		}
		n := r.Count()
		fmt.Fprintf(a.Out, "%s: %s\n", f, msg.N(l, len(r.Schemes), "valid: %[1]s, %[2]d scheme; %[3]d values: %[4]d verified, %[5]d inferred, %[6]d assumed, %[7]d unknown",
			"valid: %[1]s, %[2]d schemes; %[3]d values: %[4]d verified, %[5]d inferred, %[6]d assumed, %[7]d unknown",
			r.Period, len(r.Schemes), len(r.Params()), n[rules.Verified], n[rules.Inferred], n[rules.Assumed], n[rules.Unknown]))
	}
	if bad > 0 {
		return &reported{msg.Errorf("%d of %d rule files are not valid", bad, len(args))}
	}
	return nil
}

// rulesDiffOptions are rules diff's flags.
type rulesDiffOptions struct {
	format string
}

func (a *App) newRulesDiffCmd() *cobra.Command {
	o := &rulesDiffOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:   "diff A B",
		Short: msg.S(l, "Show what changed between two rule sets, value by value"),
		Long: msg.S(l, `diff compares two rule sets (embedded periods or rule files) value by value: a
value added (+), removed (-), changed (~), or the same value on another basis (=),
and whole schemes added or removed.`),
		Example: "  alis rules diff 2020 2021\n  alis rules diff 2021 drafts/2022.yaml --format json",
		Args:    exactArgs(2, msg.New("two rule sets to compare: periods or rule files")),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.runRulesDiff(o, args)
		},
	}
	c.Flags().StringVar(&o.format, "format", "text", msg.S(l, "output format: text (table), json or jsonl (a change a line)"))
	return c
}

func (a *App) runRulesDiff(o *rulesDiffOptions, args []string) error {
	l := a.Lang
	format, err := a.checkFormat(o.format, commandFormats["rules diff"]...)
	if err != nil {
		return err
	}
	ra, err := loadRuleArg(args[0])
	if err != nil {
		return err
	}
	rb, err := loadRuleArg(args[1])
	if err != nil {
		return err
	}
	changes := rules.Diff(ra, rb)
	switch format {
	case "jsonl":
		return output.WriteJSONLines(a.Out, changes)
	case "json":
		return output.WriteJSON(a.Out, struct {
			From    string         `json:"from"`
			To      string         `json:"to"`
			Changes []rules.Change `json:"changes"`
		}{ra.Label(), rb.Label(), append([]rules.Change{}, changes...)})
	}
	return writeDiffText(a.Out, ra, rb, changes, l)
}

func writeDiffText(w io.Writer, ra, rb *rules.Rules, changes []rules.Change, l msg.Lang) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s: %s\n", ra.Label(), rb.Label(), msg.N(l, len(changes), "%d change", "%d changes", len(changes)))
	val := func(s *rules.Side) string {
		if s.Unit == "scheme" {
			return s.Value
		}
		return s.Value + " (" + text.BasisName(s.Basis, l) + ")"
	}
	for _, c := range changes {
		switch c.Kind {
		case rules.Added:
			fmt.Fprintf(&b, "+ %s: %s\n", c.Param, val(c.To))
		case rules.Removed:
			fmt.Fprintf(&b, "- %s: %s\n", c.Param, val(c.From))
		case rules.Changed:
			fmt.Fprintf(&b, "~ %s: %s → %s\n", c.Param, val(c.From), val(c.To))
		case rules.Rebased:
			fmt.Fprintf(&b, "= %s: %s\n", c.Param, msg.T(l, "%s, basis %s → %s", c.To.Value, text.BasisName(c.From.Basis, l), text.BasisName(c.To.Basis, l)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// rulesNewOptions are rules new's flags.
type rulesNewOptions struct {
	from, to string
	oldYear  int
	output   string
}

func (a *App) newRulesNewCmd() *cobra.Command {
	o := &rulesNewOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:   "new --from PERIOD --to PERIOD",
		Short: msg.S(l, "Draft a rule file for a new period from an existing one"),
		Long: msg.S(l, `new writes a complete, valid rule file for a new period: every value copied from
the --from period, every date moved to the new period, and every value marked
assumed, with a note saying where it came from, until someone checks it against a
source for the new period and edits it. A value that no source gave (unknown) stays
unknown. Run validate on it after editing.`),
		Example: "  alis rules new --from 2021 --to 2022 -o drafts/2022.yaml\n  alis rules new --from 2025/26 --to 2026/27",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return a.runRulesNew(o, c)
		},
	}
	c.Flags().StringVar(&o.from, "from", defaultPeriod, msg.S(l, "the embedded period to copy"))
	c.Flags().StringVar(&o.to, "to", "", msg.S(l, "the period of the new file (2022, 2026/27)"))
	c.Flags().IntVar(&o.oldYear, "year", 0, msg.S(l, "the old name of --to"))
	_ = c.Flags().MarkHidden("year")
	c.Flags().StringVarP(&o.output, "output", "o", "", msg.S(l, "write to FILE instead of standard output"))
	return c
}

func (a *App) runRulesNew(o *rulesNewOptions, c *cobra.Command) error {
	if c.Flags().Changed("year") {
		a.diag().Warnf("rules new --year is now --to; --year will stop working in the next release")
		if o.to == "" {
			o.to = strconv.Itoa(o.oldYear)
		}
	}
	if o.to == "" {
		return usagef("--to: give the period of the new file").withHint("such as --to 2022 or --to 2026/27")
	}
	r, err := rules.Embedded(o.from)
	if err != nil {
		return usagef("--from: %w", err)
	}
	d, err := r.Draft(rules.PeriodName(o.to))
	if err != nil {
		return usagef("--to: %w", err).withHint("such as --to 2022 or --to 2026/27")
	}
	b, err := rules.Marshal(d)
	if err != nil {
		return err
	}
	header := fmt.Sprintf("# Draft rule file for %s, made with: alis rules new --from %s --to %s\n# Every value is marked assumed and the file provisional: check each value against a source, edit it\n# and set its basis; when every value is checked, remove provisional.\n", d.Period, o.from, o.to) //msg:ok a rule file is written in English, as its notes are
	b = append([]byte(header), b...)
	if _, err := rules.Load("draft", b); err != nil {
		return msg.Errorf("the draft does not validate: %w", err)
	}
	if o.output == "" || o.output == "-" {
		_, err = a.Out.Write(b)
		return err
	}
	if st, err := os.Lstat(o.output); err == nil && st.Mode().IsRegular() {
		return usagef("-o %s: the file exists; alis will not write over it", o.output).withHint("choose another name, or remove the file first")
	}
	f, err := a.openOutput(o.output)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(b); err != nil {
		return &runError{err: err}
	}
	if err := f.Commit(); err != nil {
		return &runError{err: err}
	}
	a.diag().Sayf("wrote %s: %d values, all assumed; edit them, then run alis rules validate %s", o.output, len(d.Params()), o.output)
	return nil
}

// today is the day on the machine's clock, in its time zone.
func today() date.Date {
	t := time.Now()
	return date.MustNew(t.Year(), t.Month(), t.Day())
}
