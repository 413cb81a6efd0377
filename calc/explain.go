package calc

import (
	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Explanation is a result with every step that led to it, each with the
// rule values (and so the sources) that decided it. It holds no words:
// package calc/text says it in bokmål or English (text.Result), each kind
// of step in a sentence of its own.
type Explanation struct {
	Result
	Steps []Step
}

// StepKind names a kind of step.
type StepKind string

const (
	// StepScheme: which scheme covers the agreement (Scheme; Reason when none does).
	StepScheme StepKind = "scheme"
	// StepPeriod: the part of the agreement within the period: From–To of
	// the agreement, PeriodStart–PeriodEnd within the period, Months and
	// Days; Flag when a started month counts. Reason when it has no day.
	StepPeriod StepKind = "period"
	// StepCondition: a condition the agreement fails (Reason), or, for a
	// vikar, the vikariat's length (From–To, Need, N, Flag; Reason if short).
	StepCondition StepKind = "condition"
	// StepCap: the cap (Amount), × Num/Den = Exact.
	StepCap StepKind = "cap"
	// StepCofinancing: the costs (Amount) × (1 − the share, Share) = Exact.
	StepCofinancing StepKind = "cofinancing"
	// StepRounding: each limit rounded once to Unit: the cap (Exact, Mode)
	// to Money, the co-financing limit (Exact2, Mode2) to Money2; the grant
	// is the lesser. Without a cost, only the cap. LimitedBy says which.
	StepRounding StepKind = "rounding"
	// StepKommuneShare: the costs less the grant (Money), and its share of
	// the costs.
	StepKommuneShare StepKind = "kommune_share"
	// StepCostForFullGrant: the rounded cap (Money) ÷ (1 − Share) = Money2.
	StepCostForFullGrant StepKind = "cost_for_full_grant"
	// StepNotEligible: the grant is 0, as the agreement is not eligible.
	StepNotEligible StepKind = "not_eligible"

	// StepLine: one employment period (category_amount, components): its
	// Position and Percent, its days From–To within the period and the
	// agreement, Months; Covered by the scheme. category_amount: its
	// Category, the Annual amount (none when unknown; Flag: the higher
	// amount of the sentralitetsklasse), the Line's amount (display) and
	// its Exact amount.
	StepLine StepKind = "line"
	// StepComponent: one element of a grant of elements: the Annual
	// maximum at 100 % (none when unknown) × Share of a year (Σ
	// stillingsprosent / 100 × months / 12) = the cap Exact; what was
	// Claimed (none: the element counts at its cap); the amount Exact2
	// (Flag: known). Note says why an element is 0 or at its cap.
	// Supervision: Hours × Rate when hours were given.
	StepComponent StepKind = "component"
	// StepSupervision: veiledning av LIS3: Months of supervision (Flag:
	// given; else the agreement's whole months) × the hours per month,
	// Capped at the hours a year: Hours × the Rate (Annual: the rate,
	// none when unknown) = Exact (Known).
	StepSupervision StepKind = "supervision"
	// StepTotal: the grant, Exact, rounded once to Unit by Mode: Money.
	StepTotal StepKind = "total"
	// StepUnknown: the grant rests on values no source gives (the
	// result's Unknown).
	StepUnknown StepKind = "unknown"
)

// Step is one step of an explanation. Which fields are set depends on Kind.
type Step struct {
	Kind   StepKind
	Params []*rules.Value // the rule values that decided it, with their sources

	Scheme      *rules.Scheme
	Reason      *Reason
	From, To    date.Date
	PeriodStart date.Date
	PeriodEnd   date.Date
	Need        date.Date
	Months      int
	Days        int
	N, Num, Den int
	Flag        bool

	Position  Position
	Percent   decimal.Decimal
	Category  string
	Covered   bool
	Annual    Optional[Money]
	Line      Optional[Money]
	Component string
	Note      ComponentNote
	Claimed   Optional[Money]
	Hours     decimal.Decimal
	Rate      decimal.Decimal
	Capped    bool
	Known     bool
	// Missing: the inputs not given that the step's figure was computed
	// without (a maximum) or needs (unknown).
	Missing InputSet

	Amount        Money
	Share         decimal.Decimal
	Exact, Exact2 decimal.Decimal
	Unit          decimal.Decimal
	Mode, Mode2   string
	Money, Money2 Money
	LimitedBy     LimitedBy
}

func (ex *Explanation) add(s Step) { ex.Steps = append(ex.Steps, s) }

// steps says the common part of the computation: the scheme, the part of
// the period, and the conditions.
func (ex *Explanation) steps(e *Engine, a *Agreement, as *assessment) {
	r := e.rules
	res := &ex.Result
	reason := func(c Code) *Reason {
		for i := range res.Reasons {
			if res.Reasons[i].Code == c {
				return &res.Reasons[i]
			}
		}
		return nil
	}
	scheme := Step{Kind: StepScheme}
	if as.info != nil {
		scheme.Scheme = as.info.s
	}
	look := r.SchemeFor(string(res.GrantType), string(a.Driftsform), string(res.Role))
	scheme.Params = look.Consulted
	if rs := reason(NoScheme); rs != nil {
		scheme.Reason = rs
		if rs.Else != nil {
			scheme.Params = append(scheme.Params, rs.Else)
		}
	} else if rs := reason(RoleNotCovered); rs != nil {
		scheme.Reason = rs
	}
	ex.add(scheme)

	start, end := a.Span()
	period := Step{Kind: StepPeriod, From: start, To: end, PeriodStart: res.PeriodStart, PeriodEnd: res.PeriodEnd,
		Months: res.Months, Days: res.Days, Flag: e.partialCount, Mode: e.proration, Reason: reason(NoDaysInYear),
		Params: []*rules.Value{r.Get(rules.ProrationMethod)}}
	for _, p := range []rules.FileParam{rules.PartialMonthCounts, rules.MonthCount} {
		if v := r.Get(p); v != nil {
			period.Params = append(period.Params, v)
		}
	}
	if v := r.Get(rules.SigningRequired); v != nil && v.Bool() && !a.Signed.IsZero() {
		period.Need = a.Signed
		period.Params = append(period.Params, v)
	}
	ex.add(period)

	if info := as.info; info != nil && info.vikar != nil && res.Role == RoleVikar {
		mm, mq := info.vikar, info.vikarQ
		vs, ve := a.Vikariat()
		rs := reason(VikariatTooShort)
		if rs == nil {
			rs = reason(VikariatLengthUnknown)
		}
		ex.add(Step{Kind: StepCondition, From: vs, To: ve, N: mm.Int(), Flag: mq.Bool(),
			Need: vikariatNeed(vs, mm.Int(), mq.Bool()), Reason: rs, Params: []*rules.Value{mm, mq}})
	}
	for i := range res.Reasons {
		rs := &res.Reasons[i]
		switch rs.Code {
		case MaxGrantYearsReached, AppliedAfterDeadline, StaffingAgencyExcluded, NotInTraining:
			ex.add(Step{Kind: StepCondition, Reason: rs, Params: []*rules.Value{e.byPath[rs.Param]}})
		}
	}
}
