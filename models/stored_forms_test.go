package models

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/migrations"
)

// TestStoredForms pins how values look inside the database, which raw SQL
// (summaries, sorting) relies on: on SQLite, times are UTC text that sorts
// chronologically, dates are 'YYYY-MM-DD' and booleans 0/1; on both, a
// default timestamp reads back as a time.
func TestStoredForms(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		loadFixtures(t, db)
		if dialect == migrations.SQLite {
			var row struct{ At, Due, Lead string }
			err := db.Raw(`SELECT p.state_changed_at || '|' || typeof(p.state_changed_at) AS at,
				r.due_on || '|' || typeof(r.due_on) AS due, pc.lead || '|' || typeof(pc.lead) AS lead
				FROM projects p JOIN reports r ON r.project_id = p.id
				JOIN project_countries pc ON pc.project_id = p.id`).Scan(&row).Error
			if err != nil {
				t.Fatal(err)
			}
			want := struct{ At, Due, Lead string }{"2024-04-14 06:07:08.123456+00:00|text", "2025-04-30|text", "1|integer"}
			if row != want {
				t.Errorf("stored forms = %+v, want %+v", row, want)
			}
		}
		// GORM writes every field on insert, so column defaults only apply
		// where a default: tag hands the zero value over to them.
		u := User{ID: 2, Email: "b@example.org", Name: "B"}
		r := Report{ID: 2, ProjectID: 1, Kind: ReportFinal, Seq: 1, DueOn: Date{2025, 10, 31}, Status: ReportDue}
		n := Notification{ID: 2, UserID: 2, Kind: "k", MessageKey: "m"}
		m := MailOutbox{ID: 2, ToAddress: "b@example.org", Locale: "en", Subject: "s", BodyText: "t"}
		for _, v := range []any{&u, &r, &n, &m} {
			if err := db.Create(v).Error; err != nil {
				t.Fatalf("insert %T with defaults: %v", v, err)
			}
		}
		if u.Locale != "en" || u.TimeZone != "UTC" || r.Version != 1 || n.Params != "{}" || m.Status != MailPending {
			t.Errorf("defaults: locale %q, time zone %q, version %d, params %q, status %q",
				u.Locale, u.TimeZone, r.Version, n.Params, m.Status)
		}
		if err := db.Exec(`INSERT INTO audit_entries (id, action, entity) VALUES (2, 'auth.login', 'user')`).Error; err != nil {
			t.Fatal(err)
		}
		var e AuditEntry
		if err := db.First(&e, 2).Error; err != nil {
			t.Fatalf("read defaulted row: %v", err)
		}
		if d := time.Since(e.At); d < -time.Minute || d > time.Minute {
			t.Errorf("default at = %v, want about now", e.At)
		}
	})
}
