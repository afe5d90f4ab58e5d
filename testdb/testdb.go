// Package testdb gives tests of other packages a fresh, migrated database of
// each dialect: an SQLite file in a temporary directory, and, when
// TEST_DATABASE_URL is set, a new PostgreSQL database dropped at the end.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/models"
)

// EnvURL names the PostgreSQL server the tests use when set.
const EnvURL = "TEST_DATABASE_URL"

// Dialects are the databases every test runs on.
var Dialects = []string{migrations.SQLite, migrations.Postgres}

// Each runs fn as the subtests "sqlite" and "postgres", each on its own
// fresh database; "postgres" is skipped when TEST_DATABASE_URL is unset.
func Each(t *testing.T, fn func(t *testing.T, s *models.Store)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) { fn(t, Open(t, d)) })
	}
}

// Open returns a store on an empty, migrated database of the dialect,
// removed when the test ends.
func Open(t testing.TB, dialect string) *models.Store {
	t.Helper()
	url, dir := Location(t, dialect)
	db, got, err := models.Open(context.Background(), url, dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("testdb: open %s: %v", dialect, err)
	}
	if got != dialect {
		t.Fatalf("testdb: opened %s, want %s", got, dialect)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sqlDB.Close() })
	if _, err := migrations.Up(context.Background(), sqlDB, dialect); err != nil {
		t.Fatalf("testdb: migrate %s: %v", dialect, err)
	}
	return models.NewStore(db, dialect)
}

// Location returns a fresh empty database of the dialect as the pair
// (DATABASE_URL, PUENTE_DATA_DIR) that Puente's configuration takes: for
// SQLite an empty URL and a temporary directory.
func Location(t testing.TB, dialect string) (dbURL, dataDir string) {
	t.Helper()
	if dialect == migrations.SQLite {
		return "", t.TempDir()
	}
	admin := os.Getenv(EnvURL)
	if admin == "" {
		t.Skip(EnvURL + " is not set; PostgreSQL tests skipped")
	}
	return createDatabase(t, admin), t.TempDir()
}

func createDatabase(t testing.TB, adminURL string) string {
	t.Helper()
	u, err := url.Parse(adminURL)
	if err != nil {
		t.Fatalf("testdb: %s: %v", EnvURL, err)
	}
	admin, _, err := models.Open(context.Background(), adminURL, "", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("testdb: connect to %s: %v", EnvURL, err)
	}
	adminSQL, _ := admin.DB()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "puente_test_" + hex.EncodeToString(b)
	// The name is generated here, never user input, so quoting it by hand is safe.
	if err := admin.Exec(`CREATE DATABASE "` + name + `"`).Error; err != nil {
		_ = adminSQL.Close()
		t.Fatalf("testdb: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer adminSQL.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := admin.WithContext(ctx).Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`).Error; err != nil {
			t.Errorf("testdb: drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
