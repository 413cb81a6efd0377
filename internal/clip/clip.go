// Package clip quotes values from the input in messages, so that a message
// about a huge field stays a line: at most a short prefix is quoted, and the
// message says how long the value was.
package clip

import (
	"strconv"
	"unicode/utf8"
)

// Max is the longest value quoted whole, in bytes.
const Max = 64

// Quote quotes s as %q does; a value longer than Max bytes is cut at a
// rune boundary and followed by its length: "9999…" (1048576 bytes).
func Quote(s string) string {
	if len(s) <= Max {
		return strconv.Quote(s)
	}
	cut := Max - 16
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]+"…") + " (" + strconv.Itoa(len(s)) + " bytes)"
}
