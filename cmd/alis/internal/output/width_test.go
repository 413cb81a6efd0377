package output

import (
	"strings"
	"testing"
)

func TestTextWidth(t *testing.T) {
	for s, want := range map[string]int{
		"A-101":          5,
		"Å":              1,
		"A\u030a-1":      3, // A and a combining ring: one column
		"\u200bA-2":      3, // a zero-width space
		"中文-3":           6, // two wide characters
		"ＡＢ":             4, // fullwidth
		"A\u202e-4":      3, // the override is a format character, no column
		"240 000 kr":     10,
		"\u00a0":         1,
		"fastlege 100 %": 14,
	} {
		if got := TextWidth(s); got != want {
			t.Errorf("TextWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestPrintableLeavesOutWhatReordersOrControls(t *testing.T) {
	for in, want := range map[string]string{
		"A-101":               "A-101",
		"A\u202eevil":         "Aevil",
		"x\u2066y\u2069":      "xy",
		"a\x1b[2Jb":           "a\ufffd[2Jb",
		"line\nnext\ttab":     "line\nnext\ttab",
		"Bodø legesenter":     "Bodø legesenter",
		"\u200fright\u200eok": "rightok",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// Ids of combining, zero-width and wide characters are clipped and padded
// by the columns they take, so that the column after them lines up.
func TestClipMeasuresColumns(t *testing.T) {
	for _, id := range []string{"A-1", "A\u030a-2", "\u200bA-3", "中文中文中文中文-4", "A\u202e-5", "ÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅ"} {
		c := Clip(id, 14)
		if w := TextWidth(c); w > 14 {
			t.Errorf("Clip(%q) = %q, %d columns", id, c, w)
		}
		if strings.ContainsRune(c, '\u202e') {
			t.Errorf("Clip(%q) keeps the override", id)
		}
	}
	if got := Clip("中文中文中文中文-4", 14); got != "中文中文中文…" {
		t.Errorf("Clip of wide characters = %q", got)
	}
}
