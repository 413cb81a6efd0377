package msg

// reportNB: the HTML report.
var reportNB = map[string]string{
	"no source":                             "ingen kilde",
	"%[1]d value is assumed, from: %[2]s":   "%[1]d verdi er antatt, etter: %[2]s",
	"%[1]d values are assumed, from: %[2]s": "%[1]d verdier er antatt, etter: %[2]s",
	"%d value is unknown: no source gives it, and the grants that need it are unknown":       "%d verdi er ukjent: ingen kilde oppgir den, og tilskuddene som trenger den, er ukjente",
	"%d values are unknown: no source gives them, and the grants that need them are unknown": "%d verdier er ukjente: ingen kilde oppgir dem, og tilskuddene som trenger dem, er ukjente",
	"Every agreement": "Alle avtaler",
	"Kommune":         "Kommune",
	"Approved":        "Godkjent",
	"Place":           "Sted",
	"Date":            "Dato",
	"Name":            "Navn",
	"Role":            "Rolle",
	"Signature":       "Underskrift",
	"kommune":         "kommune",
	"up to (maxima)":  "inntil (største mulige)",
	"unknown grants":  "ukjente tilskudd",
	"and up to %[2]s more for %[1]d agreement whose grant is only a maximum (an input is not given)":  "og inntil %[2]s til for %[1]d avtale med bare et største mulige tilskudd (en opplysning mangler)",
	"and up to %[2]s more for %[1]d agreements whose grant is only a maximum (an input is not given)": "og inntil %[2]s til for %[1]d avtaler med bare et største mulige tilskudd (en opplysning mangler)",
	"%d agreement whose grant is unknown, in no sum":                                                  "%d avtale med ukjent tilskudd, med i ingen sum",
	"%d agreements whose grant is unknown, in no sum":                                                 "%d avtaler med ukjent tilskudd, med i ingen sum",
	"line ": "linje ",
}
