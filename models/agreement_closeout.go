package models

import (
	"context"
	"fmt"
)

// ReportState is where one of a project's reports stands, for the
// closeout checklist.
type ReportState struct {
	ID     int64
	Kind   ReportKind
	Seq    int
	Status ReportStatus
	DueOn  Date
}

// ReportStatesOf lists a project's reports by due date, in one statement
// (a schedule holds a few dozen at most).
func (s *Store) ReportStatesOf(ctx context.Context, projectID int64) ([]ReportState, error) {
	var out []ReportState
	err := s.db.WithContext(ctx).Model(&Report{}).Select("id, kind, seq, status, due_on").
		Where("project_id = ?", projectID).Order("due_on, kind DESC, seq").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the reports of project %d: %w", projectID, err)
	}
	return out, nil
}
