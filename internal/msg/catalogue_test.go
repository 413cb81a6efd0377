package msg

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// keyArgs says, for each function of the package, which arguments are keys
// and where its format's arguments begin (-1: it has none).
var keyArgs = map[string]struct {
	keys   []int
	args   int
	format bool
}{
	"T":      {[]int{1}, 2, true},
	"S":      {[]int{1}, -1, false},
	"N":      {[]int{2, 3}, 4, true},
	"Errorf": {[]int{0}, 1, true},
	"New":    {[]int{0}, 1, true},
	"Key":    {[]int{0}, -1, false},
}

type use struct {
	pos    string
	format bool
}

// A function whose doc comment has the line "//msg:format" takes a key in
// its parameter named format, and the format's arguments after it: its
// callers' keys are read like msg.T's (Diag's Errorf, a loader's problem).
const wrapperDirective = "//msg:format"

type wrapper struct{ key, args int }

type goFile struct {
	path string
	f    *ast.File
}

// parseModule parses every Go file of the module that is not a test.
func parseModule(t *testing.T, fset *token.FileSet) []goFile {
	t.Helper()
	root := filepath.Join("..", "..")
	var files []goFile
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		files = append(files, goFile{path, f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// wrappers finds the functions marked //msg:format, by package and name.
func wrappers(files []goFile) (map[string]wrapper, []string) {
	out := map[string]wrapper{}
	var problems []string
	for _, gf := range files {
		for _, d := range gf.f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Doc == nil || !hasDirective(fn.Doc) {
				continue
			}
			i, key := 0, -1
			for _, field := range fn.Type.Params.List {
				for _, name := range field.Names {
					if name.Name == "format" {
						key = i
					}
					i++
				}
			}
			if key < 0 {
				problems = append(problems, gf.path+": "+fn.Name.Name+" is marked "+wrapperDirective+" but has no parameter named format")
				continue
			}
			if fn.Recv != nil {
				// A method: called on values, whatever package holds them.
				out["*."+fn.Name.Name] = wrapper{key, key + 1}
			}
			out[gf.f.Name.Name+"."+fn.Name.Name] = wrapper{key, key + 1}
		}
	}
	return out, problems
}

func hasDirective(cg *ast.CommentGroup) bool {
	for _, c := range cg.List {
		if strings.TrimSpace(c.Text) == wrapperDirective {
			return true
		}
	}
	return false
}

// keysInSource reads every Go file of the module that is not a test and
// returns each key with where it is used. A key must be a constant string:
// one that is not is a problem, reported with its place.
func keysInSource(t *testing.T) (map[string][]use, []string) {
	t.Helper()
	fset := token.NewFileSet()
	files := parseModule(t, fset)
	wraps, problems := wrappers(files)
	keys := map[string][]use{}
	for _, gf := range files {
		f := gf.f
		pkg := f.Name.Name
		inMsg := pkg == "msg"
		imports := map[string]string{} // local name -> package name
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := p[strings.LastIndex(p, "/")+1:]
			if im.Name != nil {
				imports[im.Name.Name] = name
			} else {
				imports[name] = name
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var spec struct {
				keys   []int
				args   int
				format bool
			}
			found := false
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
				if x, ok := fn.X.(*ast.Ident); ok && imports[x.Name] == "msg" && !inMsg {
					spec, found = keyArgs[name]
				} else if x, ok := fn.X.(*ast.Ident); ok && imports[x.Name] != "" {
					if w, ok := wraps[imports[x.Name]+"."+name]; ok {
						spec.keys, spec.args, spec.format, found = []int{w.key}, w.args, true, true
					}
				} else if w, ok := wraps[pkg+"."+name]; ok {
					spec.keys, spec.args, spec.format, found = []int{w.key}, w.args, true, true
				} else if w, ok := wraps["*."+name]; ok {
					spec.keys, spec.args, spec.format, found = []int{w.key}, w.args, true, true
				}
			case *ast.Ident:
				name = fn.Name
				if inMsg {
					spec, found = keyArgs[name]
				}
				if w, ok := wraps[pkg+"."+name]; ok {
					spec.keys, spec.args, spec.format, found = []int{w.key}, w.args, true, true
				}
			}
			if !found {
				return true
			}
			pos := fset.Position(call.Pos()).String()
			for _, i := range spec.keys {
				if i >= len(call.Args) {
					problems = append(problems, pos+": too few arguments")
					continue
				}
				key, ok := constString(call.Args[i])
				if id, isID := call.Args[i].(*ast.Ident); !ok && (inMsg || isID && id.Name == "format") {
					continue // a function passing its own key on
				}
				if !ok {
					problems = append(problems, pos+": "+name+" needs its text as a constant string (a key held in a variable goes through msg.Key and msg.Dyn)")
					continue
				}
				keys[key] = append(keys[key], use{pos, spec.format})
				if spec.format && call.Ellipsis == token.NoPos {
					if want, got := argsUsed(key), len(call.Args)-spec.args; want != got {
						problems = append(problems, pos+": "+strconv.Quote(key)+" takes "+strconv.Itoa(want)+" arguments, given "+strconv.Itoa(got))
					}
				}
			}
			return true
		})
	}
	return keys, problems
}

