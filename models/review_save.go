package models

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// Why a reviewer's change is refused, as message keys.
const (
	ErrKeyReviewClosed  = "review.error.closed"        // submitted, withdrawn, conflicted, or the project moved on
	ErrKeyDeclareFirst  = "review.error.declare_first" // the conflict declaration comes before the scores
	ErrKeyIncomplete    = "review.error.incomplete"    // submitting without every score, the recommendation or the comment
	ErrKeyBadScore      = "review.error.score"         // a score outside 1–5 or of another rubric
	ErrKeyConflictNote  = "review.error.conflict_note" // a conflict needs a note
	ErrKeyTooLong       = "review.error.too_long"      // a comment over MaxReviewCommentLen
	MaxReviewCommentLen = 8000
)

// DeclarationInput is a reviewer's conflict-of-interest declaration.
type DeclarationInput struct {
	AssignmentID int64
	ReviewerID   int64
	Conflict     bool
	Note         string // required with a conflict: what it is
	IP           string
	RequestID    string
	Now          time.Time
}

// ReviewInput is a review saved as a draft or submitted.
type ReviewInput struct {
	AssignmentID        int64
	ReviewerID          int64
	Scores              map[int64]int // criterion id → 1–5; a draft may leave some out
	Overall             int           // 1–5, the one score of a project without a rubric; 0: none yet
	Recommendation      *Recommendation
	CommentApplicant    string
	CommentConfidential string
	Submit              bool
	IP                  string
	RequestID           string
	Now                 time.Time
}

