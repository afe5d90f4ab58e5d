package models

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ProjectAgreement is what the project page shows of the agreement: the
// agreement itself (nil before one is recorded), its tranches and the
// responsible officer, in at most two statements.
type ProjectAgreement struct {
	OfficerID *int64
	Agreement *Agreement
	Tranches  []Tranche
}

// ProjectAgreementOf loads a project's agreement panel.
func (s *Store) ProjectAgreementOf(ctx context.Context, projectID int64) (ProjectAgreement, error) {
	db := s.db.WithContext(ctx)
	var row struct {
		OfficerID   *int64
		AgreementID *int64
		SignedOn    *Date
		StartsOn    *Date
		EndsOn      *Date
		Conditions  *string
		RecordedBy  *int64
		CreatedAt   *time.Time
	}
	err := db.Raw(`SELECT p.officer_id, a.id AS agreement_id, a.signed_on, a.starts_on, a.ends_on, a.conditions,
		a.recorded_by, a.created_at
		FROM projects p LEFT JOIN agreements a ON a.project_id = p.id WHERE p.id = ?`, projectID).Scan(&row).Error
	if err != nil {
		return ProjectAgreement{}, fmt.Errorf("store: unable to load the agreement of project %d: %w", projectID, err)
	}
	out := ProjectAgreement{OfficerID: row.OfficerID}
	if row.AgreementID == nil {
		return out, nil
	}
	out.Agreement = &Agreement{ID: *row.AgreementID, ProjectID: projectID, SignedOn: *row.SignedOn, StartsOn: *row.StartsOn,
		EndsOn: *row.EndsOn, Conditions: row.Conditions, RecordedBy: *row.RecordedBy}
	if row.CreatedAt != nil {
		out.Agreement.CreatedAt = *row.CreatedAt
	}
	out.Tranches, err = s.TranchesOf(ctx, projectID)
	return out, err
}

// OfficerOption is an active officer who may be made responsible for a
// project.
type OfficerOption struct {
	ID   int64
	Name string
}

// ActiveOfficers lists the active users holding the officer role, by name.
func (s *Store) ActiveOfficers(ctx context.Context) ([]OfficerOption, error) {
	var out []OfficerOption
	err := s.db.WithContext(ctx).Table("users u").Select("u.id, u.name").
		Joins("JOIN user_roles r ON r.user_id = u.id").
		Where("r.role = ? AND u.active = ?", RoleOfficer, true).Order("u.name, u.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list officers: %w", err)
	}
	return out, nil
}

// ErrNotOfficer refuses making someone responsible who is not an active
// officer.
var ErrNotOfficer = fmt.Errorf("store: the user is not an active officer")

// OfficerChange makes an officer responsible for a project.
type OfficerChange struct {
	ProjectID int64
	OfficerID int64
	ActorID   int64
	IP        string
	RequestID string
	Now       time.Time
}

// SetProjectOfficer makes an active officer responsible for a project, audited,
// and tells the new officer (unless they appointed themselves). Appointing
// the officer already responsible changes nothing and reports false.
func (s *Store) SetProjectOfficer(ctx context.Context, in OfficerChange) (bool, error) {
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Microsecond)
	changed := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := s.lockProject(ctx, tx, in.ProjectID)
		if err != nil {
			return err
		}
		var n int64
		err = tx.Table("users u").Joins("JOIN user_roles r ON r.user_id = u.id").
			Where("u.id = ? AND r.role = ? AND u.active = ?", in.OfficerID, RoleOfficer, true).Count(&n).Error
		if err != nil {
			return fmt.Errorf("store: unable to check officer %d: %w", in.OfficerID, err)
		}
		if n == 0 {
			return ErrNotOfficer
		}
		if p.OfficerID != nil && *p.OfficerID == in.OfficerID {
			return nil
		}
		err = tx.Model(&Project{}).Where("id = ?", p.ID).Updates(map[string]any{"officer_id": in.OfficerID, "updated_at": now}).Error
		if err != nil {
			return fmt.Errorf("store: unable to set the officer of project %d: %w", p.ID, err)
		}
		meta := map[string]any{"officer_id": in.OfficerID}
		if p.OfficerID != nil {
			meta["previous_officer_id"] = *p.OfficerID
		}
		m, _ := json.Marshal(meta)
		a := AuditEntry{At: now, ActorID: &in.ActorID, Action: "project.officer", Entity: "project", EntityID: &p.ID,
			ProjectID: &p.ID, IP: optional(in.IP), RequestID: optional(in.RequestID), Meta: optional(string(m))}
		if err := tx.Create(&a).Error; err != nil {
			return fmt.Errorf("store: unable to audit the officer of project %d: %w", p.ID, err)
		}
		changed = true
		if in.OfficerID == in.ActorID {
			return nil
		}
		params, _ := json.Marshal(map[string]string{"code": p.Code})
		return s.Notify(ctx, tx, []Notification{{UserID: in.OfficerID, Kind: "project.officer", ProjectID: &p.ID,
			MessageKey: "notify.project.officer", Params: string(params), CreatedAt: now}})
	})
	return changed, err
}
