// Package calc computes the eligibility and the grant of ALIS-avtaler under
// one grant period's rules (package rules). It does no I/O and knows nothing
// of files, CSV or the command line: a kommune's own service uses it as a
// library.
//
//	r, _ := rules.Embedded("2021")
//	e, _ := calc.NewEngine(r)
//	res, err := e.Compute(&calc.Agreement{Driftsform: calc.Naering, Start: day, Cost: calc.Some(calc.Kroner(300000))})
//
// # What it promises
//
// An Engine computes every scheme of its rules by the scheme's formula
// (rules.Formula). For the co-financed cap of 2019–2021, for one agreement
// in one grant period:
//
//	months  = complete months of the period the agreement covers, counted
//	          from its first day in the period (a period starting on the
//	          15th completes a month on the 14th of the next); a started
//	          month counts only where the rules say so
//	cap     = annual cap × months / 12   (or × days / days in the period,
//	          or the whole cap, as the rules' proration method says)
//	limit   = cost × (1 − co-financing share)
//	grant   = the lesser of cap and limit, each rounded once, on its own, to
//	          the rules' unit by its own mode (the limit down, so that the
//	          kommune pays at least its share); never more than the cost
//	kommune = cost − grant
//
// The other formulas:
//
//	supervision_rate (veiledning av LIS3, 2019–2021):
//	        hours = min(months of supervision × hours a month, hours a year)
//	        grant = hours × hourly rate
//	category_amount (Nasjonal ALIS og veiledning, 2022–2024/25), per
//	employment period within the period (and after the signing):
//	        amount of the category (higher in the sentralitetsklasse the rules
//	        name) × stillingsprosent / 100 × whole months / 12, summed
//	components (2025/26): six elements, each the lesser of its annual cap ×
//	        Σ stillingsprosent / 100 × months / 12 over the periods it is paid
//	        for and what was spent or applied for (the cap when nothing is
//	        given), tilrettelegging a share of the first four; summed
//
// Each grant is summed exactly (the national formulas keep every amount as
// a numerator over 1 200) and rounded once. A value marked unknown that the
// grant needs leaves the grant none, and Result.Unknown names it.
//
// # Exact, a maximum, or unknown
//
// Result.GrantBasis says what kind of figure the grant is, and
// Result.Missing names the inputs not given that make it so:
//
//	exact    every input the formula needs was given
//	maximum  an input not given was taken at its largest value: the
//	         costs (the cap), an element's amount (its cap), the doctor's
//	         first day as fastlege (every fastlege period within the window),
//	         the months of supervision (the agreement's whole months)
//	unknown  a rule value is unknown (Result.Unknown), or an input without
//	         a largest value is not given: the sentralitetsklasse, which
//	         decides the 2025/26 supplement (unless none is applied for) and
//	         the 2022–2024/25 amount (unless both amounts are known and
//	         equal); Grant is none
//
// A blank is never read as "no". An ineligible agreement's grant is an
// exact 0. Each element of a grant of elements has its own Basis and
// Missing. Result.Ignored names the inputs given that the formula does not
// read (costs under 2025/26); Engine.Computable says, without computing,
// whether an agreement has what its formula needs at all (employment
// periods for the formulas that pay per period, which are the formulas
// that read the stillingsprosent).
//
// Employment periods at the same time may add up to 100 %, not more
// (FirstOverlap; Validate refuses the agreement). Agreement.ClearPeriodAmounts
// drops the amounts that belong to one period (PeriodAmounts), for a later
// period an agreement reaches.
//
// Eligibility reports every reason that applies, each with a stable Code and
// the rule value that decided it. An agreement that is not eligible gets a
// grant of 0 and is still a result, not an error; an agreement that cannot
// be computed (an end before its start, say) is an *InputError.
//
// "More than N months" for a vikariat means that its end date falls on or
// after its start plus N months; month arithmetic clamps to the end of a
// shorter month (31 January + 1 month = 28 February). End dates are included.
//
// # Rounding and exactness
//
// Money is never a float: Money is øre in an int64, made with Kroner or Ore.
// For the co-financed cap, Compute and ComputeInto use integer arithmetic on
// øre and exact fractions, comparing by cross-multiplication and rounding
// once; ComputeInto
// allocates nothing once its Result has grown, for batches. Explain is the
// reference: the same computation in shopspring/decimal, where a division
// keeps DivScale decimals, which cannot move the rounding, and every step
// says the rule values (and so the sources) behind it. A differential test
// holds Compute to Explain over generated agreements and rule variants. The
// later formulas have no integer path: Compute and Explain run the same
// exact decimal code for them, Explain adding the steps.
//
// Result.CapProrated and Result.CostLimit are the exact values rounded half
// up to the øre, for display; the grant is computed from the exact values.
//
// The bounds that keep every product inside int64 are enforced where values
// enter: a cap of at most 100 000 000 kr (rules), a cost of at most MaxCost,
// a share of at most rules.MaxShareDecimals decimals, a rounding unit of at
// most 1 000 kr.
//
// # Values a result rests on
//
// Result.Assumed names every rule value marked assumed that the result rests
// on: a value is counted when it could change this result (the rounding mode
// only when there was something to round, the deadline only when an
// application date was given, and so on). Result.Unknown names the values a
// grant needs that no source gives; such a result has no grant (Grant is
// none), and each name can be given with rules.Rules.Set.
//
// Results marshal to JSON with snake_case names, money as strings with two
// decimals and dates as "YYYY-MM-DD".
package calc
