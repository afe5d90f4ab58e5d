package models

import (
	"context"
	"fmt"
)

// maxPanelRows bounds what the project page lists of reports and outputs;
// the counts are always complete.
const maxPanelRows = 200

// ProjectReport is one report of a project, as its page lists it.
type ProjectReport struct {
	ID          int64
	Kind        ReportKind
	Seq         int
	PeriodStart *Date
	PeriodEnd   *Date
	DueOn       Date
	Status      ReportStatus
}

// ProjectReports lists a project's reports in schedule order, one query.
func (s *Store) ProjectReports(ctx context.Context, projectID int64) ([]ProjectReport, error) {
	var rows []ProjectReport
	err := s.db.WithContext(ctx).Model(&Report{}).
		Select("id, kind, seq, period_start, period_end, due_on, status").
		Where("project_id = ?", projectID).Order("due_on, kind DESC, seq").Limit(maxPanelRows).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the reports of project %d: %w", projectID, err)
	}
	return rows, nil
}

// ProjectOutputs is what a project has produced: its outputs, kind by
// kind and newest first (at most maxPanelRows), and complete counts.
type ProjectOutputs struct {
	Outputs []Output
	Counts  map[OutputKind]int64 // outputs of each kind
	People  int64                // people trained, summed
	Coauth  int64                // co-authored publications
}

// ProjectOutputsOf loads a project's outputs in two queries: the counts and
// one bounded list.
func (s *Store) ProjectOutputsOf(ctx context.Context, projectID int64) (ProjectOutputs, error) {
	db := s.db.WithContext(ctx)
	out := ProjectOutputs{Counts: map[OutputKind]int64{}}
	var counts []struct {
		Kind   OutputKind
		N      int64
		People int64
		Coauth int64
	}
	err := db.Model(&Output{}).Select(`kind, COUNT(*) AS n, COALESCE(SUM(people_count), 0) AS people,
		COALESCE(SUM(CASE WHEN coauthored THEN 1 ELSE 0 END), 0) AS coauth`).
		Where("project_id = ?", projectID).Group("kind").Scan(&counts).Error
	if err != nil {
		return out, fmt.Errorf("store: unable to count the outputs of project %d: %w", projectID, err)
	}
	for _, c := range counts {
		out.Counts[c.Kind] = c.N
		if c.Kind == OutputTrainedPeople {
			out.People = c.People
		}
		if c.Kind == OutputPublication {
			out.Coauth = c.Coauth
		}
	}
	err = db.Where("project_id = ?", projectID).Order("kind, year DESC, id DESC").Limit(maxPanelRows).Find(&out.Outputs).Error
	if err != nil {
		return out, fmt.Errorf("store: unable to list the outputs of project %d: %w", projectID, err)
	}
	return out, nil
}
