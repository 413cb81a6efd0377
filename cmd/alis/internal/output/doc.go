// Package output writes what alis computes, for people and for scripts: a
// sink per batch format (CSV, JSON, JSON lines, a table, a workbook), the
// summaries, and the text of one result, wrapped to the terminal (its words
// are package calc/text's).
package output
