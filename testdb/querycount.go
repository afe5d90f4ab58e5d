package testdb

import (
	"sync/atomic"

	"gorm.io/gorm"
)

// QueryCounter counts the statements a database runs, so tests can prove a
// page runs a bounded number of queries whatever the data size.
type QueryCounter struct{ n atomic.Int64 }

// Count returns the statements run so far.
func (q *QueryCounter) Count() int64 { return q.n.Load() }

// Reset sets the count to zero.
func (q *QueryCounter) Reset() { q.n.Store(0) }

// CountQueries registers callbacks on db that count every statement.
func CountQueries(db *gorm.DB) (*QueryCounter, error) {
	q := &QueryCounter{}
	inc := func(*gorm.DB) { q.n.Add(1) }
	cb := db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("testdb:count_query", inc),
		cb.Row().After("gorm:row").Register("testdb:count_row", inc),
		cb.Raw().After("gorm:raw").Register("testdb:count_raw", inc),
		cb.Create().After("gorm:create").Register("testdb:count_create", inc),
		cb.Update().After("gorm:update").Register("testdb:count_update", inc),
		cb.Delete().After("gorm:delete").Register("testdb:count_delete", inc),
	} {
		if err != nil {
			return nil, err
		}
	}
	return q, nil
}
