package demo

import (
	"fmt"
	"time"

	"github.com/puente-science/puente/models"
)

// generator holds what every generated project draws from.
type generator struct {
	ref   *refs
	seed  int64
	tag   string
	n     int
	now   time.Time
	staff staff
	ids   ids

	types  *weighted[models.ProjectType]
	disc   map[models.ProjectType]*weighted[string]
	topics map[string][]*topic
	leads  *weighted[string] // lead countries
	others *weighted[string] // further countries of a project
	years  *weighted[int]

	applicants map[string][]*person // by country
	reviewers  []int64
	officers   []int64
	directors  []int64
	calls      []*call
	callsBy    map[callKey][]*call
}

// prepare builds the weighted choices from the reference data present.
func (g *generator) prepare() error {
	g.topics = topicsByCode()
	g.leads, g.others = newWeighted[string](), newWeighted[string]()
	for _, w := range leadWeights {
		if g.leadOK(w.iso2) {
			g.leads.add(w.iso2, w.weight)
		}
		if _, ok := g.ref.countries[w.iso2]; ok {
			g.others.add(w.iso2, w.weight)
		}
	}
	if g.leads.empty() {
		return fmt.Errorf("demo: no Latin American country with a partner institution: %w", errNoRefData)
	}
	g.types = newWeighted[models.ProjectType]()
	g.disc = map[models.ProjectType]*weighted[string]{}
	for _, tw := range typeWeights {
		if len(g.ref.byType[tw.t]) == 0 {
			continue // no channel funds it
		}
		d := newWeighted[string]()
		for _, dw := range disciplineWeights {
			if g.ref.disciplines[dw.code] && len(g.topics[dw.code]) > 0 {
				d.add(dw.code, dw.weight*typeAffinity(tw.t, dw.code))
			}
		}
		if d.empty() {
			continue
		}
		g.types.add(tw.t, tw.w)
		g.disc[tw.t] = d
	}
	if g.types.empty() {
		return fmt.Errorf("demo: no funding channel funds a project type: %w", errNoRefData)
	}
	// The portfolio grows over the years.
	g.years = newWeighted[int]()
	for y := firstYear; y <= g.now.Year(); y++ {
		g.years.add(y, 1+0.1*float64(y-firstYear))
	}
	return nil
}

// typeAffinity steers disciplines by type: platforms observe the sky and
// the atmosphere, technology transfers are engineering, dialogues are
// about policy.
func typeAffinity(t models.ProjectType, code string) float64 {
	field := code[:1]
	switch t {
	case models.TypePlatform:
		return map[string]float64{"1.3": 1, "1.5": 1, "1.6": 0.3}[code]
	case models.TypeTechnologyTransfer:
		if field == "2" {
			return 3
		}
		return map[string]float64{"1.3": 0.5, "1.2": 1, "4.4": 1}[code]
	case models.TypeDialogue:
		if field == "5" {
			return 8
		}
		return 0.5
	}
	if field == "5" {
		return 0.3
	}
	return 1
}
