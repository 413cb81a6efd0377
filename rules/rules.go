package rules

import (
	"strings"

	"github.com/alis-tilskudd/alis/internal/msg"

	"github.com/alis-tilskudd/alis/rules/date"
)

// SchemaVersion is the rule-file schema this package reads.
const SchemaVersion = 2

// Rules is one grant period's rule file, loaded and validated. Its values
// are read by name (Value, and Scheme.Value), as the registry describes
// them.
type Rules struct {
	Schema int
	// Period names the grant period: "2021", "2024/25".
	Period    string
	Title     string
	Note      string
	NoteNB    string // the note in bokmål, where the file gives it
	NoteNN    string // the note in nynorsk, where the file gives it
	ValidFrom date.Date
	ValidTo   date.Date
	// DatesBasis is the basis of ValidFrom and ValidTo ("" when the file
	// does not say).
	DatesBasis Basis
	// Provisional is set when no source has published rules for the
	// period: the values are carried forward from an earlier period.
	Provisional *Provisional
	Schemes     []*Scheme

	values map[string]*Value // file values by name

	// Source names where the rules came from: "embedded:2021.yaml" or a path.
	Source string
	// SHA256 is the hex digest of the file's bytes, and of the changes made
	// for a run (Set, Shift) when there are any.
	SHA256 string
	// Overrides lists the values set for a run, as NAME=VALUE, in order.
	Overrides []string
	// ShiftedFrom is the period of the rule file when Shift moved the rules
	// to another grant period; "" when they apply to their own.
	ShiftedFrom string
}

// Provisional marks rules that no source has published for their period:
// every value carried forward from an earlier period, until a rule file
// from the published rules replaces them.
type Provisional struct {
	// CarriedFrom is the period the values were carried from: "2025/26".
	CarriedFrom          string
	Note, NoteNB, NoteNN string
}

// NoteIn is the provisional note in l: bokmål or nynorsk where the file
// gives it, as Meta.NoteIn.
func (p *Provisional) NoteIn(l msg.Lang) string { return noteIn(l, p.Note, p.NoteNB, p.NoteNN) }

// NoteInBokmal reports whether NoteIn(l) is bokmål where nynorsk was asked
// for.
func (p *Provisional) NoteInBokmal(l msg.Lang) bool { return inBokmal(l, p.NoteNB, p.NoteNN) }

// Scheme is one tilskuddsordning of the period.
type Scheme struct {
	ID      string
	Formula Formula
	Line    int
	values  map[string]*Value
	lines   map[string]int // where missing values would go, for messages
}

// Value returns the file value of that name (as in "rounding.unit"), or
// nil when the file does not give it.
func (r *Rules) Value(name string) *Value { return r.values[name] }

// Value returns the scheme's value of that name (as in "cap"), or nil when
// the scheme does not give it.
func (s *Scheme) Value(name string) *Value { return s.values[name] }

// Name is the scheme's name.
func (s *Scheme) Name() string { return s.Get(SchemeName).Text() }

// ShortName is the short form of the scheme's name the rule file gives for
// narrow columns, or its name.
func (s *Scheme) ShortName() string {
	if v := s.Get(SchemeShortName); v != nil {
		return v.Text()
	}
	return s.Name()
}

