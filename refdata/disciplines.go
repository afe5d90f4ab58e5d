package refdata

import (
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
)

func parseDisciplines() ([]models.Discipline, error) {
	recs, err := readCSV("disciplines.csv", "code", "parent_code", "name_en", "name_es", "name_pt", "name_zh")
	if err != nil {
		return nil, err
	}
	out := make([]models.Discipline, 0, len(recs))
	for _, r := range recs {
		dsc := models.Discipline{Code: r.required("code"), ParentCode: r.optional("parent_code"), Name: names(r)}
		pos, level, err := position(dsc.Code)
		if err != nil {
			r.fail("code", "%v", err)
		}
		dsc.Position, dsc.Level = pos, level
		if (level == 2) != (dsc.ParentCode != nil) ||
			(dsc.ParentCode != nil && !strings.HasPrefix(dsc.Code, *dsc.ParentCode+".")) {
			r.fail("parent_code", "does not match code %s", dsc.Code)
		}
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, dsc)
	}
	return out, nil
}

// position turns a FORD code into a sort key: the text "2.10" sorts before
// "2.9", the number 210 after 209. Fields get N*100, leaving room for up to
// 99 subfields each.
func position(code string) (pos, level int, err error) {
	field, sub, isSub := strings.Cut(code, ".")
	f, err := strconv.Atoi(field)
	if err != nil || f < 1 || f > 99 {
		return 0, 0, fmt.Errorf("%q is not a FORD code", code)
	}
	if !isSub {
		return f * 100, 1, nil
	}
	s, err := strconv.Atoi(sub)
	if err != nil || s < 1 || s > 99 {
		return 0, 0, fmt.Errorf("%q is not a FORD code", code)
	}
	return f*100 + s, 2, nil
}

func seedDisciplines(tx *gorm.DB, d *data, res *Result) error {
	// Fields go in before their subfields so that parent_code always points
	// at an existing row, whichever way the database checks foreign keys.
	var fields, subfields []models.Discipline
	for _, dsc := range d.disciplines {
		if dsc.Level == 1 {
			fields = append(fields, dsc)
		} else {
			subfields = append(subfields, dsc)
		}
	}
	for _, batch := range [][]models.Discipline{fields, subfields} {
		if len(batch) == 0 {
			continue
		}
		if err := upsertOn(tx, &batch, "code").Error; err != nil {
			return fmt.Errorf("refdata: unable to save disciplines: %w", err)
		}
	}
	res.Disciplines = len(d.disciplines)
	return nil
}
