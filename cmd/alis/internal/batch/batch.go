// Package batch computes every agreement of an input (a CSV export or a
// workbook sheet) under one or more rule sets: one reader finds where the
// rows end, a worker per core splits, reads, computes and formats them, and
// the writer takes the formatted rows in input order. Memory stays flat as
// the input grows. Every row is accounted for: it gives a result or the
// reason it was rejected.
//
// How rows are written is a Sink's business: the batch hands it typed rows
// and, at the end, the totals.
package batch

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// Config is one batch run.
type Config struct {
	Input *Input
	Sets  []RuleSet
	Sink  Sink
	// Workers computing rows at once (0: one per core).
	Workers int
	// Allocate fits each scheme's grants to its budget (prorata), in a
	// first pass over the input.
	Allocate bool
	// ByPeriod computes each agreement under the one rule set (an embedded
	// period, in order) whose period holds its first day, instead of under
	// every rule set.
	ByPeriod bool
	// Diag receives the rejected rows' messages and the warnings, in its
	// language.
	Diag msg.Diag
	// ProgressWidth is the terminal's width: a progress line that does not
	// fit is shortened, or not shown.
	ProgressWidth int
	// Progress shows progress on Diag (a terminal) after a second.
	Progress bool
}

// maxShownRejects bounds the rejected rows named on Diag.
const maxShownRejects = 20

// TestHookRow, when set by a test, runs for every row a worker computes.
var TestHookRow func(line int)

// InternalError is a panic in a batch goroutine, recovered: a bug.
type InternalError struct {
	Value any
	Stack []byte
}

func (e *InternalError) Error() string { return fmt.Sprint(e.Value) }

func recovered(p any) error {
	if p == nil {
		return nil
	}
	return &InternalError{Value: p, Stack: debug.Stack()}
}

// Run is a batch in progress, and, after Execute, its totals.
type Run struct {
	cfg  Config
	sets []RuleSet
	sums []*Summary
	cmp  *CompareSum

	collecting bool
	// For the progress line: the pass over the input (from 0; two with
	// --allocate), the rows read so far in it, the rows of the passes
	// before.
	pass       atomic.Int32
	readRows   atomic.Int64
	passedRows atomic.Int64
	collected  collector
	alloc      *allocPlan
	// groupBase is where each rule set's schemes begin among the groups
	// an allocation counts grants in; groups is how many there are.
	groupBase []int
	groups    int
	// periodNames are the spellings of the periods a period column may
	// name (2024/25, 2024-25, 2024/2025), by rule set.
	periodNames map[string]int

	rejectedShown int
	noDays        map[int]int // start year -> rows with no day in the rules' period
	idHash        []uint64    // the hash of each row's id, in input order
	seen          *seenIDs    // the hashes of the ids the workers have met
	maybe         []uint64    // hashes met before (or whose bit was): perhaps repeats
	idLine        []uint32    // the line of each row
	idsTruncated  bool
	rows          atomic.Int64
	unplaced      int
	beyond        int
	rejectedRows  int
	ignored       []ignoredInputs // per rule set
	classDiffers  lineCount       // rows whose sentralitetsklasse is not the kommune table's
	doubts        [len(doubtCodes)]lineCount
	// unread: the columns of formula inputs that no rule set reads, warned
	// of once at the start, and so not again per row.
	unread calc.InputSet
}

