// Package demo fills a database with a demo portfolio: one account per
// role, the study's four real initiatives, and any number of generated
// projects in every workflow state, deterministic for a given seed and
// reference time.
package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	// Call deadlines are announced in Latin American and Chinese time
	// zones; embedding the zone database makes them the same on every
	// machine, with or without /usr/share/zoneinfo.
	_ "time/tzdata"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
)

// Options say what to generate.
type Options struct {
	Projects int       // generated projects, besides the four initiatives
	Seed     int64     // the same seed and Now give the same portfolio
	Now      time.Time // the reference time every date is derived from; zero: time.Now()
}

// Result says what was added.
type Result struct {
	Projects int       // projects added: the generated ones and any initiative not there before
	Accounts []Account // demo accounts created by this run, with their passwords; none when they existed
}

// ErrSeedLoaded is returned when the portfolio of a seed is already in the
// database.
var ErrSeedLoaded = errors.New("demo: this demo seed is already loaded")

// batchSize is how many projects are built in memory before they are
// written; the next batch is built while the previous one is written.
const batchSize = 5000

// Generate adds the demo accounts, the study's initiatives and
// opt.Projects generated projects, in one transaction: all of it or, on an
// error, none of it.
func Generate(ctx context.Context, s *models.Store, opt Options) (*Result, error) {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Second)
	if now.Year() < firstYear+2 {
		return nil, fmt.Errorf("demo: the reference time %s is before %d", now.Format(time.DateOnly), firstYear+2)
	}
	if opt.Projects < 0 {
		return nil, fmt.Errorf("demo: negative number of projects %d", opt.Projects)
	}
	g := &generator{seed: opt.Seed, n: opt.Projects, now: now, tag: seedTag(opt.Seed)}
	var res *Result
	err := inOneTransaction(ctx, s, opt.Projects, func(tx *gorm.DB, snk sink) error {
		var err error
		res, err = g.generate(ctx, tx, snk)
		return err
	})
	if err != nil {
		if ctx.Err() != nil { // the driver's own message may only say the connection went
			return nil, fmt.Errorf("demo: interrupted, nothing was added: %w", ctx.Err())
		}
		return nil, err
	}
	return res, nil
}

func (g *generator) generate(ctx context.Context, tx *gorm.DB, snk sink) (*Result, error) {
	if g.n > 0 {
		var n int64
		if err := tx.Model(&models.Project{}).Where("code = ?", g.code(0)).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("demo: unable to look for seed %d: %w", g.seed, err)
		}
		if n > 0 {
			return nil, fmt.Errorf("%w: seed %d (project %s exists); choose another seed", ErrSeedLoaded, g.seed, g.code(0))
		}
	}
	ref, err := loadRefs(tx)
	if err != nil {
		return nil, err
	}
	if err := ensureInstitutions(tx, ref, g.now); err != nil {
		return nil, err
	}
	if err := ref.loadInstitutions(tx); err != nil {
		return nil, err
	}
	st, accounts, err := ensureAccounts(tx, ref, g.now)
	if err != nil {
		return nil, err
	}
	added, err := addInitiatives(tx, ref, st, g.now)
	if err != nil {
		return nil, err
	}
	res := &Result{Projects: added + g.n, Accounts: accounts}
	if g.n == 0 {
		return res, nil
	}
	g.ref, g.staff = ref, st
	if err := g.prepare(); err != nil {
		return nil, err
	}
	return res, g.run(ctx, snk)
}

// seedTag is the seed as it appears in codes and e-mail addresses.
func seedTag(seed int64) string {
	return strings.ReplaceAll(fmt.Sprint(seed), "-", "m")
}

// run generates batches in one goroutine while the sink writes the
// previous one: on a two-core machine building and copying overlap.
func (g *generator) run(ctx context.Context, snk sink) error {
	var err error
	if g.ids, err = snk.start(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan *batch, 1)
	free := make(chan *batch, 2)
	free <- &batch{}
	free <- &batch{}
	go func() {
		defer close(full)
		b := <-free
		g.people(b)
		g.addCalls(b)
		for i := range g.n {
			g.project(b, i)
			if b.projects == batchSize || i == g.n-1 {
				select {
				case full <- b:
				case <-ctx.Done():
					return
				}
				select {
				case b = <-free:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	for b := range full {
		if err := snk.write(ctx, b); err != nil {
			cancel()
			for range full { // let the generator finish
			}
			return err
		}
		b.reset()
		free <- b
	}
	return snk.finish(ctx)
}
