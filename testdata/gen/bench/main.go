// Command bench times alis batch against the read-only baseline on the same
// file, in the same run, alternating them, and prints the ratio of the
// medians, rows per second and the peak resident memory of each.
//
//	go run ./testdata/gen/bench -alis ALIS -baseline CSVREAD -file avtaler.csv -rows N
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"syscall"
	"time"
)

type run struct {
	wall time.Duration
	rss  int64 // KiB
}

func measure(name string, args ...string) (run, error) {
	cmd := exec.Command(name, args...)
	cmd.Stdout = io.Discard
	cmd.Stderr = io.Discard
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil // rows were rejected: a result, not a failure
	}
	if err != nil {
		return run{}, fmt.Errorf("%s: %v", name, err)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return run{wall: wall, rss: ru.Maxrss}, nil
}

func median(rs []run) run {
	sort.Slice(rs, func(i, j int) bool { return rs[i].wall < rs[j].wall })
	return rs[len(rs)/2]
}

func main() {
	alis := flag.String("alis", "", "the alis binary")
	base := flag.String("baseline", "", "the csvread binary")
	file := flag.String("file", "", "the CSV file")
	rows := flag.Int("rows", 0, "rows in the file")
	n := flag.Int("n", 5, "runs of each")
	flag.Parse()
	var a, b []run
	for i := 0; i < *n; i++ {
		rb, err := measure(*base, *file)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		ra, err := measure(*alis, "batch", *file, "-o", os.DevNull)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		b, a = append(b, rb), append(a, ra)
	}
	ma, mb := median(a), median(b)
	fmt.Printf("rows:                         %d\n", *rows)
	fmt.Printf("baseline (encoding/csv read): %7.3f s   peak RSS %4d MiB\n", mb.wall.Seconds(), mb.rss/1024)
	fmt.Printf("alis batch -o /dev/null:      %7.3f s   peak RSS %4d MiB\n", ma.wall.Seconds(), ma.rss/1024)
	fmt.Printf("ratio alis / baseline:        %7.2f×   (median of %d alternating runs each)\n", ma.wall.Seconds()/mb.wall.Seconds(), *n)
	fmt.Printf("alis rows per second:         %7.0f\n", float64(*rows)/ma.wall.Seconds())
}