// New prepares a batch run.
func New(cfg Config) (*Run, error) {
	if len(cfg.Sets) == 0 {
		return nil, msg.Errorf("no rule set")
	}
	if cfg.Diag.W == nil {
		cfg.Diag.W = io.Discard
	}
	if err := checkEmploymentColumns(cfg.Input); err != nil {
		return nil, err
	}
	b := &Run{cfg: cfg, sets: cfg.Sets, ignored: make([]ignoredInputs, len(cfg.Sets))}
	for _, s := range cfg.Sets {
		b.sums = append(b.sums, NewSummary(s.Rules))
		b.groupBase = append(b.groupBase, b.groups)
		b.groups += len(s.Rules.Schemes)
	}
	b.periodNames = map[string]int{}
	for k, s := range cfg.Sets {
		p := s.Rules.Period
		b.periodNames[p] = k
		if y, rest, ok := strings.Cut(p, "/"); ok {
			b.periodNames[y+"-"+rest] = k
			if len(y) == 4 && len(rest) == 2 {
				b.periodNames[y+"/"+y[:2]+rest] = k
				b.periodNames[y+"-"+y[:2]+rest] = k
			}
		}
	}
	if c, ok := cfg.Input.Cols.ColOf[FieldPeriod]; ok && !cfg.ByPeriod {
		cfg.Diag.Warnf("%s: %s", cfg.Input.Name, msg.New("the column %s names each row's grant period; under the rules given (--year, --rules) every row is computed under them", msg.Quote(cfg.Input.Cols.Header[c])))
	}
	unread, warnings := unreadColumns(cfg.Input, cfg.Sets)
	b.unread = unread
	for _, w := range warnings {
		cfg.Diag.Warnf("%s: %s", cfg.Input.Name, w)
	}
	if len(cfg.Sets) > 1 && !cfg.ByPeriod {
		b.cmp = newCompareSum(cfg.Sets)
	}
	rows := 0
	if size := cfg.Input.Size; size > 0 {
		// About 60 bytes a row at least: room for the ids without regrowing.
		rows = min(int(size/60)+1024, MaxTrackedIDs)
		b.idHash, b.idLine = make([]uint64, 0, rows), make([]uint32, 0, rows)
	}
	b.seen = newSeenIDs(seenBits(rows))
	return b, nil
}

// checkEmploymentColumns requires the stillingsprosent beside a position:
// with them, each row is an employment period, and the rows of one
// agreement share its id.
func checkEmploymentColumns(in *Input) error {
	_, pos := in.Cols.ColOf[calc.FieldPosition]
	_, pct := in.Cols.ColOf[calc.FieldPercent]
	if pos && !pct {
		return errorf("%s: a position column without a percent column: each employment period needs its stillingsprosent", in.Name).
			withHint("name the stillingsprosent column percent (stillingsprosent, stillingsandel), or --map 'Your header=percent'")
	}
	return nil
}

// Grouped says whether each row is an employment period, the adjacent rows
// with one id making one agreement.
func (in *Input) Grouped() bool {
	_, ok := in.Cols.ColOf[calc.FieldPercent]
	return ok
}

// Totals returns what the run added up.
func (b *Run) Totals() *Totals {
	t := &Totals{Rows: int(b.rows.Load()), Sets: b.sums, Compare: b.cmp, ByPeriod: b.cfg.ByPeriod, Unplaced: b.unplaced, Beyond: b.beyond}
	if b.cfg.ByPeriod {
		t.LastRules = b.sets[len(b.sets)-1].Rules.ValidTo
	}
	return t
}

// Rejected is the number of rejected rows.
func (b *Run) Rejected() int { return b.rejectedRows }

// Execute runs the batch, writing into w. On an error nothing more is
// written; a failed read of the input is an error naming it.
func (b *Run) Execute(w io.Writer) error {
	stop := b.progress()
	defer stop()
	in := b.cfg.Input
	if b.cfg.Allocate {
		if err := b.allocationPass(); err != nil {
			return err
		}
		if err := in.rewind(); err != nil {
			return err
		}
		b.pass.Store(1)
	}
	if err := b.cfg.Sink.Begin(w); err != nil {
		return err
	}
	if err := b.pipeline(b.source(), w); err != nil {
		return err
	}
	if b.rejectedShown > maxShownRejects {
		b.cfg.Diag.Errorf("… and %d more rejected rows (every one is in the output)", b.rejectedShown-maxShownRejects)
	}
	if err := b.cfg.Sink.End(w, b.Totals()); err != nil {
		return err
	}
	b.warnDuplicates()
	b.warnNoDays()
	b.warnIgnored()
	b.warnClassDiffers()
	b.warnDoubts()
	return nil
}

// allocationPass reads the whole input once to collect every eligible
// grant, and plans the allocation of each scheme's budget.
func (b *Run) allocationPass() error {
	b.collecting = true
	if err := b.pipeline(b.source(), io.Discard); err != nil {
		return err
	}
	b.collecting = false
	b.alloc = planAllocation(&b.collected, b.sets, b.groupBase)
	b.collected = collector{}
	b.passedRows.Store(b.rows.Load())
	b.rows.Store(0)
	b.readRows.Store(0)
	for k := range b.sums {
		b.sums[k] = NewSummary(b.sets[k].Rules)
		b.sums[k].Alloc, b.sums[k].AllocBase = b.alloc, b.groupBase[k]
	}
	b.idHash, b.idLine, b.idsTruncated, b.noDays, b.maybe = b.idHash[:0], b.idLine[:0], false, nil, b.maybe[:0]
	b.rejectedRows, b.rejectedShown, b.unplaced = 0, 0, 0
	b.ignored = make([]ignoredInputs, len(b.sets))
	return nil
}

