package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
)

func (a *app) newRulesCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "rules",
		Short: "List, show, validate, compare and draft rule files",
		Long: `rules works on the rule files themselves: the embedded years and files on disk.
Every value of a rule file has a unit, a basis (verified, inferred or assumed) and
its sources; these commands show them, check files strictly, show what changed
between two rule sets, and draft a file for a new year.

` + exitCodesHelp,
		Example: `  alis rules list
  alis rules show 2021 --lang en
  alis rules validate drafts/2022.yaml
  alis rules diff 2020 2021
  alis rules new --from 2021 --year 2022 -o drafts/2022.yaml`,
	}
	c.AddCommand(a.newRulesListCmd(), a.newRulesShowCmd(), a.newRulesValidateCmd(), a.newRulesDiffCmd(), a.newRulesNewCmd())
	return c
}

// loadRuleArg loads a year's embedded rules or a rule file: an argument of
// four digits that names an embedded year is the year, anything else a file.
func loadRuleArg(arg string) (*rules.Rules, error) {
	if y, err := strconv.Atoi(arg); err == nil && len(arg) == 4 {
		if _, err := rules.EmbeddedFile(y); err == nil {
			return rules.Embedded(y)
		}
	}
	o := ruleOptions{file: arg}
	return o.loadFile()
}

