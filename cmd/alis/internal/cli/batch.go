package cli

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// inputOptions are the flags that say how to read a batch's input and
// where to write its output, shared by batch, compare and report.
type inputOptions struct {
	output      string
	maps        []string
	summaryOnly bool
	workers     int
	sheet       string
	delimiter   string
	encoding    string
	// name is what the input is called in messages and outputs, where not
	// its path (alis serve: the uploaded file's name); no flag sets it.
	name string
}

func (o *inputOptions) bind(c *cobra.Command, l msg.Lang) {
	f := c.Flags()
	f.StringVar(&o.sheet, "sheet", "", msg.S(l, "the sheet to read from an Excel workbook (default: the first visible one)"))
	f.StringArrayVar(&o.maps, "map", nil, msg.S(l, "'Header=field' names a column alis does not know by its field (repeatable)"))
	f.IntVar(&o.workers, "workers", 0, msg.S(l, "how many rows to compute at once (default: one per core)"))
	f.StringVar(&o.delimiter, "delimiter", "", msg.S(l, `the CSV separator: ";", ",", tab (or "\t"), "|" (default: found from the header line)`))
	f.StringVar(&o.encoding, "encoding", "", msg.S(l, "the CSV encoding: utf-8 or windows-1252 (default: found from the bytes; a byte-order mark always wins)"))
}

// inputArg describes the one argument of batch, compare and report.
var inputArg = msg.New("one input: the CSV file or workbook to read (- for standard input)")

type batchOptions struct {
	rules ruleOptions
	inputOptions
	format   string
	dialect  string
	allocate string
}

func (a *App) newBatchCmd() *cobra.Command {
	o := &batchOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:   "batch FILE",
		Short: msg.S(l, "Compute the grant for every agreement in a CSV export or a workbook"),
		Long: msg.S(l, `batch computes the eligibility and the grant for every agreement in a CSV file
(- for standard input) or an Excel workbook, as exported from Norwegian Excel or a
payroll system: comma-, semicolon- or tab-separated, UTF-8 (with or without BOM),
Windows-1252 or UTF-16, amounts such as 312 500,50 and dates such as 01.08.2021.

Columns are found by name: id (avtale, avtalenr), kommune (kommunenr), grant_type,
driftsform, role (rolle), start (fra, startdato), end (til, sluttdato), vikariat_start,
vikariat_end, cost (kostnad, kostnader), prior_years (tidligere_år), applied
(søknadsdato), signed, staffing_agency (vikarbyrå), in_training, position (stilling),
percent (stillingsprosent), centrality_class (sentralitet), first_fastlege_date, and the
amounts of the 2025/26 elements (praksiskompensasjon, veiledningstimer, ...), in any case
and with or without æøå. id and start are required, and driftsform where the rules tell
schemes apart by it. --map 'Kostnad 2021=cost' names any other header. Columns alis does
not know are carried through to the output.

Without --year or --rules, each agreement is computed under the grant period that holds
its first day, and the summary comes per period. With a percent column, each row is an
employment period and the adjacent rows that share an id are one agreement.

The output has exactly one entry per input row, in input order: a result, or
the reason the row was rejected. A summary per scheme (agreements, eligible,
rejected, total grant, budget used) goes to stderr, or into the document with
--format json.`) + "\n\n" + exitCodesHelp(l),
		Example: msg.S(l, `  # Every agreement in a Norwegian Excel export, results as CSV, summary on stderr
  alis batch avtaler.csv > resultat.csv

  # The same, written for Norwegian Excel (semicolons, decimal comma, BOM), atomically
  alis batch avtaler.csv --dialect excel-nb -o resultat.csv

  # A header that alis does not know, and the 2020 rules
  alis batch avtaler.csv --map 'Kostnad 2021=cost' --year 2020 --format table

  # A workbook for Excel: results and a summary sheet, amounts as numbers in kr
  alis batch avtaler.xlsx -o resultat.xlsx

  # Just the totals per scheme, as JSON, from standard input
  cat avtaler.csv | alis batch - --format json --summary-only`),
		Args: exactArgs(1, inputArg),
		RunE: func(c *cobra.Command, args []string) error {
			if !c.Flags().Changed("format") {
				f, err := formatOfName(o.output)
				if err != nil {
					return err
				}
				o.format = f // -o resultat.xlsx writes a workbook
			}
			if a.register != nil {
				return a.runRegister(o, args[0])
			}
			return a.runBatch(o, args[0])
		},
	}
	f := c.Flags()
	o.rules.bind(c, l, a.completion)
	o.inputOptions.bind(c, l)
	f.StringVar(&o.format, "format", "csv", msg.S(l, "output format: csv, json, jsonl, table (text), or xlsx (the default for -o FILE.xlsx)"))
	f.StringVar(&o.dialect, "dialect", "csv", msg.S(l, "CSV output: csv (comma, decimal point, UTF-8) or excel-nb (semicolon, decimal comma, UTF-8 with BOM)"))
	f.StringVarP(&o.output, "output", "o", "", msg.S(l, "write to FILE (atomically: a failed run leaves no file) instead of standard output; - is standard output"))
	f.BoolVar(&o.summaryOnly, "summary-only", false, msg.S(l, "print only the summary, to standard output"))
	f.StringVar(&o.allocate, "allocate", "", msg.S(l, "prorata: where a scheme's grants exceed its budget, reduce them all by the same factor to fit it exactly"))
	a.completion(c, "format", fixedCompletion("csv", "json", "jsonl", "table", "xlsx"))
	a.completion(c, "allocate", fixedCompletion("prorata"))
	a.completion(c, "dialect", fixedCompletion("csv", "excel-nb"))
	return c
}

