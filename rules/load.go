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

	"gopkg.in/yaml.v3"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Problem is one thing wrong with a rule file.
type Problem struct {
	Line  int    // 1-based; 0 when the problem has no place in the file
	Param string // the parameter, as in "schemes.naering.cap"
	Err   error  // what is wrong; msg.Text says it in bokmål or English
}

// LoadError lists every problem found in a rule file.
type LoadError struct {
	File     string
	Problems []Problem
}

func (e *LoadError) Error() string { return e.Text(msg.EN) }

// Text lists the problems in l, one a line: FILE:LINE: PARAM: what is wrong.
func (e *LoadError) Text(l msg.Lang) string {
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
		b.WriteString(msg.Text(l, p.Err))
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
	given map[string]bool // values present in the file, read or not, by full path
}

// problem records a problem at a line and a parameter.
//
//msg:format
func (l *loader) problem(line int, param, format string, args ...any) {
	l.probs = append(l.probs, Problem{Line: line, Param: param, Err: msg.Errorf(format, args...)})
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
	text := err.Error()
	if m := yamlLine.FindStringSubmatch(text); m != nil {
		n, _ := strconv.Atoi(m[1])
		l.problem(n, "", "not valid YAML: %s", m[2])
		return
	}
	l.problem(0, "", "not valid YAML: %s", strings.TrimPrefix(text, "yaml: "))
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

func describe(n *yaml.Node) msg.Texter {
	switch n.Kind {
	case yaml.SequenceNode:
		return msg.New("a list")
	case yaml.MappingNode:
		return msg.New("a mapping")
	case yaml.ScalarNode:
		if isNull(n) {
			return msg.New("null")
		}
		return quote(n.Value)
	}
	return msg.New("this")
}

func (l *loader) scalar(n *yaml.Node, path string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		l.problem(n.Line, path, "must be a single value, not %s", describe(n))
		return "", false
	}
	if i, r, bad := controlIn(n.Value, multiline(path)); bad {
		l.problem(n.Line, path, "has the control character U+%04X at character %d: a rule file's texts are printed to terminals, and may hold no control characters (a note or quote may hold tabs and line breaks)", r, i)
		return "", false
	}
	return n.Value, true
}

// multiline says whether a text may run over lines: notes and quotes.
func multiline(path string) bool {
	last := path[strings.LastIndexByte(path, '.')+1:]
	return last == "note" || last == "note_nb" || last == "quote"
}

// controlIn finds the first control character of s (C0, DEL, C1, or a
// bidirectional control that reorders what a terminal shows), allowing tab
// and line feed where lines allows them; i counts characters from 1.
func controlIn(s string, lines bool) (i int, r rune, bad bool) {
	for _, c := range s {
		i++
		switch {
		case lines && (c == '\t' || c == '\n'):
		case c < 0x20, c >= 0x7f && c <= 0x9f, c >= 0x202a && c <= 0x202e, c >= 0x2066 && c <= 0x2069, c == 0x200e, c == 0x200f, c == 0x061c:
			return i, c, true
		}
	}
	return 0, 0, false
}

var decimalText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func quote(s string) msg.Quoted { return msg.Quote(s) }

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

// node is a level of the tree of names a scope's values make: rounding
// holds unit and mode.
type node struct {
	keys     []string
	children map[string]*node
	param    *Param
}

func treeOf(ps []*Param) *node {
	root := &node{children: map[string]*node{}}
	for _, p := range ps {
		n := root
		for _, part := range strings.Split(p.Name, ".") {
			c, ok := n.children[part]
			if !ok {
				c = &node{children: map[string]*node{}}
				n.children[part] = c
				n.keys = append(n.keys, part)
			}
			n = c
		}
		n.param = p
	}
	return root
}

// readTree reads the values of a tree of names from a mapping into store.
// The lines of mappings are kept in lines, for the values that are missing.
func (l *loader) readTree(m *mapping, t *node, prefix, name string, store map[string]*Value, lines map[string]int) {
	for _, k := range t.keys {
		c := t.children[k]
		full := join(name, k)
		if c.param != nil {
			n := m.take(k)
			lines[full] = m.node.Line
			if n == nil {
				continue
			}
			if l.given == nil {
				l.given = map[string]bool{}
			}
			l.given[join(prefix, full)] = true
			if isNull(n) {
				l.problem(n.Line, join(prefix, full), "has no value (null): give a value or leave the key out")
				continue
			}
			if v, ok := l.value(n, c.param, join(prefix, full)); ok {
				store[full] = v
			}
			continue
		}
		n := m.take(k)
		if n == nil || isNull(n) {
			setLines(c, full, m.node.Line, lines)
			continue
		}
		sub := l.mapping(n, join(prefix, full))
		if sub.node.Kind != yaml.MappingNode {
			continue
		}
		l.readTree(sub, c, prefix, full, store, lines)
		sub.done()
	}
}

