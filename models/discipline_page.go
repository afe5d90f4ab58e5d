package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// MoneyTotal is a sum of money in one currency, with the projects in it.
type MoneyTotal struct {
	Currency  string `gorm:"column:currency"`
	Projects  int64  `gorm:"column:n"`
	Requested int64  `gorm:"column:requested"`
	Awarded   int64  `gorm:"column:awarded"`
	Disbursed int64  `gorm:"column:disbursed"`
}

// OutputYear is one year of reported outputs: co-authored publications and
// people trained.
type OutputYear struct {
	Year    int   `gorm:"column:year"`
	Papers  int64 `gorm:"column:papers"`
	Trained int64 `gorm:"column:trained"`
}

// ProjectFigures summarise the projects matching a filter, for the country,
// discipline and priority-area pages: by state, by type, by country, money
// per currency (funded projects) and outputs per year.
type ProjectFigures struct {
	States    []Count
	Types     []Count
	Countries map[string]int64
	Funding   []MoneyTotal
	Outputs   []OutputYear
}

// ProjectFigures computes the summaries in five grouped statements,
// whatever the number of projects; every project past its draft counts
// (the public pages' figures: an unsent draft is not yet a project of the
// portfolio). withCountries false skips the per-country counts (a
// country's own page).
func (s *Store) ProjectFigures(ctx context.Context, f ProjectFilter, withCountries bool) (ProjectFigures, error) {
	f.Submitted = true
	db := s.db.WithContext(ctx)
	all := ProjectScope{All: true}
	var out ProjectFigures
	if err := projectsFiltered(db, all, f).Select("p.state AS k, COUNT(*) AS n").Group("p.state").Scan(&out.States).Error; err != nil {
		return out, fmt.Errorf("store: unable to count projects by state: %w", err)
	}
	if err := projectsFiltered(db, all, f).Select("p.type AS k, COUNT(*) AS n").Group("p.type").Order("n DESC, p.type").Scan(&out.Types).Error; err != nil {
		return out, fmt.Errorf("store: unable to count projects by type: %w", err)
	}
	if withCountries {
		figs, err := s.MapValues(ctx, all, f, MapProjects, "")
		if err != nil {
			return out, err
		}
		out.Countries = figs.Values
	}
	err := projectsFiltered(db, all, f).Where("p.state IN ?", FundedStates).
		Select(`p.currency AS currency, COUNT(*) AS n, CAST(COALESCE(SUM(p.requested_minor), 0) AS bigint) AS requested,
			CAST(COALESCE(SUM(p.awarded_minor), 0) AS bigint) AS awarded, CAST(COALESCE(SUM(p.disbursed_minor), 0) AS bigint) AS disbursed`).
		Group("p.currency").Order("n DESC, p.currency").Scan(&out.Funding).Error
	if err != nil {
		return out, fmt.Errorf("store: unable to sum funding: %w", err)
	}
	err = projectsFiltered(db, all, f).Joins("JOIN outputs o ON o.project_id = p.id").
		Where("(o.kind = ? AND o.coauthored = ?) OR o.kind = ?", "publication", true, "trained_people").
		Select(`o.year AS year,
			CAST(COALESCE(SUM(CASE WHEN o.kind = 'publication' THEN 1 ELSE 0 END), 0) AS bigint) AS papers,
			CAST(COALESCE(SUM(CASE WHEN o.kind = 'trained_people' THEN COALESCE(o.people_count, 1) ELSE 0 END), 0) AS bigint) AS trained`).
		Group("o.year").Order("o.year").Scan(&out.Outputs).Error
	if err != nil {
		return out, fmt.Errorf("store: unable to count outputs per year: %w", err)
	}
	return out, nil
}

// DisciplinePage is one discipline (a field or a subfield) with its parent
// and subfields.
type DisciplinePage struct {
	Code      string
	Level     int
	Name      Localized
	Parent    *ListOption
	Subfields []ListOption
}

// DisciplineByCode loads a discipline with its parent and subfields (two
// statements); ErrNotFound for an unknown code.
func (s *Store) DisciplineByCode(ctx context.Context, code string) (*DisciplinePage, error) {
	db := s.db.WithContext(ctx)
	var rows []disciplineScan
	err := db.Table("disciplines d").Select("d.code, d.parent_code, d.level, d.name_en, d.name_es, d.name_pt, d.name_zh").
		Where("d.code = ? OR d.parent_code = ?", code, code).Order("d.code").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load discipline %q: %w", code, err)
	}
	var page *DisciplinePage
	var subs []ListOption
	for _, r := range rows {
		name := Localized{r.NameEN, r.NameES, r.NamePT, r.NameZH}
		if r.Code == code {
			page = &DisciplinePage{Code: r.Code, Level: r.Level, Name: name}
			if r.ParentCode != nil {
				var p disciplineScan
				err := db.Table("disciplines d").Select("d.code, d.name_en, d.name_es, d.name_pt, d.name_zh").
					Where("d.code = ?", *r.ParentCode).Take(&p).Error
				if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
					return nil, fmt.Errorf("store: unable to load discipline %q: %w", *r.ParentCode, err)
				}
				if err == nil {
					page.Parent = &ListOption{Value: p.Code, Name: Localized{p.NameEN, p.NameES, p.NamePT, p.NameZH}, Level: 1}
				}
			}
			continue
		}
		subs = append(subs, ListOption{Value: r.Code, Name: name, Level: 2})
	}
	if page == nil {
		return nil, ErrNotFound
	}
	page.Subfields = subs
	return page, nil
}
