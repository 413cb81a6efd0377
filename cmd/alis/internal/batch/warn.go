package batch

import (
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

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

// warnDuplicates names the lines of ids given more than once. It sorts a
// copy of the hashes to find the repeated ones, then collects their lines in
// input order.
func (b *Run) warnDuplicates() {
	name := b.cfg.Input.Name
	if b.idsTruncated {
		b.cfg.Diag.Warnf("%s: duplicate ids were looked for among the first %d rows only", name, MaxTrackedIDs)
	}
	dup := map[uint64][]int{}
	for _, h := range repeated(b.idHash, runtime.GOMAXPROCS(0)) {
		dup[h] = nil
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
			b.cfg.Diag.Warnf("… and %d more ids given more than once", len(order)-10)
			break
		}
		var ls []string
		for _, l := range dup[h] {
			ls = append(ls, strconv.Itoa(l))
		}
		b.cfg.Diag.Warnf("%s: lines %s have the same id", name, strings.Join(ls, ", "))
	}
}

// warnNoDays says how many rows have no day in the rules' period, and the
// years their agreements start in: the rules of another period may be meant.
func (b *Run) warnNoDays() {
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
	l := b.cfg.Diag.L
	var parts []string
	for _, y := range years {
		parts = append(parts, msg.N(l, b.noDays[y], "%d (%d row)", "%d (%d rows)", y, b.noDays[y]))
	}
	r := b.sets[0].Rules
	b.cfg.Diag.Warnf("%s: %s no day in %s, the period of the rules; their agreements start in %s",
		b.cfg.Input.Name, msg.N(l, n, "%d row has", "%d rows have", n), r.Period, strings.Join(parts, ", "))
	b.cfg.Diag.Hintf("leave out --year and --rules, and each agreement is computed under the grant period that holds its first day (alis has rules for %s)",
		strings.Join(rules.Periods(), ", "))
}

// repeated is the hashes that occur more than once, each once, in no
// particular order. The hashes are parted by their top byte into buckets
// that workers sort at once: equal hashes share a bucket.
func repeated(hashes []uint64, workers int) []uint64 {
	const buckets = 256
	var starts [buckets + 1]int
	for _, h := range hashes {
		starts[h>>56+1]++
	}
	for i := 1; i <= buckets; i++ {
		starts[i] += starts[i-1]
	}
	parted := make([]uint64, len(hashes))
	next := starts
	for _, h := range hashes {
		parted[next[h>>56]] = h
		next[h>>56]++
	}
	var (
		mu     sync.Mutex
		out    []uint64
		bucket atomic.Int32
		wg     sync.WaitGroup
	)
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var found []uint64
			for k := int(bucket.Add(1)) - 1; k < buckets; k = int(bucket.Add(1)) - 1 {
				s := parted[starts[k]:starts[k+1]]
				slices.Sort(s)
				for i := 1; i < len(s); i++ {
					if s[i] == s[i-1] && (i == 1 || s[i-2] != s[i]) {
						found = append(found, s[i])
					}
				}
			}
			mu.Lock()
			out = append(out, found...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}
