// Package kommune knows Norway's kommuner of the 2024 structure: each one's
// number, name and class in Statistics Norway's centrality index
// (sentralitetsindeksen, 2024 version). The table is kommuner-2024.csv,
// embedded; its sources and the checks made on it are in README.md beside
// it. Which version of the index each grant period uses is not known: a
// rule file that names the table (centrality.table) has a class not given
// taken from it, as an inferred value; calc does the lookup.
package kommune

import (
	_ "embed"
	"encoding/csv"
	"strconv"
	"strings"
	"sync"
)

//go:embed kommuner-2024.csv
var table string

// Kommune is one kommune of the table.
type Kommune struct {
	Number string // four digits: 1804
	Name   string
	// Class is its centrality class, 1 (most central) to 6, and Index its
	// index value, 0 to 1000 (SSB, 2024 version).
	Class, Index int
}

var (
	once   sync.Once
	byNum  map[string]Kommune
	loaded []Kommune
)

func load() {
	byNum = map[string]Kommune{}
	recs, err := csv.NewReader(strings.NewReader(table)).ReadAll()
	if err != nil {
		panic("kommune: the embedded table does not read: " + err.Error())
	}
	for _, r := range recs[1:] {
		if len(r) != 4 {
			panic("kommune: a row of the embedded table does not read: " + strings.Join(r, ","))
		}
		class, err1 := strconv.Atoi(r[2])
		index, err2 := strconv.Atoi(r[3])
		if err1 != nil || err2 != nil {
			panic("kommune: a row of the embedded table does not read: " + strings.Join(r, ","))
		}
		k := Kommune{Number: r[0], Name: r[1], Class: class, Index: index}
		byNum[k.Number] = k
		loaded = append(loaded, k)
	}
}

// Lookup finds a kommune by its number.
func Lookup(number string) (Kommune, bool) {
	once.Do(load)
	k, ok := byNum[number]
	return k, ok
}

// All lists the kommuner in the table's order.
func All() []Kommune {
	once.Do(load)
	return append([]Kommune(nil), loaded...)
}
