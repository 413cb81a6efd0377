package msg

import (
	"fmt"
	"io"
)

// Diag writes what alis says on standard error, in its language: errors as
// "alis: error: what failed", hints as "alis: hint: what to do", warnings as
// "alis: warning: …" (in bokmål "alis: feil:", "alis: tips:",
// "alis: advarsel:"), and notes such as "alis: wrote FILE".
type Diag struct {
	W io.Writer
	L Lang
	// Quiet: only errors are written (alis --quiet); warnings, hints and
	// notes are not.
	Quiet bool
}

// Errorf writes an error line.
//
//msg:format
func (d Diag) Errorf(format string, args ...any) { d.line(S(d.L, "error"), T(d.L, format, args...)) }

// Warnf writes a warning line.
//
//msg:format
func (d Diag) Warnf(format string, args ...any) {
	if !d.Quiet {
		d.line(S(d.L, "warning"), T(d.L, format, args...))
	}
}

// Hintf writes a hint line.
//
//msg:format
func (d Diag) Hintf(format string, args ...any) {
	if !d.Quiet {
		d.line(S(d.L, "hint"), T(d.L, format, args...))
	}
}

// Sayf writes a note: "alis: wrote resultat.xlsx".
//
//msg:format
func (d Diag) Sayf(format string, args ...any) {
	if !d.Quiet {
		fmt.Fprintf(d.W, "alis: %s\n", T(d.L, format, args...))
	}
}

// Error writes err as error lines, one for each line of its text.
func (d Diag) Error(err error) {
	for _, line := range splitLines(Text(d.L, err)) {
		d.line(S(d.L, "error"), line)
	}
}

func (d Diag) line(kind, text string) { fmt.Fprintf(d.W, "alis: %s: %s\n", kind, text) }

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// Month is a month's name (1 is January) in the reader's language.
type Month int

// Text is the month's name in l.
func (m Month) Text(l Lang) string {
	switch m {
	case 1:
		return S(l, "January")
	case 2:
		return S(l, "February")
	case 3:
		return S(l, "March")
	case 4:
		return S(l, "April")
	case 5:
		return S(l, "May")
	case 6:
		return S(l, "June")
	case 7:
		return S(l, "July")
	case 8:
		return S(l, "August")
	case 9:
		return S(l, "September")
	case 10:
		return S(l, "October")
	case 11:
		return S(l, "November")
	case 12:
		return S(l, "December")
	}
	return fmt.Sprint(int(m))
}

// String is the month's name in English.
func (m Month) String() string { return m.Text(EN) }
