package msg

// reportNB: the HTML report.
var reportNB = map[string]string{
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
