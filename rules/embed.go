package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed years/*.yaml
var years embed.FS

// EmbeddedPrefix starts the Source of embedded rules.
const EmbeddedPrefix = "embedded:"

// Years lists the years that have an embedded rule file, in order.
func Years() []int {
	entries, _ := fs.ReadDir(years, "years")
	var out []int
	for _, e := range entries {
		if y, err := strconv.Atoi(strings.TrimSuffix(e.Name(), ".yaml")); err == nil {
			out = append(out, y)
		}
	}
	sort.Ints(out)
	return out
}

// EmbeddedFile returns the bytes of the embedded rule file for a year.
func EmbeddedFile(year int) ([]byte, error) {
	b, err := years.ReadFile(fmt.Sprintf("years/%d.yaml", year))
	if err != nil {
		return nil, fmt.Errorf("no embedded rules for %d; the embedded years are %s", year, yearList())
	}
	return b, nil
}

// Embedded loads the embedded rule file for a year.
func Embedded(year int) (*Rules, error) {
	b, err := EmbeddedFile(year)
	if err != nil {
		return nil, err
	}
	return Load(fmt.Sprintf("%s%d.yaml", EmbeddedPrefix, year), b)
}

func yearList() string {
	var s []string
	for _, y := range Years() {
		s = append(s, strconv.Itoa(y))
	}
	return strings.Join(s, ", ")
}
