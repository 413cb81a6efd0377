// Package msg is alis's message catalogue: every text a person reads (errors,
// hints, warnings, reasons, summaries, the report, the workbook and the help)
// goes through it, in bokmål (nb), nynorsk (nn) or English (en).
//
// A text is written in the code in English, as a fmt format, and that
// English is its key: msg.T(l, "not an amount: %s", q). The bokmål of every
// key is in this package (nb_*.go), its nynorsk beside it (nn_*.go, a file
// for each bokmål file), and a test reads all of alis's source to check
// that every key used has its bokmål and its nynorsk, with the same verbs,
// and that the catalogue holds no key nothing uses. A key without letters
// ("%s: %s") is the same in every language and needs no entry.
//
// Arguments that can say themselves in a language (a Texter, or an error
// made by Errorf) are rendered in the language of the text they are part
// of, so that an error wrapped in another reads in one language throughout.
// Numbers are formatted by fmt, not by locale: a year stays 2021.
//
// Nynorsk is written as a careful writer of nynorsk writes it, not as
// bokmål with words swapped (a test refuses bokmål word forms in it). Its
// words for the domain, to keep them the same throughout:
//
//	bokmål                          nynorsk
//	tilskudd, tilskuddet            tilskot, tilskotet (pl. tilskota)
//	tilskuddsordning, -periode      tilskotsordning, tilskotsperiode
//	tilsagn                         tilsegn
//	avtale, avtaler                 avtale, avtalar (avtalen, avtalane)
//	kommunens andel                 kommunedelen
//	egenfinansiering                eigenfinansiering
//	berettiget                      rett på tilskot (har rett på tilskot)
//	regel, regler, regelfil         regel, reglar, regelfil (fila)
//	måned, hele måneder             månad, heile månader
//	verdi, verdier                  verdi, verdiar (han: verdien)
//	kilde, merknad                  kjelde, merknad
//	verifisert, utledet, antatt,    verifisert, utleidd, anteken,
//	ukjent                          ukjend (n. ukjent, pl. ukjende)
//	gjelder, mangler, gir, sier     gjeld, manglar, gjev, seier
//	oppgi, oppgitt                  gje opp, gjeven (n. gjeve)
//	regnes ut, avrundes             blir rekna ut, blir avrunda
//	veiledning, veileder            rettleiing, rettleiar
//	fastlønn, ansatt                fastløn, tilsett
//	advarsel, tips                  åtvaring, tips
//	kolonne, rad, arbeidsbok        kolonne (kolonna, kolonner), rad (rada, rader), arbeidsbok (boka)
//	kjøring, utdata, inndata        køyring, utdata (utdataa), inndata
//
// The names of schemes and elements that the rule files and the sources
// give (Nasjonal ALIS og veiledning, «ALIS-avtaler for fastleger i
// næringsdrift …») stay as the sources write them; the s-passive is kept to
// after a modal verb (kan ikkje lesast).
//
// The package is the catalogue and its four ways in: T (a format), S (a
// fixed text, not a format), N (singular or plural) and Errorf (an error
// that says itself in any of them; its Error is English, for Go
// programs and logs).
package msg

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
)

// Lang is a language of messages.
type Lang string

// The languages: bokmål, the default; nynorsk; and English.
const (
	NB Lang = "nb"
	NN Lang = "nn"
	EN Lang = "en"
)

// Norwegian reports whether l is bokmål or nynorsk: the languages whose
// dates, numbers and amounts are written the Norwegian way (01.08.2021,
// 240 000 kr).
func (l Lang) Norwegian() bool { return l == NB || l == NN }

// ParseLang accepts nb (also no, nob, nb-NO, nb_NO.UTF-8), nn (also nno,
// nn-NO, nn_NO.UTF-8) and en (also eng, en-GB, en_US.UTF-8).
func ParseLang(s string) (Lang, error) {
	base := strings.ToLower(s)
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "nb", "no", "nob", "nb-no", "nb_no", "no_no", "no-no":
		return NB, nil
	case "nn", "nno", "nn-no", "nn_no":
		return NN, nil
	case "en", "eng", "en-gb", "en-us", "en_gb", "en_us":
		return EN, nil
	}
	return "", Errorf("unknown language %q: use nb (bokmål), nn (nynorsk) or en (English)", s)
}

// Texter is a value that says itself in a language.
type Texter interface {
	Text(Lang) string
}

// T formats the text whose English is format, in l. Arguments that are
// Texters or errors are rendered in l first.
func T(l Lang, format string, args ...any) string {
	return sprintf(l, lookup(l, format), args)
}

// S is a fixed text in l: not a format, so it may hold % as it is.
func S(l Lang, text string) string {
	return lookup(l, text)
}

