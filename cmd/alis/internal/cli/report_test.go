package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"html"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/alis-tilskudd/alis/rules"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
)

func writeReport(t *testing.T, args ...string) (string, []byte) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "rapport.html")
	_, stderr, code := runAlis(t, nil, append([]string{"report", "../../../../testdata/csv/avtaler-2021-win1252.csv", "-o", p}, args...)...)
	if code != exitRejected { // the sample has rejected rows
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, b
}

// The report is one self-contained file: nothing is loaded from elsewhere,
// it prints on A4, every chart has a title and its figures where a screen
// reader finds them, and every table a caption.
func TestReportIsSelfContainedAndAccessible(t *testing.T) {
	rules2021, err := rules.Embedded("2021")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--lang", "nb"}, {"--year", "2020", "--year", "2021", "--lang", "en"}} {
		_, page := writeReport(t, args...)
		s := string(page)
		en := args[len(args)-1] == "en"
		for _, want := range []string{"@page { size: A4", "<h1>", "vikariatet 01.01.2021–31.12.2021", "Kostnader: ikke et beløp", "rounding.mode = half_up"} {
			switch {
			case en && strings.HasPrefix(want, "vikariatet"):
				want = "the vikariat 2021-01-01 to 2021-12-31"
			case en && strings.HasPrefix(want, "Kostnader"):
				want = "Kostnader: not an amount"
			}
			if !strings.Contains(s, want) {
				t.Errorf("%v: the report lacks %q", args, want)
			}
		}
		if en && !strings.Contains(s, "now eligible: schemes.naering.roles fastlege → fastlege, vikar") {
			t.Errorf("the comparison does not say which rule changed eligibility")
		}
		// The headline total, the rules that apply before the what-if, and
		// what the figures rest on.
		// The exact grants' total, with the maxima beside it, not in it.
		headline := `<p class="headline">Sum av nøyaktige tilskudd, 2021: <strong>1 198 765 kr</strong> og inntil 240 000 kr til for 1 avtale med bare et største mulige tilskudd (en opplysning mangler)<br/>`
		if en {
			headline = `<p class="headline">Total of exact grants, 2021: <strong>NOK 1,198,765</strong> and up to NOK 240,000 more for 1 agreement whose grant is only a maximum (an input is not given)<br/><span class="muted">15 agreements: 9 eligible, 2 not eligible, 4 rejected</span></p>`
			real, whatIf := strings.Index(s, "<h2>Totals per scheme: 2021 <span"), strings.Index(s, "<h2>Totals per scheme: 2020→2021 <span")
			if real < 0 || whatIf < real || !strings.Contains(s, `Total of exact grants, 2020→2021 <span class="tag">what if</span>: <strong>NOK 818,765</strong> (−NOK 380,000)`) {
				t.Errorf("the rules that apply are not first: %d, %d", real, whatIf)
			}
		}
		if !strings.Contains(s, headline) {
			t.Errorf("%v: no headline %s", args, headline)
		}
		raw, _ := os.ReadFile("../../../../testdata/csv/avtaler-2021-win1252.csv")
		sum := sha256.Sum256(raw)
		for _, want := range []string{"<code>" + hex.EncodeToString(sum[:]) + "</code>", "<code>15</code>", "<code>alis ", "<code>../../../../testdata/csv/avtaler-2021-win1252.csv</code>",
			"<code>" + rules2021.SHA256 + "</code>"} {
			if !strings.Contains(s, want) {
				t.Errorf("%v: the facts lack %s", args, want)
			}
		}
		if !regexp.MustCompile(`<code>(\d\d\.\d\d\.20\d\d kl\. \d\d:\d\d|20\d\d-\d\d-\d\d \d\d:\d\d) `).MatchString(s) {
			t.Errorf("%v: no date and time of making", args)
		}
		// The batch's chart is scaled to the batch: its largest bar is full width.
		if first := s[strings.Index(s, "<svg"):strings.Index(s, "</svg>")]; !strings.Contains(first, `width="390" height="16"`) {
			t.Errorf("%v: the batch's chart is not scaled to the batch", args)
		}
		dec := xml.NewDecoder(bytes.NewReader(page))
		dec.Strict = true
		var stack []string
		charts, tables := 0, 0
		type svgState struct {
			labelled      []string
			titles, descs map[string]string
		}
		var svg *svgState
		var tableCaptioned []bool
		var text strings.Builder
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%v: the report is not well-formed: %v", args, err)
			}
			switch e := tok.(type) {
			case xml.StartElement:
				name := e.Name.Local
				stack = append(stack, name)
				text.Reset()
				for _, a := range e.Attr {
					if a.Name.Local == "src" || a.Name.Local == "href" {
						t.Errorf("%v: <%s %s=%q> loads something from elsewhere", args, name, a.Name.Local, a.Value)
					}
				}
				switch name {
				case "script", "link", "img", "iframe", "object":
					t.Errorf("%v: the report has a <%s>", args, name)
				case "svg":
					charts++
					svg = &svgState{titles: map[string]string{}, descs: map[string]string{}}
					role := ""
					for _, a := range e.Attr {
						switch a.Name.Local {
						case "role":
							role = a.Value
						case "aria-labelledby":
							svg.labelled = strings.Fields(a.Value)
						}
					}
					if role != "img" || len(svg.labelled) != 2 {
						t.Errorf("%v: a chart without role=img and aria-labelledby", args)
					}
				case "table":
					tables++
					tableCaptioned = append(tableCaptioned, false)
				case "caption":
					tableCaptioned[len(tableCaptioned)-1] = true
				}
			case xml.CharData:
				text.Write(e)
			case xml.EndElement:
				name := e.Name.Local
				if svg != nil && (name == "title" || name == "desc") {
					// The element's id is checked through aria-labelledby below.
					if name == "title" {
						svg.titles[svg.labelled[0]] = text.String()
					} else {
						svg.descs[svg.labelled[1]] = text.String()
					}
				}
				if name == "svg" {
					if strings.TrimSpace(svg.titles[svg.labelled[0]]) == "" {
						t.Errorf("%v: a chart has no title", args)
					}
					if d := svg.descs[svg.labelled[1]]; !strings.ContainsAny(d, "0123456789") {
						t.Errorf("%v: a chart's description has no figures: %q", args, d)
					}
					svg = nil
				}
				stack = stack[:len(stack)-1]
			}
		}
		if strings.Contains(s, "url(") {
			t.Errorf("%v: the style loads something", args)
		}
		// Two charts per rule set (the batch's grants, the national figures
		// for context), and one comparing the sets when there are more.
		wantCharts := 2
		if en {
			wantCharts = 5
		}
		if charts != wantCharts || tables < 4 {
			t.Errorf("%v: %d charts (want %d) and %d tables", args, charts, wantCharts, tables)
		}
		for i, ok := range tableCaptioned {
			if !ok {
				t.Errorf("%v: table %d has no caption", args, i+1)
			}
		}
	}
}

