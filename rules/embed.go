package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules/date"
)

//go:embed periods/*.yaml
var periods embed.FS

// EmbeddedPrefix starts the Source of embedded rules.
const EmbeddedPrefix = "embedded:"

// embeddedFile is an embedded rule file: its name and its period.
type embeddedFile struct {
	file   string // "2024-25.yaml"
	period string // "2024/25"
	from   date.Date
	to     date.Date
}

// The embedded files, indexed once, in the order of their periods. The
// index reads only the top-level period, valid_from and valid_to of each
// file, so that a command that loads one period (or none) does not parse
// them all; TestEmbeddedIndex holds it to the full load.
var embeddedFiles = sync.OnceValue(func() []embeddedFile {
	entries, _ := fs.ReadDir(periods, "periods")
	var out []embeddedFile
	for _, e := range entries {
		b, err := periods.ReadFile("periods/" + e.Name())
		if err != nil {
			continue
		}
		f, err := indexEntry(e.Name(), b)
		if err != nil {
			panic(fmt.Sprintf("the embedded rule file %s cannot be indexed: %v", e.Name(), err)) //msg:ok a bug in alis, found by its tests
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].from.Before(out[j].from) })
	return out
})

// indexEntry reads a rule file's period and dates from its top-level keys.
func indexEntry(name string, b []byte) (embeddedFile, error) {
	f := embeddedFile{file: name}
	for line := range strings.SplitSeq(string(b), "\n") {
		if line == "" || line[0] == ' ' || line[0] == '#' {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		if i := strings.Index(value, " #"); i >= 0 {
			value = strings.TrimSpace(value[:i])
		}
		value = strings.Trim(value, `"'`)
		var err error
		switch key {
		case "period":
			f.period = value
		case "valid_from":
			f.from, err = date.ParseISO(value)
		case "valid_to":
			f.to, err = date.ParseISO(value)
		}
		if err != nil {
			return f, err
		}
	}
	if f.period == "" || f.from.IsZero() || f.to.IsZero() {
		return f, fmt.Errorf("no period, valid_from or valid_to at the top level") //msg:ok a bug in alis, found by its tests
	}
	return f, nil
}

// Periods lists the periods that have an embedded rule file, in order.
func Periods() []string {
	var out []string
	for _, f := range embeddedFiles() {
		out = append(out, f.period)
	}
	return out
}

// PeriodName reads a period as people write it: "2021", "2024/25",
// "2024-25" or "2024/2025" are "2021" and "2024/25".
func PeriodName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Replace(s, "-", "/", 1)
	if y, rest, ok := strings.Cut(s, "/"); ok && len(y) == 4 && len(rest) == 4 && strings.HasPrefix(rest, y[:2]) {
		s = y + "/" + rest[2:]
	}
	return s
}

func findEmbedded(period string) (embeddedFile, error) {
	p := PeriodName(period)
	for _, f := range embeddedFiles() {
		if f.period == p {
			return f, nil
		}
	}
	return embeddedFile{}, msg.Errorf("no embedded rules for %s; the embedded periods are %s", period, strings.Join(Periods(), ", "))
}

// EmbeddedFile returns the bytes of the embedded rule file for a period.
func EmbeddedFile(period string) ([]byte, error) {
	f, err := findEmbedded(period)
	if err != nil {
		return nil, err
	}
	return periods.ReadFile("periods/" + f.file)
}

// Embedded loads the embedded rule file for a period ("2021", "2024/25").
func Embedded(period string) (*Rules, error) {
	f, err := findEmbedded(period)
	if err != nil {
		return nil, err
	}
	b, err := periods.ReadFile("periods/" + f.file)
	if err != nil {
		return nil, err
	}
	return Load(EmbeddedPrefix+f.file, b)
}

// PeriodOf returns the embedded period that holds a day, or "" when none
// does.
func PeriodOf(d date.Date) string {
	for _, f := range embeddedFiles() {
		if !d.Before(f.from) && !d.After(f.to) {
			return f.period
		}
	}
	return ""
}

// LastDay is the last day of the last embedded period: past it, alis has
// no rules.
func LastDay() date.Date {
	files := embeddedFiles()
	return files[len(files)-1].to
}

// PeriodsTouched lists the embedded periods that share a day with from–to
// (to zero: open-ended), in order.
func PeriodsTouched(from, to date.Date) []string {
	var out []string
	for _, f := range embeddedFiles() {
		if (to.IsZero() || !f.from.After(to)) && !f.to.Before(from) {
			out = append(out, f.period)
		}
	}
	return out
}
