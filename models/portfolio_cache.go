package models

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// PortfolioCacheTTL bounds how stale a cached summary may be for changes
// the data version does not see: reference data (countries' priority flag,
// targets, names), indicator values, and outputs edited in place (an output
// added or removed changes the version). Changes to projects (state, money,
// disbursements: all bump projects.updated_at), projects added,
// workflow moves (audit entries) and reports are seen on the next request,
// on every instance, because each request compares the version first.
const PortfolioCacheTTL = time.Minute

// PortfolioMaxStale bounds how old a summary may be when it is served while
// a newer one is computed in the background (see SetBackgroundRefresh).
const PortfolioMaxStale = 10 * time.Minute

// portfolioCacheMax bounds the entries kept per cache (filter sets are
// few: years × channels × types); past it the cache starts afresh.
const portfolioCacheMax = 512

// SetBackgroundRefresh makes the portfolio caches serve a summary or map
// whose data version has changed while a fresh one is computed in the
// background — when the last computation of that entry took at least
// slow, and the entry is younger than PortfolioMaxStale. The page then
// says how old its figures are. A summary that is quick to compute is
// always computed afresh; 0 (the default) never serves a stale one.
// `puente serve` turns this on: at 100,000 projects a summary takes about
// a second of database work, which no reader should wait for after every
// write.
//
// gap spaces the background computations: a stale entry younger than gap
// is served without starting one, so a portfolio that changes every
// second is recomputed at most every gap, not continuously.
func (s *Store) SetBackgroundRefresh(slow, gap time.Duration) {
	s.refreshAfter, s.refreshGap = slow, gap
}

// versionedCache keeps values computed from the database, per key, with
// the data version they were computed at. Each instance has its own; a
// cheap version statement per request decides whether an entry is current,
// so several instances sharing one database stay correct. Concurrent
// requests for the same missing entry compute it once.
type versionedCache[K comparable, V any] struct {
	mu       sync.Mutex
	entries  map[K]*cacheEntry[V]
	inflight map[K]*cacheCall[V]
}

type cacheEntry[V any] struct {
	version    string
	at         time.Time     // the clock when its version was read
	cost       time.Duration // how long it took to compute
	val        V
	refreshing bool
}

type cacheCall[V any] struct {
	done chan struct{}
	val  V
	err  error
}

// cached is what a cache lookup gives: the value, when its data was read,
// and whether a newer one is being computed.
type cached[V any] struct {
	val        V
	at         time.Time
	refreshing bool
}

// get returns the entry for key when it is current (same version, younger
// than the TTL); a stale one while a background refresh runs, under the
// rule of SetBackgroundRefresh; else computes it, once for every caller
// waiting on the same key.
func (c *versionedCache[K, V]) get(ctx context.Context, key K, version string, now time.Time, slow, gap time.Duration,
	compute func(context.Context) (V, error)) (cached[V], error) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries, c.inflight = map[K]*cacheEntry[V]{}, map[K]*cacheCall[V]{}
	}
	e := c.entries[key]
	if e != nil && !now.Before(e.at) {
		age := now.Sub(e.at)
		if e.version == version && age < PortfolioCacheTTL {
			c.mu.Unlock()
			return cached[V]{val: e.val, at: e.at}, nil
		}
		if slow > 0 && e.cost >= slow && age < PortfolioMaxStale {
			if !e.refreshing && age >= gap {
				e.refreshing = true
				go c.refresh(key, version, now, compute)
			}
			c.mu.Unlock()
			// Past the TTL with the same version, the figures are very likely
			// still right: only a changed version is announced.
			return cached[V]{val: e.val, at: e.at, refreshing: e.version != version}, nil
		}
	}
	if call := c.inflight[key]; call != nil {
		c.mu.Unlock()
		select {
		case <-call.done:
			return cached[V]{val: call.val, at: now}, call.err
		case <-ctx.Done():
			var zero V
			return cached[V]{val: zero}, ctx.Err()
		}
	}
	call := &cacheCall[V]{done: make(chan struct{})}
	c.inflight[key] = call
	c.mu.Unlock()

	start := time.Now()
	call.val, call.err = compute(ctx)
	c.mu.Lock()
	delete(c.inflight, key)
	if call.err == nil {
		c.put(key, &cacheEntry[V]{version: version, at: now, cost: time.Since(start), val: call.val})
	}
	c.mu.Unlock()
	close(call.done)
	return cached[V]{val: call.val, at: now}, call.err
}

