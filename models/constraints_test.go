package models

import (
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/workflow"
)

var errRollback = errors.New("rollback")

// inRollback runs fn in a transaction that is always rolled back, so each
// case starts from the same fixtures.
func inRollback(db *gorm.DB, fn func(tx *gorm.DB) error) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errRollback
	})
	if errors.Is(err, errRollback) {
		return nil
	}
	return err
}

// loadFixtures inserts schemaFixtures. The rows carry explicit ids, so on
// PostgreSQL it moves each identity past them: later inserts without an id
// must not collide with id 1.
func loadFixtures(t *testing.T, db *gorm.DB) {
	t.Helper()
	for _, fx := range schemaFixtures() {
		if err := db.Create(fx.value).Error; err != nil {
			t.Fatalf("insert %T: %v", fx.value, err)
		}
		s := parseModel(t, db, fx.value)
		if id := s.LookUpField("id"); db.Dialector.Name() != migrations.Postgres || id == nil || id.DataType != schema.Int {
			continue
		}
		q := `SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT MAX(id) FROM "` + s.Table + `"))`
		if err := db.Exec(q, s.Table).Error; err != nil {
			t.Fatalf("advance identity of %s: %v", s.Table, err)
		}
	}
}

// violations maps a kind of failure to the error text each dialect gives.
var violations = map[string]map[string]string{
	"check":       {migrations.Postgres: "violates check constraint", migrations.SQLite: "CHECK constraint failed"},
	"fk":          {migrations.Postgres: "violates foreign key constraint", migrations.SQLite: "FOREIGN KEY constraint failed"},
	"unique":      {migrations.Postgres: "violates unique constraint", migrations.SQLite: "UNIQUE constraint failed"},
	"append-only": {migrations.Postgres: "append-only", migrations.SQLite: "append-only"},
	"bad date":    {migrations.Postgres: "out of range", migrations.SQLite: "CHECK constraint failed"},
}

