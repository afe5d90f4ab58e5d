package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ErrTooManyAttachments is returned when a save would leave more than
// MaxAttachments files on an application.
var ErrTooManyAttachments = errors.New("models: too many attachments")

// ApplicationInput is what the form saves. Lists replace what was there;
// Details is used for the project's own type only.
type ApplicationInput struct {
	Title, Summary Texts
	Details        ApplicationDetails
	Countries      []string
	Lead           string // one of Countries, or "" for none yet
	Disciplines    []string
	Primary        string // one of Disciplines, or ""
	Partners       []int64
	Host           *int64
	Budget         []BudgetLine // one per category at most
	PlannedStart   *Date
	PlannedEnd     *Date
	Add            []Attachment // new files, already stored
	Remove         []int64      // attachment ids
}

// SaveApplication writes the whole form over an application still at
// version and editable, in one transaction, and returns the storage keys of
// the files it removed (to delete once committed). A changed or no longer
// editable application is ErrConflict, and nothing is written.
func (s *Store) SaveApplication(ctx context.Context, id int64, version int, in ApplicationInput, audit AuditEntry) ([]string, error) {
	now := audit.At.UTC().Truncate(time.Microsecond)
	var removed []string
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var p Project
		if err := tx.Select("id, type").Take(&p, id).Error; err != nil {
			return fmt.Errorf("store: unable to load application %d: %w", id, notFound(err))
		}
		var requested int64
		for _, b := range in.Budget {
			requested += b.AmountMinor
		}
		res := tx.Model(&Project{}).Where("id = ? AND version = ? AND state IN ?", id, version, EditableStates).
			Updates(map[string]any{
				"title_en": in.Title.EN, "title_es": in.Title.ES, "title_pt": in.Title.PT, "title_zh": in.Title.ZH,
				"summary_en": in.Summary.EN, "summary_es": in.Summary.ES, "summary_pt": in.Summary.PT, "summary_zh": in.Summary.ZH,
				"host_institution_id": in.Host, "lead_country_iso2": optional(in.Lead),
				"primary_discipline_code": optional(in.Primary), "requested_minor": requested,
				"planned_start": in.PlannedStart, "planned_end": in.PlannedEnd,
				"updated_at": now, "version": gorm.Expr("version + 1"),
			})
		if res.Error != nil {
			return fmt.Errorf("store: unable to save application %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrConflict
		}
		if err := s.saveDetails(tx, p, in.Details); err != nil {
			return err
		}
		if err := s.replaceApplicationLinks(tx, id, in); err != nil {
			return err
		}
		var err error
		if removed, err = s.saveAttachments(tx, id, in, audit, now); err != nil {
			return err
		}
		a := applicantAudit(audit, "project.saved", "project", id, id, now)
		if err := tx.Create(&a).Error; err != nil {
			return fmt.Errorf("store: unable to audit application %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return removed, nil
}

// saveDetails replaces the type's details row.
func (s *Store) saveDetails(tx *gorm.DB, p Project, d ApplicationDetails) error {
	row := d.row(p.Type, p.ID)
	if row == nil {
		return nil
	}
	if err := tx.Where("project_id = ?", p.ID).Delete(row).Error; err != nil {
		return fmt.Errorf("store: unable to clear details of application %d: %w", p.ID, err)
	}
	if err := tx.Create(row).Error; err != nil {
		return fmt.Errorf("store: unable to save details of application %d: %w", p.ID, err)
	}
	return nil
}

// replaceApplicationLinks rewrites countries, disciplines, institutions
// and budget lines.
func (s *Store) replaceApplicationLinks(tx *gorm.DB, id int64, in ApplicationInput) error {
	for _, m := range []any{&ProjectCountry{}, &ProjectDiscipline{}, &ProjectInstitution{}, &BudgetLine{}} {
		if err := tx.Where("project_id = ?", id).Delete(m).Error; err != nil {
			return fmt.Errorf("store: unable to clear links of application %d: %w", id, err)
		}
	}
	var countries []ProjectCountry
	for _, c := range in.Countries {
		countries = append(countries, ProjectCountry{ProjectID: id, CountryISO2: c, Lead: c == in.Lead})
	}
	var discs []ProjectDiscipline
	for _, d := range in.Disciplines {
		discs = append(discs, ProjectDiscipline{ProjectID: id, DisciplineCode: d, IsPrimary: d == in.Primary})
	}
	var insts []ProjectInstitution
	if in.Host != nil {
		insts = append(insts, ProjectInstitution{ProjectID: id, InstitutionID: *in.Host, Role: InstitutionRoleHost})
	}
	for _, p := range in.Partners {
		insts = append(insts, ProjectInstitution{ProjectID: id, InstitutionID: p, Role: InstitutionRolePartner})
	}
	budget := make([]BudgetLine, len(in.Budget))
	for i, b := range in.Budget {
		budget[i] = BudgetLine{ProjectID: id, Category: b.Category, AmountMinor: b.AmountMinor, Note: b.Note}
	}
	for _, rows := range []any{countries, discs, insts, budget} {
		if err := tx.Create(rows).Error; err != nil && !errors.Is(err, gorm.ErrEmptySlice) {
			return fmt.Errorf("store: unable to save links of application %d: %w", id, err)
		}
	}
	return nil
}

// saveAttachments removes and adds files with an audit entry each, and
// keeps the count within MaxAttachments.
func (s *Store) saveAttachments(tx *gorm.DB, id int64, in ApplicationInput, audit AuditEntry, now time.Time) ([]string, error) {
	var gone []Attachment
	if len(in.Remove) > 0 {
		err := tx.Select("id, storage_key").Where("project_id = ? AND report_id IS NULL AND id IN ?", id, in.Remove).
			Find(&gone).Error
		if err != nil {
			return nil, fmt.Errorf("store: unable to find attachments of application %d: %w", id, err)
		}
	}
	keys := make([]string, 0, len(gone))
	entries := make([]AuditEntry, 0, len(gone)+len(in.Add))
	for _, a := range gone {
		if err := tx.Delete(&Attachment{}, a.ID).Error; err != nil {
			return nil, fmt.Errorf("store: unable to remove attachment %d: %w", a.ID, err)
		}
		keys = append(keys, a.StorageKey)
		entries = append(entries, applicantAudit(audit, "attachment.removed", "attachment", a.ID, id, now))
	}
	for _, a := range in.Add {
		a.ID, a.ProjectID, a.ReportID, a.CreatedAt = 0, id, nil, now
		if err := tx.Create(&a).Error; err != nil {
			return nil, fmt.Errorf("store: unable to add attachment to application %d: %w", id, err)
		}
		entries = append(entries, applicantAudit(audit, "attachment.added", "attachment", a.ID, id, now))
	}
	var n int64
	if err := tx.Model(&Attachment{}).Where("project_id = ? AND report_id IS NULL", id).Count(&n).Error; err != nil {
		return nil, fmt.Errorf("store: unable to count attachments of application %d: %w", id, err)
	}
	if n > MaxAttachments {
		return nil, ErrTooManyAttachments
	}
	if len(entries) > 0 {
		if err := tx.Create(&entries).Error; err != nil {
			return nil, fmt.Errorf("store: unable to audit attachments of application %d: %w", id, err)
		}
	}
	return keys, nil
}
