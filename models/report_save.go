package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/puente-science/puente/migrations"
)

// ErrReportClosed refuses a change the report's status no longer allows:
// writing a report already sent, or reviewing one that is not waiting.
var ErrReportClosed = errors.New("models: the report is not open to this change")

// ReportInput is a report as its author saves it: the whole content, which
// replaces what was saved before.
type ReportInput struct {
	ReportID  int64
	Version   int // the version the form was loaded with
	Narrative string
	Spending  []ReportSpending // categories left blank are absent
	// Outputs are every output the report lists: those with an ID keep
	// it (when it is one of this report's), the others are new. Saved
	// outputs not listed are removed.
	Outputs   []ReportOutput
	Submit    bool
	ActorID   int64
	Now       time.Time
	IP        string
	RequestID string
}

// lockedReport is what a report change needs to know, read under a lock.
type lockedReport struct {
	ID        int64
	ProjectID int64
	Kind      ReportKind
	Seq       int
	DueOn     Date
	Status    ReportStatus
	Version   int
	Code      string
	PIUserID  int64
	OfficerID *int64
}

// lockReport reads a report and its project's people and, on PostgreSQL,
// locks the report row until the transaction ends.
func (s *Store) lockReport(ctx context.Context, tx *gorm.DB, id int64) (*lockedReport, error) {
	db := s.tx(ctx, tx).Table("reports r").Select(`r.id, r.project_id, r.kind, r.seq, r.due_on, r.status, r.version,
		p.code, p.pi_user_id, p.officer_id`).Joins("JOIN projects p ON p.id = r.project_id").Where("r.id = ?", id)
	if s.dialect == migrations.Postgres {
		db = db.Clauses(clause.Locking{Strength: "UPDATE", Table: clause.Table{Name: "r"}})
	}
	var r lockedReport
	res := db.Scan(&r)
	if res.Error != nil {
		return nil, fmt.Errorf("store: unable to lock report %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("store: unable to lock report %d: %w", id, ErrNotFound)
	}
	return &r, nil
}

// SaveReport saves a report's content and, when in.Submit, sends it for
// review: all in one transaction with a version check. A stale version is
// ErrConflict; a report no longer open, ErrReportClosed; a DOI the project
// already lists (a race the form's own check lost), ErrDuplicate.
func (s *Store) SaveReport(ctx context.Context, in ReportInput) error {
	now := in.Now.UTC().Truncate(time.Microsecond)
	return s.InTx(ctx, func(tx *gorm.DB) error {
		r, err := s.lockReport(ctx, tx, in.ReportID)
		if err != nil {
			return err
		}
		if r.Version != in.Version {
			return ErrConflict
		}
		if r.Status != ReportDue && r.Status != ReportRevisionRequested {
			return ErrReportClosed
		}
		fields := map[string]any{"narrative": optional(in.Narrative), "version": gorm.Expr("version + 1"), "updated_at": now}
		if in.Submit {
			fields["status"], fields["submitted_at"] = ReportSubmitted, now
		}
		res := tx.Model(&Report{}).Where("id = ? AND version = ?", r.ID, r.Version).Updates(fields)
		if res.Error != nil {
			return fmt.Errorf("store: unable to save report %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return ErrConflict
		}
		if err := s.replaceSpending(tx, r.ID, in.Spending); err != nil {
			return err
		}
		if err := s.replaceOutputs(tx, r, in.Outputs, now); err != nil {
			return err
		}
		if !in.Submit {
			return nil
		}
		if err := s.auditReport(tx, r, "report.submit", in.ActorID, string(r.Status), string(ReportSubmitted), "", in.IP, in.RequestID, now); err != nil {
			return err
		}
		return s.notifyReportSubmitted(ctx, tx, r, now)
	})
}

func (s *Store) replaceSpending(tx *gorm.DB, reportID int64, rows []ReportSpending) error {
	if err := tx.Where("report_id = ?", reportID).Delete(&ReportSpending{}).Error; err != nil {
		return fmt.Errorf("store: unable to clear the spending of report %d: %w", reportID, err)
	}
	if len(rows) == 0 {
		return nil
	}
	for i := range rows {
		rows[i].ReportID = reportID
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("store: unable to save the spending of report %d: %w", reportID, err)
	}
	return nil
}

// replaceOutputs swaps the report's outputs for outs. Outputs that were
// already this report's keep their id and creation time, so links to them
// and the project's counts stay stable.
func (s *Store) replaceOutputs(tx *gorm.DB, r *lockedReport, outs []ReportOutput, now time.Time) error {
	var saved []Output
	if err := tx.Select("id, created_at").Where("report_id = ?", r.ID).Find(&saved).Error; err != nil {
		return fmt.Errorf("store: unable to read the outputs of report %d: %w", r.ID, err)
	}
	created := make(map[int64]time.Time, len(saved))
	for _, o := range saved {
		created[o.ID] = o.CreatedAt
	}
	if len(saved) > 0 {
		if err := tx.Where("report_id = ?", r.ID).Delete(&Output{}).Error; err != nil {
			return fmt.Errorf("store: unable to clear the outputs of report %d: %w", r.ID, err)
		}
	}
	var kept, fresh []Output
	var keptCountries, freshCountries [][]string
	for _, o := range outs {
		row := o.Output
		row.ProjectID, row.ReportID = r.ProjectID, &r.ID
		if at, ok := created[row.ID]; ok {
			row.CreatedAt = at
			kept, keptCountries = append(kept, row), append(keptCountries, o.Countries)
			delete(created, row.ID) // an id listed twice is kept once
			continue
		}
		row.ID, row.CreatedAt = 0, now
		fresh, freshCountries = append(fresh, row), append(freshCountries, o.Countries)
	}
	var links []OutputCountry
	for _, batch := range []struct {
		rows      []Output
		countries [][]string
	}{{kept, keptCountries}, {fresh, freshCountries}} {
		if len(batch.rows) == 0 {
			continue
		}
		if err := tx.Create(&batch.rows).Error; err != nil {
			if isUniqueViolation(err) {
				return fmt.Errorf("store: unable to save the outputs of report %d: %w", r.ID, ErrDuplicate)
			}
			return fmt.Errorf("store: unable to save the outputs of report %d: %w", r.ID, err)
		}
		for i, o := range batch.rows {
			seen := map[string]bool{}
			for _, c := range batch.countries[i] {
				if !seen[c] {
					seen[c] = true
					links = append(links, OutputCountry{OutputID: o.ID, CountryISO2: c})
				}
			}
		}
	}
	if len(links) > 0 {
		if err := tx.Create(&links).Error; err != nil {
			return fmt.Errorf("store: unable to save the countries of report %d's outputs: %w", r.ID, err)
		}
	}
	return nil
}

// ReportVerdict is an officer's verdict on a submitted report.
type ReportVerdict struct {
	ReportID  int64
	Version   int
	Accept    bool   // false: request a revision
	Comment   string // required to request a revision
	ActorID   int64
	Now       time.Time
	IP        string
	RequestID string
}

// ErrCommentRequired refuses a revision request without a comment.
var ErrCommentRequired = errors.New("models: a comment is required")

// ReviewReport accepts a submitted report or sends it back with a comment,
// in one transaction with a version check, and tells the applicant.
func (s *Store) ReviewReport(ctx context.Context, in ReportVerdict) error {
	if !in.Accept && in.Comment == "" {
		return ErrCommentRequired
	}
	now := in.Now.UTC().Truncate(time.Microsecond)
	return s.InTx(ctx, func(tx *gorm.DB) error {
		r, err := s.lockReport(ctx, tx, in.ReportID)
		if err != nil {
			return err
		}
		if r.Version != in.Version {
			return ErrConflict
		}
		if r.Status != ReportSubmitted {
			return ErrReportClosed
		}
		next, action := ReportAccepted, "report.accept"
		if !in.Accept {
			next, action = ReportRevisionRequested, "report.request_revision"
		}
		res := tx.Model(&Report{}).Where("id = ? AND version = ?", r.ID, r.Version).Updates(map[string]any{
			"status": next, "reviewed_at": now, "reviewed_by": in.ActorID, "review_comment": optional(in.Comment),
			"version": gorm.Expr("version + 1"), "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("store: unable to review report %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return ErrConflict
		}
		if err := s.auditReport(tx, r, action, in.ActorID, string(r.Status), string(next), in.Comment, in.IP, in.RequestID, now); err != nil {
			return err
		}
		params := reportParams(r)
		return s.Notify(ctx, tx, []Notification{{UserID: r.PIUserID, Kind: "report.review", ProjectID: &r.ProjectID,
			MessageKey: "notify.report." + string(next), Params: params, CreatedAt: now}})
	})
}

// auditReport writes a report's change to the audit log. The statuses go
// into meta, not from/to: those columns carry the project's own states,
// which the project's timeline reads.
func (s *Store) auditReport(tx *gorm.DB, r *lockedReport, action string, actor int64, from, to, comment, ip, requestID string, now time.Time) error {
	meta, _ := json.Marshal(map[string]any{"kind": r.Kind, "seq": r.Seq, "from": from, "to": to})
	m := string(meta)
	a := AuditEntry{At: now, Action: action, Entity: "report", EntityID: &r.ID, ProjectID: &r.ProjectID,
		Comment: optional(comment), IP: optional(ip), RequestID: optional(requestID), Meta: &m}
	if actor != 0 {
		a.ActorID = &actor
	}
	if err := tx.Create(&a).Error; err != nil {
		return fmt.Errorf("store: unable to audit report %d: %w", r.ID, err)
	}
	return nil
}

// notifyReportSubmitted tells the project's officer, else every active
// officer, that a report waits for review.
func (s *Store) notifyReportSubmitted(ctx context.Context, tx *gorm.DB, r *lockedReport, now time.Time) error {
	var to []int64
	if r.OfficerID != nil {
		to = []int64{*r.OfficerID}
	} else {
		err := tx.Table("user_roles").Joins("JOIN users ON users.id = user_roles.user_id").
			Where("user_roles.role = ? AND users.active = ?", RoleOfficer, true).Order("users.id").Pluck("users.id", &to).Error
		if err != nil {
			return fmt.Errorf("store: unable to find officers to notify: %w", err)
		}
	}
	params := reportParams(r)
	rows := make([]Notification, 0, len(to))
	for _, uid := range to {
		if slices.ContainsFunc(rows, func(n Notification) bool { return n.UserID == uid }) {
			continue
		}
		rows = append(rows, Notification{UserID: uid, Kind: "report.submitted", ProjectID: &r.ProjectID,
			MessageKey: "notify.report.submitted", Params: params, CreatedAt: now})
	}
	return s.Notify(ctx, tx, rows)
}

func reportParams(r *lockedReport) string {
	b, _ := json.Marshal(map[string]string{"code": r.Code, "due_on": r.DueOn.String(), "report": strconv.FormatInt(r.ID, 10)})
	return string(b)
}
