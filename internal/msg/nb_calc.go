package msg

// calcNB: the reasons an agreement gets no grant, and the names in them.
var calcNB = map[string]string{
	"the first day as fastlege, %s, is after the employment ends (%s): lavere produktivitet then pays nothing":             "første dag som fastlege, %s, er etter at arbeidsforholdet slutter (%s): lavere produktivitet gir da ingenting",
	"the first day as fastlege, %s, is before %s: is the year right?":                                                      "første dag som fastlege, %s, er før %s: er året riktig?",
	"the agreement was signed %s, more than a year after the period ends (%s): is the year right?":                         "avtalen ble signert %s, mer enn et år etter at perioden slutter (%s): er året riktig?",
	"the agreement was signed %s, after its time in %s ends (%s), and there is no grant for the time before it was signed": "avtalen ble signert %s, etter at tiden dens i %s slutter (%s), og det gis ikke tilskudd for tiden før den ble signert",
	"no scheme in %s gives grants for supervision only":                                                                    "ingen tilskuddsordning i %s gir tilskudd til veiledning alene",
	"no scheme in %s covers ALIS %s":                 "ingen tilskuddsordning i %s dekker ALIS i %s",
	"the scheme %s does not cover %s in %s":          "ordningen %s dekker ikke %s i %s",
	"(open)":                                         "(åpen)",
	"the agreement period %s to %s has no day in %s": "avtaleperioden %s–%s har ingen dag i %s",
	"the vikariat %s to %s does not last at least %d months (it must run until at least %s)":               "vikariatet %s–%s varer ikke minst %d måneder (det må vare til minst %s)",
	"the vikariat %s to %s does not last more than %d months (it must run until at least %s)":              "vikariatet %s–%s varer ikke mer enn %d måneder (det må vare til minst %s)",
	"the vikariat has no end date, so whether it lasts at least %d months cannot be known":                 "vikariatet har ingen sluttdato, så det kan ikke avgjøres om det varer minst %d måneder",
	"the vikariat has no end date, so whether it lasts more than %d months cannot be known":                "vikariatet har ingen sluttdato, så det kan ikke avgjøres om det varer mer enn %d måneder",
	"the doctor has already had grants for %d years, and a grant may follow a doctor for at most %d years": "legen har allerede hatt tilskudd i %d år, og et tilskudd kan følge en lege i høyst %d år",
	"the application of %s came after the deadline %s":                                                     "søknaden %s kom etter fristen %s",
	"doctors tied to a staffing agency get no grant in %s":                                                 "leger tilknyttet et vikarbyrå får ikke tilskudd i %s",
	"the scheme %s covers none of the agreement's positions in %s":                                         "ordningen %s dekker ingen av avtalens stillinger i %s",
	"the doctor must be in the new specialist training (LIS3) for a grant in %s":                           "legen må være i den nye spesialistutdanningen (LIS3) for å få tilskudd i %s",
	"in næringsdrift (self-employed)":                                                                      "næringsdrift",
	"on fastlønn (employed by the kommune)":                                                                "fastlønn (ansatt i kommunen)",
	"fastleger (GPs)":                                                                                      "fastleger",
	"fastlege (GP)":                                                                                        "fastlege",
	"vikarer (locums)":                                                                                     "fastlegevikarer",
	"vikar (locum)":                                                                                        "fastlegevikar",
}
