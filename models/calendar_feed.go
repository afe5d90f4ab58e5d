package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/puente-science/puente/workflow"
)

// A calendar feed shows what concerns its owner, by role:
//   - everyone: the due dates of the reports of their own projects (due or
//     sent back for revision) and the closing times of the calls their
//     draft applications are in;
//   - officers: also the reports of the projects they are responsible
//     for;
//   - reviewers: the due dates of their pending reviews;
//   - officers: the closing times of the published calls they created;
//     directors: of every published call.
//
// Past deadlines stay for calendarHistory (an overdue report stays until
// it is handed in); each list holds at most calendarLimit entries.
const (
	calendarHistory = 30 * 24 * time.Hour
	calendarLimit   = 500
)

// CalendarFeed is a user's deadlines.
type CalendarFeed struct {
	Reports      []CalendarReport
	Reviews      []CalendarReview
	Applications []CalendarApplication
	Calls        []CalendarCall
}

// CalendarReport is a report waiting for its applicant.
type CalendarReport struct {
	ID        int64
	ProjectID int64
	Code      string
	Lang      string
	Title     Texts `gorm:"embedded;embeddedPrefix:title_"`
	Kind      ReportKind
	Seq       int
	DueOn     Date
	Status    ReportStatus
	PIUserID  int64
}

// CalendarReview is a review the user owes.
type CalendarReview struct {
	ID        int64 // the assignment
	ProjectID int64
	Code      string
	Lang      string
	Title     Texts `gorm:"embedded;embeddedPrefix:title_"`
	DueOn     Date
}

// CalendarApplication is a draft application and the closing time of its
// call.
type CalendarApplication struct {
	ProjectID int64
	Code      string
	Lang      string
	Title     Texts `gorm:"embedded;embeddedPrefix:title_"`
	CallID    int64
	CallCode  string
	ClosesAt  time.Time
}

// CalendarCall is a published call's closing time.
type CalendarCall struct {
	ID       int64
	Code     string
	Title    Texts `gorm:"embedded;embeddedPrefix:title_"`
	ClosesAt time.Time
}

// CalendarFeedFor loads the deadlines that concern a user with the roles,
// in at most four queries.
func (s *Store) CalendarFeedFor(ctx context.Context, userID int64, roles []Role, now time.Time) (*CalendarFeed, error) {
	db := s.db.WithContext(ctx)
	since := now.UTC().Add(-calendarHistory)
	officer, director := slices.Contains(roles, RoleOfficer), slices.Contains(roles, RoleDirector)
	var f CalendarFeed
	q := db.Table("reports r").
		Select(`r.id, r.project_id, p.code, p.lang, p.title_en, p.title_es, p.title_pt, p.title_zh,
			r.kind, r.seq, r.due_on, r.status, p.pi_user_id`).
		Joins("JOIN projects p ON p.id = r.project_id").
		Where("r.status IN ? AND p.state IN ?", remindedStatuses, remindedStates)
	if officer {
		q = q.Where("(p.pi_user_id = ? OR p.officer_id = ?)", userID, userID)
	} else {
		q = q.Where("p.pi_user_id = ?", userID)
	}
	if err := q.Order("r.due_on, r.id").Limit(calendarLimit).Scan(&f.Reports).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load the calendar reports of user %d: %w", userID, err)
	}
	err := db.Table("projects p").
		Select(`p.id AS project_id, p.code, p.lang, p.title_en, p.title_es, p.title_pt, p.title_zh,
			c.id AS call_id, c.code AS call_code, c.closes_at`).
		Joins("JOIN calls c ON c.id = p.call_id").
		Where("p.pi_user_id = ? AND p.state = ? AND c.closes_at >= ?", userID, workflow.Draft, since).
		Order("c.closes_at, p.id").Limit(calendarLimit).Scan(&f.Applications).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the calendar applications of user %d: %w", userID, err)
	}
	if slices.Contains(roles, RoleReviewer) {
		err := db.Table("review_assignments a").
			Select(`a.id, a.project_id, p.code, p.lang, p.title_en, p.title_es, p.title_pt, p.title_zh, a.due_on`).
			Joins("JOIN projects p ON p.id = a.project_id AND p.review_round = a.round").
			Where("a.reviewer_id = ? AND a.status = ? AND p.state IN ? AND a.due_on IS NOT NULL",
				userID, AssignmentAssigned, reviewStates).
			Order("a.due_on, a.id").Limit(calendarLimit).Scan(&f.Reviews).Error
		if err != nil {
			return nil, fmt.Errorf("store: unable to load the calendar reviews of user %d: %w", userID, err)
		}
	}
	if officer || director {
		q := db.Model(&Call{}).Select("id, code, title_en, title_es, title_pt, title_zh, closes_at").
			Where("status = ? AND closes_at >= ?", CallPublished, since)
		if !director {
			q = q.Where("created_by = ?", userID)
		}
		if err := q.Order("closes_at, id").Limit(calendarLimit).Scan(&f.Calls).Error; err != nil {
			return nil, fmt.Errorf("store: unable to load the calendar calls of user %d: %w", userID, err)
		}
	}
	return &f, nil
}
