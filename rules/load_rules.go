package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

var (
	schemeID   = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)
	periodName = regexp.MustCompile(`^([0-9]{4})(/[0-9]{2})?$`)
)

func (l *loader) rules(root *yaml.Node) *Rules {
	r := &Rules{values: map[string]*Value{}}
	top := l.mapping(root, "")
	if top.node.Kind != yaml.MappingNode {
		return r
	}
	if n := top.need("schema"); n != nil {
		if s, ok := l.scalar(n, "schema"); ok {
			v, err := strconv.Atoi(s)
			switch {
			case err != nil:
				l.problem(n.Line, "schema", "%s is not a whole number", quote(s))
			case v == 1:
				// Everything else would be a consequence of the old schema.
				l.problem(n.Line, "schema", "schema 1 is not read by this alis, which reads schema %d: "+
					"write schema: %d, period: \"YYYY\" in place of year: YYYY, and in each scheme formula: cofinanced_cap "+
					"and grant_types (value [alis_avtale]), as rules/periods/2021.yaml does", SchemaVersion, SchemaVersion)
				return r
			case v != SchemaVersion:
				l.problem(n.Line, "schema", "schema %d is not read by this alis, which reads schema %d: see the README's Rule files, or start from alis rules new", v, SchemaVersion)
			default:
				r.Schema = v
			}
		}
	}
	periodLine := 0
	if n := top.need("period"); n != nil {
		periodLine = n.Line
		r.Period = l.period(n, "period")
	}
	if n := top.need("title"); n != nil {
		r.Title, _ = l.text(n, "title")
	}
	if n := top.optional("note"); n != nil {
		r.Note, _ = l.text(n, "note")
	}
	if n := top.optional("note_nb"); n != nil {
		r.NoteNB, _ = l.text(n, "note_nb")
	}
	if n := top.optional("note_nn"); n != nil {
		r.NoteNN, _ = l.text(n, "note_nn")
	}
	fromLine, toLine := 0, 0
	if n := top.need("valid_from"); n != nil {
		fromLine = n.Line
		r.ValidFrom, _ = l.date(n, "valid_from")
	}
	if n := top.need("valid_to"); n != nil {
		toLine = n.Line
		r.ValidTo, _ = l.date(n, "valid_to")
	}
	if n := top.optional("dates_basis"); n != nil {
		r.DatesBasis = l.basis(n, "dates_basis")
	}
	if n := top.optional("provisional"); n != nil {
		r.Provisional = l.provisional(n)
	}
	if !r.ValidFrom.IsZero() && !r.ValidTo.IsZero() {
		if r.ValidTo.Before(r.ValidFrom) {
			l.problem(toLine, "valid_to", "%s is before valid_from %s", r.ValidTo, r.ValidFrom)
		} else if m := periodName.FindStringSubmatch(r.Period); m != nil {
			if err := periodFits(r.Period, r.ValidFrom, r.ValidTo); err != nil {
				line, param := fromLine, "valid_from"
				if !r.ValidTo.Before(r.ValidFrom.AddMonths(12)) {
					line, param = toLine, "valid_to"
				}
				l.problem(line, param, "the period %s (given on line %d) %v", r.Period, periodLine, err)
			}
		}
	}
	lines := map[string]int{}
	if n := top.need("schemes"); n != nil {
		r.Schemes = l.schemes(n)
	}
	l.readTree(top, treeOf(paramsFor(false, "")), "", "", r.values, lines)
	top.done()
	l.needs(r, nil, r.values, lines, "")
	for _, s := range r.Schemes {
		l.needs(r, s, s.values, s.lines, "schemes."+s.ID)
	}
	l.coverage(r)
	if !r.ValidFrom.IsZero() && !r.ValidTo.IsZero() {
		l.deadlines(r)
	}
	return r
}

