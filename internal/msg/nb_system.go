package msg

// systemNB: languages, and the file system's errors.
var systemNB = map[string]string{
	"unknown language %q: use nb (bokmål), nn (nynorsk) or en (English)": "ukjent språk %q: bruk nb (bokmål), nn (nynorsk) eller en (engelsk)",
	"cannot %s %s: %s":          "kan ikke %s %s: %s",
	"open":                      "åpne",
	"read":                      "lese",
	"write":                     "skrive",
	"look up":                   "slå opp",
	"rename":                    "gi nytt navn til",
	"remove":                    "fjerne",
	"make the folder":           "lage mappen",
	"close":                     "lukke",
	"no such file or directory": "filen eller mappen finnes ikke",
	"permission denied":         "ingen tilgang",
	"is a directory":            "er en mappe",
	"not a directory":           "er ikke en mappe",
	"no space left on device":   "ingen plass igjen på disken",
	"read-only file system":     "filsystemet kan bare leses",
	"file exists":               "filen finnes allerede",
}

// diagNB: the words of standard error, and the months.
var diagNB = map[string]string{
	"error":     "feil",
	"warning":   "advarsel",
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
