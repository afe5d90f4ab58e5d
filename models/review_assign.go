package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/workflow"
)

// Why an assignment is refused, as message keys.
const (
	ErrKeyNotAssignable   = "review.error.not_assignable"   // the project is not submitted or in review
	ErrKeyNotReviewer     = "review.error.not_reviewer"     // no active reviewer of that id
	ErrKeyOwnProject      = "review.error.own_project"      // the applicant cannot review their own project
	ErrKeyAlreadyAssigned = "review.error.already_assigned" // active in this round already
	ErrKeyConflictBefore  = "review.error.conflict_before"  // declared a conflict in this round
	ErrKeyNotWithdrawable = "review.error.not_withdrawable" // submitted, or no longer active
)

// ReviewError is a refusal with a message key; ReviewerID names the
// reviewer it concerns, when one does.
type ReviewError struct {
	Key        string
	ReviewerID int64
}

func (e *ReviewError) Error() string { return "review refused: " + e.Key }

// reviewStates are the states in which reviewers are assigned and review.
var reviewStates = []workflow.State{workflow.Submitted, workflow.InReview}

// AssignableState reports whether reviewers may be assigned in a state.
func AssignableState(s workflow.State) bool { return s == workflow.Submitted || s == workflow.InReview }

// reviewProject is what assigning and reviewing need of a project.
type reviewProject struct {
	ID                int64
	Code              string
	State             workflow.State
	PIUserID          int64
	OfficerID         *int64
	ReviewRound       int
	HostInstitutionID *int64
}

