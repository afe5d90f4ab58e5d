package models

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestVersionedCache: an entry is served while its version holds; a new
// version is computed afresh, synchronously when computing is quick, in
// the background (the old value served meanwhile, marked) when the last
// computation was slow; too old an entry is never served; concurrent
// callers of a missing entry share one computation; a failure is not kept.
func TestVersionedCache(t *testing.T) {
	ctx := context.Background()
	var c versionedCache[string, int]
	var calls atomic.Int64
	value := atomic.Int64{}
	compute := func(context.Context) (int, error) {
		calls.Add(1)
		return int(value.Load()), nil
	}
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	get := func(version string, at time.Time, slow time.Duration, fn func(context.Context) (int, error)) cached[int] {
		t.Helper()
		got, err := c.get(ctx, "k", version, at, slow, 0, fn)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	value.Store(1)
	if got := get("v1", now, 0, compute); got.val != 1 || got.refreshing || calls.Load() != 1 {
		t.Fatalf("first: %+v after %d calls", got, calls.Load())
	}
	value.Store(2)
	if got := get("v1", now.Add(time.Second), 0, compute); got.val != 1 || calls.Load() != 1 {
		t.Fatalf("same version: %+v after %d calls", got, calls.Load())
	}
	if got := get("v1", now.Add(PortfolioCacheTTL), 0, compute); got.val != 2 || calls.Load() != 2 {
		t.Fatalf("past the TTL: %+v after %d calls", got, calls.Load())
	}
	value.Store(3)
	if got := get("v2", now.Add(PortfolioCacheTTL+time.Second), 0, compute); got.val != 3 || got.refreshing {
		t.Fatalf("new version, quick: %+v", got)
	}

	// A slow computation: the next change is refreshed in the background.
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	slowCompute := func(ctx context.Context) (int, error) {
		calls.Add(1)
		started <- struct{}{}
		<-release
		return int(value.Load()), nil
	}
	at := now.Add(2 * PortfolioCacheTTL)
	value.Store(4)
	go func() { <-started; time.Sleep(5 * time.Millisecond); release <- struct{}{} }()
	if got := get("v3", at, time.Millisecond, slowCompute); got.val != 4 || got.refreshing {
		t.Fatalf("new version computed in the request: %+v", got)
	}
	value.Store(5)
	got := get("v4", at.Add(time.Second), time.Millisecond, slowCompute)
	if got.val != 4 || !got.refreshing || !got.at.Equal(at) {
		t.Fatalf("stale while refreshing: %+v", got)
	}
	<-started
	if again := get("v4", at.Add(2*time.Second), time.Millisecond, slowCompute); again.val != 4 || !again.refreshing {
		t.Fatalf("a second reader during the refresh: %+v (one refresh at a time)", again)
	}
	release <- struct{}{}
	deadline := time.Now().Add(10 * time.Second)
	for {
		got = get("v4", at.Add(3*time.Second), time.Millisecond, compute)
		if !got.refreshing {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the background refresh never landed")
		}
		time.Sleep(time.Millisecond)
	}
	if got.val != 5 {
		t.Fatalf("after the refresh: %+v", got)
	}

	// Too old to serve while refreshing: computed in the request.
	value.Store(6)
	if got := get("v5", at.Add(PortfolioMaxStale+time.Minute), time.Nanosecond, compute); got.val != 6 || got.refreshing {
		t.Fatalf("past PortfolioMaxStale: %+v", got)
	}

	// A gap between background computations: a stale entry younger than
	// the gap is served without starting one.
	var g versionedCache[string, int]
	var gapCalls atomic.Int64
	slowish := func(context.Context) (int, error) { gapCalls.Add(1); time.Sleep(2 * time.Millisecond); return 9, nil }
	if _, err := g.get(ctx, "k", "v1", now, time.Millisecond, time.Minute, slowish); err != nil {
		t.Fatal(err)
	}
	if v, _ := g.get(ctx, "k", "v2", now.Add(30*time.Second), time.Millisecond, time.Minute, slowish); !v.refreshing || gapCalls.Load() != 1 {
		t.Fatalf("inside the gap: %+v after %d computations, want the stale one and none started", v, gapCalls.Load())
	}
	if v, _ := g.get(ctx, "k", "v2", now.Add(61*time.Second), time.Millisecond, time.Minute, slowish); !v.refreshing {
		t.Fatalf("past the gap: %+v", v)
	}
	for deadline := time.Now().Add(10 * time.Second); gapCalls.Load() != 2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no background computation past the gap")
		}
	}

	// Concurrent callers of a missing entry share one computation.
	var d versionedCache[string, int]
	var shared atomic.Int64
	gate := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := d.get(ctx, "k", "v1", now, 0, 0, func(context.Context) (int, error) {
				shared.Add(1)
				<-gate
				return 7, nil
			})
			if err != nil || v.val != 7 {
				t.Errorf("shared: %+v %v", v, err)
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(gate)
	wg.Wait()
	if shared.Load() != 1 {
		t.Errorf("%d computations for one missing entry, want 1", shared.Load())
	}

	// A failure is returned and not kept.
	var e versionedCache[string, int]
	boom := errors.New("boom")
	if _, err := e.get(ctx, "k", "v1", now, 0, 0, func(context.Context) (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Fatalf("failure: %v", err)
	}
	if v, err := e.get(ctx, "k", "v1", now, 0, 0, func(context.Context) (int, error) { return 8, nil }); err != nil || v.val != 8 {
		t.Fatalf("after a failure: %+v %v", v, err)
	}
}
