package xlsx

import (
	"strings"
	"sync"
)

// Strings is a workbook's shared strings. Any goroutine may add to it,
// through a Local of its own, or leave its new texts Pending for Resolve
// (which numbers them in the rows' order). It holds at most maxShared
// texts; the texts after are written inline.
type Strings struct {
	mu    sync.Mutex
	index map[string]int
	list  []string
}

// add gives text (not held yet, and not to be changed after) the next id,
// while there is room; s.mu is held.
func (s *Strings) add(text string) (int, bool) {
	if len(s.list) >= maxShared {
		return 0, false
	}
	if s.index == nil {
		s.index = map[string]int{}
	}
	id := len(s.list)
	s.index[text] = id
	s.list = append(s.list, text)
	return id, true
}

// maxShared bounds the shared strings, so that memory stays flat (a
// variable for the tests).
var maxShared = 1 << 16

// Local is one goroutine's view of the shared strings: the texts it has
// seen, without the lock.
type Local struct {
	s    *Strings
	seen map[string]keptText // by the kept copy
	last []recent            // per column, the texts last written there
}

// keptText is a shared string: its id, and the copy of its text kept.
type keptText struct {
	id   int
	text string
}

// recent are the texts last written in a column, with their ids; next is
// the one to replace.
type recent struct {
	text [4]string
	id   [4]int
	next int
}

// Local makes a view of the shared strings for one goroutine.
func (x *Writer) Local() *Local { return &Local{s: &x.strings, seen: map[string]keptText{}} }

// idAt is id for a text in column col: a text that repeats one of the few
// written in the column last is found without the map. With assign false a
// text the shared strings do not hold yet is not given an id (Pending).
//
// full says, where text has no id, that the shared strings were full when
// it was looked for (under the same lock): it never will have one.
func (l *Local) idAt(col int, text string, assign bool) (id int, ok, full bool) {
	if col < len(l.last) {
		r := &l.last[col]
		for k := range r.text {
			if r.text[k] == text {
				return r.id[k], true, false
			}
		}
	}
	id, kept, ok, full := l.id(text, assign)
	if ok {
		for len(l.last) <= col {
			l.last = append(l.last, recent{})
		}
		r := &l.last[col]
		r.text[r.next], r.id[r.next] = kept, id
		r.next = (r.next + 1) % len(r.text)
	}
	return id, ok, full
}

// id is the shared string of text, and the copy of text the shared strings
// keep: text itself may be a view of a buffer its caller reuses (a row of
// the input), so what outlives the call is a copy, made once for each text.
func (l *Local) id(text string, assign bool) (id int, kept string, ok, full bool) {
	if k, ok := l.seen[text]; ok {
		return k.id, k.text, true, false
	}
	s := l.s
	s.mu.Lock()
	id, ok = s.index[text]
	full = !ok && len(s.list) >= maxShared
	if !ok && assign {
		id, ok = s.add(strings.Clone(text))
	}
	if ok {
		kept = s.list[id]
	}
	s.mu.Unlock()
	if ok && len(l.seen) < maxShared {
		l.seen[kept] = keptText{id, kept}
	}
	return id, kept, ok, full
}

// Pending are the shared texts of rows made by a RowWriter with Pending
// set that the shared strings did not hold when the rows were made: where
// each cell goes in the rows, its style and its text. Rows are made by many
// goroutines at once; were each new text given an id as it came, the ids
// would follow the goroutines' timing, and two runs would write other
// bytes. Instead Resolve gives the pending texts their ids, in the rows'
// order, where the rows are written; a text the shared strings hold when
// the rows are made was given its id by rows before them, the same id in
// every run.
type Pending struct {
	at    []int // where the cell goes in the rows
	style []Style
	end   []int  // where its text ends in texts
	texts []byte // a copy: the text may be a view of a buffer reused
}

// Len is how many cells wait for their ids.
func (p *Pending) Len() int { return len(p.at) }

// Reset empties p, keeping its room.
func (p *Pending) Reset() {
	p.at, p.style, p.end, p.texts = p.at[:0], p.style[:0], p.end[:0], p.texts[:0]
}

func (p *Pending) add(at int, st Style, text string) {
	p.at = append(p.at, at)
	p.style = append(p.style, st)
	p.texts = append(p.texts, text...)
	p.end = append(p.end, len(p.texts))
}

// Resolve appends to dst the rows with their pending cells in place: each
// text the shared strings hold by now as its id, each other given the next
// id while there is room, and written inline after. Call it in the rows'
// order, from one goroutine at a time.
func (x *Writer) Resolve(dst, rows []byte, p *Pending) []byte {
	s := &x.strings
	s.mu.Lock()
	defer s.mu.Unlock()
	prev, start := 0, 0
	for i, at := range p.at {
		dst = append(dst, rows[prev:at]...)
		prev = at
		text := p.texts[start:p.end[i]]
		start = p.end[i]
		id, ok := s.index[string(text)]
		if !ok {
			id, ok = s.add(string(text))
		}
		if ok {
			dst = appendShared(dst, p.style[i], id)
		} else {
			dst = appendInline(dst, p.style[i], string(text))
		}
	}
	return append(dst, rows[prev:]...)
}
