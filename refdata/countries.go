package refdata

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
)

func parseCountries() ([]models.Country, error) {
	recs, err := readCSV("countries.csv", "iso2", "iso3", "name_en", "name_es", "name_pt", "name_zh",
		"lac", "subregion", "sovereign", "administering_iso2", "prc_relations_since", "tier", "priority")
	if err != nil {
		return nil, err
	}
	out := make([]models.Country, 0, len(recs))
	for _, r := range recs {
		c := models.Country{
			ISO2:              r.required("iso2"),
			ISO3:              r.required("iso3"),
			Name:              names(r),
			LAC:               r.boolean("lac"),
			Subregion:         models.Subregion(r.required("subregion")),
			Sovereign:         r.boolean("sovereign"),
			AdministeringISO2: r.optional("administering_iso2"),
			PRCRelationsSince: r.optionalInt("prc_relations_since"),
			Priority:          r.boolean("priority"),
		}
		if !c.Subregion.Valid() {
			r.fail("subregion", "unknown subregion %q", c.Subregion)
		}
		// Only LAC countries have a cooperation tier; a partner such as
		// China has none, which the column records as NULL.
		if t := models.Tier(r.str("tier")); t != "" {
			if !t.Valid() {
				r.fail("tier", "unknown tier %q", t)
			}
			c.Tier = &t
		} else if c.LAC {
			r.fail("tier", "is blank for a LAC country")
		}
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, c)
	}
	return out, nil
}

// names reads the name_en … name_zh columns, all of which the reference
// tables require.
func names(r *record) models.Names {
	return models.Names{
		EN: r.required("name_en"), ES: r.required("name_es"),
		PT: r.required("name_pt"), ZH: r.required("name_zh"),
	}
}

func seedCountries(tx *gorm.DB, d *data, res *Result) error {
	if err := upsertOn(tx, &d.countries, "iso2").Error; err != nil {
		return fmt.Errorf("refdata: unable to save countries: %w", err)
	}
	res.Countries = len(d.countries)
	return nil
}
