package models

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/workflow"
)

// EventInput is one attempt to fire a workflow event on a project.
type EventInput struct {
	ProjectID  int64
	Version    int // the version the form was loaded with
	Event      workflow.Event
	Actor      workflow.Actor
	ActorID    int64 // 0: the system
	Comment    string
	Award      int64 // minor units, approve only
	Conditions string
	// OutcomeRating (1–5) and ClosingRemarks close a project: complete
	// stores them (the handler requires both).
	OutcomeRating  *int
	ClosingRemarks string
	IP             string
	RequestID      string
	// Now is the clock the call deadline is judged by and the rows are
	// stamped with; zero means time.Now. Handlers pass their clock so tests
	// can fix it.
	Now time.Time
}

// FireEvent moves a project by one workflow event in one transaction: it
// locks the project, gathers the facts the guards need, asks the workflow,
// and writes the new state (version-checked), the decision, the audit entry
// and the notifications. A stale version is ErrConflict; a refusal is the
// workflow's *workflow.Error.
func (s *Store) FireEvent(ctx context.Context, in EventInput) (workflow.State, error) {
	var next workflow.State
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		next, err = s.fireTx(ctx, tx, in)
		if err != nil || next != workflow.InReview {
			return err
		}
		// Reviews may be submitted before the review formally starts; when
		// every one is already in, the review is complete at once.
		done, err := s.CompleteReviewIfDone(ctx, tx, in.ProjectID, in.Now)
		if done {
			next = workflow.ReviewComplete
		}
		return err
	})
	return next, err
}

// CompleteReviewIfDone fires complete_review as the system when the project
// is in review and its last pending review has arrived. Call it inside the
// transaction that submits a review, so the two happen together. It
// reports whether the project moved. A round left short of the call's
// minimum (a reviewer declared a conflict) waits for the replacement. now
// stamps the move (zero: time.Now), so the system's step is timed by the
// same clock as the review that caused it.
func (s *Store) CompleteReviewIfDone(ctx context.Context, tx *gorm.DB, projectID int64, now time.Time) (bool, error) {
	if now.IsZero() {
		now = time.Now()
	}
	p, err := s.lockProject(ctx, tx, projectID)
	if err != nil {
		return false, err
	}
	if p.State != workflow.InReview {
		return false, nil
	}
	var f workflow.Facts
	if err := s.callFacts(ctx, s.tx(ctx, tx), p, now, &f); err != nil {
		return false, fmt.Errorf("store: unable to count reviews of project %d: %w", projectID, err)
	}
	if f.ReviewersAssigned == 0 || f.ReviewersAssigned < f.MinReviews || f.ReviewsPending > 0 {
		return false, nil
	}
	_, err = s.fireTx(ctx, tx, EventInput{ProjectID: projectID, Version: p.Version,
		Event: workflow.CompleteReview, Actor: workflow.Actor{System: true}, Now: now})
	return err == nil, err
}

func (s *Store) fireTx(ctx context.Context, tx *gorm.DB, in EventInput) (workflow.State, error) {
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Microsecond)
	in.Now = now
	p, err := s.lockProject(ctx, tx, in.ProjectID)
	if err != nil {
		return "", err
	}
	// Checked before the workflow: a form loaded before another change must
	// not be judged against a state its author never saw.
	if p.Version != in.Version {
		return p.State, ErrConflict
	}
	facts, err := s.gatherFacts(ctx, tx, p, in)
	if err != nil {
		return p.State, err
	}
	next, err := workflow.Apply(p.State, in.Event, in.Actor, facts)
	if err != nil {
		return p.State, err
	}
	if err := s.writeTransition(ctx, tx, p, next, in); err != nil {
		return p.State, err
	}
	return next, nil
}

