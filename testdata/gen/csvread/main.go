// Command csvread is the baseline for alis batch: it only reads a CSV file
// with encoding/csv (semicolon-separated, records reused) and counts the
// records and fields. Nothing is parsed or computed.
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	r := csv.NewReader(bufio.NewReaderSize(f, 64<<10))
	r.Comma = ';'
	r.ReuseRecord = true
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
