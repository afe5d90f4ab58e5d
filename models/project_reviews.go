package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ProjectReview is one assignment of a project, of any round, with its
// review when one was started. Reviewer names, scores, recommendations and
// confidential comments are for the bureau only: the handler decides who
// sees which field.
type ProjectReview struct {
	AssignmentID        int64
	Round               int
	CurrentRound        int // the project's round under way
	ReviewerID          int64
	ReviewerName        string
	Status              AssignmentStatus
	DueOn               *Date
	ReviewID            *int64
	Recommendation      *Recommendation
	CommentApplicant    *string
	CommentConfidential *string
	WeightedScoreCenti  *int
	SubmittedAt         *time.Time
}

// Submitted reports whether the review counts: submitted, on an assignment
// marked submitted.
func (r ProjectReview) Submitted() bool {
	return r.SubmittedAt != nil && r.Status == AssignmentSubmitted && r.ReviewID != nil
}

// ProjectReviewScore is one criterion score of one review.
type ProjectReviewScore struct {
	ReviewID    int64
	CriterionID int64
	Position    int
	Weight      int
	Name        Texts `gorm:"embedded;embeddedPrefix:name_"`
	Score       int
}

// ProjectReviews returns every assignment of a project, all rounds, newest
// round first and in the order they were made, in one statement.
func (s *Store) ProjectReviews(ctx context.Context, projectID int64) ([]ProjectReview, error) {
	var out []ProjectReview
	err := s.db.WithContext(ctx).Table("review_assignments a").
		Select(`a.id AS assignment_id, a.round, p.review_round AS current_round, a.reviewer_id, u.name AS reviewer_name,
			a.status, a.due_on, r.id AS review_id, r.recommendation, r.comment_applicant, r.comment_confidential,
			r.weighted_score_centi, r.submitted_at`).
		Joins("JOIN projects p ON p.id = a.project_id").
		Joins("JOIN users u ON u.id = a.reviewer_id").
		Joins("LEFT JOIN reviews r ON r.assignment_id = a.id").
		Where("a.project_id = ?", projectID).
		Order("a.round DESC, a.assigned_at, a.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the reviews of project %d: %w", projectID, err)
	}
	return out, nil
}

// ProjectReviewScores returns the criterion scores of a project's
// submitted reviews, every round, in rubric order, in one statement.
func (s *Store) ProjectReviewScores(ctx context.Context, projectID int64) ([]ProjectReviewScore, error) {
	var out []ProjectReviewScore
	err := s.db.WithContext(ctx).Table("review_scores rs").
		Select(`rs.review_id, rs.criterion_id, rc.position, rc.weight,
			rc.name_en, rc.name_es, rc.name_pt, rc.name_zh, rs.score`).
		Joins("JOIN reviews r ON r.id = rs.review_id").
		Joins("JOIN review_assignments a ON a.id = r.assignment_id").
		Joins("JOIN rubric_criteria rc ON rc.id = rs.criterion_id").
		Where("a.project_id = ? AND r.submitted_at IS NOT NULL", projectID).
		Order("rs.review_id, rc.position, rc.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the review scores of project %d: %w", projectID, err)
	}
	return out, nil
}

// LatestDecision returns the most recent decision on a project, or
// ErrNotFound when none was taken.
func (s *Store) LatestDecision(ctx context.Context, projectID int64) (*Decision, error) {
	var d Decision
	err := s.db.WithContext(ctx).Select("id, project_id, decision, director_id, award_minor, conditions, comment, decided_at").
		Where("project_id = ?", projectID).Order("decided_at DESC, id DESC").Take(&d).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the decision on project %d: %w", projectID, notFound(err))
	}
	return &d, nil
}

// AwardLimit is the call's cap per project, what the approve form shows
// beside the award; ok is false for a project without a call.
func (s *Store) AwardLimit(ctx context.Context, callID *int64) (capMinor int64, currency string, ok bool, err error) {
	if callID == nil {
		return 0, "", false, nil
	}
	var c Call
	err = s.db.WithContext(ctx).Select("budget_cap_minor, currency").Where("id = ?", *callID).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, "", false, nil
	}
	if err != nil {
		return 0, "", false, fmt.Errorf("store: unable to load the cap of call %d: %w", *callID, err)
	}
	return c.BudgetCapMinor, c.Currency, true, nil
}
