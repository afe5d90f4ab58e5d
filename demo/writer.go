package demo

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/models"
)

// sink writes batches of rows in bulk.
type sink interface {
	// start prepares the load (PostgreSQL sets constraints aside for a
	// large one) and returns the largest id of every table with one, for
	// the generator to number new rows above.
	start(ctx context.Context) (ids, error)
	write(ctx context.Context, b *batch) error
	// finish runs once every batch is written (PostgreSQL restores what a
	// bulk load set aside and moves its identity sequences on).
	finish(ctx context.Context) error
}

// inOneTransaction runs fn in a single transaction on one connection, which
// GORM (tx) and the bulk sink both write through: the accounts, the
// initiatives and the generated portfolio are added completely or not at
// all, so a failed run never leaves accounts whose passwords were not shown.
func inOneTransaction(ctx context.Context, s *models.Store, projects int, fn func(tx *gorm.DB, snk sink) error) error {
	sqlDB, err := s.DB().DB()
	if err != nil {
		return fmt.Errorf("demo: unable to reach the database: %w", err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("demo: unable to get a connection: %w", err)
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("demo: unable to begin: %w", err)
	}
	defer func() { _ = sqlTx.Rollback() }()
	// What gorm.DB.Begin does: a session whose statements go to the
	// transaction.
	tx := s.DB().WithContext(ctx)
	tx.Statement.ConnPool = sqlTx
	var snk sink
	switch s.Dialect() {
	case migrations.Postgres:
		snk = &pgSink{conn: conn, tx: sqlTx, bulk: projects >= bulkFrom}
	case migrations.SQLite:
		snk = &sqliteSink{tx: sqlTx, stmts: map[string]*sql.Stmt{}}
	default:
		return fmt.Errorf("demo: unknown dialect %q", s.Dialect())
	}
	if err := fn(tx, snk); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("demo: unable to commit: %w", err)
	}
	return nil
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
