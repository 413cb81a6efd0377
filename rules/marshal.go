package rules

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// Marshal writes the rules as a rule file that Load reads back to the same
// rules: every value with its unit, basis, note, quote and references, in
// the registry's order. Comments of the original file are not kept.
func Marshal(r *Rules) ([]byte, error) {
	top := mapNode()
	add(top, "schema", scalar(fmt.Sprint(SchemaVersion)))
	add(top, "period", text(r.Period))
	add(top, "title", text(r.Title))
	if r.Note != "" {
		add(top, "note", text(r.Note))
	}
	if r.NoteNB != "" {
		add(top, "note_nb", text(r.NoteNB))
	}
	if r.NoteNN != "" {
		add(top, "note_nn", text(r.NoteNN))
	}
	add(top, "valid_from", scalar(r.ValidFrom.String()))
	add(top, "valid_to", scalar(r.ValidTo.String()))
	if r.DatesBasis != "" {
		add(top, "dates_basis", scalar(string(r.DatesBasis)))
	}
	if p := r.Provisional; p != nil {
		m := mapNode()
		add(m, "carried_from", text(p.CarriedFrom))
		add(m, "note", text(p.Note))
		if p.NoteNB != "" {
			add(m, "note_nb", text(p.NoteNB))
		}
		if p.NoteNN != "" {
			add(m, "note_nn", text(p.NoteNN))
		}
		add(top, "provisional", m)
	}
	writeTree(top, treeOf(paramsFor(false, "")), "", r.values)
	schemes := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range r.Schemes {
		m := mapNode()
		add(m, "id", scalar(s.ID))
		add(m, "formula", scalar(string(s.Formula)))
		writeTree(m, treeOf(paramsFor(true, s.Formula)), "", s.values)
		schemes.Content = append(schemes.Content, m)
	}
	add(top, "schemes", schemes)
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{top}}
	out, err := yaml.Marshal(doc)
	if err != nil {
		return nil, msg.Errorf("writing the rules: %w", err)
	}
	return out, nil
}

// writeTree adds the values of a tree of names to a mapping, nesting
// rounding.unit under rounding.
func writeTree(m *yaml.Node, t *node, name string, store map[string]*Value) {
	for _, k := range t.keys {
		c := t.children[k]
		full := join(name, k)
		if c.param != nil {
			if v := store[full]; v != nil {
				add(m, k, valueNode(v))
			}
			continue
		}
		sub := mapNode()
		writeTree(sub, c, full, store)
		if len(sub.Content) > 0 {
			add(m, k, sub)
		}
	}
}

func mapNode() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
}

// scalar is a plain value: a number, a date, a word.
func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

// text is a string value, quoted so that YAML never reads it as something else.
func text(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
}

func valueNode(v *Value) *yaml.Node {
	n := mapNode()
	if v.Known() {
		switch v.Param.Kind {
		case KindList:
			l := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, x := range v.list {
				l.Content = append(l.Content, scalar(x))
			}
			add(n, "value", l)
		case KindText:
			add(n, "value", text(v.text))
		default:
			add(n, "value", scalar(v.String()))
		}
	}
	add(n, "unit", scalar(v.Unit))
	add(n, "basis", scalar(string(v.Basis)))
	if v.Note != "" {
		add(n, "note", text(v.Note))
	}
	if v.NoteNB != "" {
		add(n, "note_nb", text(v.NoteNB))
	}
	if v.NoteNN != "" {
		add(n, "note_nn", text(v.NoteNN))
	}
	if v.Quote != "" {
		add(n, "quote", text(v.Quote))
	}
	refs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, ref := range v.References {
		rn := mapNode()
		add(rn, "title", text(ref.Title))
		if ref.Href != "" {
			add(rn, "href", scalar(ref.Href))
		}
		refs.Content = append(refs.Content, rn)
	}
	add(n, "references", refs)
	return n
}
