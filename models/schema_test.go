package models

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/puente-science/puente/migrations"
)

func TestMigrations(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		ctx := context.Background()
		sqlDB, err := db.DB()
		if err != nil {
			t.Fatal(err)
		}
		if n, err := migrations.Up(ctx, sqlDB, dialect); err != nil || n != 0 {
			t.Fatalf("second Up applied %d migrations (err %v), want 0", n, err)
		}
		if pending, err := migrations.Pending(ctx, sqlDB, dialect); err != nil || pending {
			t.Fatalf("Pending = %v (err %v) after Up, want false", pending, err)
		}

		// Down must undo everything, so the file stays correct even though
		// production only migrates forward.
		p, err := migrations.Provider(sqlDB, dialect)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.DownTo(ctx, 0); err != nil {
			t.Fatalf("down to 0: %v", err)
		}
		if left := tableNames(t, db, dialect); len(left) != 0 {
			t.Errorf("tables left after Down: %v", left)
		}
		if n, err := migrations.Up(ctx, sqlDB, dialect); err != nil || n == 0 {
			t.Fatalf("Up after Down applied %d (err %v)", n, err)
		}
	})
}

// TestModelsMatchSchema checks that every table has a model and that each
// model's columns, nullability and types are exactly the table's.
func TestModelsMatchSchema(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		models := map[string]*schema.Schema{}
		for _, fx := range schemaFixtures() {
			s := parseModel(t, db, fx.value)
			models[s.Table] = s
		}
		tables := tableNames(t, db, dialect)
		for _, table := range tables {
			if models[table] == nil {
				t.Errorf("table %s has no model", table)
			}
		}
		for table, s := range models {
			if !slices.Contains(tables, table) {
				t.Errorf("model %s: table %s does not exist", s.Name, table)
				continue
			}
			cols := tableColumns(t, db, dialect, table)
			for _, name := range s.DBNames {
				col, ok := cols[name]
				if !ok {
					t.Errorf("%s.%s: in model %s, not in the table", table, name, s.Name)
					continue
				}
				f := s.FieldsByDBName[name]
				goNullable := f.FieldType.Kind() == reflect.Pointer
				if goNullable != col.nullable {
					t.Errorf("%s.%s: Go %s nullable=%v, column nullable=%v", table, name, f.FieldType, goNullable, col.nullable)
				}
				if want := expectedColumnTypes(dialect, f.FieldType); !slices.Contains(want, col.typ) {
					t.Errorf("%s.%s: Go %s wants column type %v, got %q", table, name, f.FieldType, want, col.typ)
				}
			}
			for name := range cols {
				if s.FieldsByDBName[name] == nil {
					t.Errorf("%s.%s: in the table, not in model %s", table, name, s.Name)
				}
			}
		}
	})
}

// TestRoundTrip writes a fully populated row of every model and reads it
// back unchanged.
func TestRoundTrip(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		fixtures := schemaFixtures()
		for _, fx := range fixtures {
			s := parseModel(t, db, fx.value)
			if !fx.support {
				for _, f := range s.Fields {
					if _, zero := f.ValueOf(context.Background(), reflect.ValueOf(fx.value).Elem()); f.DBName != "" && zero {
						t.Errorf("fixture %s.%s is zero; set every column so the round trip covers it", s.Name, f.Name)
					}
				}
			}
			if err := db.Create(fx.value).Error; err != nil {
				t.Fatalf("insert %s: %v", s.Name, err)
			}
		}
		for _, fx := range fixtures {
			if fx.support {
				continue
			}
			s := parseModel(t, db, fx.value)
			want := reflect.ValueOf(fx.value).Elem()
			got := reflect.New(want.Type())
			if err := db.Where(primaryKeyOf(s, want)).First(got.Interface()).Error; err != nil {
				t.Errorf("read back %s: %v", s.Name, err)
				continue
			}
			normaliseTimes(got.Elem())
			for _, f := range s.Fields {
				if f.DBName == "" {
					continue
				}
				w, _ := f.ValueOf(context.Background(), want)
				g, _ := f.ValueOf(context.Background(), got.Elem())
				if !reflect.DeepEqual(w, g) {
					t.Errorf("%s.%s: wrote %s, read %s", s.Name, f.Name, showValue(w), showValue(g))
				}
			}
			if !reflect.DeepEqual(want.Interface(), got.Elem().Interface()) {
				t.Errorf("%s: read back differs from what was written", s.Name)
			}
		}
	})
}

