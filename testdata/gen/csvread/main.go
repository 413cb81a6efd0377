// Command csvread is the baseline for alis batch: it only reads a CSV file
// with encoding/csv (semicolon-separated) and counts the records and
// fields. Nothing is parsed or computed. -reuse reuses the record slice
// (encoding/csv's ReuseRecord), the faster way to read.
//
//	csvread [-reuse] FILE
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	reuse := flag.Bool("reuse", false, "reuse the record slice (ReuseRecord)")
	flag.Parse()
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	r := csv.NewReader(bufio.NewReaderSize(f, 64<<10))
	r.Comma = ';'
	r.ReuseRecord = *reuse
	r.FieldsPerRecord = -1
	rows, fields := 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		rows++
		fields += len(rec)
	}
	fmt.Println(rows, fields)
}