// openAssignment loads the reviewer's assignment and locks its project, so
// that every change to the project's assignments happens one at a time. An
// assignment of someone else is ErrNotFound.
func (s *Store) openAssignment(ctx context.Context, tx *gorm.DB, assignmentID, reviewerID int64) (*ReviewAssignment, *reviewProject, error) {
	var a ReviewAssignment
	if err := tx.Select("project_id, reviewer_id").Where("id = ?", assignmentID).Take(&a).Error; err != nil {
		return nil, nil, fmt.Errorf("store: unable to load assignment %d: %w", assignmentID, notFound(err))
	}
	if a.ReviewerID != reviewerID {
		return nil, nil, fmt.Errorf("store: assignment %d is not reviewer %d's: %w", assignmentID, reviewerID, ErrNotFound)
	}
	p, err := s.lockReviewProject(ctx, tx, a.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	if err := tx.Where("id = ?", assignmentID).Take(&a).Error; err != nil {
		return nil, nil, fmt.Errorf("store: unable to load assignment %d: %w", assignmentID, notFound(err))
	}
	if a.Status != AssignmentAssigned || a.Round != p.ReviewRound || !slices.Contains(reviewStates, p.State) {
		return nil, nil, &ReviewError{Key: ErrKeyReviewClosed}
	}
	return &a, p, nil
}

// DeclareConflict records the reviewer's declaration. No conflict opens the
// scoring form. A conflict ends the assignment and frees its slot; the
// officers concerned (who assigned it, and the project's officer) are told
// so they can assign someone else. A conflict may be declared later too,
// until the review is submitted.
func (s *Store) DeclareConflict(ctx context.Context, in DeclarationInput) error {
	now := in.Now.UTC().Truncate(time.Microsecond)
	if in.Conflict && in.Note == "" {
		return &ReviewError{Key: ErrKeyConflictNote}
	}
	return s.InTx(ctx, func(tx *gorm.DB) error {
		a, p, err := s.openAssignment(ctx, tx, in.AssignmentID, in.ReviewerID)
		if err != nil {
			return err
		}
		if !in.Conflict {
			if a.ConflictDeclaredAt != nil {
				return nil // declared already: nothing changes
			}
			if err := tx.Model(&ReviewAssignment{}).Where("id = ?", a.ID).Update("conflict_declared_at", now).Error; err != nil {
				return fmt.Errorf("store: unable to record the declaration of assignment %d: %w", a.ID, err)
			}
			return s.auditReview(ctx, tx, now, in.ReviewerID, "review.no_conflict", a.ID, p.ID, "", "", in.IP, in.RequestID)
		}
		err = tx.Model(&ReviewAssignment{}).Where("id = ?", a.ID).Updates(map[string]any{
			"status": AssignmentConflictDeclared, "conflict_declared_at": now, "conflict_note": in.Note}).Error
		if err != nil {
			return fmt.Errorf("store: unable to record the conflict of assignment %d: %w", a.ID, err)
		}
		if err := s.auditReview(ctx, tx, now, in.ReviewerID, "review.conflict", a.ID, p.ID, in.Note, "", in.IP, in.RequestID); err != nil {
			return err
		}
		var name string
		if err := tx.Table("users").Where("id = ?", in.ReviewerID).Pluck("name", &name).Error; err != nil {
			return fmt.Errorf("store: unable to load reviewer %d: %w", in.ReviewerID, err)
		}
		params, _ := json.Marshal(map[string]string{"code": p.Code, "name": name})
		to := []int64{a.AssignedBy}
		if p.OfficerID != nil && *p.OfficerID != a.AssignedBy {
			to = append(to, *p.OfficerID)
		}
		notes := make([]Notification, 0, len(to))
		for _, uid := range to {
			notes = append(notes, Notification{UserID: uid, Kind: "review.conflict", ProjectID: &p.ID,
				MessageKey: "notify.review.conflict", Params: string(params), CreatedAt: now})
		}
		return s.Notify(ctx, tx, notes)
	})
}

// SaveReview saves the reviewer's scores, recommendation and comments. A
// submission must be complete: it fixes the weighted score, closes the
// assignment and, in the same transaction, moves the project to
// review_complete when it was the last review the round waited for
// (completed reports that).
func (s *Store) SaveReview(ctx context.Context, in ReviewInput) (completed bool, err error) {
	now := in.Now.UTC().Truncate(time.Microsecond)
	err = s.InTx(ctx, func(tx *gorm.DB) error {
		a, p, err := s.openAssignment(ctx, tx, in.AssignmentID, in.ReviewerID)
		if err != nil {
			return err
		}
		if a.ConflictDeclaredAt == nil {
			return &ReviewError{Key: ErrKeyDeclareFirst}
		}
		var criteria []RubricCriterion
		err = tx.Table("rubric_criteria rc").Select("rc.id, rc.weight").
			Joins("JOIN projects pr ON pr.call_id = rc.call_id").Where("pr.id = ?", p.ID).Find(&criteria).Error
		if err != nil {
			return fmt.Errorf("store: unable to load the rubric of project %d: %w", p.ID, err)
		}
		centi, err := scoreReview(in, criteria)
		if err != nil {
			return err
		}
		var rv Review
		err = tx.Where("assignment_id = ?", a.ID).Limit(1).Find(&rv).Error
		if err != nil {
			return fmt.Errorf("store: unable to load the review of assignment %d: %w", a.ID, err)
		}
		rv.AssignmentID, rv.Recommendation = a.ID, in.Recommendation
		rv.CommentApplicant, rv.CommentConfidential = in.CommentApplicant, in.CommentConfidential
		rv.WeightedScoreCenti, rv.UpdatedAt = centi, now
		if in.Submit {
			rv.SubmittedAt = &now
		}
		if rv.ID == 0 {
			rv.CreatedAt = now
			err = tx.Create(&rv).Error
		} else {
			err = tx.Select("recommendation", "comment_applicant", "comment_confidential", "weighted_score_centi",
				"submitted_at", "updated_at").Updates(&rv).Error
		}
		if err != nil {
			return fmt.Errorf("store: unable to save the review of assignment %d: %w", a.ID, err)
		}
		if err := tx.Where("review_id = ?", rv.ID).Delete(&ReviewScore{}).Error; err != nil {
			return fmt.Errorf("store: unable to replace the scores of review %d: %w", rv.ID, err)
		}
		scores := make([]ReviewScore, 0, len(criteria))
		for _, c := range criteria {
			if v, ok := in.Scores[c.ID]; ok {
				scores = append(scores, ReviewScore{ReviewID: rv.ID, CriterionID: c.ID, Score: v})
			}
		}
		if len(scores) > 0 {
			if err := tx.Create(&scores).Error; err != nil {
				return fmt.Errorf("store: unable to save the scores of review %d: %w", rv.ID, err)
			}
		}
		if !in.Submit {
			return nil
		}
		if err := tx.Model(&ReviewAssignment{}).Where("id = ?", a.ID).Update("status", AssignmentSubmitted).Error; err != nil {
			return fmt.Errorf("store: unable to close assignment %d: %w", a.ID, err)
		}
		meta, _ := json.Marshal(map[string]any{"weighted_score_centi": *centi, "recommendation": *in.Recommendation})
		if err := s.auditReview(ctx, tx, now, in.ReviewerID, "review.submit", a.ID, p.ID, "", string(meta), in.IP, in.RequestID); err != nil {
			return err
		}
		completed, err = s.CompleteReviewIfDone(ctx, tx, p.ID, now)
		return err
	})
	return completed, err
}

// scoreReview checks the scores against the rubric and returns the
// weighted score to store: the overall score × 100 without a rubric, the
// weighted mean on submission, nothing for a draft.
func scoreReview(in ReviewInput, criteria []RubricCriterion) (*int, error) {
	for id, v := range in.Scores {
		if v < 1 || v > 5 || !slices.ContainsFunc(criteria, func(c RubricCriterion) bool { return c.ID == id }) {
			return nil, &ReviewError{Key: ErrKeyBadScore}
		}
	}
	if in.Overall != 0 && (in.Overall < 1 || in.Overall > 5 || len(criteria) > 0) {
		return nil, &ReviewError{Key: ErrKeyBadScore}
	}
	if in.Recommendation != nil && !in.Recommendation.Valid() {
		return nil, &ReviewError{Key: ErrKeyBadScore}
	}
	if len(in.CommentApplicant) > MaxReviewCommentLen || len(in.CommentConfidential) > MaxReviewCommentLen {
		return nil, &ReviewError{Key: ErrKeyTooLong}
	}
	if in.Submit {
		complete := in.Recommendation != nil && in.CommentApplicant != "" && len(in.Scores) == len(criteria)
		if len(criteria) == 0 {
			complete = complete && in.Overall != 0
		}
		if !complete {
			return nil, &ReviewError{Key: ErrKeyIncomplete}
		}
	}
	switch {
	case len(criteria) == 0 && in.Overall != 0:
		v := in.Overall * 100
		return &v, nil
	case len(criteria) > 0 && in.Submit:
		v := WeightedScoreCenti(criteria, in.Scores)
		return &v, nil
	}
	return nil, nil
}
