package rules

import (
	"slices"
	"testing"
)

// Every handle names a value of the registry in its scope, and every value
// of the registry has a handle: calc and the command read values only
// through them.
func TestHandlesAreTheRegistry(t *testing.T) {
	for _, scope := range []struct {
		scheme  bool
		handles []string
	}{{false, fileParams}, {true, schemeParams}} {
		seen := map[string]bool{}
		for _, h := range scope.handles {
			if seen[h] {
				t.Errorf("two handles of %q", h)
			}
			seen[h] = true
			if !slices.ContainsFunc(registry, func(p Param) bool { return p.Name == h && p.Scheme == scope.scheme }) {
				t.Errorf("the handle %q (scheme %v) names no value of the registry", h, scope.scheme)
			}
		}
		for _, p := range registry {
			if p.Scheme == scope.scheme && !seen[p.Name] {
				t.Errorf("the value %q (scheme %v) has no handle", p.Name, scope.scheme)
			}
		}
	}
	if len(fileParams) < 10 || len(schemeParams) < 30 {
		t.Errorf("%d file handles, %d scheme handles", len(fileParams), len(schemeParams))
	}
}

// A handle made from a word that names no value fails loudly.
func TestAnUnknownHandlePanics(t *testing.T) {
	for name, f := range map[string]func(){
		"AmountFor":        func() { AmountFor("tannlege") },
		"CentralAmountFor": func() { CentralAmountFor("") },
		"NoSchemeFor":      func() { NoSchemeFor("næring") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s took a word that names no value", name)
				}
			}()
			f()
		}()
	}
	if AmountFor("fastlege").Name() != "amount.fastlege" || NoSchemeFor("fastlonn").Name() != "no_scheme.fastlonn" {
		t.Error("the handles name the wrong values")
	}
}
