package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/rules"
)

// change is one difference between two rule sets.
type change struct {
	Param  string     `json:"param"`
	Change string     `json:"change"` // added, removed, changed, basis
	From   *sideValue `json:"from"`
	To     *sideValue `json:"to"`
}

type sideValue struct {
	Value string      `json:"value"`
	Unit  string      `json:"unit"`
	Basis rules.Basis `json:"basis"`
}

// diffRules lists what changed from a to b, parameter by parameter; a
// scheme that only one side has is one change, not one per value.
func diffRules(a, b *rules.Rules) []change {
	index := func(r *rules.Rules) (map[string]rules.ParamInfo, []string) {
		m := map[string]rules.ParamInfo{}
		var order []string
		for _, p := range r.Params() {
			m[p.Path] = p
			order = append(order, p.Path)
		}
		return m, order
	}
	pa, orderA := index(a)
	pb, orderB := index(b)
	schemesA, schemesB := map[string]*rules.Scheme{}, map[string]*rules.Scheme{}
	for i := range a.Schemes {
		schemesA[a.Schemes[i].ID] = &a.Schemes[i]
	}
	for i := range b.Schemes {
		schemesB[b.Schemes[i].ID] = &b.Schemes[i]
	}
	schemeOf := func(path string) string {
		if rest, ok := strings.CutPrefix(path, "schemes."); ok {
			id, _, _ := strings.Cut(rest, ".")
			return id
		}
		return ""
	}
	side := func(p rules.ParamInfo) *sideValue { return &sideValue{p.Value, p.Unit, p.Basis} }
	summary := func(s *rules.Scheme) *sideValue {
		v := fmt.Sprintf("%q covers %s; %s; cap %s", s.Name.Value, strings.Join(toStrings(s.Driftsformer.Value), ", "),
			strings.Join(toStrings(s.Roles.Value), ", "), s.Cap.Value)
		if s.Budget != nil {
			v += "; budget " + s.Budget.Value.String()
		}
		return &sideValue{Value: v, Unit: "scheme", Basis: s.Cap.Basis}
	}
	var out []change
	seen := map[string]bool{}
	for _, path := range append(orderA, orderB...) {
		if seen[path] {
			continue
		}
		seen[path] = true
		if id := schemeOf(path); id != "" {
			if _, inB := schemesB[id]; !inB {
				if !seen["schemes."+id] {
					seen["schemes."+id] = true
					out = append(out, change{Param: "schemes." + id, Change: "removed", From: summary(schemesA[id])})
				}
				continue
			}
			if _, inA := schemesA[id]; !inA {
				if !seen["schemes."+id] {
					seen["schemes."+id] = true
					out = append(out, change{Param: "schemes." + id, Change: "added", To: summary(schemesB[id])})
				}
				continue
			}
		}
		x, inA := pa[path]
		y, inB := pb[path]
		switch {
		case inA && !inB:
			out = append(out, change{Param: path, Change: "removed", From: side(x)})
		case !inA && inB:
			out = append(out, change{Param: path, Change: "added", To: side(y)})
		case x.Value != y.Value || x.Unit != y.Unit:
			out = append(out, change{Param: path, Change: "changed", From: side(x), To: side(y)})
		case x.Basis != y.Basis:
			out = append(out, change{Param: path, Change: "basis", From: side(x), To: side(y)})
		}
	}
	return out
}

func toStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func (a *app) newRulesDiffCmd() *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "diff A B",
		Short: "Show what changed between two rule sets, value by value",
		Long: `diff compares two rule sets (each an embedded year or a rule file) parameter by
parameter: schemes added or removed, whom a scheme covers, caps, shares, the vikar
minimum, deadlines, budgets, and values whose basis changed (assumed → verified).
Lines start with + (added), - (removed), ~ (changed) or = (same value, other basis).`,
		Example: "  alis rules diff 2020 2021\n  alis rules diff 2021 drafts/2022.yaml --format json",
		Args:    exactArgs(2, "two rule sets to compare: years or rule files"),
		RunE: func(_ *cobra.Command, args []string) error {
			ra, err := loadRuleArg(args[0])
			if err != nil {
				return err
			}
			rb, err := loadRuleArg(args[1])
			if err != nil {
				return err
			}
			changes := diffRules(ra, rb)
			switch format {
			case "json":
				return writeJSON(a.out, struct {
					From    string   `json:"from"`
					To      string   `json:"to"`
					Changes []change `json:"changes"`
				}{label(ra), label(rb), append([]change{}, changes...)})
			case "text":
				return writeDiffText(a.out, ra, rb, changes)
			}
			return usagef("use --format text or json", "--format: unknown format %q", format)
		},
	}
	c.Flags().StringVar(&format, "format", "text", "text or json")
	return c
}

func writeDiffText(w io.Writer, ra, rb *rules.Rules, changes []change) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s: %d %s\n", label(ra), label(rb), len(changes), plural(len(changes), "change", "changes"))
	val := func(s *sideValue) string {
		if s.Unit == "scheme" {
			return s.Value
		}
		return s.Value + " (" + string(s.Basis) + ")"
	}
	for _, c := range changes {
		switch c.Change {
		case "added":
			fmt.Fprintf(&b, "+ %s: %s\n", c.Param, val(c.To))
		case "removed":
			fmt.Fprintf(&b, "- %s: %s\n", c.Param, val(c.From))
		case "changed":
			fmt.Fprintf(&b, "~ %s: %s → %s\n", c.Param, val(c.From), val(c.To))
		case "basis":
			fmt.Fprintf(&b, "= %s: %s, basis %s → %s\n", c.Param, c.To.Value, c.From.Basis, c.To.Basis)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
