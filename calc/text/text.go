package text

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/internal/kommune"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// words are the fixed phrases of the text output in one language.
type words struct {
	title, scheme, noScheme, period, months, days, eligible, yes, no, grant, upTo,
	kommune, ofCosts, costFull, atLeast, notReachable, limCap, limCof, limCost, open,
	steps, rules, unknown, unknownNeeds string
}

func wordsFor(l calc.Lang) *words {
	return &words{
		title:        msg.S(l, "Grant %s for an ALIS-avtale (%s, %s)"),
		scheme:       msg.S(l, "Scheme"),
		noScheme:     msg.S(l, "none"),
		period:       msg.S(l, "Period in %s"),
		months:       msg.S(l, "%d whole months"),
		days:         msg.S(l, "%d days"),
		eligible:     msg.S(l, "Eligible"),
		yes:          msg.S(l, "yes"),
		no:           msg.S(l, "no"),
		grant:        msg.S(l, "Grant"),
		upTo:         msg.S(l, "up to %s"),
		kommune:      msg.S(l, "Kommune's share"),
		ofCosts:      msg.S(l, "%s of the costs of %s"),
		costFull:     msg.S(l, "Costs for the full grant"),
		atLeast:      msg.S(l, "at least %s"),
		notReachable: msg.S(l, "cannot be reached (co-financing is 100 %)"),
		limCap:       msg.S(l, "limited by the cap"),
		limCof:       msg.S(l, "limited by co-financing"),
		limCost:      msg.S(l, "limited by the costs"),
		open:         msg.S(l, "(open)"),
		steps:        msg.S(l, "How it is computed"),
		rules:        msg.S(l, "Rules"),
		unknown:      msg.S(l, "unknown"),
		unknownNeeds: msg.S(l, "the amount rests on values no public source gives: %s"),
	}
}

// Options say what the text of a result holds beyond the short answer.
type Options struct {
	// Explain: every step, with the rule and its source.
	Explain bool
	// Also are the other grant periods the agreement has days in, each
	// computed on its own; BeyondRules is the first day past the last
	// period there are rules for, when the agreement runs past it (zero
	// otherwise).
	Also        []string
	BeyondRules date.Date
}

// Result is a result in words, in l, as alis calc prints it: the short
// answer, and with Explain every step with the rule and its source, and
// what the agreement has beyond the result's period. Its lines are not
// wrapped.
func Result(ex *calc.Explanation, l calc.Lang, o Options) string {
	w := &writer{l: l, t: wordsFor(l)}
	w.head(ex, o)
	w.grant(&ex.Result)
	if o.Explain {
		w.steps(ex)
	}
	w.rules(ex.Result.Rules())
	return w.b.String()
}

// writer is the text of a result being written.
type writer struct {
	b strings.Builder
	l calc.Lang
	t *words
}

// line writes a label and its value, aligned.
func (w *writer) line(label, value string) { fmt.Fprintf(&w.b, "%-30s %s\n", label+":", value) }

