package rules

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// Marshal writes the rules as a rule file that Load reads back to the same
// rules: every value with its unit, basis, note, quote and references.
// Comments of the original file are not kept.
func Marshal(r *Rules) ([]byte, error) {
	top := mapNode()
	add(top, "schema", scalar(strconv.Itoa(SchemaVersion)))
	add(top, "year", scalar(strconv.Itoa(r.Year)))
	add(top, "title", text(r.Title))
	if r.Note != "" {
		add(top, "note", text(r.Note))
	}
	add(top, "valid_from", scalar(r.ValidFrom.String()))
	add(top, "valid_to", scalar(r.ValidTo.String()))

	rounding := mapNode()
	add(rounding, "unit", paramNode(r.Rounding.Unit.Meta, scalar(writtenDecimal(r.Rounding.Unit.Value))))
	add(rounding, "mode", paramNode(r.Rounding.Mode.Meta, scalar(string(r.Rounding.Mode.Value))))
	add(rounding, "cofinancing_mode", paramNode(r.Rounding.CofinancingMode.Meta, scalar(string(r.Rounding.CofinancingMode.Value))))
	add(top, "rounding", rounding)

	proration := mapNode()
	add(proration, "method", paramNode(r.Proration.Method.Meta, scalar(string(r.Proration.Method.Value))))
	if r.Proration.Method.Value == WholeMonths {
		add(proration, "partial_month_counts", paramNode(r.Proration.PartialMonthCounts.Meta, scalar(strconv.FormatBool(r.Proration.PartialMonthCounts.Value))))
	}
	add(top, "proration", proration)

	if r.Deadline != nil {
		add(top, "deadline", paramNode(r.Deadline.Meta, scalar(r.Deadline.Value.String())))
	}
	add(top, "cofinancing_share", paramNode(r.CofinancingShare.Meta, scalar(writtenDecimal(r.CofinancingShare.Value))))
	if r.Vikar != nil {
		v := mapNode()
		add(v, "min_months", paramNode(r.Vikar.MinMonths.Meta, scalar(strconv.Itoa(r.Vikar.MinMonths.Value))))
		add(v, "min_qualifies", paramNode(r.Vikar.MinQualifies.Meta, scalar(strconv.FormatBool(r.Vikar.MinQualifies.Value))))
		add(top, "vikar", v)
	}
	if r.MaxGrantYears != nil {
		add(top, "max_grant_years", paramNode(r.MaxGrantYears.Meta, scalar(strconv.Itoa(r.MaxGrantYears.Value))))
	}
	add(top, "staffing_agency_excluded", paramNode(r.StaffingAgencyExcluded.Meta, scalar(strconv.FormatBool(r.StaffingAgencyExcluded.Value))))

	schemes := &yaml.Node{Kind: yaml.SequenceNode}
	for i := range r.Schemes {
		s := &r.Schemes[i]
		m := mapNode()
		add(m, "id", scalar(s.ID))
		add(m, "name", paramNode(s.Name.Meta, text(s.Name.Value)))
		add(m, "budget_post", paramNode(s.BudgetPost.Meta, text(s.BudgetPost.Value)))
		add(m, "cap", paramNode(s.Cap.Meta, scalar(writtenDecimal(s.Cap.Value))))
		if s.Budget != nil {
			add(m, "budget", paramNode(s.Budget.Meta, scalar(writtenDecimal(s.Budget.Value))))
		}
		add(m, "driftsformer", paramNode(s.Driftsformer.Meta, flowList(s.Driftsformer.Value)))
		add(m, "roles", paramNode(s.Roles.Meta, flowList(s.Roles.Value)))
		schemes.Content = append(schemes.Content, m)
	}
	add(top, "schemes", schemes)

	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{top}}
	out, err := yaml.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("writing the rules: %w", err)
	}
	return out, nil
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

func flowList[T ~string](xs []T) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, x := range xs {
		n.Content = append(n.Content, scalar(string(x)))
	}
	return n
}

// writtenDecimal keeps the decimals a value was written with: 0.20 stays 0.20.
func writtenDecimal(d decimal.Decimal) string {
	if d.Exponent() < 0 {
		return d.StringFixed(-d.Exponent())
	}
	return d.String()
}

func paramNode(m Meta, value *yaml.Node) *yaml.Node {
	n := mapNode()
	add(n, "value", value)
	add(n, "unit", scalar(m.Unit))
	add(n, "basis", scalar(string(m.Basis)))
	if m.Note != "" {
		add(n, "note", text(m.Note))
	}
	if m.Quote != "" {
		add(n, "quote", text(m.Quote))
	}
	refs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, ref := range m.References {
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
