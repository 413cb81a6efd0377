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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/nbcsv"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// RuleSet is one set of rules a batch is computed under.
type RuleSet struct {
	Rules  *rules.Rules
	Engine *calc.Engine
	Label  string
}

// Row is one input row, computed or rejected, for a Sink to write.
type Row struct {
	Line   int
	Record []string // the row's fields (fewer than the header's for a short row); nil when it could not be split
	ID     string   // the row's id, or the id recovered from a row that could not be split
	// Results are the row's results, one per rule set (by period: the one
	// of its period, Set); nil when rejected.
	Results []calc.Result
	Set     int
	// Lines are the input lines of an agreement made of several rows (one
	// per employment period); nil for an agreement of one row.
	Lines []int
	// Allocated is the row's grant after --allocate; nil without it.
	Allocated *calc.Money
	// Rejected says why the row was rejected; nil when computed.
	Rejected *Rejection
	// SetErrors, under several rule sets, says why a set could not compute
	// the agreement (nil for a set that did); nil when every set did.
	SetErrors []*Rejection
	// By period, an agreement gives a row for each period it has days in
	// and can be computed under. NotComputed are the periods it has days in
	// and cannot be computed under (its rows lack what their formula
	// needs), each with why; BeyondRules, the first day past the last
	// period alis has rules for, when the agreement runs past it (zero
	// otherwise). Every row of the agreement carries both.
	NotComputed []NotComputed
	BeyondRules date.Date
}

// NotComputed is a grant period an agreement has days in but cannot be
// computed under, and why.
type NotComputed struct {
	Rules *rules.Rules
	Why   *Rejection
}

// RejectCode names why a row was rejected; codes are stable, for scripts.
type RejectCode string

const (
	// RejectUnreadable: the row could not be split into fields (a NUL
	// byte, a stray or unclosed quote, a line too long, invalid text).
	RejectUnreadable RejectCode = "unreadable_row"
	// RejectFieldCount: the row has fewer or more fields than the header.
	RejectFieldCount RejectCode = "field_count"
	// RejectBadValue: a cell cannot be read as its field (an amount, a
	// date, a word alis does not know).
	RejectBadValue RejectCode = "bad_value"
	// RejectMissingValue: a value the agreement needs is not given.
	RejectMissingValue RejectCode = "missing_value"
	// RejectConflict: rows of one agreement give different values.
	RejectConflict RejectCode = "conflicting_values"
	// RejectSameAgreement: another row of the same agreement was rejected.
	RejectSameAgreement RejectCode = "same_agreement"
	// RejectNoPeriod: the agreement's first day is in no grant period.
	RejectNoPeriod RejectCode = "no_grant_period"
	// RejectCannotCompute: the values contradict each other (an end
	// before the start), or the rules cannot compute them.
	RejectCannotCompute RejectCode = "cannot_compute"
)

// RejectCodes lists every code a rejected row may have.
var RejectCodes = []RejectCode{RejectUnreadable, RejectFieldCount, RejectBadValue, RejectMissingValue, RejectConflict, RejectSameAgreement, RejectNoPeriod, RejectCannotCompute}

// Rejection is why a row could not be computed.
type Rejection struct {
	Code   RejectCode
	Line   int
	Col    int    // the column, -1 when the row as a whole is bad
	Cell   string // the workbook cell, as Ark1!F12; "" for CSV
	ID     string
	Column string // the input's header name; "" when the row as a whole is bad
	Field  string
	Err    error // what is wrong; msg.Text says it in bokmål or English
	// Rules, by period, are the rules of the period the row's first day is
	// in, when that could be told; nil otherwise, and under fixed rules.
	Rules *rules.Rules
}

// Message is the reason in l, without the column.
func (r *Rejection) Message(l msg.Lang) string { return msg.Text(l, r.Err) }

// Text is the reason in l, with the column it is about.
func (r *Rejection) Text(l msg.Lang) string {
	if r.Column != "" {
		return r.Column + ": " + r.Message(l)
	}
	return r.Message(l)
}