func parseModel(t *testing.T, db *gorm.DB, model any) *schema.Schema {
	t.Helper()
	stmt := &gorm.Statement{DB: db}
	if err := stmt.Parse(model); err != nil {
		t.Fatalf("parse %T: %v", model, err)
	}
	return stmt.Schema
}

func primaryKeyOf(s *schema.Schema, v reflect.Value) map[string]any {
	conds := map[string]any{}
	for _, f := range s.PrimaryFields {
		conds[f.DBName], _ = f.ValueOf(context.Background(), v)
	}
	return conds
}

// normaliseTimes converts every time to UTC: pgx returns timestamptz in
// time.Local, which is the same instant but not DeepEqual.
func normaliseTimes(v reflect.Value) {
	timeType := reflect.TypeOf(time.Time{})
	for i := range v.NumField() {
		f := v.Field(i)
		switch {
		case f.Type() == timeType:
			f.Set(reflect.ValueOf(f.Interface().(time.Time).UTC()))
		case f.Type() == reflect.PointerTo(timeType) && !f.IsNil():
			utc := f.Elem().Interface().(time.Time).UTC()
			f.Set(reflect.ValueOf(&utc))
		case f.Kind() == reflect.Struct && f.Type() != reflect.TypeOf(Date{}):
			normaliseTimes(f)
		}
	}
}

func showValue(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return fmt.Sprintf("&%v", rv.Elem().Interface())
	}
	return fmt.Sprintf("%v", v)
}

func tableNames(t *testing.T, db *gorm.DB, dialect string) []string {
	t.Helper()
	q := `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	if dialect == migrations.SQLite {
		q = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	}
	var names []string
	if err := db.Raw(q).Scan(&names).Error; err != nil {
		t.Fatalf("list tables: %v", err)
	}
	names = slices.DeleteFunc(names, func(n string) bool { return n == "goose_db_version" })
	sort.Strings(names)
	return names
}

type dbColumn struct {
	nullable bool
	typ      string
}

func tableColumns(t *testing.T, db *gorm.DB, dialect, table string) map[string]dbColumn {
	t.Helper()
	var rows []struct {
		Name     string
		Nullable bool
		Type     string
	}
	q := `SELECT column_name AS name, is_nullable = 'YES' AS nullable, data_type AS type
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`
	if dialect == migrations.SQLite {
		// An INTEGER PRIMARY KEY is the rowid and never NULL, though
		// pragma_table_info reports notnull = 0 for it.
		q = `SELECT name, "notnull" = 0 AND pk = 0 AS nullable, type FROM pragma_table_info(?)`
	}
	if err := db.Raw(q, table).Scan(&rows).Error; err != nil {
		t.Fatalf("columns of %s: %v", table, err)
	}
	cols := map[string]dbColumn{}
	for _, r := range rows {
		cols[r.Name] = dbColumn{nullable: r.Nullable, typ: r.Type}
	}
	return cols
}

// expectedColumnTypes is the column type each Go type is stored as.
func expectedColumnTypes(dialect string, goType reflect.Type) []string {
	if goType.Kind() == reflect.Pointer {
		goType = goType.Elem()
	}
	pg := dialect == migrations.Postgres
	switch {
	case goType == reflect.TypeOf(time.Time{}):
		return typesFor(pg, "timestamp with time zone", "DATETIME")
	case goType == reflect.TypeOf(Date{}):
		return typesFor(pg, "date", "TEXT")
	}
	switch goType.Kind() {
	case reflect.String:
		return typesFor(pg, "text", "TEXT", "character")
	case reflect.Int64:
		return typesFor(pg, "bigint", "INTEGER")
	case reflect.Int:
		return typesFor(pg, "integer", "INTEGER")
	case reflect.Bool:
		return typesFor(pg, "boolean", "INTEGER")
	case reflect.Float64:
		return typesFor(pg, "double precision", "REAL")
	}
	return []string{"unexpected Go type " + strings.ToLower(goType.String())}
}

// typesFor returns the PostgreSQL types (pgType and any extra) or the SQLite one.
func typesFor(pg bool, pgType, sqliteType string, pgExtra ...string) []string {
	if pg {
		return append([]string{pgType}, pgExtra...)
	}
	return []string{sqliteType}
}
