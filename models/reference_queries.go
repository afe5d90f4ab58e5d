package models

import (
	"context"
	"fmt"
)

// DisciplineRow is a field or subfield with the projects whose primary
// discipline it is (a field counts its subfields' projects too).
type DisciplineRow struct {
	Code       string
	ParentCode *string
	Level      int
	Name       Localized
	Projects   int64
}

type disciplineScan struct {
	Code                           string
	ParentCode                     *string
	Level                          int
	NameEN, NameES, NamePT, NameZH string
	Projects                       int64
}

// Disciplines lists the two-level taxonomy in order, with the number of
// projects past their draft whose primary discipline each is.
func (s *Store) Disciplines(ctx context.Context) ([]DisciplineRow, error) {
	var rows []disciplineScan
	err := s.db.WithContext(ctx).Table("disciplines d").
		Select(`d.code, d.parent_code, d.level, d.name_en, d.name_es, d.name_pt, d.name_zh,
			COALESCE(n.projects, 0) AS projects`).
		Joins(`LEFT JOIN (SELECT primary_discipline_code AS code, COUNT(*) AS projects
			FROM projects WHERE primary_discipline_code IS NOT NULL AND state <> 'draft'
			GROUP BY primary_discipline_code) n ON n.code = d.code`).
		Order("d.position").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list disciplines: %w", err)
	}
	out := make([]DisciplineRow, len(rows))
	parents := map[string]int{}
	for i, r := range rows {
		out[i] = DisciplineRow{Code: r.Code, ParentCode: r.ParentCode, Level: r.Level,
			Name: Localized{r.NameEN, r.NameES, r.NamePT, r.NameZH}, Projects: r.Projects}
		if r.ParentCode == nil {
			parents[r.Code] = i
		}
	}
	for _, r := range out {
		if r.ParentCode != nil {
			if i, ok := parents[*r.ParentCode]; ok {
				out[i].Projects += r.Projects
			}
		}
	}
	return out, nil
}

// PriorityAreaRow is a strategic theme with its target and its actual share
// of awarded funding.
type PriorityAreaRow struct {
	ID            int64
	Slug          string
	Name          Localized
	Description   Localized
	TargetShareBP int
	Projects      int64
	AwardedMinor  int64
	Disciplines   []string // discipline codes
}

type priorityScan struct {
	ID                             int64
	Slug                           string
	NameEN, NameES, NamePT, NameZH string
	DescriptionEN, DescriptionES   *string
	DescriptionPT, DescriptionZH   *string
	TargetShareBP                  int `gorm:"column:target_share_bp"`
	Projects                       int64
	AwardedMinor                   int64
}

// PriorityAreas lists the priority areas with project counts and awarded
// funding (approved and later projects), plus their disciplines: two queries.
func (s *Store) PriorityAreas(ctx context.Context) ([]PriorityAreaRow, error) {
	db := s.db.WithContext(ctx)
	var rows []priorityScan
	err := db.Table("priority_areas a").
		Select(`a.id, a.slug, a.name_en, a.name_es, a.name_pt, a.name_zh,
			a.description_en, a.description_es, a.description_pt, a.description_zh, a.target_share_bp,
			COUNT(p.id) AS projects, COALESCE(SUM(p.awarded_minor), 0) AS awarded_minor`).
		Joins("LEFT JOIN projects p ON p.priority_area_id = a.id AND p.awarded_minor IS NOT NULL").
		Group(`a.id, a.slug, a.name_en, a.name_es, a.name_pt, a.name_zh,
			a.description_en, a.description_es, a.description_pt, a.description_zh, a.target_share_bp, a.position`).
		Order("a.position").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list priority areas: %w", err)
	}
	var links []struct {
		PriorityAreaID int64
		DisciplineCode string
	}
	if err := db.Table("priority_area_disciplines").Order("discipline_code").Scan(&links).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list priority area disciplines: %w", err)
	}
	out := make([]PriorityAreaRow, len(rows))
	idx := map[int64]int{}
	for i, r := range rows {
		out[i] = PriorityAreaRow{ID: r.ID, Slug: r.Slug,
			Name:          Localized{r.NameEN, r.NameES, r.NamePT, r.NameZH},
			Description:   Localized{deref(r.DescriptionEN), deref(r.DescriptionES), deref(r.DescriptionPT), deref(r.DescriptionZH)},
			TargetShareBP: r.TargetShareBP, Projects: r.Projects, AwardedMinor: r.AwardedMinor}
		idx[r.ID] = i
	}
	for _, l := range links {
		if i, ok := idx[l.PriorityAreaID]; ok {
			out[i].Disciplines = append(out[i].Disciplines, l.DisciplineCode)
		}
	}
	return out, nil
}

