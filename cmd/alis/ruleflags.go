package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/rules"
)

// ruleOptions are the flags that choose a rule set.
type ruleOptions struct {
	year      int
	file      string
	sets      []string
	grantYear int
}

const defaultYear = 2021

func (o *ruleOptions) bind(c *cobra.Command) {
	c.Flags().IntVar(&o.year, "year", defaultYear, "the grant year whose embedded rules apply ("+embeddedYears()+")")
	c.Flags().StringVar(&o.file, "rules", "", "a rule file to use instead of the embedded rules (a draft, or a what-if)")
	c.MarkFlagsMutuallyExclusive("year", "rules")
	c.Flags().StringArrayVar(&o.sets, "set", nil, "NAME=VALUE: change one rule value for this run, as cap=300000 or schemes.fastlonn.cap=260000 (repeatable)")
	c.Flags().IntVar(&o.grantYear, "grant-year", 0, "apply the rules to this grant year: amounts, shares and coverage as they are, dates moved to the same day of it")
	_ = c.RegisterFlagCompletionFunc("year", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var ys []string
		for _, y := range rules.Years() {
			ys = append(ys, strconv.Itoa(y))
		}
		return ys, cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.MarkFlagFilename("rules", "yaml", "yml")
}

func embeddedYears() string {
	var ys []string
	for _, y := range rules.Years() {
		ys = append(ys, strconv.Itoa(y))
	}
	return strings.Join(ys, ", ")
}

// load returns the chosen rules, moved to --grant-year and with the --set
// overrides applied.
func (o *ruleOptions) load() (*rules.Rules, error) {
	r, err := o.loadFile()
	if err != nil {
		return nil, err
	}
	if o.grantYear != 0 {
		if r, err = r.ForYear(o.grantYear); err != nil {
			return nil, usagef("", "--grant-year: %v", err)
		}
	}
	return applySets(r, o.sets)
}

// loadFile returns the embedded year or the rule file, as it is.
func (o *ruleOptions) loadFile() (*rules.Rules, error) {
	if o.file == "" {
		r, err := rules.Embedded(o.year)
		if err != nil {
			return nil, usagef("give --year "+embeddedYears()+", or a rule file with --rules FILE", "--year: %v", err)
		}
		return r, nil
	}
	st, err := os.Stat(o.file)
	if err != nil {
		return nil, &runError{err: fmt.Errorf("--rules: %v", err), hint: "give the path of a YAML rule file"}
	}
	if st.IsDir() {
		return nil, &runError{err: fmt.Errorf("--rules: %s is a folder, not a rule file", o.file)}
	}
	if st.Size() > rules.MaxFileSize {
		return nil, &runError{err: fmt.Errorf("--rules: %s is %d bytes; a rule file may be at most %d", o.file, st.Size(), rules.MaxFileSize)}
	}
	data, err := os.ReadFile(o.file)
	if err != nil {
		return nil, &runError{err: fmt.Errorf("--rules: %v", err)}
	}
	return rules.Load(o.file, data)
}