// periodFits says what is wrong when a period's name does not fit its
// days: a grant period is at most a year long, a period named by one year
// ("2021", "2023") has days in that year, and a period named by two
// ("2024/25") starts in the first and ends in the second.
func periodFits(name string, from, to date.Date) error {
	m := periodName.FindStringSubmatch(name)
	if m == nil {
		return msg.Errorf("%s is not a period name such as \"2021\" or \"2024/25\"", quote(name))
	}
	y, _ := strconv.Atoi(m[1])
	switch {
	case !to.Before(from.AddMonths(12)):
		return msg.Errorf("runs %s to %s, more than a year: a grant period is at most one, or an annual amount is prorated over more than 12 months", from, to)
	case m[2] == "" && (y < from.Year() || y > to.Year()):
		return msg.Errorf("has no day in %d: it runs %s to %s", y, from, to)
	case m[2] != "" && (from.Year() != y || to.Year()%100 != (y+1)%100):
		return msg.Errorf("is named for a period from %d to %d, but runs %s to %s", y, y+1, from, to)
	}
	return nil
}

// basis reads a basis word.
func (l *loader) basis(n *yaml.Node, path string) Basis {
	s, ok := l.scalar(n, path)
	if !ok {
		return ""
	}
	for _, b := range []Basis{Verified, Inferred, Assumed} {
		if Basis(s) == b {
			return b
		}
	}
	l.problem(n.Line, path, "%s is not one of: %s", quote(s), "verified, inferred, assumed")
	return ""
}

// period reads a period's name: "2021", "2024/25" ("" when it is not one).
func (l *loader) period(n *yaml.Node, path string) string {
	s, ok := l.text(n, path)
	if !ok {
		return ""
	}
	if !periodName.MatchString(s) {
		l.problem(n.Line, path, "%s is not a period name such as \"2021\" or \"2024/25\"", quote(s))
		return ""
	}
	return s
}

// provisional reads the mark of rules carried forward from an earlier
// period.
func (l *loader) provisional(n *yaml.Node) *Provisional {
	m := l.mapping(n, "provisional")
	if m.node.Kind != yaml.MappingNode {
		return nil
	}
	p := &Provisional{}
	if v := m.need("carried_from"); v != nil {
		p.CarriedFrom = l.period(v, "provisional.carried_from")
	}
	if v := m.need("note"); v != nil {
		p.Note, _ = l.text(v, "provisional.note")
	}
	if v := m.optional("note_nb"); v != nil {
		p.NoteNB, _ = l.text(v, "provisional.note_nb")
	}
	if v := m.optional("note_nn"); v != nil {
		p.NoteNN, _ = l.text(v, "provisional.note_nn")
	}
	m.done()
	return p
}

// deadlines holds every scheme's deadline to the period.
func (l *loader) deadlines(r *Rules) {
	for _, s := range r.Schemes {
		if d := s.values["deadline"]; d != nil && d.Known() {
			if err := checkDeadline(r, d.Date()); err != nil {
				l.problem(d.Line, d.Path, "%v", err)
			}
		}
	}
}

// checkDeadline holds a deadline to the period: on or after its first day,
// and at most six months after its last (later periods have their
// deadline after the period ends).
func checkDeadline(r *Rules, d date.Date) error {
	if d.Before(r.ValidFrom) {
		return msg.Errorf("%s is before the period %s begins (%s)", d, r.Period, r.ValidFrom)
	}
	if d.After(r.ValidTo.AddMonths(6)) {
		return msg.Errorf("%s is more than six months after the period %s ends (%s)", d, r.Period, r.ValidTo)
	}
	return nil
}