func TestConstraints(t *testing.T) {
	cases := []struct {
		name    string
		sql     string
		args    []any
		only    string // run on this dialect only
		violate string // "" means the statement must succeed
	}{
		{name: "unknown project state", violate: "check", sql: `UPDATE projects SET state = 'bogus' WHERE id = 1`},
		{name: "institution in a missing country", violate: "fk",
			sql: `INSERT INTO institutions (id, name, country_iso2, type) VALUES (99, 'X', 'ZZ', 'university')`},
		{name: "institution in a known country", violate: "",
			sql: `INSERT INTO institutions (id, name, country_iso2, type) VALUES (99, 'X', 'CN', 'university')`},
		{name: "lead country missing", violate: "fk", sql: `UPDATE projects SET lead_country_iso2 = 'ZZ' WHERE id = 1`},
		{name: "delete a country in use", violate: "fk", sql: `DELETE FROM countries WHERE iso2 = 'BR'`},
		{name: "update audit entry", violate: "append-only", sql: `UPDATE audit_entries SET action = 'x'`},
		{name: "delete audit entry", violate: "append-only", sql: `DELETE FROM audit_entries`},
		{name: "truncate audit entries", violate: "append-only", sql: `TRUNCATE audit_entries`, only: migrations.Postgres},
		{name: "insert without an id after the fixtures", violate: "",
			sql: `INSERT INTO budget_lines (project_id, category, amount_minor) VALUES (1, 'travel', 5)`},
		{name: "append audit entry", violate: "",
			sql: `INSERT INTO audit_entries (id, action, entity) VALUES (2, 'auth.login', 'user')`},
		{name: "second lead country", violate: "unique",
			sql: `INSERT INTO project_countries (project_id, country_iso2, lead) VALUES (1, 'CN', ?)`, args: []any{true}},
		{name: "second country, not lead", violate: "",
			sql: `INSERT INTO project_countries (project_id, country_iso2, lead) VALUES (1, 'CN', ?)`, args: []any{false}},
		{name: "second primary discipline", violate: "unique",
			sql: `INSERT INTO project_disciplines (project_id, discipline_code, is_primary) VALUES (1, '1', ?)`, args: []any{true}},
		{name: "same DOI twice in a project", violate: "unique",
			sql: `INSERT INTO outputs (id, project_id, kind, title, doi, year) VALUES (99, 1, 'publication', 'again', '10.1000/xyz123', 2025)`},
		{name: "outputs without DOI", violate: "",
			sql: `INSERT INTO outputs (id, project_id, kind, title, year) VALUES (98, 1, 'event', 'a', 2025), (99, 1, 'event', 'b', 2025)`},
		{name: "upper-case DOI", violate: "check", sql: `UPDATE outputs SET doi = '10.1000/XYZ'`},
		{name: "region-wide indicator twice", violate: "unique",
			sql: `INSERT INTO country_indicators (id, indicator_code, year, value, source) VALUES (99, 'SP.POP.TOTL', 2016, 1, 'x')`},
		{name: "region-wide indicator another year", violate: "",
			sql: `INSERT INTO country_indicators (id, indicator_code, year, value, source) VALUES (99, 'SP.POP.TOTL', 2017, 1, 'x')`},
		{name: "lower-case currency", violate: "check", sql: `UPDATE projects SET currency = 'cny'`},
		{name: "impossible date", violate: "bad date", sql: `UPDATE reports SET due_on = '2025-02-30'`},
		{name: "paid tranche without date", violate: "check", sql: `UPDATE tranches SET paid_on = NULL`},
		{name: "submitted review without recommendation", violate: "check", sql: `UPDATE reviews SET recommendation = NULL`},
		{name: "call closing as it opens", violate: "check", sql: `UPDATE calls SET closes_at = opens_at`},
		{name: "project ending before it starts", violate: "check", sql: `UPDATE projects SET planned_end = '2000-01-01'`},
		{name: "project without a title", violate: "check",
			sql: `UPDATE projects SET title_en = NULL, title_es = '', title_pt = NULL, title_zh = NULL`},
		{name: "project with only a Chinese title", violate: "",
			sql: `UPDATE projects SET title_en = NULL, title_es = NULL, title_pt = NULL`},
		{name: "mixed-case e-mail", violate: "check", sql: `UPDATE users SET email = 'Ana@example.org'`},
		{name: "approval without award", violate: "check", sql: `UPDATE decisions SET award_minor = NULL`},
		{name: "negative budget line", violate: "check", sql: `UPDATE budget_lines SET amount_minor = -1`},
		{name: "score above 5", violate: "check", sql: `UPDATE review_scores SET score = 6`},
		{name: "malformed sha256", violate: "check", sql: `UPDATE attachments SET sha256 = 'abc'`},
		{name: "boolean out of range", violate: "check", sql: `UPDATE countries SET lac = 2`, only: migrations.SQLite},
	}
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		loadFixtures(t, db)
		for _, c := range cases {
			if c.only != "" && c.only != dialect {
				continue
			}
			err := inRollback(db, func(tx *gorm.DB) error { return tx.Exec(c.sql, c.args...).Error })
			switch {
			case c.violate == "" && err != nil:
				t.Errorf("%s: %v", c.name, err)
			case c.violate != "" && err == nil:
				t.Errorf("%s: accepted, want a %s violation", c.name, c.violate)
			case c.violate != "" && !strings.Contains(err.Error(), violations[c.violate][dialect]):
				t.Errorf("%s: %v, want a %s violation", c.name, err, c.violate)
			}
		}
		var n int64
		if err := db.Table("audit_entries").Count(&n).Error; err != nil || n != 1 {
			t.Errorf("audit entries after refused changes: %d (err %v), want 1", n, err)
		}
	})
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// TestEnumChecks proves each enum's CHECK accepts exactly the Go values:
// every value is accepted and an unknown one refused.
func TestEnumChecks(t *testing.T) {
	cases := []struct {
		table, column string
		values        []string
	}{
		{"users", "career_level", strs(CareerLevels)},
		{"users", "locale", Languages},
		{"user_roles", "role", strs(Roles)},
		{"user_tokens", "purpose", strs(TokenPurposes)},
		{"countries", "subregion", strs(Subregions)},
		{"countries", "tier", strs(Tiers)},
		{"institutions", "type", strs(InstitutionTypes)},
		{"funding_channels", "kind", strs(ChannelKinds)},
		{"channel_project_types", "project_type", strs(ProjectTypes)},
		{"calls", "status", strs(CallStatuses)},
		{"call_project_types", "project_type", strs(ProjectTypes)},
		{"projects", "type", strs(ProjectTypes)},
		{"projects", "state", strs(workflow.States)},
		{"projects", "lang", Languages},
		{"talent_exchange_details", "career_level", strs(CareerLevels)},
		{"talent_exchange_details", "direction", strs(Directions)},
		{"dialogue_details", "format", strs(DialogueFormats)},
		{"project_institutions", "role", strs(InstitutionRoles)},
		{"budget_lines", "category", strs(BudgetCategories)},
		{"reports", "kind", strs(ReportKinds)},
		{"reports", "status", strs(ReportStatuses)},
		{"attachments", "kind", strs(AttachmentKinds)},
		{"review_assignments", "status", strs(AssignmentStatuses)},
		{"reviews", "recommendation", strs(Recommendations)},
		{"decisions", "decision", strs(DecisionKinds)},
		{"report_spending", "category", strs(BudgetCategories)},
		{"outputs", "kind", strs(OutputKinds)},
		{"outputs", "career_level", strs(CareerLevels)},
		{"outputs", "direction", strs(Directions)},
		{"mail_outbox", "status", strs(MailStatuses)},
		{"mail_outbox", "locale", Languages},
	}
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		loadFixtures(t, db)
		set := func(table, column, value string) error {
			return inRollback(db, func(tx *gorm.DB) error {
				return tx.Table(table).Where("1 = 1").Update(column, value).Error
			})
		}
		for _, c := range cases {
			for _, v := range c.values {
				if err := set(c.table, c.column, v); err != nil {
					t.Errorf("%s.%s = %q refused: %v", c.table, c.column, v, err)
				}
			}
			if err := set(c.table, c.column, "bogus"); err == nil {
				t.Errorf("%s.%s = 'bogus' accepted", c.table, c.column)
			}
		}
		// A tranche's status and paid date go together.
		if err := inRollback(db, func(tx *gorm.DB) error {
			for _, st := range TrancheStatuses {
				var paidOn *Date
				if st == TranchePaid {
					paidOn = &Date{2024, 10, 3}
				}
				if err := tx.Model(&Tranche{ID: 1}).Updates(map[string]any{"status": st, "paid_on": paidOn}).Error; err != nil {
					return err
				}
			}
			return tx.Model(&Tranche{ID: 1}).Update("status", "bogus").Error
		}); err == nil {
			t.Errorf("tranches.status = 'bogus' accepted")
		} else if !strings.Contains(err.Error(), violations["check"][dialect]) {
			t.Errorf("tranche statuses: %v", err)
		}
	})
}

