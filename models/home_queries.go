package models

import (
	"context"
	"fmt"
	"time"

	"github.com/puente-science/puente/migrations"
)

// HomeStats are the headline figures of the public home page.
type HomeStats struct {
	Countries          int64 // LAC countries and territories with at least one project
	Projects           int64 // approved and later, excluding rejected and withdrawn ones
	ActiveProjects     int64
	Institutions       int64 // partner institutions outside the bureau
	Publications       int64 // co-authored publications reported
	TrainedResearchers int64
}

// HomeStats computes the home page figures in one statement.
func (s *Store) HomeStats(ctx context.Context) (HomeStats, error) {
	var st HomeStats
	err := s.db.WithContext(ctx).Raw(`SELECT
		(SELECT COUNT(DISTINCT pc.country_iso2) FROM project_countries pc
			JOIN projects p ON p.id = pc.project_id
			WHERE p.state IN ('approved','active','suspended','completed')) AS countries,
		(SELECT COUNT(*) FROM projects WHERE state IN ('approved','active','suspended','completed')) AS projects,
		(SELECT COUNT(*) FROM projects WHERE state IN ('active','suspended')) AS active_projects,
		(SELECT COUNT(*) FROM institutions WHERE own_institute = ?) AS institutions,
		(SELECT COUNT(*) FROM outputs WHERE kind = 'publication' AND coauthored = ?) AS publications,
		(SELECT COALESCE(SUM(people_count), 0) FROM outputs WHERE kind = 'trained_people') AS trained_researchers`,
		false, true).Scan(&st).Error
	if err != nil {
		return st, fmt.Errorf("store: unable to compute home figures: %w", err)
	}
	return st, nil
}

// CallCard is an open call as the home and calls pages show it.
type CallCard struct {
	ID             int64
	Code           string
	Title          Localized
	Channel        Localized
	ClosesAt       time.Time
	TimeZone       string
	BudgetCapMinor int64
	Currency       string
}

type callScan struct {
	ID                                 int64
	Code                               string
	TitleEN, TitleES, TitlePT, TitleZH *string
	ChEN, ChES, ChPT, ChZH             string
	ClosesAt                           time.Time
	TimeZone                           string
	BudgetCapMinor                     int64
	Currency                           string
}

// OpenCalls lists published calls open at now, closing soonest first.
func (s *Store) OpenCalls(ctx context.Context, now time.Time, limit int) ([]CallCard, error) {
	var rows []callScan
	err := s.db.WithContext(ctx).Table("calls c").
		Select(`c.id, c.code, c.title_en, c.title_es, c.title_pt, c.title_zh,
			f.name_en AS ch_en, f.name_es AS ch_es, f.name_pt AS ch_pt, f.name_zh AS ch_zh,
			c.closes_at, c.time_zone, c.budget_cap_minor, c.currency`).
		Joins("JOIN funding_channels f ON f.id = c.channel_id").
		Where("c.status = ? AND c.opens_at <= ? AND c.closes_at > ?", "published", now, now).
		Order("c.closes_at").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list open calls: %w", err)
	}
	out := make([]CallCard, len(rows))
	for i, r := range rows {
		out[i] = CallCard{ID: r.ID, Code: r.Code,
			Title:    Localized{deref(r.TitleEN), deref(r.TitleES), deref(r.TitlePT), deref(r.TitleZH)},
			Channel:  Localized{r.ChEN, r.ChES, r.ChPT, r.ChZH},
			ClosesAt: r.ClosesAt, TimeZone: r.TimeZone, BudgetCapMinor: r.BudgetCapMinor, Currency: r.Currency}
	}
	return out, nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: unable to reach database: %w", err)
	}
	return sqlDB.PingContext(ctx)
}

// MigrationsPending reports whether the schema lags behind the binary.
func (s *Store) MigrationsPending(ctx context.Context) (bool, error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return false, fmt.Errorf("store: unable to reach database: %w", err)
	}
	return migrations.Pending(ctx, sqlDB, s.dialect)
}
