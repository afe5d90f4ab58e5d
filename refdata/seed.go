// Package refdata loads Puente's reference data — countries, disciplines,
// priority areas, settings, institutions, funding channels and the study's
// indicators — from files embedded in the binary (see data/README.md).
package refdata

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/puente-science/puente/models"
)

// Result counts the rows Seed wrote (inserted or brought up to date), per
// table.
type Result struct {
	Countries           int
	Disciplines         int
	PriorityAreas       int
	AreaDisciplines     int
	Settings            int
	Institutions        int
	Channels            int
	ChannelProjectTypes int
	Indicators          int
	IndicatorValues     int
}

func (r Result) String() string {
	parts := []string{
		plural(r.Countries, "country", "countries"),
		plural(r.Disciplines, "discipline", "disciplines"),
		plural(r.PriorityAreas, "priority area", "priority areas"),
		plural(r.Settings, "setting", "settings"),
		plural(r.Institutions, "institution", "institutions"),
		plural(r.Channels, "channel", "channels"),
		plural(r.Indicators, "indicator", "indicators"),
		plural(r.IndicatorValues, "indicator value", "indicator values"),
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Seed loads the embedded reference data in one transaction. It is safe to
// run again: rows are matched by their natural keys (iso2, code, slug,
// ror_id, key; indicator values by country, indicator and year) and brought
// back to the embedded values, never duplicated. So the embedded values win
// over admins' edits of seeded rows, and the disciplines of a seeded area
// and the project types of a seeded channel are replaced by the file's;
// rows admins added themselves are left alone.
func Seed(ctx context.Context, s *models.Store) (Result, error) {
	var res Result
	// Parse everything before opening the transaction, so a bad data file
	// fails fast without holding SQLite's write lock.
	d, err := parse()
	if err != nil {
		return res, err
	}
	err = s.DB().WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		steps := []func(*gorm.DB, *data, *Result) error{
			seedCountries, seedDisciplines, seedPriorityAreas, seedSettings,
			seedInstitutions, seedChannels, seedIndicators,
		}
		for _, step := range steps {
			if err := step(tx, d, &res); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// data is the parsed content of the embedded files.
type data struct {
	countries   []models.Country
	disciplines []models.Discipline
	areas       []area
	settings    []models.Setting
	institutes  []institution
	channels    []channel
	indicators  []models.Indicator
	values      []models.CountryIndicator
}

func parse() (*data, error) {
	var (
		d   data
		err error
	)
	if d.countries, err = parseCountries(); err != nil {
		return nil, err
	}
	if d.disciplines, err = parseDisciplines(); err != nil {
		return nil, err
	}
	if err = readJSON("priority_areas.json", &d.areas); err != nil {
		return nil, err
	}
	if d.settings, err = parseSettings(); err != nil {
		return nil, err
	}
	if d.institutes, err = parseInstitutions(); err != nil {
		return nil, err
	}
	if d.channels, err = parseChannels(); err != nil {
		return nil, err
	}
	if d.indicators, err = parseIndicators(); err != nil {
		return nil, err
	}
	if d.values, err = parseIndicatorValues(); err != nil {
		return nil, err
	}
	return &d, nil
}

// upsertOn inserts rows, or on a clash of the natural key overwrites every
// column but the primary key and creation time with the embedded values.
func upsertOn(tx *gorm.DB, rows any, key ...string) *gorm.DB {
	cols := make([]clause.Column, len(key))
	for i, k := range key {
		cols[i] = clause.Column{Name: k}
	}
	return tx.Clauses(clause.OnConflict{Columns: cols, UpdateAll: true}).Create(rows)
}

func parseSettings() ([]models.Setting, error) {
	recs, err := readCSV("settings.csv", "key", "value")
	if err != nil {
		return nil, err
	}
	out := make([]models.Setting, 0, len(recs))
	for _, r := range recs {
		st := models.Setting{Key: r.required("key"), Value: r.required("value")}
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, st)
	}
	return out, nil
}

func seedSettings(tx *gorm.DB, d *data, res *Result) error {
	if err := upsertOn(tx, &d.settings, "key").Error; err != nil {
		return fmt.Errorf("refdata: unable to save settings: %w", err)
	}
	res.Settings = len(d.settings)
	return nil
}

// idsBy maps the natural keys of rows just upserted to their ids. Asking
// again works the same on both dialects, unlike relying on RETURNING after
// ON CONFLICT DO UPDATE.
func idsBy(tx *gorm.DB, table, key string, values []string) (map[string]int64, error) {
	var rows []struct {
		ID         int64
		NaturalKey string
	}
	err := tx.Table(table).Select("id, "+key+" AS natural_key").Where(key+" IN ?", values).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("refdata: unable to look up %s ids: %w", table, err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.NaturalKey] = r.ID
	}
	for _, v := range values {
		if _, ok := out[v]; !ok {
			return nil, fmt.Errorf("refdata: %s %q missing after saving it", table, v)
		}
	}
	return out, nil
}
