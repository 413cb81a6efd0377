package msg

// cliNB: the commands' own texts.
var cliNB = map[string]string{
	"Payouts per scheme and year":   "Utbetalt tilskudd per ordning og år",
	"NOK million":                   "mill. kr",
	"Grants given as of 31.12.2021": "Tilsagn per 31.12.2021",
	"grants":                        "tilskudd",
	"Source":                        "Kilde",
	"Note":                          "Merk",
	"Valid":                         "Gyldig",
	"Changed for this run":          "Endret for denne kjøringen",
	"Values":                        "Verdier",
	"Scheme":                        "Ordning",
}
