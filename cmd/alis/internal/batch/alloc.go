package batch

import (
	"sort"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/alloc"
	"github.com/alis-tilskudd/alis/rules"
)

// collectedGrant is one eligible row's grant, from the first pass.
type collectedGrant struct {
	group int16
	grant calc.Money
}

// allocGroup is what allocation did to one scheme.
type allocGroup struct {
	total     calc.Money
	factor    decimal.Decimal
	reduced   bool
	hasBudget bool
	plan      *alloc.Plan // nil: the grants are kept
}

// grantStore holds a scheme's eligible grants in input order, for the
// plan to go over: four bytes a grant while they fit (eight after), in
// blocks, so that growing never copies them.
type grantStore struct {
	small [][]uint32
	wide  [][]calc.Money
	n     int
}

const storeBlock = 1 << 16

func (s *grantStore) add(g calc.Money) {
	s.n++
	if s.wide == nil && g >= 0 && g <= 1<<32-1 {
		if len(s.small) == 0 || len(s.small[len(s.small)-1]) == storeBlock {
			s.small = append(s.small, make([]uint32, 0, storeBlock))
		}
		last := &s.small[len(s.small)-1]
		*last = append(*last, uint32(g))
		return
	}
	if len(s.wide) == 0 || len(s.wide[len(s.wide)-1]) == storeBlock {
		s.wide = append(s.wide, make([]calc.Money, 0, storeBlock))
	}
	last := &s.wide[len(s.wide)-1]
	*last = append(*last, g)
}

// each goes over the grants in order: the small ones came first, since
// the first grant too wide for four bytes sends every later one to wide.
func (s *grantStore) each(yield func(calc.Money)) {
	for _, b := range s.small {
		for _, v := range b {
			yield(calc.Money(v))
		}
	}
	for _, b := range s.wide {
		for _, v := range b {
			yield(v)
		}
	}
}

// collector gathers the first pass: each scheme's grants, and where each
// job's grants start among them, so that the second pass can give a row
// its place among its scheme's grants without holding anything per row.
type collector struct {
	grants []grantStore
	jobs   []jobStart
}

type jobStart struct {
	base   int   // the job's first row
	before []int // per scheme: the grants of the jobs before
}

// take adds a job's grants, in order.
func (c *collector) take(base int, got []collectedGrant, groups int) {
	if c.grants == nil {
		c.grants = make([]grantStore, groups)
	}
	before := make([]int, groups)
	for g := range before {
		before[g] = c.grants[g].n
	}
	c.jobs = append(c.jobs, jobStart{base: base, before: before})
	for _, x := range got {
		c.grants[x.group].add(x.grant)
	}
}

// allocPlan is the allocation of each scheme's budget, for the second pass.
type allocPlan struct {
	groups map[int]allocGroup
	jobs   []jobStart
}

// planAllocation allocates each scheme's budget over its eligible grants,
// under each rule set on its own (by period, each period's schemes against
// their own budgets): the groups of set k are its schemes, from base[k].
// Schemes without a known budget keep their grants.
func planAllocation(c *collector, sets []RuleSet, base []int) *allocPlan {
	p := &allocPlan{groups: map[int]allocGroup{}, jobs: c.jobs}
	for k, set := range sets {
		r := set.Rules
		unit := calc.MoneyFromDecimal(r.Get(rules.RoundingUnit).Decimal())
		for si, sc := range r.Schemes {
			gi := base[k] + si
			b := sc.Get(rules.Budget)
			if b == nil || !b.Known() {
				p.groups[gi] = allocGroup{factor: decimal.New(1, 0)}
				continue
			}
			budget := calc.MoneyFromDecimal(b.Decimal())
			u := unit
			if budget%u != 0 {
				u = 1 // a budget in øre is allocated in øre
			}
			var store grantStore
			if gi < len(c.grants) {
				store = c.grants[gi]
			}
			pl := alloc.NewPlan(store.each, budget, u)
			p.groups[gi] = allocGroup{total: pl.Total, factor: pl.Factor, reduced: pl.Reduced, hasBudget: true, plan: pl}
		}
	}
	return p
}

// start gives a job of the second pass the places among their schemes'
// grants where its grants start.
func (p *allocPlan) start(base int, places []int) []int {
	if p == nil {
		return places[:0]
	}
	k := sort.Search(len(p.jobs), func(i int) bool { return p.jobs[i].base >= base })
	if k == len(p.jobs) || p.jobs[k].base != base {
		panic("allocation: a job of the second pass that the first did not have")
	}
	return append(places[:0], p.jobs[k].before...)
}

// of returns the allocated grant of a row, or nil when not allocating: an
// eligible grant its share of its scheme's budget, by its place among the
// scheme's grants (places counts them, per scheme, in the job), any other
// row its grant. The kommune pays the rest of the costs: the result's
// kommune share becomes cost − allocated grant.
func (p *allocPlan) of(res *calc.Result, group int, places []int, out *calc.Money) *calc.Money {
	if p == nil {
		return nil
	}
	*out = res.Grant.Or(0)
	if res.Eligible && *out > 0 {
		place := places[group]
		places[group]++
		if g := p.groups[group]; g.plan != nil {
			*out = g.plan.Allocate(*out, place)
		}
	}
	if cost, ok := res.Cost.Get(); ok && res.KommuneShare.Ok() {
		res.KommuneShare = calc.Some(cost - *out)
	}
	return out
}