// CellText is the reason with the workbook cell it is about, for outputs
// that have the line in a column of their own.
func (r *Rejection) CellText(l msg.Lang) string {
	if r.Cell != "" {
		return r.Cell + ": " + r.Text(l)
	}
	return r.Text(l)
}

// inputCode is the code of a value that cannot be read: missing or bad.
func inputCode(ie *calc.InputError) RejectCode {
	if ie.Missing {
		return RejectMissingValue
	}
	return RejectBadValue
}

// Buf is what a sink makes of a job's rows: the main stream, and a side
// stream that a sink may keep for later (a JSON document's errors).
type Buf struct {
	Main, Side []byte
	// State is the sink's own: Row may keep what it adds up over a chunk
	// in it, Write takes it and resets it. The pipeline never touches it.
	State any
}

// Sink writes a batch's rows in some format. Row runs in the workers, many
// at once, and only appends to the Buf it is given; Begin, Write and End
// run in the writer, in order. Everything Row reads is set before Begin
// returns and never written after.
type Sink interface {
	Begin(w io.Writer) error
	Row(b *Buf, row *Row)
	Write(w io.Writer, b *Buf) error
	End(w io.Writer, t *Totals) error
}

// A ChunkSink finishes a chunk's Buf in the worker, after the chunk's
// rows: work that may run on many chunks at once (compressing a
// workbook's rows). Write still gets the chunks in order.
type ChunkSink interface {
	Chunk(b *Buf)
}

// Totals is what a batch adds up: per rule set a summary, and with more
// than one rule set the comparison.
type Totals struct {
	Rows    int
	Sets    []*Summary
	Compare *CompareSum
	// ByPeriod: each agreement was computed under every period it has
	// days in; Unplaced counts the rejected rows whose period could not be
	// told, Beyond the agreements that run past the last period with rules.
	ByPeriod bool
	Unplaced int
	Beyond   int
	// LastRules is the last day of the last period with rules (by period).
	LastRules date.Date
}

// Used lists the summaries to show: by period, those of the periods that
// had rows; else every rule set's.
func (t *Totals) Used() []*Summary {
	if !t.ByPeriod {
		return t.Sets
	}
	var out []*Summary
	for _, s := range t.Sets {
		if s.Total.Agreements > 0 {
			out = append(out, s)
		}
	}
	return out
}

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

// MaxTrackedIDs bounds the memory spent finding duplicate ids (12 bytes a
// row), so that memory stays flat however large the input; ids beyond it
// are not checked, and the run says so.
var MaxTrackedIDs = 1_000_000

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

// Agreements is the number of agreements (rows, or groups of rows)
// accounted for, computed or rejected.
func (b *Run) Agreements() int {
	if !b.cfg.ByPeriod {
		return b.sums[0].Total.Agreements
	}
	n := b.unplaced
	for _, s := range b.sums {
		n += s.Total.Agreements
	}
	return n
}

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
func (b *Run) pipeline(rd source, w io.Writer) error {
	workers := b.cfg.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	free := make(chan *job, 2*workers+2)
	for i := 0; i < cap(free); i++ {
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
	if readErr != nil {
		if errors.As(readErr, new(*InternalError)) {
			return readErr
		}
		// The input could not be read to its end: an input error, not one
		// of writing the results.
		return &Error{Err: msg.Errorf("%s: %w", b.cfg.Input.Name, readErr)}
	}
	return nil
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

// keepIDs keeps the ids of a job's rows, and the hashes among them that
// may repeat, up to MaxTrackedIDs rows: beyond them memory stays flat.
func (b *Run) keepIDs(j *job) {
	if b.idsTruncated {
		return
	}
	b.maybe = append(b.maybe, j.maybe...)
	for _, x := range j.ids {
		if len(b.idHash) == MaxTrackedIDs {
			b.idsTruncated = true
			break
		}
		b.idHash = append(b.idHash, x.hash)
		b.idLine = append(b.idLine, uint32(x.line))
	}
}

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