// constString is the value of a string literal, or of literals joined by +.
func constString(e ast.Expr) (string, bool) {
	switch v := e.(type) {
	case *ast.BasicLit:
		if v.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(v.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if v.Op != token.ADD {
			return "", false
		}
		a, ok1 := constString(v.X)
		b, ok2 := constString(v.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constString(v.X)
	}
	return "", false
}

var verbRE = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*(\d+|\*)?(\.(\d+|\*)?)?(\[(\d+)\])?([a-zA-Z%])`)

// verbs maps each argument a format uses (from 1) to its verb, and says
// whether every % in it begins a verb.
func verbs(format string) (map[int]byte, bool) {
	out := map[int]byte{}
	next := 1
	rest := format
	for _, m := range verbRE.FindAllStringSubmatchIndex(format, -1) {
		verb := format[m[16]]
		if verb == '%' {
			continue
		}
		if m[4] >= 0 {
			next, _ = strconv.Atoi(format[m[4]:m[5]])
		} else if m[14] >= 0 {
			next, _ = strconv.Atoi(format[m[14]:m[15]])
		}
		if verb == 'w' {
			verb = 'v'
		}
		out[next] = verb
		next++
	}
	rest = verbRE.ReplaceAllString(rest, "")
	return out, !strings.Contains(rest, "%")
}

func argsUsed(format string) int {
	vs, _ := verbs(format)
	n := 0
	for i := range vs {
		if i > n {
			n = i
		}
	}
	return n
}

// flagRE finds the names of flags: --lang, -o.
var flagRE = regexp.MustCompile(`(^|\s)--?[a-z][a-z0-9-]*`)

// hasLetter reports whether s has a letter outside its verbs and the names
// of flags: "%s: %w" and "--lang: %w" have none, and are the same in both
// languages.
func hasLetter(s string) bool {
	s = flagRE.ReplaceAllString(verbRE.ReplaceAllString(s, ""), "")
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// languages are the catalogues a test holds to the English keys: each
// language's texts, the keys it lists twice, and the keys whose text is
// rightly the English.
var languages = []struct {
	name string
	l    Lang
	cat  map[string]string
	dup  []string
	same map[string]bool // besides same
}{
	{"bokmål", NB, catalogue, duplicates, nil},
	{"nynorsk", NN, nynorsk, duplicatesNN, sameNN},
}

// Every text alis shows goes through the catalogue with its bokmål and its
// nynorsk, each takes the same arguments with the same verbs as the
// English, and no catalogue holds what nothing uses.
func TestEveryKeyHasEveryLanguage(t *testing.T) {
	keys, problems := keysInSource(t)
	for _, p := range problems {
		t.Error(p)
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys in the source: is the scan reading it?", len(keys))
	}
	for _, lang := range languages {
		checkLanguage(t, keys, lang.name, lang.cat, lang.dup, lang.same)
	}
	for k := range same {
		if catalogue[k] != k || nynorsk[k] != k {
			t.Errorf("same lists %q, whose bokmål or nynorsk is not the English", k)
		}
	}
	for k := range sameNN {
		if nynorsk[k] != k {
			t.Errorf("sameNN lists %q, whose nynorsk is not the English", k)
		}
	}
}

// checkLanguage holds one language's catalogue to the keys of the source.
func checkLanguage(t *testing.T, keys map[string][]use, name string, cat map[string]string, dup []string, alsoSame map[string]bool) {
	t.Helper()
	for _, k := range dup {
		t.Errorf("%q is in the %s catalogue twice", k, name)
	}
	var missing []string
	for key, uses := range keys {
		if !hasLetter(key) {
			continue
		}
		text, ok := cat[key]
		if !ok {
			missing = append(missing, uses[0].pos+": "+strconv.Quote(key))
			continue
		}
		if strings.TrimSpace(text) == "" {
			t.Errorf("%s: %q has an empty %s", uses[0].pos, key, name)
		}
		if text == key && !same[key] && !alsoSame[key] {
			t.Errorf("%s: %q has the English as its %s; if that is right, list it in same", uses[0].pos, key, name)
		}
		if !uses[0].format {
			continue
		}
		ve, okE := verbs(key)
		vl, okL := verbs(text)
		if !okE {
			t.Errorf("%s: %q has a %% that is not a verb: write %%%%", uses[0].pos, key)
		}
		if !okL {
			t.Errorf("%q: its %s %q has a %% that is not a verb: write %%%%", key, name, text)
		}
		if !sameVerbs(ve, vl) {
			t.Errorf("%q and its %s %q take different arguments", key, name, text)
		}
		for _, s := range []string{key, text} {
			if out := fmt.Sprintf(strings.ReplaceAll(s, "%w", "%v"), sampleArgs(ve)...); strings.Contains(out, "%!") {
				t.Errorf("%q formats as %q", s, out)
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no %s for %s", name, m)
	}
	var unused []string
	for key := range cat {
		if _, ok := keys[key]; !ok {
			unused = append(unused, key)
		}
	}
	sort.Strings(unused)
	for _, k := range unused {
		t.Errorf("the %s catalogue has %q, which nothing uses", name, k)
	}
}

// sampleArgs are arguments of the types a format's verbs take.
func sampleArgs(vs map[int]byte) []any {
	n := 0
	for i := range vs {
		n = max(n, i)
	}
	args := make([]any, n)
	for i := range args {
		switch vs[i+1] {
		case 'd':
			args[i] = 7
		case 'c':
			args[i] = ','
		case 'f', 'g':
			args[i] = 1.5
		default:
			args[i] = "x"
		}
	}
	return args
}

func sameVerbs(a, b map[int]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i, v := range a {
		if b[i] != v {
			return false
		}
	}
	return true
}

// The scan of the source finds what it should: a key held in a variable
// and a wrong number of arguments are problems.
func TestScanFindsProblems(t *testing.T) {
	dir := t.TempDir()
	src := `package x
import "github.com/alis-tilskudd/alis/internal/msg"
func f(l msg.Lang, k string) {
	_ = msg.T(l, k)
	_ = msg.T(l, "one %s and %d", "a")
	_ = msg.Errorf("fine %s", "a")
}`
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(dir, "x.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		spec := keyArgs[sel.Sel.Name]
		key, ok := constString(call.Args[spec.keys[0]])
		if !ok {
			found = append(found, "variable")
			return true
		}
		if argsUsed(key) != len(call.Args)-spec.args {
			found = append(found, "count")
		}
		return true
	})
	if strings.Join(found, " ") != "variable count" {
		t.Errorf("found %v, want [variable count]", found)
	}
}

func TestVerbs(t *testing.T) {
	for _, c := range []struct {
		format string
		want   string
		ok     bool
	}{
		{"%s is %d", "1s 2d", true},
		{"%[2]s then %[1]d", "1d 2s", true},
		{"20 %% of %s", "1s", true},
		{"100 %, of %s", "", false},
		{"%-*s", "1s", true},
		{"%w: %v", "1v 2v", true},
	} {
		vs, ok := verbs(c.format)
		var parts []string
		for i, v := range vs {
			parts = append(parts, strconv.Itoa(i)+string(v))
		}
		sort.Strings(parts)
		got := strings.Join(parts, " ")
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("verbs(%q) = %q, %v; want %q, %v", c.format, got, ok, c.want, c.ok)
		}
	}
}

func TestTextInEveryLanguage(t *testing.T) {
	inner := Errorf("unknown language %q: use nb (bokmål), nn (nynorsk) or en (English)", "x")
	outer := Errorf("%s:%d: %s: %w", "a.csv", 3, "Kostnad", inner)
	if got := outer.Error(); got != `a.csv:3: Kostnad: unknown language "x": use nb (bokmål), nn (nynorsk) or en (English)` {
		t.Errorf("Error() = %q", got)
	}
	if got := Text(NB, outer); !strings.Contains(got, "ukjent språk") {
		t.Errorf("Text(NB) = %q: the wrapped error is not in bokmål", got)
	}
	if !strings.HasPrefix(Text(NB, outer), "a.csv:3: Kostnad: ") {
		t.Errorf("Text(NB) = %q", Text(NB, outer))
	}
	var m *Msg
	if !errors.As(outer, &m) || m.Format() != "%s:%d: %s: %w" {
		t.Error("errors.As does not find the Msg")
	}
	if got := T(NB, "%d", 2021); got != "2021" {
		t.Errorf("a year is %q", got)
	}
	if got := T(EN, "100 %% of it"); got != "100 % of it" {
		t.Errorf("%%%% without arguments is %q", got)
	}
	if got := N(EN, 1, "%d row", "%d rows", 1) + ", " + N(EN, 2, "%d row", "%d rows", 2); got != "1 row, 2 rows" {
		t.Errorf("N = %q", got)
	}
	for _, s := range []string{"nb", "NB", "no", "nb_NO.UTF-8", "nob"} {
		if l, err := ParseLang(s); err != nil || l != NB {
			t.Errorf("ParseLang(%q) = %v, %v", s, l, err)
		}
	}
	for _, s := range []string{"nn", "NN", "nno", "nn_NO.UTF-8", "nn-NO"} {
		if l, err := ParseLang(s); err != nil || l != NN {
			t.Errorf("ParseLang(%q) = %v, %v", s, l, err)
		}
	}
	if got := Text(NN, outer); got != `a.csv:3: Kostnad: ukjent språk "x": bruk nb (bokmål), nn (nynorsk) eller en (engelsk)` {
		t.Errorf("Text(NN) = %q: the wrapped error is not in nynorsk", got)
	}
	if _, err := ParseLang("de"); err == nil {
		t.Error("ParseLang(de) is not an error")
	}
	_, err := os.Open(filepath.Join(t.TempDir(), "none.csv"))
	if got := Text(NB, err); !strings.Contains(got, catalogue["no such file or directory"]) {
		t.Errorf("a missing file in bokmål: %q", got)
	}
}

// wordsRE finds three words in a row: text for a person.
var wordsRE = regexp.MustCompile(`\pL{2,}[ ,;:]+\pL{2,}[ ,;:]+\pL{2,}`)

// printers are the functions whose string arguments a person reads.
var printers = map[string]bool{
	"fmt.Errorf": true, "errors.New": true, "fmt.Sprintf": true, "fmt.Fprintf": true, "fmt.Printf": true,
	"fmt.Appendf": true, "fmt.Fprintln": true, "fmt.Println": true, "fmt.Fprint": true, "fmt.Sprint": true,
	"io.WriteString": true,
}

// No text for people reaches them around the catalogue: a string of words
// given to fmt or errors outside package msg is a problem, unless its line
// says "//msg:ok" and why (a rule file's own English, a file format).
func TestNoTextBypassesTheCatalogue(t *testing.T) {
	fset := token.NewFileSet()
	files := parseModule(t, fset)
	n := 0
	for _, gf := range files {
		if gf.f.Name.Name == "msg" {
			continue
		}
		ok := map[int]bool{}
		for _, cg := range gf.f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "//msg:ok") {
					ok[fset.Position(c.Pos()).Line] = true
				}
			}
		}
		ast.Inspect(gf.f, func(nd ast.Node) bool {
			call, isCall := nd.(*ast.CallExpr)
			if !isCall {
				return true
			}
			sel, isSel := call.Fun.(*ast.SelectorExpr)
			if !isSel {
				return true
			}
			x, isID := sel.X.(*ast.Ident)
			if !isID || !printers[x.Name+"."+sel.Sel.Name] {
				return true
			}
			n++
			for _, a := range call.Args {
				s, isConst := constString(a)
				if !isConst || !wordsRE.MatchString(verbRE.ReplaceAllString(s, "")) {
					continue
				}
				pos := fset.Position(call.Pos())
				if !ok[pos.Line] && !ok[fset.Position(call.End()).Line] {
					t.Errorf("%s: %s(%q) bypasses the catalogue: use msg.T, msg.Errorf or a Diag (or mark the line //msg:ok with why)", pos, x.Name+"."+sel.Sel.Name, s)
				}
			}
			return true
		})
	}
	if n < 50 {
		t.Fatalf("found only %d calls to check: is the scan reading the source?", n)
	}
}

// bokmalOnly are word forms of bokmål that a nynorsk text does not use
// (its nynorsk in the comment): a nynorsk entry that has one is bokmål
// with a few words swapped.
var bokmalOnly = regexp.MustCompile(`(?i)(?:^|[^\pL\pN_])(` + strings.Join([]string{
	"ikke",                   // ikkje
	"hva", "hvor", "hvordan", // kva, kvar/kor, korleis
	"hvis", "hvilken", "hvilke", // viss, kva for
	"hver", "hvert", // kvar, kvart
	"fra", "ble", "uten", // frå, vart, utan
	"noen", "noe", "mye", "mer", // nokon, noko, mykje, meir
	"bare", "også", "enda", // berre, òg, enno
	"de", "dem", "deres", // dei, deira
	"tilskudd", "tilskuddet", // tilskot
	"måned", "måneder", "hele", // månad, månader, heile
	"regler", "reglene", "verdier", "avtaler", "avtalene", // reglar, verdiar, avtalar
	"mangler", "gjelder", "sier", "ukjente", // manglar, gjeld, seier, ukjende
	"regnes", "leses", "skrives", "brukes", "finnes", "gis", // blir rekna … (s-passive)
	"egen", "eget", "egne", // eigen, eige, eigne
}, "|") + `)(?:$|[^\pL\pN_])`)

// literal strips what a nynorsk text quotes as it is: file names, and the
// bokmål column names batch reads.
var literal = regexp.MustCompile(`\S+\.(csv|xlsx|html|yaml)|\(fra, startdato\)|\(tidligere_år\)`)

// Nynorsk is written as nynorsk, not as bokmål with a few words swapped.
func TestNynorskIsNotBokmal(t *testing.T) {
	var bad []string
	for key, nn := range nynorsk {
		if m := bokmalOnly.FindStringSubmatch(literal.ReplaceAllString(nn, "")); m != nil {
			bad = append(bad, fmt.Sprintf("%q: its nynorsk %q has the bokmål %q", key, nn, m[1]))
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
	// The check finds what it should.
	if !bokmalOnly.MatchString("dette er ikke nynorsk") || bokmalOnly.MatchString("dette er ikkje bokmål, både du og eg") {
		t.Error("the check of bokmål words does not work")
	}
}