// N is one or many: the singular when n is 1, else the plural, each a
// format given the same args.
func N(l Lang, n int, one, many string, args ...any) string {
	if n == 1 {
		return T(l, one, args...)
	}
	return T(l, many, args...)
}

// Key marks a text that is looked up later from a variable (a table of
// column headers, say) with Dyn: the catalogue test reads it as a key.
func Key(text string) string { return text }

// Dyn is S for a key held in a variable, each declared with Key.
func Dyn(l Lang, text string) string { return lookup(l, text) }

// Text is err in l: an error of this package in l, any other as it says
// itself (the file system's errors in l as far as the catalogue knows them).
func Text(l Lang, err error) string {
	if err == nil {
		return ""
	}
	if t, ok := err.(Texter); ok {
		return t.Text(l)
	}
	if l == EN {
		return err.Error()
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return T(l, "cannot %s %s: %s", op(l, pe.Op), pe.Path, errnoText(l, pe.Err))
	}
	if no, ok := err.(syscall.Errno); ok {
		return errnoText(l, no)
	}
	return err.Error()
}

// op is a file operation as a verb phrase.
func op(l Lang, o string) string {
	switch o {
	case "open":
		return S(l, "open")
	case "read":
		return S(l, "read")
	case "write":
		return S(l, "write")
	case "stat", "lstat":
		return S(l, "look up")
	case "rename":
		return S(l, "rename")
	case "remove", "unlinkat":
		return S(l, "remove")
	case "mkdir":
		return S(l, "make the folder")
	case "close":
		return S(l, "close")
	}
	return o
}

// errnoText is a system error in l, for the errors a person meets.
func errnoText(l Lang, err error) string {
	var no syscall.Errno
	if !errors.As(err, &no) {
		return Text(l, err)
	}
	switch no {
	case syscall.ENOENT:
		return S(l, "no such file or directory")
	case syscall.EACCES, syscall.EPERM:
		return S(l, "permission denied")
	case syscall.EISDIR:
		return S(l, "is a directory")
	case syscall.ENOTDIR:
		return S(l, "not a directory")
	case syscall.ENOSPC:
		return S(l, "no space left on device")
	case syscall.EROFS:
		return S(l, "read-only file system")
	case syscall.EEXIST:
		return S(l, "file exists")
	}
	return err.Error()
}

// Msg is a text not yet rendered: a format and its arguments, said in the
// language of whoever reads it. As an error (Errorf), Error is English.
type Msg struct {
	format string
	args   []any
}

// New is a text to render later, in the reader's language.
func New(format string, args ...any) *Msg { return &Msg{format: format, args: args} }

// Errorf is an error whose text is the format, in the reader's language
// (Text) or English (Error). %w is rendered like %v and wraps its argument,
// as with fmt.Errorf.
func Errorf(format string, args ...any) error { return &Msg{format: format, args: args} }

// Text is m in l.
func (m *Msg) Text(l Lang) string { return T(l, m.format, m.args...) }

// Error is m in English.
func (m *Msg) Error() string { return m.Text(EN) }

// String is m in English.
func (m *Msg) String() string { return m.Text(EN) }

// Format is the English format the text was made from: its key.
func (m *Msg) Format() string { return m.format }

// Unwrap is the errors m wraps with %w.
func (m *Msg) Unwrap() []error {
	if !strings.Contains(m.format, "%w") {
		return nil
	}
	var errs []error
	for _, a := range m.args {
		if e, ok := a.(error); ok {
			errs = append(errs, e)
		}
	}
	return errs
}

// lookup is key in l. A key nynorsk lacks is said in bokmål, and one
// bokmål lacks in English; the catalogue test allows neither.
func lookup(l Lang, key string) string {
	if l == EN {
		return key
	}
	if l == NN {
		if s, ok := nynorsk[key]; ok {
			return s
		}
	}
	if s, ok := catalogue[key]; ok {
		return s
	}
	return key
}

// sprintf is fmt.Sprintf with %w as %v and the arguments that can say
// themselves in l rendered in l.
func sprintf(l Lang, format string, args []any) string {
	if len(args) == 0 {
		return strings.ReplaceAll(format, "%%", "%")
	}
	if strings.Contains(format, "%w") {
		format = strings.ReplaceAll(format, "%w", "%v")
	}
	conv := args
	for i, a := range args {
		var s string
		switch v := a.(type) {
		case Texter:
			s = v.Text(l)
		case error:
			s = Text(l, v)
		default:
			continue
		}
		if &conv[0] == &args[0] {
			conv = append([]any(nil), args...)
		}
		conv[i] = s
	}
	return fmt.Sprintf(format, conv...)
}
