package demo

import (
	"context"
	"fmt"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/models"
)

// sink writes batches of rows inside one transaction, so that a demo seed
// is loaded completely or not at all.
type sink interface {
	// maxIDs returns the largest id of every table with one, for the
	// generator to number new rows above.
	maxIDs(ctx context.Context) (ids, error)
	write(ctx context.Context, b *batch) error
	// finish runs before commit (PostgreSQL moves its identity sequences
	// past the ids written).
	finish(ctx context.Context) error
}

// withSink runs fn with the dialect's sink and commits when fn succeeds.
func withSink(ctx context.Context, s *models.Store, fn func(sink) error) error {
	switch s.Dialect() {
	case migrations.Postgres:
		return withPostgres(ctx, s, fn)
	case migrations.SQLite:
		return withSQLite(ctx, s, fn)
	}
	return fmt.Errorf("demo: unknown dialect %q", s.Dialect())
}

// identityTables lists the tables whose ids the generator assigns.
func identityTables() []tableID {
	var out []tableID
	for t := range numTables {
		if tables[t].identity {
			out = append(out, t)
		}
	}
	return out
}
