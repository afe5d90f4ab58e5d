package refdata

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
)

// area is one entry of priority_areas.json.
type area struct {
	Slug          string            `json:"slug"`
	Position      int               `json:"position"`
	TargetShareBP int               `json:"target_share_bp"`
	Name          map[string]string `json:"name"`
	Description   map[string]string `json:"description"`
	Disciplines   []string          `json:"disciplines"`
}

func seedPriorityAreas(tx *gorm.DB, d *data, res *Result) error {
	rows := make([]models.PriorityArea, len(d.areas))
	slugs := make([]string, len(d.areas))
	for i, a := range d.areas {
		n, err := namesFrom(a.Name)
		if err != nil {
			return fmt.Errorf("refdata: priority area %q: %w", a.Slug, err)
		}
		rows[i] = models.PriorityArea{Slug: a.Slug, Name: n, Description: textsFrom(a.Description),
			TargetShareBP: a.TargetShareBP, Position: a.Position}
		slugs[i] = a.Slug
	}
	if err := upsertOn(tx, &rows, "slug").Error; err != nil {
		return fmt.Errorf("refdata: unable to save priority areas: %w", err)
	}
	ids, err := idsBy(tx, "priority_areas", "slug", slugs)
	if err != nil {
		return err
	}
	// The covered disciplines are replaced, not merged, so that a discipline
	// dropped from the file is dropped from the area too.
	areaIDs := make([]int64, 0, len(ids))
	var links []models.PriorityAreaDiscipline
	for _, a := range d.areas {
		areaIDs = append(areaIDs, ids[a.Slug])
		for _, code := range a.Disciplines {
			links = append(links, models.PriorityAreaDiscipline{PriorityAreaID: ids[a.Slug], DisciplineCode: code})
		}
	}
	if err := tx.Where("priority_area_id IN ?", areaIDs).Delete(&models.PriorityAreaDiscipline{}).Error; err != nil {
		return fmt.Errorf("refdata: unable to clear priority area disciplines: %w", err)
	}
	if len(links) > 0 {
		if err := tx.Create(&links).Error; err != nil {
			return fmt.Errorf("refdata: unable to save priority area disciplines: %w", err)
		}
	}
	res.PriorityAreas, res.AreaDisciplines = len(rows), len(links)
	return nil
}

// namesFrom reads a {"en": …, "es": …, "pt": …, "zh": …} object, all four
// required.
func namesFrom(m map[string]string) (models.Names, error) {
	for _, l := range models.Languages {
		if strings.TrimSpace(m[l]) == "" {
			return models.Names{}, fmt.Errorf("name in %q is missing", l)
		}
	}
	return models.Names{EN: m["en"], ES: m["es"], PT: m["pt"], ZH: m["zh"]}, nil
}

func textsFrom(m map[string]string) models.Texts {
	var t models.Texts
	for _, l := range models.Languages {
		t.Set(l, m[l])
	}
	return t
}
