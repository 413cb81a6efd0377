package batch

import (
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/alloc"
	"github.com/alis-tilskudd/alis/rules"
)

// collectedGrant is one eligible row's grant, from the first pass.
type collectedGrant struct {
	row   int32
	group int16
	grant calc.Money
}

// allocGroup is what allocation did to one scheme.
type allocGroup struct {
	total     calc.Money
	factor    decimal.Decimal
	reduced   bool
	hasBudget bool
}

// allocPlan holds every row's allocated grant for the second pass.
type allocPlan struct {
	values []calc.Money // per row; -1 until the row is written: its grant is kept
	groups map[int]allocGroup
}

// planAllocation allocates each scheme's budget over its eligible grants.
// Schemes without a known budget keep their grants.
func planAllocation(rows int, collected []collectedGrant, r *rules.Rules) *allocPlan {
	p := &allocPlan{values: make([]calc.Money, rows), groups: map[int]allocGroup{}}
	for i := range p.values {
		p.values[i] = -1
	}
	unit := calc.MoneyFromDecimal(r.Value("rounding.unit").Decimal())
	byGroup := map[int][]int{} // group -> indexes into collected
	for i, c := range collected {
		byGroup[int(c.group)] = append(byGroup[int(c.group)], i)
	}
	for gi, sc := range r.Schemes {
		b := sc.Value("budget")
		if b == nil || !b.Known() {
			p.groups[gi] = allocGroup{factor: decimal.New(1, 0)}
			continue
		}
		budget := calc.MoneyFromDecimal(b.Decimal())
		u := unit
		if budget%u != 0 {
			u = 1 // a budget in øre is allocated in øre
		}
		grants := make([]calc.Money, len(byGroup[gi]))
		for k, ci := range byGroup[gi] {
			grants[k] = collected[ci].grant
		}
		a := alloc.Prorata(grants, budget, u)
		for k, ci := range byGroup[gi] {
			p.values[collected[ci].row] = a.Allocated[k]
		}
		p.groups[gi] = allocGroup{total: a.Total, factor: a.Factor, reduced: a.Reduced, hasBudget: true}
	}
	return p
}

// of returns the allocated grant of a row, or nil when not allocating. A
// row the plan did not reduce keeps its grant. Each row is written by one
// worker only, so the rows' values can be filled in as they are written.
func (p *allocPlan) of(row int, res *calc.Result) *calc.Money {
	if p == nil {
		return nil
	}
	v := &p.values[row]
	if *v < 0 {
		*v = res.Grant.Or(0)
	}
	return v
}
