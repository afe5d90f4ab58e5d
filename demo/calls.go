package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/puente-science/puente/models"
)

// call is a generated call, kept for the projects that answer it.
type call struct {
	id         int64
	ch         *channelRef
	year       int
	opens      time.Time
	closes     time.Time
	minReviews int
	freq       int // reporting frequency, months
	cap        int64
	weights    [4]int
	criteria   [4]int64
}

type callKey struct{ channel, year int }

// firstYear is the first portfolio year of generated projects.
const firstYear = 2014

var callZones = []string{"Asia/Shanghai", "America/Sao_Paulo", "America/Mexico_City", "America/Santiago", "America/Bogota"}

// rubric is the four criteria every demo call scores, with weight sets
// that each sum to 100.
var rubric = [4][4]string{
	{"Scientific merit", "Mérito científico", "Mérito científico", "科学价值"},
	{"Feasibility and team", "Viabilidad y equipo", "Viabilidade e equipe", "可行性与团队"},
	{"Strategic fit: priority countries and areas", "Pertinencia estratégica: países y áreas prioritarios", "Aderência estratégica: países e áreas prioritários", "战略契合度：重点国家与领域"},
	{"Cooperation and capacity building", "Cooperación y formación de capacidades", "Cooperação e formação de capacidades", "合作与能力建设"},
}

var rubricWeights = [][4]int{{40, 25, 20, 15}, {35, 25, 25, 15}, {30, 30, 20, 20}, {40, 20, 20, 20}}

// addCalls adds one or two calls per channel and year up to Now's year. Past
// calls are closed; in the current year three to five channels have a call
// open at Now (closing two to ten weeks later) and the others one that
// closed shortly before, so projects of every stage have a call.
func (g *generator) addCalls(b *batch) {
	r := setupRand(g.seed, 2)
	g.callsBy = map[callKey][]*call{}
	thisYear := g.now.Year()
	open := map[int]bool{}
	for _, j := range r.Perm(len(g.ref.channels))[:min(len(g.ref.channels), between(r, 3, 5))] {
		open[j] = true
	}
	for ci := range g.ref.channels {
		ch := &g.ref.channels[ci]
		for y := firstYear; y <= thisYear; y++ {
			loc := loadZone(oneOf(r, callZones))
			if y < thisYear {
				for k := range between(r, 1, 2) {
					opens := time.Date(y, time.Month(2+5*k), between(r, 1, 20), 9, 0, 0, 0, loc)
					closes := dayAt(opens.Add(days(r, 56, 84)), 17, loc)
					g.addCall(b, r, ch, y, k+1, opens, closes, loc)
				}
				continue
			}
			// Current year: a call that closed a little before Now …
			if !open[ci] || g.now.YearDay() > 120 {
				opens := g.now.Add(-days(r, 100, 120)).In(loc)
				closes := dayAt(g.now.Add(-days(r, 14, 28)), 17, loc)
				g.addCall(b, r, ch, y, 1, opens, closes, loc)
			}
			// … and, for some channels, one open at Now.
			if open[ci] {
				opens := g.now.Add(-days(r, 14, 56)).In(loc)
				closes := dayAt(g.now.Add(days(r, 14, 70)), 17, loc)
				g.addCall(b, r, ch, y, len(g.callsBy[callKey{ci, y}])+1, opens, closes, loc)
			}
		}
	}
}

func dayAt(t time.Time, hour int, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, loc)
}

func (g *generator) addCall(b *batch, r *rand.Rand, ch *channelRef, year, k int, opens, closes time.Time, loc *time.Location) {
	c := &call{id: g.ids.next(tCalls), ch: ch, year: year, opens: opens.UTC(), closes: closes.UTC(),
		minReviews: between(r, 2, 3), freq: oneOf(r, []int{6, 12}), weights: oneOf(r, rubricWeights)}
	for _, t := range ch.types {
		c.cap = max(c.cap, amountRange[t].hi)
	}
	g.calls = append(g.calls, c)
	key := callKey{ch.index, year}
	g.callsBy[key] = append(g.callsBy[key], c)

	status, version, published := "closed", int64(3), c.opens.Add(-days(r, 1, 10))
	updated := c.closes
	if c.closes.After(g.now) {
		status, version, updated = "published", 2, published
	}
	created := published.Add(-days(r, 10, 40))
	code := fmt.Sprintf("DEMO-%s-%s-%d-%d", g.tag, strings.ToUpper(ch.slug), year, k)
	n := ch.name
	b.add(tCalls, c.id, ch.id, code,
		fmt.Sprintf("%s %d, call %d", n.EN, year, k), fmt.Sprintf("%s: convocatoria %d-%d", n.ES, year, k),
		fmt.Sprintf("%s: chamada %d-%d", n.PT, year, k), fmt.Sprintf("%s %d年第%d批项目征集", n.ZH, year, k),
		callBody("en", ch, c), callBody("es", ch, c), callBody("pt", ch, c), callBody("zh", ch, c),
		c.opens, c.closes, loc.String(), c.cap, "CNY", int64(c.minReviews), int64(c.freq), status,
		oneOf(r, g.officers), created, updated, published, version)
	for _, t := range ch.types {
		b.add(tCallTypes, c.id, string(t))
	}
	g.highlight(b, r, c)
	for i := range 4 {
		c.criteria[i] = g.ids.next(tCriteria)
		nm := rubric[i]
		b.add(tCriteria, c.criteria[i], c.id, int64(i+1), nm[0], nm[1], nm[2], nm[3], nil, nil, nil, nil, int64(c.weights[i]))
	}
}

