package cli

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/serve"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// loadFigures are what a load run measured.
type loadFigures struct {
	perSecond        float64       // one-agreement requests a second
	p99, uploadP99   time.Duration // of the one-agreement requests, of the uploads
	heapBefore       uint64        // the live heap before, and after the run and a GC
	heapAfter        uint64
	peakRSS          uint64 // the process's, from /proc (0 where there is none)
	calls, uploadsOK int
}

// loadRun puts a loopback server under load: calls concurrent
// one-agreement requests, then uploads concurrent uploads of a register of
// rows rows, every response checked. The server keeps downloads for a
// moment only, so that its memory can be seen to come back.
func loadRun(tb testing.TB, calls, uploads, rows int) loadFigures {
	tb.Helper()
	srv := newLoadServer(tb, uploads)
	defer srv.Close()
	var register bytes.Buffer
	if err := gen.Write(&register, gen.Options{Rows: rows, Seed: 7, Encoding: "utf-8", Year: 2021}); err != nil {
		tb.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: calls}, Timeout: 2 * time.Minute}
	var fig loadFigures
	fig.heapBefore = liveHeap()

	// One agreement each, all at once.
	lat := make([]time.Duration, calls)
	errs := make(chan error, calls+uploads)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cost := 200000 + 1000*i // a grant of its own: min(240 000, 0,8 × cost)
			want := fmt.Sprintf("%s kr (begrenset av", text.Count(min(240000, cost*8/10), msg.NB))
			req, _ := http.NewRequest("GET", srv.URL+calcQuery("period", "2021", "driftsform", "naering", "start", "01.01.2021", "cost", strconv.Itoa(cost), "do", "compute"), nil)
			code, body, took, err := timed(client, req)
			lat[i] = took
			if err != nil || code != 200 || !strings.Contains(body, want) {
				errs <- fmt.Errorf("request %d: %d, %v, no %q", i, code, err, want)
			}
		}()
	}
	wg.Wait()
	fig.perSecond = float64(calls) / time.Since(start).Seconds()
	fig.p99, fig.calls = p99(lat), calls

	// Registers, all at once.
	ulat := make([]time.Duration, uploads)
	var mu sync.Mutex
	for i := range uploads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			fw, _ := mw.CreateFormFile("file", "avtaler.csv")
			fw.Write(register.Bytes())
			mw.Close()
			req, _ := http.NewRequest("POST", srv.URL+"/register?lang=nb", &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			code, page, took, err := timed(client, req)
			ulat[i] = took
			if err != nil || code != 200 || strings.Count(page, `href="/download/`) != 4 || !strings.Contains(page, "Sammendrag for tilskuddsperioden 2021") {
				errs <- fmt.Errorf("upload %d: %d, %v", i, code, err)
				return
			}
			mu.Lock()
			fig.uploadsOK++
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Error(err)
	}
	fig.uploadP99 = p99(ulat)
	client.CloseIdleConnections()
	// The downloads are no longer kept; a request lets the server forget them.
	time.Sleep(20 * time.Millisecond)
	if resp, err := client.Get(srv.URL + "/download/00/resultat.csv"); err == nil {
		resp.Body.Close()
	}
	fig.heapAfter = liveHeap()
	fig.peakRSS = peakRSS()
	return fig
}

// timed sends req and reads the answer whole: its status, its body and how
// long the two took.
func timed(client *http.Client, req *http.Request) (int, string, time.Duration, error) {
	t0 := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", time.Since(t0), err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), time.Since(t0), err
}

func newLoadServer(tb testing.TB, uploads int) *serveTest {
	tb.Helper()
	st := &serveTest{Server: newUnstarted()}
	srv, err := serve.New(serve.Options{Run: Run, Register: RunRegister, Inputs: periodInputs(), Periods: rules.Periods(), Today: "2025/26",
		MaxUploads: uploads, Keep: time.Millisecond, Log: &st.log}, st.Listener.Addr().String())
	if err != nil {
		tb.Fatal(err)
	}
	st.Config.Handler = srv.Handler()
	st.Start()
	return st
}

func p99(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[(len(s)*99+99)/100-1]
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// peakRSS is the process's peak resident memory (VmHWM), where /proc says.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// A small load: every response correct, and the memory the uploads took
// given back. (The figures are the benchmark's.)
func TestServeUnderLoad(t *testing.T) {
	fig := loadRun(t, 40, 3, 1000)
	if fig.uploadsOK != 3 {
		t.Errorf("%d of 3 uploads answered", fig.uploadsOK)
	}
	if fig.heapAfter > fig.heapBefore+32<<20 {
		t.Errorf("the live heap was %d MB before and is %d MB after", fig.heapBefore>>20, fig.heapAfter>>20)
	}
}

// BenchmarkServeLoad: 200 concurrent one-agreement requests, then 10
// concurrent uploads of a 10 000-row register, against a loopback server.
// It reports requests a second, the p99 latencies, the peak RSS and the
// live heap after (which must be back near where it was).
//
//	go test ./cmd/alis/internal/cli -run '^$' -bench ServeLoad -benchtime 3x
func BenchmarkServeLoad(b *testing.B) {
	var fig loadFigures
	for b.Loop() {
		fig = loadRun(b, 200, 10, 10_000)
		if fig.heapAfter > fig.heapBefore+64<<20 {
			b.Fatalf("the live heap was %d MB before and is %d MB after", fig.heapBefore>>20, fig.heapAfter>>20)
		}
	}
	b.ReportMetric(fig.perSecond, "req/s")
	b.ReportMetric(float64(fig.p99.Milliseconds()), "p99-ms")
	b.ReportMetric(float64(fig.uploadP99.Milliseconds()), "upload-p99-ms")
	b.ReportMetric(float64(fig.peakRSS>>20), "peak-RSS-MB")
	b.ReportMetric(float64(fig.heapBefore>>20), "heap-before-MB")
	b.ReportMetric(float64(fig.heapAfter>>20), "heap-after-MB")
}

// A run of alis keeps nothing once it returns: alis serve runs it for
// every page, and a run that left its App reachable (cobra keeps the flags
// given completions in a map of its own) would keep every output it wrote.
func TestRunKeepsNothing(t *testing.T) {
	var freed atomic.Int32
	runs := [][]string{{"calc", "--year=2021", "--driftsform=naering", "--explain"}, {"version"}, {"rules", "show", "2021"}}
	for _, args := range runs {
		func() {
			out := new(bytes.Buffer)
			runtime.AddCleanup(out, func(int) { freed.Add(1) }, 0)
			if code := Run(args, nil, out, io.Discard); code != 0 {
				t.Fatalf("%v: exit %d", args, code)
			}
		}()
	}
	for deadline := time.Now().Add(5 * time.Second); freed.Load() < int32(len(runs)) && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := freed.Load(); n != int32(len(runs)) {
		t.Errorf("%d of %d runs' outputs were freed", n, len(runs))
	}
}
