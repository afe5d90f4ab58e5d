package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os/signal"
	"syscall"
	"time"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/handlers"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/static"
)

func serve(args []string, getenv config.Getenv, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: puente serve\n\nApplies pending migrations, loads the reference data (and, with PUENTE_DEMO, the demo\nportfolio) when the database is empty, and serves on PUENTE_ADDR until SIGTERM or SIGINT.")
	}
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	env, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer env.close()
	if err := env.cfg.EnsureSecret(); err != nil {
		return usageError{err.Error()}
	}
	if err := env.prepare(ctx, stdout); err != nil {
		return err
	}
	catalog, err := i18n.Load()
	if err != nil {
		return err
	}
	assets, err := static.Load()
	if err != nil {
		return err
	}
	if assets.Path("vendor/htmx.min.js") == "" {
		env.log.Warn("htmx is missing from static/vendor (run 'npm ci' or 'make run'); every page still works without it")
	}
	mailer := mail.New(env.cfg, env.store, env.log, time.Now)
	env.store.SetNotifier(mail.Notifier(mailer, env.store))
	env.store.SetBackgroundRefresh(portfolioRefreshAfter, portfolioRefreshGap)
	acc := accounts.New(env.store, mailer, env.cfg.Secret, env.cfg.Require2FAStaff, time.Now)
	app := handlers.New(handlers.Deps{Config: env.cfg, Store: env.store, Log: env.log, Catalog: catalog, Assets: assets,
		Accounts: acc, Mailer: mailer})
	workers, stopWorkers := context.WithCancel(context.Background())
	defer stopWorkers()
	go mailer.Run(workers)
	go acc.PruneLoop(workers)
	go reminderLoop(workers, env.store, env.log, reminderEvery)
	go warmPortfolio(workers, env.store, env.log)

	ln, err := net.Listen("tcp", env.cfg.Addr)
	if err != nil {
		return usageError{fmt.Sprintf("unable to listen on %s: %v", env.cfg.Addr, errors.Unwrap(err))}
	}
	env.log.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("url", env.cfg.BaseURL.String()),
		slog.String("database", env.dialect))
	done := make(chan error, 1)
	go func() { done <- app.Listener(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	env.log.Info("shutting down")
	if err := app.ShutdownWithTimeout(15 * time.Second); err != nil {
		return fmt.Errorf("unable to shut down cleanly: %w", err)
	}
	return nil
}

// prepare brings the database up to date: migrations, reference data at
// first start, and the demo portfolio when asked for and none exists yet.
func (e *environment) prepare(ctx context.Context, stdout io.Writer) error {
	if err := e.migrateUp(ctx, nil); err != nil {
		return err
	}
	seeded, err := e.store.ReferenceDataLoaded(ctx)
	if err != nil {
		return err
	}
	if !seeded {
		if err := e.seed(ctx, nil); err != nil {
			return err
		}
	}
	if !e.cfg.Demo {
		return nil
	}
	has, err := e.store.HasProjects(ctx)
	if err != nil || has {
		return err
	}
	return e.demo(ctx, stdout, defaultDemoProjects, defaultDemoSeed)
}

// flagError turns a flag parsing failure into a usage error; -h is not one.
func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	return usageError{err.Error()}
}

// portfolioRefreshAfter: a portfolio summary that took longer than this to
// compute is served while a newer one is computed in the background, once
// the data changes (models.Store.SetBackgroundRefresh).
const portfolioRefreshAfter = 200 * time.Millisecond

// portfolioRefreshGap: such a summary is recomputed at most this often
// while the data keeps changing (at 100,000 projects it takes a few
// seconds of database work).
const portfolioRefreshGap = 15 * time.Second

// warmPortfolio computes the unfiltered portfolio summary once at start, so
// the first director to open /portfolio does not wait for it.
func warmPortfolio(ctx context.Context, store *models.Store, log *slog.Logger) {
	now := time.Now()
	start := time.Now()
	if _, err := store.CachedPortfolioSummary(ctx, models.PortfolioFilter{}, models.DateOf(now.UTC()), now); err != nil {
		if ctx.Err() == nil {
			log.Warn("unable to compute the portfolio summary at start", slog.String("error", err.Error()))
		}
		return
	}
	log.Debug("portfolio summary computed", slog.Duration("took", time.Since(start)))
}