// highlight marks the countries and disciplines a call favours: the
// priority countries for bilateral money, the weaker-tie countries for
// talent exchange, a priority area's disciplines for thematic money.
func (g *generator) highlight(b *batch, r *rand.Rand, c *call) {
	var countries []string
	for _, w := range leadWeights {
		cty, ok := g.ref.countries[w.iso2]
		if !ok {
			continue
		}
		switch {
		case c.ch.slug == "bilateral-fund" && cty.Priority:
			countries = append(countries, w.iso2)
		case c.ch.slug == "lac-talent" && cty.Tier != nil && *cty.Tier != models.TierEstablished && chance(r, 0.5):
			countries = append(countries, w.iso2)
		}
	}
	for _, iso := range countries {
		b.add(tCallCountries, c.id, iso)
	}
	area := map[string]string{"biodiversity-fund": "biodiversity", "platform-construction": "space-atmosphere"}[c.ch.slug]
	if a := g.ref.areaBySlug[area]; a != nil {
		for _, w := range disciplineWeights {
			if a.disciplines[w.code] && g.ref.disciplines[w.code] {
				b.add(tCallDisciplines, c.id, w.code)
			}
		}
	}
}

var typeNames = map[string]map[models.ProjectType]string{
	"en": {"talent_exchange": "researcher exchanges", "joint_lab": "joint laboratories", "platform": "overseas platforms",
		"research_project": "cooperative research projects", "technology_transfer": "technology transfers", "dialogue": "think-tank dialogues"},
	"es": {"talent_exchange": "intercambios de investigadores", "joint_lab": "laboratorios conjuntos", "platform": "plataformas en el exterior",
		"research_project": "proyectos de investigación cooperativa", "technology_transfer": "transferencias tecnológicas", "dialogue": "diálogos entre centros de pensamiento"},
	"pt": {"talent_exchange": "intercâmbios de pesquisadores", "joint_lab": "laboratórios conjuntos", "platform": "plataformas no exterior",
		"research_project": "projetos de pesquisa cooperativa", "technology_transfer": "transferências de tecnologia", "dialogue": "diálogos entre think tanks"},
	"zh": {"talent_exchange": "人才交流", "joint_lab": "联合实验室", "platform": "海外平台",
		"research_project": "合作研究项目", "technology_transfer": "技术转移", "dialogue": "智库对话"},
}

func callBody(lang string, ch *channelRef, c *call) string {
	var kinds []string
	for _, t := range ch.types {
		kinds = append(kinds, typeNames[lang][t])
	}
	switch lang {
	case "es":
		return fmt.Sprintf("Se invita a presentar propuestas de %s con socios de América Latina y el Caribe. Cada propuesta recibe al menos %d evaluaciones; los proyectos aprobados informan cada %d meses.", strings.Join(kinds, ", "), c.minReviews, c.freq)
	case "pt":
		return fmt.Sprintf("Convidamos propostas de %s com parceiros da América Latina e do Caribe. Cada proposta recebe pelo menos %d avaliações; os projetos aprovados apresentam relatórios a cada %d meses.", strings.Join(kinds, ", "), c.minReviews, c.freq)
	case "zh":
		return fmt.Sprintf("现征集与拉丁美洲和加勒比伙伴合作的%s申请。每份申请至少由%d位专家评审；获批项目每%d个月提交一次进展报告。", strings.Join(kinds, "、"), c.minReviews, c.freq)
	}
	return fmt.Sprintf("Proposals are invited for %s with partners in Latin America and the Caribbean. Each proposal receives at least %d reviews; funded projects report every %d months.", strings.Join(kinds, ", "), c.minReviews, c.freq)
}

// loadZone returns the named zone; the demo imports time/tzdata, so this
// only fails on a misspelt name.
func loadZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}
