package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/outfile"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsxin"
	"github.com/alis-tilskudd/alis/rules"
)

type batchOptions struct {
	rules       ruleOptions
	format      string
	dialect     string
	lang        string
	output      string
	maps        []string
	summaryOnly bool
	workers     int
	allocate    string
	sheet       string
}

func (a *app) newBatchCmd() *cobra.Command {
	o := &batchOptions{}
	c := &cobra.Command{
		Use:   "batch FILE",
		Short: "Compute the grant for every agreement in a CSV export",
		Long: `batch computes the eligibility and the grant for every agreement in a CSV file
(- for standard input), as exported from Norwegian Excel or a payroll system:
comma-, semicolon- or tab-separated, UTF-8 (with or without BOM) or Windows-1252,
amounts such as 312 500,50 and dates such as 01.08.2021.

Columns are found by name: id (avtale, avtalenr), kommune (kommunenr), driftsform,
role (rolle), start (fra, startdato), end (til, sluttdato), vikariat_start,
vikariat_end, cost (kostnad, kostnader), prior_years (tidligere_år), applied
(søknadsdato) and staffing_agency (vikarbyrå), in any case and with or without
æøå. id, driftsform and start are required. --map 'Kostnad 2021=cost' names any
other header. Columns alis does not know are carried through to the output.

The output has exactly one entry per input row, in input order: a result, or
the reason the row was rejected. A summary per scheme (agreements, eligible,
rejected, total grant, budget used) goes to stderr, or into the document with
--format json.

` + exitCodesHelp,
		Example: `  # Every agreement in a Norwegian Excel export, results as CSV, summary on stderr
  alis batch avtaler.csv > resultat.csv

  # The same, written for Norwegian Excel (semicolons, decimal comma, BOM), atomically
  alis batch avtaler.csv --dialect excel-nb -o resultat.csv

  # A header that alis does not know, and the 2020 rules
  alis batch avtaler.csv --map 'Kostnad 2021=cost' --year 2020 --format table

  # A workbook for Excel: results and a summary sheet, amounts as numbers in kr
  alis batch avtaler.xlsx -o resultat.xlsx

  # Just the totals per scheme, as JSON, from standard input
  cat avtaler.csv | alis batch - --format json --summary-only`,
		Args: exactArgs(1, "one input: the CSV file or workbook to read (- for standard input)"),
		RunE: func(c *cobra.Command, args []string) error {
			if !c.Flags().Changed("format") && strings.HasSuffix(strings.ToLower(o.output), ".xlsx") {
				o.format = "xlsx" // -o resultat.xlsx writes a workbook
			}
			return a.runBatch(o, args[0])
		},
	}
	f := c.Flags()
	o.rules.bind(c)
	f.StringVar(&o.format, "format", "csv", "output format: csv, json, jsonl, table, or xlsx (the default for -o FILE.xlsx)")
	f.StringVar(&o.dialect, "dialect", "csv", "CSV output: csv (comma, decimal point, UTF-8) or excel-nb (semicolon, decimal comma, UTF-8 with BOM)")
	f.StringVar(&o.lang, "lang", "nb", "language of messages and the summary: nb or en")
	f.StringVarP(&o.output, "output", "o", "", "write to FILE (atomically: a failed run leaves no file) instead of standard output")
	f.StringArrayVar(&o.maps, "map", nil, "'Header=field' names a column alis does not know by its field (repeatable)")
	f.BoolVar(&o.summaryOnly, "summary-only", false, "print only the summary, to standard output")
	f.IntVar(&o.workers, "workers", 0, "how many rows to compute at once (default: one per core)")
	f.StringVar(&o.sheet, "sheet", "", "the sheet to read from an Excel workbook (default: the first)")
	f.StringVar(&o.allocate, "allocate", "", "prorata: where a scheme's grants exceed its budget, reduce them all by the same factor to fit it exactly")
	_ = c.RegisterFlagCompletionFunc("format", fixedCompletion("csv", "json", "jsonl", "table"))
	_ = c.RegisterFlagCompletionFunc("allocate", fixedCompletion("prorata"))
	_ = c.RegisterFlagCompletionFunc("dialect", fixedCompletion("csv", "excel-nb"))
	_ = c.RegisterFlagCompletionFunc("lang", fixedCompletion("nb", "en"))
	return c
}

