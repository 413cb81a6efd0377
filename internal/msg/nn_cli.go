package msg

// cliNN: the commands' own texts. (nynorsk; the bokmål is cliNB).
var cliNN = map[string]string{
	"-o %s: alis does not write OpenDocument spreadsheets":          "-o %s: alis skriv ikkje OpenDocument-rekneark",
	"write -o %s.xlsx, which LibreOffice opens (and saves as .ods)": "skriv -o %s.xlsx, som LibreOffice opnar (og lagrar som .ods)",
	"-o %s: alis does not write the old Excel format (.xls)":        "-o %s: alis skriv ikkje det gamle Excel-formatet (.xls)",
	"write -o %sx, which every Excel since 2007 opens":              "skriv -o %sx, som alle Excel sidan 2007 opnar",
	"-o %s: which format %s is cannot be told from its name":        "-o %s: kva format %s er, kan ikkje avgjerast ut frå namnet",
	"give --format csv, json, jsonl, table or xlsx":                 "gje --format csv, json, jsonl, table eller xlsx",
	"Payouts per scheme and year":                                   "Utbetalt tilskot per ordning og år",
	"NOK million":                                                   "mill. kr",
	"Grants given as of 31.12.2021":                                 "Tilsegn per 31.12.2021",
	"grants":                                                        "tilskot",
	"Source":                                                        "Kjelde",
	"Note":                                                          "Merk",
	"Valid":                                                         "Gyldig",
	"Changed for this run":                                          "Endra for denne køyringa",
	"Values":                                                        "Verdiar",
	"Scheme":                                                        "Ordning",
}
