package batch

import (
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// progress shows, on a terminal, a line on Diag that says how far the
// batch has come: the share of the input read, rows and rows a second, and
// the time left; from the first second on, redrawn every second. A message
// on Diag meanwhile clears it first; stop clears it for good.
func (b *Run) progress() (stop func()) {
	if !b.cfg.Progress {
		return func() {}
	}
	st := &statusWriter{w: b.cfg.Diag.W}
	b.cfg.Diag.W = st
	passes := 1
	if b.cfg.Allocate {
		passes = 2 // the grants, then the allocation
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	begun := time.Now()
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				st.set("")
				return
			case <-t.C:
				st.set(progressLine(b.cfg.Diag.L, b.passedRows.Load()+b.rows.Load(), b.share(passes), time.Since(begun), b.cfg.ProgressWidth))
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		b.cfg.Diag.W = st.w
	}
}

// share is how much of the batch is done, over its passes: the rows
// written of the rows the input holds, estimated from the rows read so far
// and the share of the input's bytes they took. -1: not known (a pipe).
func (b *Run) share(passes int) float64 {
	read, size := b.cfg.Input.Progress()
	readRows := b.readRows.Load()
	if size <= 0 || read <= 0 || readRows <= 0 {
		return -1
	}
	total := float64(readRows) * float64(size) / float64(read)
	done := min(float64(b.rows.Load())/total, 1)
	return (float64(b.pass.Load()) + done) / float64(passes)
}

// progressLine says how far a batch has come: its share (-1: not known),
// its rows and rows a second, the time left at that pace; within width
// (with the "alis: " before it and a column to spare), the longest of these
// that fits, or "" when none does (0: any width).
func progressLine(l msg.Lang, rows int64, share float64, elapsed time.Duration, width int) string {
	perSecond := int64(float64(rows) / max(elapsed.Seconds(), 0.001))
	line := msg.T(l, "%s rows, %s rows/s", groupDigits(rows, l), groupDigits(perSecond, l))
	long := line
	if share > 0 {
		left := time.Duration(float64(elapsed) * (1 - share) / share).Round(time.Second)
		long = msg.T(l, "%d %% – %s, about %s left", int(share*100), line, durationText(left, l))
	}
	if width <= 0 {
		return long
	}
	short := msg.T(l, "%s rows", groupDigits(rows, l))
	if share > 0 {
		short = msg.T(l, "%d %%", int(share*100))
	}
	for _, s := range []string{long, line, short} {
		if utf8.RuneCountInString("alis: "+s) < width {
			return s
		}
	}
	return ""
}

// groupDigits writes n with its thousands grouped: 1 234 567, 1,234,567.
func groupDigits(n int64, l msg.Lang) string {
	s := strconv.FormatInt(n, 10)
	sep := " "
	if l == msg.EN {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// durationText is a time left: 42 s, 3 min 05 s, 1 h 02 min.
func durationText(d time.Duration, l msg.Lang) string {
	s := int64(d.Seconds())
	switch {
	case s < 60:
		return msg.T(l, "%d s", s)
	case s < 3600:
		return msg.T(l, "%d min %02d s", s/60, s%60)
	}
	return msg.T(l, "%d h %02d min", s/3600, s/60%60)
}

// statusWriter is Diag's writer while a progress line shows: what is
// written clears the line first, and the next tick draws it again.
type statusWriter struct {
	mu    sync.Mutex
	w     io.Writer
	shown bool
}

func (s *statusWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clear()
	return s.w.Write(p)
}

// set shows line in place of the one shown; "" clears it.
func (s *statusWriter) set(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clear()
	if line != "" {
		fmt.Fprint(s.w, "alis: "+line)
		s.shown = true
	}
}

func (s *statusWriter) clear() {
	if s.shown {
		fmt.Fprint(s.w, "\r\033[K")
		s.shown = false
	}
}
