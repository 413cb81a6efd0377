package rules

import (
	"testing"
	"time"

	"github.com/alis-tilskudd/alis/internal/fuzzseed"
)

// FuzzLoad: any bytes either fail with a *LoadError naming problems, or give
// rules that keep the promises validation makes.
func FuzzLoad(f *testing.F) {
	for _, b := range fuzzseed.Files(f, "rules") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r *Rules
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			r, err = Load("fuzz.yaml", data)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Load does not return within 5 s on %q", data)
		}
		if err != nil {
			le, ok := err.(*LoadError)
			if !ok || len(le.Problems) == 0 {
				t.Fatalf("error %T %v is not a LoadError with problems", err, err)
			}
			return
		}
		if len(r.Schemes) == 0 || r.ValidTo.Before(r.ValidFrom) {
			t.Fatal("rules without schemes or with a contradicting period accepted")
		}
		// Every value is within its descriptor's bounds.
		for _, v := range r.Params() {
			if v.Known() && v.Param.check(v) != nil {
				t.Fatalf("%s = %s accepted: %v", v.Path, v, v.Param.check(v))
			}
		}
		for _, p := range r.Params() {
			if p.Basis == "" || len(p.References) == 0 {
				t.Fatalf("%s accepted without basis or references", p.Path)
			}
		}
	})
}
