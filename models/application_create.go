package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/workflow"
)

// Reasons Apply refuses.
var (
	ErrCallNotOpen     = errors.New("models: the call is not open")
	ErrTypeNotEligible = errors.New("models: the project type is not eligible under the call")
)

// ApplyInput is an applicant's request to start an application.
type ApplyInput struct {
	CallID   int64
	Type     ProjectType
	Title    string
	Lang     string // the applicant's language: the form's main language
	PIUserID int64
	Now      time.Time
	Audit    AuditEntry // IP and request id of the request
}

// Apply creates a draft application to an open call and returns its id.
// When the applicant already has an application to the call that is not
// closed, it returns that one's id with existing set, and creates nothing.
func (s *Store) Apply(ctx context.Context, in ApplyInput) (id int64, existing bool, err error) {
	now := in.Now.UTC().Truncate(time.Microsecond)
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect == migrations.Postgres {
			// One apply at a time per applicant, so two clicks make one draft.
			var uid int64
			if err := tx.Model(&User{}).Clauses(clause.Locking{Strength: "UPDATE"}).
				Where("id = ?", in.PIUserID).Pluck("id", &uid).Error; err != nil {
				return fmt.Errorf("store: unable to lock applicant %d: %w", in.PIUserID, err)
			}
		}
		var c Call
		if err := tx.Select("id, channel_id, currency, status, opens_at, closes_at").Take(&c, in.CallID).Error; err != nil {
			return fmt.Errorf("store: unable to load call %d: %w", in.CallID, notFound(err))
		}
		if c.Status != CallPublished || now.Before(c.OpensAt) || !now.Before(c.ClosesAt) {
			return ErrCallNotOpen
		}
		var types []ProjectType
		if err := tx.Model(&CallProjectType{}).Where("call_id = ?", c.ID).Pluck("project_type", &types).Error; err != nil {
			return fmt.Errorf("store: unable to load types of call %d: %w", c.ID, err)
		}
		if !slices.Contains(types, in.Type) {
			return ErrTypeNotEligible
		}
		found, _, err := s.OpenApplication(ctx, tx, c.ID, in.PIUserID)
		if err != nil {
			return err
		}
		if found != 0 {
			id, existing = found, true
			return nil
		}
		id, err = s.createDraft(tx, c, in, now)
		return err
	})
	return id, existing, err
}

func (s *Store) createDraft(tx *gorm.DB, c Call, in ApplyInput, now time.Time) (int64, error) {
	year := c.ClosesAt.UTC().Year()
	tmp := make([]byte, 8)
	if _, err := rand.Read(tmp); err != nil {
		return 0, fmt.Errorf("store: unable to make a code: %w", err)
	}
	p := Project{Code: "PU-new-" + hex.EncodeToString(tmp), CallID: &c.ID, ChannelID: c.ChannelID, Type: in.Type,
		State: workflow.Draft, Version: 1, Lang: in.Lang, PIUserID: in.PIUserID, Currency: c.Currency,
		Year: year, StateChangedAt: now, CreatedAt: now, UpdatedAt: now}
	p.Title.Set(in.Lang, in.Title)
	if err := tx.Create(&p).Error; err != nil {
		return 0, fmt.Errorf("store: unable to create application: %w", err)
	}
	// The id makes the code unique without a counter to contend for.
	code := fmt.Sprintf("PU-%d-%05d", year, p.ID)
	if err := tx.Model(&Project{}).Where("id = ?", p.ID).Update("code", code).Error; err != nil {
		return 0, fmt.Errorf("store: unable to name application %d: %w", p.ID, err)
	}
	to := string(workflow.Draft)
	a := applicantAudit(in.Audit, "project.create", "project", p.ID, p.ID, now)
	a.ToState = &to
	if err := tx.Create(&a).Error; err != nil {
		return 0, fmt.Errorf("store: unable to audit application %d: %w", p.ID, err)
	}
	return p.ID, nil
}
