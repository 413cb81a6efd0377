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

// The kinds of step, each its type's Kind.
const (
	StepScheme           StepKind = "scheme"
	StepPeriod           StepKind = "period"
	StepCondition        StepKind = "condition"
	StepCap              StepKind = "cap"
	StepCofinancing      StepKind = "cofinancing"
	StepRounding         StepKind = "rounding"
	StepKommuneShare     StepKind = "kommune_share"
	StepCostForFullGrant StepKind = "cost_for_full_grant"
	StepNotEligible      StepKind = "not_eligible"
	StepLine             StepKind = "line"
	StepComponent        StepKind = "component"
	StepSupervision      StepKind = "supervision"
	StepTotal            StepKind = "total"
	StepUnknown          StepKind = "unknown"
)

// Step is one step of an explanation: a *SchemeStep, *PeriodStep,
// *VikariatStep, *ConditionStep, *CapStep, *CofinancingStep,
// *RoundingStep, *KommuneShareStep, *CostForFullGrantStep,
// *NotEligibleStep, *LineStep, *ComponentStep, *SupervisionStep,
// *TotalStep or *UnknownStep, each with the fields of its kind, as go/ast
// has a type per node. Every step names the rule values that decided it.
type Step interface {
	Kind() StepKind
	// Rules are the rule values that decided the step, with their sources.
	Rules() []*rules.Value
}

// Sources are the rule values a step rests on.
type Sources []*rules.Value

// Rules are the values.
func (s Sources) Rules() []*rules.Value { return s }

// SchemeStep: which scheme covers the agreement (nil: none does; Reason
// says why, and with no_scheme what covered it instead).
type SchemeStep struct {
	Sources
	Scheme *rules.Scheme
	Reason *Reason
}

// PeriodStep: the part of the agreement (From–To; To zero: open-ended)
// within the period (PeriodStart–PeriodEnd, zero when it has no day
// there: Reason), its whole Months and its Days, by the proration Method;
// PartialCounts: a started month counts. Signed is the day it was signed,
// where there is no grant for the time before.
type PeriodStep struct {
	Sources
	From, To               date.Date
	PeriodStart, PeriodEnd date.Date
	Months, Days           int
	Method                 string
	PartialCounts          bool
	Signed                 date.Date
	Reason                 *Reason
}

// VikariatStep: a vikar's vikariat, From–To (To zero: no end date), which
// must last more than MinMonths months (AtLeast: at least); Need is the
// last day it must reach. Reason when it does not.
type VikariatStep struct {
	Sources
	From, To  date.Date
	MinMonths int
	AtLeast   bool
	Need      date.Date
	Reason    *Reason
}

// ConditionStep: a condition the agreement fails (Reason).
type ConditionStep struct {
	Sources
	Reason *Reason
}

// CapStep: the cap a year (Cap) × Num/Den of the period = Prorated.
type CapStep struct {
	Sources
	Cap      Money
	Num, Den int
	Prorated decimal.Decimal
}

// CofinancingStep: the costs (Cost) × (1 − the kommune's Share) = Limit.
type CofinancingStep struct {
	Sources
	Cost  Money
	Share decimal.Decimal
	Limit decimal.Decimal
}

// RoundingStep: each limit rounded once to Unit: the prorated Cap (by
// CapMode) to CapRounded, the CostLimit (by CostMode; "" without costs) to
// CostRounded; the grant is the lesser, LimitedBy says which.
type RoundingStep struct {
	Sources
	Unit        decimal.Decimal
	Cap         decimal.Decimal
	CapMode     string
	CapRounded  Money
	CostLimit   decimal.Decimal
	CostMode    string
	CostRounded Money
	LimitedBy   LimitedBy
}

// KommuneShareStep: the costs (Cost) less the grant: the kommune's Share.
type KommuneShareStep struct {
	Sources
	Cost, Share Money
}

// CostForFullGrantStep: the rounded cap (CapRounded) ÷ (1 − Share) = Cost,
// the least costs for the full grant.
type CostForFullGrantStep struct {
	Sources
	CapRounded Money
	Share      decimal.Decimal
	Cost       Money
}

// NotEligibleStep: the grant is 0, as the agreement is not eligible.
type NotEligibleStep struct{ Sources }

// LineStep: one employment period (category_amount, components): its
// Position and Percent, its days From–To within the period and the
// agreement, its whole Months; Covered by the scheme. category_amount: its
// Category, the Annual amount (none when unknown; Central: the higher
// amount of the sentralitetsklasse), the line's Amount (display; Known)
// and its Exact amount; Missing the inputs it needs that are not given.
type LineStep struct {
	Sources
	Position Position
	Percent  decimal.Decimal
	From, To date.Date
	Months   int
	Covered  bool
	Category string
	Annual   Optional[Money]
	Central  bool
	Amount   Optional[Money]
	Exact    decimal.Decimal
	Known    bool
	Missing  InputSet
}

