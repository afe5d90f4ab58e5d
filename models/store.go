package models

import (
	"time"

	"gorm.io/gorm"
)

// Store loads and saves Puente's records. Its query methods live beside the
// entities they serve, one file per entity.
type Store struct {
	db       *gorm.DB
	dialect  string
	notifier Notifier
	// refreshAfter, refreshGap: see SetBackgroundRefresh.
	refreshAfter, refreshGap time.Duration
}

// NewStore wraps an open database; dialect is migrations.Postgres or
// migrations.SQLite, for the few queries that must differ.
func NewStore(db *gorm.DB, dialect string) *Store {
	return &Store{db: db, dialect: dialect}
}

// DB returns the underlying connection, for transactions that span stores
// and for tests.
func (s *Store) DB() *gorm.DB { return s.db }

// Dialect returns migrations.Postgres or migrations.SQLite.
func (s *Store) Dialect() string { return s.dialect }
