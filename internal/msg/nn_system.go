package msg

// systemNN: languages, and the file system's errors. (nynorsk; the bokmål is systemNB).
var systemNN = map[string]string{
	"unknown language %q: use nb (bokmål), nn (nynorsk) or en (English)": "ukjent språk %q: bruk nb (bokmål), nn (nynorsk) eller en (engelsk)",
	"cannot %s %s: %s":          "kan ikkje %s %s: %s",
	"open":                      "opne",
	"read":                      "lese",
	"write":                     "skrive",
	"look up":                   "slå opp",
	"rename":                    "gje nytt namn til",
	"remove":                    "fjerne",
	"make the folder":           "lage mappa",
	"close":                     "lukke",
	"no such file or directory": "fila eller mappa finst ikkje",
	"permission denied":         "inga tilgang",
	"is a directory":            "er ei mappe",
	"not a directory":           "er ikkje ei mappe",
	"no space left on device":   "ingen plass att på disken",
	"read-only file system":     "filsystemet kan berre lesast",
	"file exists":               "fila finst alt",
}

// diagNN: the words of standard error, and the months. (nynorsk; the bokmål is diagNB).
var diagNN = map[string]string{
	"error":     "feil",
	"warning":   "åtvaring",
	"hint":      "tips",
	"January":   "januar",
	"February":  "februar",
	"March":     "mars",
	"April":     "april",
	"May":       "mai",
	"June":      "juni",
	"July":      "juli",
	"August":    "august",
	"September": "september",
	"October":   "oktober",
	"November":  "november",
	"December":  "desember",
}
