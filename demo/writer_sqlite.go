package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/puente-science/puente/models"
)

// sqliteVars is how many parameters one INSERT binds. SQLite allows
// 32,766, but the driver matches each parameter to its argument by a
// linear search, so binding is quadratic in their number: a few hundred
// per statement is fastest.
const sqliteVars = 500

// sqliteSink writes through database/sql with multi-row INSERTs: values
// pass through the same driver conversions as GORM's (time.Time to UTC
// text, bool to 0/1), so the rows read back identically. Statements
// prepared on the transaction close with it.
type sqliteSink struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // by table and rows per statement
}

func (q *sqliteSink) start(ctx context.Context) (ids, error) {
	var x ids
	for _, t := range identityTables() {
		row := q.tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+tables[t].name)
		if err := row.Scan(&x[t]); err != nil {
			return x, fmt.Errorf("demo: unable to read the largest id of %s: %w", tables[t].name, err)
		}
	}
	return x, nil
}

func (q *sqliteSink) write(ctx context.Context, b *batch) error {
	for t := range numTables {
		def := &tables[t]
		vals := b.rows[t].vals
		if len(vals) == 0 {
			continue
		}
		for i, v := range vals {
			if d, ok := v.(models.Date); ok {
				vals[i] = d.String()
			}
		}
		w := len(def.cols)
		per := max(1, sqliteVars/w)
		for start := 0; start < len(vals); start += per * w {
			chunk := vals[start:min(start+per*w, len(vals))]
			st, err := q.stmt(ctx, t, len(chunk)/w)
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(ctx, chunk...); err != nil {
				return fmt.Errorf("demo: unable to insert into %s: %w", def.name, err)
			}
		}
	}
	return nil
}

// stmt prepares, once per transaction, the INSERT of n rows into t.
func (q *sqliteSink) stmt(ctx context.Context, t tableID, n int) (*sql.Stmt, error) {
	def := &tables[t]
	key := fmt.Sprintf("%s/%d", def.name, n)
	if st := q.stmts[key]; st != nil {
		return st, nil
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(def.cols)), ",") + ")"
	query := "INSERT INTO " + def.name + " (" + strings.Join(def.cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(one+",", n), ",")
	st, err := q.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("demo: unable to prepare the insert into %s: %w", def.name, err)
	}
	q.stmts[key] = st
	return st, nil
}

func (q *sqliteSink) finish(context.Context) error { return nil } // rowids follow MAX(id) by themselves
