package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/alis-tilskudd/alis/rules/date"
)

// Clone returns a deep copy of the rules.
func (r *Rules) Clone() *Rules {
	c := *r
	c.Overrides = append([]string(nil), r.Overrides...)
	c.Schemes = make([]Scheme, len(r.Schemes))
	for i, s := range r.Schemes {
		s.Driftsformer.Value = append([]Driftsform(nil), s.Driftsformer.Value...)
		s.Roles.Value = append([]Role(nil), s.Roles.Value...)
		if s.Budget != nil {
			b := *s.Budget
			s.Budget = &b
		}
		c.Schemes[i] = s
	}
	if r.Deadline != nil {
		d := *r.Deadline
		c.Deadline = &d
	}
	if r.Vikar != nil {
		v := *r.Vikar
		c.Vikar = &v
	}
	if r.MaxGrantYears != nil {
		m := *r.MaxGrantYears
		c.MaxGrantYears = &m
	}
	return &c
}

// setter changes one value of a copy of the rules from the text of --set.
type setter struct {
	help string
	set  func(r *Rules, v string) ([]*Meta, error)
}

// settable lists the names --set accepts, besides schemes.ID.cap and
// schemes.ID.budget. Short names are kept for the common what-ifs.
var settable = map[string]setter{
	"cap": {"the annual cap of every scheme, in kroner", func(r *Rules, v string) ([]*Meta, error) {
		d, err := parseMoney(v, MaxCap)
		if err != nil {
			return nil, err
		}
		var ms []*Meta
		for i := range r.Schemes {
			r.Schemes[i].Cap.Value = d
			ms = append(ms, &r.Schemes[i].Cap.Meta)
		}
		return ms, nil
	}},
	"cofinancing_share": {"the kommune's minimum share, 0..1", func(r *Rules, v string) ([]*Meta, error) {
		d, err := decimal.NewFromString(strings.TrimSpace(v))
		if err != nil || !decimalText.MatchString(strings.TrimSpace(v)) || d.Sign() < 0 || d.GreaterThan(one) || !d.Equal(d.Round(int32(MaxShareDecimals))) {
			return nil, fmt.Errorf("%q is not a share from 0 to 1 with at most %d decimals (write 20 %% as 0.20)", v, MaxShareDecimals)
		}
		r.CofinancingShare.Value = d
		return []*Meta{&r.CofinancingShare.Meta}, nil
	}},
	"vikar.min_months": {"the vikariat's minimum in months, 0..120", func(r *Rules, v string) ([]*Meta, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 || n > 120 {
			return nil, fmt.Errorf("%q is not a number of months from 0 to 120", v)
		}
		r.ensureVikar()
		r.Vikar.MinMonths.Value = n
		return []*Meta{&r.Vikar.MinMonths.Meta}, nil
	}},
	"vikar.min_qualifies": {"whether a vikariat of exactly the minimum qualifies: true or false", func(r *Rules, v string) ([]*Meta, error) {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", v)
		}
		r.ensureVikar()
		r.Vikar.MinQualifies.Value = b
		return []*Meta{&r.Vikar.MinQualifies.Meta}, nil
	}},
	"max_grant_years": {"the most grant years for one doctor, 1..100", func(r *Rules, v string) ([]*Meta, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > 100 {
			return nil, fmt.Errorf("%q is not a number of years from 1 to 100", v)
		}
		if r.MaxGrantYears == nil {
			r.MaxGrantYears = &Param[int]{Meta: Meta{Path: "max_grant_years", Unit: "years"}}
		}
		r.MaxGrantYears.Value = n
		return []*Meta{&r.MaxGrantYears.Meta}, nil
	}},
	"staffing_agency_excluded": {"whether doctors tied to a staffing agency are excluded: true or false", func(r *Rules, v string) ([]*Meta, error) {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", v)
		}
		r.StaffingAgencyExcluded.Value = b
		return []*Meta{&r.StaffingAgencyExcluded.Meta}, nil
	}},
	"deadline": {"the application deadline, YYYY-MM-DD in the rules' year", func(r *Rules, v string) ([]*Meta, error) {
		d, err := date.ParseISO(strings.TrimSpace(v))
		if err != nil {
			return nil, err
		}
		if d.Year() != r.Year {
			return nil, fmt.Errorf("%s is not in the year %d", d, r.Year)
		}
		if r.Deadline == nil {
			r.Deadline = &Param[date.Date]{Meta: Meta{Path: "deadline", Unit: "date"}}
		}
		r.Deadline.Value = d
		return []*Meta{&r.Deadline.Meta}, nil
	}},
	"rounding.unit": {"the unit the grant is rounded to, in kroner (1 = whole kroner)", func(r *Rules, v string) ([]*Meta, error) {
		d, err := parseMoney(v, MaxRoundingUnit)
		if err != nil || d.Sign() <= 0 {
			return nil, fmt.Errorf("%q is not a rounding unit from 0.01 to %s kroner", v, MaxRoundingUnit)
		}
		r.Rounding.Unit.Value = d
		return []*Meta{&r.Rounding.Unit.Meta}, nil
	}},
	"rounding.mode": {"half_up or down", func(r *Rules, v string) ([]*Meta, error) {
		switch m := RoundingMode(strings.TrimSpace(v)); m {
		case HalfUp, Down:
			r.Rounding.Mode.Value = m
			return []*Meta{&r.Rounding.Mode.Meta}, nil
		}
		return nil, fmt.Errorf("%q is not half_up or down", v)
	}},
	"rounding.cofinancing_mode": {"how the co-financing limit rounds: down (the kommune pays at least its share) or half_up", func(r *Rules, v string) ([]*Meta, error) {
		switch m := RoundingMode(strings.TrimSpace(v)); m {
		case HalfUp, Down:
			r.Rounding.CofinancingMode.Value = m
			return []*Meta{&r.Rounding.CofinancingMode.Meta}, nil
		}
		return nil, fmt.Errorf("%q is not half_up or down", v)
	}},
	"proration.method": {"whole_months, days or none", func(r *Rules, v string) ([]*Meta, error) {
		switch m := ProrationMethod(strings.TrimSpace(v)); m {
		case WholeMonths, Days, NoProration:
			r.Proration.Method.Value = m
			if m == WholeMonths && r.Proration.PartialMonthCounts.Path == "" {
				r.Proration.PartialMonthCounts = Param[bool]{Meta: Meta{Path: "proration.partial_month_counts", Unit: "boolean", Basis: Assumed,
					References: []Reference{{Title: "set on the command line"}}, Note: "not given; a started month does not count"}}
			}
			return []*Meta{&r.Proration.Method.Meta}, nil
		}
		return nil, fmt.Errorf("%q is not whole_months, days or none", v)
	}},
	"proration.partial_month_counts": {"with whole_months, whether a started month counts: true or false", func(r *Rules, v string) ([]*Meta, error) {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", v)
		}
		r.Proration.PartialMonthCounts.Value = b
		r.Proration.PartialMonthCounts.Path = "proration.partial_month_counts"
		r.Proration.PartialMonthCounts.Unit = "boolean"
		return []*Meta{&r.Proration.PartialMonthCounts.Meta}, nil
	}},
}

