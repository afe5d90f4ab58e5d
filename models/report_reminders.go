package models

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/puente-science/puente/workflow"
)

// ReminderKind is which reminder of a report went out.
type ReminderKind string

const (
	ReminderDue30   ReminderKind = "due_30"  // 30 days or fewer before the due date
	ReminderDue7    ReminderKind = "due_7"   // 7 days or fewer before it
	ReminderOverdue ReminderKind = "overdue" // past it: once, then weekly
)

// ReminderKinds lists every reminder kind.
var ReminderKinds = []ReminderKind{ReminderDue30, ReminderDue7, ReminderOverdue}

func (k ReminderKind) Valid() bool { return slices.Contains(ReminderKinds, k) }

// ReportReminder records one reminder of a report as it was sent. Its key
// is the claim: the worker inserts the row first and notifies only when
// its insert won, so each reminder goes out once however many servers run
// the worker and however often they restart.
type ReportReminder struct {
	ReportID int64        `gorm:"column:report_id;primaryKey"`
	DueOn    Date         `gorm:"column:due_on;primaryKey"` // the due date reminded of
	Kind     ReminderKind `gorm:"column:kind;primaryKey"`
	Seq      int          `gorm:"column:seq;primaryKey"` // overdue: the week, from 0; else 0
	SentAt   time.Time    `gorm:"column:sent_at"`
}

func (ReportReminder) TableName() string { return "report_reminders" }

// Reminder windows, in days before the due date.
const (
	reminderFirstDays = 30
	reminderLastDays  = 7
)

// remindedStates are the states of projects whose reports are reminded:
// a suspended project still owes its reports.
var remindedStates = []workflow.State{workflow.Active, workflow.Suspended}

// remindedStatuses are the reports still waiting for the applicant.
var remindedStatuses = []ReportStatus{ReportDue, ReportRevisionRequested}

// ReminderDue returns the reminder a report due on due is owed on day
// today: the most recent window only, so a reminder missed while no server
// ran goes out late once and an overdue report never also gets its stale
// 30- and 7-day reminders. ok is false before the 30-day window.
func ReminderDue(due, today Date) (kind ReminderKind, seq int, ok bool) {
	days := today.DaysUntil(due)
	switch {
	case days < 0:
		return ReminderOverdue, (-days - 1) / 7, true
	case days <= reminderLastDays:
		return ReminderDue7, 0, true
	case days <= reminderFirstDays:
		return ReminderDue30, 0, true
	}
	return "", 0, false
}

// reminderCandidate is a report that may be owed a reminder, with the
// people to tell.
type reminderCandidate struct {
	ID            int64
	ProjectID     int64
	Code          string
	DueOn         Date
	PIUserID      int64
	PIActive      bool
	OfficerID     *int64
	OfficerActive *bool
}

// RemindReports sends the reminders owed on now's date (UTC) for reports
// that are due or sent back for revision, of active and suspended
// projects: 30 and 7 days before the due date, on becoming overdue and
// weekly while overdue. Each goes to the applicant and to the project's
// responsible officer; a project without one reminds the applicant only
// (the officers' overdue queue shows it to all of them). Each reminder
// claims its report_reminders row in the transaction that writes its
// notifications and their e-mail, so concurrent workers send it once. It
// returns how many reminders went out.
func (s *Store) RemindReports(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC().Truncate(time.Microsecond)
	today := DateOf(now)
	var cands []reminderCandidate
	err := s.reminderCandidates(ctx, today).
		Select(`r.id, r.project_id, p.code, r.due_on, p.pi_user_id, pi.active AS pi_active,
			p.officer_id, o.active AS officer_active`).
		Joins("JOIN users pi ON pi.id = p.pi_user_id").
		Joins("LEFT JOIN users o ON o.id = p.officer_id").
		Order("r.due_on, r.id").Scan(&cands).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to find reports to remind: %w", err)
	}
	if len(cands) == 0 {
		return 0, nil
	}
	// The reminders already sent for those reports in the last 31 days:
	// older ones belong to windows that have passed.
	var sent []ReportReminder
	err = s.db.WithContext(ctx).Model(&ReportReminder{}).Select("report_id, due_on, kind, seq").
		Where("sent_at >= ? AND report_id IN (?)", now.AddDate(0, 0, -reminderFirstDays-1),
			s.reminderCandidates(ctx, today).Select("r.id")).
		Scan(&sent).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to load the reminders sent: %w", err)
	}
	done := make(map[ReportReminder]bool, len(sent))
	for _, r := range sent {
		done[ReportReminder{ReportID: r.ReportID, DueOn: r.DueOn, Kind: r.Kind, Seq: r.Seq}] = true
	}
	n := 0
	for _, c := range cands {
		kind, seq, ok := ReminderDue(c.DueOn, today)
		if !ok {
			continue
		}
		claim := ReportReminder{ReportID: c.ID, DueOn: c.DueOn, Kind: kind, Seq: seq}
		if done[claim] {
			continue
		}
		claim.SentAt = now
		won, err := s.sendReportReminder(ctx, c, claim)
		if err != nil {
			return n, err
		}
		if won {
			n++
		}
	}
	return n, nil
}

// reminderCandidates selects the reports of reminded projects that are
// waiting for the applicant and due within 30 days or overdue.
func (s *Store) reminderCandidates(ctx context.Context, today Date) *gorm.DB {
	return s.db.WithContext(ctx).Table("reports r").
		Joins("JOIN projects p ON p.id = r.project_id").
		Where("r.status IN ? AND p.state IN ? AND r.due_on <= ?", remindedStatuses, remindedStates,
			today.AddDays(reminderFirstDays))
}

// sendReportReminder inserts the claim and, when this worker's insert
// won, writes the notifications in the same transaction. A claim that
// another worker holds, or already sent, leaves nothing behind.
func (s *Store) sendReportReminder(ctx context.Context, c reminderCandidate, claim ReportReminder) (bool, error) {
	won := false
	err := s.InTx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&claim)
		if res.Error != nil {
			return fmt.Errorf("store: unable to claim the %s reminder of report %d: %w", claim.Kind, c.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return nil // another worker sent it
		}
		won = true
		return s.Notify(ctx, tx, reminderNotifications(c, claim))
	})
	return won, err
}

// reminderNotifications tells the applicant and the responsible officer,
// when active, that the report is due soon or overdue.
func reminderNotifications(c reminderCandidate, claim ReportReminder) []Notification {
	key, kind := "notify.report.due_soon", "report.due_soon"
	if claim.Kind == ReminderOverdue {
		key, kind = "notify.report.overdue", "report.overdue"
	}
	params, _ := json.Marshal(map[string]string{"code": c.Code, "due_on": c.DueOn.String()})
	var to []int64
	if c.PIActive {
		to = append(to, c.PIUserID)
	}
	if c.OfficerID != nil && c.OfficerActive != nil && *c.OfficerActive && *c.OfficerID != c.PIUserID {
		to = append(to, *c.OfficerID)
	}
	out := make([]Notification, 0, len(to))
	for _, uid := range to {
		pid := c.ProjectID
		out = append(out, Notification{UserID: uid, Kind: kind, ProjectID: &pid, MessageKey: key,
			Params: string(params), CreatedAt: claim.SentAt})
	}
	return out
}
