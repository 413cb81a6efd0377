package batch

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// The ids' hashes marked by workers at once, in jobs, and then looked for
// among the rows, give the repeated hashes, in the order of their first
// row, with all their rows: as counting every hash in a map gives them,
// whatever the size of the bit array (a small one sends most hashes to
// be looked for).
func TestRepeatsAgreeWithCountingEveryHash(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{0, 1, 2, 1000, 100_000} {
		hashes := make([]uint64, n)
		for i := range hashes {
			hashes[i] = rng.Uint64()
			if i > 0 && rng.IntN(50) == 0 {
				hashes[i] = hashes[rng.IntN(i)] // a repeat, perhaps a third time
			}
			if rng.IntN(100) == 0 {
				hashes[i] = uint64(rng.IntN(3)) << 56 // hashes alike but for their top bits
			}
		}
		where := map[uint64][]int{}
		for i, h := range hashes {
			where[h] = append(where[h], i)
		}
		var wantOrder []uint64
		for i, h := range hashes {
			if len(where[h]) > 1 && where[h][0] == i {
				wantOrder = append(wantOrder, h)
			}
		}
		for _, bits := range []uint{6, 12, seenBits(n)} {
			for _, workers := range []int{1, 3} {
				seen := newSeenIDs(bits)
				var (
					mu    sync.Mutex
					maybe []uint64
					wg    sync.WaitGroup
					next  = make(chan []uint64)
				)
				for range workers {
					wg.Go(func() {
						for job := range next {
							var found []uint64
							for _, h := range job {
								if seen.mark(h) {
									found = append(found, h)
								}
							}
							mu.Lock()
							maybe = append(maybe, found...)
							mu.Unlock()
						}
					})
				}
				for rest := hashes; len(rest) > 0; {
					k := min(len(rest), 1+rng.IntN(2000))
					next <- rest[:k]
					rest = rest[k:]
				}
				close(next)
				wg.Wait()
				order, rows := repeatsAmong(hashes, maybe)
				if !slices.Equal(order, wantOrder) {
					t.Fatalf("%d hashes, %d bits, %d workers: %d repeated, want %d", n, bits, workers, len(order), len(wantOrder))
				}
				for _, h := range order {
					if !slices.Equal(rows[h], where[h]) {
						t.Fatalf("%d hashes, %d bits: %x at %v, want %v", n, bits, h, rows[h], where[h])
					}
				}
			}
		}
	}
}

// Past MaxTrackedIDs rows, neither the ids nor the hashes that may repeat
// are kept: a run of any length keeps at most a job's worth beyond them.
func TestKeptIDsStayBounded(t *testing.T) {
	defer func(n int) { MaxTrackedIDs = n }(MaxTrackedIDs)
	MaxTrackedIDs = 5000
	var b Run
	var j job
	for k := range 100 {
		j.ids, j.maybe = j.ids[:0], j.maybe[:0]
		for i := range jobRows {
			h := uint64(i) // every row repeats the job before
			j.ids = append(j.ids, idLine{h, k*jobRows + i + 2})
			j.maybe = append(j.maybe, h)
		}
		b.keepIDs(&j)
	}
	if !b.idsTruncated || len(b.idHash) != MaxTrackedIDs || len(b.maybe) > MaxTrackedIDs+jobRows {
		t.Fatalf("truncated %v, %d ids, %d hashes to look for", b.idsTruncated, len(b.idHash), len(b.maybe))
	}
}

// No two fields share a column name once names are folded: every header
// alis knows names one field.
func TestColumnNamesNameOneField(t *testing.T) {
	seen := map[string]string{}
	check := func(field string, names ...string) {
		for _, n := range names {
			k := foldHeader(n)
			if prev, dup := seen[k]; dup && prev != field {
				t.Errorf("%q names both %s and %s", n, prev, field)
			}
			seen[k] = field
		}
	}
	for _, in := range input.All {
		check(in.Name, in.Name)
		check(in.Name, in.Aliases...)
		for _, h := range []string{in.Header, in.HeaderIn(msg.NN)} {
			if f := headerAliases[foldHeader(h)]; f != in.Name {
				t.Errorf("%s: the template's header %q is read as %q", in.Name, h, f)
			}
		}
	}
	check(FieldPeriod, FieldPeriod)
	check(FieldPeriod, PeriodAliases...)
	if len(seen) != len(headerAliases) || len(seen) < 100 {
		t.Errorf("%d names checked, %d known", len(seen), len(headerAliases))
	}
}
