package main

import (
	"math/big"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
)

// allocation is the result of reducing one scheme's grants to its budget.
type allocation struct {
	allocated []calc.Money // per grant, in the order given
	total     calc.Money   // the sum of allocated: the budget when reduced
	factor    decimal.Decimal
	reduced   bool // false when the grants fit the budget and are kept
}

// allocateProrata reduces grants whose total exceeds the budget, all by the
// same factor budget/total, so that they add up to the budget exactly: each
// grant becomes floor(grant × budget / total) in whole units, and the units
// left over go one each to the grants with the largest remainders (ties to
// the earlier grant). No grant grows. unit is the rounding unit in øre (100
// for whole kroner); the budget must be a whole number of units.
func allocateProrata(grants []calc.Money, budget, unit calc.Money) allocation {
	var total calc.Money
	for _, g := range grants {
		total += g
	}
	a := allocation{allocated: make([]calc.Money, len(grants)), factor: decimal.New(1, 0)}
	if total <= budget {
		copy(a.allocated, grants)
		a.total = total
		return a
	}
	a.reduced = true
	a.factor = decimal.New(int64(budget), 0).DivRound(decimal.New(int64(total), 0), 6)
	den := new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(int64(unit)))
	rems := make([]*big.Int, len(grants))
	var sum calc.Money
	for i, g := range grants {
		num := new(big.Int).Mul(big.NewInt(int64(g)), big.NewInt(int64(budget)))
		q, r := new(big.Int).QuoRem(num, den, new(big.Int))
		a.allocated[i] = calc.Money(q.Int64()) * unit
		rems[i] = r
		sum += a.allocated[i]
	}
	order := make([]int, len(grants))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return rems[order[x]].Cmp(rems[order[y]]) > 0 })
	for _, i := range order {
		if sum+unit > budget {
			break
		}
		if rems[i].Sign() == 0 || a.allocated[i]+unit > grants[i] {
			continue // nothing to round up, or it would raise the grant
		}
		a.allocated[i] += unit
		sum += unit
	}
	a.total = sum
	return a
}

// collectedGrant is one eligible row's grant, from the first pass.
type collectedGrant struct {
	row   int32
	group int16
	grant calc.Money
}

// allocGroup is what allocation did to one scheme.
type allocGroup struct {
	allocation
	hasBudget bool
}

// allocPlan holds every row's allocated grant for the second pass.
type allocPlan struct {
	values []calc.Money // per row; -1 until the row is written: its grant is kept
	groups map[int]allocGroup
}

// planAllocation allocates each scheme's budget over its eligible grants.
// Schemes without a known budget keep their grants.
func planAllocation(rows int, collected []collectedGrant, set ruleSet) (*allocPlan, error) {
	p := &allocPlan{values: make([]calc.Money, rows), groups: map[int]allocGroup{}}
	for i := range p.values {
		p.values[i] = -1
	}
	unit := calc.MoneyFromDecimal(set.rules.Rounding.Unit.Value)
	byGroup := map[int][]int{} // group -> indexes into collected
	for i, c := range collected {
		byGroup[int(c.group)] = append(byGroup[int(c.group)], i)
	}
	for gi, sc := range set.rules.Schemes {
		if sc.Budget == nil {
			p.groups[gi] = allocGroup{}
			continue
		}
		budget := calc.MoneyFromDecimal(sc.Budget.Value)
		u := unit
		if budget%u != 0 {
			u = 1 // a budget in øre is allocated in øre
		}
		grants := make([]calc.Money, len(byGroup[gi]))
		for k, ci := range byGroup[gi] {
			grants[k] = collected[ci].grant
		}
		a := allocateProrata(grants, budget, u)
		for k, ci := range byGroup[gi] {
			p.values[collected[ci].row] = a.allocated[k]
		}
		p.groups[gi] = allocGroup{allocation: allocation{total: a.total, factor: a.factor, reduced: a.reduced}, hasBudget: true}
	}
	return p, nil
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
		*v = res.Grant
	}
	return v
}
