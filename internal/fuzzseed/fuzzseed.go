// Package fuzzseed reads the seed corpora of testdata/fuzz for the fuzz
// tests of every package, so that none of them ignores a file it cannot
// read or starts with an empty corpus.
package fuzzseed

import (
	"os"
	"path/filepath"
	"testing"
)

// Files returns the contents of every file of testdata/fuzz/<dir> but its
// README, found from the module's root. It fails the test when the folder
// has no seeds or a seed cannot be read.
func Files(f *testing.F, dir string) [][]byte {
	f.Helper()
	root, err := moduleRoot()
	if err != nil {
		f.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "testdata", "fuzz", dir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, p := range files {
		if filepath.Base(p) == "README.md" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatalf("seed %s: %v", p, err)
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		f.Fatalf("no seeds in testdata/fuzz/%s", dir)
	}
	return out
}

// moduleRoot is the nearest folder above the working directory (a test's
// package folder) that holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", os.ErrNotExist
		}
		dir = up
	}
}
