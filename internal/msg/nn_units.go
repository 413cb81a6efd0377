package msg

// unitsNN: the bases and units of rule values. (nynorsk; the bokmål is unitsNB).
var unitsNN = map[string]string{
	"verified":    "verifisert",
	"inferred":    "utleidd",
	"assumed":     "anteken",
	"NOK":         "kr",
	"NOK/hour":    "kr/time",
	"NOK/year":    "kr/år",
	"boolean":     "ja/nei",
	"class":       "klasse",
	"date":        "dato",
	"factor":      "faktor",
	"hours":       "timar",
	"hours/month": "timar/månad",
	"list":        "liste",
	"method":      "metode",
	"mode":        "måte",
	"months":      "månader",
	"share":       "del",
	"text":        "tekst",
	"years":       "år",
}
