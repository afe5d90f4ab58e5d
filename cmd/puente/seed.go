package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/demo"
	"github.com/puente-science/puente/files"
	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/refdata"
)

const (
	defaultDemoProjects = 300
	// demoFileProjects: how many submitted applications get a demo CV and
	// proposal (those waiting for an officer first).
	demoFileProjects = 400
	defaultDemoSeed  = 2016
)

func seed(args []string, getenv config.Getenv, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: puente seed\n\nLoads the reference data (countries, disciplines, priority areas, institutions, funding\nchannels, the study's indicators). Safe to run again: existing rows are updated, none duplicated.")
	}
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	ctx := context.Background()
	env, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer env.close()
	if err := env.migrateUp(ctx, nil); err != nil {
		return err
	}
	return env.seed(ctx, stdout)
}

func (e *environment) seed(ctx context.Context, out io.Writer) error {
	start := time.Now()
	res, err := refdata.Seed(ctx, e.store)
	if err != nil {
		return err
	}
	if out != nil {
		fmt.Fprintf(out, "reference data loaded in %s: %s\n", elapsed(start), res)
	} else {
		e.log.Info("reference data loaded", "summary", res.String())
	}
	return nil
}

func demoCommand(args []string, getenv config.Getenv, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	projects := fs.Int("projects", defaultDemoProjects, "number of generated projects, besides the study's four initiatives")
	seedValue := fs.Int64("seed", defaultDemoSeed, "random seed; the same seed gives the same portfolio")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: puente demo [--projects N] [--seed S]\n\nAdds one demo account per role (passwords printed once), the study's four real initiatives,\nand N generated projects in every workflow state.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if *projects < 0 || *projects > 1_000_000 {
		return usageError{"--projects must be between 0 and 1000000"}
	}
	ctx := context.Background()
	env, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer env.close()
	if err := env.migrateUp(ctx, nil); err != nil {
		return err
	}
	if ok, err := env.store.ReferenceDataLoaded(ctx); err != nil {
		return err
	} else if !ok {
		if err := env.seed(ctx, stdout); err != nil {
			return err
		}
	}
	return env.demo(ctx, stdout, *projects, *seedValue)
}

func (e *environment) demo(ctx context.Context, out io.Writer, projects int, seed int64) error {
	start := time.Now()
	res, err := demo.Generate(ctx, e.store, demo.Options{Projects: projects, Seed: seed})
	if err != nil {
		return err
	}
	// Fresh statistics for the planner and, on PostgreSQL, a visibility map
	// so the list's counts read their index only: a bulk load leaves both
	// to autovacuum, which may come minutes later.
	analyze := "ANALYZE"
	if e.dialect == migrations.Postgres {
		analyze = "VACUUM (ANALYZE)"
	}
	if err := e.db.WithContext(ctx).Exec(analyze).Error; err != nil {
		return fmt.Errorf("demo: unable to analyze the new data: %w", err)
	}
	fmt.Fprintf(out, "demo portfolio: %d projects in %s\n", res.Projects, elapsed(start))
	stored, err := demo.AttachFiles(ctx, e.store, files.New(filepath.Join(e.cfg.DataDir, "uploads")), demoFileProjects, time.Now())
	if err != nil {
		return err
	}
	if stored > 0 {
		fmt.Fprintf(out, "demo files: %d CVs and proposals under %s\n", stored, filepath.Join(e.cfg.DataDir, "uploads"))
	}
	if len(res.Accounts) > 0 {
		fmt.Fprintln(out, "demo accounts (the passwords are shown only now):")
		for _, a := range res.Accounts {
			fmt.Fprintf(out, "  %-10s %-32s %s\n", a.Role, a.Email, a.Password)
		}
	}
	return nil
}