// setLines gives every value under a missing mapping the line of the
// mapping it is missing from.
func setLines(t *node, name string, line int, lines map[string]int) {
	for _, k := range t.keys {
		c := t.children[k]
		if c.param != nil {
			lines[join(name, k)] = line
		} else {
			setLines(c, join(name, k), line, lines)
		}
	}
}

// value reads one value with its metadata:
//
//	key:
//	  value: ...
//	  unit: ...
//	  basis: verified | inferred | assumed | unknown
//	  references: [{title: ..., href: ...}]
//	  note: ...   (optional; required with basis unknown: what was searched)
//	  quote: ...  (optional: the source's own words)
//
// A value whose basis is unknown has no value key.
func (l *loader) value(n *yaml.Node, p *Param, path string) (*Value, bool) {
	v := &Value{Param: p, Meta: Meta{Path: path, Line: n.Line}}
	m := l.mapping(n, path)
	if m.node.Kind != yaml.MappingNode {
		return nil, false
	}
	ok := true
	if b := m.need("basis"); b != nil {
		if s, good := l.scalar(b, join(path, "basis")); good {
			allowed := []Basis{Verified, Inferred, Assumed}
			if p.Unknowable {
				allowed = Bases
			}
			if contains(allowed, Basis(s)) {
				v.Basis = Basis(s)
			} else {
				l.problem(b.Line, join(path, "basis"), "%s is not one of: %s", quote(s), joinStrings(allowed))
				ok = false
			}
		}
	} else {
		ok = false
	}
	if v.Basis == Unknown {
		if x := m.take("value"); x != nil {
			l.problem(x.Line, join(path, "value"), "a value whose basis is unknown has no value: leave the key out, or give the value and its basis")
			ok = false
		}
	} else if x := m.need("value"); x != nil {
		ok = l.readValue(x, v, path) && ok
	} else {
		ok = false
	}
	if u := m.need("unit"); u != nil {
		if s, good := l.scalar(u, join(path, "unit")); good {
			v.Unit = s
			if s != p.Unit {
				l.problem(u.Line, join(path, "unit"), "%s is the wrong unit: this value is in %q", quote(s), p.Unit)
				ok = false
			}
		}
	} else {
		ok = false
	}
	if refs := m.need("references"); refs != nil {
		v.References = l.references(refs, join(path, "references"))
	}
	if x := m.optional("note"); x != nil {
		v.Note, _ = l.text(x, join(path, "note"))
	} else if v.Basis == Unknown {
		l.problem(n.Line, join(path, "note"), "a value whose basis is unknown needs a note that says what was searched")
	}
	if x := m.optional("note_nb"); x != nil {
		v.NoteNB, _ = l.text(x, join(path, "note_nb"))
		if v.Note == "" {
			l.problem(x.Line, join(path, "note_nb"), "a note in bokmål translates the note: give the note too")
		}
	}
	if x := m.optional("quote"); x != nil {
		v.Quote, _ = l.text(x, join(path, "quote"))
	}
	m.done()
	return v, ok
}

// readValue reads the value itself, of the parameter's kind.
func (l *loader) readValue(n *yaml.Node, v *Value, path string) bool {
	if !l.check(n, path) {
		return false
	}
	p := v.Param
	if p.Kind == KindList {
		if n.Kind != yaml.SequenceNode {
			l.problem(n.Line, path, "must be a list such as [%s], not %s", strings.Join(p.Enum, ", "), describe(n))
			return false
		}
		if len(n.Content) == 0 {
			l.problem(n.Line, path, "must list at least one of: %s", strings.Join(p.Enum, ", "))
			return false
		}
		ok := true
		for _, item := range n.Content {
			if !l.check(item, path) {
				ok = false
				continue
			}
			s, good := l.scalar(item, path)
			switch {
			case !good:
				ok = false
			case !contains(p.Enum, s):
				l.problem(item.Line, path, "%s is not one of: %s", quote(s), strings.Join(p.Enum, ", "))
				ok = false
			case contains(v.list, s):
				l.problem(item.Line, path, "%q is listed twice", s)
				ok = false
			default:
				v.list = append(v.list, s)
			}
		}
		return ok
	}
	s, ok := l.scalar(n, path)
	if !ok {
		return false
	}
	parsed, err := p.parseText(s)
	if err != nil {
		l.problem(n.Line, path, "%v", err)
		return false
	}
	parsed.Meta = v.Meta
	*v = parsed
	return true
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