// lockProject loads the columns a transition needs and, on PostgreSQL,
// locks the row until the transaction ends; SQLite's immediate
// transactions already let one writer in at a time.
func (s *Store) lockProject(ctx context.Context, tx *gorm.DB, id int64) (*Project, error) {
	db := s.tx(ctx, tx).Select("id, code, call_id, type, state, version, pi_user_id, officer_id, requested_minor, awarded_minor, " +
		"title_en, title_es, title_pt, title_zh, summary_en, summary_es, summary_pt, summary_zh, " +
		"lead_country_iso2, primary_discipline_code")
	if s.dialect == migrations.Postgres {
		db = db.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var p Project
	if err := db.Where("id = ?", id).Take(&p).Error; err != nil {
		return nil, fmt.Errorf("store: unable to lock project %d: %w", id, notFound(err))
	}
	return &p, nil
}

// writeTransition persists a move the workflow allowed.
func (s *Store) writeTransition(ctx context.Context, tx *gorm.DB, p *Project, next workflow.State, in EventInput) error {
	db := s.tx(ctx, tx)
	fields := map[string]any{"state": next, "version": gorm.Expr("version + 1"),
		"state_changed_at": in.Now, "updated_at": in.Now}
	switch in.Event {
	case workflow.Submit:
		fields["submitted_at"] = in.Now
	case workflow.Resubmit:
		// A revised application is reviewed afresh: a new round, in which
		// the same reviewers may be assigned again.
		fields["submitted_at"] = in.Now
		fields["review_round"] = gorm.Expr("review_round + 1")
	case workflow.Approve:
		fields["decided_at"] = in.Now
		fields["awarded_minor"] = in.Award
	case workflow.Reject, workflow.RequestRevision:
		fields["decided_at"] = in.Now
	case workflow.Complete, workflow.Terminate:
		// The project ends today, never before it started.
		today := DateOf(in.Now)
		fields["actual_end"] = gorm.Expr("CASE WHEN actual_start IS NOT NULL AND actual_start > ? THEN actual_start ELSE ? END", today, today)
		if in.Event == workflow.Complete {
			fields["outcome_rating"] = in.OutcomeRating
			fields["closing_remarks"] = optional(in.ClosingRemarks)
		}
	}
	res := db.Model(&Project{}).Where("id = ? AND version = ?", p.ID, in.Version).Updates(fields)
	if res.Error != nil {
		return fmt.Errorf("store: unable to move project %d: %w", p.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrConflict
	}
	// The three decision kinds are spelled as the events that make them.
	if kind := DecisionKind(in.Event); kind.Valid() {
		d := Decision{ProjectID: p.ID, Decision: kind, DirectorID: in.ActorID, Comment: optional(in.Comment), DecidedAt: in.Now}
		if kind == DecisionApprove {
			d.AwardMinor = &in.Award
			d.Conditions = optional(in.Conditions)
		}
		if err := db.Create(&d).Error; err != nil {
			return fmt.Errorf("store: unable to record decision on project %d: %w", p.ID, err)
		}
	}
	from, to := string(p.State), string(next)
	a := AuditEntry{At: in.Now, Action: "project." + string(in.Event), Entity: "project", EntityID: &p.ID,
		ProjectID: &p.ID, FromState: &from, ToState: &to, Comment: optional(in.Comment),
		IP: optional(in.IP), RequestID: optional(in.RequestID)}
	if in.ActorID != 0 {
		a.ActorID = &in.ActorID
	}
	if in.Event == workflow.Approve {
		m, _ := json.Marshal(map[string]int64{"award_minor": in.Award})
		a.Meta = optional(string(m))
	}
	if in.Event == workflow.Complete && in.OutcomeRating != nil {
		m, _ := json.Marshal(map[string]any{"outcome_rating": *in.OutcomeRating, "closing_remarks": in.ClosingRemarks})
		a.Meta = optional(string(m))
	}
	if err := db.Create(&a).Error; err != nil {
		return fmt.Errorf("store: unable to audit project %d: %w", p.ID, err)
	}
	return s.notifyTransition(ctx, tx, p, next, in.Now)
}

// notifyTransition tells the people concerned: the applicant of every
// change, officers of submissions (the project's officer, else all), and
// directors of applications awaiting their decision.
func (s *Store) notifyTransition(ctx context.Context, tx *gorm.DB, p *Project, next workflow.State, now time.Time) error {
	db := s.tx(ctx, tx)
	to := []int64{p.PIUserID}
	var role Role
	switch next {
	case workflow.Submitted:
		if p.OfficerID != nil {
			to = append(to, *p.OfficerID)
		} else {
			role = RoleOfficer
		}
	case workflow.ReviewComplete:
		role = RoleDirector
	}
	if role != "" {
		var ids []int64
		err := db.Table("user_roles").Joins("JOIN users ON users.id = user_roles.user_id").
			Where("user_roles.role = ? AND users.active = ?", role, true).Pluck("users.id", &ids).Error
		if err != nil {
			return fmt.Errorf("store: unable to find %s to notify: %w", role, err)
		}
		to = append(to, ids...)
	}
	params, _ := json.Marshal(map[string]string{"code": p.Code})
	seen := map[int64]bool{}
	rows := make([]Notification, 0, len(to))
	for _, uid := range to {
		if seen[uid] {
			continue
		}
		seen[uid] = true
		rows = append(rows, Notification{UserID: uid, Kind: "project.state", ProjectID: &p.ID,
			MessageKey: "notify.project." + string(next), Params: string(params), CreatedAt: now})
	}
	return s.Notify(ctx, tx, rows)
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
