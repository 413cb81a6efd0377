package msg

// Values from the input are quoted in messages so that a message about a
// huge field stays a line: at most a short prefix is quoted, and the
// message says how long the value was.

import (
	"strconv"
	"unicode/utf8"
)

// MaxQuoted is the longest value Quote quotes whole, in bytes.
const MaxQuoted = 64

// Quoted is a value quoted for a message: as %q quotes it, or cut.
type Quoted struct {
	q string // the quoted value or its prefix
	n int    // the value's length in bytes when cut, else 0
}

// Quote quotes s as %q does; a value longer than MaxQuoted bytes is cut at a
// rune boundary and followed by its length: "9999…" (1048576 bytes).
func Quote(s string) Quoted {
	if len(s) <= MaxQuoted {
		return Quoted{q: strconv.Quote(s)}
	}
	cut := MaxQuoted - 16
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return Quoted{q: strconv.Quote(s[:cut] + "…"), n: len(s)}
}

// Text is the quoted value in l.
func (q Quoted) Text(l Lang) string {
	if q.n == 0 {
		return q.q
	}
	return T(l, "%s (%d bytes)", q.q, q.n)
}

// String is the quoted value in English.
func (q Quoted) String() string { return q.Text(EN) }
