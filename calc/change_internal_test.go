package calc

import (
	"testing"

	"github.com/alis-tilskudd/alis/rules"
)

// A result finds a rule value by its path as valueAt finds it among the
// rules' values, for every value of every embedded period.
func TestResultFindsValuesAsValueAt(t *testing.T) {
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
		bare := &Result{rules: r}
		paths := []string{"no.such.value", "schemes.naering", ""}
		for _, v := range r.Params() {
			paths = append(paths, v.Path)
		}
		for _, path := range paths {
			if got, want := ruleText(res, path), ruleText(bare, path); got != want {
				t.Errorf("%s %s: %q, valueAt finds %q", p, path, got, want)
			}
		}
	}
}
