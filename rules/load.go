package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/alis-tilskudd/alis/internal/clip"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Limits that keep every amount inside the exact integer arithmetic of the
// batch path (see package calc). A rule file beyond them is rejected.
var (
	// MaxCap is the largest annual cap per agreement a rule file may give.
	MaxCap = decimal.New(100_000_000, 0)
	// MaxRoundingUnit is the largest rounding unit.
	MaxRoundingUnit = decimal.New(1000, 0)
	// MaxShareDecimals is the most decimals a share may have.
	MaxShareDecimals = 6
)

var one = decimal.New(1, 0)

// Problem is one thing wrong with a rule file.
type Problem struct {
	Line  int    // 1-based; 0 when the problem has no place in the file
	Param string // the parameter, as in "schemes.naering.cap"
	Msg   string
}

// LoadError lists every problem found in a rule file.
type LoadError struct {
	File     string
	Problems []Problem
}

func (e *LoadError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
		if p.Param != "" {
			b.WriteString(p.Param)
			b.WriteString(": ")
		}
		b.WriteString(p.Msg)
	}
	return b.String()
}

// MaxFileSize is the largest rule file Load reads.
const MaxFileSize = 1 << 20

// Load parses and validates a rule file. name is used in messages and as the
// rules' Source. On failure the error is a *LoadError listing every problem.
func Load(name string, data []byte) (*Rules, error) {
	l := &loader{file: name}
	if len(data) > MaxFileSize {
		l.problem(0, "", "the file is %d bytes; a rule file may be at most %d", len(data), MaxFileSize)
		return nil, l.err()
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			l.problem(0, "", "the file is empty")
		} else {
			l.yamlError(err)
		}
		return nil, l.err()
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		l.problem(extra.Line, "", "a rule file holds one YAML document; found a second")
	} else if !errors.Is(err, io.EOF) {
		l.yamlError(err)
	}
	if len(doc.Content) == 0 {
		l.problem(doc.Line, "", "the file is empty")
		return nil, l.err()
	}
	r := l.rules(doc.Content[0])
	if len(l.probs) > 0 {
		return nil, l.err()
	}
	sum := sha256.Sum256(data)
	r.SHA256 = hex.EncodeToString(sum[:])
	r.Source = name
	return r, nil
}

type loader struct {
	file  string
	probs []Problem
}

