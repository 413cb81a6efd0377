package cli

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"html"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/serve"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx/xlsxtest"
	"github.com/alis-tilskudd/alis/rules"
)

// serveTest is a server on loopback for a test, with alis itself behind
// it (run may wrap it).
type serveTest struct {
	*httptest.Server
	log syncBuffer
}

func newServeTest(t *testing.T, run func([]string, io.Reader, io.Writer, io.Writer) int, register func([]string, serve.Outputs, io.Writer) int, maxUpload int64, uploads int) *serveTest {
	t.Helper()
	if run == nil {
		run = Run
	}
	if register == nil {
		register = RunRegister
	}
	st := &serveTest{Server: newUnstarted()}
	srv, err := serve.New(serve.Options{Run: run, Register: register, Inputs: periodInputs(), Periods: rules.Periods(), Today: "2025/26",
		MaxUpload: maxUpload, MaxUploads: uploads, Log: &st.log}, st.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	st.Config.Handler = srv.Handler()
	st.Start()
	t.Cleanup(st.Close)
	return st
}

// newUnstarted is a test server on loopback, not yet serving: its address
// is known before the handler is made for it.
func newUnstarted() *httptest.Server { return httptest.NewUnstartedServer(nil) }

// get asks for a page and returns its status and body; every response has
// the headers that keep the page to itself.
func (st *serveTest) get(t *testing.T, path string) (int, string) {
	t.Helper()
	return st.do(t, httptest.NewRequest("GET", st.URL+path, nil))
}

func (st *serveTest) do(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	req.RequestURI = ""
	if req.Host == "" || strings.HasPrefix(req.Host, "example.com") {
		req.Host = strings.TrimPrefix(st.URL, "http://")
	}
	resp, err := st.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	h := resp.Header
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("%s: Content-Security-Policy %q", req.URL.Path, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: no nosniff", req.URL.Path)
	}
	return resp.StatusCode, string(b)
}

// upload posts a register as the page's form does.
func (st *serveTest) upload(t *testing.T, lang, name string, content []byte, period string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if period != "" {
		mw.WriteField("period", period)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req := httptest.NewRequest("POST", st.URL+"/register?lang="+lang, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return st.do(t, req)
}

var tagRE = regexp.MustCompile(`<[^>]+>`)

// pageText is a page's text, without its markup.
func pageText(page string) string { return html.UnescapeString(tagRE.ReplaceAllString(page, "")) }

// says reports whether text holds want, with any run of spaces as one.
func says(text, want string) bool {
	return strings.Contains(strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(want), " "))
}

func calcQuery(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	return "/?" + q.Encode()
}

func TestServeOneAgreement(t *testing.T) {
	st := newServeTest(t, nil, nil, 0, 0)
	// The form, in each language, with the fields of today's period.
	code, page := st.get(t, "/")
	if code != 200 || !strings.Contains(page, `<html lang="nb">`) || !strings.Contains(page, "Regn ut") || !strings.Contains(page, `name="position"`) {
		t.Fatalf("the form: %d\n%s", code, page)
	}
	if _, page := st.get(t, "/?lang=nn"); !strings.Contains(page, `<html lang="nn">`) || !strings.Contains(page, "Rekn ut") || !strings.Contains(page, "Legg til eit arbeidsforhold") {
		t.Errorf("the form in nynorsk:\n%s", page)
	}
	if _, page := st.get(t, "/?lang=en&period=2021"); !strings.Contains(page, "Compute") || !strings.Contains(page, `name="driftsform"`) || strings.Contains(page, `name="position"`) {
		t.Errorf("the 2021 form in English:\n%s", page)
	}
	// A 2021 agreement: the grant, exact, and the explanation as calc gives it.
	q := calcQuery("lang", "nb", "period", "2021", "driftsform", "næring", "start", "01.01.2021", "cost", "300 000", "kommune", "1804", "do", "compute")
	code, page = st.get(t, q)
	plain := pageText(page)
	for _, want := range []string{"Tilskudd: 240 000 kr (begrenset av taket)", "Tilskuddet er: nøyaktig", "3. Tak: 240 000 kr per år × 12/12 = 240 000 kr.", "Bodø, sentralitetsklasse 3"} {
		if !says(plain, want) {
			t.Errorf("2021: %d: no %q in\n%s", code, want, plain)
		}
	}
	var out, errb bytes.Buffer
	Run([]string{"calc", "--year=2021", "--driftsform=næring", "--start=01.01.2021", "--cost=300 000", "--kommune=1804", "--explain", "--lang=nb"}, nil, &out, &errb)
	if !strings.Contains(plain, out.String()) {
		t.Errorf("the page's explanation is not calc's:\n%s", out.String())
	}
	// The link reproduces the same form and result.
	link := regexp.MustCompile(`href="(/\?[^"]+)" id="link"`).FindStringSubmatch(page)
	if link == nil {
		t.Fatal("no link to the computation")
	}
	if _, again := st.get(t, html.UnescapeString(link[1])); !strings.Contains(pageText(again), "240 000 kr (begrenset av taket)") || !strings.Contains(again, `value="300 000"`) {
		t.Errorf("the link does not reproduce the case:\n%s", again)
	}
	// 2025/26: employment periods; a row more without JavaScript; a maximum.
	_, page = st.get(t, calcQuery("lang", "nn", "period", "2025/26", "position", "fastlege", "percent", "100", "from", "01.06.2025", "to", "31.05.2026", "do", "add"))
	if n := strings.Count(page, `name="percent"`); n != 2 {
		t.Errorf("add a row: %d rows", n)
	}
	_, page = st.get(t, calcQuery("lang", "nn", "period", "2025/26", "position", "fastlege", "percent", "100", "from", "01.06.2025", "to", "31.05.2026",
		"first_fastlege_date", "01.06.2025", "supervision_hours", "40", "kommune", "1804", "do", "compute"))
	plain = pageText(page)
	for _, want := range []string{"Tilskotet er: inntil", "Rettleiing:", "det største moglege tilskotet utan", "Føresetnader", "resultatet byggjer på"} {
		if !says(plain, want) {
			t.Errorf("2025/26: no %q in\n%s", want, plain)
		}
	}
	// Without a period the dates decide it.
	if _, page := st.get(t, calcQuery("driftsform", "naering", "start", "01.01.2020", "cost", "300000", "do", "compute")); !strings.Contains(pageText(page), "Tilskudd 2020 for ALIS-avtale") {
		t.Errorf("the period from the dates:\n%s", pageText(page))
	}
}

func TestServeBadRequests(t *testing.T) {
	st := newServeTest(t, nil, nil, 0, 0)
	for _, c := range []struct {
		name, path string
		code       int
		says       string
	}{
		{"a path as the period", calcQuery("period", "/etc/passwd", "do", "compute"), 400, "er ikke en tilskuddsperiode alis har regler for"},
		{"a path in a date", calcQuery("period", "2021", "driftsform", "naering", "start", "/etc/passwd", "do", "compute"), 422, "er ikke en dato"},
		{"a flag in a value", calcQuery("period", "2021", "driftsform", "naering", "start", "2021-01-01", "cost", "--rules=/etc/passwd", "do", "compute"), 422, "ikke et beløp"},
		{"a value too long", calcQuery("cost", strings.Repeat("9", 300)), 400, "er lengre enn 200 tegn"},
		{"a control character", calcQuery("cost", "1\x1b[2J"), 400, "har et kontrolltegn"},
		{"a missing page", "/admin", 404, "det finnes ingen side /admin"},
		{"an unknown download", "/download/00/resultat.csv", 404, "ikke tatt vare på lenger"},
		{"an error in English", calcQuery("lang", "en", "period", "1999"), 400, "is not a grant period alis has rules for"},
	} {
		code, page := st.get(t, c.path)
		if code != c.code || !strings.Contains(page, c.says) || !strings.Contains(page, `id="error"`) {
			t.Errorf("%s: %d, want %d with %q:\n%s", c.name, code, c.code, c.says, pageText(page))
		}
	}
	// Another Host (DNS rebinding) is refused; so is a method a page does not take.
	req := httptest.NewRequest("GET", st.URL+"/", nil)
	req.Host = "evil.example:" + strconv.Itoa(st.Listener.Addr().(*net.TCPAddr).Port)
	if code, page := st.do(t, req); code != http.StatusMisdirectedRequest || !strings.Contains(page, "svarer ikke for evil.example") {
		t.Errorf("a wrong Host: %d\n%s", code, pageText(page))
	}
	req = httptest.NewRequest("POST", st.URL+"/?lang=nn", strings.NewReader("x=1"))
	if code, page := st.do(t, req); code != http.StatusMethodNotAllowed || !strings.Contains(page, "POST er ikkje ein måte") {
		t.Errorf("POST /: %d\n%s", code, pageText(page))
	}
	req = httptest.NewRequest("POST", st.URL+"/register", strings.NewReader("x=1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if code, page := st.do(t, req); code != http.StatusBadRequest || !strings.Contains(page, "multipart/form-data") {
		t.Errorf("a form without a file: %d\n%s", code, pageText(page))
	}
	if code, body := st.get(t, "/style.css"); code != 200 || !strings.Contains(body, "@media print") {
		t.Errorf("the stylesheet: %d", code)
	}
}

func TestServeRegister(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // the uploads' temporary folders, which must be gone after
	st := newServeTest(t, nil, nil, 1<<20, 2)
	register, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "testdata", "csv", "avtaler-2021-win1252.csv"))
	if err != nil {
		t.Fatal(err)
	}
	code, page := st.upload(t, "nb", "../../etc/avtaler.csv", register, "")
	plain := pageText(page)
	if code != 200 || !strings.Contains(plain, "Sammendrag for tilskuddsperioden 2021") || !strings.Contains(plain, "A-101") {
		t.Fatalf("the register: %d\n%s", code, plain)
	}
	hrefs := regexp.MustCompile(`href="(/download/[0-9a-f]{32}/([a-z.]+))"`).FindAllStringSubmatch(page, -1)
	if len(hrefs) != 4 {
		t.Fatalf("downloads: %v", hrefs)
	}
	for _, h := range hrefs {
		code, body := st.get(t, h[1])
		ok := code == 200
		switch h[2] {
		case "resultat.xlsx":
			ok = ok && strings.HasPrefix(body, "PK\x03\x04")
		case "resultat.csv":
			ok = ok && strings.HasPrefix(body, "\uFEFFline;id;")
		case "resultat.json":
			ok = ok && strings.Contains(body, `"format_version": 2`)
		case "rapport.html":
			ok = ok && strings.Contains(body, "ALIS-tilskudd: rapport")
		}
		if !ok {
			t.Errorf("%s: %d %.60q", h[2], code, body)
		}
		// A browser that takes gzip gets the text downloads gzipped, as
		// they are kept; one that does not, or says q=0, gets them plain.
		for _, accept := range []string{"gzip, deflate, br", "identity", "gzip;q=0", ""} {
			req := httptest.NewRequest("GET", st.URL+h[1], nil)
			req.RequestURI, req.Host = "", strings.TrimPrefix(st.URL, "http://")
			if accept != "" {
				req.Header.Set("Accept-Encoding", accept)
			}
			resp, err := st.Client().Transport.RoundTrip(req) // the body as it comes, not decompressed
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			zipped := h[2] != "resultat.xlsx" && accept == "gzip, deflate, br"
			if got := resp.Header.Get("Content-Encoding") == "gzip"; got != zipped {
				t.Errorf("%s, Accept-Encoding %q: Content-Encoding %q", h[2], accept, resp.Header.Get("Content-Encoding"))
			}
			if zipped {
				zr, err := gzip.NewReader(bytes.NewReader(raw))
				if err != nil {
					t.Fatalf("%s: %v", h[2], err)
				}
				if raw, err = io.ReadAll(zr); err != nil {
					t.Fatalf("%s: %v", h[2], err)
				}
			}
			if string(raw) != body {
				t.Errorf("%s, Accept-Encoding %q: %d bytes, not the %d of the download", h[2], accept, len(raw), len(body))
			}
		}
	}
	// The register is called by the name it was uploaded with, in the
	// page's messages and in the downloads, never by the server's file.
	code, page = st.upload(t, "nb", `C:\Users\ola\Avtaler 2021.csv`, []byte("id;driftsform;start\nA;naering;2021-01-01\nB;naering;ikke-en-dato\n"), "")
	if plain := pageText(page); code != 200 || !strings.Contains(plain, "Avtaler 2021.csv:3") || strings.Contains(page, "alis-serve-") || strings.Contains(page, "ola") {
		t.Errorf("the upload's name: %d\n%s", code, plain)
	}
	for _, h := range regexp.MustCompile(`href="(/download/[0-9a-f]{32}/([a-z.]+))"`).FindAllStringSubmatch(page, -1) {
		_, body := st.get(t, h[1])
		if h[2] == "resultat.xlsx" {
			zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			for _, f := range zr.File {
				rc, _ := f.Open()
				io.Copy(&all, rc)
				rc.Close()
			}
			body = all.String()
		}
		if strings.Contains(body, "alis-serve-") || (h[2] == "resultat.xlsx" || h[2] == "rapport.html") && !strings.Contains(body, "Avtaler 2021.csv") {
			t.Errorf("%s does not name the upload as it was named", h[2])
		}
	}
	// A workbook, under a period chosen, in English.
	book := xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "Ark1", Rows: xlsxtest.Header("id", "driftsform", "start", "cost") +
		xlsxtest.Row(2, xlsxtest.Text("W-1"), xlsxtest.Text("naering"), xlsxtest.Num("44197"), xlsxtest.Num("300000"))}}}
	if code, page := st.upload(t, "en", "avtaler.xlsx", book.Bytes(), "2021"); code != 200 || !strings.Contains(pageText(page), "W-1") || !strings.Contains(pageText(page), "NOK 240,000") {
		t.Errorf("a workbook: %d\n%s", code, pageText(page))
	}
	for _, c := range []struct {
		name    string
		content []byte
		period  string
		code    int
		says    string
	}{
		{"an image", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", 415, "ikke en CSV-fil eller en Excel-arbeidsbok"},
		{"a damaged workbook", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{7}, 400)...), "", 422, "ikke en lesbar Excel-arbeidsbok"},
		{"too large", bytes.Repeat([]byte("id;start\nA;2021-01-01\n"), 60_000), "", 413, "større enn 1 MB"},
		{"an empty file", nil, "", 400, "filen er tom"},
		{"a path as the period", register, "../../etc/passwd", 400, "er ikke en tilskuddsperiode"},
		{"a CSV alis cannot read", []byte("a;b\n1;2\n"), "", 422, "mangler de påkrevde kolonnene id"},
	} {
		code, page := st.upload(t, "nb", "x.csv", c.content, c.period)
		if code != c.code || !strings.Contains(pageText(page), c.says) {
			t.Errorf("%s: %d, want %d with %q:\n%s", c.name, code, c.code, c.says, pageText(page))
		}
	}
	if left, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "alis-serve-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// A panic in a handler is a page, logged, and the server runs on; uploads
