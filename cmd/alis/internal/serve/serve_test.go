package serve

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Every word of the templates is one of words, so that the catalogue holds
// it in each language; and every one of words is used.
func TestTemplateWordsAreKeys(t *testing.T) {
	used := map[string]bool{}
	re := regexp.MustCompile(`\{\{t \S+ "([^"]+)"\}\}`)
	err := fs.WalkDir(web, "web", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, _ := web.ReadFile(path)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
			if !slices.Contains(words, m[1]) {
				t.Errorf("%s: %q is not in words", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 20 {
		t.Fatalf("only %d words found in the templates", len(used))
	}
	for _, w := range words {
		if !used[w] {
			t.Errorf("words has %q, which no template uses", w)
		}
	}
}

// The Host header names this server, or it is refused: a name that
// resolves here by DNS alone is a rebinding page's.
func TestHostCheck(t *testing.T) {
	ok, err := hostCheck("127.0.0.1:8080")
	if err != nil {
		t.Fatal(err)
	}
	for h, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "LOCALHOST:8080": true, "[::1]:8080": true, "127.0.0.2:8080": true,
		"127.0.0.1:8081": false, "evil.example:8080": false, "192.168.1.5:8080": false, "127.0.0.1": false, "": false,
	} {
		if ok(h) != want {
			t.Errorf("on loopback, Host %q: %v", h, !want)
		}
	}
	any, _ := hostCheck("0.0.0.0:8080")
	for h, want := range map[string]bool{"192.168.1.5:8080": true, "0.0.0.0:8080": true, "evil.example:8080": false, "192.168.1.5:80": false} {
		if any(h) != want {
			t.Errorf("on every address, Host %q: %v", h, !want)
		}
	}
	if !IsLoopback("127.0.0.1:0") || !IsLoopback("[::1]:80") || !IsLoopback("localhost:80") || IsLoopback(":8080") || IsLoopback("0.0.0.0:80") {
		t.Error("IsLoopback")
	}
}

// Downloads are kept for a while and up to a size; the oldest go first.
func TestStore(t *testing.T) {
	now := time.Unix(0, 0)
	s := newStore(time.Minute, 10)
	s.now = func() time.Time { return now }
	a := s.put(map[string][]byte{"a.csv": []byte("123456")})
	if b, ok := s.get(a, "a.csv"); !ok || string(b) != "123456" {
		t.Fatal("a kept file is not there")
	}
	if _, ok := s.get(a, "b.csv"); ok {
		t.Error("a file not kept is there")
	}
	b := s.put(map[string][]byte{"b.csv": []byte("12345")}) // 11 bytes: a goes
	if _, ok := s.get(a, "a.csv"); ok || s.bytes() != 5 {
		t.Errorf("over the bound: a is kept, %d bytes", s.bytes())
	}
	now = now.Add(2 * time.Minute)
	if _, ok := s.get(b, "b.csv"); ok || s.bytes() != 0 {
		t.Error("an old download is kept")
	}
	if len(a) != 32 || a == b {
		t.Errorf("tokens %q, %q", a, b)
	}
}

// The server's time bounds are the README's, so that a client that sends
// slowly (or not at all) cannot hold a connection.
func TestServerBounds(t *testing.T) {
	s := httpServer(nil)
	if s.ReadHeaderTimeout != 10*time.Second || s.ReadTimeout != 5*time.Minute || s.WriteTimeout != 5*time.Minute ||
		s.IdleTimeout != 2*time.Minute || s.MaxHeaderBytes != 64<<10 {
		t.Errorf("bounds: %+v", s)
	}
	if DefaultMaxUpload != 50<<20 || DefaultMaxUploads != 4 || keep != 30*time.Minute || keepBytes != 512<<20 {
		t.Error("the upload and download bounds are not the README's")
	}
}

// headWriter keeps the first lines however the text is cut into writes,
// and says there are more only when there are.
func TestHeadWriter(t *testing.T) {
	var text strings.Builder
	for i := range 100 {
		fmt.Fprintf(&text, "line %d%s\n", i, strings.Repeat("x", i%7))
	}
	all := text.String()
	lines := strings.SplitAfter(all, "\n")
	for _, c := range []struct {
		n    int
		want string
	}{
		{60, strings.Join(lines[:60], "") + "…\n"},
		{100, all},
		{150, all},
		{0, "…\n"},
	} {
		for _, piece := range []int{1, 3, 17, 4096} {
			h := &headWriter{n: c.n}
			for rest := all; len(rest) > 0; {
				k := min(piece, len(rest))
				if n, err := h.Write([]byte(rest[:k])); n != k || err != nil {
					t.Fatalf("Write: %d, %v", n, err)
				}
				rest = rest[k:]
			}
			if string(h.b) != c.want {
				t.Errorf("%d lines, writes of %d bytes: %d bytes kept, want %d", c.n, piece, len(h.b), len(c.want))
			}
		}
	}
}

// An uploaded file's name is said as its last part, with nothing in it
// that a terminal or a log would take for more than text.
func TestShownName(t *testing.T) {
	for in, want := range map[string]string{
		"avtaler.csv":               "avtaler.csv",
		"../../etc/passwd":          "passwd",
		`C:\Users\ola\Avtaler.xlsx`: "Avtaler.xlsx",
		"a\x00b\x1b[31m.csv":        "ab[31m.csv",
		"Tromsø\u0085 2021.csv":     "Tromsø 2021.csv",
		"..":                        "",
		"dir/":                      "",
		"  ":                        "",
		strings.Repeat("å", 100):    strings.Repeat("å", 80),
	} {
		if got := shownName(in); got != want {
			t.Errorf("shownName(%q) = %q, want %q", in, got, want)
		}
	}
}