// aliases are other names --set accepts.
var aliases = map[string]string{"vikar_min_months": "vikar.min_months", "share": "cofinancing_share"}

func (r *Rules) ensureVikar() {
	if r.Vikar == nil {
		ref := []Reference{{Title: "set on the command line"}}
		r.Vikar = &VikarRule{
			MinMonths:    Param[int]{Meta: Meta{Path: "vikar.min_months", Unit: "months", Basis: Assumed, References: ref}},
			MinQualifies: Param[bool]{Meta: Meta{Path: "vikar.min_qualifies", Unit: "boolean", Basis: Assumed, References: ref, Note: "not given: more than the minimum is needed"}},
		}
	}
}

func parseMoney(v string, limit decimal.Decimal) (decimal.Decimal, error) {
	s := strings.ReplaceAll(strings.TrimSpace(v), " ", "")
	d, err := decimal.NewFromString(s)
	if err != nil || !decimalText.MatchString(s) || d.Sign() < 0 || !d.Equal(d.Round(2)) || d.GreaterThan(limit) {
		return decimal.Decimal{}, fmt.Errorf("%q is not an amount of kroner from 0 to %s with at most two decimals", v, limit)
	}
	return d, nil
}

// SettableNames lists every name Set accepts for these rules.
func (r *Rules) SettableNames() []string {
	var names []string
	for n := range settable {
		names = append(names, n)
	}
	for _, s := range r.Schemes {
		names = append(names, "schemes."+s.ID+".cap", "schemes."+s.ID+".budget", "schemes."+s.ID+".roles", "schemes."+s.ID+".driftsformer")
	}
	sort.Strings(names)
	return names
}