// beyond the bound are told to come back.
func TestServeKeepsRunning(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	var once sync.Once
	run := func(args []string, in io.Reader, out, errw io.Writer) int {
		if slices.Contains(args, "--cost=666") {
			panic("a fault in alis")
		}
		return Run(args, in, out, errw)
	}
	register := func(args []string, outs serve.Outputs, errw io.Writer) int {
		if slices.Contains(args, "--year=2020") {
			once.Do(func() { close(entered); <-release }) // the first upload holds its place
		}
		return RunRegister(args, outs, errw)
	}
	st := newServeTest(t, run, register, 0, 1)
	code, page := st.get(t, calcQuery("lang", "nn", "period", "2021", "driftsform", "naering", "start", "2021-01-01", "cost", "666", "do", "compute"))
	if code != 500 || !strings.Contains(page, "intern feil") || strings.Contains(page, "goroutine") {
		t.Errorf("a panic: %d\n%s", code, page)
	}
	if !strings.Contains(st.log.String(), "panic: a fault in alis") {
		t.Errorf("the panic is not logged: %q", st.log.String())
	}
	if code, _ := st.get(t, "/"); code != 200 {
		t.Errorf("after a panic: %d", code)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		st.upload(t, "nb", "a.csv", []byte("id;driftsform;start\nA;naering;2020-01-01\n"), "2020")
	}()
	<-entered
	if code, page := st.upload(t, "nb", "b.csv", []byte("id;driftsform;start\nB;naering;2021-01-01\n"), "2021"); code != 503 || !strings.Contains(page, "leses allerede") {
		t.Errorf("an upload beyond the bound: %d\n%s", code, pageText(page))
	}
	close(release)
	<-done
}

// alis serve prints its address, answers there, and on Ctrl-C (the signal
// handler calls its stopper) lets the requests end and returns, exit 0.
func TestServeStops(t *testing.T) {
	var out, errb syncBuffer
	code := make(chan int, 1)
	go func() { code <- Run([]string{"serve", "--addr", "127.0.0.1:0"}, nil, &out, &errb) }()
	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		addr = strings.TrimSpace(out.String())
	}
	if !strings.HasPrefix(addr, "http://127.0.0.1:") {
		t.Fatalf("no address printed: %q %q", out.String(), errb.String())
	}
	resp, err := http.Get(addr + "?lang=en")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("the page: %d", resp.StatusCode)
	}
	stop := stopper.Load()
	if stop == nil {
		t.Fatal("alis serve set no stopper")
	}
	(*stop)(os.Interrupt)
	select {
	case c := <-code:
		if c != 0 || !strings.Contains(errb.String(), "alis: stopped") {
			t.Errorf("exit %d: %s", c, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("alis serve did not stop")
	}
	if stopper.Load() != nil {
		t.Error("the stopper is left set")
	}
}

// syncBuffer is a bytes.Buffer for one writer and one reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
