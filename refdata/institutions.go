package refdata

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
)

// institution is an institution with its parent named by ROR id, since the
// parent's database id is only known once the parent is saved.
type institution struct {
	models.Institution
	parentROR string
}

func parseInstitutions() ([]institution, error) {
	recs, err := readCSV("institutions.csv", "ror_id", "name", "name_local", "country_iso2", "type",
		"own_institute", "parent_ror_id")
	if err != nil {
		return nil, err
	}
	out := make([]institution, 0, len(recs))
	for _, r := range recs {
		in := institution{
			Institution: models.Institution{
				Name:         r.required("name"),
				NameLocal:    r.optional("name_local"),
				CountryISO2:  r.required("country_iso2"),
				Type:         models.InstitutionType(r.required("type")),
				RORID:        r.optional("ror_id"),
				OwnInstitute: r.boolean("own_institute"),
			},
			parentROR: r.str("parent_ror_id"),
		}
		// ror_id is the upsert key: without it a second run would insert a
		// duplicate.
		if in.RORID == nil || !strings.HasPrefix(*in.RORID, "https://ror.org/") {
			r.fail("ror_id", "must be a full https://ror.org/ address")
		}
		if !in.Type.Valid() {
			r.fail("type", "unknown institution type %q", in.Type)
		}
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, in)
	}
	return out, nil
}

// seedInstitutions saves the institutions without a parent first, then
// their children pointing at them; the seed has one level of parents.
func seedInstitutions(tx *gorm.DB, d *data, res *Result) error {
	var roots, children []models.Institution
	var rootRORs []string
	for _, in := range d.institutes {
		if in.parentROR == "" {
			roots = append(roots, in.Institution)
			rootRORs = append(rootRORs, *in.RORID)
		}
	}
	if len(roots) > 0 {
		if err := upsertOn(tx, &roots, "ror_id").Error; err != nil {
			return fmt.Errorf("refdata: unable to save institutions: %w", err)
		}
	}
	parents, err := idsBy(tx, "institutions", "ror_id", rootRORs)
	if err != nil {
		return err
	}
	for _, in := range d.institutes {
		if in.parentROR == "" {
			continue
		}
		id, ok := parents[in.parentROR]
		if !ok {
			return fmt.Errorf("refdata: institution %s: parent %s is not a seeded top-level institution", in.Name, in.parentROR)
		}
		child := in.Institution
		child.ParentID = &id
		children = append(children, child)
	}
	if len(children) > 0 {
		if err := upsertOn(tx, &children, "ror_id").Error; err != nil {
			return fmt.Errorf("refdata: unable to save institutions: %w", err)
		}
	}
	res.Institutions = len(roots) + len(children)
	return nil
}
