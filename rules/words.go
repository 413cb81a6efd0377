package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// AppendFold appends s to b lower-cased and trimmed, with æ, ø, å
// written as ae, o, a, so that "Næring", "NAERING" and "næring" compare
// equal; text in decomposed form (å as a and a combining ring, as macOS
// writes it) is composed first (NFC). It does not allocate while b has
// room and s is ASCII.
func AppendFold(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = norm.NFC.String(s)
			break
		}
	}
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r)+'a'-'A')
		case r < utf8.RuneSelf:
			b = append(b, byte(r))
		case r == 'æ' || r == 'Æ':
			b = append(b, 'a', 'e')
		case r == 'ø' || r == 'Ø':
			b = append(b, 'o')
		case r == 'å' || r == 'Å':
			b = append(b, 'a')
		default:
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	return b
}
