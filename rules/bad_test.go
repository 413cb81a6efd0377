package rules

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .want files of testdata/rules/bad")

// Every broken rule file in testdata/rules/bad gives exactly the messages in
// its .want file. Run with -update to rewrite them, then read the diff.
func TestBadRuleFiles(t *testing.T) {
	files, err := filepath.Glob("../testdata/rules/bad/*.yaml")
	if err != nil || len(files) < 20 {
		t.Fatalf("found %d bad rule files (%v)", len(files), err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Load(name+".yaml", data)
			if err == nil {
				t.Fatalf("loaded without error (period %s)", r.Period)
			}
			if _, ok := err.(*LoadError); !ok {
				t.Fatalf("error is %T, want *LoadError", err)
			}
			got := err.Error() + "\n"
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
}
