package demo

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
)

// refs is the reference data the generator draws from, read once from the
// database. Slices are sorted by a natural key (never by id), so the same
// seed gives the same portfolio whatever order the rows were seeded in.
// The maps serve lookups only and are never iterated.
type refs struct {
	countries   map[string]models.Country // by iso2
	disciplines map[string]bool           // level-2 codes present
	areas       []areaRef                 // by position
	areaBySlug  map[string]*areaRef
	channels    []channelRef // by slug
	byType      map[models.ProjectType][]*channelRef
	byROR       map[string]instRef // short ROR id (01xqdxh54) → institution
	byName      map[string]instRef
	partners    map[string][]instRef // LAC institutions by country, by name
	own         []instRef            // the bureau's institutes, by name
	cas         *instRef             // the academy itself, when seeded
}

type areaRef struct {
	id          int64
	slug        string
	disciplines map[string]bool
}

type channelRef struct {
	id     int64
	slug   string
	name   models.Names
	stable bool
	types  []models.ProjectType
	index  int
}

type instRef struct {
	id      int64
	name    string
	country string
	typ     models.InstitutionType
}

var errNoRefData = errors.New("demo: reference data is missing; run 'puente seed' first")

func loadRefs(db *gorm.DB) (*refs, error) {
	r := &refs{
		countries: map[string]models.Country{}, disciplines: map[string]bool{},
		areaBySlug: map[string]*areaRef{}, byType: map[models.ProjectType][]*channelRef{},
		byROR: map[string]instRef{}, byName: map[string]instRef{}, partners: map[string][]instRef{},
	}
	var countries []models.Country
	if err := db.Order("iso2").Find(&countries).Error; err != nil {
		return nil, fmt.Errorf("demo: unable to load countries: %w", err)
	}
	for _, c := range countries {
		r.countries[c.ISO2] = c
	}
	var codes []string
	if err := db.Model(&models.Discipline{}).Where("level = 2").Order("position").Pluck("code", &codes).Error; err != nil {
		return nil, fmt.Errorf("demo: unable to load disciplines: %w", err)
	}
	for _, c := range codes {
		r.disciplines[c] = true
	}
	if err := r.loadAreas(db); err != nil {
		return nil, err
	}
	if err := r.loadChannels(db); err != nil {
		return nil, err
	}
	if len(r.countries) == 0 || len(r.disciplines) == 0 || len(r.channels) == 0 {
		return nil, errNoRefData
	}
	return r, r.loadInstitutions(db)
}

func (r *refs) loadAreas(db *gorm.DB) error {
	var areas []models.PriorityArea
	if err := db.Order("position, slug").Find(&areas).Error; err != nil {
		return fmt.Errorf("demo: unable to load priority areas: %w", err)
	}
	var links []models.PriorityAreaDiscipline
	if err := db.Find(&links).Error; err != nil {
		return fmt.Errorf("demo: unable to load priority area disciplines: %w", err)
	}
	r.areas = make([]areaRef, len(areas))
	for i, a := range areas {
		r.areas[i] = areaRef{id: a.ID, slug: a.Slug, disciplines: map[string]bool{}}
		for _, l := range links {
			if l.PriorityAreaID == a.ID {
				r.areas[i].disciplines[l.DisciplineCode] = true
			}
		}
		r.areaBySlug[a.Slug] = &r.areas[i]
	}
	return nil
}

// areaFor returns the priority area of a primary discipline: the topic's
// own area when it covers the discipline, else the first area that does.
func (r *refs) areaFor(code, preferred string) *areaRef {
	if a := r.areaBySlug[preferred]; a != nil && a.disciplines[code] {
		return a
	}
	for i := range r.areas {
		if r.areas[i].disciplines[code] {
			return &r.areas[i]
		}
	}
	return nil
}

func (r *refs) loadChannels(db *gorm.DB) error {
	var chans []models.FundingChannel
	if err := db.Where("active = ?", true).Order("slug").Find(&chans).Error; err != nil {
		return fmt.Errorf("demo: unable to load funding channels: %w", err)
	}
	var types []models.ChannelProjectType
	if err := db.Order("channel_id, project_type").Find(&types).Error; err != nil {
		return fmt.Errorf("demo: unable to load channel project types: %w", err)
	}
	r.channels = make([]channelRef, 0, len(chans))
	for _, c := range chans {
		ref := channelRef{id: c.ID, slug: c.Slug, name: c.Name, stable: c.StableMultiyear, index: len(r.channels)}
		for _, pt := range models.ProjectTypes { // fixed order, not the table's
			for _, t := range types {
				if t.ChannelID == c.ID && t.ProjectType == pt {
					ref.types = append(ref.types, pt)
				}
			}
		}
		if len(ref.types) > 0 {
			r.channels = append(r.channels, ref)
		}
	}
	for i := range r.channels {
		for _, t := range r.channels[i].types {
			r.byType[t] = append(r.byType[t], &r.channels[i])
		}
	}
	return nil
}

func (r *refs) channel(slug string) *channelRef {
	for i := range r.channels {
		if r.channels[i].slug == slug {
			return &r.channels[i]
		}
	}
	return nil
}

// loadInstitutions reads every institution, after the demo institutions
// have been added, and sorts them into the pools projects draw from.
func (r *refs) loadInstitutions(db *gorm.DB) error {
	var all []models.Institution
	if err := db.Order("name, id").Find(&all).Error; err != nil {
		return fmt.Errorf("demo: unable to load institutions: %w", err)
	}
	r.own, r.partners = nil, map[string][]instRef{}
	for _, in := range all {
		ref := instRef{id: in.ID, name: in.Name, country: in.CountryISO2, typ: in.Type}
		r.byName[in.Name] = ref
		if in.RORID != nil {
			r.byROR[shortROR(*in.RORID)] = ref
		}
		switch {
		case in.OwnInstitute && in.Type == models.InstitutionAcademy:
			r.cas = &ref
		case in.OwnInstitute:
			r.own = append(r.own, ref)
		case r.countries[in.CountryISO2].LAC:
			r.partners[in.CountryISO2] = append(r.partners[in.CountryISO2], ref)
		}
	}
	if len(r.own) == 0 {
		return fmt.Errorf("demo: no institute of the bureau's own (own_institute) is seeded: %w", errNoRefData)
	}
	return nil
}

func shortROR(id string) string {
	const prefix = "https://ror.org/"
	if len(id) > len(prefix) && id[:len(prefix)] == prefix {
		return id[len(prefix):]
	}
	return id
}
