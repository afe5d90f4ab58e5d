package demo

import (
	"os"
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/puente-science/puente/models"
)

// withPostgres takes one connection out of GORM's pool and talks to it
// with pgx directly, because only pgx speaks the COPY protocol: binary
// COPY is many times faster than INSERT for a hundred thousand projects.
func withPostgres(ctx context.Context, s *models.Store, fn func(sink) error) error {
	sqlDB, err := s.DB().DB()
	if err != nil {
		return fmt.Errorf("demo: unable to reach the database: %w", err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("demo: unable to get a connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("demo: PostgreSQL connection is %T, not pgx", dc)
		}
		tx, err := sc.Conn().Begin(ctx)
		if err != nil {
			return fmt.Errorf("demo: unable to begin: %w", err)
		}
		defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
		var aside *setAside
		if os.Getenv("EXP_BULK") != "" {
			var names []string
			for _, t := range tables {
				names = append(names, t.name)
			}
			t0 := time.Now()
			aside, err = setAsideConstraints(ctx, tx, names)
			if err != nil {
				return err
			}
			fmt.Println("set aside", time.Since(t0))
		}
		pg := &pgSink{tx: tx}
		if err := fn(pg); err != nil {
			return err
		}
		if aside != nil {
			if v := os.Getenv("EXP_MEM"); v != "" {
				tx.Exec(ctx, "SET LOCAL maintenance_work_mem = '"+v+"'")
				tx.Exec(ctx, "SET LOCAL work_mem = '"+v+"'")
			}
			t0 := time.Now()
			if err := aside.restore(ctx, tx); err != nil {
				return err
			}
			fmt.Println("restore", time.Since(t0))
		}
		t0 := time.Now()
		defer func() { fmt.Println("commit", time.Since(t0)) }()
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("demo: unable to commit: %w", err)
		}
		return nil
	})
}

type pgSink struct {
	tx      pgx.Tx
	written [numTables]bool
}

func (p *pgSink) maxIDs(ctx context.Context) (ids, error) {
	var x ids
	for _, t := range identityTables() {
		q := "SELECT COALESCE(MAX(id), 0) FROM " + tables[t].name
		if err := p.tx.QueryRow(ctx, q).Scan(&x[t]); err != nil {
			return x, fmt.Errorf("demo: unable to read the largest id of %s: %w", tables[t].name, err)
		}
	}
	return x, nil
}

func (p *pgSink) write(ctx context.Context, b *batch) error {
	for t := range numTables {
		def := &tables[t]
		vals := b.rows[t].vals
		if len(vals) == 0 {
			continue
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
		t0 := time.Now()
		_, err := p.tx.CopyFrom(ctx, pgx.Identifier{def.name}, def.cols, src)
		debugTimes[t] += time.Since(t0)
		debugRows[t] += len(vals) / w
		if err != nil {
			return fmt.Errorf("demo: unable to copy into %s: %w", def.name, err)
		}
		p.written[t] = true
	}
	return nil
}

// finish moves each identity sequence to the largest id, so that rows the
// application inserts later do not collide with the ids assigned here.
func (p *pgSink) finish(ctx context.Context) error {
	for _, t := range identityTables() {
		if !p.written[t] {
			continue
		}
		name := tables[t].name
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))", name, name)
		if _, err := p.tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("demo: unable to reset the id sequence of %s: %w", name, err)
		}
	}
	return nil
}

var debugTimes [numTables]time.Duration
var debugRows [numTables]int

func DebugReport() string {
	out := ""
	for t := range numTables {
		out += fmt.Sprintf("%s %d %s\n", tables[t].name, debugRows[t], debugTimes[t])
	}
	return out
}
