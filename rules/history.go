package rules

import (
	"bytes"
	_ "embed"
	"sort"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/alis-tilskudd/alis/internal/msg"
)

//go:embed history.yaml
var historyFile []byte

// History is what was recorded of the schemes: payouts per scheme and year,
// and grants given, each table with its source and basis.
type History struct {
	Payouts struct {
		Source  `yaml:",inline"`
		Schemes []struct {
			ID    string        `yaml:"id"`
			Name  string        `yaml:"name"`
			Years map[int]int64 `yaml:"years"` // whole millions of kroner
		} `yaml:"schemes"`
	} `yaml:"payouts"`
	Granted struct {
		Source  `yaml:",inline"`
		Entries []struct {
			Year   int    `yaml:"year"`
			Scheme string `yaml:"scheme"`
			Grants int    `yaml:"grants"`
			Amount int64  `yaml:"amount"` // kroner
		} `yaml:"entries"`
	} `yaml:"granted"`
}

// Source is where a table of History comes from.
type Source struct {
	Title      string      `yaml:"title"`
	Unit       string      `yaml:"unit"`
	Basis      Basis       `yaml:"basis"`
	Note       string      `yaml:"note"`
	NoteNB     string      `yaml:"note_nb"`
	NoteNN     string      `yaml:"note_nn"`
	References []Reference `yaml:"references"`
}

// NoteIn is the note in l: in bokmål or nynorsk where the history gives
// it, as Meta.NoteIn.
func (s Source) NoteIn(l msg.Lang) string { return noteIn(l, s.Note, s.NoteNB, s.NoteNN) }

// NoteInBokmal reports whether NoteIn(l) is bokmål where nynorsk was asked
// for.
func (s Source) NoteInBokmal(l msg.Lang) bool { return inBokmal(l, s.NoteNB, s.NoteNN) }

// LoadHistory returns the embedded history, read once. Unknown keys are
// errors. The History is shared: do not change it.
func LoadHistory() (*History, error) { return loadHistory() }

var loadHistory = sync.OnceValues(readHistory)

func readHistory() (*History, error) {
	dec := yaml.NewDecoder(bytes.NewReader(historyFile))
	dec.KnownFields(true)
	var h History
	if err := dec.Decode(&h); err != nil {
		return nil, msg.Errorf("history.yaml: %w", err)
	}
	if len(h.Payouts.Schemes) == 0 || len(h.Payouts.References) == 0 || len(h.Granted.References) == 0 {
		return nil, msg.Errorf("history.yaml: payouts and grants need schemes and references")
	}
	return &h, nil
}

// HistoryYears lists the years with a recorded payout, in order.
func (h *History) HistoryYears() []int {
	seen := map[int]bool{}
	var ys []int
	for _, s := range h.Payouts.Schemes {
		for y := range s.Years {
			if !seen[y] {
				seen[y] = true
				ys = append(ys, y)
			}
		}
	}
	sort.Ints(ys)
	return ys
}