func (l *loader) problem(line int, param, format string, args ...any) {
	l.probs = append(l.probs, Problem{Line: line, Param: param, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) err() error {
	if len(l.probs) == 0 {
		return nil
	}
	sort.SliceStable(l.probs, func(i, j int) bool { return l.probs[i].Line < l.probs[j].Line })
	return &LoadError{File: l.file, Problems: l.probs}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (l *loader) yamlError(err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		l.problem(n, "", "not valid YAML: %s", m[2])
		return
	}
	l.problem(0, "", "not valid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

// mapping is a YAML mapping being read: it remembers which keys were taken
// so that the rest can be reported as unknown.
type mapping struct {
	l     *loader
	node  *yaml.Node
	path  string
	keys  map[string]*yaml.Node // key -> value node
	lines map[string]int        // key -> line of the key
	order []string
	taken map[string]bool
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// isNull reports whether a node is YAML's null: nothing, ~ or null.
func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// check reports anything in a node that rule files do not allow. yaml.v3
// reports neither aliases nor duplicate keys when reading into a node tree,
// so both are caught here.
func (l *loader) check(n *yaml.Node, path string) bool {
	if n.Kind == yaml.AliasNode {
		l.problem(n.Line, path, "YAML aliases (*%s) are not allowed in rule files: write the value out", n.Value)
		return false
	}
	return true
}

func (l *loader) mapping(n *yaml.Node, path string) *mapping {
	m := &mapping{l: l, node: n, path: path, keys: map[string]*yaml.Node{}, lines: map[string]int{}, taken: map[string]bool{}}
	if !l.check(n, path) {
		return m
	}
	if n.Kind != yaml.MappingNode {
		l.problem(n.Line, path, "must be a mapping of keys to values, not %s", describe(n))
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			l.problem(k.Line, path, "keys must be plain names")
			continue
		}
		if k.Value == "<<" {
			l.problem(k.Line, join(path, k.Value), "YAML merge keys are not allowed in rule files")
			continue
		}
		if first, dup := m.lines[k.Value]; dup {
			l.problem(k.Line, join(path, k.Value), "duplicate key (first given on line %d)", first)
			continue
		}
		m.keys[k.Value] = v
		m.lines[k.Value] = k.Line
		m.order = append(m.order, k.Value)
	}
	return m
}

// take returns the value of key, or nil when the key is absent.
func (m *mapping) take(key string) *yaml.Node {
	m.taken[key] = true
	return m.keys[key]
}

// need is take for a required key: absence and null are problems.
func (m *mapping) need(key string) *yaml.Node {
	v := m.take(key)
	if m.node.Kind != yaml.MappingNode {
		return nil
	}
	if v == nil {
		m.l.problem(m.node.Line, join(m.path, key), "required, but missing")
		return nil
	}
	if isNull(v) {
		m.l.problem(v.Line, join(m.path, key), "required, but has no value (null)")
		return nil
	}
	if !m.l.check(v, join(m.path, key)) {
		return nil
	}
	return v
}

// optional is take for an optional key: absence is fine, an explicit null is
// a problem (write nothing rather than null, so that a forgotten value is
// never read as zero).
func (m *mapping) optional(key string) *yaml.Node {
	v := m.take(key)
	if v == nil {
		return nil
	}
	if isNull(v) {
		m.l.problem(v.Line, join(m.path, key), "has no value (null): give a value or leave the key out")
		return nil
	}
	if !m.l.check(v, join(m.path, key)) {
		return nil
	}
	return v
}

// done reports every key that was not taken.
func (m *mapping) done() {
	var known []string
	for k := range m.taken {
		known = append(known, k)
	}
	sort.Strings(known)
	for _, k := range m.order {
		if !m.taken[k] {
			m.l.problem(m.lines[k], join(m.path, k), "unknown key; known keys here: %s", strings.Join(known, ", "))
		}
	}
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		if isNull(n) {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "this"
}

func (l *loader) scalar(n *yaml.Node, path string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		l.problem(n.Line, path, "must be a single value, not %s", describe(n))
		return "", false
	}
	return n.Value, true
}

var decimalText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func (l *loader) decimal(n *yaml.Node, path string) (decimal.Decimal, bool) {
	s, ok := l.scalar(n, path)
	if !ok {
		return decimal.Decimal{}, false
	}
	if !decimalText.MatchString(s) {
		l.problem(n.Line, path, "%s is not a decimal number (write 240000 or 0.20: no spaces, commas or exponents)", clip.Quote(s))
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		l.problem(n.Line, path, "%s is not a decimal number", clip.Quote(s))
		return decimal.Decimal{}, false
	}
	return d, true
}

func (l *loader) integer(n *yaml.Node, path string) (int, bool) {
	s, ok := l.scalar(n, path)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil || len(s) > 9 {
		l.problem(n.Line, path, "%s is not a whole number", clip.Quote(s))
		return 0, false
	}
	return v, true
}

func (l *loader) boolean(n *yaml.Node, path string) (bool, bool) {
	s, ok := l.scalar(n, path)
	if !ok {
		return false, false
	}
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	l.problem(n.Line, path, "%s is not true or false", clip.Quote(s))
	return false, false
}

func (l *loader) date(n *yaml.Node, path string) (date.Date, bool) {
	s, ok := l.scalar(n, path)
	if !ok {
		return date.Date{}, false
	}
	d, err := date.ParseISO(s)
	if err != nil {
		l.problem(n.Line, path, "%v", err)
		return date.Date{}, false
	}
	return d, true
}

func (l *loader) text(n *yaml.Node, path string) (string, bool) {
	s, ok := l.scalar(n, path)
	if !ok {
		return "", false
	}
	if strings.TrimSpace(s) == "" {
		l.problem(n.Line, path, "must not be empty")
		return "", false
	}
	return s, true
}

// enum reads one of the allowed words.
func enum[T ~string](l *loader, n *yaml.Node, path string, allowed ...T) (T, bool) {
	s, ok := l.scalar(n, path)
	if !ok {
		return "", false
	}
	for _, a := range allowed {
		if s == string(a) {
			return a, true
		}
	}
	l.problem(n.Line, path, "%s is not one of: %s", clip.Quote(s), joinStrings(allowed))
	return "", false
}

// list reads a non-empty list of distinct words from the allowed set.
func list[T ~string](l *loader, n *yaml.Node, path string, allowed ...T) ([]T, bool) {
	if n.Kind != yaml.SequenceNode {
		l.problem(n.Line, path, "must be a list such as [%s], not %s", joinStrings(allowed), describe(n))
		return nil, false
	}
	if len(n.Content) == 0 {
		l.problem(n.Line, path, "must list at least one of: %s", joinStrings(allowed))
		return nil, false
	}
	var out []T
	ok := true
	for _, item := range n.Content {
		if !l.check(item, path) {
			ok = false
			continue
		}
		v, good := enum(l, item, path, allowed...)
		if !good {
			ok = false
			continue
		}
		if contains(out, v) {
			l.problem(item.Line, path, "%q is listed twice", v)
			ok = false
			continue
		}
		out = append(out, v)
	}
	return out, ok
}

// param reads a value with its metadata:
//
//	key:
//	  value: ...
//	  unit: ...
//	  basis: verified | inferred | assumed
//	  references: [{title: ..., href: ...}]
//	  note: ...   (optional)
//	  quote: ...  (optional: the source's own words)
func param[T any](l *loader, n *yaml.Node, path, unit string, read func(*yaml.Node, string) (T, bool)) (Param[T], bool) {
	var p Param[T]
	p.Path = path
	if n == nil {
		return p, false
	}
	p.Line = n.Line
	m := l.mapping(n, path)
	if m.node.Kind != yaml.MappingNode {
		return p, false
	}
	ok := true
	if v := m.need("value"); v != nil {
		p.Value, ok = read(v, path)
	} else {
		ok = false
	}
	if u := m.need("unit"); u != nil {
		if s, good := l.scalar(u, join(path, "unit")); good {
			p.Unit = s
			if s != unit {
				l.problem(u.Line, join(path, "unit"), "%q is the wrong unit: this value is in %q", s, unit)
				ok = false
			}
		}
	} else {
		ok = false
	}
	if b := m.need("basis"); b != nil {
		p.Basis, _ = enum(l, b, join(path, "basis"), Verified, Inferred, Assumed)
	}
	if refs := m.need("references"); refs != nil {
		p.References = l.references(refs, join(path, "references"))
	}
	if v := m.optional("note"); v != nil {
		p.Note, _ = l.text(v, join(path, "note"))
	}
	if v := m.optional("quote"); v != nil {
		p.Quote, _ = l.text(v, join(path, "quote"))
	}
	m.done()
	return p, ok
}

func (l *loader) references(n *yaml.Node, path string) []Reference {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.problem(n.Line, path, "must list at least one source as {title: ..., href: ...}")
		return nil
	}
	var out []Reference
	for _, item := range n.Content {
		m := l.mapping(item, path)
		if m.node.Kind != yaml.MappingNode {
			continue
		}
		var r Reference
		if t := m.need("title"); t != nil {
			r.Title, _ = l.text(t, join(path, "title"))
		}
		if h := m.optional("href"); h != nil {
			if s, ok := l.text(h, join(path, "href")); ok {
				if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
					l.problem(h.Line, join(path, "href"), "%q is not a web address (http:// or https://)", s)
				}
				r.Href = s
			}
		}
		m.done()
		out = append(out, r)
	}
	return out
}

var schemeID = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

func (l *loader) rules(root *yaml.Node) *Rules {
	r := &Rules{}
	top := l.mapping(root, "")
	if top.node.Kind != yaml.MappingNode {
		return r
	}
	if n := top.need("schema"); n != nil {
		if v, ok := l.integer(n, "schema"); ok {
			r.Schema = v
			if v != SchemaVersion {
				l.problem(n.Line, "schema", "schema %d is not supported; this alis reads schema %d", v, SchemaVersion)
			}
		}
	}
	yearLine := 0
	if n := top.need("year"); n != nil {
		yearLine = n.Line
		if v, ok := l.integer(n, "year"); ok {
			if v < 1900 || v > 9999 {
				l.problem(n.Line, "year", "%d is not a plausible grant year", v)
			} else {
				r.Year = v
			}
		}
	}
	if n := top.need("title"); n != nil {
		r.Title, _ = l.text(n, "title")
	}
	if n := top.optional("note"); n != nil {
		r.Note, _ = l.text(n, "note")
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
	if r.Year != 0 && !r.ValidFrom.IsZero() && r.ValidFrom.Year() != r.Year {
		l.problem(fromLine, "valid_from", "%s is not in the year %d (given on line %d)", r.ValidFrom, r.Year, yearLine)
	}
	if r.Year != 0 && !r.ValidTo.IsZero() && r.ValidTo.Year() != r.Year {
		l.problem(toLine, "valid_to", "%s is not in the year %d (given on line %d)", r.ValidTo, r.Year, yearLine)
	}
	if !r.ValidFrom.IsZero() && !r.ValidTo.IsZero() && r.ValidTo.Before(r.ValidFrom) {
		l.problem(toLine, "valid_to", "%s is before valid_from %s", r.ValidTo, r.ValidFrom)
	}

	if n := top.need("rounding"); n != nil {
		m := l.mapping(n, "rounding")
		unit, ok := param(l, m.need("unit"), "rounding.unit", "NOK", l.decimal)
		r.Rounding.Unit = unit
		if ok {
			switch {
			case unit.Value.Sign() <= 0:
				l.problem(unit.Line, unit.Path, "must be more than 0 (1 rounds to whole kroner)")
			case !unit.Value.Mul(decimal.New(100, 0)).IsInteger():
				l.problem(unit.Line, unit.Path, "%s is not a whole number of øre", unit.Value)
			case unit.Value.GreaterThan(MaxRoundingUnit):
				l.problem(unit.Line, unit.Path, "%s is more than the largest unit, %s", unit.Value, MaxRoundingUnit)
			}
		}
		r.Rounding.Mode, _ = param(l, m.need("mode"), "rounding.mode", "mode", func(n *yaml.Node, p string) (RoundingMode, bool) {
			return enum(l, n, p, HalfUp, Down)
		})
		r.Rounding.CofinancingMode, _ = param(l, m.need("cofinancing_mode"), "rounding.cofinancing_mode", "mode", func(n *yaml.Node, p string) (RoundingMode, bool) {
			return enum(l, n, p, HalfUp, Down)
		})
		m.done()
	}
	if n := top.need("proration"); n != nil {
		m := l.mapping(n, "proration")
		r.Proration.Method, _ = param(l, m.need("method"), "proration.method", "method", func(n *yaml.Node, p string) (ProrationMethod, bool) {
			return enum(l, n, p, WholeMonths, Days, NoProration)
		})
		pm := m.take("partial_month_counts")
		switch {
		case r.Proration.Method.Value == WholeMonths:
			if pm == nil || isNull(pm) {
				m.need("partial_month_counts")
			} else {
				r.Proration.PartialMonthCounts, _ = param(l, pm, "proration.partial_month_counts", "boolean", l.boolean)
			}
		case pm != nil && r.Proration.Method.Value != "":
			l.problem(pm.Line, "proration.partial_month_counts", "only applies when the method is whole_months, not %s", r.Proration.Method.Value)
		}
		m.done()
	}
	if n := top.optional("deadline"); n != nil {
		p, ok := param(l, n, "deadline", "date", l.date)
		if ok {
			if r.Year != 0 && p.Value.Year() != r.Year {
				l.problem(p.Line, "deadline", "%s is not in the year %d", p.Value, r.Year)
			}
			r.Deadline = &p
		}
	}
	r.CofinancingShare, _ = param(l, top.need("cofinancing_share"), "cofinancing_share", "share", l.share)
	if n := top.optional("vikar"); n != nil {
		m := l.mapping(n, "vikar")
		v := &VikarRule{}
		v.MinMonths, _ = param(l, m.need("min_months"), "vikar.min_months", "months", func(n *yaml.Node, p string) (int, bool) {
			x, ok := l.integer(n, p)
			if ok && (x < 0 || x > 120) {
				l.problem(n.Line, p, "%d is outside 0..120 months", x)
				return 0, false
			}
			return x, ok
		})
		v.MinQualifies, _ = param(l, m.need("min_qualifies"), "vikar.min_qualifies", "boolean", l.boolean)
		m.done()
		r.Vikar = v
	}
	if n := top.optional("max_grant_years"); n != nil {
		p, ok := param(l, n, "max_grant_years", "years", func(n *yaml.Node, path string) (int, bool) {
			x, ok := l.integer(n, path)
			if ok && (x < 1 || x > 100) {
				l.problem(n.Line, path, "%d is outside 1..100 years", x)
				return 0, false
			}
			return x, ok
		})
		if ok {
			r.MaxGrantYears = &p
		}
	}
	r.StaffingAgencyExcluded, _ = param(l, top.need("staffing_agency_excluded"), "staffing_agency_excluded", "boolean", l.boolean)
	if n := top.need("schemes"); n != nil {
		r.Schemes = l.schemes(n)
	}
	top.done()

	if r.Vikar == nil {
		for _, s := range r.Schemes {
			if contains(s.Roles.Value, Vikar) {
				l.problem(s.Roles.Line, s.Roles.Path, "covers vikar, so the file must give vikar.min_months and vikar.min_qualifies")
			}
		}
	}
	return r
}

func (l *loader) share(n *yaml.Node, path string) (decimal.Decimal, bool) {
	d, ok := l.decimal(n, path)
	if !ok {
		return d, false
	}
	if d.Sign() < 0 || d.GreaterThan(one) {
		l.problem(n.Line, path, "%s is outside 0..1 (write 20 %% as 0.20)", d)
		return d, false
	}
	if -d.Exponent() > int32(MaxShareDecimals) && !d.Equal(d.Round(int32(MaxShareDecimals))) {
		l.problem(n.Line, path, "%s has more than %d decimals", d, MaxShareDecimals)
		return d, false
	}
	return d, true
}

func (l *loader) money(n *yaml.Node, path string) (decimal.Decimal, bool) {
	d, ok := l.decimal(n, path)
	if !ok {
		return d, false
	}
	if d.Sign() < 0 {
		l.problem(n.Line, path, "%s is negative", d)
		return d, false
	}
	if !d.Equal(d.Round(2)) {
		l.problem(n.Line, path, "%s has more than two decimals (øre)", d)
		return d, false
	}
	return d, true
}

func (l *loader) schemes(n *yaml.Node) []Scheme {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.problem(n.Line, "schemes", "must list at least one scheme")
		return nil
	}
	var out []Scheme
	seen := map[string]int{}
	type pair struct {
		df   Driftsform
		role Role
	}
	covered := map[pair]string{}
	for i, item := range n.Content {
		base := fmt.Sprintf("schemes[%d]", i)
		m := l.mapping(item, base)
		if m.node.Kind != yaml.MappingNode {
			continue
		}
		s := Scheme{Line: item.Line}
		if idn := m.need("id"); idn != nil {
			if id, ok := l.scalar(idn, join(base, "id")); ok {
				switch {
				case !schemeID.MatchString(id):
					l.problem(idn.Line, join(base, "id"), "%q is not a valid id: lower-case letters, digits and _, starting with a letter", id)
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
		s.Name, _ = param(l, m.need("name"), join(base, "name"), "text", l.text)
		s.BudgetPost, _ = param(l, m.need("budget_post"), join(base, "budget_post"), "text", l.text)
		s.Cap, _ = param(l, m.need("cap"), join(base, "cap"), "NOK/year", func(n *yaml.Node, p string) (decimal.Decimal, bool) {
			d, ok := l.money(n, p)
			if ok && d.GreaterThan(MaxCap) {
				l.problem(n.Line, p, "%s is more than the largest cap alis computes with, %s", d, MaxCap)
				return d, false
			}
			return d, ok
		})
		if bn := m.optional("budget"); bn != nil {
			if p, ok := param(l, bn, join(base, "budget"), "NOK", l.money); ok {
				s.Budget = &p
			}
		}
		s.Driftsformer, _ = param(l, m.need("driftsformer"), join(base, "driftsformer"), "list", func(n *yaml.Node, p string) ([]Driftsform, bool) {
			return list(l, n, p, Driftsformer...)
		})
		s.Roles, _ = param(l, m.need("roles"), join(base, "roles"), "list", func(n *yaml.Node, p string) ([]Role, bool) {
			return list(l, n, p, Roles...)
		})
		m.done()
		for _, df := range s.Driftsformer.Value {
			for _, role := range s.Roles.Value {
				k := pair{df, role}
				if other, dup := covered[k]; dup && s.ID != "" {
					l.problem(s.Roles.Line, join(base, "roles"), "%s %s is already covered by scheme %q: each driftsform and role may be covered by one scheme", df, role, other)
				} else {
					covered[k] = s.ID
				}
			}
		}
		out = append(out, s)
	}
	return out
}
