package rules

import (
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/alis-tilskudd/alis/internal/msg"
)

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
