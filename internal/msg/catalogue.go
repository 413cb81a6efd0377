package msg

// catalogue is the bokmål of every key, from the parts in nb_*.go.
var catalogue, duplicates = merge(parts...)

// parts are the catalogue's parts, one a file, by what they are about.
var parts = []map[string]string{systemNB, diagNB, inputNB, agreementNB, rulesNB, unitsNB, commandNB, calcNB, outputNB, wordsNB, reportNB, cliNB, workbookNB}

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
	"under ":           true, // "under the rules of"
	"null":             true, // YAML's word
	"history.yaml: %w": true, // a file's name
	"FORMAT":           true, // the same word
	"%d s":             true, // seconds
	"%d min %02d s":    true, // minutes and seconds
	"Kommune":          true, // the Norwegian word, in English too
	"kommune":          true,
}
