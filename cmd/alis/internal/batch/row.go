package batch

import (
	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// RuleSet is one set of rules a batch is computed under.
type RuleSet struct {
	Rules  *rules.Rules
	Engine *calc.Engine
	Label  string
}

// Row is one input row, computed or rejected, for a Sink to write.
type Row struct {
	Line   int
	Record []string // the row's fields (fewer than the header's for a short row); nil when it could not be split
	ID     string   // the row's id, or the id recovered from a row that could not be split
	// Agreement is the agreement as the worker read it from the row (or
	// its group), for a sink that writes the input's cells typed, without
	// reading their text again; nil for a rejected row. It is the
	// worker's, valid during Sink.Row.
	Agreement *calc.Agreement
	// Results are the row's results, one per rule set (by period: the one
	// of its period, Set); nil when rejected.
	Results []calc.Result
	Set     int
	// Lines are the input lines of an agreement made of several rows (one
	// per employment period); nil for an agreement of one row.
	Lines []int
	// Allocated is the row's grant after --allocate; nil without it.
	Allocated *calc.Money
	// Rejected says why the row was rejected; nil when computed.
	Rejected *Rejection
	// SetErrors, under several rule sets, says why a set could not compute
	// the agreement (nil for a set that did); nil when every set did.
	SetErrors []*Rejection
	// By period, an agreement gives a row for each period it has days in
	// and can be computed under. NotComputed are the periods it has days in
	// and cannot be computed under (its rows lack what their formula
	// needs), each with why; BeyondRules, the first day past the last
	// period alis has rules for, when the agreement runs past it (zero
	// otherwise). Every row of the agreement carries both.
	NotComputed []NotComputed
	BeyondRules date.Date
}

// NotComputed is a grant period an agreement has days in but cannot be
// computed under, and why.
type NotComputed struct {
	Rules *rules.Rules
	Why   *Rejection
}

// RejectCode names why a row was rejected; codes are stable, for scripts.
type RejectCode string

const (
	// RejectUnreadable: the row could not be split into fields (a NUL
	// byte, a stray or unclosed quote, a line too long, invalid text).
	RejectUnreadable RejectCode = "unreadable_row"
	// RejectFieldCount: the row has fewer or more fields than the header.
	RejectFieldCount RejectCode = "field_count"
	// RejectBadValue: a cell cannot be read as its field (an amount, a
	// date, a word alis does not know).
	RejectBadValue RejectCode = "bad_value"
	// RejectMissingValue: a value the agreement needs is not given.
	RejectMissingValue RejectCode = "missing_value"
	// RejectConflict: rows of one agreement give different values.
	RejectConflict RejectCode = "conflicting_values"
	// RejectSameAgreement: another row of the same agreement was rejected.
	RejectSameAgreement RejectCode = "same_agreement"
	// RejectNoPeriod: the agreement's first day is in no grant period.
	RejectNoPeriod RejectCode = "no_grant_period"
	// RejectCannotCompute: the values contradict each other (an end
	// before the start), or the rules cannot compute them.
	RejectCannotCompute RejectCode = "cannot_compute"
)

// RejectCodes lists every code a rejected row may have.
var RejectCodes = []RejectCode{RejectUnreadable, RejectFieldCount, RejectBadValue, RejectMissingValue, RejectConflict, RejectSameAgreement, RejectNoPeriod, RejectCannotCompute}

// Rejection is why a row could not be computed.
type Rejection struct {
	Code   RejectCode
	Line   int
	Col    int    // the column, -1 when the row as a whole is bad
	Cell   string // the workbook cell, as Ark1!F12; "" for CSV
	ID     string
	Column string // the input's header name; "" when the row as a whole is bad
	Field  string
	Err    error // what is wrong; msg.Text says it in bokmål or English
	// Rules, by period, are the rules of the period the row's first day is
	// in, when that could be told; nil otherwise, and under fixed rules.
	Rules *rules.Rules
}

// Message is the reason in l, without the column.
func (r *Rejection) Message(l msg.Lang) string { return msg.Text(l, r.Err) }

// Text is the reason in l, with the column it is about.
func (r *Rejection) Text(l msg.Lang) string {
	if r.Column != "" {
		return r.Column + ": " + r.Message(l)
	}
	return r.Message(l)
}

// CellText is the reason with the workbook cell it is about, for outputs
// that have the line in a column of their own.
func (r *Rejection) CellText(l msg.Lang) string {
	if r.Cell != "" {
		return r.Cell + ": " + r.Text(l)
	}
	return r.Text(l)
}

// inputCode is the code of a value that cannot be read: missing or bad.
func inputCode(ie *calc.InputError) RejectCode {
	if ie.Missing {
		return RejectMissingValue
	}
	return RejectBadValue
}
