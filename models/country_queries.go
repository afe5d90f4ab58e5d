package models

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// CountryFilter narrows the countries list; empty fields do not filter.
type CountryFilter struct {
	Query     string
	Subregion string
	Tier      string
	Priority  *bool
}

// CountryRow is one line of the countries list.
type CountryRow struct {
	ISO2, ISO3        string
	Name              Localized
	Subregion, Tier   string
	Priority          bool
	Sovereign         bool
	PRCRelationsSince *int
	Projects          int64
	ActiveProjects    int64
}

type countryScan struct {
	ISO2, ISO3                     string
	NameEN, NameES, NamePT, NameZH string
	Subregion                      string
	Tier                           *string // NULL for partner countries outside the region
	Priority, Sovereign            bool
	PrcRelationsSince              *int
	Projects, ActiveProjects       int64
}

func (c countryScan) row() CountryRow {
	return CountryRow{
		ISO2: c.ISO2, ISO3: c.ISO3,
		Name:      Localized{EN: c.NameEN, ES: c.NameES, PT: c.NamePT, ZH: c.NameZH},
		Subregion: c.Subregion, Tier: deref(c.Tier), Priority: c.Priority, Sovereign: c.Sovereign,
		PRCRelationsSince: c.PrcRelationsSince, Projects: c.Projects, ActiveProjects: c.ActiveProjects,
	}
}

// projectCountsByCountry counts projects past their draft per country in
// one grouped query, joined to the countries list so the page runs a single
// statement.
const projectCountsByCountry = `SELECT pc.country_iso2 AS iso2, COUNT(*) AS projects,
	SUM(CASE WHEN p.state IN ('active','suspended') THEN 1 ELSE 0 END) AS active_projects
	FROM project_countries pc JOIN projects p ON p.id = pc.project_id
	WHERE p.state <> 'draft'
	GROUP BY pc.country_iso2`

const countryColumns = `c.iso2, c.iso3, c.name_en, c.name_es, c.name_pt, c.name_zh, c.subregion,
	c.tier, c.priority, c.sovereign, c.prc_relations_since,
	COALESCE(n.projects, 0) AS projects, COALESCE(n.active_projects, 0) AS active_projects`

// Countries lists the Latin American and Caribbean countries and
// territories matching f, with their project counts. The caller sorts.
func (s *Store) Countries(ctx context.Context, f CountryFilter) ([]CountryRow, error) {
	q := s.db.WithContext(ctx).Table("countries c").
		Select(countryColumns).
		Joins("LEFT JOIN ("+projectCountsByCountry+") n ON n.iso2 = c.iso2").
		Where("c.lac = ?", true)
	if f.Subregion != "" {
		q = q.Where("c.subregion = ?", f.Subregion)
	}
	if f.Tier != "" {
		q = q.Where("c.tier = ?", f.Tier)
	}
	if f.Priority != nil {
		q = q.Where("c.priority = ?", *f.Priority)
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		like := "%" + strings.ToLower(escapeLike(t)) + "%"
		q = q.Where(`LOWER(c.name_en) LIKE ? ESCAPE '\' OR LOWER(c.name_es) LIKE ? ESCAPE '\'
			OR LOWER(c.name_pt) LIKE ? ESCAPE '\' OR c.name_zh LIKE ? ESCAPE '\'
			OR LOWER(c.iso2) = ? OR LOWER(c.iso3) = ?`,
			like, like, like, like, strings.ToLower(t), strings.ToLower(t))
	}
	var rows []countryScan
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list countries: %w", err)
	}
	out := make([]CountryRow, len(rows))
	for i, r := range rows {
		out[i] = r.row()
	}
	return out, nil
}

// CountryByISO2 returns one country (LAC or partner) with its project counts.
func (s *Store) CountryByISO2(ctx context.Context, iso2 string) (*CountryRow, error) {
	var r countryScan
	err := s.db.WithContext(ctx).Table("countries c").
		Select(countryColumns).
		Joins("LEFT JOIN ("+projectCountsByCountry+") n ON n.iso2 = c.iso2").
		Where("c.iso2 = ?", strings.ToUpper(iso2)).
		Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load country %s: %w", iso2, err)
	}
	row := r.row()
	return &row, nil
}

// IndicatorValue is one yearly indicator of a country or of the region.
type IndicatorValue struct {
	Code   string
	Unit   string
	Year   int
	Value  float64
	Source string
	Note   *string
}

// IndicatorsFor returns the indicators of a country, or of the whole region
// when iso2 is empty, ordered by indicator and year.
func (s *Store) IndicatorsFor(ctx context.Context, iso2 string) ([]IndicatorValue, error) {
	q := s.db.WithContext(ctx).Table("country_indicators ci").
		Select("ci.indicator_code AS code, i.unit, ci.year, ci.value, ci.source, ci.note").
		Joins("JOIN indicators i ON i.code = ci.indicator_code")
	if iso2 == "" {
		q = q.Where("ci.country_iso2 IS NULL")
	} else {
		q = q.Where("ci.country_iso2 = ?", strings.ToUpper(iso2))
	}
	var out []IndicatorValue
	if err := q.Order("ci.indicator_code, ci.year").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load indicators of %q: %w", iso2, err)
	}
	return out, nil
}

// Count is a labelled count, for small summaries.
type Count struct {
	Key   string `gorm:"column:k"`
	Count int64  `gorm:"column:n"`
}

// InstitutionRow is an institution with the number of projects it joins.
type InstitutionRow struct {
	ID       int64
	Name     string
	Type     string
	RORID    *string `gorm:"column:ror_id"`
	Own      bool
	Projects int64
}

// InstitutionsIn lists a country's institutions, most involved first
// (projects past their draft).
func (s *Store) InstitutionsIn(ctx context.Context, iso2 string, limit int) ([]InstitutionRow, error) {
	var out []InstitutionRow
	err := s.db.WithContext(ctx).Table("institutions i").
		Select("i.id, i.name, i.type, i.ror_id, i.own_institute AS own, COUNT(p.id) AS projects").
		Joins("LEFT JOIN project_institutions pi ON pi.institution_id = i.id").
		Joins("LEFT JOIN projects p ON p.id = pi.project_id AND p.state <> 'draft'").
		Where("i.country_iso2 = ?", strings.ToUpper(iso2)).
		Group("i.id, i.name, i.type, i.ror_id, i.own_institute").
		Order("projects DESC, i.name").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list institutions of %s: %w", iso2, err)
	}
	return out, nil
}

// escapeLike escapes the LIKE wildcards in user text.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// AdministeringState returns, for a territory, the name of the state that
// administers it in English (ISO short name); empty for a sovereign state.
func (s *Store) AdministeringState(ctx context.Context, iso2 string) (string, error) {
	var adm []string
	err := s.db.WithContext(ctx).Table("countries").Where("iso2 = ?", iso2).
		Pluck("administering_iso2", &adm).Error
	if err != nil || len(adm) == 0 {
		return "", err
	}
	return adm[0], nil
}