// Scheme returns the scheme with that id, or nil.
func (r *Rules) Scheme(id string) *Scheme {
	for _, s := range r.Schemes {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Year is the calendar year the period starts in.
func (r *Rules) Year() int { return r.ValidFrom.Year() }

// ProvisionalFrom is the period provisional rules carry their values from,
// or "" for rules that are not provisional.
func (r *Rules) ProvisionalFrom() string {
	if r.Provisional == nil {
		return ""
	}
	return r.Provisional.CarriedFrom
}

// Covers reports whether the scheme covers a grant type, driftsform and
// role (a driftsform of "" matches any; a scheme without driftsformer
// covers every one).
func (s *Scheme) Covers(grantType, driftsform, role string) bool {
	if !s.Get(SchemeGrantTypes).Has(grantType) || !s.Get(SchemeRoles).Has(role) {
		return false
	}
	df := s.Get(SchemeDriftsformer)
	return df == nil || driftsform == "" || df.Has(driftsform)
}

// Lookup is which scheme covers an agreement, and why none does.
type Lookup struct {
	Scheme *Scheme
	// Near is the scheme that covers the grant type and driftsform but not
	// the role, when Scheme is nil.
	Near *Scheme
	// Consulted are the values the lookup read, for the sources of the
	// result.
	Consulted []*Value
}

// SchemeFor finds the scheme that covers an agreement of a grant type,
// driftsform and role. When none does, Near is the scheme that covers the
// grant type and driftsform but not the role, if any.
func (r *Rules) SchemeFor(grantType, driftsform, role string) Lookup {
	var l Lookup
	for _, s := range r.Schemes {
		gt, roles, df := s.Get(SchemeGrantTypes), s.Get(SchemeRoles), s.Get(SchemeDriftsformer)
		if !gt.Has(grantType) || (df != nil && driftsform != "" && !df.Has(driftsform)) {
			continue
		}
		l.Consulted = append(l.Consulted, gt)
		if df != nil {
			l.Consulted = append(l.Consulted, df)
		}
		l.Consulted = append(l.Consulted, roles)
		if roles.Has(role) {
			l.Scheme = s
			return l
		}
		if l.Near == nil {
			l.Near = s
		}
	}
	if l.Near == nil {
		// No scheme covers it: the schemes of the grant type ruled it
		// out by driftsform; with none of the grant type, every scheme's
		// grant types did.
		any := false
		for _, s := range r.Schemes {
			if gt := s.Get(SchemeGrantTypes); gt.Has(grantType) {
				any = true
				l.Consulted = append(l.Consulted, gt)
				if df := s.Get(SchemeDriftsformer); df != nil {
					l.Consulted = append(l.Consulted, df)
				}
			}
		}
		if !any {
			for _, s := range r.Schemes {
				l.Consulted = append(l.Consulted, s.Get(SchemeGrantTypes))
			}
		}
	}
	return l
}

// Params lists every value of the rules in file order: the file's values,
// then each scheme's.
func (r *Rules) Params() []*Value {
	var out []*Value
	for _, p := range paramsFor(false, "") {
		if v := r.values[p.Name]; v != nil {
			out = append(out, v)
		}
	}
	for _, s := range r.Schemes {
		for _, p := range paramsFor(true, s.Formula) {
			if v := s.values[p.Name]; v != nil {
				out = append(out, v)
			}
		}
	}
	return out
}

// Label names the rules in output: the period, or a rule file's base name
// without .yaml; the period shifted to, and the overrides.
func (r *Rules) Label() string {
	l := r.Period
	if r.ShiftedFrom != "" {
		l = r.ShiftedFrom
	}
	if !strings.HasPrefix(r.Source, EmbeddedPrefix) {
		base := r.Source[strings.LastIndexAny(r.Source, `/\`)+1:]
		l = strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	}
	if r.ShiftedFrom != "" {
		l += "→" + r.Period
	}
	for _, o := range r.Overrides {
		l += "+" + o
	}
	return l
}

// Count is how many values of the rules have each basis.
func (r *Rules) Count() map[Basis]int {
	n := map[Basis]int{}
	for _, v := range r.Params() {
		n[v.Basis]++
	}
	return n
}

// Clone returns a deep copy of the rules.
func (r *Rules) Clone() *Rules {
	c := *r
	c.Overrides = append([]string(nil), r.Overrides...)
	if r.Provisional != nil {
		p := *r.Provisional
		c.Provisional = &p
	}
	c.values = cloneValues(r.values)
	c.Schemes = make([]*Scheme, len(r.Schemes))
	for i, s := range r.Schemes {
		cs := *s
		cs.values = cloneValues(s.values)
		c.Schemes[i] = &cs
	}
	return &c
}

func cloneValues(m map[string]*Value) map[string]*Value {
	out := make(map[string]*Value, len(m))
	for k, v := range m {
		out[k] = v.clone()
	}
	return out
}
