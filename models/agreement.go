package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

// DefaultReportFrequencyMonths is how often a project without a call (an
// initiative older than Puente) reports.
const DefaultReportFrequencyMonths = 6

// Report schedule offsets, the convention the demo portfolio follows too:
// a progress report is due 30 days after its period ends, the final one
// 60 days after the project does.
const (
	ProgressDueDays = 30
	FinalDueDays    = 60
)

// TrancheGraceDays is how long after the agreement's end a tranche may
// still be planned: the last payment often waits for the final report,
// due FinalDueDays after the end, and its acceptance.
const TrancheGraceDays = 90

// TrancheInput is one row of an agreement's payment schedule.
type TrancheInput struct {
	PlannedOn   Date
	AmountMinor int64
}

// AgreementInput is an officer's record of a signed agreement.
type AgreementInput struct {
	ProjectID  int64
	Version    int // the project's version the form was loaded with
	SignedOn   Date
	StartsOn   Date
	EndsOn     Date
	Conditions string
	Tranches   []TrancheInput
	ActorID    int64
	IP         string
	RequestID  string
	Now        time.Time
}

// ScheduledReport is one report the agreement schedules.
type ScheduledReport struct {
	Kind                   ReportKind
	Seq                    int
	PeriodStart, PeriodEnd Date
	DueOn                  Date
}

// ReportSchedule lists the reports a project running from start to end
// owes: a progress report for every full period of freq months that ends
// before the project does, each due ProgressDueDays after its period,
// then the final report over the whole project, due FinalDueDays after
// the end. A 12-month project reporting every 6 months thus owes one
// progress report (months 1–6) and the final one: the second half is
// covered by the final report.
func ReportSchedule(start, end Date, freq int) []ScheduledReport {
	if freq <= 0 {
		freq = DefaultReportFrequencyMonths
	}
	var out []ScheduledReport
	for k := 1; ; k++ {
		ps, pe := start.AddMonths((k-1)*freq), start.AddMonths(k*freq).AddDays(-1)
		if !pe.Before(end) {
			break
		}
		out = append(out, ScheduledReport{Kind: ReportProgress, Seq: k, PeriodStart: ps, PeriodEnd: pe, DueOn: pe.AddDays(ProgressDueDays)})
	}
	return append(out, ScheduledReport{Kind: ReportFinal, Seq: 1, PeriodStart: start, PeriodEnd: end, DueOn: end.AddDays(FinalDueDays)})
}

// RecordAgreement writes the agreement, its tranches and the report
// schedule it generates, sets the project's actual start (and, when no
// officer is responsible yet, the recording officer), and fires
// record_agreement — all in one transaction, so a refusal leaves nothing
// behind. A stale version is ErrConflict; a refusal is a *workflow.Error.
// The amounts and dates are validated by the caller; the guard checks
// again that the tranches sum to the award.
func (s *Store) RecordAgreement(ctx context.Context, in AgreementInput) error {
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	in.Now = now.UTC().Truncate(time.Microsecond)
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := s.lockProject(ctx, tx, in.ProjectID)
		if err != nil {
			return err
		}
		if p.Version != in.Version {
			return ErrConflict
		}
		// Judge the state before writing: an active project already has an
		// agreement, and the unique key must not be what refuses it.
		if _, ok := workflow.Find(p.State, workflow.RecordAgreement); !ok {
			return &workflow.Error{Key: workflow.ErrNotFromState}
		}
		freq, err := s.reportFrequency(tx, p)
		if err != nil {
			return err
		}
		if err := s.writeAgreement(tx, p, in, freq); err != nil {
			return err
		}
		_, err = s.fireTx(ctx, tx, EventInput{ProjectID: p.ID, Version: in.Version, Event: workflow.RecordAgreement,
			Actor: workflow.Actor{Officer: true}, ActorID: in.ActorID, IP: in.IP, RequestID: in.RequestID, Now: in.Now})
		return err
	})
}