// batchRun is one run of alis batch: its inputs, rules and the state the
// writer keeps.
type batchRun struct {
	a    *app
	o    *batchOptions
	name string // the input's name in messages
	lang calc.Lang
	sets []ruleSet // one for batch; two or more for compare
	cols *columns
	out  rowWriter
	cmp  *compareSum               // compare only
	cell func(row, col int) string // names a workbook's cells; nil for CSV

	// --allocate: the first pass collects the grants, the second writes
	// each row with its allocated grant.
	collecting bool
	collected  []collectedGrant
	alloc      *allocPlan

	rejectedShown int
	noDays        map[int]int // start year -> rows with no day in the rules' year
	idHash        []uint64    // the hash of each row's id, in input order
	idLine        []uint32    // the line of each row
	idsTruncated  bool        // more rows than maxTrackedIDs
	rows          atomic.Int64
}

const maxShownRejects = 20

// maxTrackedIDs bounds the memory spent finding duplicate ids (12 bytes a
// row), so that memory stays flat however large the input; ids beyond it are
// not checked, and the run says so.
var maxTrackedIDs = 1_000_000

func (a *app) runBatch(o *batchOptions, input string) error {
	switch o.format {
	case "csv", "json", "jsonl", "table":
	case "xlsx":
		if o.output == "" {
			return usagef("write a workbook to a file: -o resultat.xlsx", "--format xlsx: a workbook is not written to standard output")
		}
	default:
		return usagef("use --format csv, json, jsonl, table or xlsx", "--format: unknown format %q", o.format)
	}
	if o.dialect != "csv" && o.dialect != "excel-nb" {
		return usagef("use --dialect csv or --dialect excel-nb", "--dialect: unknown dialect %q", o.dialect)
	}
	lang, err := calc.ParseLang(o.lang)
	if err != nil {
		return usagef("use --lang nb or --lang en", "--lang: %v", err)
	}
	if o.workers < 0 {
		return usagef("", "--workers: %d is negative", o.workers)
	}
	if o.allocate != "" && o.allocate != "prorata" {
		return usagef("use --allocate prorata", "--allocate: unknown method %q", o.allocate)
	}
	r, err := o.rules.load()
	if err != nil {
		return err
	}
	e, err := calc.NewEngine(r)
	if err != nil {
		return &runError{err: fmt.Errorf("%s: %v", r.Source, err)}
	}

	out, err := a.openOutput(o.output)
	if err != nil {
		return err
	}
	defer out.Abort()
	in, err := a.openBatchInput(input, o.output, o.sheet, o.maps, o.allocate != "")
	if err != nil {
		return err
	}
	defer in.close()
	if !o.summaryOnly {
		for _, rn := range in.cols.renamed() {
			fmt.Fprintf(a.err, "alis: warning: %s: the column %q is written as %q, so that it is not taken for a column alis computes\n", in.name, rn[0], rn[1])
		}
	}
	run := &batchRun{a: a, o: o, name: in.name, lang: lang, cols: in.cols, cell: in.cell, sets: []ruleSet{{rules: r, engine: e, sum: newSummary(r), label: label(r)}}}
	if run.out, err = newRowWriter(o, lang, r, in.cols); err != nil {
		return err
	}
	if in.size > 0 {
		// About 60 bytes a row at least: room for the ids without regrowing.
		n := min(int(in.size/60)+1024, maxTrackedIDs)
		run.idHash, run.idLine = make([]uint64, 0, n), make([]uint32, 0, n)
	}
	if err := run.write(in, out); err != nil {
		return err
	}
	run.warnDuplicates()
	run.warnNoDays()
	if !o.summaryOnly && o.format != "json" {
		run.sets[0].sum.writeText(a.err, lang)
	}
	return run.rejected()
}

// batchInput is an input opened for a batch: its reader, its columns, and
// its size when it is a regular file.
type batchInput struct {
	r      io.Reader
	name   string
	rd     source
	cols   *columns
	size   int64
	sheet  string                    // the sheet to read, for a workbook
	hidden []string                  // hidden sheets passed over for the first visible one
	xlsx   *xlsxin.Reader            // the open workbook, to close
	cell   func(row, col int) string // names a cell of a workbook; nil for CSV

	closeFile func()
}

