package calc

import (
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// DivScale is the number of decimals kept where the decimal reference
// divides (an annual amount × months ÷ 12, or × days ÷ days in the
// period). It is far finer than needed for the rounding to the unit to come
// out as with exact fractions: such a fraction is a multiple of
// 1/(100 × 366 × 12 × 100) kr, so it is never within 10⁻¹² of a rounding
// boundary without being on it.
const DivScale = 12

// Engine computes grants under one set of rules. It is safe for concurrent
// use: it is never written after NewEngine.
type Engine struct {
	rules   *rules.Rules
	schemes map[*rules.Scheme]*schemeInfo
	index   map[*rules.Value]int    // each value's place, for Result.Assumed
	byPath  map[string]*rules.Value // the values by their paths (the first of a path), for Result and Explain
	// noScheme is the rule file's note on what covered a driftsform no
	// scheme covers (no_scheme.DRIFTSFORM).
	noScheme map[Driftsform]*rules.Value

	unitOre      int64
	unit         decimal.Decimal
	mode         roundingMode
	proration    string
	partialCount bool
	daysPeriod   int
	needsDF      bool // some scheme tells agreements apart by driftsform

	// Decided once, for every agreement: the scheme lookup of each grant
	// type, driftsform and role, and the values the conditions read.
	lookups       [len(grantTypes)][len(driftsforms)][len(roles)]lookup
	agency, train marked
	prorat, part  marked       // proration.method, proration.partial_month_counts
	signing       *rules.Value // signing.required, when true
	// marks are the marks of every other value, for use.
	marks map[*rules.Value]mark
}

// marked is a value the engine reads for every agreement, with the mark
// of resting on it made once; Value is nil where the rules do not give it.
type marked struct {
	*rules.Value
	m mark
}

// markedOf is v with the mark of resting on it and the values with it.
func (e *Engine) markedOf(v *rules.Value, with ...*rules.Value) marked {
	return marked{v, e.markOf(append([]*rules.Value{v}, with...)...)}
}

func (v *marked) apply(res *Result) { v.m.apply(res) }

// schemeInfo is what the engine decided about one scheme: its formula and
// the values of its conditions.
type schemeInfo struct {
	s      *rules.Scheme
	f      formula
	name   string
	vikar  marked // vikar.min_months (nil: none), marked with vikarQ
	vikarQ *rules.Value
	maxYrs marked
	dead   marked
	// reads: the FormulaInputs the scheme reads, its formula's and the
	// driftsform where the scheme is told apart by it.
	reads InputSet
	// classTable is centrality.table: the sentralitetsklasse not given is
	// the kommune's in it (nil: not looked up).
	classTable marked
}

// The vocabulary a lookup is indexed by; Validate admits nothing else.
var (
	grantTypes  = [...]GrantType{AlisAvtale, Veiledning}
	driftsforms = [...]Driftsform{"", Naering, Fastlonn}
	roles       = [...]Role{RoleFastlege, RoleVikar}
)

// lookup is a scheme lookup decided in advance.
type lookup struct {
	rules.Lookup
	info *schemeInfo // the scheme's, or the near scheme's
	m    mark        // the values it consulted
}

// mark is what resting on some values adds to a result: those among them
// that are assumed, and those that are unknown.
type mark struct{ assumed, unknown paramSet }

func (m *mark) apply(res *Result) {
	for i := range m.assumed {
		res.assumed[i] |= m.assumed[i]
		res.unknown[i] |= m.unknown[i]
	}
}

// markOf is the mark of resting on the values (nil ones are left out).
func (e *Engine) markOf(vs ...*rules.Value) mark {
	var m mark
	for _, v := range vs {
		if v == nil {
			continue
		}
		i, ok := e.index[v]
		if !ok {
			continue
		}
		switch v.Basis {
		case rules.Assumed:
			m.assumed.add(i)
		case rules.Unknown:
			m.unknown.add(i)
		}
	}
	return m
}

// prorationFraction is the part of the period an annual amount is paid
// for, by the proration method: months/12, days/days in the period, or the
// whole amount for any day (none).
func prorationFraction(method string, months, days, daysPeriod int) (num, den int) {
	switch method {
	case "whole_months":
		return months, 12
	case "days":
		return days, daysPeriod
	}
	return min(days, 1), 1
}

// formula is how one shape of rule computes the amounts of an eligible
// (or ineligible) agreement once the common checks are done. check refuses
// an agreement that lacks what the formula needs; compute fills a Result,
// and with an Explanation (nil on the batch path) says each step. The
// co-financed cap computes in integers without one and in decimals with
// one; a differential test holds its two paths to the same Result. The
// other formulas compute both through the same code.
type formula interface {
	check(a *Agreement) error
	// reads is the set of FormulaInputs the formula reads; the others an
	// agreement gives are Result.Ignored.
	reads() InputSet
	compute(a *Agreement, as assessment, res *Result, ex *Explanation) // as by value: it stays on the stack
}

// NewEngine prepares an engine for the rules.
func NewEngine(r *rules.Rules) (*Engine, error) {
	e := &Engine{rules: r, schemes: map[*rules.Scheme]*schemeInfo{}, index: map[*rules.Value]int{}}
	e.byPath = map[string]*rules.Value{}
	for i, v := range r.Params() {
		e.index[v] = i
		if _, ok := e.byPath[v.Path]; !ok {
			e.byPath[v.Path] = v
		}
	}
	if len(e.index) > maxParams {
		return nil, msg.Errorf("the rules have %d values; alis computes with rules of at most %d", len(e.index), maxParams)
	}
	e.unit = r.Get(rules.RoundingUnit).Decimal()
	u := e.unit.Shift(2)
	if !u.IsInteger() || u.Sign() <= 0 || u.GreaterThan(decimal.New(100_000, 0)) {
		return nil, msg.Errorf("rounding unit %s cannot be computed with", e.unit)
	}
	e.unitOre = u.IntPart()
	e.mode = roundingMode(r.Get(rules.RoundingMode).Text())
	if e.mode != halfUp && e.mode != downward {
		return nil, msg.Errorf("rounding mode %q is not known", e.mode)
	}
	e.proration = r.Get(rules.ProrationMethod).Text()
	if v := r.Get(rules.PartialMonthCounts); v != nil {
		e.partialCount = v.Bool()
	}
	e.daysPeriod = date.DaysInclusive(r.ValidFrom, r.ValidTo)
	e.noScheme = map[Driftsform]*rules.Value{}
	for _, df := range []Driftsform{Naering, Fastlonn} {
		if v := r.Get(rules.NoSchemeFor(string(df))); v != nil {
			e.noScheme[df] = v
		}
	}
	e.prorat, e.part = e.markedOf(r.Get(rules.ProrationMethod)), e.markedOf(r.Get(rules.PartialMonthCounts))
	e.agency, e.train = e.markedOf(r.Get(rules.StaffingAgencyExcluded)), e.markedOf(r.Get(rules.TrainingRequired))
	if v := r.Get(rules.SigningRequired); v != nil && v.Bool() {
		e.signing = v
	}
	e.needsDF = r.SplitsByDriftsform()
	for _, s := range r.Schemes {
		info := &schemeInfo{s: s, name: s.Name(), maxYrs: e.markedOf(s.Get(rules.MaxGrantYears)), dead: e.markedOf(s.Get(rules.Deadline)),
			classTable: e.markedOf(s.Get(rules.CentralityTable))}
		if v := s.Get(rules.VikarMinMonths); v != nil {
			info.vikarQ = s.Get(rules.VikarMinQualifies)
			info.vikar = e.markedOf(v, info.vikarQ)
		}
		var err error
		switch s.Formula {
		case rules.CofinancedCap:
			info.f, err = newCofinanced(e, s)
		case rules.SupervisionRate:
			info.f, err = newSupervisionRate(e, s)
		case rules.CategoryAmount:
			info.f, err = newCategoryAmount(e, s)
		case rules.Components:
			info.f, err = newComponents(e, s)
		default:
			err = msg.Errorf("the formula %s is not computed by this alis", s.Formula)
		}
		if err != nil {
			return nil, msg.Errorf("scheme %s: %w", s.ID, err)
		}
		info.reads = info.f.reads()
		if e.signing != nil && r.Get(rules.BackdateIfDatedAfter) != nil {
			info.reads |= inAgreementDated // every formula of these rules reads it
		}
		if s.SplitsByDriftsform() {
			info.reads |= inDriftsform
		}
		e.schemes[s] = info
	}
	for gi, gt := range grantTypes {
		for di, df := range driftsforms {
			for ri, role := range roles {
				l := r.SchemeFor(string(gt), string(df), string(role))
				lk := lookup{Lookup: l, m: e.markOf(l.Consulted...)}
				if s := l.Scheme; s != nil {
					lk.info = e.schemes[s]
				} else if l.Near != nil {
					lk.info = e.schemes[l.Near]
				}
				e.lookups[gi][di][ri] = lk
			}
		}
	}
	e.marks = map[*rules.Value]mark{}
	for _, v := range r.Params() {
		e.marks[v] = e.markOf(v)
	}
	return e, nil
}

// Rules returns the rules the engine computes with.
func (e *Engine) Rules() *rules.Rules { return e.rules }

// Computable reports, without computing, whether the agreement has what the
// formula of its scheme needs to be computed at all under these rules: the
// employment periods of a formula that pays per employment period. Compute
// says why, where it has not.
func (e *Engine) Computable(a *Agreement) bool {
	look := e.lookupFor(a.grantType(), a.Driftsform, a.role())
	return look.info == nil || look.info.reads&inPercent == 0 || len(a.Employment) > 0
}

// Reads is the set of FormulaInputs that some scheme of the rules reads;
// an input outside it changes no result under these rules.
func (e *Engine) Reads() InputSet {
	var s InputSet
	for _, info := range e.schemes {
		s |= info.reads
	}
	return s
}

// assessment is what every formula starts from: the scheme, and the part
// of the agreement within the period, with its proration.
type assessment struct {
	// class is the sentralitetsklasse computed with: the agreement's, or
	// where it gives none its kommune's in the table the rules name (0:
	// neither).
	class   int
	info    *schemeInfo
	formula formula
	from    date.Date // the agreement's first day within the period (zero: none)
	to      date.Date
	num     int // proration: months, days, or 1
	den     int // 12, days in the period, or 1
}

// Compute computes the eligibility and the grant of an agreement.
func (e *Engine) Compute(a *Agreement) (Result, error) {
	var res Result
	err := e.ComputeInto(a, &res)
	return res, err
}

// ComputeInto is Compute into res, reusing its memory: for batches, where
// it allocates nothing once res has grown. It computes exactly as Explain
// does, with integer arithmetic on øre and exact fractions where Explain
// uses decimals.
func (e *Engine) ComputeInto(a *Agreement, res *Result) error {
	as, err := e.assess(a, res)
	if err != nil {
		return err
	}
	if as.formula != nil {
		as.formula.compute(a, as, res, nil)
	} else if c, ok := a.Cost.Get(); ok {
		res.Cost = Some(c)
	}
	e.settle(res)
	return nil
}

// Explain computes like Compute, in decimal arithmetic, and says every
// step with the rule values (and so the sources) that decided it.
func (e *Engine) Explain(a *Agreement) (Explanation, error) {
	ex := Explanation{}
	as, err := e.assess(a, &ex.Result)
	if err != nil {
		return ex, err
	}
	ex.steps(e, a, &as)
	if as.formula == nil {
		if c, ok := a.Cost.Get(); ok {
			ex.Cost = Some(c)
		}
	}
	if as.formula != nil {
		as.formula.compute(a, as, &ex.Result, &ex)
	}
	e.settle(&ex.Result)
	if k, ok := ex.KommuneShare.Get(); ok {
		ex.add(&KommuneShareStep{Cost: ex.Cost.Or(0), Share: k})
	}
	return ex, nil
}

// settle makes an ineligible agreement's grant 0, and sets the kommune's
// share of known costs.
func (e *Engine) settle(res *Result) {
	if !res.Eligible {
		// Not eligible, the grant needs no value: none is unknown.
		res.Grant = Some(Money(0))
		res.LimitedBy = ""
		res.unknown = paramSet{}
		res.Missing = 0
	}
	res.GrantBasis = basisOf(res.Grant.Ok(), res.Missing)
	cost, hasCost := res.Cost.Get()
	grant, known := res.Grant.Get()
	if hasCost && known {
		res.KommuneShare = Some(cost - grant)
	}
}

// use notes that the result rests on a value. The hot path applies marks
// decided in NewEngine instead.
func (e *Engine) use(res *Result, v *rules.Value) {
	if v == nil {
		return
	}
	if m, ok := e.marks[v]; ok {
		m.apply(res)
	}
}

// lookupFor is the scheme lookup for an agreement that Validate accepted.
func (e *Engine) lookupFor(gt GrantType, df Driftsform, role Role) *lookup {
	gi, di, ri := 0, 0, 0
	if gt == Veiledning {
		gi = 1
	}
	switch df {
	case Naering:
		di = 1
	case Fastlonn:
		di = 2
	}
	if role == RoleVikar {
		ri = 1
	}
	return &e.lookups[gi][di][ri]
}

// assess does what every formula shares: it finds the scheme, the part of
// the agreement within the period, and the reasons the agreement is not
// eligible.
func (e *Engine) assess(a *Agreement, res *Result) (assessment, error) {
	*res = Result{Reasons: res.Reasons[:0], Lines: res.Lines[:0], Components: res.Components[:0]}
	if err := a.Validate(); err != nil {
		return assessment{}, err
	}
	r := e.rules
	gt, role := a.grantType(), a.role()
	if e.needsDF && a.Driftsform == "" && gt == AlisAvtale {
		return assessment{}, InputErrorf(FieldDriftsform, "missing: the rules of %s tell the schemes apart by driftsform: give naering (næring) or fastlonn (fastlønn)", r.Period)
	}
	res.rules, res.paths = r, e.byPath
	res.ID, res.Kommune, res.Period = a.ID, a.Kommune, r.Period
	res.GrantType, res.Driftsform, res.Role = gt, a.Driftsform, role
	res.Proration = e.proration
	why := func(rs Reason) { res.Reasons = append(res.Reasons, rs) }

	as := assessment{class: a.CentralityClass, den: 1}
	look := e.lookupFor(gt, a.Driftsform, role)
	look.m.apply(res)
	switch {
	case look.Scheme != nil:
	case look.Near != nil:
		why(Reason{Code: RoleNotCovered, Param: "schemes." + look.Near.ID + "." + rules.SchemeRoles.Name(), Period: r.Period, Role: role, Scheme: look.Near.ID})
	default:
		rs := Reason{Code: NoScheme, Param: "schemes", Period: r.Period, Driftsform: a.Driftsform, GrantType: gt}
		if a.Driftsform != "" && gt == AlisAvtale {
			if v := e.noScheme[a.Driftsform]; v != nil {
				rs.Param, rs.Else = v.Path, v
			}
		}
		why(rs)
	}
	if info := look.info; info != nil {
		if err := info.f.check(a); err != nil {
			return assessment{}, err
		}
		as.info, as.formula = info, info.f
		g := given(a)
		if info.classTable.Value != nil && a.Kommune != "" {
			if err := e.classFromTable(a, res, info, &as); err != nil {
				return assessment{}, err
			}
			if res.ClassFromTable {
				g |= inCentralityClass
			}
		}
		res.Ignored, res.read = g&^info.reads, g&info.reads
		res.HasScheme = true
		res.Scheme, res.SchemeName, res.Formula = info.s.ID, info.name, info.s.Formula
	}

	// The part of the agreement within the period, from its signing where
	// the rules say there is no grant for time before it.
	start, end := a.Span()
	from, to := date.Max(start, r.ValidFrom), r.ValidTo
	if !end.IsZero() {
		to = date.Min(end, r.ValidTo)
	}
	unsigned := from
	if req := e.signing; req != nil && !a.Signed.IsZero() {
		e.use(res, req)
		from = date.Max(from, e.signingStart(a, res))
	}
	if to.Before(from) {
		if !to.Before(unsigned) {
			// Days in the period, all before the agreement was signed.
			why(Reason{Code: SignedAfterPeriod, Param: rules.SigningRequired.Name(), Period: r.Period, Need: a.Signed, To: to})
		} else {
			why(Reason{Code: NoDaysInYear, Param: "valid_from", Period: r.Period, From: start, To: end})
		}
	} else {
		as.from, as.to = from, to
		res.PeriodStart, res.PeriodEnd = from, to
		res.Days = date.DaysInclusive(from, to)
		full, partial := wholeMonths(from, to)
		res.Months = full
		if e.proration == "whole_months" && partial {
			if as.info != nil {
				e.part.apply(res)
			}
			if e.partialCount {
				res.Months++
			}
		}
	}
	if as.info != nil {
		e.prorat.apply(res)
	}
	as.num, as.den = prorationFraction(e.proration, res.Months, res.Days, e.daysPeriod)
	e.conditions(a, role, res, as.info)
	res.Eligible = len(res.Reasons) == 0
	return as, nil
}
