package calc

import (
	"testing"

	"github.com/alis-tilskudd/alis/rules"
)

// A result finds a rule value by its path as a scan of the rules' values
// finds it, for every value of every embedded period.
func TestResultFindsValuesAsAScan(t *testing.T) {
	for _, p := range rules.Periods() {
		r, err := rules.Embedded(p)
		if err != nil {
			t.Fatal(err)
		}
		e, err := NewEngine(r)
		if err != nil {
			t.Fatal(err)
		}
		res := &Result{rules: r, paths: e.byPath}
		scan := func(path string) string { // the first value of the path
			for _, v := range r.Params() {
				if v.Path == path {
					return v.String()
				}
			}
			return ""
		}
		paths := []string{"no.such.value", "schemes.naering", ""}
		for _, v := range r.Params() {
			paths = append(paths, v.Path)
		}
		for _, path := range paths {
			if got, want := ruleText(res, path), scan(path); got != want {
				t.Errorf("%s %s: %q, a scan finds %q", p, path, got, want)
			}
		}
	}
}
