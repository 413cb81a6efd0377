package serve

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// store keeps the downloads of registers in memory, under tokens no one
// can guess, for a while and up to a number of bytes: the oldest go first.
type store struct {
	mu      sync.Mutex
	keep    time.Duration
	max     int
	size    int
	entries map[string]*entry
	order   []string
	now     func() time.Time
}

type entry struct {
	files map[string][]byte
	size  int
	made  time.Time
}

func newStore(keep time.Duration, max int) *store {
	return &store{keep: keep, max: max, entries: map[string]*entry{}, now: time.Now}
}

// put keeps files and returns their token.
func (s *store) put(files map[string][]byte) string {
	var b [16]byte
	rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	e := &entry{files: files, made: s.now()}
	for _, f := range files {
		e.size += len(f)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	for s.size+e.size > s.max && len(s.order) > 0 {
		s.drop(s.order[0])
	}
	s.entries[token] = e
	s.order = append(s.order, token)
	s.size += e.size
	return token
}

// get is a kept file.
func (s *store) get(token, name string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	e, ok := s.entries[token]
	if !ok {
		return nil, false
	}
	b, ok := e.files[name]
	return b, ok
}

// expire drops what has been kept too long.
func (s *store) expire() {
	for len(s.order) > 0 && s.now().Sub(s.entries[s.order[0]].made) > s.keep {
		s.drop(s.order[0])
	}
}

func (s *store) drop(token string) {
	s.size -= s.entries[token].size
	delete(s.entries, token)
	for i, t := range s.order {
		if t == token {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// bytes is what the store holds.
func (s *store) bytes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}
