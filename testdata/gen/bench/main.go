// Command bench times alis against baselines measured in the same run,
// alternating them, and prints for each piece of work the medians, the
// ratio of the medians and the peak resident memory: a batch against a
// plain encoding/csv read; the same rows with employment columns against
// them without; a workbook read, a workbook written,
// --allocate, compare and report against the same batch on CSV; calc's
// whole process against /bin/true.
//
//	go run ./testdata/gen/bench -alis ALIS -baseline CSVREAD -csv avtaler.csv -xlsx avtaler.xlsx -rows N -tmp DIR
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"time"
)

type run struct {
	wall time.Duration
	rss  int64 // KiB
}

func measure(argv []string) (run, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout = io.Discard
	cmd.Stderr = io.Discard
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil // rows were rejected: a result, not a failure
	}
	if err != nil {
		return run{}, fmt.Errorf("%v: %v", argv, err)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return run{wall: wall, rss: ru.Maxrss}, nil
}

func median(rs []run) run {
	sort.Slice(rs, func(i, j int) bool { return rs[i].wall < rs[j].wall })
	return rs[len(rs)/2]
}

// pair is a piece of work and its baseline.
type pair struct {
	work, target string
	a, b         []string
	n            int
}

func main() {
	alis := flag.String("alis", "", "the alis binary")
	base := flag.String("baseline", "", "the csvread binary")
	csvFile := flag.String("csv", "", "the CSV file")
	xlsxFile := flag.String("xlsx", "", "the same rows as a workbook")
	register := flag.String("register", "", "the same rows with employment columns (alis gen --employment)")
	rows := flag.Int("rows", 0, "rows in the files")
	tmp := flag.String("tmp", os.TempDir(), "a folder for the files written")
	n := flag.Int("n", 5, "runs of each")
	flag.Parse()
	batch := []string{*alis, "batch", *csvFile, "--year", "2021", "-o", os.DevNull}
	pairs := []pair{
		{"batch CSV, vs encoding/csv read", "≤ 0.8×", batch, []string{*base, *csvFile}, *n},
		{"batch CSV, vs encoding/csv read with ReuseRecord", "", batch, []string{*base, "-reuse", *csvFile}, *n},
		{"batch with employment columns, vs without", "≤ 1.2×", []string{*alis, "batch", *register, "--year", "2021", "-o", os.DevNull}, batch, *n},
		{"batch workbook, vs the same rows as CSV", "≤ 3×", []string{*alis, "batch", *xlsxFile, "--year", "2021", "-o", os.DevNull}, batch, *n},
		{"batch writing a workbook, vs writing CSV", "≤ 2×", []string{*alis, "batch", *csvFile, "--year", "2021", "-o", filepath.Join(*tmp, "out.xlsx")},
			[]string{*alis, "batch", *csvFile, "--year", "2021", "-o", filepath.Join(*tmp, "out.csv")}, *n},
		{"batch --allocate prorata, vs batch", "RSS ≤ 64 MiB", []string{*alis, "batch", *csvFile, "--year", "2021", "--allocate", "prorata", "-o", os.DevNull}, batch, *n},
		{"compare 2020 and 2021, vs batch", "≤ 1.5×", []string{*alis, "compare", *csvFile, "--year", "2020", "--year", "2021", "-o", os.DevNull}, batch, *n},
		{"report 2020 and 2021, vs batch", "≤ 1.5×", []string{*alis, "report", *csvFile, "--year", "2020", "--year", "2021", "-o", filepath.Join(*tmp, "rapport.html")}, batch, *n},
		{"calc, whole process, vs /bin/true", "", []string{*alis, "calc", "--driftsform", "naering", "--start", "2021-01-01", "--cost", "300000"}, []string{"/bin/true"}, 10 * *n},
	}
	fmt.Printf("rows: %d; medians of alternating runs (5 each; calc 50)\n\n", *rows)
	fmt.Printf("%-50s %9s %9s %8s %8s  %s\n", "work", "work s", "base s", "ratio", "RSS MiB", "target")
	for _, p := range pairs {
		var a, b []run
		for i := 0; i < p.n; i++ {
			rb, err := measure(p.b)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			ra, err := measure(p.a)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			b, a = append(b, rb), append(a, ra)
		}
		ma, mb := median(a), median(b)
		fmt.Printf("%-50s %9.3f %9.3f %7.2f× %8d  %s\n", p.work, ma.wall.Seconds(), mb.wall.Seconds(), ma.wall.Seconds()/mb.wall.Seconds(), ma.rss/1024, p.target)
	}
}