// findBrowser is the path of the Chromium the browser tests drive, or ""
// where none is installed.
func findBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// The report, rendered in a real browser, is not blank. Skipped where no
// browser is installed; CI installs Debian's chromium.
func TestReportInBrowser(t *testing.T) {
	browser := findBrowser()
	if browser == "" {
		t.Skip("no browser installed (chromium): the report is not rendered; CI installs Debian's chromium")
	}
	p, _ := writeReport(t, "--year", "2020", "--year", "2021")
	dir := t.TempDir()
	shot := filepath.Join(dir, "rapport.png")
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--window-size=900,1400", "--screenshot="+shot, "file://"+p)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	inked, blue := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xe000 || g < 0xe000 || bl < 0xe000 {
				inked++
			}
			if bl > 0x9000 && r < 0x6000 && g > 0x5000 && g < 0xa000 { // the bars' #1f77b4
				blue++
			}
		}
	}
	total := (b.Dx() / 2) * (b.Dy() / 2)
	if inked*100 < total*3 || blue < 50 {
		t.Errorf("the rendered report looks blank: %d of %d pixels inked, %d in the bars' colour", inked, total, blue)
	}
	printedReport(t, browser, dir, p)
}

// printedReport prints the report to PDF as a manager would, and reads
// the pages back (with poppler's pdftotext, where installed): A4, every
// page with text on it, the headline total on the first.
func printedReport(t *testing.T, browser, dir, page string) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext (poppler-utils) not installed: the printed report is not read back")
		return
	}
	pdf := filepath.Join(dir, "rapport.pdf")
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-pdf-header-footer", "--user-data-dir="+filepath.Join(dir, "profile-pdf"),
		"--print-to-pdf="+pdf, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s --print-to-pdf: %v\n%s", browser, err, out)
	}
	if pdfinfo, err := exec.LookPath("pdfinfo"); err == nil {
		info, err := exec.Command(pdfinfo, pdf).Output()
		if err != nil {
			t.Fatalf("pdfinfo: %v", err)
		}
		if !strings.Contains(string(info), "(A4)") {
			t.Errorf("the printed report is not on A4:\n%s", info)
		}
	}
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	if len(pages) < 2 || len(pages) > 12 {
		t.Errorf("the printed report has %d pages", len(pages))
	}
	for i, p := range pages {
		if len(strings.Fields(p)) < 10 {
			t.Errorf("page %d of %d is (nearly) blank: %q", i+1, len(pages), p)
		}
	}
	first := strings.Join(strings.Fields(pages[0]), " ")
	for _, want := range []string{"ALIS grants: report", "Total of exact grants, 2021: NOK 1,198,765 and up to NOK 240,000 more for 1 agreement whose grant is only a maximum",
		"Total of exact grants, 2020→2021 what if : NOK 818,765 (−NOK 380,000)", "What the figures rest on"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first page lacks %q:\n%s", want, first)
		}
	}
	// Every agreement of the input is in the table of agreements; the sign-off
	// is on the last page.
	all := strings.Join(strings.Fields(string(out)), " ")
	for _, id := range []string{"A-101", "A-106", "A-110", "A-114"} {
		if !strings.Contains(all, " "+id+" ") {
			t.Errorf("the printed report does not list %s", id)
		}
	}
	if last := strings.Join(strings.Fields(pages[len(pages)-1]), " "); !strings.Contains(last, "Approved Place Date Name Role Signature") && !strings.Contains(last, "Place Date Name Role Signature") {
		t.Errorf("the last page has no lines to sign on:\n%s", last)
	}
	// Nothing is cut off at the page's edge: the table's last column whole.
	for _, want := range []string{"budget used paid out", "2.0 % NOK 88,000,000", "NOK 220,000 NOK 240,000 0 NOK 54,000,000 0.4 % NOK 42,000,000", "sha256 of the input"} {
		if !strings.Contains(all, want) {
			t.Errorf("the printed report lacks %q (cut off at the edge?)", want)
		}
	}
}

