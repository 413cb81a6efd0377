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
	return last == "note" || last == "note_nb" || last == "note_nn" || last == "quote"
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
	if x := m.optional("note_nn"); x != nil {
		v.NoteNN, _ = l.text(x, join(path, "note_nn"))
		if v.Note == "" {
			l.problem(x.Line, join(path, "note_nn"), "a note in nynorsk translates the note: give the note too")
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