// close closes the workbook, which may have extracted large sheets to
// temporary files, and then the file.
func (in *batchInput) close() {
	if in.xlsx != nil {
		in.xlsx.Close()
		in.xlsx = nil
	}
	in.closeFile()
}

// source is where a batch's rows come from: a CSV file or a workbook sheet.
type source interface {
	ReadChunk(c *nbcsv.Chunk, max int) error
	Splitter() nbcsv.Splitter
}

// open reads the input's header and makes its source: a workbook when the
// input starts as a zip archive does (or is named .xlsx), CSV otherwise.
func (in *batchInput) open() ([]string, error) {
	isXLSX := strings.HasSuffix(strings.ToLower(in.name), ".xlsx")
	if rs, ok := in.r.(io.ReadSeeker); ok && seekable(rs) {
		head := make([]byte, 4)
		n, _ := io.ReadFull(rs, head)
		if _, err := rs.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		isXLSX = isXLSX || xlsxin.IsXLSX(head[:n])
	} else {
		// A pipe: look at its first bytes through a buffer that keeps them.
		br := bufio.NewReaderSize(in.r, nbcsv.SniffSize)
		head, _ := br.Peek(4)
		isXLSX = isXLSX || xlsxin.IsXLSX(head)
		in.r = br
	}
	if isXLSX {
		if in.xlsx != nil {
			in.xlsx.Close() // read again for a second pass
		}
		xr, err := xlsxin.Open(in.r, in.sheet)
		if err != nil {
			return nil, err
		}
		in.rd, in.cell, in.xlsx = xr, xr.Cell, xr
		in.hidden = xr.Hidden
		return xr.Header, nil
	}
	if in.sheet != "" {
		return nil, errors.New("--sheet is for Excel workbooks (.xlsx); this is a CSV file")
	}
	rd, err := nbcsv.Open(in.r)
	if err != nil {
		return nil, err
	}
	in.rd = rd
	return rd.Header, nil
}

// openBatchInput opens a CSV file, or standard input for "-", reads its
// header and maps its columns. With rereadable, standard input is kept in a
// temporary file first, so that the input can be read twice.
func (a *app) openBatchInput(input, output, sheet string, maps []string, rereadable bool) (*batchInput, error) {
	in := &batchInput{r: a.in, name: "standard input", closeFile: func() {}, sheet: sheet}
	switch {
	case input == "-" && rereadable:
		spool, err := os.CreateTemp("", "alis-input-*.csv")
		if err != nil {
			return nil, &runError{err: err}
		}
		in.closeFile = func() { spool.Close(); os.Remove(spool.Name()) }
		if _, err := io.Copy(spool, a.in); err != nil {
			in.close()
			return nil, &runError{err: fmt.Errorf("standard input: %w", err)}
		}
		if _, err := spool.Seek(0, io.SeekStart); err != nil {
			in.close()
			return nil, &runError{err: err}
		}
		in.r = spool
	case input != "-":
		f, err := os.Open(input)
		if err != nil {
			return nil, &runError{err: err, hint: "give the path of a CSV file, or - for standard input"}
		}
		in.closeFile = func() { f.Close() }
		st, err := f.Stat()
		if err == nil && st.IsDir() {
			in.close()
			return nil, &runError{err: fmt.Errorf("%s is a folder, not a CSV file", input)}
		}
		if err == nil && st.Mode().IsRegular() {
			in.size = st.Size()
		}
		in.r, in.name = f, input
	}
	if output != "" && output != "-" && input != "-" && sameFile(input, output) {
		in.close()
		return nil, usagef("write the results to another file", "-o %s: that is the input file; alis will not write over its own input", output)
	}
	header, err := in.open()
	if err != nil {
		in.close()
		return nil, &runError{err: fmt.Errorf("%s: %w", in.name, err)}
	}
	if in.cols, err = mapColumns(header, maps); err != nil {
		in.close()
		var re *runError
		if errors.As(err, &re) {
			re.err = fmt.Errorf("%s: %w", in.name, re.err)
		}
		return nil, err
	}
	if len(in.hidden) > 0 {
		fmt.Fprintf(a.err, "alis: warning: %s: the first %s hidden (%s); reading the first visible sheet, %s (--sheet chooses another)\n",
			in.name, plural(len(in.hidden), "sheet is", "sheets are"), strings.Join(in.hidden, ", "), in.xlsx.Sheet)
	}
	for _, w := range in.cols.warnings {
		fmt.Fprintf(a.err, "alis: warning: %s: %s\n", in.name, w)
	}
	in.markDates()
	return in, nil
}

