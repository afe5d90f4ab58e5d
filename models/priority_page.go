package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// PriorityAreaPage is one priority area with its disciplines.
type PriorityAreaPage struct {
	ID            int64
	Slug          string
	Name          Localized
	Description   Localized
	TargetShareBP int
	Disciplines   []ListOption
}

// PriorityAreaBySlug loads a priority area and its disciplines (two
// statements); ErrNotFound for an unknown slug.
func (s *Store) PriorityAreaBySlug(ctx context.Context, slug string) (*PriorityAreaPage, error) {
	db := s.db.WithContext(ctx)
	var r priorityScan
	err := db.Table("priority_areas a").
		Select(`a.id, a.slug, a.name_en, a.name_es, a.name_pt, a.name_zh,
			a.description_en, a.description_es, a.description_pt, a.description_zh, a.target_share_bp`).
		Where("a.slug = ?", slug).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load priority area %q: %w", slug, err)
	}
	p := &PriorityAreaPage{ID: r.ID, Slug: r.Slug, Name: Localized{r.NameEN, r.NameES, r.NamePT, r.NameZH},
		Description:   Localized{deref(r.DescriptionEN), deref(r.DescriptionES), deref(r.DescriptionPT), deref(r.DescriptionZH)},
		TargetShareBP: r.TargetShareBP}
	var ds []disciplineScan
	err = db.Table("priority_area_disciplines pad").
		Select("d.code, d.level, d.name_en, d.name_es, d.name_pt, d.name_zh").
		Joins("JOIN disciplines d ON d.code = pad.discipline_code").
		Where("pad.priority_area_id = ?", r.ID).Order("d.code").Scan(&ds).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the disciplines of %q: %w", slug, err)
	}
	for _, d := range ds {
		p.Disciplines = append(p.Disciplines, ListOption{Value: d.Code, Level: d.Level, Name: Localized{d.NameEN, d.NameES, d.NamePT, d.NameZH}})
	}
	return p, nil
}