// AwardTotals are awarded funding overall and to priority countries (by
// lead country), for the strategy shares.
type AwardTotals struct {
	AwardedMinor         int64
	PriorityCountryMinor int64
	Projects             int64
}

// AwardTotals sums awarded funding over approved and later projects.
func (s *Store) AwardTotals(ctx context.Context) (AwardTotals, error) {
	var t AwardTotals
	err := s.db.WithContext(ctx).Table("projects p").
		Select(`COUNT(*) AS projects, COALESCE(SUM(p.awarded_minor), 0) AS awarded_minor,
			COALESCE(SUM(CASE WHEN c.priority THEN p.awarded_minor ELSE 0 END), 0) AS priority_country_minor`).
		Joins("LEFT JOIN countries c ON c.iso2 = p.lead_country_iso2").
		Where("p.awarded_minor IS NOT NULL").Scan(&t).Error
	if err != nil {
		return t, fmt.Errorf("store: unable to total awards: %w", err)
	}
	return t, nil
}

// Setting returns a setting's value, or def when it is not set.
func (s *Store) Setting(ctx context.Context, key, def string) (string, error) {
	var vals []string
	if err := s.db.WithContext(ctx).Table("settings").Where("key = ?", key).Pluck("value", &vals).Error; err != nil {
		return def, fmt.Errorf("store: unable to read setting %s: %w", key, err)
	}
	if len(vals) == 0 {
		return def, nil
	}
	return vals[0], nil
}

// ChannelRow is a funding channel with its project types and totals.
type ChannelRow struct {
	ID                int64
	Slug              string
	Name              Localized
	Sponsor           string
	Kind              string
	AnnualBudgetMinor int64
	Currency          string
	StableMultiyear   bool
	ProjectTypes      []string
	Projects          int64
	AwardedMinor      int64
	OpenCalls         int64
}

type channelScan struct {
	ID                             int64
	Slug                           string
	NameEN, NameES, NamePT, NameZH string
	Sponsor, Kind                  string
	AnnualBudgetMinor              int64
	Currency                       string
	StableMultiyear                bool
	Projects, AwardedMinor         int64
}

// Channels lists the active funding channels with project totals: two
// queries whatever the number of channels.
func (s *Store) Channels(ctx context.Context) ([]ChannelRow, error) {
	db := s.db.WithContext(ctx)
	var rows []channelScan
	err := db.Table("funding_channels f").
		Select(`f.id, f.slug, f.name_en, f.name_es, f.name_pt, f.name_zh, f.sponsor, f.kind,
			f.annual_budget_minor, f.currency, f.stable_multiyear,
			COUNT(p.id) AS projects, COALESCE(SUM(p.awarded_minor), 0) AS awarded_minor`).
		Joins("LEFT JOIN projects p ON p.channel_id = f.id AND p.state <> 'draft'"). // projects past their draft
		Where("f.active = ?", true).
		Group(`f.id, f.slug, f.name_en, f.name_es, f.name_pt, f.name_zh, f.sponsor, f.kind,
			f.annual_budget_minor, f.currency, f.stable_multiyear`).
		Order("f.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list channels: %w", err)
	}
	var types []struct {
		ChannelID   int64
		ProjectType string
	}
	if err := db.Table("channel_project_types").Order("channel_id, project_type").Scan(&types).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list channel project types: %w", err)
	}
	out := make([]ChannelRow, len(rows))
	idx := map[int64]int{}
	for i, r := range rows {
		out[i] = ChannelRow{ID: r.ID, Slug: r.Slug, Name: Localized{r.NameEN, r.NameES, r.NamePT, r.NameZH},
			Sponsor: r.Sponsor, Kind: r.Kind, AnnualBudgetMinor: r.AnnualBudgetMinor, Currency: r.Currency,
			StableMultiyear: r.StableMultiyear, Projects: r.Projects, AwardedMinor: r.AwardedMinor}
		idx[r.ID] = i
	}
	for _, t := range types {
		if i, ok := idx[t.ChannelID]; ok {
			out[i].ProjectTypes = append(out[i].ProjectTypes, t.ProjectType)
		}
	}
	return out, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// DisciplineNames maps discipline codes to their names, without counting
// projects (for labels).
func (s *Store) DisciplineNames(ctx context.Context) (map[string]Localized, error) {
	var rows []disciplineScan
	err := s.db.WithContext(ctx).Table("disciplines").
		Select("code, name_en, name_es, name_pt, name_zh").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list discipline names: %w", err)
	}
	out := make(map[string]Localized, len(rows))
	for _, r := range rows {
		out[r.Code] = Localized{r.NameEN, r.NameES, r.NamePT, r.NameZH}
	}
	return out, nil
}