// refresh computes key afresh for a stale entry, detached from the request
// that noticed it. On failure the stale entry stays and the next request
// tries again.
func (c *versionedCache[K, V]) refresh(key K, version string, now time.Time, compute func(context.Context) (V, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	val, err := compute(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		if e := c.entries[key]; e != nil {
			e.refreshing = false
		}
		return
	}
	c.put(key, &cacheEntry[V]{version: version, at: now, cost: time.Since(start), val: val})
}

// put stores an entry; c.mu is held.
func (c *versionedCache[K, V]) put(key K, e *cacheEntry[V]) {
	if len(c.entries) >= portfolioCacheMax {
		c.entries = map[K]*cacheEntry[V]{}
	}
	c.entries[key] = e
}

var portfolioCubes sync.Map // *Store → *versionedCache[Date, *portfolioCube]

// PortfolioVersion is the data version summaries depend on, in one cheap
// statement of index lookups (maxima of indexed columns, no counting):
// projects are never deleted and every change to one bumps its updated_at
// (state, money, tranches paid); a workflow move appends an audit entry; a
// new output has a new id; a report saved (outputs replaced, status,
// due date) bumps the report's updated_at.
func (s *Store) PortfolioVersion(ctx context.Context) (string, error) {
	var v struct {
		Projects, Audit, Outputs int64
		Updated, Reports         *string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT
		(SELECT COALESCE(MAX(id), 0) FROM projects) AS projects,
		(SELECT CAST(MAX(updated_at) AS TEXT) FROM projects) AS updated,
		(SELECT COALESCE(MAX(id), 0) FROM audit_entries) AS audit,
		(SELECT COALESCE(MAX(id), 0) FROM outputs) AS outputs,
		(SELECT CAST(MAX(updated_at) AS TEXT) FROM reports) AS reports`).Scan(&v).Error
	if err != nil {
		return "", fmt.Errorf("store: unable to read the portfolio version: %w", err)
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return fmt.Sprintf("%d|%s|%d|%d|%s", v.Projects, str(v.Updated), v.Audit, v.Outputs, str(v.Reports)), nil
}

// cachedCube is the portfolio cube of a day, kept while the data version
// holds and younger than the TTL (see versionedCache for the rest).
func (s *Store) cachedCube(ctx context.Context, today Date, now time.Time) (cached[*portfolioCube], error) {
	version, err := s.PortfolioVersion(ctx)
	if err != nil {
		return cached[*portfolioCube]{}, err
	}
	v, _ := portfolioCubes.LoadOrStore(s, &versionedCache[Date, *portfolioCube]{})
	c := v.(*versionedCache[Date, *portfolioCube])
	return c.get(ctx, today, version, now, s.refreshAfter, s.refreshGap, func(ctx context.Context) (*portfolioCube, error) {
		return s.portfolioCube(ctx, today)
	})
}

// CachedPortfolioSummary is the summary under f folded from the cached
// cube: one version statement and a sum over the cells f keeps (kept, per
// filter, with the cube). The summary's AsOf says when its data was read
// and Refreshing whether newer figures are on their way.
func (s *Store) CachedPortfolioSummary(ctx context.Context, f PortfolioFilter, today Date, now time.Time) (*PortfolioSummary, error) {
	got, err := s.cachedCube(ctx, today, now)
	if err != nil {
		return nil, err
	}
	sum := *got.val.folded(f) // a copy: the folded one is shared, its maps are only read
	sum.AsOf, sum.Refreshing = got.at, got.refreshing
	return &sum, nil
}

// CachedPortfolioMap is the portfolio map's measure under f, from the
// cached cube, with the currencies of the funded projects (most used
// first). Funding is summed in one currency: currency when the funded
// projects have it, else the most used (the figures' Currency says which;
// "" when nothing is funded).
func (s *Store) CachedPortfolioMap(ctx context.Context, f PortfolioFilter, today Date, m MapMeasure, currency string, now time.Time) (MapFigures, []CurrencyCount, error) {
	got, err := s.cachedCube(ctx, today, now)
	if err != nil {
		return MapFigures{}, nil, err
	}
	curs := got.val.fundingCurrencies(f)
	if !slices.ContainsFunc(curs, func(c CurrencyCount) bool { return c.Currency == currency }) {
		currency = ""
		if len(curs) > 0 {
			currency = curs[0].Currency
		}
	}
	return got.val.mapValues(f, m, currency), curs, nil
}
