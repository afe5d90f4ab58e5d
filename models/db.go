package models

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/puente-science/puente/migrations"
)

// ErrNotFound is returned by Store methods when a record does not exist.
var ErrNotFound = errors.New("models: not found")

// ErrConflict is returned when a record changed since it was read (version check).
var ErrConflict = errors.New("models: record changed since it was loaded")

// Open connects to PostgreSQL when url is set, otherwise to the SQLite file
// puente.db under dataDir, and checks the connection. It returns the
// dialect name used by migrations.
func Open(ctx context.Context, url, dataDir string, log *slog.Logger) (*gorm.DB, string, error) {
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
		// Microseconds: what both databases keep, so values compare equal after a round trip.
		NowFunc: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
	}
	var (
		db      *gorm.DB
		err     error
		dialect string
	)
	if url != "" {
		dialect = migrations.Postgres
		db, err = gorm.Open(postgres.Open(url), cfg)
	} else {
		dialect = migrations.SQLite
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, "", fmt.Errorf("unable to create data directory %s: %w", dataDir, err)
		}
		db, err = gorm.Open(sqlite.Open(SQLiteDSN(filepath.Join(dataDir, "puente.db"))), cfg)
	}
	if err != nil {
		// gorm's PostgreSQL driver connects while opening.
		return nil, "", fmt.Errorf("unable to reach database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, "", fmt.Errorf("unable to open database: %w", err)
	}
	if dialect == migrations.SQLite {
		// One writer at a time; WAL lets readers go on while it writes.
		sqlDB.SetMaxOpenConns(4)
	} else {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, "", fmt.Errorf("unable to reach database: %w", err)
	}
	return db, dialect, nil
}

// SQLiteDSN is the connection string for an SQLite file with the pragmas
// Puente relies on: foreign keys enforced, WAL, and a busy timeout so
// concurrent writers wait instead of failing.
func SQLiteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
}
