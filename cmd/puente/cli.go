package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/models"
)

// Exit codes: 0 success, 1 a failure while running, 2 bad usage or
// configuration (nothing was started).
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

const usage = `Puente manages an international science-cooperation portfolio.

Usage: puente <command> [flags]

Commands:
  serve                      migrate, seed at first start, and serve (default)
  migrate [up|down|status]   apply, roll back one, or list the schema migrations
  seed                       load the reference data (idempotent)
  demo [--projects N] [--seed S]
                             add demo accounts and a deterministic demo portfolio
  user create --email E --name N --role R [--role R2] [--lang L] [--password-stdin]
                             create a staff account, with a password or an invitation
  remind                     remind reviewers of reviews due soon or overdue (serve does it every 15 minutes)
  export iati|csv|xlsx|360giving [--out FILE] [--state S] [--country C] [--year-from Y] ...
                             write the portfolio (or a filtered part) as IATI 2.03 XML, CSV,
                             XLSX or 360Giving JSON, to standard output or FILE
  help                       show this text

Configuration comes from the environment: PUENTE_ADDR, DATABASE_URL (empty:
SQLite under PUENTE_DATA_DIR, default ./data), PUENTE_SECRET, PUENTE_BASE_URL,
PUENTE_SMTP_URL, PUENTE_DEMO, PUENTE_TRUSTED_PROXIES, PUENTE_LOG_LEVEL;
exports: PUENTE_IATI_ORG_REF, PUENTE_IATI_ORG_TYPE, PUENTE_IATI_ORG_NAME, PUENTE_360_PREFIX.
Run 'puente <command> --help' for a command's flags.
`

// usageError is a mistake in how puente was called or configured: one line
// and exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(args []string, getenv config.Getenv, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(args, getenv, stdout, stderr)
	case "migrate":
		err = migrate(args, getenv, stdout, stderr)
	case "seed":
		err = seed(args, getenv, stdout, stderr)
	case "demo":
		err = demoCommand(args, getenv, stdout, stderr)
	case "user":
		err = user(args, getenv, stdout, stderr)
	case "remind":
		err = remind(args, getenv, stdout, stderr)
	case "export":
		err = exportCommand(args, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = usageError{fmt.Sprintf("unknown command %q (run 'puente help')", cmd)}
	}
	return report(err, stderr)
}

// report prints an error as one line and picks the exit status.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelp) {
		return exitOK
	}
	line := strings.ReplaceAll(err.Error(), "\n", " ")
	fmt.Fprintln(stderr, "puente: "+line)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailed
}

var errHelp = errors.New("help shown")

// environment is what every command that touches the database needs.
type environment struct {
	cfg     config.Config
	db      *gorm.DB
	dialect string
	store   *models.Store
	log     *slog.Logger
}

// open loads the configuration and connects to the database. Any failure
// here is a configuration problem: exit status 2.
func open(ctx context.Context, getenv config.Getenv, stderr io.Writer) (*environment, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	log := newLogger(stderr, cfg.LogLevel)
	db, dialect, err := models.Open(ctx, cfg.DatabaseURL, cfg.DataDir, log)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return &environment{cfg: cfg, db: db, dialect: dialect, store: models.NewStore(db, dialect), log: log}, nil
}

func (e *environment) close() {
	if sqlDB, err := e.db.DB(); err == nil {
		_ = sqlDB.Close()
	}
}

// newLogger writes JSON lines with UTC times.
func newLogger(w io.Writer, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level: lv,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				a.Value = slog.TimeValue(a.Value.Time().UTC())
			}
			return a
		},
	}))
}

func elapsed(start time.Time) string {
	return time.Since(start).Round(time.Millisecond).String()
}
