package calc_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// calc and the command read rule values through the registry's handles
// (rules.RoundingUnit, s.Get(rules.Cap)), never by a string path, which a
// misspelling would read as "not given".
func TestNoStringPathToARuleValue(t *testing.T) {
	byPath := regexp.MustCompile(`\.Value\(`)
	n := 0
	for _, root := range []string{".", "../cmd"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			n++
			for i, line := range strings.Split(string(src), "\n") {
				if byPath.MatchString(line) {
					t.Errorf("%s:%d: a rule value read by its path: %s", p, i+1, strings.TrimSpace(line))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 50 {
		t.Fatalf("only %d source files read", n)
	}
}
