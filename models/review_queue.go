package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/puente-science/puente/workflow"
)

// ReviewQueueRow is one assignment in a reviewer's queue. It names the project
// and its call, never the other reviewers.
type ReviewQueueRow struct {
	AssignmentID       int64
	Status             AssignmentStatus
	Round              int
	DueOn              *Date
	AssignedAt         time.Time
	ConflictDeclaredAt *time.Time
	ProjectID          int64
	ProjectCode        string
	ProjectTitle       Texts `gorm:"embedded;embeddedPrefix:title_"`
	ProjectLang        string
	ProjectState       workflow.State
	ProjectRound       int
	CallCode           *string
	CallTitle          Texts      `gorm:"embedded;embeddedPrefix:call_title_"`
	ReviewSavedAt      *time.Time // nil: nothing saved yet
	SubmittedAt        *time.Time
}

// Open reports whether the reviewer can still act on the assignment.
func (r ReviewQueueRow) Open() bool {
	return r.Status == AssignmentAssigned && r.Round == r.ProjectRound && slices.Contains(reviewStates, r.ProjectState)
}

// maxQueue bounds a queue; a reviewer has a handful of assignments a year.
const maxQueue = 500

// ReviewerQueue lists a reviewer's assignments by due date (undated last),
// in one query.
func (s *Store) ReviewerQueue(ctx context.Context, reviewerID int64, desc bool) ([]ReviewQueueRow, error) {
	dir := "ASC"
	if desc {
		dir = "DESC"
	}
	var out []ReviewQueueRow
	err := s.db.WithContext(ctx).Table("review_assignments a").
		Select(`a.id AS assignment_id, a.status, a.round, a.due_on, a.assigned_at, a.conflict_declared_at,
			p.id AS project_id, p.code AS project_code, p.title_en, p.title_es, p.title_pt, p.title_zh, p.lang AS project_lang,
			p.state AS project_state, p.review_round AS project_round, c.code AS call_code,
			c.title_en AS call_title_en, c.title_es AS call_title_es, c.title_pt AS call_title_pt, c.title_zh AS call_title_zh,
			r.updated_at AS review_saved_at, r.submitted_at`).
		Joins("JOIN projects p ON p.id = a.project_id").
		Joins("LEFT JOIN calls c ON c.id = p.call_id").
		Joins("LEFT JOIN reviews r ON r.assignment_id = a.id").
		Where("a.reviewer_id = ?", reviewerID).
		Order("CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END, a.due_on " + dir + ", a.id " + dir).
		Limit(maxQueue).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the queue of reviewer %d: %w", reviewerID, err)
	}
	return out, nil
}
