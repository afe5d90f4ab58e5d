package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/puente-science/puente/workflow"
)

// ReviewSheet is one assignment as its reviewer works on it: the project
// it concerns, the declaration, the rubric and the review saved so far.
type ReviewSheet struct {
	AssignmentID       int64
	ReviewerID         int64
	Status             AssignmentStatus
	Round              int
	DueOn              *Date
	ConflictDeclaredAt *time.Time // when the reviewer declared, conflict or not
	ConflictNote       *string

	ProjectID    int64
	ProjectCode  string
	ProjectTitle Texts `gorm:"embedded;embeddedPrefix:title_"`
	ProjectLang  string
	ProjectState workflow.State
	ProjectRound int
	CallID       *int64
	CallCode     *string
	CallTitle    Texts `gorm:"embedded;embeddedPrefix:call_title_"`

	ReviewID            *int64
	Recommendation      *Recommendation
	CommentApplicant    *string
	CommentConfidential *string
	WeightedScoreCenti  *int
	SubmittedAt         *time.Time
	SavedAt             *time.Time

	// Criteria are the call's rubric, in order; none for a project without
	// a call, which is then given one overall score.
	Criteria []RubricCriterion `gorm:"-"`
	Scores   map[int64]int     `gorm:"-"` // criterion id → 1–5
}

// Open reports whether the reviewer may still change the assignment: it
// is theirs to do, of the current round, on a project under review.
func (r *ReviewSheet) Open() bool {
	return r.Status == AssignmentAssigned && r.Round == r.ProjectRound && slices.Contains(reviewStates, r.ProjectState)
}

// Declared reports whether the reviewer has declared, either way.
func (r *ReviewSheet) Declared() bool {
	return r.ConflictDeclaredAt != nil || r.Status == AssignmentConflictDeclared
}

// OverallScore is the score of a review without a rubric, 1–5 (0: none).
func (r *ReviewSheet) OverallScore() int {
	if len(r.Criteria) > 0 || r.WeightedScoreCenti == nil {
		return 0
	}
	return *r.WeightedScoreCenti / 100
}

// ReviewSheetByID loads an assignment with its project, rubric, review and
// scores in three queries. The caller checks it is the reader's.
func (s *Store) ReviewSheetByID(ctx context.Context, assignmentID int64) (*ReviewSheet, error) {
	db := s.db.WithContext(ctx)
	var r ReviewSheet
	res := db.Table("review_assignments a").Select(`a.id AS assignment_id, a.reviewer_id, a.status, a.round, a.due_on,
		a.conflict_declared_at, a.conflict_note,
		p.id AS project_id, p.code AS project_code, p.title_en, p.title_es, p.title_pt, p.title_zh, p.lang AS project_lang,
		p.state AS project_state, p.review_round AS project_round, p.call_id, c.code AS call_code,
		c.title_en AS call_title_en, c.title_es AS call_title_es, c.title_pt AS call_title_pt, c.title_zh AS call_title_zh,
		r.id AS review_id, r.recommendation, r.comment_applicant, r.comment_confidential, r.weighted_score_centi,
		r.submitted_at, r.updated_at AS saved_at`).
		Joins("JOIN projects p ON p.id = a.project_id").
		Joins("LEFT JOIN calls c ON c.id = p.call_id").
		Joins("LEFT JOIN reviews r ON r.assignment_id = a.id").
		Where("a.id = ?", assignmentID).Scan(&r)
	if res.Error != nil {
		return nil, fmt.Errorf("store: unable to load assignment %d: %w", assignmentID, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("store: unable to load assignment %d: %w", assignmentID, ErrNotFound)
	}
	if r.CallID != nil {
		if err := db.Where("call_id = ?", *r.CallID).Order("position, id").Find(&r.Criteria).Error; err != nil {
			return nil, fmt.Errorf("store: unable to load the rubric of assignment %d: %w", assignmentID, err)
		}
	}
	r.Scores = map[int64]int{}
	if r.ReviewID != nil {
		var scores []ReviewScore
		if err := db.Where("review_id = ?", *r.ReviewID).Find(&scores).Error; err != nil {
			return nil, fmt.Errorf("store: unable to load the scores of assignment %d: %w", assignmentID, err)
		}
		for _, sc := range scores {
			r.Scores[sc.CriterionID] = sc.Score
		}
	}
	return &r, nil
}

// WeightedScoreCenti is round(100 × Σ(score × weight) / Σ weight), in
// integers: half a hundredth rounds up.
func WeightedScoreCenti(criteria []RubricCriterion, scores map[int64]int) int {
	var num, den int64
	for _, c := range criteria {
		num += int64(scores[c.ID]) * int64(c.Weight)
		den += int64(c.Weight)
	}
	if den == 0 {
		return 0
	}
	return int((200*num + den) / (2 * den))
}
