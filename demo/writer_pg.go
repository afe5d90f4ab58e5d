package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/puente-science/puente/models"
)

// bulkFrom is the number of projects from which a PostgreSQL load sets
// constraints and indexes aside (see pg_bulk.go). Smaller loads keep them
// live, so that a bad row is reported by the statement that wrote it; a
// variable so that tests can run both paths.
var bulkFrom = 20_000

// pgSink copies rows with pgx, reached through the connection the
// transaction runs on, because only pgx speaks the COPY protocol: binary
// COPY is many times faster than INSERT for a hundred thousand projects.
type pgSink struct {
	conn    *sql.Conn
	tx      *sql.Tx
	bulk    bool
	aside   *setAside
	written [numTables]bool
}

func (p *pgSink) start(ctx context.Context) (ids, error) {
	var x ids
	for _, t := range identityTables() {
		q := "SELECT COALESCE(MAX(id), 0) FROM " + tables[t].name
		if err := p.tx.QueryRowContext(ctx, q).Scan(&x[t]); err != nil {
			return x, fmt.Errorf("demo: unable to read the largest id of %s: %w", tables[t].name, err)
		}
	}
	if p.bulk {
		names := make([]string, len(tables))
		for i, t := range tables {
			names[i] = t.name
		}
		var err error
		if p.aside, err = setAsideConstraints(ctx, p.tx, names); err != nil {
			return x, err
		}
	}
	return x, nil
}

func (p *pgSink) write(ctx context.Context, b *batch) error {
	return p.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("demo: PostgreSQL connection is %T, not pgx", dc)
		}
		for t := range numTables {
			if err := p.copy(ctx, sc.Conn(), t, b.rows[t].vals); err != nil {
				return err
			}
		}
		return nil
	})
}

func (p *pgSink) copy(ctx context.Context, c *pgx.Conn, t tableID, vals []any) error {
	def := &tables[t]
	if len(vals) == 0 {
		return nil
	}
	// pgx encodes dates from time.Time; models.Date is a database/sql
	// Valuer, which binary COPY does not use.
	for i, v := range vals {
		if d, ok := v.(models.Date); ok {
			vals[i] = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		}
	}
	w := len(def.cols)
	src := pgx.CopyFromSlice(len(vals)/w, func(i int) ([]any, error) { return vals[i*w : (i+1)*w], nil })
	if _, err := c.CopyFrom(ctx, pgx.Identifier{def.name}, def.cols, src); err != nil {
		return fmt.Errorf("demo: unable to copy into %s: %w", def.name, err)
	}
	p.written[t] = true
	return nil
}

// finish puts back what a bulk load set aside, then moves each identity
// sequence to the largest id, so that rows the application inserts later
// do not collide with the ids assigned here.
func (p *pgSink) finish(ctx context.Context) error {
	if p.aside != nil {
		if err := p.aside.restore(ctx, p.tx); err != nil {
			return err
		}
	}
	for _, t := range identityTables() {
		if !p.written[t] {
			continue
		}
		name := tables[t].name
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))", name, name)
		if _, err := p.tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("demo: unable to reset the id sequence of %s: %w", name, err)
		}
	}
	return nil
}
