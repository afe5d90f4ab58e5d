// Package migrations holds Puente's versioned SQL schema, one directory per
// dialect with the same numbering, embedded in the binary and applied with
// goose's provider.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"github.com/pressly/goose/v3/lock"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// Dialects Puente runs on.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// Provider returns a goose provider for the dialect's migrations on db.
// On PostgreSQL an advisory lock keeps two instances starting at once from
// migrating concurrently.
func Provider(db *sql.DB, dialect string) (*goose.Provider, error) {
	sub, err := fs.Sub(files, dialect)
	if err != nil {
		return nil, fmt.Errorf("migrations: unknown dialect %q: %w", dialect, err)
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	var gd goose.Dialect
	switch dialect {
	case Postgres:
		gd = database.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("migrations: unable to create locker: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	case SQLite:
		gd = database.DialectSQLite3
	default:
		return nil, fmt.Errorf("migrations: unknown dialect %q", dialect)
	}
	p, err := goose.NewProvider(gd, db, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: unable to create provider: %w", err)
	}
	return p, nil
}

// Up applies every pending migration and returns how many ran.
func Up(ctx context.Context, db *sql.DB, dialect string) (int, error) {
	p, err := Provider(db, dialect)
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrations: unable to apply: %w", err)
	}
	return len(res), nil
}

// Pending reports whether migrations remain to be applied (used by /readyz).
func Pending(ctx context.Context, db *sql.DB, dialect string) (bool, error) {
	p, err := Provider(db, dialect)
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}
