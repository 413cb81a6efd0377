package batch

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// repeated finds the hashes given more than once, each once, as sorting
// them all finds them, with any number of workers.
func TestRepeatedAgreesWithASort(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{0, 1, 2, 1000, 100_000} {
		hashes := make([]uint64, n)
		for i := range hashes {
			hashes[i] = rng.Uint64()
			if i > 0 && rng.IntN(50) == 0 {
				hashes[i] = hashes[rng.IntN(i)] // a repeat, perhaps a third time
			}
			if rng.IntN(100) == 0 {
				hashes[i] = uint64(rng.IntN(3)) << 56 // crowd a few buckets
			}
		}
		sorted := slices.Sorted(slices.Values(hashes))
		var want []uint64
		for i := 1; i < len(sorted); i++ {
			if sorted[i] == sorted[i-1] && (len(want) == 0 || want[len(want)-1] != sorted[i]) {
				want = append(want, sorted[i])
			}
		}
		for _, workers := range []int{1, 2, 5} {
			got := repeated(hashes, workers)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("%d hashes, %d workers: %d repeated, want %d", n, workers, len(got), len(want))
			}
		}
	}
}
