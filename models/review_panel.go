package models

import (
	"context"
	"fmt"
	"time"
)

// AssignmentRow is one assignment as the officer's reviewers page shows
// it: who, since when, until when, and how far they have got.
type AssignmentRow struct {
	ID                 int64
	ReviewerID         int64
	ReviewerName       string
	ReviewerEmail      string
	InstitutionName    *string
	Round              int
	Status             AssignmentStatus
	AssignedAt         time.Time
	DueOn              *Date
	RemindedAt         *time.Time
	ConflictDeclaredAt *time.Time
	ConflictNote       *string
	ReviewSavedAt      *time.Time // the review's last save, nil before the first
	SubmittedAt        *time.Time
	WeightedScoreCenti *int
	Recommendation     *Recommendation
}

// ProjectAssignments lists every assignment of a project, latest round
// first, in one query.
func (s *Store) ProjectAssignments(ctx context.Context, projectID int64) ([]AssignmentRow, error) {
	var out []AssignmentRow
	err := s.db.WithContext(ctx).Table("review_assignments a").
		Select(`a.id, a.reviewer_id, u.name AS reviewer_name, u.email AS reviewer_email, i.name AS institution_name,
			a.round, a.status, a.assigned_at, a.due_on, a.reminded_at, a.conflict_declared_at, a.conflict_note,
			r.updated_at AS review_saved_at, r.submitted_at, r.weighted_score_centi, r.recommendation`).
		Joins("JOIN users u ON u.id = a.reviewer_id").
		Joins("LEFT JOIN institutions i ON i.id = u.institution_id").
		Joins("LEFT JOIN reviews r ON r.assignment_id = a.id").
		Where("a.project_id = ?", projectID).
		Order("a.round DESC, a.assigned_at, a.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the reviewers of project %d: %w", projectID, err)
	}
	return out, nil
}
