package msg

// cliNB: the commands' own texts.
var cliNB = map[string]string{
	"-o %s: alis does not write OpenDocument spreadsheets":          "-o %s: alis skriver ikke OpenDocument-regneark",
	"write -o %s.xlsx, which LibreOffice opens (and saves as .ods)": "skriv -o %s.xlsx, som LibreOffice åpner (og lagrer som .ods)",
	"-o %s: alis does not write the old Excel format (.xls)":        "-o %s: alis skriver ikke det gamle Excel-formatet (.xls)",
	"write -o %sx, which every Excel since 2007 opens":              "skriv -o %sx, som alle Excel siden 2007 åpner",
	"-o %s: which format %s is cannot be told from its name":        "-o %s: hvilket format %s er, kan ikke avgjøres fra navnet",
	"give --format csv, json, jsonl, table or xlsx":                 "oppgi --format csv, json, jsonl, table eller xlsx",
	"Payouts per scheme and year":                                   "Utbetalt tilskudd per ordning og år",
	"NOK million":                                                   "mill. kr",
	"Grants given as of 31.12.2021":                                 "Tilsagn per 31.12.2021",
	"grants":                                                        "tilskudd",
	"Source":                                                        "Kilde",
	"Note":                                                          "Merk",
	"Valid":                                                         "Gyldig",
	"Changed for this run":                                          "Endret for denne kjøringen",
	"Values":                                                        "Verdier",
	"Scheme":                                                        "Ordning",
}
