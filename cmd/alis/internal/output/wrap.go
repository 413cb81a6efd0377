package output

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultWidth is the width of text for people when neither COLUMNS nor a
// terminal says otherwise.
const DefaultWidth = 100

// MinWidth is the narrowest text is laid out for.
const MinWidth = 40

// Wrap breaks each line of text that is wider than width at spaces. The
// lines it adds are indented as the line's own text is: under the text
// after a list marker (" 1. ", "  – "), or after an aligned label
// ("Tilskudd:      "), else two more than the line. A number is never
// broken, with its thousands groups and unit: "240 000 kr", "33,3 %".
func Wrap(text string, width int) string {
	if width <= 0 {
		return text
	}
	width = max(width, MinWidth)
	var b strings.Builder
	for line := range strings.SplitAfterSeq(text, "\n") {
		body := strings.TrimSuffix(line, "\n")
		if TextWidth(body) <= width {
			b.WriteString(line)
			continue
		}
		wrapLine(&b, body, width)
		if strings.HasSuffix(line, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// wrapLine writes one line, broken to width.
func wrapLine(b *strings.Builder, line string, width int) {
	head, rest, indent := hanging(line)
	if indent > width/2 {
		// An aligned label too wide for the width: the text goes under it.
		lead := len(head) - len(strings.TrimLeft(head, " "))
		b.WriteString(strings.TrimRight(head, " "))
		head, indent = strings.Repeat(" ", lead+2), lead+2
		b.WriteString("\n" + head)
	} else {
		b.WriteString(head)
	}
	fillWords(b, rest, TextWidth(head), indent, width)
}

// WrapFrom wraps text that starts at column col, its further lines
// indented by indent, within width; as Wrap, it never breaks a number.
func WrapFrom(text string, col, indent, width int) string {
	var b strings.Builder
	fillWords(&b, text, col, indent, max(width, MinWidth))
	return b.String()
}

// fillWords writes the words of text from column col on, starting a line
// indented by indent where the next word would pass width.
func fillWords(b *strings.Builder, text string, col, indent, width int) {
	first := true
	for _, word := range units(text) {
		n := TextWidth(word)
		if !first && col+1+n > width {
			b.WriteString("\n" + strings.Repeat(" ", indent))
			col, first = indent, true
		}
		if !first {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
		first = false
	}
}

// hanging splits a line into what stands before its text (the indent and a
// list marker or an aligned label) and the text, and says how far the
// lines it breaks into are indented.
func hanging(line string) (head, rest string, indent int) {
	body := strings.TrimLeft(line, " ")
	lead := len(line) - len(body)
	// A list marker: "1. ", "12. ", "– ", "- ", "• ".
	if i := strings.IndexByte(body, ' '); i > 0 {
		marker := body[:i]
		if strings.HasSuffix(marker, ".") && isDigits(strings.TrimSuffix(marker, ".")) || marker == "–" || marker == "-" || marker == "•" {
			return line[:lead+i+1], body[i+1:], TextWidth(line[:lead+i+1])
		}
	}
	// An aligned label: "Label:" and two or more spaces, early in the line.
	if i := strings.Index(body, ":  "); i > 0 && TextWidth(body[:i]) < 40 {
		j := i + 1
		for j < len(body) && body[j] == ' ' {
			j++
		}
		return line[:lead+j], body[j:], TextWidth(line[:lead+j])
	}
	return line[:lead], body, lead + 2
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// units splits text at spaces into what may not be broken: words, and
// numbers with their thousands groups and their unit.
func units(text string) []string {
	var out []string
	for _, w := range strings.Fields(text) {
		if n := len(out); n > 0 && glued(out[n-1], w) {
			out[n-1] += " " + w
			continue
		}
		out = append(out, w)
	}
	return out
}

// glued says whether next stays on the line of prev: a group of three
// digits after a number of one to three (240 000, 12 345 678,90), a unit
// after a number or an amount in millions (240 000 kr, 33,3 %, 21 mill.
// kr), a number after NOK.
func glued(prev, next string) bool {
	first, _ := utf8.DecodeRuneInString(next)
	if prev == "NOK" || strings.HasSuffix(prev, " NOK") || strings.HasSuffix(prev, "−NOK") || strings.HasSuffix(prev, "+NOK") {
		return unicode.IsDigit(first)
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	if !unicode.IsDigit(last) && !strings.HasSuffix(prev, "mill.") {
		return false
	}
	switch {
	case strings.HasPrefix(next, "kr"), strings.HasPrefix(next, "%"), strings.HasPrefix(next, "mill."), strings.HasPrefix(next, "million"):
		return true
	}
	group := prev[strings.LastIndexByte(prev, ' ')+1:]
	if !isDigits(group) || len(group) > 3 {
		return false
	}
	digits := 0
	for digits < len(next) && next[digits] >= '0' && next[digits] <= '9' {
		digits++
	}
	return digits == 3
}

// narrowTable lays a table out for a width it does not fit in: each row
// its first cell on a line, then its other cells as "header: value",
// packed into lines.
func narrowTable(b *strings.Builder, table [][]string, width int) {
	head := table[0]
	for _, row := range table[1:] {
		b.WriteString(row[0] + "\n")
		col := 0
		for i, c := range row[1:] {
			if c == "" || i+1 >= len(head) {
				continue
			}
			item := head[i+1] + ": " + c
			n := TextWidth(item)
			switch {
			case col == 0:
				b.WriteString("  ")
				col = 2
			case col+3+n > width:
				b.WriteString("\n  ")
				col = 2
			default:
				b.WriteString("   ")
				col += 3
			}
			b.WriteString(item)
			col += n
		}
		if col > 0 {
			b.WriteByte('\n')
		}
	}
}
