package batch

import (
	"bytes"
	"testing"
	"time"

	"github.com/alis-tilskudd/alis/internal/msg"
)

func TestProgressLine(t *testing.T) {
	for _, c := range []struct {
		rows    int64
		share   float64
		elapsed time.Duration
		l       msg.Lang
		want    string
	}{
		{412_000, 0.5, 2 * time.Second, msg.NB, "50 % – 412 000 rader, 206 000 rader/s, omtrent 2 s igjen"},
		{412_000, 0.5, 2 * time.Second, msg.EN, "50 % – 412,000 rows, 206,000 rows/s, about 2 s left"},
		{1_500_000, 0.75, 90 * time.Second, msg.NB, "75 % – 1 500 000 rader, 16 666 rader/s, omtrent 30 s igjen"},
		{3_000, 0.001, time.Second, msg.NB, "0 % – 3 000 rader, 3 000 rader/s, omtrent 16 min 39 s igjen"},
		{3_000, 0.000001, time.Second, msg.NB, "0 % – 3 000 rader, 3 000 rader/s, omtrent 277 t 46 min igjen"},
		// A pipe, or nothing written yet: no share.
		{5_000, -1, 2 * time.Second, msg.NB, "5 000 rader, 2 500 rader/s"},
		{0, 0, time.Second, msg.NB, "0 rader, 0 rader/s"},
	} {
		if got := progressLine(c.l, c.rows, c.share, c.elapsed, 0); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
	// On a narrow terminal, the longest line that fits, or none.
	for _, c := range []struct {
		width int
		want  string
	}{
		{100, "50 % – 412 000 rader, 206 000 rader/s, omtrent 2 s igjen"},
		{60, "412 000 rader, 206 000 rader/s"},
		{30, "50 %"},
		{10, ""},
	} {
		if got := progressLine(msg.NB, 412_000, 0.5, 2*time.Second, c.width); got != c.want {
			t.Errorf("width %d: got %q, want %q", c.width, got, c.want)
		}
	}
}

// A message while the progress line shows clears it first; set("") clears
// it for good.
func TestStatusWriterClearsTheLine(t *testing.T) {
	var out bytes.Buffer
	s := &statusWriter{w: &out}
	s.set("10 % – 1 rader")
	_, _ = s.Write([]byte("alis: feil: x\n"))
	s.set("20 % – 2 rader")
	s.set("")
	want := "alis: 10 % – 1 rader\r\033[Kalis: feil: x\nalis: 20 % – 2 rader\r\033[K"
	if out.String() != want {
		t.Errorf("got  %q\nwant %q", out.String(), want)
	}
}