// label names a rule set in output: its year, or its file's base name
// without .yaml; with the overrides it carries.
func label(r *rules.Rules) string {
	year := r.Year
	if r.FromYear != 0 {
		year = r.FromYear
	}
	l := strconv.Itoa(year)
	if !strings.HasPrefix(r.Source, rules.EmbeddedPrefix) {
		base := r.Source[strings.LastIndexAny(r.Source, `/\`)+1:]
		l = strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	}
	if r.FromYear != 0 {
		l += fmt.Sprintf("→%d", r.Year)
	}
	for _, o := range r.Overrides {
		l += "+" + o
	}
	return l
}

func basisCounts(r *rules.Rules) map[rules.Basis]int {
	n := map[rules.Basis]int{}
	for _, p := range r.Params() {
		n[p.Basis]++
	}
	return n
}

func (a *app) newRulesListCmd() *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:     "list",
		Short:   "List the embedded rule years",
		Long:    "list shows each embedded rule year with its title, its schemes, how many of its values are verified, inferred and assumed, and the sha256 of its file.",
		Example: "  alis rules list\n  alis rules list --format json",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			type entry struct {
				Year     int      `json:"year"`
				Title    string   `json:"title"`
				Schemes  []string `json:"schemes"`
				Verified int      `json:"verified"`
				Inferred int      `json:"inferred"`
				Assumed  int      `json:"assumed"`
				SHA256   string   `json:"sha256"`
			}
			var list []entry
			for _, y := range rules.Years() {
				r, err := rules.Embedded(y)
				if err != nil {
					return err
				}
				n := basisCounts(r)
				e := entry{Year: y, Title: r.Title, Verified: n[rules.Verified], Inferred: n[rules.Inferred], Assumed: n[rules.Assumed], SHA256: r.SHA256}
				for _, s := range r.Schemes {
					e.Schemes = append(e.Schemes, s.ID)
				}
				list = append(list, e)
			}
			switch format {
			case "json":
				return writeJSON(a.out, list)
			case "text":
				for _, e := range list {
					fmt.Fprintf(a.out, "%d  %s\n      schemes: %s; values: %d verified, %d inferred, %d assumed\n      sha256 %s\n",
						e.Year, e.Title, strings.Join(e.Schemes, ", "), e.Verified, e.Inferred, e.Assumed, e.SHA256)
				}
				return nil
			}
			return usagef("use --format text or json", "--format: unknown format %q", format)
		},
	}
	c.Flags().StringVar(&format, "format", "text", "text or json")
	return c
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

type paramJSON struct {
	Name       string            `json:"name"`
	Value      string            `json:"value"`
	Unit       string            `json:"unit"`
	Basis      rules.Basis       `json:"basis"`
	Note       string            `json:"note,omitempty"`
	Quote      string            `json:"quote,omitempty"`
	References []rules.Reference `json:"references"`
}

func (a *app) newRulesShowCmd() *cobra.Command {
	var format, lang string
	var sets []string
	c := &cobra.Command{
		Use:   "show YEAR|FILE",
		Short: "Show every value of a rule set with its unit, basis and sources",
		Long: `show prints every value of a rule set (an embedded year, or a rule file) with its
unit, its basis and its sources, in bokmål or English; --format yaml writes it as a
rule file and --format json for scripts. --set shows the rules with a value changed.`,
		Example: "  alis rules show 2021\n  alis rules show 2020 --lang en\n  alis rules show 2021 --set cap=300000 --format yaml > whatif.yaml",
		Args:    exactArgs(1, "one rule set to show: a year or a rule file"),
		RunE: func(_ *cobra.Command, args []string) error {
			l, err := calc.ParseLang(lang)
			if err != nil {
				return usagef("use --lang nb or --lang en", "--lang: %v", err)
			}
			r, err := loadRuleArg(args[0])
			if err != nil {
				return err
			}
			if r, err = applySets(r, sets); err != nil {
				return err
			}
			switch format {
			case "yaml":
				b, err := rules.Marshal(r)
				if err != nil {
					return err
				}
				_, err = a.out.Write(b)
				return err
			case "json":
				doc := struct {
					Year      int         `json:"year"`
					Title     string      `json:"title"`
					ValidFrom string      `json:"valid_from"`
					ValidTo   string      `json:"valid_to"`
					Source    string      `json:"source"`
					SHA256    string      `json:"sha256"`
					Overrides []string    `json:"overrides"`
					Params    []paramJSON `json:"params"`
				}{r.Year, r.Title, r.ValidFrom.String(), r.ValidTo.String(), r.Source, r.SHA256, append([]string{}, r.Overrides...), nil}
				for _, p := range r.Params() {
					doc.Params = append(doc.Params, paramJSON{p.Path, p.Value, p.Unit, p.Basis, p.Note, p.Quote, p.References})
				}
				return writeJSON(a.out, doc)
			case "text":
				return showText(a.out, r, l)
			}
			return usagef("use --format text, yaml or json", "--format: unknown format %q", format)
		},
	}
	c.Flags().StringVar(&format, "format", "text", "text, yaml or json")
	c.Flags().StringVar(&lang, "lang", "nb", "nb or en")
	c.Flags().StringArrayVar(&sets, "set", nil, "NAME=VALUE: change a value for this run (repeatable)")
	return c
}

func showText(w io.Writer, r *rules.Rules, l calc.Lang) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s %s–%s; %s, sha256 %s\n", r.Title, pickLang(l, "Gyldig", "Valid"), day(r.ValidFrom, l), day(r.ValidTo, l), r.Source, r.SHA256)
	if len(r.Overrides) > 0 {
		fmt.Fprintf(&b, "%s: %s\n", pickLang(l, "Endret for denne kjøringen", "Changed for this run"), strings.Join(r.Overrides, ", "))
	}
	n := basisCounts(r)
	fmt.Fprintf(&b, "%s: %d %s, %d %s, %d %s\n\n", pickLang(l, "Verdier", "Values"), n[rules.Verified], basisName(rules.Verified, l),
		n[rules.Inferred], basisName(rules.Inferred, l), n[rules.Assumed], basisName(rules.Assumed, l))
	for _, p := range r.Params() {
		fmt.Fprintf(&b, "%s = %s  [%s; %s]\n", p.Path, p.Value, p.Unit, basisName(p.Basis, l))
		if p.Quote != "" {
			fmt.Fprintf(&b, "    «%s»\n", p.Quote)
		}
		if p.Note != "" {
			fmt.Fprintf(&b, "    %s\n", p.Note)
		}
		for _, ref := range p.References {
			s := ref.Title
			if ref.Href != "" {
				s += " <" + ref.Href + ">"
			}
			fmt.Fprintf(&b, "    %s: %s\n", pickLang(l, "Kilde", "Source"), s)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (a *app) newRulesValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check rule files strictly and report every problem",
		Long: `validate loads each rule file strictly and reports every problem in it, each with
its line and parameter: unknown and duplicate keys, missing or null values, wrong
units, shares outside 0..1, negative caps, dates that do not exist or contradict the
year. Exit 0 when every file is valid, 2 otherwise.`,
		Example: "  alis rules validate drafts/2022.yaml\n  alis rules validate rules/years/*.yaml",
		Args:    minArgs(1, "one or more rule files to check"),
		RunE: func(_ *cobra.Command, args []string) error {
			bad := 0
			for _, f := range args {
				r, err := (&ruleOptions{file: f}).loadFile()
				if err != nil {
					bad++
					a.printError(err)
					continue
				}
				n := basisCounts(r)
				fmt.Fprintf(a.out, "%s: valid: %d, %d %s; %d values: %d verified, %d inferred, %d assumed\n", f, r.Year,
					len(r.Schemes), plural(len(r.Schemes), "scheme", "schemes"), len(r.Params()), n[rules.Verified], n[rules.Inferred], n[rules.Assumed])
			}
			if bad > 0 {
				return &reported{fmt.Errorf("%d of %d rule files are not valid", bad, len(args))}
			}
			return nil
		},
	}
}

// reported is an error whose details were printed already; only its summary remains.
type reported struct{ err error }

func (e *reported) Error() string { return e.err.Error() }

func (a *app) newRulesNewCmd() *cobra.Command {
	var from, year int
	var output string
	c := &cobra.Command{
		Use:   "new --from YEAR --year YEAR",
		Short: "Draft a rule file for a new year from an existing one",
		Long: `new writes a complete, valid rule file for a new year: every value copied from
the --from year, its period and deadline moved to the new year, and every value
marked assumed, with a note saying where it came from, until someone checks it
against a source for the new year and edits it. Run validate on it after editing.`,
		Example: "  alis rules new --from 2021 --year 2022 -o drafts/2022.yaml",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			if year == 0 {
				return usagef("", "--year: give the year of the new file")
			}
			r, err := rules.Embedded(from)
			if err != nil {
				return usagef("", "--from: %v", err)
			}
			d, err := r.Draft(year)
			if err != nil {
				return usagef("", "--year: %v", err)
			}
			b, err := rules.Marshal(d)
			if err != nil {
				return err
			}
			header := fmt.Sprintf("# Draft rule file for %d, made with: alis rules new --from %d --year %d\n# Every value is marked assumed: check each against a source, edit it and set its basis.\n", year, from, year)
			b = append([]byte(header), b...)
			if _, err := rules.Load("draft", b); err != nil {
				return fmt.Errorf("the draft does not validate: %w", err)
			}
			if output == "" || output == "-" {
				_, err = a.out.Write(b)
				return err
			}
			if st, err := os.Lstat(output); err == nil && st.Mode().IsRegular() {
				return usagef("choose another name, or remove the file first", "-o %s: the file exists; alis will not write over it", output)
			}
			f, err := a.openOutput(output)
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
			fmt.Fprintf(a.err, "alis: wrote %s: %d values, all assumed; edit them, then run alis rules validate %s\n", output, len(d.Params()), output)
			return nil
		},
	}
	c.Flags().IntVar(&from, "from", defaultYear, "the embedded year to copy")
	c.Flags().IntVar(&year, "year", 0, "the year of the new file")
	c.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	return c
}

// applySets applies --set NAME=VALUE overrides in order.
func applySets(r *rules.Rules, sets []string) (*rules.Rules, error) {
	for _, s := range sets {
		var err error
		if r, err = r.Set(s); err != nil {
			var se *rules.SetError
			if errors.As(err, &se) && len(se.Valid) > 0 {
				return nil, usagef("the values that can be set are: "+strings.Join(se.Valid, ", "), "%v", err)
			}
			return nil, usagef("", "%v", err)
		}
	}
	return r, nil
}
