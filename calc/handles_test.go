package calc_test

import (
	"go/ast"
	"go/parser"
	"go/token"
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

// Money counts øre: Money(300000) is 3 000 kr, a conversion Go makes of an
// untyped constant in silence. No code of alis converts a number written
// out to Money (but 0); it says its unit with Kroner or Ore.
func TestNoMoneyFromALiteral(t *testing.T) {
	n := 0
	for _, root := range []string{".", "../cmd", "../rules"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
			if err != nil {
				return err
			}
			n++
			inCalc := f.Name.Name == "calc"
			ast.Inspect(f, func(x ast.Node) bool {
				call, ok := x.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					return true
				}
				lit, ok := call.Args[0].(*ast.BasicLit)
				if !ok || lit.Kind != token.INT || lit.Value == "0" {
					return true
				}
				switch fn := call.Fun.(type) {
				case *ast.SelectorExpr:
					if id, ok := fn.X.(*ast.Ident); ok && id.Name == "calc" && fn.Sel.Name == "Money" {
						t.Errorf("%s: calc.Money(%s) is %s øre: write calc.Kroner or calc.Ore", p, lit.Value, lit.Value)
					}
				case *ast.Ident:
					if inCalc && fn.Name == "Money" {
						t.Errorf("%s: Money(%s) is %s øre: write Kroner or Ore", p, lit.Value, lit.Value)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 100 {
		t.Fatalf("only %d files read", n)
	}
}