// TestOnDelete checks the deliberate ON DELETE actions: a project's own rows
// go with it, its audit history stays, and deleting a report keeps the
// outputs entered with it.
func TestOnDelete(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		loadFixtures(t, db)
		count := func(tx *gorm.DB, table, where string) int64 {
			var n int64
			if err := tx.Table(table).Where(where).Count(&n).Error; err != nil {
				t.Errorf("count %s: %v", table, err)
			}
			return n
		}
		err := inRollback(db, func(tx *gorm.DB) error {
			if err := tx.Exec(`DELETE FROM projects WHERE id = 1`).Error; err != nil {
				return err
			}
			for _, table := range []string{"project_countries", "project_disciplines", "budget_lines",
				"talent_exchange_details", "reports", "attachments", "review_assignments", "decisions",
				"agreements", "tranches", "outputs", "notifications"} {
				if n := count(tx, table, "project_id = 1"); n != 0 {
					t.Errorf("%s: %d rows left after deleting their project", table, n)
				}
			}
			for _, table := range []string{"reviews", "review_scores", "report_spending", "output_countries"} {
				if n := count(tx, table, "1 = 1"); n != 0 {
					t.Errorf("%s: %d rows left after deleting their project", table, n)
				}
			}
			if n := count(tx, "audit_entries", "project_id = 1"); n != 1 {
				t.Errorf("audit entries of a deleted project: %d, want 1", n)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("delete project: %v", err)
		}
		err = inRollback(db, func(tx *gorm.DB) error {
			if err := tx.Exec(`DELETE FROM reports WHERE id = 1`).Error; err != nil {
				return err
			}
			if n := count(tx, "outputs", "id = 1 AND report_id IS NULL"); n != 1 {
				t.Errorf("output of a deleted report: %d left with report_id NULL, want 1", n)
			}
			if n := count(tx, "attachments", "report_id = 1"); n != 0 {
				t.Errorf("attachments of a deleted report: %d left, want 0", n)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("delete report: %v", err)
		}
	})
}
