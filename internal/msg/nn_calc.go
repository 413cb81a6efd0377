package msg

// calcNN: the reasons an agreement gets no grant, and the names in them. (nynorsk; the bokmål is calcNB).
var calcNN = map[string]string{
	"the first day as fastlege, %s, is after the employment ends (%s): lavere produktivitet then pays nothing":             "første dag som fastlege, %s, er etter at arbeidsforholdet sluttar (%s): lågare produktivitet gjev då ingenting",
	"the first day as fastlege, %s, is before %s: is the year right?":                                                      "første dag som fastlege, %s, er før %s: er året rett?",
	"the agreement was signed %s, more than a year after the period ends (%s): is the year right?":                         "avtalen vart underskriven %s, meir enn eitt år etter at perioden sluttar (%s): er året rett?",
	"the agreement was signed %s, after its time in %s ends (%s), and there is no grant for the time before it was signed": "avtalen vart underskriven %s, etter at tida hennar i %s sluttar (%s), og det blir ikkje gjeve tilskot for tida før ho vart underskriven",
	"no scheme in %s gives grants for supervision only":                                                                    "inga tilskotsordning i %s gjev tilskot til rettleiing åleine",
	"no scheme in %s covers ALIS %s":                 "inga tilskotsordning i %s dekkjer ALIS i %s",
	"the scheme %s does not cover %s in %s":          "ordninga %s dekkjer ikkje %s i %s",
	"(open)":                                         "(open)",
	"the agreement period %s to %s has no day in %s": "avtaleperioden %s–%s har ingen dag i %s",
	"the vikariat %s to %s does not last at least %d months (it must run until at least %s)":               "vikariatet %s–%s varer ikkje minst %d månader (det må vare til minst %s)",
	"the vikariat %s to %s does not last more than %d months (it must run until at least %s)":              "vikariatet %s–%s varer ikkje meir enn %d månader (det må vare til minst %s)",
	"the vikariat has no end date, so whether it lasts at least %d months cannot be known":                 "vikariatet har ingen sluttdato, så om det varer minst %d månader, kan ikkje avgjerast",
	"the vikariat has no end date, so whether it lasts more than %d months cannot be known":                "vikariatet har ingen sluttdato, så om det varer meir enn %d månader, kan ikkje avgjerast",
	"the doctor has already had grants for %d years, and a grant may follow a doctor for at most %d years": "legen har alt hatt tilskot i %d år, og eit tilskot kan følgje ein lege i høgst %d år",
	"the application of %s came after the deadline %s":                                                     "søknaden %s kom etter fristen %s",
	"doctors tied to a staffing agency get no grant in %s":                                                 "legar knytte til eit vikarbyrå får ikkje tilskot i %s",
	"the scheme %s covers none of the agreement's positions in %s":                                         "ordninga %s dekkjer ingen av stillingane i avtalen i %s",
	"the doctor must be in the new specialist training (LIS3) for a grant in %s":                           "legen må vere i den nye spesialistutdanninga (LIS3) for å få tilskot i %s",
	"in næringsdrift (self-employed)":                                                                      "næringsdrift",
	"on fastlønn (employed by the kommune)":                                                                "fastløn (tilsett i kommunen)",
	"fastleger (GPs)":                                                                                      "fastlegar",
	"fastlege (GP)":                                                                                        "fastlege",
	"vikarer (locums)":                                                                                     "fastlegevikarar",
	"vikar (locum)":                                                                                        "fastlegevikar",
}
