package models

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"github.com/puente-science/puente/migrations"
)

// TestReviewRoundsMigrationKeepsReviews migrates a database holding
// assignments, reviews and scores in the shape before review rounds (00004)
// up through 00005 and checks that every row survives, with its foreign keys
// intact, and that the new key lets a reviewer review the next round.
func TestReviewRoundsMigrationKeepsReviews(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		ctx := context.Background()
		sqlDB := migratedDownTo(t, db, dialect, 4)

		for _, fx := range schemaFixtures() {
			if _, ok := fx.value.(*Project); ok {
				if err := db.Omit("review_round").Create(fx.value).Error; err != nil {
					t.Fatalf("insert project: %v", err)
				}
				break
			}
			q := db
			if _, ok := fx.value.(*User); ok {
				q = db.Omit("calendar_token_hash") // 00006 renamed calendar_token
			}
			if err := q.Create(fx.value).Error; err != nil {
				t.Fatalf("insert %T: %v", fx.value, err)
			}
		}
		old := []string{
			`INSERT INTO users (id, email, name, locale, time_zone, active) VALUES (2, 'rui@example.org', 'Rui', 'en', 'UTC', true)`,
			`INSERT INTO rubric_criteria (id, call_id, position, name_en, weight) VALUES (2, 1, 2, 'Impact', 1)`,
			`INSERT INTO review_assignments (id, project_id, reviewer_id, assigned_by, due_on, status, conflict_note)
				VALUES (1, 1, 1, 1, '2024-04-01', 'submitted', NULL), (2, 1, 2, 1, '2024-04-02', 'conflict_declared', 'my student')`,
			`INSERT INTO reviews (id, assignment_id, recommendation, comment_applicant, comment_confidential, weighted_score_centi, submitted_at)
				VALUES (1, 1, 'fund', 'clear', 'strong', 375, CURRENT_TIMESTAMP)`,
			`INSERT INTO review_scores (review_id, criterion_id, score) VALUES (1, 1, 4), (1, 2, 3)`,
		}
		if dialect == migrations.SQLite {
			old[0] = `INSERT INTO users (id, email, name, locale, time_zone, active) VALUES (2, 'rui@example.org', 'Rui', 'en', 'UTC', 1)`
		}
		for _, q := range old {
			if err := db.Exec(q).Error; err != nil {
				t.Fatalf("old shape: %v\n%s", err, q)
			}
		}

		if _, err := migrations.Up(ctx, sqlDB, dialect); err != nil {
			t.Fatalf("up: %v", err)
		}

		var as []ReviewAssignment
		if err := db.Order("id").Find(&as).Error; err != nil {
			t.Fatal(err)
		}
		if len(as) != 2 || as[0].Status != AssignmentSubmitted || as[1].Status != AssignmentConflictDeclared ||
			as[1].ConflictNote == nil || *as[1].ConflictNote != "my student" || as[0].Round != 1 || as[1].Round != 1 ||
			as[0].DueOn == nil || *as[0].DueOn != (Date{2024, 4, 1}) {
			t.Fatalf("assignments after up: %+v", as)
		}
		var rv Review
		if err := db.First(&rv, 1).Error; err != nil {
			t.Fatalf("review after up: %v", err)
		}
		if rv.AssignmentID != 1 || rv.WeightedScoreCenti == nil || *rv.WeightedScoreCenti != 375 || rv.CommentConfidential != "strong" {
			t.Fatalf("review after up: %+v", rv)
		}
		var scores []ReviewScore
		if err := db.Order("criterion_id").Find(&scores).Error; err != nil || len(scores) != 2 || scores[1].Score != 3 {
			t.Fatalf("scores after up: %+v (%v)", scores, err)
		}
		var pr Project
		if err := db.First(&pr, 1).Error; err != nil || pr.ReviewRound != 1 {
			t.Fatalf("project after up: round %d (%v)", pr.ReviewRound, err)
		}

		if dialect == migrations.SQLite {
			var bad []map[string]any
			if err := db.Raw(`PRAGMA foreign_key_check`).Scan(&bad).Error; err != nil || len(bad) != 0 {
				t.Fatalf("foreign_key_check: %v (%v)", bad, err)
			}
			var n int64
			if err := db.Raw(`SELECT COUNT(*) FROM sqlite_master
				WHERE instr(sql, 'review_assignments_new') > 0 OR instr(sql, 'reviews_new') > 0 OR instr(name, '_new') > 0`).Scan(&n).Error; err != nil || n != 0 {
				t.Fatalf("%d schema objects still name the *_new tables (%v)", n, err)
			}
		}

		// The same reviewer again in round 2; not twice in one round. (Ids are
		// explicit: the rows above set theirs, so no sequence moved on.)
		again := ReviewAssignment{ID: 10, ProjectID: 1, ReviewerID: 1, AssignedBy: 1, Status: AssignmentAssigned, Round: 2}
		if err := db.Create(&again).Error; err != nil {
			t.Fatalf("round 2 assignment: %v", err)
		}
		twice := ReviewAssignment{ID: 11, ProjectID: 1, ReviewerID: 1, AssignedBy: 1, Status: AssignmentAssigned, Round: 2}
		if err := db.Create(&twice).Error; err == nil {
			t.Fatal("a second assignment of one reviewer in one round was accepted")
		}

		// The rebuilt foreign keys still cascade from the project down.
		if err := db.Exec(`DELETE FROM projects WHERE id = 1`).Error; err != nil {
			t.Fatalf("delete project: %v", err)
		}
		for _, table := range []string{"review_assignments", "reviews", "review_scores"} {
			var n int64
			if err := db.Table(table).Count(&n).Error; err != nil || n != 0 {
				t.Errorf("%s: %d rows left after the project was deleted (%v)", table, n, err)
			}
		}
		if err := db.First(&Review{}, 1).Error; !errors.Is(err, gorm.ErrRecordNotFound) {
			t.Errorf("review after cascade: %v", err)
		}
	})
}
