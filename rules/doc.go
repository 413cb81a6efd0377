// Package rules reads, validates, changes and embeds the rule files of the
// grant periods: one YAML file per period, with every value carrying its
// unit, its basis (verified, inferred, assumed, or unknown where no source
// gives it) and its sources.
//
// # The format
//
// Every value is a mapping:
//
//	cap:
//	  value: 240000
//	  unit: NOK/year
//	  basis: verified              # verified | inferred | assumed | unknown
//	  note: "..."                  # optional; required for unknown (what was searched)
//	  quote: "..."                 # optional: the source's own words
//	  references:                  # at least one
//	    - title: "..."
//	      href: https://...        # optional
//
// A value whose basis is unknown has no value: key; only values the
// registry marks Unknowable may be unknown (the amounts nobody has
// published). A result that needs one has no grant, and says which.
//
// The top level holds schema (2), period ("2021", "2025/26"), title,
// valid_from and valid_to (the period's first and last day, plain
// YYYY-MM-DD), the file's values, and schemes: a list, each with an id, its
// formula (Formula: the shape of its rule) and its own values. Which values
// there are, of what kind and unit, within what bounds, in which formula and
// when they are required, is the registry (Registry, one Param each): the
// loader, the writer (Marshal), Set, Params, Clone and Diff are all derived
// from it, so adding a value is one entry there and its use in package calc.
//
// # Strictness
//
// Load reads the YAML into a node tree and walks it itself, so that it
// can report every problem, each with its line and the parameter's path
// (schemes.naering.cap): unknown keys, duplicate keys, a missing value or an
// explicit null (yaml.v3 would silently leave a zero), a value of the wrong
// kind or unit, a share outside 0..1, a negative amount, a date that does not
// exist, dates outside the file's period, a value given that nothing in the
// rules uses, and YAML aliases and merge keys (which also rules out alias
// bombs). Numbers are read from the literal YAML text straight into
// decimals, never through float64.
//
// A new period is a new file in periods/; it needs no new code. A new shape
// of rule is a new Formula, never flags inside an old one.
package rules