// SetError is a --set that cannot be applied.
type SetError struct {
	Name, Msg string
	Valid     []string
}

func (e *SetError) Error() string { return fmt.Sprintf("--set %s: %s", e.Name, e.Msg) }

// Set returns a copy of the rules with one value changed, as NAME=VALUE. The
// value becomes "assumed", with a note that it was set for this run; the
// copy's SHA256 covers the override, and Overrides lists it.
func (r *Rules) Set(assignment string) (*Rules, error) {
	name, value, ok := strings.Cut(assignment, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return nil, &SetError{Name: assignment, Msg: "write NAME=VALUE, such as cap=300000", Valid: r.SettableNames()}
	}
	if a, ok := aliases[name]; ok {
		name = a
	}
	c := r.Clone()
	var metas []*Meta
	var err error
	if s, ok := settable[name]; ok {
		metas, err = s.set(c, value)
	} else if id, field, ok := schemeField(name); ok {
		metas, err = c.setSchemeField(id, field, value)
		if err == errNoSuchScheme {
			return nil, &SetError{Name: name, Msg: "no scheme " + id + " in these rules", Valid: r.SettableNames()}
		}
	} else {
		return nil, &SetError{Name: name, Msg: "not a value that can be set", Valid: r.SettableNames()}
	}
	if err != nil {
		return nil, &SetError{Name: name, Msg: err.Error()}
	}
	for _, m := range metas {
		m.Basis = Assumed
		m.Note = fmt.Sprintf("set to %s for this run (--set %s=%s)", strings.TrimSpace(value), name, strings.TrimSpace(value))
		if len(m.References) == 0 {
			m.References = []Reference{{Title: "set on the command line"}}
		}
	}
	c.Overrides = append(c.Overrides, name+"="+strings.TrimSpace(value))
	h := sha256.New()
	h.Write([]byte(r.SHA256))
	fmt.Fprintf(h, "\n--set %s=%s", name, strings.TrimSpace(value))
	c.SHA256 = hex.EncodeToString(h.Sum(nil))
	return c, nil
}

var errNoSuchScheme = fmt.Errorf("no such scheme")

func schemeField(name string) (id, field string, ok bool) {
	rest, ok := strings.CutPrefix(name, "schemes.")
	if !ok {
		return "", "", false
	}
	id, field, ok = strings.Cut(rest, ".")
	return id, field, ok && (field == "cap" || field == "budget" || field == "roles" || field == "driftsformer")
}

func (r *Rules) setSchemeField(id, field, value string) ([]*Meta, error) {
	for i := range r.Schemes {
		s := &r.Schemes[i]
		if s.ID != id {
			continue
		}
		switch field {
		case "roles", "driftsformer":
			return r.setCoverage(s, field, value)
		}
		if field == "cap" {
			d, err := parseMoney(value, MaxCap)
			if err != nil {
				return nil, err
			}
			s.Cap.Value = d
			return []*Meta{&s.Cap.Meta}, nil
		}
		d, err := parseMoney(value, decimal.New(1, 15))
		if err != nil {
			return nil, err
		}
		if s.Budget == nil {
			s.Budget = &Param[decimal.Decimal]{Meta: Meta{Path: "schemes." + id + ".budget", Unit: "NOK"}}
		}
		s.Budget.Value = d
		return []*Meta{&s.Budget.Meta}, nil
	}
	return nil, errNoSuchScheme
}

// ForYear returns the rules applied to another grant year: the same amounts,
// shares, coverage and durations, with the period and the dated values (the
// deadline) moved to the same day of that year (29 February to the 28th).
func (r *Rules) ForYear(year int) (*Rules, error) {
	if year == r.Year {
		return r, nil
	}
	if year < 1900 || year > 9999 {
		return nil, fmt.Errorf("%d is not a plausible grant year", year)
	}
	c := r.Clone()
	move := func(d date.Date) date.Date {
		day := d.Day()
		if last := date.DaysIn(year, d.Month()); day > last {
			day = last
		}
		return date.MustNew(year, d.Month(), day)
	}
	c.FromYear, c.Year = r.Year, year
	c.ValidFrom, c.ValidTo = move(r.ValidFrom), move(r.ValidTo)
	if c.ValidTo.Month() == time.February && r.ValidTo.Day() == date.DaysIn(r.Year, time.February) {
		c.ValidTo = date.MustNew(year, time.February, date.DaysIn(year, time.February))
	}
	if c.Deadline != nil {
		c.Deadline.Value = move(c.Deadline.Value)
	}
	h := sha256.New()
	h.Write([]byte(r.SHA256))
	fmt.Fprintf(h, "\n--grant-year %d", year)
	c.SHA256 = hex.EncodeToString(h.Sum(nil))
	return c, nil
}

