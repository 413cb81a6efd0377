package msg

// workbookNB: the headers of the workbook's sheets.
var workbookNB = map[string]string{
	"Line":                          "Linje",
	"Year":                          "År",
	"Period":                        "Periode",
	"Months":                        "Måneder",
	"Cap for the months":            "Tak for månedene",
	"Limit by the costs":            "Grense etter kostnadene",
	"Grant after allocation":        "Tilskudd etter fordeling",
	"Values not known":              "Ukjente verdier",
	"Reasons":                       "Begrunnelse",
	"Error":                         "Feil",
	"Total":                         "Totalt",
	"Agreements":                    "Avtaler",
	"Not eligible":                  "Ikke berettiget",
	"Rejected":                      "Avvist",
	"Budget":                        "Budsjett",
	"Budget used (%)":               "Brukt av budsjettet (%)",
	"Budget remaining":              "Igjen av budsjettet",
	"Allocated in all":              "Fordelt i alt",
	"Allocation factor":             "Fordelingsfaktor",
	"Granted (recorded)":            "Bevilget (registrert)",
	"Paid out, mill. kr (recorded)": "Utbetalt, mill. kr (registrert)",
}
