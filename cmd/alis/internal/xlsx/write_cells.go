package xlsx

import (
	"strconv"
	"unicode/utf8"

	"github.com/alis-tilskudd/alis/internal/digits"
	"github.com/alis-tilskudd/alis/rules/date"
)

func appendCell(b []byte, c *Cell) []byte {
	if c.Formula == "" && c.number() && int(c.Style) < len(numberOpen) {
		b = append(b, numberOpen[c.Style]...)
		b = c.appendNumber(b)
		return append(b, `</v></c>`...)
	}
	if c.Formula != "" {
		b = appendStyle(append(b, `<c`...), c.Style)
		b = append(b, `><f>`...)
		b = appendEscaped(b, c.Formula)
		b = append(b, `</f>`...)
		if c.Num != "" {
			b = append(b, `<v>`...)
			b = append(b, c.Num...)
			b = append(b, `</v>`...)
		}
		return append(b, `</c>`...)
	}
	if c.number() {
		b = appendStyle(append(b, `<c`...), c.Style)
		b = append(b, `><v>`...)
		b = c.appendNumber(b)
		return append(b, `</v></c>`...)
	}
	if c.Text == "" {
		return append(b, `<c/>`...)
	}
	return appendInline(b, c.Style, c.Text)
}

// appendStyle appends a cell's style attribute, if it has one.
func appendStyle(b []byte, st Style) []byte {
	if st != Plain {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(st), 10)
		b = append(b, '"')
	}
	return b
}

// appendInline appends a cell of text written in it.
func appendInline(b []byte, st Style, text string) []byte {
	b = appendStyle(append(b, `<c t="inlineStr"`...), st)
	if text[0] <= ' ' || text[len(text)-1] <= ' ' {
		b = append(b, `><is><t xml:space="preserve">`...)
	} else {
		b = append(b, `><is><t>`...)
	}
	b = appendEscaped(b, text)
	return append(b, `</t></is></c>`...)
}

// appendShared appends a cell of a shared string.
func appendShared(b []byte, st Style, id int) []byte {
	b = appendStyle(append(b, `<c t="s"`...), st)
	b = append(b, `><v>`...)
	b = appendInt(b, int64(id))
	return append(b, `</v></c>`...)
}

// appendInt appends n in decimal, as strconv.AppendInt does.
func appendInt(b []byte, n int64) []byte {
	if n < 0 {
		return strconv.AppendInt(b, n, 10)
	}
	return digits.Append(b, uint64(n))
}

// numberOpen opens a number cell of each style.
var numberOpen = func() (open [TotalMoney + 1]string) {
	open[Plain] = `<c><v>`
	for st := Plain + 1; st < Style(len(open)); st++ {
		open[st] = `<c s="` + strconv.Itoa(int(st)) + `"><v>`
	}
	return open
}()

// appendEscaped appends s escaped for XML text, without the control
// characters XML 1.0 cannot hold. The bytes that need nothing are appended
// a run at a time.
func appendEscaped(b []byte, s string) []byte {
	run := 0 // s[run:i] is still to append as it is
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= ' ' && c < utf8.RuneSelf && !xmlSpecial[c] || c == '\t' || c == '\n' {
			continue
		}
		var with string // what stands for s[i:i+n]
		n := 1
		switch c {
		case '<':
			with = "&lt;"
		case '>':
			with = "&gt;"
		case '&':
			with = "&amp;"
		case '"':
			with = "&#34;"
		case '\'':
			with = "&#39;"
		case '\r':
			with = "&#xD;"
		default:
			if c >= utf8.RuneSelf {
				var r rune
				r, n = utf8.DecodeRuneInString(s[i:])
				if !(r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF) {
					i += n - 1
					continue // a character XML holds
				}
				with = "\uFFFD"
			}
			// other control characters are left out
		}
		b = append(append(b, s[run:i]...), with...)
		i += n - 1
		run = i + 1
	}
	return append(b, s[run:]...)
}

// xmlSpecial are the ASCII characters XML text writes as references.
var xmlSpecial = [utf8.RuneSelf]bool{'<': true, '>': true, '&': true, '"': true, '\'': true}

// DateSerial is a date as Excel stores it: days since 30 December 1899.
// Dates before March 1900 have none (Excel counts a 29 February 1900 that
// was not), and give false.
func DateSerial(d date.Date) (string, bool) {
	n, ok := DateSerialInt(d)
	if !ok {
		return "", false
	}
	return strconv.FormatInt(n, 10), true
}

// DateSerialInt is DateSerial as a number, for I.
func DateSerialInt(d date.Date) (int64, bool) {
	if d.Year() <= 1900 {
		return 0, false
	}
	return int64(d.DayNumber() - epoch1900.DayNumber()), true
}
