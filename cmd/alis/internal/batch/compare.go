package batch

import (
	"github.com/alis-tilskudd/alis/calc"
)

// CompareSum counts, per scheme, the agreements whose eligibility or grant
// changed between the first and the last rule set of a comparison. A row
// belongs to its scheme under the last rule set, or under the first when
// the last has none for it.
type CompareSum struct {
	IDs     []string // the schemes of every rule set, then "-" for none
	Gained  []int    // not eligible under the first, eligible under the last
	Lost    []int    // eligible under the first, not under the last
	Changed []int    // rows whose grant differs
	// Failed counts, per rule set, the agreements it could not compute
	// (a formula that needs an input the row does not give).
	Failed []int
}

func newCompareSum(sets []RuleSet) *CompareSum {
	c := &CompareSum{}
	seen := map[string]bool{}
	for _, set := range sets {
		for _, s := range set.Rules.Schemes {
			if !seen[s.ID] {
				seen[s.ID] = true
				c.IDs = append(c.IDs, s.ID)
			}
		}
	}
	c.IDs = append(c.IDs, "-")
	c.Failed = make([]int, len(sets))
	e := c.empty()
	c.Gained, c.Lost, c.Changed = e.Gained, e.Lost, e.Changed
	return c
}

func (c *CompareSum) empty() CompareSum {
	n := len(c.IDs)
	return CompareSum{IDs: c.IDs, Gained: make([]int, n), Lost: make([]int, n), Changed: make([]int, n), Failed: make([]int, len(c.Failed))}
}

func (c *CompareSum) reset() {
	for i := range c.Gained {
		c.Gained[i], c.Lost[i], c.Changed[i] = 0, 0, 0
	}
	for i := range c.Failed {
		c.Failed[i] = 0
	}
}

func (c *CompareSum) add(p *CompareSum) {
	for i := range p.Gained {
		c.Gained[i] += p.Gained[i]
		c.Lost[i] += p.Lost[i]
		c.Changed[i] += p.Changed[i]
	}
	for i := range p.Failed {
		c.Failed[i] += p.Failed[i]
	}
}

// Group is the place of a scheme id among IDs ("-" for none).
func (c *CompareSum) Group(id string) int {
	for i, x := range c.IDs {
		if x == id {
			return i
		}
	}
	return len(c.IDs) - 1
}

// addRow counts a row computed under every rule set; a row the first or
// the last could not compute (errs) is compared under neither.
func (c *CompareSum) addRow(res []calc.Result, errs []*Rejection) {
	for k, e := range errs {
		if e != nil {
			c.Failed[k]++
		}
	}
	if errs != nil && (errs[0] != nil || errs[len(errs)-1] != nil) {
		return
	}
	first, last := &res[0], &res[len(res)-1]
	id := last.Scheme
	if id == "" {
		id = first.Scheme
	}
	g := c.Group(id)
	switch {
	case !first.Eligible && last.Eligible:
		c.Gained[g]++
	case first.Eligible && !last.Eligible:
		c.Lost[g]++
	}
	if first.Grant != last.Grant {
		c.Changed[g]++
	}
}