// needs reports the values a scope must give but does not, and the values
// it gives that nothing of these rules uses.
func (l *loader) needs(r *Rules, s *Scheme, store map[string]*Value, lines map[string]int, prefix string) {
	f := Formula("")
	if s != nil {
		f = s.Formula
		if f == "" {
			return
		}
	}
	for _, p := range paramsFor(s != nil, f) {
		v := store[p.Name]
		need := p.Need.required(r, s)
		switch {
		case v == nil && l.given[join(prefix, p.Name)]:
			// Given but not valid: reported where it was read.
		case v == nil && need:
			line := lines[p.Name]
			if line == 0 && s != nil {
				line = s.Line
			}
			l.problem(line, join(prefix, p.Name), "required, but missing")
		case v != nil && !need && p.Need.unused(r, s):
			l.problem(v.Line, join(prefix, p.Name), "is given, but nothing in these rules uses it: %s", p.Need.Why)
		}
	}
}

func (l *loader) schemes(n *yaml.Node) []*Scheme {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.problem(n.Line, "schemes", "must list at least one scheme")
		return nil
	}
	var out []*Scheme
	seen := map[string]int{}
	for i, item := range n.Content {
		base := fmt.Sprintf("schemes[%d]", i)
		m := l.mapping(item, base)
		if m.node.Kind != yaml.MappingNode {
			continue
		}
		s := &Scheme{Line: item.Line, values: map[string]*Value{}, lines: map[string]int{}}
		if idn := m.need("id"); idn != nil {
			if id, ok := l.scalar(idn, join(base, "id")); ok {
				switch {
				case !schemeID.MatchString(id):
					l.problem(idn.Line, join(base, "id"), "%s is not a valid id: lower-case letters, digits and _, starting with a letter", quote(id))
				case seen[id] > 0:
					l.problem(idn.Line, join(base, "id"), "%q is already the id of the scheme on line %d", id, seen[id])
				default:
					seen[id] = idn.Line
					s.ID = id
					base = "schemes." + id
					m.path = base
				}
			}
		}
		if fn := m.need("formula"); fn != nil {
			if f, ok := l.scalar(fn, join(base, "formula")); ok {
				if contains(Formulas, Formula(f)) {
					s.Formula = Formula(f)
				} else {
					l.problem(fn.Line, join(base, "formula"), "%s is not a formula alis knows: %s", quote(f), joinStrings(Formulas))
				}
			}
		}
		if s.Formula != "" {
			l.readTree(m, treeOf(paramsFor(true, s.Formula)), base, "", s.values, s.lines)
			m.done()
		}
		out = append(out, s)
	}
	return out
}

// coverage reports two schemes that cover the same grant type, driftsform
// and role: an agreement must belong to one scheme at most.
func (l *loader) coverage(r *Rules) {
	for _, s := range r.Schemes {
		if s.values["driftsformer"] == nil && l.given["schemes."+s.ID+".driftsformer"] {
			return // whom the scheme covers is not known: reported already
		}
	}
	if err := overlap(r); err != nil {
		l.problem(err.line, err.path, "%w", err.err)
	}
}

type overlapError struct {
	line int
	path string
	err  error
}

func overlap(r *Rules) *overlapError {
	type key struct{ gt, df, role string }
	covered := map[key]string{}
	for _, s := range r.Schemes {
		gt, roles := s.Get(SchemeGrantTypes), s.Get(SchemeRoles)
		if gt == nil || roles == nil || s.ID == "" {
			continue
		}
		dfs := DriftsformWords
		if df := s.Get(SchemeDriftsformer); df != nil {
			dfs = df.List()
		}
		for _, g := range gt.List() {
			for _, df := range dfs {
				for _, role := range roles.List() {
					k := key{g, df, role}
					if other, dup := covered[k]; dup {
						return &overlapError{roles.Line, "schemes." + s.ID + ".roles",
							msg.Errorf("%s %s %s is already covered by scheme %q: each grant type, driftsform and role may be covered by one scheme", g, df, role, other)}
					}
					covered[k] = s.ID
				}
			}
		}
	}
	return nil
}

func joinStrings[T ~string](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = string(x)
	}
	return strings.Join(parts, ", ")
}