// Every agreement a report lists carries its own line's id, however many
// chunks the input takes: the ids are kept, not views of a reused buffer.
func TestReportListsEachRowsOwnID(t *testing.T) {
	dir := t.TempDir()
	var data bytes.Buffer
	if err := gen.Write(&data, gen.Options{Rows: 20_000, Seed: 13, Encoding: "utf-8", Year: 2021, Bad: 0.01}); err != nil {
		t.Fatal(err)
	}
	in, out := filepath.Join(dir, "avtaler.csv"), filepath.Join(dir, "rapport.html")
	if err := os.WriteFile(in, data.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runAlis(t, nil, "report", in, "--year", "2020", "--year", "2021", "-o", out); code != exitRejected {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimPrefix(data.String(), "\uFEFF"), "\n")
	listed := regexp.MustCompile(`<td class="num">(\d+)</td><td class="id">([^<]*)</td>`).FindAllStringSubmatch(string(page), -1)
	if len(listed) < 1000 {
		t.Fatalf("only %d agreements listed", len(listed))
	}
	for _, m := range listed {
		n, _ := strconv.Atoi(m[1])
		id, _, _ := strings.Cut(lines[n-1], ";")
		if html.UnescapeString(m[2]) != id {
			t.Fatalf("line %d is listed with the id %q; its id is %q", n, m[2], id)
		}
	}
}

// By period, the report totals each period on its own: grants of
// different periods, under different rules and budgets, are never added
// together; each total says its maxima and unknown grants beside it.
func TestReportTotalsEachPeriod(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rapport.html")
	if _, stderr, code := runAlis(t, nil, "report", "../../../../testdata/csv/register.csv", "-o", out, "--lang", "nb"); code > exitRejected {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	heads := regexp.MustCompile(`<p class="headline">Sum av nøyaktige tilskudd, ([0-9/]+)(?: <span class="tag provisional">foreløpige regler: videreført fra 2025/26</span>)?: <strong>([^<]*)</strong>([^<]*)<br/>`).FindAllStringSubmatch(page, -1)
	var periods []string
	for _, h := range heads {
		periods = append(periods, h[1])
	}
	if got := strings.Join(periods, " "); got != "2019 2021 2023 2024 2024/25 2025/26 2026/27" {
		t.Fatalf("headlines for %q, want one per period of the register", got)
	}
	// The provisional rules of 2026/27 say so in the headline and the section.
	for _, want := range []string{`Sum av nøyaktige tilskudd, 2026/27 <span class="tag provisional">foreløpige regler: videreført fra 2025/26</span>:`,
		`<h2>Sum per ordning: 2026/27 <span class="tag">reglene som gjelder</span> <span class="tag provisional">foreløpige regler: videreført fra 2025/26</span></h2>`,
		`<p class="provisional">Ingen regler for 2026/27 er funnet:`} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
	if strings.Count(page, `class="tag provisional"`) != 2 {
		t.Errorf("%d provisional tags, want 2 (the headline and the section of 2026/27)", strings.Count(page, `class="tag provisional"`))
	}
	for _, h := range heads {
		switch h[1] {
		case "2021":
			if h[2] != "0 kr" || !strings.Contains(h[3], "inntil 242 000 kr til for 2 avtaler") {
				t.Errorf("2021: %q %q", h[2], h[3])
			}
		case "2025/26":
			if h[2] != "16 603 kr" || !strings.Contains(h[3], "1 avtale med ukjent tilskudd") {
				t.Errorf("2025/26: %q %q", h[2], h[3])
			}
		}
	}
}

// The report names its kommune where every agreement gives the same one,
// takes a title of its own, and lists every agreement with its grant and
// the kind of figure it is.
func TestReportNamesItsKommuneAndListsEveryAgreement(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "rapport.html")
	if _, stderr, code := runAlis(t, nil, "report", "../../../../testdata/csv/register.csv", "-o", out, "--lang", "nb", "--title", "ALIS-tilskudd for Bodø 2019–2026"); code > exitRejected {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"<h1>ALIS-tilskudd for Bodø 2019–2026</h1>", `<p class="kommune">Kommune 1804 Bodø</p>`, "<h2>Alle avtaler (12)</h2>",
		`<td class="id">R-21</td><td>1804 Bodø</td><td>2021</td><td>ALIS-avtaler, fastlønn</td><td class="num">10</td><td class="num">inntil 200 000 kr</td><td>ikke oppgitt: Kostnader</td>`,
		`<td class="id">R-25U</td><td></td><td>2025/26</td><td>Nasjonal ALIS og veiledning</td><td class="num">12</td><td class="num">ukjent</td>`,
		"<h2>Godkjent</h2>",
		// The short name in the agreement table, the whole name in the totals.
		"<td>ALIS-avtaler for fast ansatte fastleger og fastlegevikarer ansatt i kommunen utover et års varighet</td>",
		// The assumed values in words: a sentence for each source, the keys under it.
		"verdier er antatt, etter: Karostudent/Alisflyt: a prototype made for Kristiansand kommune, rate set 01.06.2025–31.05.2026 (not authoritative, not an official source)</summary>",
		"verdier er ukjente: ingen kilde oppgir dem, og tilskuddene som trenger dem, er ukjente</summary>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
	// Agreements of several kommuner: none is named, unless --kommune names it.
	if _, page := writeReport(t, "--lang", "nb"); strings.Contains(string(page), `class="kommune"`) {
		t.Error("a report of several kommuner's agreements names one")
	}
	if _, page := writeReport(t, "--lang", "nb", "--kommune", "4601"); !strings.Contains(string(page), `<p class="kommune">Kommune 4601 Bergen</p>`) {
		t.Error("--kommune 4601 does not name Bergen")
	}
	if _, stderr, code := runAlis(t, nil, "report", "../../../../testdata/csv/register.csv", "-o", filepath.Join(dir, "x.html"), "--kommune", "9999"); code != exitCannot ||
		!strings.Contains(stderr, `--kommune: "9999" is not the number of a kommune of 2024`) {
		t.Errorf("--kommune 9999: exit %d\n%s", code, stderr)
	}
}

// A kommune's register across periods, printed from Chromium: a headline
// per period with the exact sum, the maxima and the unknown grants apart;
// the kommune's name; every agreement in the table; the prototype sentence
// for 2025/26; the lines to sign on at the end.
func TestRegisterReportInBrowser(t *testing.T) {
	browser := findBrowser()
	pdftotext, err := exec.LookPath("pdftotext")
	if browser == "" || err != nil {
		t.Skip("no browser (chromium) or pdftotext: the report is not printed")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "rapport.html")
	if _, stderr, code := runAlis(t, nil, "report", "../../../../testdata/csv/register.csv", "-o", page, "--lang", "nb"); code > exitRejected {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	pdf := filepath.Join(dir, "rapport.pdf")
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-pdf-header-footer", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--print-to-pdf="+pdf, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s --print-to-pdf: %v\n%s", browser, err, out)
	}
	out, err := exec.Command(pdftotext, pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	all := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"Kommune 1804 Bodø",
		"Tilskuddsperioder: 2019, 2021, 2023, 2024, 2024/25, 2025/26",
		"Sum av nøyaktige tilskudd, 2019: 240 000 kr",
		"Sum av nøyaktige tilskudd, 2021: 0 kr og inntil 242 000 kr til for 2 avtaler",
		"Sum av nøyaktige tilskudd, 2025/26: 16 603 kr 1 avtale med ukjent tilskudd, med i ingen sum (for å fullføre dem:",
		"2 avtaler varer lenger enn 31.05.2027",
		"Alle avtaler (12)",
		"verdier er antatt, etter: Karostudent/Alisflyt: a prototype made for Kristiansand kommune",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the printed report lacks %q", want)
		}
	}
	for _, id := range []string{"R-19", "R-21", "R-21V", "R-23", "R-2325", "R-25", "R-25U", "G7", "O-1"} {
		if !strings.Contains(all, " "+id+" ") {
			t.Errorf("the printed report does not list %s", id)
		}
	}
	if last := strings.Join(strings.Fields(pages[len(pages)-1]), " "); !strings.Contains(last, "Sted Dato Navn Rolle Underskrift") {
		t.Errorf("the last page has no lines to sign on:\n%s", last)
	}
	if t.Failed() {
		t.Logf("the printed report:\n%s", out)
	}
}
