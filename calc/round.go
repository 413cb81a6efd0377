package calc

import (
	"math/big"

	"github.com/shopspring/decimal"
)

// roundingMode is how an amount is rounded to the unit: the rules' words.
type roundingMode string

const (
	halfUp   roundingMode = "half_up"
	downward roundingMode = "down"
)

var (
	one     = decimal.New(1, 0)
	two     = decimal.New(2, 0)
	hundred = decimal.New(100, 0)
)

// roundDecimal rounds an amount of kroner once to a whole number of units,
// by the mode, and reports whether there was anything to round.
func roundDecimal(x, unitOre decimal.Decimal, mode roundingMode) (Money, bool) {
	q, rem := x.Mul(hundred).QuoRem(unitOre, 0)
	if !rem.IsZero() && mode == halfUp && rem.Mul(two).GreaterThanOrEqual(unitOre) {
		q = q.Add(one)
	}
	return Money(q.Mul(unitOre).IntPart()), !rem.IsZero()
}

// roundFrac rounds num/den øre to a whole number of units (unit øre) by
// mode, and reports whether there was a remainder.
func roundFrac(num, den, unit int64, mode roundingMode) (Money, bool) {
	u := den * unit
	q, rem := num/u, num%u
	if rem != 0 && mode == halfUp && 2*rem >= u {
		q++
	}
	return Money(q * unit), rem != 0
}

// divHalfUp is num/den rounded half up, for non-negative num and positive den.
func divHalfUp(num, den int64) int64 {
	q, r := num/den, num%den
	if 2*r >= den {
		q++
	}
	return q
}

// fraction writes a decimal with at most rules.MaxShareDecimals decimals as
// num/den with den a power of ten, in lowest such terms.
func fraction(d decimal.Decimal) (num, den int64, ok bool) {
	den = 1
	exp := d.Exponent()
	coef := d.Coefficient()
	for ; exp > 0; exp-- {
		coef.Mul(coef, big.NewInt(10))
	}
	for ; exp < 0; exp++ {
		den *= 10
		if den > 1e12 {
			return 0, 0, false
		}
	}
	if !coef.IsInt64() {
		return 0, 0, false
	}
	num = coef.Int64()
	for den > 1 && num%10 == 0 {
		num /= 10
		den /= 10
	}
	if den > 1_000_000 {
		return 0, 0, false
	}
	return num, den, true
}
