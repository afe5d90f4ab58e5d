package models

import (
	"context"
	"fmt"
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

// portfolioCache keeps summaries per store and filter. Each instance has
// its own; a cheap version statement decides whether an entry is current,
// so several instances sharing one database stay correct.
type portfolioCache struct {
	mu      sync.Mutex
	entries map[portfolioKey]portfolioEntry
}

type portfolioKey struct {
	f     PortfolioFilter
	today Date
}

type portfolioEntry struct {
	version string
	at      time.Time
	sum     *PortfolioSummary
}

var portfolioCaches sync.Map // *Store → *portfolioCache

// portfolioCacheMax bounds the entries kept per store (filter sets are few:
// years × channels × types); past it the cache starts afresh.
const portfolioCacheMax = 512

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

// CachedPortfolioSummary is PortfolioSummary served from the cache when the
// data version is unchanged and the entry is younger than the TTL: one
// statement instead of the dozen a summary takes.
func (s *Store) CachedPortfolioSummary(ctx context.Context, f PortfolioFilter, today Date, now time.Time) (*PortfolioSummary, error) {
	version, err := s.PortfolioVersion(ctx)
	if err != nil {
		return nil, err
	}
	v, _ := portfolioCaches.LoadOrStore(s, &portfolioCache{entries: map[portfolioKey]portfolioEntry{}})
	c := v.(*portfolioCache)
	key := portfolioKey{f, today}
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.version == version && now.Sub(e.at) < PortfolioCacheTTL && !now.Before(e.at) {
		return e.sum, nil
	}
	sum, err := s.PortfolioSummary(ctx, f, today)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.entries) >= portfolioCacheMax {
		c.entries = map[portfolioKey]portfolioEntry{}
	}
	c.entries[key] = portfolioEntry{version: version, at: now, sum: sum}
	c.mu.Unlock()
	return sum, nil
}

// versionedEntry is a cached value of CachedMapValues.
type versionedEntry struct {
	version string
	at      time.Time
	val     MapFigures
}

type mapCache struct {
	mu      sync.Mutex
	entries map[string]versionedEntry
}

var mapCaches sync.Map // *Store → *mapCache

// CachedMapValues is MapValues kept under the same rule as the portfolio
// summary: served again while the data version is unchanged and the entry
// is younger than PortfolioCacheTTL. The portfolio's map counts every
// project's countries, a join of the whole portfolio; cached, a repeated
// view costs one version statement.
func (s *Store) CachedMapValues(ctx context.Context, sc ProjectScope, f ProjectFilter, m MapMeasure, currency string, now time.Time) (MapFigures, error) {
	version, err := s.PortfolioVersion(ctx)
	if err != nil {
		return MapFigures{}, err
	}
	v, _ := mapCaches.LoadOrStore(s, &mapCache{entries: map[string]versionedEntry{}})
	c := v.(*mapCache)
	key := fmt.Sprintf("%#v|%#v|%s|%s", sc, f, m, currency)
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.version == version && now.Sub(e.at) < PortfolioCacheTTL && !now.Before(e.at) {
		return e.val, nil
	}
	val, err := s.MapValues(ctx, sc, f, m, currency)
	if err != nil {
		return MapFigures{}, err
	}
	c.mu.Lock()
	if len(c.entries) >= portfolioCacheMax {
		c.entries = map[string]versionedEntry{}
	}
	c.entries[key] = versionedEntry{version: version, at: now, val: val}
	c.mu.Unlock()
	return val, nil
}
