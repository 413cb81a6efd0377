package nbcsv

import "unicode/utf8"

// cp1252High maps the bytes 0x80–0x9F of Windows-1252 to their runes; the
// five bytes Windows-1252 leaves undefined map to U+FFFD. Bytes 0xA0–0xFF
// are the same code points as in Latin-1.
var cp1252High = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

// appendCP1252 appends the Windows-1252 bytes in to out as UTF-8.
func appendCP1252(out, in []byte) []byte {
	for _, b := range in {
		switch {
		case b < 0x80:
			out = append(out, b)
		case b < 0xA0:
			out = utf8.AppendRune(out, cp1252High[b-0x80])
		default:
			out = utf8.AppendRune(out, rune(b))
		}
	}
	return out
}
