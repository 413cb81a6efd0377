package calc

// Change says why an agreement's eligibility differs under two rule sets:
// for each reason the side that is not eligible has, the rule value behind
// it on both sides.
type Change struct {
	// Gained: not eligible under the first rules, eligible under the second.
	Gained bool
	Causes []Cause
}

// Cause is one reason for a change of eligibility.
type Cause struct {
	// Param is the rule value behind the reason, as in "vikar.min_months";
	// From and To its value under the first and the second rules, with
	// HasFrom and HasTo false where that side has no such value.
	Param          string
	From, To       string
	HasFrom, HasTo bool
	// Scheme: for a driftsform no scheme covers on one side, From and To
	// are the schemes that cover it ("" for none), and Driftsform says
	// which.
	Scheme     bool
	Driftsform Driftsform
	// Reason is set when the rule value is the same on both sides: the
	// reason itself tells what changed (a date moved with the period).
	Reason *Reason
}

// Why says why eligibility differs between a result under one set of rules
// and a result of the same agreement under another; false when it does not
// differ.
func Why(first, second *Result) (Change, bool) {
	if first.Eligible == second.Eligible {
		return Change{}, false
	}
	c := Change{Gained: second.Eligible}
	side, other := first, second
	if first.Eligible {
		side, other = second, first
	}
	for i := range side.Reasons {
		rs := &side.Reasons[i]
		if rs.Code == NoScheme {
			cause := Cause{Scheme: true, Driftsform: rs.Driftsform, From: "", To: other.Scheme}
			if side == second {
				cause.From, cause.To = other.Scheme, ""
			}
			c.Causes = append(c.Causes, cause)
			continue
		}
		a, b := ruleText(first, rs.Param), ruleText(second, rs.Param)
		cause := Cause{Param: rs.Param, HasFrom: a != "", HasTo: b != "", From: a, To: b}
		if a == b {
			cause.Reason = rs
		}
		c.Causes = append(c.Causes, cause)
	}
	return c, true
}

// ruleText is a rule value of a result's rules, as text; "" when the rules
// have none.
func ruleText(r *Result, path string) string {
	if v := r.paths[path]; v != nil {
		return v.String()
	}
	return ""
}
