// Package calc computes the eligibility and the grant for ALIS-avtaler under
// one year's rules (package rules). It does no I/O and knows nothing of YAML,
// CSV or the command line: a kommune's own service can use it as a library.
//
// # What it promises
//
// For one agreement in one grant year:
//
//	months  = complete months of the year the agreement covers, counted from
//	          its first day in the year (a period starting on the 15th
//	          completes a month on the 14th of the next); a started month
//	          counts only where the rules say so
//	cap     = annual cap × months / 12   (or × days / days in the year, or
//	          the whole cap, as the rules' proration method says)
//	limit   = cost × (1 − co-financing share)
//	grant   = the lesser of cap and limit, rounded once, at the very end, to
//	          the rules' unit by the rules' mode; never more than the cost
//	kommune = cost − grant
//
// Eligibility reports every reason that applies, each with a stable Code and
// the rule-file parameter that decided it. An agreement that is not eligible
// gets a grant of 0 and is still a result, not an error; an agreement that
// cannot be computed (an end before its start, say) is an *InputError.
//
// "More than N months" for a vikariat means that its end date falls on or
// after its start plus N months; month arithmetic clamps to the end of a
// shorter month (31 January + 1 month = 28 February). End dates are included.
//
// # Rounding and exactness
//
// Money is never a float. Inputs are Money (øre, int64). There are two paths,
// held to the same results by a differential test over generated agreements
// and rule variants:
//
//   - Engine.Compute, the reference, in shopspring/decimal: products are
//     exact; the one division (cap × months ÷ 12) keeps DivScale decimals,
//     which cannot move the rounding; the lesser limit is rounded once with
//     QuoRem by the unit. Result.Detail holds the exact values.
//   - Engine.ComputeInto, for batches: integer arithmetic on øre with exact
//     fractions (the prorated cap is cap×months/12 øre, the limit is
//     cost×(D−S)/D øre for a share S/D), compared by cross-multiplication
//     and rounded once. It allocates nothing once the Result has grown.
//
// The bounds that keep every product inside int64 are enforced where values
// enter: a cap of at most rules.MaxCap, a cost of at most MaxCost, a share of
// at most rules.MaxShareDecimals decimals, a rounding unit of at most
// rules.MaxRoundingUnit.
//
// Result.CapProrated and Result.CostLimit are those exact values rounded half
// up to the øre, for display; Grant and KommuneShare are exact.
//
// # Assumed values
//
// Result.Assumed names every rule-file parameter marked "assumed" that the
// result rests on: a parameter is counted when its value could change this
// result (the rounding mode only when there was something to round, the
// deadline only when an application date was given, and so on).
package calc
