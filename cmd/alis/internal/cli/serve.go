package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/report"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/serve"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// serveOptions are serve's flags.
type serveOptions struct {
	addr string
}

// newServeCmd is alis serve: the calculator as a local web page.
func (a *App) newServeCmd() *cobra.Command {
	o := &serveOptions{}
	l := a.Lang
	c := &cobra.Command{
		Use:   "serve",
		Short: msg.S(l, "Serve the calculator as a web page on this machine"),
		Long: msg.S(l, `serve starts a web server on 127.0.0.1:8080 (--addr to change) and prints its address:
open it in a browser for a form for one agreement, with the same result and
explanation as alis calc --explain and a link that opens the same case, and a page
that reads a register (CSV or workbook, at most 50 MB) and gives its summary, its first
rows and downloads of the workbook, the CSV, the JSON and the report. The pages are in
bokmål, nynorsk or English, work without JavaScript and fetch nothing from elsewhere.
It listens on this machine only unless --addr names another address, and has no login.
Ctrl-C stops it, once the requests in flight have ended.`),
		Example: "  alis serve\n  alis serve --addr 127.0.0.1:9000",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			return a.runServe(o)
		},
	}
	c.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8080", msg.S(l, "the address to listen on, host:port (another than this machine's only when given)"))
	return c
}

func (a *App) runServe(o *serveOptions) error {
	d := a.diag()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return usagef("--addr %s: %v", o.addr, err).withHint("give another port, as --addr 127.0.0.1:9000")
	}
	defer ln.Close()
	addr := ln.Addr().String()
	if !serve.IsLoopback(addr) {
		d.Warnf("%s is reachable from other machines, and alis serve has no login: anyone who reaches it can use it", addr)
	}
	today := rules.PeriodOf(today())
	if today == "" {
		ps := rules.Periods()
		today = ps[len(ps)-1]
	}
	srv, err := serve.New(serve.Options{Run: Run, Register: RunRegister, Inputs: periodInputs(), Periods: rules.Periods(), Today: today, Log: a.Err}, addr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := func(os.Signal) { cancel() }
	stopper.Store(&stop)
	defer stopper.Store(nil)
	fmt.Fprintf(a.Out, "http://%s/\n", addr)
	d.Sayf("serving the calculator on http://%s/ (Ctrl-C stops it)", addr)
	if err := serve.Serve(ctx, ln, srv.Handler()); err != nil {
		return &runError{err: err}
	}
	d.Sayf("stopped")
	return nil
}

// periodInputs are the inputs a period's rules read, as alis mal's
// columns, made once for each period.
func periodInputs() func(string) ([]*input.Input, error) {
	var mu sync.Mutex
	made := map[string][]*input.Input{}
	return func(p string) ([]*input.Input, error) {
		mu.Lock()
		defer mu.Unlock()
		if in, ok := made[p]; ok {
			return in, nil
		}
		r, err := rules.Embedded(p)
		if err != nil {
			return nil, err
		}
		e, err := calc.NewEngine(r)
		if err != nil {
			return nil, err
		}
		made[p] = templateInputs(r, e)
		return made[p], nil
	}
}

// RunRegister computes a register once for alis serve: args are batch's
// (the input, --lang, --year), and the page's table and summary and every
// download are written from that one run, each into its own writer. Its
// warnings and errors go to stderr; it returns batch's exit code.
func RunRegister(args []string, outs serve.Outputs, stderr io.Writer) int {
	for _, w := range []*io.Writer{&outs.Table, &outs.Summary, &outs.Workbook, &outs.CSV, &outs.JSON, &outs.Report} {
		if *w == nil {
			*w = io.Discard
		}
	}
	args = append([]string{"batch"}, args...)
	a := &App{In: strings.NewReader(""), Out: io.Discard, Err: stderr, env: os.Getenv(langEnv), register: &outs}
	a.setUp(args)
	return a.execute(args)
}

// runRegister is batch for RunRegister: the table, the summary (as batch
// --summary-only --format table), the workbook, the CSV for Norwegian
// Excel, the JSON and the report, from one run.
func (a *App) runRegister(o *batchOptions, input string) error {
	if err := a.checkInputOptions(&o.inputOptions); err != nil {
		return err
	}
	sets, byPeriod, err := o.rules.ruleSets(false)
	if err != nil {
		return err
	}
	meta, restore, err := a.reportMeta(input)
	if err != nil {
		return err
	}
	defer restore()
	lang, outs := a.Lang, a.register
	o.name = cmp.Or(outs.Name, filepath.Base(input))
	meta.Input = o.name
	r, periods := setRules(sets, byPeriod)
	run, err := a.runSets(&o.inputOptions, input, setsRun{sets: sets, byPeriod: byPeriod, carries: true, sink: func(in *batch.Input) batch.Sink {
		rep := report.New(lang, sets, meta)
		rep.Cols = in.Cols
		return &batch.Tee{
			Sinks: []batch.Sink{
				&output.TableSink{Cols: in.Cols, Lang: lang, Width: a.outWidth("")},
				&output.SummarySink{Format: "table", Lang: lang, Width: a.outWidth("")},
				&output.XLSXSink{Cols: in.Cols, Input: in.Name, Lang: lang, Rules: r, Periods: periods},
				output.NewCSV(output.CSVSink{Cols: in.Cols, Dialect: output.ExcelNB, Grouped: in.Grouped(), Lang: lang}, r, sets),
				&output.JSONSink{Cols: in.Cols, Lang: lang, Rules: r},
				rep,
			},
			Writers: []io.Writer{outs.Table, outs.Summary, outs.Workbook, outs.CSV, outs.JSON, outs.Report},
		}
	}})
	if err != nil {
		return err
	}
	return a.rejected(run)
}