// head says what the result is for and of: the title, the scheme, the
// period and the periods beyond it, the employment periods, and whether
// the agreement is eligible.
func (w *writer) head(ex *calc.Explanation, o Options) {
	l, also := w.l, o.Also
	res := &ex.Result
	r := res.Rules()
	who := calc.RoleName(res.Role, calc.NB, false)
	if res.GrantType == calc.Veiledning {
		fmt.Fprint(&w.b, msg.T(l, "Grant %s for supervision (%s)", r.Period, who))
	} else if res.Driftsform == "" {
		fmt.Fprint(&w.b, msg.T(l, "Grant %s for an ALIS-avtale (%s)", r.Period, who))
	} else {
		fmt.Fprintf(&w.b, w.t.title, r.Period, ShortDriftsform(res.Driftsform), who)
	}
	if p := ProvisionalText(r, l); p != "" {
		w.b.WriteString(" – " + p)
	}
	w.b.WriteByte('\n')
	if res.ID != "" {
		w.line("ID", res.ID)
	}
	if res.Kommune != "" {
		w.line(msg.S(l, "Kommune"), KommuneText(res.Kommune, l))
	}
	if res.CentralityClass != 0 {
		w.line(msg.S(l, "Centrality class"), ClassText(res, l))
	}
	if res.HasScheme {
		w.line(w.t.scheme, res.SchemeName+" ("+res.Scheme+")")
	} else {
		w.line(w.t.scheme, w.t.noScheme)
	}
	if !res.PeriodStart.IsZero() {
		unit := fmt.Sprintf(w.t.months, res.Months)
		if res.Proration == "days" {
			unit = fmt.Sprintf(w.t.days, res.Days)
		}
		w.line(fmt.Sprintf(w.t.period, r.Period), Day(res.PeriodStart, l)+"–"+Day(res.PeriodEnd, l)+", "+unit)
	}
	if len(also) > 0 {
		periods := strings.Join(also, ", ")
		if openEnded(ex) && len(also) > 1 {
			periods = also[0] + msg.S(l, " and later (the agreement has no end date)")
		}
		if res.PeriodStart.IsZero() {
			// None of the agreement is in this period: it is in those.
			w.line(msg.S(l, "The agreement is in"), periods+msg.S(l, " (without --year, it is computed under the rules of its own periods)"))
		} else {
			w.line(msg.S(l, "Also in the period"), periods+msg.S(l, " (computed on its own, under those rules)"))
		}
	}
	if d := o.BeyondRules; !d.IsZero() {
		w.line(msg.S(l, "Past the rules"), msg.T(l, "from %s alis has no rules (none are published); that time is not computed", Day(d, l)))
	}
	if len(res.Lines) > 0 {
		w.b.WriteString(msg.S(l, "Employment:") + "\n")
		for _, ln := range res.Lines {
			fmt.Fprintf(&w.b, "  – %s\n", lineText(&ln, res, l))
		}
	}
	if res.Eligible {
		w.line(w.t.eligible, w.t.yes)
	} else {
		w.line(w.t.eligible, w.t.no)
		for _, rs := range res.Reasons {
			fmt.Fprintf(&w.b, "  – %s [%s]\n", rs.Message(l), rs.Param)
		}
	}
}

// grant says the grant, its elements, what would complete it, the
// kommune's share and the inputs the rules do not read.
func (w *writer) grant(res *calc.Result) {
	l := w.l
	r := res.Rules()
	grant := w.t.unknown
	if g, ok := res.Grant.Get(); ok {
		grant = Money(g, l)
		if res.GrantBasis == calc.BasisMaximum {
			grant = fmt.Sprintf(w.t.upTo, grant)
		}
	}
	switch res.LimitedBy {
	case calc.LimitCap:
		grant += " (" + w.t.limCap + ")"
	case calc.LimitCofinancing:
		grant += " (" + w.t.limCof + ")"
	case calc.LimitCost:
		grant += " (" + w.t.limCost + ")"
	}
	if len(res.Components) > 0 && !(len(res.Components) == 1 && res.Formula == rules.SupervisionRate) {
		for _, c := range res.Components {
			w.line("  "+ComponentName(c.Name, l), componentText(&c, l))
		}
	}
	w.line(w.t.grant, grant)
	if res.Eligible && res.Missing != 0 {
		flags, n := InputFlags(res.Missing), len(res.Missing.Names())
		if res.GrantBasis == calc.BasisMaximum {
			fmt.Fprintf(&w.b, "  – %s\n", msg.N(l, n, "the largest grant without %[2]s; give it for the exact amount",
				"the largest grant without %[2]s; give them for the exact amount", n, flags))
		} else {
			fmt.Fprintf(&w.b, "  – %s\n", msg.N(l, n, "unknown without %[2]s; give it to complete the computation",
				"unknown without %[2]s; give them to complete the computation", n, flags))
		}
	}
	if u := res.UnknownValues(); len(u) > 0 && res.Eligible {
		fmt.Fprintf(&w.b, "  – "+w.t.unknownNeeds+"\n", strings.Join(u, ", "))
		sets := make([]string, len(u))
		for i, n := range u {
			sets[i] = "--set " + n + "=" + msg.S(l, "AMOUNT")
		}
		fmt.Fprintf(&w.b, "  – %s %s\n", msg.S(l, "give them for a run with"), strings.Join(sets, " "))
	}
	if k, ok := res.KommuneShare.Get(); ok {
		text := Money(k, l)
		if pct, ok := PercentText(k, res.Cost.Or(0), l); ok {
			text += " (" + fmt.Sprintf(w.t.ofCosts, pct, Money(res.Cost.Or(0), l)) + ")"
		}
		w.line(w.t.kommune, text)
	}
	if !res.Cost.Ok() && res.HasScheme && res.Eligible && res.Formula == rules.CofinancedCap {
		if c, ok := res.CostForFullGrant.Get(); ok {
			w.line(w.t.costFull, fmt.Sprintf(w.t.atLeast, Money(c, l)))
		} else {
			w.line(w.t.costFull, w.t.notReachable)
		}
	}
	if res.Ignored != 0 {
		w.line(msg.S(l, "Not used"), msg.T(l, "%s (the rules of %s do not read it)", InputFlags(res.Ignored), r.Period))
	}
}