// Metas returns every value's metadata, to change them in place.
func (r *Rules) Metas() []*Meta {
	ms := []*Meta{&r.Rounding.Unit.Meta, &r.Rounding.Mode.Meta, &r.Rounding.CofinancingMode.Meta, &r.Proration.Method.Meta}
	if r.Proration.PartialMonthCounts.Path != "" {
		ms = append(ms, &r.Proration.PartialMonthCounts.Meta)
	}
	if r.Deadline != nil {
		ms = append(ms, &r.Deadline.Meta)
	}
	ms = append(ms, &r.CofinancingShare.Meta)
	if r.Vikar != nil {
		ms = append(ms, &r.Vikar.MinMonths.Meta, &r.Vikar.MinQualifies.Meta)
	}
	if r.MaxGrantYears != nil {
		ms = append(ms, &r.MaxGrantYears.Meta)
	}
	ms = append(ms, &r.StaffingAgencyExcluded.Meta)
	for i := range r.Schemes {
		s := &r.Schemes[i]
		ms = append(ms, &s.Name.Meta, &s.BudgetPost.Meta, &s.Cap.Meta)
		if s.Budget != nil {
			ms = append(ms, &s.Budget.Meta)
		}
		ms = append(ms, &s.Driftsformer.Meta, &s.Roles.Meta)
	}
	return ms
}

// Draft returns a rule set for another year made from these rules: the
// period and the deadline moved to that year, and every value marked
// assumed, with a note that says where it was copied from, until someone
// checks it against a source and edits it.
func (r *Rules) Draft(year int) (*Rules, error) {
	c, err := r.ForYear(year)
	if err != nil {
		return nil, err
	}
	if c == r {
		c = r.Clone()
	}
	c.FromYear = 0
	c.Title = strings.ReplaceAll(r.Title, strconv.Itoa(r.Year), strconv.Itoa(year))
	c.Note = fmt.Sprintf("Draft for %d, made from the %d rules: every value is assumed until it is checked against a source for %d.", year, r.Year, year)
	for _, m := range c.Metas() {
		was := string(m.Basis)
		m.Basis = Assumed
		note := fmt.Sprintf("Copied from the %d rules (%s there); not yet checked for %d.", r.Year, was, year)
		if m.Note != "" {
			note += " " + m.Note
		}
		m.Note = note
	}
	return c, nil
}

// setCoverage sets whom a scheme covers, from a comma-separated list, and
// keeps each driftsform and role covered by one scheme at most.
func (r *Rules) setCoverage(s *Scheme, field, value string) ([]*Meta, error) {
	var dfs []Driftsform
	var roles []Role
	for _, item := range strings.Split(value, ",") {
		if field == "roles" {
			role, err := ParseRole(item)
			if err != nil {
				return nil, err
			}
			if !contains(roles, role) {
				roles = append(roles, role)
			}
			continue
		}
		df, err := ParseDriftsform(item)
		if err != nil {
			return nil, err
		}
		if !contains(dfs, df) {
			dfs = append(dfs, df)
		}
	}
	meta := &s.Roles.Meta
	if field == "roles" {
		if contains(roles, Vikar) && r.Vikar == nil {
			return nil, fmt.Errorf("these rules have no vikar minimum: set vikar.min_months first")
		}
		s.Roles.Value = roles
	} else {
		s.Driftsformer.Value = dfs
		meta = &s.Driftsformer.Meta
	}
	for i := range r.Schemes {
		o := &r.Schemes[i]
		if o.ID == s.ID {
			continue
		}
		for _, df := range s.Driftsformer.Value {
			for _, role := range s.Roles.Value {
				if o.Covers(df, role) {
					return nil, fmt.Errorf("%s %s is covered by scheme %q already", df, role, o.ID)
				}
			}
		}
	}
	return []*Meta{meta}, nil
}
