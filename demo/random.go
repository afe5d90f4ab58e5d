package demo

import (
	"math/rand/v2"
	"sort"
	"time"
)

// Each project draws from its own PCG stream keyed by (seed, index), so a
// project's data depends only on the seed, its index and Now: retrying one
// project, or changing how many come before it, leaves the others alone.
func projectRand(seed int64, index, attempt int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(index)<<8|uint64(attempt)))
}

// setupRand drives everything generated before the projects (calls, people).
func setupRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 1<<62|stream))
}

// between returns an int in [lo, hi].
func between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// chance is true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// days returns a random duration of lo to hi days, to the minute.
func days(r *rand.Rand, lo, hi float64) time.Duration {
	return time.Duration((lo + r.Float64()*(hi-lo)) * float64(24*time.Hour)).Truncate(time.Minute)
}

// frac returns the instant a random fraction lo…hi of the way from a to b.
func frac(r *rand.Rand, a, b time.Time, lo, hi float64) time.Time {
	f := lo + r.Float64()*(hi-lo)
	return a.Add(time.Duration(float64(b.Sub(a)) * f)).Truncate(time.Second)
}

// weighted picks items in proportion to their weights; items keep the
// order they were given in, so picks are reproducible.
type weighted[T any] struct {
	items []T
	cum   []float64
}

func newWeighted[T any]() *weighted[T] { return &weighted[T]{} }

func (w *weighted[T]) add(item T, weight float64) {
	if weight <= 0 {
		return
	}
	total := weight
	if n := len(w.cum); n > 0 {
		total += w.cum[n-1]
	}
	w.items = append(w.items, item)
	w.cum = append(w.cum, total)
}

func (w *weighted[T]) empty() bool { return len(w.items) == 0 }

func (w *weighted[T]) pick(r *rand.Rand) T {
	x := r.Float64() * w.cum[len(w.cum)-1]
	i := sort.SearchFloat64s(w.cum, x)
	if i >= len(w.items) {
		i = len(w.items) - 1
	}
	if w.cum[i] == x && i+1 < len(w.items) {
		i++
	}
	return w.items[i]
}

// pickExcept picks an item not rejected by skip, giving up after a few
// tries (the caller then does without).
func (w *weighted[T]) pickExcept(r *rand.Rand, skip func(T) bool) (T, bool) {
	for range 12 {
		if v := w.pick(r); !skip(v) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

func oneOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// oneOfWeighted picks one of items in proportion to weights (same length).
func oneOfWeighted[T any](r *rand.Rand, items []T, weights []float64) T {
	var total float64
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return items[i]
		}
		x -= w
	}
	return items[len(items)-1]
}