// ComponentStep: one element of a grant of elements: the Annual maximum at
// 100 % (none when unknown) × Share of a year (Σ stillingsprosent / 100 ×
// months / 12) = its Cap; what was Claimed (none: the element counts at
// its cap); its Amount (Known). Note says why an element is 0 or at its
// cap; Missing the inputs it was computed without. Supervision: Hours ×
// Rate when hours were given.
type ComponentStep struct {
	Sources
	Component string
	Note      ComponentNote
	Annual    Optional[Money]
	Share     decimal.Decimal
	Cap       decimal.Decimal
	Claimed   Optional[Money]
	Amount    decimal.Decimal
	Known     bool
	Missing   InputSet
	Hours     decimal.Decimal
	Rate      decimal.Decimal
}

// SupervisionStep: veiledning av LIS3: Months of supervision (Given; else
// the agreement's whole months) × the hours per month, Capped at the
// hours a year: Hours × the Rate (Annual: the rate, none when unknown) =
// Amount (Known).
type SupervisionStep struct {
	Sources
	Months int
	Given  bool
	Hours  decimal.Decimal
	Capped bool
	Rate   decimal.Decimal
	Annual Optional[Money]
	Amount decimal.Decimal
	Known  bool
}

// TotalStep: the grant, Exact, rounded once to Unit by Mode: Grant.
type TotalStep struct {
	Sources
	Exact decimal.Decimal
	Unit  decimal.Decimal
	Mode  string
	Grant Money
}

// UnknownStep: the grant rests on values no source gives (the result's
// UnknownValues) or inputs not given (Missing).
type UnknownStep struct{ Sources }

func (*SchemeStep) Kind() StepKind           { return StepScheme }
func (*PeriodStep) Kind() StepKind           { return StepPeriod }
func (*VikariatStep) Kind() StepKind         { return StepCondition }
func (*ConditionStep) Kind() StepKind        { return StepCondition }
func (*CapStep) Kind() StepKind              { return StepCap }
func (*CofinancingStep) Kind() StepKind      { return StepCofinancing }
func (*RoundingStep) Kind() StepKind         { return StepRounding }
func (*KommuneShareStep) Kind() StepKind     { return StepKommuneShare }
func (*CostForFullGrantStep) Kind() StepKind { return StepCostForFullGrant }
func (*NotEligibleStep) Kind() StepKind      { return StepNotEligible }
func (*LineStep) Kind() StepKind             { return StepLine }
func (*ComponentStep) Kind() StepKind        { return StepComponent }
func (*SupervisionStep) Kind() StepKind      { return StepSupervision }
func (*TotalStep) Kind() StepKind            { return StepTotal }
func (*UnknownStep) Kind() StepKind          { return StepUnknown }

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
	scheme := &SchemeStep{}
	if as.info != nil {
		scheme.Scheme = as.info.s
	}
	look := r.SchemeFor(string(res.GrantType), string(a.Driftsform), string(res.Role))
	scheme.Sources = look.Consulted
	if rs := reason(NoScheme); rs != nil {
		scheme.Reason = rs
		if rs.Else != nil {
			scheme.Sources = append(scheme.Sources, rs.Else)
		}
	} else if rs := reason(RoleNotCovered); rs != nil {
		scheme.Reason = rs
	}
	ex.add(scheme)

	start, end := a.Span()
	period := &PeriodStep{From: start, To: end, PeriodStart: res.PeriodStart, PeriodEnd: res.PeriodEnd,
		Months: res.Months, Days: res.Days, PartialCounts: e.partialCount, Method: e.proration, Reason: reason(NoDaysInYear),
		Sources: Sources{r.Get(rules.ProrationMethod)}}
	for _, p := range []rules.FileParam{rules.PartialMonthCounts, rules.MonthCount} {
		if v := r.Get(p); v != nil {
			period.Sources = append(period.Sources, v)
		}
	}
	if v := r.Get(rules.SigningRequired); v != nil && v.Bool() && !a.Signed.IsZero() {
		period.Signed = a.Signed
		period.Sources = append(period.Sources, v)
	}
	ex.add(period)

	if info := as.info; info != nil && info.vikar.Value != nil && res.Role == RoleVikar {
		mm, mq := info.vikar.Value, info.vikarQ
		vs, ve := a.Vikariat()
		rs := reason(VikariatTooShort)
		if rs == nil {
			rs = reason(VikariatLengthUnknown)
		}
		ex.add(&VikariatStep{From: vs, To: ve, MinMonths: mm.Int(), AtLeast: mq.Bool(),
			Need: vikariatNeed(vs, mm.Int(), mq.Bool()), Reason: rs, Sources: Sources{mm, mq}})
	}
	for i := range res.Reasons {
		rs := &res.Reasons[i]
		switch rs.Code {
		case MaxGrantYearsReached, AppliedAfterDeadline, StaffingAgencyExcluded, NotInTraining:
			ex.add(&ConditionStep{Reason: rs, Sources: Sources{e.byPath[rs.Param]}})
		}
	}
}