// lockReviewProject loads a project and, on PostgreSQL, locks its row for
// the transaction, so assignments and the review that completes a round
// are judged one at a time.
func (s *Store) lockReviewProject(ctx context.Context, tx *gorm.DB, id int64) (*reviewProject, error) {
	db := s.tx(ctx, tx).Table("projects").Select("id, code, state, pi_user_id, officer_id, review_round, host_institution_id")
	if s.dialect == migrations.Postgres {
		db = db.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var p reviewProject
	res := db.Where("id = ?", id).Take(&p)
	if res.Error != nil {
		return nil, fmt.Errorf("store: unable to lock project %d: %w", id, notFound(res.Error))
	}
	return &p, nil
}

// AssignInput assigns reviewers to the current round of a project.
type AssignInput struct {
	ProjectID   int64
	ReviewerIDs []int64
	DueOn       Date
	ActorID     int64
	IP          string
	RequestID   string
	Now         time.Time
}

// AssignReviewers assigns each reviewer to the project's current round in
// one transaction, with an audit entry and a notification each. A reviewer
// the officer withdrew earlier in the round is assigned again; one who
// declared a conflict in it is not. Any refusal is a *ReviewError and
// assigns nobody.
func (s *Store) AssignReviewers(ctx context.Context, in AssignInput) error {
	now := in.Now.UTC().Truncate(time.Microsecond)
	return s.InTx(ctx, func(tx *gorm.DB) error {
		p, err := s.lockReviewProject(ctx, tx, in.ProjectID)
		if err != nil {
			return err
		}
		if !AssignableState(p.State) {
			return &ReviewError{Key: ErrKeyNotAssignable}
		}
		var eligible []int64
		err = tx.Table("users u").Joins("JOIN user_roles r ON r.user_id = u.id AND r.role = ?", RoleReviewer).
			Where("u.id IN ? AND u.active = ?", in.ReviewerIDs, true).Pluck("u.id", &eligible).Error
		if err != nil {
			return fmt.Errorf("store: unable to check reviewers: %w", err)
		}
		var existing []ReviewAssignment
		err = tx.Where("project_id = ? AND round = ? AND reviewer_id IN ?", p.ID, p.ReviewRound, in.ReviewerIDs).Find(&existing).Error
		if err != nil {
			return fmt.Errorf("store: unable to load assignments of project %d: %w", p.ID, err)
		}
		byReviewer := map[int64]ReviewAssignment{}
		for _, a := range existing {
			byReviewer[a.ReviewerID] = a
		}
		due := in.DueOn
		var notes []Notification
		for _, rid := range in.ReviewerIDs {
			switch {
			case rid == p.PIUserID:
				return &ReviewError{Key: ErrKeyOwnProject, ReviewerID: rid}
			case !slices.Contains(eligible, rid):
				return &ReviewError{Key: ErrKeyNotReviewer, ReviewerID: rid}
			}
			a, had := byReviewer[rid]
			switch {
			case had && a.Status == AssignmentConflictDeclared:
				return &ReviewError{Key: ErrKeyConflictBefore, ReviewerID: rid}
			case had && a.Status != AssignmentWithdrawn:
				return &ReviewError{Key: ErrKeyAlreadyAssigned, ReviewerID: rid}
			case had:
				res := tx.Model(&ReviewAssignment{}).Where("id = ? AND status = ?", a.ID, AssignmentWithdrawn).
					Updates(map[string]any{"status": AssignmentAssigned, "assigned_by": in.ActorID, "assigned_at": now,
						"due_on": due, "reminded_at": nil, "conflict_declared_at": nil})
				if res.Error != nil {
					return fmt.Errorf("store: unable to reassign %d: %w", a.ID, res.Error)
				}
			default:
				a = ReviewAssignment{ProjectID: p.ID, ReviewerID: rid, AssignedBy: in.ActorID, AssignedAt: now,
					DueOn: &due, Status: AssignmentAssigned, Round: p.ReviewRound}
				if err := tx.Create(&a).Error; err != nil {
					if isUniqueViolation(err) {
						return &ReviewError{Key: ErrKeyAlreadyAssigned, ReviewerID: rid}
					}
					return fmt.Errorf("store: unable to assign reviewer %d: %w", rid, err)
				}
			}
			meta, _ := json.Marshal(map[string]any{"reviewer_id": rid, "round": p.ReviewRound, "due_on": due.String()})
			if err := s.auditReview(ctx, tx, now, in.ActorID, "review.assign", a.ID, p.ID, "", string(meta), in.IP, in.RequestID); err != nil {
				return err
			}
			notes = append(notes, Notification{UserID: rid, Kind: "review.assigned", ProjectID: &p.ID,
				MessageKey: "notify.review.assigned", Params: reviewParams(p.Code, &due), CreatedAt: now})
		}
		return s.Notify(ctx, tx, notes)
	})
}

// WithdrawAssignment ends an assignment that has not been submitted: the
// officer takes the application back from the reviewer. The reviewer is not
// notified (their queue shows it); the audit log records it.
func (s *Store) WithdrawAssignment(ctx context.Context, projectID, assignmentID, actorID int64, ip, requestID string, now time.Time) error {
	now = now.UTC().Truncate(time.Microsecond)
	return s.InTx(ctx, func(tx *gorm.DB) error {
		p, err := s.lockReviewProject(ctx, tx, projectID)
		if err != nil {
			return err
		}
		res := tx.Model(&ReviewAssignment{}).
			Where("id = ? AND project_id = ? AND round = ? AND status = ?", assignmentID, p.ID, p.ReviewRound, AssignmentAssigned).
			Update("status", AssignmentWithdrawn)
		if res.Error != nil {
			return fmt.Errorf("store: unable to withdraw assignment %d: %w", assignmentID, res.Error)
		}
		if res.RowsAffected == 0 {
			var n int64
			if err := tx.Model(&ReviewAssignment{}).Where("id = ? AND project_id = ?", assignmentID, p.ID).Count(&n).Error; err != nil {
				return fmt.Errorf("store: unable to find assignment %d: %w", assignmentID, err)
			}
			if n == 0 {
				return fmt.Errorf("store: assignment %d of project %d: %w", assignmentID, p.ID, ErrNotFound)
			}
			return &ReviewError{Key: ErrKeyNotWithdrawable}
		}
		if err := s.auditReview(ctx, tx, now, actorID, "review.withdraw", assignmentID, p.ID, "", "", ip, requestID); err != nil {
			return err
		}
		// Withdrawing the one review still awaited completes a round that
		// has enough reviews.
		_, err = s.CompleteReviewIfDone(ctx, tx, p.ID, now)
		return err
	})
}

// auditReview appends an audit entry about an assignment. Review entries
// carry no state, so the project's timeline (transitions only) never
// shows them, nor the reviewer's name, to the applicant.
func (s *Store) auditReview(ctx context.Context, tx *gorm.DB, at time.Time, actorID int64, action string,
	assignmentID, projectID int64, comment, meta, ip, requestID string) error {
	a := AuditEntry{At: at, Action: action, Entity: "review_assignment", EntityID: &assignmentID,
		ProjectID: &projectID, Comment: optional(comment), Meta: optional(meta), IP: optional(ip), RequestID: optional(requestID)}
	if actorID != 0 {
		a.ActorID = &actorID
	}
	if err := s.tx(ctx, tx).Create(&a).Error; err != nil {
		return fmt.Errorf("store: unable to audit %s of assignment %d: %w", action, assignmentID, err)
	}
	return nil
}

// reviewParams are a review notification's parameters: the project code
// and, when known, the due date (a *_on parameter, shown as a date).
func reviewParams(code string, due *Date) string {
	m := map[string]string{"code": code}
	if due != nil && !due.IsZero() {
		m["due_on"] = due.String()
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// isUniqueViolation reports whether err is a unique-key violation of
// either database.
func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}