// seekable reports whether s can really seek (a pipe is an *os.File too).
func seekable(s io.Seeker) bool {
	_, err := s.Seek(0, io.SeekCurrent)
	return err == nil
}

// markDates tells a workbook which columns hold dates, so that their date
// serials are read as dates.
func (in *batchInput) markDates() {
	xr, ok := in.rd.(*xlsxin.Reader)
	if !ok {
		return
	}
	var cols []int
	for _, f := range []string{calc.FieldStart, calc.FieldEnd, calc.FieldVikariatStart, calc.FieldVikariatEnd, calc.FieldApplied} {
		if c, ok := in.cols.colOf[f]; ok {
			cols = append(cols, c)
		}
	}
	xr.DateColumns(cols)
}

// write runs the batch into out: standard output, or a file written to a
// temporary file and renamed on success, so a failed run leaves none.
func (b *batchRun) write(in *batchInput, out *outfile.File) error {
	defer out.Abort()
	bw := bufio.NewWriterSize(out, 256<<10)
	stop := b.progress()
	defer stop()
	rd := in.rd
	if b.o.allocate != "" {
		var err error
		if rd, err = b.allocationPass(in); err != nil {
			return err
		}
	}
	err := b.pipeline(rd, bw)
	if err == nil {
		err = b.finish(bw)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = out.Commit()
	}
	if err != nil {
		var ie *internalError
		if errors.As(err, &ie) {
			return err
		}
		return &runError{err: fmt.Errorf("writing the results: %w", err)}
	}
	return nil
}

// openOutput opens -o FILE, or standard output for "" and "-", before any
// work is done: a folder or a device that cannot be written fails here.
func (a *app) openOutput(name string) (*outfile.File, error) {
	if name == "" {
		name = "-"
	}
	f, err := outfile.Open(name, a.out)
	if err != nil {
		return nil, &runError{err: err}
	}
	return f, nil
}

// allocationPass reads the whole input once to collect every eligible grant,
// plans the allocation of each scheme's budget, and returns a reader at the
// start of the input again for the pass that writes the rows.
func (b *batchRun) allocationPass(in *batchInput) (source, error) {
	seeker, ok := in.r.(io.ReadSeeker)
	if !ok {
		return nil, &runError{err: fmt.Errorf("%s cannot be read twice, as --allocate needs", b.name)}
	}
	b.collecting = true
	if err := b.pipeline(in.rd, bufio.NewWriter(io.Discard)); err != nil {
		return nil, &runError{err: err}
	}
	b.collecting = false
	plan, err := planAllocation(int(b.rows.Load()), b.collected, b.sets[0])
	if err != nil {
		return nil, &runError{err: err}
	}
	b.alloc, b.collected = plan, nil
	b.rows.Store(0)
	b.sets[0].sum = newSummary(b.sets[0].rules)
	b.sets[0].sum.alloc = plan
	if _, err := seeker.Seek(0, io.SeekStart); err != nil {
		return nil, &runError{err: err}
	}
	if _, err := in.open(); err != nil {
		return nil, &runError{err: fmt.Errorf("%s: %w", b.name, err)}
	}
	in.markDates()
	return in.rd, nil
}

// rejected reports the rejected rows, if any, as the run's outcome.
func (b *batchRun) rejected() error {
	t := b.sets[0].sum.total
	if t.rejected > 0 {
		fmt.Fprintf(b.a.err, "alis: error: %d of %d rows were rejected; each is in the output with its reason\n", t.rejected, t.agreements)
		return &rowsRejected{n: t.rejected}
	}
	return nil
}

// ruleSet is one set of rules a batch is computed under, with its totals.
type ruleSet struct {
	rules  *rules.Rules
	engine *calc.Engine
	sum    *summary
	label  string
}

// A job is a chunk of rows: delimited by the reader, split, computed and
// formatted by a worker, written by the writer in order. Jobs are reused.
type job struct {
	chunk nbcsv.Chunk
	base  int // the index of the job's first row in the input

	collected []collectedGrant // the first pass of --allocate
	out       []byte
	spool     []byte // rejected rows as JSON, for --format json
	rejects   []rejection
	nRej      int
	parts     []partialSum // one per rule set
	cmp       compareSum
	ids       []idLine
	noDays    []int // the start year of each row with no day in the rules' year
	failed    error // a panic while computing the job
	done      chan struct{}
}