// source is the input's rows, an agreement's rows kept in one chunk.
func (b *Run) source() source {
	in := b.cfg.Input
	if in.Grouped() {
		return newGroupingSource(in.rd, in.Cols.ColOf[calc.FieldID])
	}
	return in.rd
}

// A job is a chunk of rows: delimited by the reader, split, computed and
// formatted by a worker, written by the writer in order. Jobs are reused.
type job struct {
	chunk nbcsv.Chunk
	base  int // the index of the job's first row in the input

	collected []collectedGrant // the first pass of --allocate
	places    []int            // the second: per scheme, the place of the next grant
	out       Buf
	rejects   []Rejection
	nRej      int
	parts     []partialSum // one per rule set
	cmp       CompareSum
	ids       []idLine
	maybe     []uint64        // hashes of ids whose bit in Run.seen was set
	unplaced  int             // rejected rows of no known period (by period)
	beyond    int             // agreements that run past the last period with rules (by period)
	ignored   []ignoredInputs // per rule set: inputs given that the rows' formulas do not read
	classDiff lineCount       // rows whose sentralitetsklasse is not the kommune table's
	doubts    [len(doubtCodes)]lineCount
	noDays    []int // the start year of each row with no day in the rules' period
	failed    error // a panic while computing the job
	done      chan struct{}
}

const jobRows = 1024

func (j *job) reset() {
	j.out.Main, j.out.Side, j.rejects, j.nRej, j.ids, j.maybe, j.noDays = j.out.Main[:0], j.out.Side[:0], j.rejects[:0], 0, j.ids[:0], j.maybe[:0], j.noDays[:0]
	j.unplaced, j.beyond, j.classDiff, j.doubts = 0, 0, lineCount{}, [len(doubtCodes)]lineCount{}
	for i := range j.ignored {
		j.ignored[i] = ignoredInputs{}
	}
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
// jobs makes n jobs, each with its own partial sums, free for the reader.
func (b *Run) jobs(n int) chan *job {
	free := make(chan *job, n)
	for i := 0; i < n; i++ {
		j := &job{}
		for _, s := range b.sums {
			j.parts = append(j.parts, newPartial(s))
		}
		j.ignored = make([]ignoredInputs, len(b.sums))
		if b.cmp != nil {
			j.cmp = b.cmp.empty()
		}
		free <- j
	}
	return free
}

func (b *Run) pipeline(rd source, w io.Writer) error {
	workers := b.cfg.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	free := b.jobs(2*workers + 2)
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
			b.readRows.Add(int64(j.rows()))
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
				if j.failed = wk.processSafely(j); j.failed != nil {
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
	return b.readError(readErr)
}

// readError is what stopped the reader, if anything: the input could not
// be read to its end, an input error (not one of writing the results), or
// an internal one.
func (b *Run) readError(err error) error {
	if err == nil || errors.As(err, new(*InternalError)) {
		return err
	}
	return &Error{Err: msg.Errorf("%s: %w", b.cfg.Input.Name, err)}
}

// take writes a finished job and adds it to the totals.
func (b *Run) take(j *job, w io.Writer) error {
	b.rows.Add(int64(j.rows()))
	if b.collecting {
		b.collected.take(j.base, j.collected, b.groups)
		return nil
	}
	if err := b.cfg.Sink.Write(w, &j.out); err != nil {
		return err
	}
	name := b.cfg.Input.Name
	for _, r := range j.rejects {
		if b.rejectedShown < maxShownRejects {
			if r.Cell != "" {
				b.cfg.Diag.Errorf("%s: %s: %s", name, r.Cell, r.Text(b.cfg.Diag.L))
			} else {
				b.cfg.Diag.Errorf("%s:%d: %s", name, r.Line, r.Text(b.cfg.Diag.L))
			}
		}
		b.rejectedShown++
	}
	b.rejectedShown += j.nRej - len(j.rejects)
	b.rejectedRows += j.nRej
	for i, s := range b.sums {
		s.add(&j.parts[i])
	}
	b.unplaced += j.unplaced
	b.beyond += j.beyond
	b.classDiffers.add(j.classDiff)
	for i := range j.doubts {
		b.doubts[i].add(j.doubts[i])
	}
	for i := range j.ignored {
		b.ignored[i].add(j.ignored[i])
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
	b.keepIDs(j)
	return nil
}
