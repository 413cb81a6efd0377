package rules

import (
	"fmt"
	"strings"
)

// Change is one difference between two rule sets.
type Change struct {
	Param string     `json:"param"`
	Kind  ChangeKind `json:"change"`
	From  *Side      `json:"from"`
	To    *Side      `json:"to"`
}

// ChangeKind says what changed.
type ChangeKind string

const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed" // the value, or its unit
	Rebased ChangeKind = "basis"   // the same value on another basis
)

// Side is a value on one side of a Change.
type Side struct {
	Value string `json:"value"`
	Unit  string `json:"unit"`
	Basis Basis  `json:"basis"`
}

// Diff lists what changed from a to b, value by value, in file order; a
// scheme that only one side has is one change, not one per value.
func Diff(a, b *Rules) []Change {
	pa, orderA := index(a)
	pb, orderB := index(b)
	schemeOf := func(path string) string {
		if rest, ok := strings.CutPrefix(path, "schemes."); ok {
			id, _, _ := strings.Cut(rest, ".")
			return id
		}
		return ""
	}
	side := func(v *Value) *Side { return &Side{v.String(), v.Unit, v.Basis} }
	var out []Change
	seen := map[string]bool{}
	for _, path := range append(orderA, orderB...) {
		if seen[path] {
			continue
		}
		seen[path] = true
		if id := schemeOf(path); id != "" {
			sa, sb := a.Scheme(id), b.Scheme(id)
			switch {
			case sb == nil && !seen["schemes."+id]:
				seen["schemes."+id] = true
				out = append(out, Change{Param: "schemes." + id, Kind: Removed, From: schemeSide(sa)})
			case sa == nil && !seen["schemes."+id]:
				seen["schemes."+id] = true
				out = append(out, Change{Param: "schemes." + id, Kind: Added, To: schemeSide(sb)})
			}
			if sa == nil || sb == nil {
				continue
			}
		}
		x, y := pa[path], pb[path]
		switch {
		case x != nil && y == nil:
			out = append(out, Change{Param: path, Kind: Removed, From: side(x)})
		case x == nil && y != nil:
			out = append(out, Change{Param: path, Kind: Added, To: side(y)})
		case x.String() != y.String() || x.Unit != y.Unit:
			out = append(out, Change{Param: path, Kind: Changed, From: side(x), To: side(y)})
		case x.Basis != y.Basis:
			out = append(out, Change{Param: path, Kind: Rebased, From: side(x), To: side(y)})
		}
	}
	return out
}

func index(r *Rules) (map[string]*Value, []string) {
	m := map[string]*Value{}
	var order []string
	for _, v := range r.Params() {
		m[v.Path] = v
		order = append(order, v.Path)
	}
	return m, order
}

// schemeSide sums up a scheme that only one side has.
func schemeSide(s *Scheme) *Side {
	parts := []string{fmt.Sprintf("%q (%s)", s.Name(), s.Formula)}
	for _, k := range []string{"grant_types", "driftsformer", "roles", "positions"} {
		if v := s.Value(k); v != nil {
			parts = append(parts, k+" "+v.String())
		}
	}
	for _, k := range []string{"cap", "budget"} {
		if v := s.Value(k); v != nil {
			parts = append(parts, k+" "+v.String())
		}
	}
	basis := Verified
	if v := s.Get(SchemeName); v != nil {
		basis = v.Basis
	}
	return &Side{Value: strings.Join(parts, "; "), Unit: "scheme", Basis: basis}
}
