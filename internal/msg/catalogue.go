package msg

// catalogue is the bokmål of every key, from the parts in nb_*.go, and
// nynorsk its nynorsk, from the parts in nn_*.go.
var (
	catalogue, duplicates = merge(parts...)
	nynorsk, duplicatesNN = merge(partsNN...)
)

// parts are the catalogue's parts, one a file, by what they are about;
// partsNN are the same parts in nynorsk, in the same order.
var (
	parts   = []map[string]string{systemNB, diagNB, inputNB, agreementNB, rulesNB, unitsNB, commandNB, calcNB, outputNB, wordsNB, reportNB, cliNB, workbookNB, serveNB}
	partsNN = []map[string]string{systemNN, diagNN, inputNN, agreementNN, rulesNN, unitsNN, commandNN, calcNN, outputNN, wordsNN, reportNN, cliNN, workbookNN, serveNN}
)

func merge(ms ...map[string]string) (map[string]string, []string) {
	all := map[string]string{}
	var dup []string
	for _, m := range ms {
		for k, v := range m {
			if _, ok := all[k]; ok {
				dup = append(dup, k)
				continue
			}
			all[k] = v
		}
	}
	return all, dup
}

// same lists the keys whose bokmål is the English: names and words that
// are the same in both.
var same = map[string]bool{
	"under ":                    true, // "under the rules of"
	"null":                      true, // YAML's word
	"history.yaml: %w":          true, // a file's name
	"FORMAT":                    true, // the same word
	"%d s":                      true, // seconds
	"%d min %02d s":             true, // minutes and seconds
	"Kommune":                   true, // the Norwegian word, in English too
	"kommune":                   true,
	"JSON":                      true, // a format's name
	"Stillingsprosent":          true, // the Norwegian word, in English too
	"%s, sentralitetsklasse %d": true, // a kommune's name and its class
}

// sameNN lists the keys whose nynorsk, and not their bokmål, is the
// English.
var sameNN = map[string]bool{
	"(open)": true, // åpen in bokmål
}
