package refdata

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
)

// StudySource is the source every seeded indicator value carries: the study
// Puente is built from. Seed also uses it to recognise the rows it owns.
const StudySource = "Tong & Sun (2023), Expanding S&T cooperation with Latin America in the new era: a case study of CAS, ChinaXiv"

func parseIndicators() ([]models.Indicator, error) {
	recs, err := readCSV("indicators.csv", "code", "unit", "source_kind")
	if err != nil {
		return nil, err
	}
	out := make([]models.Indicator, 0, len(recs))
	for _, r := range recs {
		in := models.Indicator{Code: r.required("code"), Unit: r.required("unit"), SourceKind: r.required("source_kind")}
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, in)
	}
	return out, nil
}

func parseIndicatorValues() ([]models.CountryIndicator, error) {
	recs, err := readCSV("indicator_values.csv", "country_iso2", "indicator_code", "year", "value", "note")
	if err != nil {
		return nil, err
	}
	out := make([]models.CountryIndicator, 0, len(recs))
	seen := map[valueKey]bool{}
	for _, r := range recs {
		v := models.CountryIndicator{
			CountryISO2:   r.optional("country_iso2"),
			IndicatorCode: r.required("indicator_code"),
			Year:          r.integer("year"),
			Value:         r.float("value"),
			Source:        StudySource,
			Note:          r.optional("note"),
		}
		if seen[keyOf(v)] {
			r.fail("year", "a second value for %s in %d", v.IndicatorCode, v.Year)
		}
		seen[keyOf(v)] = true
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, v)
	}
	return out, nil
}

// valueKey is what the unique index country_indicators_country_indicator_year_key
// compares: the region (NULL country) is the empty string there too.
type valueKey struct {
	country, code string
	year          int
}

func keyOf(v models.CountryIndicator) valueKey {
	k := valueKey{code: v.IndicatorCode, year: v.Year}
	if v.CountryISO2 != nil {
		k.country = *v.CountryISO2
	}
	return k
}

func seedIndicators(tx *gorm.DB, d *data, res *Result) error {
	if err := upsertOn(tx, &d.indicators, "code").Error; err != nil {
		return fmt.Errorf("refdata: unable to save indicators: %w", err)
	}
	res.Indicators = len(d.indicators)
	n, err := saveIndicatorValues(tx, d.values)
	if err != nil {
		return err
	}
	res.IndicatorValues = n
	return nil
}

// saveIndicatorValues matches values by (country, indicator, year) by hand:
// the unique index is on an expression (COALESCE of the country), which
// ON CONFLICT can name on neither dialect through GORM. A row with the same
// key from another source is overwritten, as an upsert would; a row of the
// study that the file no longer has is deleted.
func saveIndicatorValues(tx *gorm.DB, values []models.CountryIndicator) (int, error) {
	codes := make([]string, 0, len(values))
	want := make(map[valueKey]models.CountryIndicator, len(values))
	for _, v := range values {
		codes = append(codes, v.IndicatorCode)
		want[keyOf(v)] = v
	}
	var existing []models.CountryIndicator
	err := tx.Where("indicator_code IN ? OR source = ?", codes, StudySource).Find(&existing).Error
	if err != nil {
		return 0, fmt.Errorf("refdata: unable to load indicator values: %w", err)
	}
	found := make(map[valueKey]bool, len(existing))
	var stale []int64
	for _, e := range existing {
		w, ok := want[keyOf(e)]
		switch {
		case !ok && e.Source == StudySource:
			stale = append(stale, e.ID)
		case !ok:
			// another source's value for a year the study does not cover
		case e.Value != w.Value || e.Source != w.Source || !sameNote(e.Note, w.Note):
			found[keyOf(e)] = true
			err := tx.Model(&models.CountryIndicator{}).Where("id = ?", e.ID).
				Updates(map[string]any{"value": w.Value, "source": w.Source, "note": w.Note}).Error
			if err != nil {
				return 0, fmt.Errorf("refdata: unable to update indicator value %s %d: %w", w.IndicatorCode, w.Year, err)
			}
		default:
			found[keyOf(e)] = true
		}
	}
	if len(stale) > 0 {
		if err := tx.Delete(&models.CountryIndicator{}, stale).Error; err != nil {
			return 0, fmt.Errorf("refdata: unable to delete outdated indicator values: %w", err)
		}
	}
	var fresh []models.CountryIndicator
	for _, v := range values {
		if !found[keyOf(v)] {
			fresh = append(fresh, v)
		}
	}
	if len(fresh) > 0 {
		if err := tx.Create(&fresh).Error; err != nil {
			return 0, fmt.Errorf("refdata: unable to save indicator values: %w", err)
		}
	}
	return len(values), nil
}

func sameNote(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
