package models

import (
	"slices"
	"time"
)

// AssignmentStatus is where a reviewer's assignment stands.
type AssignmentStatus string

const (
	AssignmentAssigned         AssignmentStatus = "assigned"
	AssignmentConflictDeclared AssignmentStatus = "conflict_declared" // frees the slot for another reviewer
	AssignmentSubmitted        AssignmentStatus = "submitted"
	AssignmentWithdrawn        AssignmentStatus = "withdrawn"
)

// AssignmentStatuses lists every assignment status.
var AssignmentStatuses = []AssignmentStatus{
	AssignmentAssigned, AssignmentConflictDeclared, AssignmentSubmitted, AssignmentWithdrawn,
}

func (s AssignmentStatus) Valid() bool { return slices.Contains(AssignmentStatuses, s) }

// ReviewAssignment asks one reviewer to review one project.
type ReviewAssignment struct {
	ID                 int64            `gorm:"column:id;primaryKey"`
	ProjectID          int64            `gorm:"column:project_id"`
	ReviewerID         int64            `gorm:"column:reviewer_id"`
	AssignedBy         int64            `gorm:"column:assigned_by"`
	AssignedAt         time.Time        `gorm:"column:assigned_at;autoCreateTime"`
	DueOn              *Date            `gorm:"column:due_on"`
	Status             AssignmentStatus `gorm:"column:status"`
	ConflictDeclaredAt *time.Time       `gorm:"column:conflict_declared_at"`
	ConflictNote       *string          `gorm:"column:conflict_note"`
	RemindedAt         *time.Time       `gorm:"column:reminded_at"`
	// Round is the project's review round the assignment belongs to; a
	// reviewer is assigned at most once per round.
	Round int `gorm:"column:round;default:1"`
}

func (ReviewAssignment) TableName() string { return "review_assignments" }

// Recommendation is a reviewer's advice to the director.
type Recommendation string

const (
	RecommendFund            Recommendation = "fund"
	RecommendFundWithChanges Recommendation = "fund_with_changes"
	RecommendDoNotFund       Recommendation = "do_not_fund"
)

// Recommendations lists every recommendation.
var Recommendations = []Recommendation{RecommendFund, RecommendFundWithChanges, RecommendDoNotFund}

func (r Recommendation) Valid() bool { return slices.Contains(Recommendations, r) }

// Review is a reviewer's scoring of an assignment. It may be saved before it
// is submitted, so Recommendation and WeightedScoreCenti are nil until
// then; the table requires both once SubmittedAt is set.
type Review struct {
	ID                  int64           `gorm:"column:id;primaryKey"`
	AssignmentID        int64           `gorm:"column:assignment_id"`
	Recommendation      *Recommendation `gorm:"column:recommendation"`
	CommentApplicant    string          `gorm:"column:comment_applicant"`
	CommentConfidential string          `gorm:"column:comment_confidential"` // never shown to applicants
	// WeightedScoreCenti is the weighted mean of the criterion scores × 100
	// (100–500), kept as an integer so sorting and averaging stay exact.
	WeightedScoreCenti *int       `gorm:"column:weighted_score_centi"`
	SubmittedAt        *time.Time `gorm:"column:submitted_at"`
	CreatedAt          time.Time  `gorm:"column:created_at"`
	UpdatedAt          time.Time  `gorm:"column:updated_at"`
}

func (Review) TableName() string { return "reviews" }

// ReviewScore is the 1–5 score a review gives one rubric criterion.
type ReviewScore struct {
	ReviewID    int64 `gorm:"column:review_id;primaryKey"`
	CriterionID int64 `gorm:"column:criterion_id;primaryKey"`
	Score       int   `gorm:"column:score"`
}

func (ReviewScore) TableName() string { return "review_scores" }
