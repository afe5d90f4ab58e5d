package models

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/migrations"
)

// TestStateStays migrates a database holding a project's audit trail up
// through 00008 (the backfill) and appends a transition afterwards (the
// trigger): every stay starts and ends where the trail says, a comment
// without a move changes nothing, and the stay in progress stays open.
func TestStateStays(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		ctx := context.Background()
		sqlDB := migratedDownTo(t, db, dialect, 7)
		for _, fx := range schemaFixtures() {
			if err := db.Create(fx.value).Error; err != nil {
				t.Fatalf("insert %T: %v", fx.value, err)
			}
			if _, ok := fx.value.(*Project); ok {
				break
			}
		}
		t0 := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
		move := func(at time.Duration, from, to string) *AuditEntry {
			a := &AuditEntry{At: t0.Add(at), Action: "project.move", Entity: "project", EntityID: fxPtr(int64(1)), ProjectID: fxPtr(int64(1))}
			if from != "" {
				a.FromState = &from
			}
			if to != "" {
				a.ToState = &to
			}
			return a
		}
		day := 24 * time.Hour
		before := []*AuditEntry{
			move(0, "", "draft"),
			move(3*day, "draft", "submitted"),
			move(5*day+12*time.Hour, "submitted", "in_review"),
			move(6*day, "", ""), // a comment: no move
			move(15*day, "in_review", "review_complete"),
		}
		for _, a := range before {
			if err := db.Create(a).Error; err != nil {
				t.Fatal(err)
			}
		}
		if _, err := migrations.Up(ctx, sqlDB, dialect); err != nil {
			t.Fatalf("up: %v", err)
		}
		if err := db.Create(move(16*day+7*time.Hour+12*time.Minute, "review_complete", "approved")).Error; err != nil {
			t.Fatal(err)
		}
		var got []StateStayRow
		if err := db.Where("project_id = 1").Order("entered_at").Find(&got).Error; err != nil {
			t.Fatal(err)
		}
		want := []struct {
			state  string
			tenths int64 // -1: open
		}{{"draft", 30}, {"submitted", 25}, {"in_review", 95}, {"review_complete", 13}, {"approved", -1}}
		if len(got) != len(want) {
			t.Fatalf("stays: %+v", got)
		}
		for i, w := range want {
			g := got[i]
			switch {
			case g.State != w.state:
				t.Errorf("stay %d: state %s, want %s", i, g.State, w.state)
			case w.tenths < 0 && (g.LeftAt != nil || g.Tenths != nil):
				t.Errorf("stay %d (%s) should be open: %+v", i, w.state, g)
			case w.tenths >= 0 && (g.Tenths == nil || *g.Tenths != w.tenths || g.LeftAt == nil):
				t.Errorf("stay %d (%s): tenths %v, want %d", i, w.state, g.Tenths, w.tenths)
			}
		}
	})
}
