package msg

import (
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"":                          `""`,
		"1.234,5.6":                 `"1.234,5.6"`,
		strings.Repeat("9", 64):     `"` + strings.Repeat("9", 64) + `"`,
		strings.Repeat("9", 900000): `"` + strings.Repeat("9", 48) + `…" (900000 bytes)`,
		strings.Repeat("ø", 40):     `"` + strings.Repeat("ø", 24) + `…" (80 bytes)`,
	} {
		if got := Quote(in).String(); got != want {
			t.Errorf("Quote(%.20q…) = %s, want %s", in, got, want)
		}
	}
}
