package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/migrations"
)

func migrate(args []string, getenv config.Getenv, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: puente migrate [up|down|status]\n\n  up      apply every pending migration (default)\n  down    roll back the most recent migration\n  status  list the migrations and whether each is applied")
	}
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	action := "up"
	if fs.NArg() > 0 {
		action = fs.Arg(0)
	}
	if fs.NArg() > 1 || (action != "up" && action != "down" && action != "status") {
		return usageError{"migrate takes one of up, down, status"}
	}
	ctx := context.Background()
	env, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer env.close()
	switch action {
	case "up":
		return env.migrateUp(ctx, stdout)
	case "down":
		return env.migrateDown(ctx, stdout)
	default:
		return env.migrateStatus(ctx, stdout)
	}
}

func (e *environment) migrateUp(ctx context.Context, out io.Writer) error {
	sqlDB, err := e.db.DB()
	if err != nil {
		return err
	}
	start := time.Now()
	n, err := migrations.Up(ctx, sqlDB, e.dialect)
	if err != nil {
		return err
	}
	if out != nil {
		fmt.Fprintf(out, "applied %d migration(s) on %s in %s\n", n, e.dialect, elapsed(start))
	} else if n > 0 {
		e.log.Info("migrations applied", "count", n, "dialect", e.dialect)
	}
	return nil
}

func (e *environment) migrateDown(ctx context.Context, out io.Writer) error {
	sqlDB, err := e.db.DB()
	if err != nil {
		return err
	}
	p, err := migrations.Provider(sqlDB, e.dialect)
	if err != nil {
		return err
	}
	res, err := p.Down(ctx)
	if err != nil {
		return fmt.Errorf("unable to roll back: %w", err)
	}
	fmt.Fprintf(out, "rolled back %s\n", res.Source.Path)
	return nil
}

func (e *environment) migrateStatus(ctx context.Context, out io.Writer) error {
	sqlDB, err := e.db.DB()
	if err != nil {
		return err
	}
	p, err := migrations.Provider(sqlDB, e.dialect)
	if err != nil {
		return err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return fmt.Errorf("unable to read migration status: %w", err)
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "VERSION\tSTATE\tAPPLIED AT (UTC)\tFILE\n")
	for _, s := range st {
		at := "-"
		if !s.AppliedAt.IsZero() {
			at = s.AppliedAt.UTC().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\n", s.Source.Version, s.State, at, s.Source.Path)
	}
	return w.Flush()
}