func (s *Store) writeAgreement(tx *gorm.DB, p *Project, in AgreementInput, freq int) error {
	a := Agreement{ProjectID: p.ID, SignedOn: in.SignedOn, StartsOn: in.StartsOn, EndsOn: in.EndsOn,
		Conditions: optional(in.Conditions), RecordedBy: in.ActorID, CreatedAt: in.Now}
	if err := tx.Create(&a).Error; err != nil {
		return fmt.Errorf("store: unable to record the agreement of project %d: %w", p.ID, err)
	}
	if len(in.Tranches) > 0 {
		rows := make([]Tranche, len(in.Tranches))
		for i, t := range in.Tranches {
			rows[i] = Tranche{ProjectID: p.ID, AgreementID: a.ID, Seq: i + 1, PlannedOn: t.PlannedOn,
				AmountMinor: t.AmountMinor, Status: TranchePlanned, UpdatedAt: in.Now}
		}
		if err := tx.Create(&rows).Error; err != nil {
			return fmt.Errorf("store: unable to schedule the tranches of project %d: %w", p.ID, err)
		}
	}
	sched := ReportSchedule(in.StartsOn, in.EndsOn, freq)
	reports := make([]Report, len(sched))
	for i, r := range sched {
		ps, pe := r.PeriodStart, r.PeriodEnd
		reports[i] = Report{ProjectID: p.ID, Kind: r.Kind, Seq: r.Seq, PeriodStart: &ps, PeriodEnd: &pe, DueOn: r.DueOn,
			Status: ReportDue, Version: 1, CreatedAt: in.Now, UpdatedAt: in.Now}
	}
	if err := tx.Create(&reports).Error; err != nil {
		return fmt.Errorf("store: unable to schedule the reports of project %d: %w", p.ID, err)
	}
	fields := map[string]any{"actual_start": in.StartsOn}
	if p.OfficerID == nil {
		fields["officer_id"] = in.ActorID
	}
	if err := tx.Model(&Project{}).Where("id = ?", p.ID).Updates(fields).Error; err != nil {
		return fmt.Errorf("store: unable to start project %d: %w", p.ID, err)
	}
	m, _ := json.Marshal(map[string]any{"signed_on": in.SignedOn.String(), "starts_on": in.StartsOn.String(),
		"ends_on": in.EndsOn.String(), "tranches": len(in.Tranches), "reports": len(reports)})
	audit := AuditEntry{At: in.Now, ActorID: &in.ActorID, Action: "agreement.record", Entity: "agreement", EntityID: &a.ID,
		ProjectID: &p.ID, IP: optional(in.IP), RequestID: optional(in.RequestID), Meta: optional(string(m))}
	if err := tx.Create(&audit).Error; err != nil {
		return fmt.Errorf("store: unable to audit the agreement of project %d: %w", p.ID, err)
	}
	return nil
}

// reportFrequency is the project's call's reporting frequency in months.
func (s *Store) reportFrequency(tx *gorm.DB, p *Project) (int, error) {
	if p.CallID == nil {
		return DefaultReportFrequencyMonths, nil
	}
	var freq int
	err := tx.Model(&Call{}).Where("id = ?", *p.CallID).Pluck("report_frequency_months", &freq).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to read the reporting frequency of project %d: %w", p.ID, err)
	}
	if freq <= 0 {
		freq = DefaultReportFrequencyMonths
	}
	return freq, nil
}

// AgreementDraft is what the agreement form starts from: the award, the
// approving decision's conditions, the planned dates and the reporting
// frequency, read in one statement.
type AgreementDraft struct {
	AwardMinor   int64
	Conditions   string
	PlannedStart *Date
	PlannedEnd   *Date
	FrequencyMo  int
	HasAgreement bool
}

// AgreementDraftOf loads the form's starting point for a project.
func (s *Store) AgreementDraftOf(ctx context.Context, projectID int64) (AgreementDraft, error) {
	var row struct {
		Awarded      *int64
		Conditions   *string
		PlannedStart *Date
		PlannedEnd   *Date
		Frequency    *int
		Agreements   int64
	}
	err := s.db.WithContext(ctx).Raw(`SELECT p.awarded_minor AS awarded, p.planned_start, p.planned_end,
		c.report_frequency_months AS frequency,
		(SELECT d.conditions FROM decisions d WHERE d.project_id = p.id AND d.decision = ?
			ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) AS conditions,
		(SELECT COUNT(*) FROM agreements a WHERE a.project_id = p.id) AS agreements
		FROM projects p LEFT JOIN calls c ON c.id = p.call_id WHERE p.id = ?`, DecisionApprove, projectID).Scan(&row).Error
	if err != nil {
		return AgreementDraft{}, fmt.Errorf("store: unable to load the agreement draft of project %d: %w", projectID, err)
	}
	d := AgreementDraft{PlannedStart: row.PlannedStart, PlannedEnd: row.PlannedEnd,
		FrequencyMo: DefaultReportFrequencyMonths, HasAgreement: row.Agreements > 0}
	if row.Awarded != nil {
		d.AwardMinor = *row.Awarded
	}
	if row.Conditions != nil {
		d.Conditions = *row.Conditions
	}
	if row.Frequency != nil && *row.Frequency > 0 {
		d.FrequencyMo = *row.Frequency
	}
	return d, nil
}

// AgreementOf returns a project's agreement, or nil when none is recorded.
func (s *Store) AgreementOf(ctx context.Context, projectID int64) (*Agreement, error) {
	var a Agreement
	err := s.db.WithContext(ctx).Where("project_id = ?", projectID).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the agreement of project %d: %w", projectID, err)
	}
	return &a, nil
}
