package calc

import (
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// components is the formula of Nasjonal ALIS og veiledning from 2025/26:
// the grant is a sum of elements, each capped by an annual maximum
// prorated like the whole grant (stillingsprosent × whole months / 12 per
// employment period) and by what the kommune spent or applied for:
//
//	practice_compensation  hourly rate × share × max hours; for the positions the rules name
//	learning_activities    a maximum
//	productivity           a maximum, over the employment periods of the positions the rules
//	                       name that fall within window_months of the doctor's first day as
//	                       fastlege or vikar
//	supervision            hourly rate × rate factor × max hours; claimed as hours × that rate,
//	                       or as expenses
//	facilitation           a share of the four above, after their caps
//	centrality_supplement  a maximum, in the sentralitetsklasse the rules name
//
// An element with nothing claimed counts at its cap (the largest grant).
// A grant for veiledning only pays the elements the rules list. The sum is
// rounded once.
type components struct {
	e         *Engine
	s         *rules.Scheme
	positions *rules.Value
	class     *rules.Value
	rate      *rules.Value
	pcShare   *rules.Value
	pcHours   *rules.Value
	pcPos     *rules.Value
	learnMax  *rules.Value
	prodMax   *rules.Value
	prodWin   *rules.Value
	prodPos   *rules.Value
	supFactor *rules.Value
	supHours  *rules.Value
	facShare  *rules.Value
	centMax   *rules.Value
	veilPays  *rules.Value
}

func newComponents(e *Engine, s *rules.Scheme) (*components, error) {
	if e.proration != "whole_months" {
		return nil, msg.Errorf("the formula %s prorates by whole months: proration.method must be whole_months, not %s", s.Formula, e.proration)
	}
	v := s.Get
	return &components{e: e, s: s, positions: v(rules.SchemePositions), class: v(rules.CentralityClass), rate: v(rules.HourlyRate),
		pcShare: v(rules.PracticeCompensationShare), pcHours: v(rules.PracticeCompensationMaxHours), pcPos: v(rules.PracticeCompensationPositions),
		learnMax: v(rules.LearningActivitiesMax), prodMax: v(rules.ProductivityMax), prodWin: v(rules.ProductivityWindowMonths),
		prodPos: v(rules.ProductivityPositions), supFactor: v(rules.SupervisionRateFactor), supHours: v(rules.SupervisionMaxHours),
		facShare: v(rules.FacilitationShare), centMax: v(rules.CentralityMax), veilPays: v(rules.VeiledningComponents)}, nil
}

func (f *components) check(a *Agreement) error { return needEmployment(f.e.rules, a) }

func (f *components) reads() InputSet {
	return inPercent | inCentralityClass | inFirstFastlegeDate | inAbsenceCompensation | inLearningExpenses |
		inProductivityRequested | inSupervisionHours | inSupervisionExpenses | inCentralityRequested
}

// pays says whether the agreement's grant type pays an element.
func (f *components) pays(a *Agreement, name string) bool {
	return a.grantType() == AlisAvtale || f.veilPays.Has(name)
}

// element is one element being computed, in numerators over 1200 (see
// twelveHundred).
type element struct {
	name     string
	annual   decimal.Decimal // the annual maximum at 100 %
	annualOK bool            // false: it rests on a value no source gives
	weight   decimal.Decimal // Σ stillingsprosent × months of the periods it is paid for
	claimed  Optional[Money] // what the kommune spent or applied for, as given
	claimNum decimal.Decimal // the same, exact, × 1200
	hasClaim bool
	claimIn  InputSet // the input that gives the claim
	// missing: inputs not given that the element is computed without;
	// unknownInput: one of them has no largest value, so the element has
	// no figure.
	missing      InputSet
	unknownInput bool
	note         ComponentNote
	params       []*rules.Value

	capNum, num decimal.Decimal
	known       bool
}

// settle computes an element's cap and amount.
func (f *components) settle(a *Agreement, el *element, res *Result) {
	if !f.pays(a, el.name) {
		el.note, el.weight = NoteNotPaid, decimal.Zero
	}
	if el.weight.IsZero() || el.hasClaim && el.claimNum.IsZero() {
		// Nothing to pay, or nothing claimed: 0, whatever was not given.
		el.known, el.missing, el.unknownInput = true, 0, false
		if el.note == NoteClassNotGiven || el.note == NoteWindowNotKnown {
			el.note = ""
		}
		return
	}
	for _, v := range el.params {
		f.e.use(res, v)
	}
	if !el.annualOK || el.unknownInput {
		return
	}
	el.known = true
	el.capNum = el.annual.Mul(el.weight)
	el.num = el.capNum
	if !el.hasClaim {
		if el.note == "" {
			el.note = NoteUpTo
		}
		el.missing |= el.claimIn
	} else if el.claimNum.LessThan(el.capNum) {
		el.num = el.claimNum
	}
}

func claim(m Optional[Money]) (decimal.Decimal, bool) {
	if v, ok := m.Get(); ok {
		return v.Decimal().Mul(twelveHundred), true
	}
	return decimal.Zero, false
}

func (f *components) compute(a *Agreement, as assessment, res *Result, ex *Explanation) {
	e := f.e
	var buf [4]line
	lines := employmentLines(e, a, as, f.positions, buf[:0])
	e.use(res, f.positions)
	res.CentralityClass = as.class
	covered := f.addLines(lines, res, ex)
	all := weightOf(lines, func(*line) bool { return true })
	rate, rateOK := f.rate.Decimal(), f.rate.Known()
	supRate := rate.Mul(f.supFactor.Decimal())

	var els [6]element
	f.practiceCompensation(&els[0], a, lines, all, rate, rateOK)
	// læringsaktiviteter
	els[1] = element{name: LearningActivities, annual: f.learnMax.Decimal(), annualOK: true, weight: all, claimed: a.LearningExpenses,
		claimIn: inLearningExpenses, params: []*rules.Value{f.learnMax}}
	els[1].claimNum, els[1].hasClaim = claim(a.LearningExpenses)
	f.productivity(&els[2], a, lines)
	f.supervision(&els[3], a, all, supRate, rateOK)
	known := true
	sum4 := decimal.Zero
	var missing4 InputSet
	for i := 0; i < 4; i++ {
		f.settle(a, &els[i], res)
		missing4 |= els[i].missing
		if els[i].known {
			sum4 = sum4.Add(els[i].num)
		} else {
			known = false
		}
	}
	f.facilitation(&els[4], a, res, known, sum4, missing4)
	f.centrality(&els[5], a, as, all, res)

	total := decimal.Zero
	for i := range els {
		el := &els[i]
		res.Missing |= el.missing
		c := Component{Name: el.name, Claimed: el.claimed, Note: el.note, Basis: basisOf(el.known, el.missing), Missing: el.missing}
		if el.known {
			c.Cap, c.Amount, c.Exact = Some(display(el.capNum)), Some(display(el.num)), Some(exactText(el.num))
			total = total.Add(el.num)
		} else {
			known = false
		}
		res.Components = append(res.Components, c)
		if ex != nil {
			ex.add(f.componentStep(a, el, supRate))
		}
	}
	if !covered && res.Eligible {
		res.Reasons = append(res.Reasons, Reason{Code: PositionNotCovered, Param: f.positions.Path, Period: e.rules.Period, Scheme: f.s.ID})
		res.Eligible = false
	}
	e.finish(res, total, known, ex)
}

// addLines adds the employment periods to the result (and the
// explanation), and says whether the scheme covers any of them.
func (f *components) addLines(lines []line, res *Result, ex *Explanation) bool {
	covered := false
	for i := range lines {
		l := &lines[i]
		covered = covered || l.covered
		res.Lines = append(res.Lines, Line{Position: l.e.Position, Percent: l.e.Percent.String(), From: l.from, To: l.to, Months: l.months, Covered: l.covered})
		if ex != nil {
			ex.add(&LineStep{Position: l.e.Position, Percent: l.e.Percent, From: l.from, To: l.to, Months: l.months, Covered: l.covered,
				Sources: Sources{f.positions}})
		}
	}
	return covered
}

// weightOf is the weight of the covered periods ok accepts: Σ
// stillingsprosent × months.
func weightOf(lines []line, ok func(*line) bool) decimal.Decimal {
	w := decimal.Zero
	for i := range lines {
		if lines[i].covered && ok(&lines[i]) {
			w = w.Add(lines[i].weight)
		}
	}
	return w
}

// practiceCompensation is praksiskompensasjon, for the positions the
// rules name.
func (f *components) practiceCompensation(pc *element, a *Agreement, lines []line, all, rate decimal.Decimal, rateOK bool) {
	*pc = element{name: PracticeCompensation, annual: rate.Mul(f.pcShare.Decimal()).Mul(f.pcHours.Decimal()), annualOK: rateOK,
		weight: weightOf(lines, func(l *line) bool { return f.pcPos.Has(string(l.e.Position)) }), claimed: a.AbsenceCompensation,
		claimIn: inAbsenceCompensation, params: []*rules.Value{f.rate, f.pcShare, f.pcHours, f.pcPos}}
	pc.claimNum, pc.hasClaim = claim(a.AbsenceCompensation)
	if pc.weight.IsZero() && !all.IsZero() {
		pc.note = NoteNoPosition
	}
}

// productivity is lavere produktivitet, within the window after the
// first day as fastlege or vikar, for the positions the rules name.
func (f *components) productivity(pr *element, a *Agreement, lines []line) {
	*pr = element{name: Productivity, annual: f.prodMax.Decimal(), annualOK: true, weight: decimal.Zero, claimed: a.ProductivityRequested,
		claimIn: inProductivityRequested, params: []*rules.Value{f.prodMax, f.prodWin, f.prodPos}}
	pr.claimNum, pr.hasClaim = claim(a.ProductivityRequested)
	pr.note = NoteNoPosition
	if a.FirstFastlegeDate.IsZero() {
		// Without the first day, every period of the positions it is paid
		// for may fall within the window: the largest grant.
		pr.weight = weightOf(lines, func(l *line) bool { return f.prodPos.Has(string(l.e.Position)) })
		if !pr.weight.IsZero() {
			pr.note, pr.missing = NoteWindowNotKnown, inFirstFastlegeDate
		}
		return
	}
	wFrom := a.FirstFastlegeDate
	wTo := wFrom.AddMonths(f.prodWin.Int()).AddDays(-1)
	for i := range lines {
		l := &lines[i]
		if !l.covered || !f.prodPos.Has(string(l.e.Position)) {
			continue
		}
		if pr.note == NoteNoPosition {
			pr.note = NoteOutsideWindow
		}
		if l.from.IsZero() {
			continue
		}
		from, to := date.Max(l.from, wFrom), date.Min(l.to, wTo)
		if to.Before(from) {
			continue
		}
		pr.weight = pr.weight.Add(l.e.Percent.Mul(decimal.New(int64(f.e.months(from, to)), 0)))
	}
	if !pr.weight.IsZero() {
		pr.note = ""
	}
}

// supervision is veiledning: hours × the supervision rate, or expenses.
func (f *components) supervision(sv *element, a *Agreement, all, supRate decimal.Decimal, rateOK bool) {
	*sv = element{name: Supervision, annual: supRate.Mul(f.supHours.Decimal()), annualOK: rateOK, weight: all,
		claimIn: inSupervisionHours, params: []*rules.Value{f.rate, f.supFactor, f.supHours}}
	if h, ok := a.SupervisionHours.Get(); ok {
		sv.hasClaim = true
		sv.claimNum = h.Mul(supRate).Mul(twelveHundred)
		if rateOK {
			sv.claimed = Some(MoneyFromDecimal(h.Mul(supRate)))
		}
		return
	}
	sv.claimed = a.SupervisionExpenses
	sv.claimNum, sv.hasClaim = claim(a.SupervisionExpenses)
}

// facilitation is tilrettelegging: a share of the four elements before
// it, after their caps (sum4; known and missing4 say theirs).
func (f *components) facilitation(fc *element, a *Agreement, res *Result, known bool, sum4 decimal.Decimal, missing4 InputSet) {
	*fc = element{name: Facilitation, params: []*rules.Value{f.facShare}, known: true}
	if !f.pays(a, Facilitation) {
		fc.note = NoteNotPaid
		return
	}
	f.e.use(res, f.facShare)
	fc.known, fc.missing = known, missing4
	fc.num = sum4.Mul(f.facShare.Decimal())
	fc.capNum = fc.num
}

// centrality is sentralitetstillegg, in the sentralitetsklasse the rules
// name.
func (f *components) centrality(ct *element, a *Agreement, as assessment, all decimal.Decimal, res *Result) {
	*ct = element{name: CentralitySupplement, annual: f.centMax.Decimal(), annualOK: true, weight: all, claimed: a.CentralityRequested,
		claimIn: inCentralityRequested, params: []*rules.Value{f.centMax, f.class}}
	ct.claimNum, ct.hasClaim = claim(a.CentralityRequested)
	switch as.class {
	case 0:
		// Not given is not "not in the class": the supplement is not
		// known, unless none was applied for (settle).
		ct.note, ct.missing, ct.unknownInput = NoteClassNotGiven, inCentralityClass, true
	case f.class.Int():
	default:
		ct.note, ct.weight = NoteNotCentral, decimal.Zero
	}
	if as.class != 0 {
		f.e.use(res, f.class)
	}
	f.settle(a, ct, res)
}

// componentStep is the explanation's step of an element.
func (f *components) componentStep(a *Agreement, el *element, supRate decimal.Decimal) *ComponentStep {
	st := &ComponentStep{Component: el.name, Note: el.note, Share: el.weight.DivRound(twelveHundred, DivScale),
		Claimed: el.claimed, Known: el.known, Missing: el.missing, Sources: el.params}
	if el.annualOK {
		st.Annual = Some(MoneyFromDecimal(el.annual))
		st.Cap = el.capNum.DivRound(twelveHundred, DivScale)
	}
	if el.known {
		st.Amount = el.num.DivRound(twelveHundred, DivScale)
	}
	if el.name == Supervision {
		st.Hours, st.Rate = a.SupervisionHours.Or(decimal.Zero), supRate
	}
	return st
}
