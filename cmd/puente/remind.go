package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
)

// reminderEvery is how often the server looks for reviews and reports to
// remind.
const reminderEvery = 15 * time.Minute

// remind reminds reviewers and report writers once, for cron or by hand;
// serve does the same every 15 minutes.
func remind(args []string, getenv config.Getenv, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("remind", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: puente remind\n\nReminds reviewers of pending reviews due within three days or overdue, at most once every\nthree days each; and applicants and their projects' officers of reports due in 30 and 7 days,\non becoming overdue and weekly while overdue (in-app, and e-mail queued in the outbox).\n'puente serve' does this every 15 minutes; running both at once sends each reminder once.")
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
	mailer := mail.New(env.cfg, env.store, env.log, time.Now)
	env.store.SetNotifier(mail.Notifier(mailer, env.store))
	now := time.Now()
	n, err := env.store.RemindReviewers(ctx, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d reviewers reminded\n", n)
	n, err = env.store.RemindReports(ctx, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d report reminders sent\n", n)
	return nil
}

// reminderLoop reminds reviewers and report writers now and every
// interval until ctx ends.
func reminderLoop(ctx context.Context, s *models.Store, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := s.RemindReviewers(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("review reminders failed", slog.String("error", err.Error()))
		case n > 0:
			log.Info("review reminders sent", slog.Int("count", n))
		}
		n, err = s.RemindReports(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("report reminders failed", slog.String("error", err.Error()))
		case n > 0:
			log.Info("report reminders sent", slog.Int("count", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
