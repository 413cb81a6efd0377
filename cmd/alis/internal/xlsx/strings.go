package xlsx

import (
	"strings"
	"sync"
)

// Strings is a workbook's shared strings. Any goroutine may add to it,
// through a Local of its own. It holds at most maxShared texts; the texts
// after are written inline.
type Strings struct {
	mu    sync.Mutex
	index map[string]int
	list  []string
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
// written in the column last is found without the map.
func (l *Local) idAt(col int, text string) (int, bool) {
	if col < len(l.last) {
		r := &l.last[col]
		for k := range r.text {
			if r.text[k] == text {
				return r.id[k], true
			}
		}
	}
	id, kept, ok := l.id(text)
	if ok {
		for len(l.last) <= col {
			l.last = append(l.last, recent{})
		}
		r := &l.last[col]
		r.text[r.next], r.id[r.next] = kept, id
		r.next = (r.next + 1) % len(r.text)
	}
	return id, ok
}

// id is the shared string of text, and the copy of text the shared strings
// keep: text itself may be a view of a buffer its caller reuses (a row of
// the input), so what outlives the call is a copy, made once for each text.
func (l *Local) id(text string) (id int, kept string, ok bool) {
	if k, ok := l.seen[text]; ok {
		return k.id, k.text, true
	}
	s := l.s
	s.mu.Lock()
	id, ok = s.index[text]
	if !ok && len(s.list) < maxShared {
		if s.index == nil {
			s.index = map[string]int{}
		}
		text = strings.Clone(text)
		id, ok = len(s.list), true
		s.index[text] = id
		s.list = append(s.list, text)
	}
	if ok {
		kept = s.list[id]
	}
	s.mu.Unlock()
	if ok && len(l.seen) < maxShared {
		l.seen[kept] = keptText{id, kept}
	}
	return id, kept, ok
}
