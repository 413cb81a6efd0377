package cli

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// The pages in a real browser (headless Chromium, driven over its DevTools
// protocol): the form for a 2021 and a 2025/26 agreement filled in and
// submitted, the grant and a sentence of the explanation read back, a
// screenshot taken; a register uploaded and its workbook downloaded by the
// link the page gives. Skipped where no Chromium is installed; CI installs
// Debian's. ALIS_SCREENSHOTS=DIR keeps the screenshot there.
func TestServeInBrowser(t *testing.T) {
	path := findBrowser()
	if path == "" {
		t.Skip("no browser installed (chromium): the pages are not driven; CI installs Debian's chromium")
	}
	st := newServeTest(t, nil, nil, 0, 0)
	dir := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path),
		chromedp.UserDataDir(filepath.Join(dir, "profile")), chromedp.WindowSize(1000, 1400), chromedp.Flag("disable-quic", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}

	// 2021: driftsform, start and costs.
	do(chromedp.Navigate(st.URL+"/?lang=nb&period=2021"),
		chromedp.SetValue(chromedp.CSS("#f-driftsform"), "næring"),
		chromedp.SendKeys(chromedp.CSS("#f-start"), "01.01.2021"),
		chromedp.SendKeys(chromedp.CSS("#f-cost"), "300 000"),
		chromedp.Click(chromedp.CSS("#compute")),
		chromedp.WaitVisible(chromedp.CSS("#explanation")))
	basis, explanation := text("#basis"), text("#explanation")
	if !says(basis, "Tilskuddet er: nøyaktig") || !says(explanation, "Tilskudd: 240 000 kr (begrenset av taket)") || !says(explanation, "Tak: 240 000 kr per år × 12/12 = 240 000 kr.") {
		t.Errorf("2021 in the browser: %q\n%s", basis, explanation)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if len(shot) < 10_000 {
		t.Errorf("the screenshot is %d bytes", len(shot))
	}
	if err := os.WriteFile(filepath.Join(cmp.Or(os.Getenv("ALIS_SCREENSHOTS"), dir), "calc-2021.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}

	// 2025/26 in nynorsk: an employment period, a second added by its
	// button, the kommune, hours of supervision.
	do(chromedp.Navigate(st.URL+"/?lang=nn&period=2025/26"),
		chromedp.SetValue(chromedp.CSS(`input[name="percent"]`), "50"),
		chromedp.SendKeys(chromedp.CSS(`input[name="from"]`), "01.06.2025"),
		chromedp.SendKeys(chromedp.CSS(`input[name="to"]`), "30.11.2025"),
		chromedp.Click(chromedp.CSS(`button[value="add"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tbody tr:nth-child(2) input[name="from"]`)),
		chromedp.SetValue(chromedp.CSS(`tbody tr:nth-child(2) input[name="percent"]`), "100"),
		chromedp.SendKeys(chromedp.CSS(`tbody tr:nth-child(2) input[name="from"]`), "01.12.2025"),
		chromedp.SendKeys(chromedp.CSS(`tbody tr:nth-child(2) input[name="to"]`), "31.05.2026"),
		chromedp.SendKeys(chromedp.CSS("#f-kommune"), "1804"),
		chromedp.SendKeys(chromedp.CSS("#f-supervision_hours"), "40"),
		chromedp.Click(chromedp.CSS("#compute")),
		chromedp.WaitVisible(chromedp.CSS("#explanation")))
	basis, explanation = text("#basis"), text("#explanation")
	if !says(basis, "Tilskotet er: inntil") || !says(explanation, "fastlege 100 %, 01.12.2025–31.05.2026, 6 heile månader") || !says(explanation, "Rettleiing:") {
		t.Errorf("2025/26 in the browser: %q\n%s", basis, explanation)
	}

	// A register, uploaded; its workbook downloaded by the page's link.
	register, err := filepath.Abs(filepath.Join("..", "..", "..", "..", "testdata", "csv", "avtaler-2021-win1252.csv"))
	if err != nil {
		t.Fatal(err)
	}
	downloads := filepath.Join(dir, "downloads")
	do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
		return err
	}),
		chromedp.Navigate(st.URL+"/register?lang=nb"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{register}),
		chromedp.Click(chromedp.CSS("#read")),
		chromedp.WaitVisible(chromedp.CSS("#downloads")))
	if summary := text("#summary"); !strings.Contains(summary, "Sammendrag for tilskuddsperioden 2021") {
		t.Errorf("the register's summary:\n%s", summary)
	}
	do(chromedp.Click(chromedp.CSS(`a[download="resultat.xlsx"]`)))
	var book []byte
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if book, err = os.ReadFile(filepath.Join(downloads, "resultat.xlsx")); err == nil && len(book) > 0 {
			break
		}
	}
	if !strings.HasPrefix(string(book), "PK\x03\x04") {
		t.Fatalf("the workbook was not downloaded (%d bytes)", len(book))
	}
}
