package batch

import (
	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules"
)

// Counts are the counts and sums of one group of rows. The three kinds of
// figure are kept apart: Grant sums the exact grants only, UpTo the
// maxima, and Unknown counts the grants with no figure.
type Counts struct {
	Agreements, Eligible, NotEligible, Rejected int
	// Maxima: eligible rows whose grant is a maximum (an input not given,
	// taken at its largest); UpTo is their sum, which Grant leaves out.
	Maxima int
	UpTo   calc.Money
	// Unknown: eligible rows whose grant is unknown; in no sum.
	// UnknownNeeds are the inputs those rows lack, UnknownValues whether
	// some rest on rule values no source gives: what would complete them.
	Unknown       int
	UnknownNeeds  calc.InputSet
	UnknownValues bool
	// Grant is the sum of the exact grants (an ineligible row's 0 among them).
	Grant        calc.Money
	KommuneShare calc.Money
}

func (t *Counts) add(u *Counts) {
	t.Agreements += u.Agreements
	t.Eligible += u.Eligible
	t.NotEligible += u.NotEligible
	t.Rejected += u.Rejected
	t.Maxima += u.Maxima
	t.UpTo += u.UpTo
	t.Unknown += u.Unknown
	t.UnknownNeeds |= u.UnknownNeeds
	t.UnknownValues = t.UnknownValues || u.UnknownValues
	t.Grant += u.Grant
	t.KommuneShare += u.KommuneShare
}

// Summary is a batch's totals per scheme under one rule set: the rule
// file's schemes in order, then rows no scheme covers, then rejected rows
// whose scheme is unknown.
type Summary struct {
	Rules *rules.Rules
	Alloc *allocPlan // with --allocate
	// AllocBase is where the rules' schemes begin among the allocation's
	// groups (by period, every period's schemes are groups of their own).
	AllocBase int
	Recorded  map[string]Recorded // by scheme id, for the rules' period
	IDs       []string
	Groups    []Counts
	NoScheme  int // the group of rows no scheme covers
	Unknown   int // the group of rejected rows whose scheme is unknown
	Total     Counts
	// NotComputed counts, by period, the agreements that have days in the
	// period but cannot be computed under its rules (their rows say why).
	NotComputed int
}

// Recorded is what Helsedirektoratet recorded for a scheme in a year.
type Recorded struct {
	PayoutMill int64 // paid out, whole millions of kroner; -1 when not recorded
	Granted    calc.Money
	Grants     int
	HasGranted bool
}

// NewSummary prepares the totals for a rule set.
func NewSummary(r *rules.Rules) *Summary {
	s := &Summary{Rules: r, Recorded: map[string]Recorded{}}
	if h, err := rules.LoadHistory(); err == nil {
		year := r.ValidTo.Year()
		for _, sc := range h.Payouts.Schemes {
			if v, ok := sc.Years[year]; ok {
				s.Recorded[sc.ID] = Recorded{PayoutMill: v}
			}
		}
		for _, e := range h.Granted.Entries {
			if e.Year == year {
				rec, ok := s.Recorded[e.Scheme]
				if !ok {
					rec.PayoutMill = -1
				}
				rec.Granted, rec.Grants, rec.HasGranted = calc.Kroner(e.Amount), e.Grants, true
				s.Recorded[e.Scheme] = rec
			}
		}
	}
	for _, sc := range r.Schemes {
		s.IDs = append(s.IDs, sc.ID)
	}
	s.NoScheme = len(s.IDs)
	s.Unknown = len(s.IDs) + 1
	s.Groups = make([]Counts, len(s.IDs)+2)
	return s
}

// Index is the group of a scheme id ("" for no scheme).
func (s *Summary) Index(id string) int {
	for i, x := range s.IDs {
		if x == id {
			return i
		}
	}
	return s.NoScheme
}

func (s *Summary) add(p *partialSum) {
	s.NotComputed += p.notComputed
	for i := range p.groups {
		s.Groups[i].add(&p.groups[i])
		s.Total.add(&p.groups[i])
	}
}

// Group is one line of a summary, ready to print.
type Group struct {
	ID, Name  string // "-" for rows no scheme covers, "?" for rejected rows of no known scheme
	Short     string // the scheme's short name, for narrow places (charts)
	Counts    Counts
	Budget    calc.Money
	HasBudget bool
	// BudgetUnknown: the scheme's budget is a value no source gives.
	BudgetUnknown bool
	// OwnBudget: the budget was set for this run (--set), as a kommune's
	// own, not the national one of the rule file.
	OwnBudget  bool
	Allocation *Allocated
	Recorded   *Recorded
}

// Allocated is what --allocate did to one scheme.
type Allocated struct {
	Total     calc.Money
	Factor    string // six decimals
	Reduced   bool
	HasBudget bool
}

// Rows lists the groups to show: every scheme of the rules, and the other
// groups when they have rows.
func (s *Summary) Rows() []Group {
	var out []Group
	for i, sc := range s.Rules.Schemes {
		g := Group{ID: sc.ID, Name: sc.Name(), Short: sc.ShortName(), Counts: s.Groups[i]}
		if b := sc.Get(rules.Budget); b != nil {
			if b.Known() {
				g.Budget, g.HasBudget, g.OwnBudget = calc.MoneyFromDecimal(b.Decimal()), true, b.SetForRun()
			} else {
				g.BudgetUnknown = true
			}
		}
		if s.Alloc != nil {
			a := s.Alloc.groups[s.AllocBase+i]
			g.Allocation = &Allocated{Total: a.total, Factor: a.factor.StringFixed(6), Reduced: a.reduced, HasBudget: a.hasBudget}
		}
		if rec, ok := s.Recorded[sc.ID]; ok {
			g.Recorded = &rec
		}
		out = append(out, g)
	}
	if c := s.Groups[s.NoScheme]; c.Agreements > 0 {
		out = append(out, Group{ID: "-", Counts: c})
	}
	if c := s.Groups[s.Unknown]; c.Agreements > 0 {
		out = append(out, Group{ID: "?", Counts: c})
	}
	return out
}

// partialSum is a job's share of a summary, merged by the writer in order.
type partialSum struct {
	s           *Summary
	groups      []Counts
	notComputed int
}

func newPartial(s *Summary) partialSum {
	return partialSum{s: s, groups: make([]Counts, len(s.Groups))}
}

func (p *partialSum) reset() {
	p.notComputed = 0
	for i := range p.groups {
		p.groups[i] = Counts{}
	}
}

func (p *partialSum) addResult(res *calc.Result) {
	g := &p.groups[p.s.Index(res.Scheme)]
	g.Agreements++
	if res.Eligible {
		g.Eligible++
	} else {
		g.NotEligible++
	}
	grant, _ := res.Grant.Get()
	switch res.GrantBasis {
	case calc.BasisExact:
		g.Grant += grant
	case calc.BasisMaximum:
		g.Maxima++
		g.UpTo += grant
	default:
		g.Unknown++
		g.UnknownNeeds |= res.Missing
		g.UnknownValues = g.UnknownValues || res.RestsOnUnknown()
	}
	g.KommuneShare += res.KommuneShare.Or(0)
}

func (p *partialSum) addRejected(group int) {
	if group < 0 {
		group = p.s.Unknown
	}
	p.groups[group].Agreements++
	p.groups[group].Rejected++
}
