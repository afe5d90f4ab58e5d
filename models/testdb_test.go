package models

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"net/url"
	"os"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/migrations"
)

// testDatabaseURLEnv names the PostgreSQL server tests use when set; the
// tests create a throwaway database on it and drop it afterwards, so the
// role needs CREATEDB.
const testDatabaseURLEnv = "TEST_DATABASE_URL"

// forEachDialect runs fn once per dialect as the subtests "sqlite" and
// "postgres", each on its own freshly migrated database. PostgreSQL is
// skipped unless TEST_DATABASE_URL is set.
func forEachDialect(t *testing.T, fn func(t *testing.T, db *gorm.DB, dialect string)) {
	t.Helper()
	for _, dialect := range []string{migrations.SQLite, migrations.Postgres} {
		t.Run(dialect, func(t *testing.T) {
			fn(t, openTestDB(t, dialect), dialect)
		})
	}
}

// openTestDB returns an empty, migrated database of the dialect, removed
// when the test ends.
func openTestDB(t *testing.T, dialect string) *gorm.DB {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	var dbURL, dataDir string
	switch dialect {
	case migrations.SQLite:
		dataDir = t.TempDir()
	case migrations.Postgres:
		admin := os.Getenv(testDatabaseURLEnv)
		if admin == "" {
			t.Skip(testDatabaseURLEnv + " not set")
		}
		dbURL = createPostgresDB(t, admin)
	default:
		t.Fatalf("unknown dialect %q", dialect)
	}
	db, got, err := Open(ctx, dbURL, dataDir, log)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	if got != dialect {
		t.Fatalf("Open chose dialect %q, want %q", got, dialect)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sqlDB.Close() })
	if _, err := migrations.Up(ctx, sqlDB, dialect); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return db
}

// createPostgresDB creates puente_test_<random> on the server of adminURL
// and returns its URL; a cleanup drops it, ending any connection left open.
func createPostgresDB(t *testing.T, adminURL string) string {
	t.Helper()
	ctx := context.Background()
	u, err := url.Parse(adminURL)
	if err != nil {
		t.Fatalf("%s: %v", testDatabaseURLEnv, err)
	}
	admin, _, err := Open(ctx, adminURL, "", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("connect to %s: %v", testDatabaseURLEnv, err)
	}
	adminSQL, err := admin.DB()
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "puente_test_" + hex.EncodeToString(b)
	// The name is ours, not user input, so quoting it by hand is safe.
	if err := admin.Exec(`CREATE DATABASE "` + name + `"`).Error; err != nil {
		_ = adminSQL.Close()
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer adminSQL.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		db := admin.WithContext(ctx)
		if err := db.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = ? AND pid <> pg_backend_pid()`, name).Error; err != nil {
			t.Errorf("terminate connections to %s: %v", name, err)
		}
		if err := db.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`).Error; err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// migratedDownTo rolls a freshly migrated test database back to version
// and returns its connection, for a test of the migrations after it.
func migratedDownTo(t *testing.T, db *gorm.DB, dialect string, version int64) *sql.DB {
	t.Helper()
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	p, err := migrations.Provider(sqlDB, dialect)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(context.Background(), version); err != nil {
		t.Fatalf("down to %d: %v", version, err)
	}
	return sqlDB
}
