package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// TimelineCap is how many entries the project page shows of a project's
// history: the latest ones; the history page pages through all.
const TimelineCap = 200

// TimelineScope is which entries of a project's audit log a reader sees.
// Staff see every entry. Anyone else sees the transitions, what they did
// themselves (never a review: a reviewer's entries name them), and what
// staff did about the applicant's own reports, tranches and agreement.
type TimelineScope struct {
	Staff    bool
	Owner    bool // the viewer is the project's applicant
	ViewerID int64
}

// applicantVisible are the staff actions on a project that its applicant
// is told of anyway, so they see them in its history too.
var applicantVisible = []string{"agreement.record", "report.accept", "report.request_revision", "tranche.pay",
	"tranche.cancel"}

// TimelineEntry is one audit entry of a project, with the names it needs.
type TimelineEntry struct {
	ID        int64
	At        time.Time
	ActorID   *int64
	ActorName *string // nil for the system
	Action    string
	Entity    string
	FromState *string
	ToState   *string
	Comment   *string
	Meta      *string // JSON object
	// Subject names whom an assignment entry is about (staff only).
	Subject *string
	// FileName names the file of an attachment entry while it exists.
	FileName *string
}

// Transition reports whether the entry moved the project.
func (e TimelineEntry) Transition() bool { return e.ToState != nil }

// ProjectTimeline returns the latest limit entries of a project's history
// that the scope sees, oldest first, and whether there are older ones.
// One query, whatever the history's length.
func (s *Store) ProjectTimeline(ctx context.Context, projectID int64, scope TimelineScope, limit int) ([]TimelineEntry, bool, error) {
	var out []TimelineEntry
	err := s.timelineQuery(ctx, projectID, scope).Order("a.at DESC, a.id DESC").Limit(limit + 1).Scan(&out).Error
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to load the history of project %d: %w", projectID, err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	slices.Reverse(out)
	return out, more, nil
}

// ProjectHistory returns one page of a project's history that the scope
// sees, oldest first, and how many entries there are in all.
func (s *Store) ProjectHistory(ctx context.Context, projectID int64, scope TimelineScope, page, perPage int) ([]TimelineEntry, int64, error) {
	var total int64
	if err := s.timelineFilter(s.db.WithContext(ctx).Table("audit_entries a"), projectID, scope).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: unable to count the history of project %d: %w", projectID, err)
	}
	var out []TimelineEntry
	err := s.timelineQuery(ctx, projectID, scope).Order("a.at, a.id").
		Offset(max(page-1, 0) * perPage).Limit(perPage).Scan(&out).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to load the history of project %d: %w", projectID, err)
	}
	return out, total, nil
}

func (s *Store) timelineQuery(ctx context.Context, projectID int64, scope TimelineScope) *gorm.DB {
	cols := `a.id, a.at, a.actor_id, u.name AS actor_name, a.action, a.entity, a.from_state, a.to_state, a.comment,
		a.meta, f.filename AS file_name`
	q := s.db.WithContext(ctx).Table("audit_entries a").
		Joins("LEFT JOIN users u ON u.id = a.actor_id").
		Joins("LEFT JOIN attachments f ON a.entity = 'attachment' AND f.id = a.entity_id")
	if scope.Staff {
		cols += ", ru.name AS subject"
		q = q.Joins("LEFT JOIN review_assignments ra ON a.entity = 'review_assignment' AND ra.id = a.entity_id").
			Joins("LEFT JOIN users ru ON ru.id = ra.reviewer_id")
	}
	return s.timelineFilter(q.Select(cols), projectID, scope)
}

func (s *Store) timelineFilter(q *gorm.DB, projectID int64, scope TimelineScope) *gorm.DB {
	q = q.Where("a.project_id = ?", projectID)
	if scope.Staff {
		return q
	}
	own := q.Session(&gorm.Session{NewDB: true}).
		Where("a.to_state IS NOT NULL").
		Or("a.actor_id = ? AND a.entity <> ?", scope.ViewerID, "review_assignment")
	if scope.Owner {
		own = own.Or("a.action IN ?", applicantVisible)
	}
	return q.Where(own)
}
