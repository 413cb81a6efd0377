package rules

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite the expected messages of testdata/rules/bad")

const (
	badDir   = "../testdata/rules/bad"
	badBase  = badDir + "/base.yaml"
	badEdits = badDir + "/edits.yaml"
)

// badEdit is a broken rule file made from base.yaml by its edits, each an
// exact text of the file (found once) and what replaces it, applied in
// order; Want is what loading it says.
type badEdit struct {
	Name  string     `yaml:"name"`
	Edits []textEdit `yaml:"edits"`
	Want  string     `yaml:"want"`
}

// textEdit replaces Old with New: Old found once in the file, or, with At
// (a text found once), the first Old after At.
type textEdit struct {
	At  string `yaml:"at,omitempty"`
	Old string `yaml:"old"`
	New string `yaml:"new"`
}

// apply makes the case's file from the base.
func (c *badEdit) apply(base string) (string, error) {
	s := base
	for i, e := range c.Edits {
		from := 0
		if e.At != "" {
			if n := strings.Count(s, e.At); n != 1 {
				return "", fmt.Errorf("edit %d: its place is in the file %d times, not once: %q", i+1, n, e.At)
			}
			from = strings.Index(s, e.At) + len(e.At)
		} else if n := strings.Count(s, e.Old); n != 1 {
			return "", fmt.Errorf("edit %d: its old text is in the file %d times, not once: %q", i+1, n, e.Old)
		}
		k := strings.Index(s[from:], e.Old)
		if k < 0 {
			return "", fmt.Errorf("edit %d: no %q after its place", i+1, e.Old)
		}
		s = s[:from+k] + e.New + s[from+k+len(e.Old):]
	}
	if s == base {
		return "", fmt.Errorf("the edits leave the base as it is")
	}
	return s, nil
}

// loadBad loads a broken rule file and says what its error says.
func loadBad(t *testing.T, name string, data []byte) string {
	t.Helper()
	r, err := Load(name+".yaml", data)
	if err == nil {
		t.Fatalf("loaded without error (period %s)", r.Period)
	}
	if _, ok := err.(*LoadError); !ok {
		t.Fatalf("error is %T, want *LoadError", err)
	}
	return err.Error() + "\n"
}

// Every broken rule file gives exactly the messages expected of it: those
// of edits.yaml, each the base file with a small edit, and the whole files
// of testdata/rules/bad whose point is the file as a whole (empty, not
// YAML, an old schema), each with its .want file. Run with -update to
// rewrite the expected messages, then read the diff.
func TestBadRuleFiles(t *testing.T) {
	base, err := os.ReadFile(badBase)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load("base.yaml", base); err != nil {
		t.Fatalf("the base of the broken files does not load, so its edits test nothing: %v", err)
	}
	cases := readBadEdits(t)
	seen := map[string]bool{}
	for i := range cases {
		c := &cases[i]
		t.Run(c.Name, func(t *testing.T) {
			data, err := c.apply(string(base))
			if err != nil {
				t.Fatal(err)
			}
			if seen[data] {
				t.Errorf("the same file as another case")
			}
			seen[data] = true
			got := loadBad(t, c.Name, []byte(data))
			if *update {
				c.Want = got
				return
			}
			if got != c.Want {
				t.Errorf("messages differ\n got: %s\nwant: %s", got, c.Want)
			}
		})
	}
	if *update {
		writeBadEdits(t, cases)
	}
	files, err := filepath.Glob(badDir + "/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	whole := 0
	for _, f := range files {
		if f == badBase || f == badEdits {
			continue
		}
		whole++
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := loadBad(t, name, data)
			wantFile := strings.TrimSuffix(f, ".yaml") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test ./rules -run TestBadRuleFiles -update)", err)
			}
			if got != string(want) {
				t.Errorf("messages differ\n got: %s\nwant: %s", got, want)
			}
		})
	}
	if len(cases) < 30 || whole < 5 {
		t.Fatalf("%d edited cases and %d whole files", len(cases), whole)
	}
}

func readBadEdits(t *testing.T) []badEdit {
	t.Helper()
	data, err := os.ReadFile(badEdits)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var cases []badEdit
	if err := dec.Decode(&cases); err != nil {
		t.Fatalf("%s: %v", badEdits, err)
	}
	return cases
}

const badEditsHead = `# Broken rule files, each base.yaml with a small edit: an exact text of the
# file (found once) and what replaces it, applied in order, and what loading
# the file says (want). TestBadRuleFiles makes and loads each; run
# go test ./rules -run TestBadRuleFiles -update to rewrite the wants.
`

func writeBadEdits(t *testing.T, cases []badEdit) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(badEditsHead)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(cases); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(badEdits, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
