package models

import (
	"context"
	"fmt"
)

// NamedCountry is a country for pickers.
type NamedCountry struct {
	ISO2 string
	Name Localized
	LAC  bool
}

// AllCountries lists every country, LAC first, for pickers.
func (s *Store) AllCountries(ctx context.Context) ([]NamedCountry, error) {
	var rows []struct {
		ISO2                           string
		NameEN, NameES, NamePT, NameZH string
		Lac                            bool
	}
	err := s.db.WithContext(ctx).Table("countries").
		Select("iso2, name_en, name_es, name_pt, name_zh, lac").Order("lac DESC, name_en").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list countries: %w", err)
	}
	out := make([]NamedCountry, len(rows))
	for i, r := range rows {
		out[i] = NamedCountry{ISO2: r.ISO2, Name: Localized{r.NameEN, r.NameES, r.NamePT, r.NameZH}, LAC: r.Lac}
	}
	return out, nil
}

// NamedInstitution is an institution for pickers.
type NamedInstitution struct {
	ID          int64
	Name        string
	CountryISO2 string
}

// AllInstitutions lists institutions by country and name, for pickers.
func (s *Store) AllInstitutions(ctx context.Context) ([]NamedInstitution, error) {
	var out []NamedInstitution
	err := s.db.WithContext(ctx).Table("institutions").Select("id, name, country_iso2").
		Order("country_iso2, name").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list institutions: %w", err)
	}
	return out, nil
}

// InstitutionExists reports whether an institution id is known.
func (s *Store) InstitutionExists(ctx context.Context, id int64) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Table("institutions").Where("id = ?", id).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: unable to look up institution: %w", err)
	}
	return n > 0, nil
}

// CountryExists reports whether a country code is known.
func (s *Store) CountryExists(ctx context.Context, iso2 string) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Table("countries").Where("iso2 = ?", iso2).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: unable to look up country: %w", err)
	}
	return n > 0, nil
}
