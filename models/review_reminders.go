package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Reminders go out when a pending review is due within ReminderLead or
// overdue, and again every ReminderEvery while it stays pending.
const (
	ReminderLead  = 3 * 24 * time.Hour
	ReminderEvery = 3 * 24 * time.Hour
)

// RemindReviewers notifies the reviewers of pending assignments of the
// current round of projects under review that are due soon or overdue, at
// most once per ReminderEvery each, and returns how many it reminded. Each
// reminder claims its assignment with a conditional update in its own
// transaction, so two servers running this at once remind once.
func (s *Store) RemindReviewers(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC().Truncate(time.Microsecond)
	dueBy := DateOf(now.Add(ReminderLead))
	before := now.Add(-ReminderEvery)
	var due []struct {
		ID         int64
		ReviewerID int64
		ProjectID  int64
		Code       string
		DueOn      Date
	}
	err := s.db.WithContext(ctx).Table("review_assignments a").
		Select("a.id, a.reviewer_id, a.project_id, p.code, a.due_on").
		Joins("JOIN projects p ON p.id = a.project_id AND p.review_round = a.round").
		Where("a.status = ? AND p.state IN ? AND a.due_on IS NOT NULL AND a.due_on <= ?", AssignmentAssigned, reviewStates, dueBy).
		Where("a.reminded_at IS NULL OR a.reminded_at < ?", before).
		Order("a.id").Scan(&due).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to find reviews to remind: %w", err)
	}
	sent := 0
	for _, d := range due {
		claimed := false
		err := s.InTx(ctx, func(tx *gorm.DB) error {
			res := tx.Model(&ReviewAssignment{}).
				Where("id = ? AND status = ? AND (reminded_at IS NULL OR reminded_at < ?)", d.ID, AssignmentAssigned, before).
				Update("reminded_at", now)
			if res.Error != nil {
				return fmt.Errorf("store: unable to claim the reminder of assignment %d: %w", d.ID, res.Error)
			}
			if res.RowsAffected == 0 {
				return nil // another server reminded, or the review arrived
			}
			claimed = true
			due := d.DueOn
			return s.Notify(ctx, tx, []Notification{{UserID: d.ReviewerID, Kind: "review.reminder", ProjectID: &d.ProjectID,
				MessageKey: "notify.review.reminder", Params: reviewParams(d.Code, &due), CreatedAt: now}})
		})
		if err != nil {
			return sent, err
		}
		if claimed {
			sent++
		}
	}
	return sent, nil
}
