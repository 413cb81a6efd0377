package output

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// TextWidth is how many terminal columns s takes: a combining mark or a
// zero-width character none, a wide or fullwidth (East Asian) character
// two, every other one. It is what lines are measured by, not the count of
// characters.
func TextWidth(s string) int {
	if plainASCII(s) {
		return len(s) // ASCII, printable: nearly every text
	}
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // the common case: ASCII
			if c >= 0x20 && c != 0x7f {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), unicode.Is(unicode.Cf, r), r == 0x200b, r >= 0x1160 && r <= 0x11ff:
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// bidi are the controls that make a terminal show text in another order
// than it is written (U+202E, right-to-left override, among them).
var bidi = strings.NewReplacer("\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "",
	"\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "", "\u200e", "", "\u200f", "", "\u061c", "")

// Printable is s as it may reach a terminal: without the bidirectional
// controls that reorder what is shown, and with other control characters
// shown as U+FFFD. Text from an input (ids, reasons quoting a cell) goes
// through it before it is printed for people.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || isBidi(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = bidi.Replace(s)
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f {
			return utf8.RuneError
		}
		return r
	}, s)
}

func isBidi(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

// plainASCII says whether s is printable ASCII only, whose width is its
// length and which needs no cleaning: nearly every cell.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
