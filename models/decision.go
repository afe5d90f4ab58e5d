package models

import (
	"slices"
	"time"
)

// DecisionKind is what a director decided on a reviewed application.
type DecisionKind string

const (
	DecisionApprove         DecisionKind = "approve"
	DecisionReject          DecisionKind = "reject"
	DecisionRequestRevision DecisionKind = "request_revision"
)

// DecisionKinds lists every decision.
var DecisionKinds = []DecisionKind{DecisionApprove, DecisionReject, DecisionRequestRevision}

func (k DecisionKind) Valid() bool { return slices.Contains(DecisionKinds, k) }

// Decision records a director's decision; a project revised and resubmitted
// collects one per round.
type Decision struct {
	ID         int64        `gorm:"column:id;primaryKey"`
	ProjectID  int64        `gorm:"column:project_id"`
	Decision   DecisionKind `gorm:"column:decision"`
	DirectorID int64        `gorm:"column:director_id"`
	AwardMinor *int64       `gorm:"column:award_minor"` // required when approving
	Conditions *string      `gorm:"column:conditions"`
	Comment    *string      `gorm:"column:comment"`
	DecidedAt  time.Time    `gorm:"column:decided_at;autoCreateTime"`
}

func (Decision) TableName() string { return "decisions" }

// Agreement is the signed grant agreement of an approved project.
type Agreement struct {
	ID         int64     `gorm:"column:id;primaryKey"`
	ProjectID  int64     `gorm:"column:project_id"` // one agreement per project
	SignedOn   Date      `gorm:"column:signed_on"`
	StartsOn   Date      `gorm:"column:starts_on"`
	EndsOn     Date      `gorm:"column:ends_on"`
	Conditions *string   `gorm:"column:conditions"`
	RecordedBy int64     `gorm:"column:recorded_by"`
	CreatedAt  time.Time `gorm:"column:created_at"`
}

func (Agreement) TableName() string { return "agreements" }

// TrancheStatus is whether a scheduled payment has been made.
type TrancheStatus string

const (
	TranchePlanned   TrancheStatus = "planned"
	TranchePaid      TrancheStatus = "paid" // requires paid_on
	TrancheCancelled TrancheStatus = "cancelled"
)

// TrancheStatuses lists every tranche status.
var TrancheStatuses = []TrancheStatus{TranchePlanned, TranchePaid, TrancheCancelled}

func (s TrancheStatus) Valid() bool { return slices.Contains(TrancheStatuses, s) }

// Tranche is one scheduled payment of an agreement, in the project's
// currency.
type Tranche struct {
	ID          int64         `gorm:"column:id;primaryKey"`
	ProjectID   int64         `gorm:"column:project_id"`
	AgreementID int64         `gorm:"column:agreement_id"`
	Seq         int           `gorm:"column:seq"` // 1, 2, … within the agreement
	PlannedOn   Date          `gorm:"column:planned_on"`
	AmountMinor int64         `gorm:"column:amount_minor"`
	Status      TrancheStatus `gorm:"column:status"`
	PaidOn      *Date         `gorm:"column:paid_on"`
	UpdatedAt   time.Time     `gorm:"column:updated_at"`
}

func (Tranche) TableName() string { return "tranches" }