func (a *App) runBatch(o *batchOptions, input string) error {
	format, err := a.checkFormat(o.format, commandFormats["batch"]...)
	if err != nil {
		return err
	}
	o.format = format
	if o.format == "xlsx" && o.output == "" {
		return usagef("--format xlsx: a workbook is not written to standard output").withHint("write a workbook to a file: -o resultat.xlsx (or -o - for standard output)")
	}
	dialect := output.CSV
	switch o.dialect {
	case "csv":
	case "excel-nb":
		dialect = output.ExcelNB
	default:
		return usagef("--dialect: unknown dialect %q", o.dialect).withHint("use --dialect csv or --dialect excel-nb")
	}
	if o.allocate != "" && o.allocate != "prorata" {
		return usagef("--allocate: unknown method %q", o.allocate).withHint("use --allocate prorata")
	}
	if err := a.checkInputOptions(&o.inputOptions); err != nil {
		return err
	}
	lang := a.Lang
	allocate := o.allocate != ""
	sets, byPeriod, err := o.rules.ruleSets(allocate)
	if err != nil {
		return err
	}
	r, periods := setRules(sets, byPeriod)
	run, err := a.runSets(&o.inputOptions, input, setsRun{sets: sets, byPeriod: byPeriod, allocate: allocate, carries: true, sink: func(in *batch.Input) batch.Sink {
		if o.summaryOnly {
			if o.format == "xlsx" {
				return &output.XLSXSink{Cols: in.Cols, Input: in.Name, Lang: lang, Rules: r, SummaryOnly: true}
			}
			return &output.SummarySink{Format: o.format, Dialect: dialect, Lang: lang, Width: a.outWidth(o.output)}
		}
		switch o.format {
		case "json", "jsonl":
			return &output.JSONSink{Cols: in.Cols, Lang: lang, Rules: r, Lines: o.format == "jsonl"}
		case "xlsx":
			return &output.XLSXSink{Cols: in.Cols, Input: in.Name, Lang: lang, Rules: r, Periods: periods, Allocate: allocate}
		case "table":
			return &output.TableSink{Cols: in.Cols, Lang: lang, Width: a.outWidth(o.output), Allocate: allocate}
		}
		return output.NewCSV(output.CSVSink{Cols: in.Cols, Dialect: dialect, Allocate: allocate, Grouped: in.Grouped(), Lang: lang}, r, sets)
	}})
	if err != nil {
		return err
	}
	t := run.Totals()
	if !o.summaryOnly && o.format != "json" && !a.Quiet {
		output.WriteSummaries(a.Err, t, lang, widthOf(a.Err))
	}
	return a.rejected(run)
}

// setRules are the rules a batch's output names: the one rule set's (r),
// or by period each period's (periods, and r nil).
func setRules(sets []batch.RuleSet, byPeriod bool) (r *rules.Rules, periods []*rules.Rules) {
	if !byPeriod {
		return sets[0].Rules, nil
	}
	for _, s := range sets {
		periods = append(periods, s.Rules)
	}
	return nil, periods
}

// csvOptions reads --delimiter and --encoding.
func (o *inputOptions) csvOptions() (nbcsv.Options, error) {
	var opt nbcsv.Options
	switch d := o.delimiter; d {
	case "":
	case "\\t", "tab", "\t":
		opt.Comma = '\t'
	case ";", ",", "|":
		opt.Comma = d[0]
	default:
		return opt, usagef("--delimiter: %q is not a separator alis reads", d).withHint(`use --delimiter ";", ",", "|" or tab`)
	}
	switch strings.ToLower(strings.ReplaceAll(o.encoding, "_", "-")) {
	case "":
	case "utf-8", "utf8":
		opt.Encoding = nbcsv.UTF8
	case "windows-1252", "cp1252", "latin1", "iso-8859-1", "ansi":
		opt.Encoding = nbcsv.Windows1252
	default:
		return opt, usagef("--encoding: %q is not an encoding alis reads", o.encoding).withHint("use --encoding utf-8 or --encoding windows-1252 (UTF-16 is found by its byte-order mark)")
	}
	return opt, nil
}

