package main

import "github.com/alis-tilskudd/alis/calc"

// compareSum counts, per scheme, the agreements whose eligibility changed
// between the first and the last rule set of a comparison. A row belongs to
// its scheme under the last rule set, or under the first when the last has
// none for it.
type compareSum struct {
	ids     []string // the schemes of every rule set, then "-" for none
	gained  []int    // not eligible under the first, eligible under the last
	lost    []int    // eligible under the first, not under the last
	changed []int    // rows whose grant differs
}

func newCompareSum(sets []ruleSet) *compareSum {
	c := &compareSum{}
	seen := map[string]bool{}
	for _, set := range sets {
		for _, s := range set.rules.Schemes {
			if !seen[s.ID] {
				seen[s.ID] = true
				c.ids = append(c.ids, s.ID)
			}
		}
	}
	c.ids = append(c.ids, "-")
	e := c.empty()
	c.gained, c.lost, c.changed = e.gained, e.lost, e.changed
	return c
}

func (c *compareSum) empty() compareSum {
	n := len(c.ids)
	return compareSum{ids: c.ids, gained: make([]int, n), lost: make([]int, n), changed: make([]int, n)}
}

func (c *compareSum) reset() {
	for i := range c.gained {
		c.gained[i], c.lost[i], c.changed[i] = 0, 0, 0
	}
}

func (c *compareSum) add(p *compareSum) {
	for i := range p.gained {
		c.gained[i] += p.gained[i]
		c.lost[i] += p.lost[i]
		c.changed[i] += p.changed[i]
	}
}

func (c *compareSum) group(id string) int {
	for i, x := range c.ids {
		if x == id {
			return i
		}
	}
	return len(c.ids) - 1
}

func (c *compareSum) addRow(res []calc.Result) {
	first, last := &res[0], &res[len(res)-1]
	id := last.Scheme
	if id == "" {
		id = first.Scheme
	}
	g := c.group(id)
	switch {
	case !first.Eligible && last.Eligible:
		c.gained[g]++
	case first.Eligible && !last.Eligible:
		c.lost[g]++
	}
	if first.Grant != last.Grant {
		c.changed[g]++
	}
}