const jobRows = 1024

func (j *job) reset() {
	j.out, j.spool, j.rejects, j.nRej, j.ids, j.noDays = j.out[:0], j.spool[:0], j.rejects[:0], 0, j.ids[:0], j.noDays[:0]
	j.collected = j.collected[:0]
	for i := range j.parts {
		j.parts[i].reset()
	}
	j.cmp.reset()
	j.failed = nil
	j.done = make(chan struct{})
}

func (j *job) rows() int { return j.chunk.Len() }

// pipeline reads, computes and writes every row: one reader, a worker per
// core, and the writer (this goroutine) taking jobs in input order.
func (b *batchRun) pipeline(rd source, w *bufio.Writer) error {
	// begin runs before any worker: what a writer sets up there, the
	// workers may read.
	if !b.o.summaryOnly && !b.collecting {
		if err := b.out.begin(w); err != nil {
			return err
		}
	}
	workers := b.o.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	free := make(chan *job, 2*workers+2)
	for i := 0; i < cap(free); i++ {
		j := &job{}
		for _, set := range b.sets {
			j.parts = append(j.parts, newPartial(set.sum))
		}
		if b.cmp != nil {
			j.cmp = b.cmp.empty()
		}
		free <- j
	}
	work := make(chan *job, workers)
	order := make(chan *job, cap(free))
	var readErr error
	rows := 0
	stopped := make(chan struct{})
	go func() {
		defer close(work)
		defer close(order)
		defer func() {
			if err := recovered(recover()); err != nil {
				readErr = err
			}
		}()
		for {
			var j *job
			select {
			case j = <-free:
			case <-stopped:
				return
			}
			j.reset()
			if err := rd.ReadChunk(&j.chunk, jobRows); err != nil {
				if !errors.Is(err, io.EOF) {
					readErr = err
				}
				return
			}
			j.base = rows
			rows += j.rows()
			work <- j
			order <- j
			if j.rows() < jobRows {
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := newWorker(b, rd.Splitter())
			for j := range work {
				if j.failed = b.processSafely(wk, j); j.failed != nil {
					wk = newWorker(b, rd.Splitter())
				}
				close(j.done)
			}
		}()
	}
	var werr error
	for j := range order {
		<-j.done
		if werr == nil {
			werr = j.failed
		}
		if werr == nil {
			werr = b.take(j, w)
		}
		select {
		case free <- j:
		default:
		}
		if werr != nil {
			select {
			case <-stopped:
			default:
				close(stopped)
			}
		}
	}
	wg.Wait()
	if werr != nil {
		return werr
	}
	if readErr != nil {
		if errors.As(readErr, new(*internalError)) {
			return readErr
		}
		return fmt.Errorf("%s: %w", b.name, readErr)
	}
	return nil
}

// processSafely computes a job, and turns a panic into an internal error
// for the writer to report, so that the run ends cleanly: its temporary
// output removed, an exit code of its own.
func (b *batchRun) processSafely(wk *worker, j *job) (err error) {
	defer func() { err = recovered(recover()) }()
	wk.process(j)
	return nil
}

// take writes a finished job and adds it to the summary.
func (b *batchRun) take(j *job, w *bufio.Writer) error {
	b.rows.Add(int64(j.rows()))
	if b.collecting {
		b.collected = append(b.collected, j.collected...)
		return nil
	}
	if !b.o.summaryOnly {
		if err := b.out.write(w, j.out); err != nil {
			return err
		}
		if err := b.out.spool(j.spool); err != nil {
			return err
		}
	}
	for _, r := range j.rejects {
		if b.rejectedShown < maxShownRejects {
			if r.cell != "" {
				fmt.Fprintf(b.a.err, "alis: error: %s: %s: %s\n", b.name, r.cell, r.text())
			} else {
				fmt.Fprintf(b.a.err, "alis: error: %s:%d: %s\n", b.name, r.line, r.text())
			}
		}
		b.rejectedShown++
	}
	b.rejectedShown += j.nRej - len(j.rejects)
	for i, set := range b.sets {
		set.sum.add(&j.parts[i])
	}
	if b.cmp != nil {
		b.cmp.add(&j.cmp)
	}
	for _, y := range j.noDays {
		if b.noDays == nil {
			b.noDays = map[int]int{}
		}
		b.noDays[y]++
	}
	for _, x := range j.ids {
		if len(b.idHash) == maxTrackedIDs {
			b.idsTruncated = true
			break
		}
		b.idHash = append(b.idHash, x.hash)
		b.idLine = append(b.idLine, uint32(x.line))
	}
	return nil
}

func (b *batchRun) finish(w *bufio.Writer) error {
	if b.rejectedShown > maxShownRejects {
		fmt.Fprintf(b.a.err, "alis: error: … and %d more rejected rows (every one is in the output)\n", b.rejectedShown-maxShownRejects)
	}
	if b.o.summaryOnly {
		return b.out.summaryOnly(w, b)
	}
	return b.out.end(w, b)
}

// idLine remembers an id by its hash, to find duplicates without keeping the ids.
type idLine struct {
	hash uint64
	line int
}

func hashID(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// warnNoDays says how many rows have no day in the rules' year, and the
// years their agreements start in: the rules of another year may be meant.
func (b *batchRun) warnNoDays() {
	n := 0
	var years []int
	for y, k := range b.noDays {
		n += k
		years = append(years, y)
	}
	if n == 0 {
		return
	}
	sort.Slice(years, func(i, j int) bool {
		if b.noDays[years[i]] != b.noDays[years[j]] {
			return b.noDays[years[i]] > b.noDays[years[j]]
		}
		return years[i] < years[j]
	})
	var parts []string
	for _, y := range years {
		parts = append(parts, fmt.Sprintf("%d (%d %s)", y, b.noDays[y], plural(b.noDays[y], "row", "rows")))
	}
	r := b.sets[0].rules
	fmt.Fprintf(b.a.err, "alis: warning: %s: %d %s no day in %d, the year of the rules; their agreements start in %s\n",
		b.name, n, plural(n, "row has", "rows have"), r.Year, strings.Join(parts, ", "))
	if _, err := rules.EmbeddedFile(years[0]); err == nil {
		fmt.Fprintf(b.a.err, "alis: hint: give --year %d for the rules of %d\n", years[0], years[0])
	} else {
		fmt.Fprintf(b.a.err, "alis: hint: alis has rules for %s; for %d give a rule file with --rules FILE (alis rules new --from %d --year %d drafts one)\n", embeddedYears(), years[0], defaultYear, years[0])
	}
}

// warnDuplicates names the lines of ids given more than once. It sorts a
// copy of the hashes to find the repeated ones, then collects their lines in
// input order.
func (b *batchRun) warnDuplicates() {
	if b.idsTruncated {
		fmt.Fprintf(b.a.err, "alis: warning: %s: duplicate ids were looked for among the first %d rows only\n", b.name, maxTrackedIDs)
	}
	sorted := slices.Clone(b.idHash)
	slices.Sort(sorted)
	dup := map[uint64][]int{}
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			dup[sorted[i]] = nil
		}
	}
	if len(dup) == 0 {
		return
	}
	var order []uint64
	for i, h := range b.idHash {
		if lines, ok := dup[h]; ok {
			if lines == nil {
				order = append(order, h)
			}
			dup[h] = append(lines, int(b.idLine[i]))
		}
	}
	for i, h := range order {
		if i == 10 {
			fmt.Fprintf(b.a.err, "alis: warning: … and %d more ids given more than once\n", len(order)-10)
			break
		}
		var ls []string
		for _, l := range dup[h] {
			ls = append(ls, strconv.Itoa(l))
		}
		fmt.Fprintf(b.a.err, "alis: warning: %s: lines %s have the same id\n", b.name, strings.Join(ls, ", "))
	}
}

// progress prints a progress line on a terminal after the first second.
func (b *batchRun) progress() (stop func()) {
	if !b.a.stderrIsTerminal {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(b.a.err, "\r\033[K")
				}
				return
			case <-t.C:
				fmt.Fprintf(b.a.err, "\ralis: %d rows …", b.rows.Load())
				shown = true
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(sa, sb)
	}
	pa, _ := filepath.Abs(a)
	pb, _ := filepath.Abs(b)
	return pa == pb
}
