package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

// ErrTrancheState refuses a payment or cancellation the project's state
// does not allow (payments are held while a project is suspended).
var ErrTrancheState = errors.New("store: the project's state does not allow this tranche change")

// TrancheChange is an officer marking a planned tranche paid or
// cancelled.
type TrancheChange struct {
	ProjectID int64
	TrancheID int64
	PaidOn    Date   // pay only
	Comment   string // cancel: why (required by the caller)
	ActorID   int64
	IP        string
	RequestID string
	Now       time.Time
}

// Which project states allow which tranche change: payments go out while
// the project runs and are held while it is suspended; a planned tranche
// can be cancelled while it runs, is suspended or after it was terminated
// (settling what will never be paid).
var (
	payStates    = []workflow.State{workflow.Active}
	cancelStates = []workflow.State{workflow.Active, workflow.Suspended, workflow.Terminated}
)

// PayTranche marks a planned tranche paid and recomputes the project's
// disbursed amount, in one transaction. The tranche's own status is the
// version check: of two officers paying it at once, the second finds it
// no longer planned and gets ErrConflict. A tranche of another project is
// ErrNotFound.
func (s *Store) PayTranche(ctx context.Context, in TrancheChange) error {
	return s.changeTranche(ctx, in, TranchePaid, payStates)
}

// CancelTranche cancels a planned tranche; the award stays as it was.
func (s *Store) CancelTranche(ctx context.Context, in TrancheChange) error {
	return s.changeTranche(ctx, in, TrancheCancelled, cancelStates)
}

func (s *Store) changeTranche(ctx context.Context, in TrancheChange, to TrancheStatus, states []workflow.State) error {
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Microsecond)
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := s.lockProject(ctx, tx, in.ProjectID)
		if err != nil {
			return err
		}
		var t Tranche
		err = tx.Where("id = ? AND project_id = ?", in.TrancheID, in.ProjectID).Take(&t).Error
		if err != nil {
			return fmt.Errorf("store: unable to load tranche %d: %w", in.TrancheID, notFound(err))
		}
		if t.Status != TranchePlanned {
			return ErrConflict
		}
		if !stateIn(p.State, states) {
			return ErrTrancheState
		}
		fields := map[string]any{"status": to, "updated_at": now}
		if to == TranchePaid {
			fields["paid_on"] = in.PaidOn
		}
		res := tx.Model(&Tranche{}).Where("id = ? AND status = ?", t.ID, TranchePlanned).Updates(fields)
		if res.Error != nil {
			return fmt.Errorf("store: unable to update tranche %d: %w", t.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrConflict
		}
		err = tx.Exec(`UPDATE projects SET disbursed_minor =
			(SELECT COALESCE(SUM(amount_minor), 0) FROM tranches WHERE project_id = ? AND status = ?), updated_at = ?
			WHERE id = ?`, p.ID, TranchePaid, now, p.ID).Error
		if err != nil {
			return fmt.Errorf("store: unable to update the disbursed amount of project %d: %w", p.ID, err)
		}
		return s.auditTranche(ctx, tx, p, t, to, in, now)
	})
}

func (s *Store) auditTranche(ctx context.Context, tx *gorm.DB, p *Project, t Tranche, to TrancheStatus, in TrancheChange, now time.Time) error {
	meta := map[string]any{"seq": t.Seq, "amount_minor": t.AmountMinor}
	action := "tranche.cancel"
	if to == TranchePaid {
		meta["paid_on"] = in.PaidOn.String()
		action = "tranche.pay"
	}
	m, _ := json.Marshal(meta)
	a := AuditEntry{At: now, ActorID: &in.ActorID, Action: action, Entity: "tranche", EntityID: &t.ID, ProjectID: &p.ID,
		Comment: optional(in.Comment), IP: optional(in.IP), RequestID: optional(in.RequestID), Meta: optional(string(m))}
	if err := tx.Create(&a).Error; err != nil {
		return fmt.Errorf("store: unable to audit tranche %d: %w", t.ID, err)
	}
	params, _ := json.Marshal(map[string]string{"code": p.Code, "seq": strconv.Itoa(t.Seq)})
	return s.Notify(ctx, tx, []Notification{{UserID: p.PIUserID, Kind: "project.tranche", ProjectID: &p.ID,
		MessageKey: "notify.tranche." + string(to), Params: string(params), CreatedAt: now}})
}

func stateIn(s workflow.State, states []workflow.State) bool {
	for _, x := range states {
		if x == s {
			return true
		}
	}
	return false
}

// TranchesOf lists a project's tranches in schedule order.
func (s *Store) TranchesOf(ctx context.Context, projectID int64) ([]Tranche, error) {
	var out []Tranche
	err := s.db.WithContext(ctx).Where("project_id = ?", projectID).Order("seq, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the tranches of project %d: %w", projectID, err)
	}
	return out, nil
}

// CanPayTranches and CanCancelTranches report whether a project in state
// s takes a payment or a cancellation, for the page to offer only those.
func CanPayTranches(s workflow.State) bool    { return stateIn(s, payStates) }
func CanCancelTranches(s workflow.State) bool { return stateIn(s, cancelStates) }

// TrancheOf returns one tranche of a project; a tranche of another
// project is ErrNotFound.
func (s *Store) TrancheOf(ctx context.Context, projectID, trancheID int64) (*Tranche, error) {
	var t Tranche
	err := s.db.WithContext(ctx).Where("id = ? AND project_id = ?", trancheID, projectID).Take(&t).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load tranche %d: %w", trancheID, notFound(err))
	}
	return &t, nil
}
