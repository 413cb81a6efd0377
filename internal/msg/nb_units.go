package msg

// unitsNB: the bases and units of rule values.
var unitsNB = map[string]string{
	"verified":    "verifisert",
	"inferred":    "utledet",
	"assumed":     "antatt",
	"NOK":         "kr",
	"NOK/hour":    "kr/time",
	"NOK/year":    "kr/år",
	"boolean":     "ja/nei",
	"class":       "klasse",
	"date":        "dato",
	"factor":      "faktor",
	"hours":       "timer",
	"hours/month": "timer/måned",
	"list":        "liste",
	"method":      "metode",
	"mode":        "måte",
	"months":      "måneder",
	"share":       "andel",
	"text":        "tekst",
	"years":       "år",
}