// checkInputOptions checks the flags shared by batch, compare and report.
func (a *App) checkInputOptions(o *inputOptions) error {
	if o.workers < 0 {
		return usagef("--workers: %d is negative", o.workers)
	}
	return nil
}

// setsRun is what runSets computes and how.
type setsRun struct {
	sets []batch.RuleSet
	// byPeriod: each agreement under the period that holds it (the sets
	// are the periods); allocate: the budget is shared (the input is read
	// twice); carries: the output carries the input's unknown columns (so
	// that a renamed one is said).
	byPeriod, allocate, carries bool
	// sink makes the sink that writes the results.
	sink func(*batch.Input) batch.Sink
}

// runSets computes an input as sr says, writing into -o or standard
// output.
func (a *App) runSets(o *inputOptions, input string, sr setsRun) (*batch.Run, error) {
	sets, byPeriod, allocate := sr.sets, sr.byPeriod, sr.allocate
	out, err := a.openOutput(o.output)
	if err != nil {
		return nil, err
	}
	defer out.Abort()
	csvOpt, err := o.csvOptions()
	if err != nil {
		return nil, err
	}
	in, err := batch.Open(input, a.In, batch.InputOptions{Sheet: o.sheet, Maps: o.maps, SettingsMaps: a.settings.Maps, CSV: csvOpt, Rereadable: allocate, Output: o.output, Lang: a.Lang})
	if err != nil {
		return nil, err
	}
	defer in.Close()
	if o.name != "" {
		in.Name = o.name
	}
	d := a.diag()
	for _, w := range in.Warnings {
		d.Warnf("%s: %s", in.Name, w)
	}
	if sr.carries && !o.summaryOnly {
		for _, rn := range in.Cols.Renamed() {
			d.Warnf("%s: the column %q is written as %q, so that it is not taken for a column alis computes", in.Name, rn[0], rn[1])
		}
	}
	run, err := batch.New(batch.Config{Input: in, Sets: sets, Sink: sr.sink(in), Workers: o.workers, Allocate: allocate, ByPeriod: byPeriod, Diag: d, Progress: a.StderrIsTerminal && os.Getenv("TERM") != "dumb" && !a.Quiet, ProgressWidth: widthOf(a.Err)})
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	err = run.Execute(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = out.Commit()
	}
	if err != nil {
		if errors.As(err, new(*batch.InternalError)) {
			return nil, err
		}
		if be := new(batch.Error); errors.As(err, &be) {
			return nil, &runError{err: be} // the input, not the output
		}
		return nil, &runError{err: msg.Errorf("writing the results: %w", err)}
	}
	return run, nil
}

// rejected reports the rejected rows, if any, as the run's outcome.
func (a *App) rejected(run *batch.Run) error {
	if n := run.Rejected(); n > 0 {
		a.diag().Errorf("%d of %d rows were rejected; each is in the output with its reason", n, run.Totals().Rows)
		return &rowsRejected{n: n}
	}
	return nil
}

// formatOfName is the output format a file's name asks for, without
// --format: .xlsx a workbook, .json and .jsonl JSON, .csv, .txt or no
// ending CSV. A spreadsheet alis does not write (.ods, .xls) and any other
// ending are refused, so that no file is named for what it does not hold.
func formatOfName(name string) (string, error) {
	if name == "" || name == "-" {
		return "csv", nil
	}
	if st, err := os.Stat(name); err == nil && !st.Mode().IsRegular() {
		return "csv", nil // a folder or a device: what it is is said where it is opened
	}
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".xlsx":
		return "xlsx", nil
	case ".json":
		return "json", nil
	case ".jsonl", ".ndjson":
		return "jsonl", nil
	case "", ".csv", ".txt":
		return "csv", nil
	case ".ods":
		return "", usagef("-o %s: alis does not write OpenDocument spreadsheets", name).withHint("write -o %s.xlsx, which LibreOffice opens (and saves as .ods)", strings.TrimSuffix(name, filepath.Ext(name)))
	case ".xls":
		return "", usagef("-o %s: alis does not write the old Excel format (.xls)", name).withHint("write -o %sx, which every Excel since 2007 opens", name)
	default:
		return "", usagef("-o %s: which format %s is cannot be told from its name", name, ext).withHint("give --format csv, json, jsonl, table or xlsx")
	}
}
