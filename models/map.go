package models

import (
	"context"
	"fmt"
)

// MapMeasure is what the map of the region shades countries by.
type MapMeasure string

// The map's measures. Every measure counts a project in each of its
// countries (lead and partners), like the /projects list's country filter,
// so a country's figure is the list its link opens.
const (
	MapProjects MapMeasure = "projects" // projects matching the filter
	MapFunding  MapMeasure = "funding"  // awarded funding of the funded ones, in one currency
	MapPapers   MapMeasure = "papers"   // co-authored publications reported by them
)

// MapMeasures lists the measures in the order the switch offers them.
var MapMeasures = []MapMeasure{MapProjects, MapFunding, MapPapers}

// Valid reports whether m is a known measure.
func (m MapMeasure) Valid() bool {
	for _, x := range MapMeasures {
		if x == m {
			return true
		}
	}
	return false
}

// CurrencyCount is a currency with the number of funded projects in it.
type CurrencyCount struct {
	Currency string `gorm:"column:currency"`
	Projects int64  `gorm:"column:n"`
}

// MapFigures are the per-country values of one measure: one grouped
// statement, whatever the portfolio's size.
type MapFigures struct {
	Measure  MapMeasure
	Currency string           // funding: the currency summed
	Values   map[string]int64 // ISO2 → count or minor units
}

// FundingCurrencies lists the currencies of the funded projects matching a
// filter, most used first: money is never added across currencies.
func (s *Store) FundingCurrencies(ctx context.Context, sc ProjectScope, f ProjectFilter) ([]CurrencyCount, error) {
	var out []CurrencyCount
	err := projectsFiltered(s.db.WithContext(ctx), sc, f).
		Where("p.state IN ? AND p.awarded_minor IS NOT NULL", FundedStates).
		Select("p.currency AS currency, COUNT(*) AS n").
		Group("p.currency").Order("n DESC, p.currency").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list funding currencies: %w", err)
	}
	return out, nil
}

// MapValues computes a measure per country over the projects a scope may
// see that match a filter. For funding, currency names the one currency
// summed (see FundingCurrencies).
func (s *Store) MapValues(ctx context.Context, sc ProjectScope, f ProjectFilter, m MapMeasure, currency string) (MapFigures, error) {
	q := projectsFiltered(s.db.WithContext(ctx), sc, f)
	switch m {
	case MapFunding:
		q = q.Joins("JOIN project_countries mc ON mc.project_id = p.id").
			Where("p.state IN ? AND p.awarded_minor IS NOT NULL AND p.currency = ?", FundedStates, currency).
			Select("mc.country_iso2 AS k, CAST(SUM(p.awarded_minor) AS bigint) AS n")
	case MapPapers:
		q = q.Joins("JOIN outputs mo ON mo.project_id = p.id").
			Joins("JOIN output_countries mc ON mc.output_id = mo.id").
			Where("mo.kind = ? AND mo.coauthored = ?", "publication", true).
			Select("mc.country_iso2 AS k, COUNT(DISTINCT mo.id) AS n")
	default:
		m = MapProjects
		q = q.Joins("JOIN project_countries mc ON mc.project_id = p.id").
			Select("mc.country_iso2 AS k, COUNT(*) AS n")
	}
	var rows []Count
	if err := q.Group("mc.country_iso2").Scan(&rows).Error; err != nil {
		return MapFigures{}, fmt.Errorf("store: unable to compute the map's %s: %w", m, err)
	}
	out := MapFigures{Measure: m, Values: make(map[string]int64, len(rows))}
	if m == MapFunding {
		out.Currency = currency
	}
	for _, r := range rows {
		out.Values[r.Key] = r.Count
	}
	return out, nil
}

// MapCountry is a country the map draws, named in the four languages.
type MapCountry struct {
	ISO2 string
	Name Localized
}

// LACCountries lists the Latin American and Caribbean countries and
// territories, for the map.
func (s *Store) LACCountries(ctx context.Context) ([]MapCountry, error) {
	var rows []struct {
		ISO2                           string `gorm:"column:iso2"`
		NameEN, NameES, NamePT, NameZH string
	}
	err := s.db.WithContext(ctx).Table("countries").
		Select("iso2, name_en, name_es, name_pt, name_zh").
		Where("lac = ?", true).Order("iso2").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the region's countries: %w", err)
	}
	out := make([]MapCountry, len(rows))
	for i, r := range rows {
		out[i] = MapCountry{ISO2: r.ISO2, Name: Localized{EN: r.NameEN, ES: r.NameES, PT: r.NamePT, ZH: r.NameZH}}
	}
	return out, nil
}