// steps says every step with the rule values and sources behind it.
func (w *writer) steps(ex *calc.Explanation) {
	l := w.l
	w.b.WriteString("\n" + w.t.steps + ":\n")
	n := 0
	for _, s := range ex.Steps {
		text := stepText(s, ex, l)
		if text == "" {
			continue
		}
		n++
		fmt.Fprintf(&w.b, "%2d. %s\n", n, text)
		for _, c := range Cites(s.Rules(), l) {
			fmt.Fprintf(&w.b, "    %s\n", c)
		}
	}
}

// rules names the rules the result was computed under, and how they were
// changed for this run.
func (w *writer) rules(r *rules.Rules) {
	l := w.l
	fmt.Fprintf(&w.b, "\n%s: %s (%s, sha256 %s)\n", w.t.rules, r.Title, r.Source, r.SHA256[:12])
	w.b.WriteString(RulesChanges(r, l))
}

// ShortDriftsform names a driftsform in a heading, by its Norwegian term in
// either language.
func ShortDriftsform(df calc.Driftsform) string {
	switch df {
	case calc.Fastlonn:
		return "fastlønn"
	case calc.Naering:
		return "næringsdrift"
	}
	return "ALIS"
}

// RulesChanges says how the rules were changed for this run, if they were:
// moved to another grant period, values set on the command line.
func RulesChanges(r *rules.Rules, l calc.Lang) string {
	var b strings.Builder
	if r.ShiftedFrom != "" {
		fmt.Fprint(&b, msg.T(l, "The %s rules, applied to the grant period %s.\n", r.ShiftedFrom, r.Period))
	}
	if len(r.Overrides) > 0 {
		fmt.Fprint(&b, msg.T(l, "Changed for this run: %s\n", strings.Join(r.Overrides, ", ")))
	}
	return b.String()
}

// lineText says one employment period of a result.
func lineText(ln *calc.Line, res *calc.Result, l calc.Lang) string {
	pct := Number(decimalOf(ln.Percent), l) + " %"
	days := msg.S(l, "no day in the period")
	if !ln.From.IsZero() {
		days = Day(ln.From, l) + "–" + Day(ln.To, l) + ", " + msg.T(l, "%d whole months", ln.Months)
	}
	text := fmt.Sprintf("%s %s, %s", PositionName(ln.Position, l), pct, days)
	switch {
	case !ln.Covered:
		text += msg.S(l, " (the scheme does not cover the position)")
	case res.Formula == rules.CategoryAmount:
		if a, ok := ln.Amount.Get(); ok && ln.Annual.Ok() {
			text += fmt.Sprintf(": %s × %s × %d/12 = %s", Money(ln.Annual.Or(0), l), pct, ln.Months, Money(a, l))
		} else if !ln.Amount.Ok() && ln.Months > 0 && res.Missing.Has(calc.FieldCentralityClass) {
			text += msg.T(l, ": the amount for %s depends on the sentralitetsklasse, which is not given", CategoryName(ln.Category, l))
		} else if !ln.Annual.Ok() && ln.Months > 0 {
			text += msg.T(l, ": the amount for %s is unknown", CategoryName(ln.Category, l))
		}
	}
	return text
}

