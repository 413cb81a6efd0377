// Package rules reads, validates and embeds the rule files of the grant
// years: one YAML file per year, with every value carrying its unit, its basis
// (verified, inferred or assumed) and its sources.
//
// # The format
//
// Every value is a mapping:
//
//	cap:
//	  value: 240000
//	  unit: NOK/year
//	  basis: verified              # verified | inferred | assumed
//	  note: "..."                  # optional
//	  quote: "..."                 # optional: the source's own words
//	  references:                  # at least one
//	    - title: "..."
//	      href: https://...        # optional
//
// The top level holds schema (1), year, title, valid_from and valid_to
// (plain YYYY-MM-DD dates in the year), then the values rounding.unit (NOK),
// rounding.mode (half_up | down: how the prorated cap rounds),
// rounding.cofinancing_mode (half_up | down: how the co-financing limit
// rounds; the grant is the lesser of the two), proration.method (whole_months | days |
// none), proration.partial_month_counts (boolean, with whole_months only),
// deadline (date, optional), cofinancing_share (share, 0..1), vikar.min_months
// (months) and vikar.min_qualifies (boolean) (both required when a scheme
// covers vikarer), max_grant_years (years, optional), staffing_agency_excluded
// (boolean), and schemes: a list of {id, name, budget_post, cap, budget
// (optional), driftsformer, roles}. Each driftsform and role may be covered by
// one scheme at most.
//
// # Strictness
//
// Load reads the YAML into a node tree and walks it itself, so that it can
// report every problem, each with its line and the parameter's path
// (schemes.naering.cap): unknown keys, duplicate keys, a missing value or an
// explicit null (yaml.v3 would silently leave a zero), a value of the wrong
// kind or unit, a share outside 0..1, a negative cap, a date that does not
// exist, dates outside the file's year, and YAML aliases and merge keys
// (which also rules out alias bombs). Numbers are read from the literal YAML
// text straight into decimals, never through float64.
//
// A new year is a new file in years/; it needs no new code.
package rules
