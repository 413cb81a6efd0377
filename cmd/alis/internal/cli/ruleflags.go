package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/outfile"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// ruleOptions are the flags that choose a rule set: --year (a period),
// --rules (a file), --set (changes) and --grant-year (shift).
type ruleOptions struct {
	period    string
	file      string
	sets      []string
	grantYear string // --grant-year: a period name, "2027" or "2025/26"; "" not given
	// positional: file was given as an argument (rules show FILE), not with
	// --rules, and its messages name no flag.
	positional bool
	flags      *pflag.FlagSet // to tell a --year given from the default
}

const defaultPeriod = "2021"

func (o *ruleOptions) bind(c *cobra.Command, l msg.Lang, complete func(*cobra.Command, string, cobra.CompletionFunc)) {
	o.flags = c.Flags()
	o.period = defaultPeriod
	c.Flags().Var(periodFlag{&o.period}, "year", msg.T(l, "the grant period whose embedded rules apply: %s (2024/25 may be written 2024-25; without it, the period that holds each agreement's first day)", strings.Join(rules.Periods(), ", ")))
	c.Flags().Lookup("year").DefValue = "" // without --year, the period of each agreement's first day
	c.Flags().StringVar(&o.file, "rules", "", msg.S(l, "a rule file to use instead of the embedded rules (a draft, or a what-if)"))
	c.Flags().StringArrayVar(&o.sets, "set", nil, msg.S(l, "NAME=VALUE: change one rule value for this run, as cap=300000 or schemes.fastlonn.cap=260000 (repeatable)"))
	c.Flags().Var(grantFlag{&o.grantYear}, "grant-year", msg.S(l, "apply the rules to this period (2027, or 2027/28 for rules of a split period): amounts, shares and coverage as they are, every date moved by the years between"))
	complete(c, "year", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return rules.Periods(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.MarkFlagFilename("rules", "yaml", "yml")
}

// periodFlag is a flag whose value is a grant period: 2021, 2024/25, 2024-25.
type periodFlag struct{ p *string }

func (f periodFlag) String() string { return *f.p }
func (f periodFlag) Type() string   { return "PERIOD" }
func (f periodFlag) Set(v string) error {
	p := rules.PeriodName(v)
	if len(p) < 4 {
		return msg.Errorf("%q is not a grant period, such as 2021 or 2024/25", v)
	}
	if _, err := strconv.Atoi(p[:4]); err != nil {
		return msg.Errorf("%q is not a grant period, such as 2021 or 2024/25", v)
	}
	*f.p = p
	return nil
}

// yearFlag is a flag whose value is a year.
// grantFlag is --grant-year: a year (2027) or a split period (2025/26,
// 2025-26), kept as a period name.
type grantFlag struct{ p *string }

func (f grantFlag) String() string { return *f.p }
func (f grantFlag) Type() string   { return "PERIOD" }
func (f grantFlag) Set(v string) error {
	p := rules.PeriodName(v)
	y, err := strconv.Atoi(p[:min(4, len(p))])
	if err != nil || len(p) < 4 || y < 1900 || y > 9998 || !(len(p) == 4 || len(p) == 7 && p[4] == '/' && p[5:] == fmt.Sprintf("%02d", (y+1)%100)) {
		return msg.Errorf("%q is not a grant period, such as 2027 or 2025/26", v)
	}
	*f.p = p
	return nil
}

// yearGiven reports whether --year was given rather than defaulted.
func (o *ruleOptions) yearGiven() bool { return o.flags != nil && o.flags.Changed("year") }

// defaulted reports whether the rules are the default period's: no --year,
// no --rules.
func (o *ruleOptions) defaulted() bool { return !o.yearGiven() && o.file == "" }

// load returns the chosen rules, moved to --grant-year and with the --set
// overrides applied.
func (o *ruleOptions) load() (*rules.Rules, error) {
	if o.yearGiven() && o.file != "" {
		return nil, usagef("--year and --rules both choose the rules").withHint("--year chooses embedded rules, --rules a rule file: give one of them")
	}
	r, err := o.loadFile()
	if err != nil {
		return nil, err
	}
	if r, err = shift(r, o.grantYear); err != nil {
		return nil, err
	}
	return applySets(r, o.sets)
}

// ruleSets is the rule set a batch computes under: the one --year or
// --rules chooses, or without them every embedded period, each agreement
// under the one that holds its first day (byPeriod). A --set then applies to
// every period that has the value.
func (o *ruleOptions) ruleSets(allocate bool) (sets []batch.RuleSet, byPeriod bool, err error) {
	if !o.defaulted() {
		r, err := o.load()
		if err != nil {
			return nil, false, err
		}
		e, err := calc.NewEngine(r)
		if err != nil {
			return nil, false, &runError{err: msg.Errorf("%s: %w", r.Source, err)}
		}
		return []batch.RuleSet{{Rules: r, Engine: e, Label: r.Label()}}, false, nil
	}
	if o.grantYear != "" {
		return nil, false, usagef("--grant-year: without --year or --rules, each agreement is computed under the period that holds its first day").withHint("give the rules to move with --year or --rules")
	}
	setUsed := make([]bool, len(o.sets))
	for _, p := range rules.Periods() {
		r, err := rules.Embedded(p)
		if err != nil {
			return nil, false, err
		}
		for i, s := range o.sets {
			c, err := r.Set(s)
			if se, ok := err.(*rules.SetError); ok && se.Unknown {
				continue // a value of other periods
			}
			if err != nil {
				return nil, false, usagef("--set %v (the rules of %s)", err, p)
			}
			r, setUsed[i] = c, true
		}
		e, err := calc.NewEngine(r)
		if err != nil {
			return nil, false, &runError{err: msg.Errorf("%s: %w", r.Source, err)}
		}
		sets = append(sets, batch.RuleSet{Rules: r, Engine: e, Label: r.Label()})
	}
	for i, used := range setUsed {
		if !used {
			// Set on the newest period, for its message and the names.
			if _, err := applySets(sets[len(sets)-1].Rules, o.sets[i:i+1]); err != nil {
				return nil, false, err
			}
		}
	}
	return sets, true, nil
}

// shift moves rules to a grant period ("": as they are): a year names
// the period of the rules' shape named for it (2027: "2027", or "2027/28"
// for rules of a split period); a split period must fit the rules' shape.
func shift(r *rules.Rules, grant string) (*rules.Rules, error) {
	if grant == "" {
		return r, nil
	}
	var s *rules.Rules
	var err error
	if y, e := strconv.Atoi(grant); e == nil {
		s, err = r.ShiftToYear(y)
	} else {
		s, err = r.ShiftTo(grant)
	}
	if err != nil {
		return nil, usagef("--grant-year: %v", err)
	}
	return s, nil
}

// loadFile returns the embedded period or the rule file, as it is.
func (o *ruleOptions) loadFile() (*rules.Rules, error) {
	if o.file == "" {
		r, err := rules.Embedded(o.period)
		if err != nil {
			return nil, usagef("--year: %w", err).withHint("give --year %s, or a rule file with --rules FILE", strings.Join(rules.Periods(), ", "))
		}
		return r, nil
	}
	flag := "--rules"
	if o.positional {
		flag = ""
	}
	data, err := readRuleFile(o.file, flag)
	if err != nil {
		return nil, err
	}
	return rules.Load(o.file, data)
}

// applySets applies --set NAME=VALUE overrides in order.
func applySets(r *rules.Rules, sets []string) (*rules.Rules, error) {
	for _, s := range sets {
		var err error
		if r, err = r.Set(s); err != nil {
			if se, ok := err.(*rules.SetError); ok && len(se.Valid) > 0 {
				return nil, usagef("--set %v", err).withHint("the values that can be set are: %s", strings.Join(se.Valid, ", "))
			}
			return nil, usagef("--set %v", err)
		}
	}
	return r, nil
}

// readRuleFile reads a rule file: a regular file, through a bound, so that
// a device (/dev/zero) or a pipe can never make alis read forever or wait.
func readRuleFile(name, flag string) ([]byte, error) {
	fail := func(err error) ([]byte, error) {
		if flag == "" {
			return nil, (&runError{err: err}).withHint("give the path of a YAML rule file")
		}
		return nil, (&runError{err: msg.Errorf("%s: %w", flag, err)}).withHint("give the path of a YAML rule file")
	}
	st, err := os.Stat(name)
	if err != nil {
		return fail(err)
	}
	if !st.Mode().IsRegular() {
		if st.IsDir() {
			return fail(msg.Errorf("%s is a folder, not a rule file", name))
		}
		return fail(msg.Errorf("%s is not a regular file (it is %s)", name, outfile.FileKind(st.Mode())))
	}
	if st.Size() > rules.MaxFileSize {
		return fail(msg.Errorf("%s is %d bytes; a rule file may be at most %d", name, st.Size(), rules.MaxFileSize))
	}
	// O_NONBLOCK: should the name have become a pipe since the look above,
	// opening it does not wait for a writer.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return fail(msg.Errorf("%s is not a regular file", name))
	}
	data, err := io.ReadAll(io.LimitReader(f, rules.MaxFileSize+1))
	if err != nil {
		return fail(err)
	}
	if len(data) > rules.MaxFileSize {
		return fail(msg.Errorf("%s is more than %d bytes; a rule file may be at most %d", name, rules.MaxFileSize, rules.MaxFileSize))
	}
	return data, nil
}

// loadRuleArg loads a period's embedded rules or a rule file: an argument
// that names an embedded period is the period, anything else a file.
func loadRuleArg(arg string) (*rules.Rules, error) {
	if _, err := rules.EmbeddedFile(arg); err == nil {
		return rules.Embedded(arg)
	}
	if _, err := os.Stat(arg); err != nil && rulesPeriodLike(arg) {
		return nil, usagef("%s is neither an embedded period nor a rule file: the embedded periods are %s", arg, strings.Join(rules.Periods(), ", ")).
			withHint("for a period alis has no rules for, draft a file with alis rules new")
	}
	o := ruleOptions{file: arg, positional: true}
	return o.loadFile()
}

// rulesPeriodLike says whether an argument looks like a period's name
// ("2099", "2030/31", "2030-31") rather than a file's.
func rulesPeriodLike(s string) bool {
	p := rules.PeriodName(s)
	if len(p) != 4 && len(p) != 7 {
		return false
	}
	for i, c := range p {
		if !(c >= '0' && c <= '9' || i == 4 && c == '/') {
			return false
		}
	}
	return true
}