// componentText says one element's amount, and why when it is not simply
// the lesser of its cap and what was claimed.
func componentText(c *calc.Component, l calc.Lang) string {
	a, ok := c.Amount.Get()
	if !ok {
		if c.Note == calc.NoteClassNotGiven {
			return msg.S(l, "unknown (no sentralitetsklasse given)")
		}
		return msg.S(l, "unknown")
	}
	text := Money(a, l)
	switch c.Note {
	case calc.NoteUpTo:
		text = msg.T(l, "up to %s (no amount given)", text)
	case calc.NoteWindowNotKnown:
		text = msg.T(l, "up to %s (no first day as fastlege given)", text)
	case calc.NoteNotPaid:
		text += msg.S(l, " (not paid for supervision only)")
	case calc.NoteNoPosition:
		text += msg.S(l, " (no position it is paid for)")
	case calc.NoteOutsideWindow:
		text += msg.S(l, " (outside the months after the first day as fastlege)")
	case calc.NoteNotCentral:
		text += msg.S(l, " (not the sentralitetsklasse that gets it)")
	default:
		if c.Basis == calc.BasisMaximum {
			// An element computed from others that are maxima (tilrettelegging).
			return msg.T(l, "up to %s", text)
		}
		if cap, ok := c.Cap.Get(); ok && cap > a {
			text += msg.T(l, " (the cap is %s)", Money(cap, l))
		} else if cl, ok := c.Claimed.Get(); ok && cl > a {
			text += msg.T(l, " (limited by the cap; %s given)", Money(cl, l))
		}
	}
	return text
}

// InputFlag is the flag of calc that gives an input.
func InputFlag(field string) string { return input.Flag(field) }

// InputFlags names a set of inputs by their flags: "--cost, --supervision-months".
func InputFlags(s calc.InputSet) string {
	names := s.Names()
	for i, n := range names {
		names[i] = InputFlag(n)
	}
	return strings.Join(names, ", ")
}

func decimalOf(s string) decimal.Decimal {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Zero
	}
	return d
}

// ComponentName names an element of a grant.
func ComponentName(name string, l calc.Lang) string {
	switch name {
	case calc.PracticeCompensation:
		return msg.S(l, "Practice compensation")
	case calc.LearningActivities:
		return msg.S(l, "Learning activities")
	case calc.Productivity:
		return msg.S(l, "Lower productivity")
	case calc.Supervision:
		return msg.S(l, "Supervision")
	case calc.Facilitation:
		return msg.S(l, "Facilitation")
	case calc.CentralitySupplement:
		return msg.S(l, "Centrality supplement")
	}
	return name
}

// RoundingName names a rounding mode: half up, down.
func RoundingName(mode string, l calc.Lang) string {
	switch mode {
	case "half_up":
		return msg.S(l, "half up")
	case "down":
		return msg.S(l, "down")
	}
	return mode
}

// PositionName names a position.
func PositionName(p calc.Position, l calc.Lang) string {
	switch p {
	case calc.PositionFastlege:
		return msg.S(l, "fastlege (GP)")
	case calc.PositionIntroduksjonslege:
		return "introduksjonslege"
	case calc.PositionAllmennlege:
		return msg.S(l, "allmennlege (other municipal work)")
	}
	return string(p)
}

// CategoryName names a category of Nasjonal ALIS og veiledning.
func CategoryName(c string, l calc.Lang) string {
	if c == "veiledning" {
		return msg.S(l, "supervision only")
	}
	return PositionName(calc.Position(c), l)
}

// openEnded says whether the agreement has no end date.
func openEnded(ex *calc.Explanation) bool {
	for _, s := range ex.Steps {
		if p, ok := s.(*calc.PeriodStep); ok {
			return p.To.IsZero()
		}
	}
	return false
}

// KommuneText is a kommune number with its name, "1804 Bodø", or the
// number with a word that the table of 2024 does not have it.
func KommuneText(number string, l calc.Lang) string {
	if k, ok := kommune.Lookup(number); ok {
		return number + " " + k.Name
	}
	return number + " (" + msg.S(l, "not a kommune of 2024") + ")"
}

// ClassText is the sentralitetsklasse a result was computed with, and
// where it came from: the agreement, or the kommune table the rules name.
func ClassText(res *calc.Result, l calc.Lang) string {
	c := strconv.Itoa(res.CentralityClass)
	switch {
	case res.ClassFromTable:
		return c + " (" + msg.S(l, "from the kommune number, in SSB's 2024 table; inferred: the rules do not say which version") + ")"
	case res.TableClass != 0 && res.TableClass != res.CentralityClass:
		return c + " (" + msg.T(l, "given; SSB's 2024 table has %d for the kommune", res.TableClass) + ")"
	}
	return c + " (" + msg.S(l, "given") + ")"
}

// ProvisionalText says that rules are provisional, and where their values
// come from ("" for rules that are not).
func ProvisionalText(r *rules.Rules, l calc.Lang) string {
	if r.Provisional == nil {
		return ""
	}
	return msg.T(l, "provisional rules: carried forward from %s", r.Provisional.CarriedFrom)
}
